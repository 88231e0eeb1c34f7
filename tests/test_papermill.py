"""Notebook 03 through papermill with a K the rule would not pick (issue 12, item 8).

The historical failure: ``papermill notebooks/03_topic_models.ipynb out.ipynb -p K 6``
stopped with ``ValueError: cannot convert float NaN to integer``. Now every K from 3 to
15 runs to the end: a fit that does not converge is reported, claim checks about the
rule's K are skipped (``AT_RULE``), and labels are left out. This test runs the notebook
in-process with ``papermill.execute_notebook`` (kernel python3) on the bundled corpus, the
cache and results in temporary folders (tests/conftest.py). ``K_RANGE`` is ``[5, 7]``:
K = 6 lies outside it, so the path that fits a K the rule does not consider is run too,
with 3 K values instead of the default 10, and fewer, shorter fits (:data:`LIGHTER`): the
test's cost is notebook 03's K selection.
"""

from __future__ import annotations

import json

import pytest

from helpers.paths import ROOT

NOTEBOOK = ROOT / "notebooks" / "03_topic_models.ipynb"
#: Fewer and shorter fits than the notebook's defaults (5 seeds, 2 null shuffles, 500
#: sweeps, 2,000 bootstrap draws): what this test checks is the path a K off the rule
#: takes through the notebook, which does not depend on how long each fit runs, and the
#: defaults are what nbval executes. 3 seeds keep the spread across seeds (§5) defined.
LIGHTER = {"SEEDS": [20241109, 20241110, 20241111], "NULL_SHUFFLES": 1, "ITERATIONS": 100,
           "N_BOOT": 200}


def _cell(notebook: dict, start: str) -> dict:
    (cell,) = [c for c in notebook["cells"] if c["cell_type"] == "code"
               and "".join(c["source"]).startswith(start)]
    return cell


def _text(cell: dict) -> str:
    parts = []
    for output in cell.get("outputs", []):
        if "text" in output:
            parts.append("".join(output["text"]))
        elif "text/plain" in output.get("data", {}):
            parts.append("".join(output["data"]["text/plain"]))
    return "\n".join(parts)


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory) -> dict:
    papermill = pytest.importorskip("papermill")
    out = tmp_path_factory.mktemp("papermill") / "03_k6.ipynb"
    papermill.execute_notebook(str(NOTEBOOK), str(out),
                               parameters={"K": 6, "K_RANGE": [5, 7], **LIGHTER},
                               kernel_name="python3", cwd=str(NOTEBOOK.parent),
                               progress_bar=False)
    return json.loads(out.read_text(encoding="utf-8"))


def test_k6_runs_to_the_end(executed) -> None:
    assert executed["metadata"]["papermill"]["exception"] in (None, False)
    errors = [o for c in executed["cells"] for o in c.get("outputs", [])
              if o.get("output_type") == "error"]
    assert errors == []
    injected = [c for c in executed["cells"] if "injected-parameters" in
                c.get("metadata", {}).get("tags", [])]
    assert len(injected) == 1 and "K = 6" in "".join(injected[0]["source"])
    selection = _text(_cell(executed, "KS = sorted("))
    assert all(f"\n{k} " in selection for k in (5, 6, 7)), "6 is fitted beside K_RANGE"


def test_the_notebook_uses_k6(executed) -> None:
    chosen = _cell(executed, "rules = topics.k_rules(")
    assert _text(chosen).splitlines()[-1] == "6"
    fit = _cell(executed, "fit = topics.fit_topics(documents.tokens")
    assert _text(fit).startswith("(True, (6, ")  # the interpreted model has six topics


def test_convergence_is_reported_and_no_progress_bar_reaches_the_outputs(executed) -> None:
    note = _text(_cell(executed, "print(topics.convergence_note(selection.convergence))"))
    assert note.startswith("All ") or "did not converge" in note
    streams = [o for c in executed["cells"] for o in c.get("outputs", [])
               if o.get("output_type") == "stream" and o.get("name") == "stderr"]
    assert not any("fits" in "".join(o["text"]) or "\r" in "".join(o["text"])
                   for o in streams)


def test_the_committed_notebook_has_no_progress_bars() -> None:
    notebook = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    text = json.dumps([c.get("outputs", []) for c in notebook["cells"]])
    assert "tomotopy fits" not in text and "gensim fits" not in text and "it/s" not in text
