"""House rules for the tutorial notebooks (``notebooks/NN_*.ipynb``).

* each notebook has a jupytext ``.py:percent`` pair that is in sync with it
  (``make sync`` / ``make notebooks`` fix a stale pair);
* code cells are short (at most 15 lines) and never touch ``sys.path``
  (``helpers`` is an installed package);
* the stored outputs come from one clean top-to-bottom run: execution counts
  are exactly 1..n in cell order (``make notebooks`` produces that);
* no stored output is a stderr stream (warnings and log noise belong nowhere
  in a committed notebook, and nbval would compare them).

With no notebooks yet, the tests are skipped.
"""

from __future__ import annotations

from pathlib import Path

import jupytext
import nbformat
import pytest

from helpers.paths import ROOT

NOTEBOOKS_DIR = ROOT / "notebooks"
MAX_CELL_LINES = 15

SOLUTIONS_DIR = ROOT / "solutions"  # worked solutions follow the same house rules
NOTEBOOKS = sorted([*NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb"),
                    *SOLUTIONS_DIR.glob("[0-9][0-9]_*.ipynb")])
SCRIPTS = sorted([*NOTEBOOKS_DIR.glob("[0-9][0-9]_*.py"), *SOLUTIONS_DIR.glob("[0-9][0-9]_*.py")])

_no_notebooks = pytest.mark.skipif(not NOTEBOOKS, reason="no notebooks/NN_*.ipynb yet")
each_notebook = pytest.mark.parametrize(
    "ipynb",
    NOTEBOOKS or [pytest.param(None, marks=_no_notebooks)],
    ids=[p.name for p in NOTEBOOKS] or ["no-notebooks"],
)


def code_cells(nb: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    return [cell for cell in nb.cells if cell.cell_type == "code"]


def read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


@each_notebook
def test_paired_script_exists_and_is_in_sync(ipynb: Path) -> None:
    script = ipynb.with_suffix(".py")
    assert script.is_file(), f"{script.name} missing: run `make sync`"
    expected = jupytext.writes(jupytext.read(ipynb), fmt="py:percent")
    assert script.read_text(encoding="utf-8") == expected, (
        f"{script.name} is out of sync with {ipynb.name}: run `make sync`"
    )


@each_notebook
def test_code_cells_are_short_and_leave_sys_path_alone(ipynb: Path) -> None:
    for number, cell in enumerate(read(ipynb).cells, start=1):
        if cell.cell_type != "code":
            continue
        n_lines = len(cell.source.splitlines())
        assert n_lines <= MAX_CELL_LINES, (
            f"{ipynb.name} cell {number}: {n_lines} lines (max {MAX_CELL_LINES}); "
            "split it or move code into helpers/"
        )
        assert "sys.path" not in cell.source, (
            f"{ipynb.name} cell {number}: uses sys.path; import from the installed helpers package"
        )


@each_notebook
def test_execution_counts_are_one_to_n(ipynb: Path) -> None:
    cells = [cell for cell in code_cells(read(ipynb)) if cell.source.strip()]
    counts = [cell.execution_count for cell in cells]
    assert counts == list(range(1, len(cells) + 1)), (
        f"{ipynb.name}: execution counts {counts} are not 1..{len(cells)}; run `make notebooks`"
    )


@each_notebook
def test_no_stderr_outputs(ipynb: Path) -> None:
    for number, cell in enumerate(read(ipynb).cells, start=1):
        for output in cell.get("outputs", []):
            is_stderr = output.get("output_type") == "stream" and output.get("name") == "stderr"
            assert not is_stderr, (
                f"{ipynb.name} cell {number} stores stderr output: {output.get('text', '')[:200]!r}"
            )


@pytest.mark.skipif(not SCRIPTS, reason="no notebooks/NN_*.py yet")
def test_every_script_has_its_notebook() -> None:
    orphans = [p.name for p in SCRIPTS if not p.with_suffix(".ipynb").is_file()]
    assert orphans == [], f"paired scripts without a notebook: {orphans}; run `make sync`"
