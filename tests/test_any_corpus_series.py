"""The whole series runs on a user's corpus: a folder of 30 ``.txt`` files.

The folder is built by :func:`helpers.synthetic.remix_folder` from the bundled
paragraphs re-mixed into invented articles (UTF-8, UTF-8 with BOM, GBK, CRLF, one
traditional-script file) with a ``metadata.csv`` that carries a column of the user's
own. It loads with one call, and ``python -m helpers.series.runner --quick`` — what
``make run CORPUS=folder QUICK=1`` calls — executes every notebook on it without an
error. ``--quick`` (``runner.QUICK``) runs fewer seeds, sweeps and resamples and changes
no threshold, K or corpus setting, so every code path of a full run is taken; full
parameters are what nbval runs on the bundled corpus (notebook 03 alone took 61 s of
this test's 73 s with them, 2 cores). Nothing the
notebooks *print or show* may name a bundled article id or locality: on another corpus,
the bundled corpus's facts must not be presented as results.
"""

from __future__ import annotations

import os
import re
import warnings
from pathlib import Path

import nbformat
import pytest

from helpers import synthetic
from helpers.paths import ROOT
from helpers.series import runner
from helpers.text import corpus

N_ARTICLES = 30  # more than the 12 panels a small-multiples figure draws (02)
#: Body paragraphs per article: 166 paragraphs in all, about the bundled corpus's 139, so
#: the series costs about what it costs on the bundled corpus (with 6–14 per article,
#: twice as many, notebook 03's fits made this test the slowest of the suite).
PER_ARTICLE = (4, 7)


@pytest.fixture(scope="module")
def user_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("user") / "my_texts"
    synthetic.remix_folder(corpus.load_paragraphs(ROOT / "corpus"), folder,
                           n_articles=N_ARTICLES, per_article=PER_ARTICLE)
    return folder


def test_the_folder_loads_with_one_call(user_corpus: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the traditional-script file warns, as it should
        articles = corpus.load_articles(user_corpus)
    assert len(articles) == N_ARTICLES
    assert articles.article_id.is_unique
    assert set(articles.coder) == {"A", "B"}, "the user's own column travels"
    assert articles.title.str.startswith("合成文章").all()
    assert (articles.n_chars > 200).all()


def bundled_names() -> set[str]:
    """Article ids and English locality names of the bundled corpus (what must not leak).

    Chinese place names are left out: the user corpus is re-mixed from the bundled
    paragraphs, so its *text* legitimately contains them (a KWIC line may show 黄山).
    Ids and English names exist only in the bundled manifest, so seeing them in an
    output on another corpus means a bundled fact was presented as a result.
    """
    manifest = corpus.load_manifest(ROOT / "corpus")
    names = set(manifest.article_id) | {str(v) for v in manifest.locality.dropna()} | {"Xinhua"}
    return {n for n in names if len(n) >= 4} - {"National"}


def shown_text(nb: nbformat.NotebookNode) -> str:
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            parts.append(out.get("text", ""))
            for mime in ("text/plain", "text/html", "text/markdown"):
                value = out.get("data", {}).get(mime, "")
                parts.append("".join(value) if isinstance(value, list) else value)
    return "\n".join(parts)


def test_every_notebook_runs_on_the_user_corpus(user_corpus: Path, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "results"
    monkeypatch.setenv("POLICING_CORPUS_DIR", str(user_corpus))
    monkeypatch.setenv("POLICING_RESULTS_DIR", str(out))
    # --no-html: the pages are tested on the bundled notebooks (test_runner, test_book);
    # here the outputs are what is checked, and seven exports cost ~6 s of CPU.
    status = runner.main(["--quick", "--no-html", "--jobs", str(min(2, os.cpu_count() or 1))])
    summary = (out / "run_summary.csv").read_text(encoding="utf-8")
    assert status == 0, summary
    assert str(user_corpus) in summary, "run_summary.csv must name the corpus that ran"
    assert "SEEDS=SEEDS[:3]" in summary, "run_summary.csv must say --quick parameters ran"
    leaks = {}
    names = bundled_names()
    pattern = re.compile("|".join(sorted(map(re.escape, names), key=len, reverse=True)))
    for path in sorted((out / "notebooks").glob("*.ipynb")):
        found = sorted(set(pattern.findall(shown_text(nbformat.read(path, as_version=4)))))
        if found:
            leaks[path.name] = found
    assert not leaks, f"bundled-corpus names in outputs on a user's corpus: {leaks}"
