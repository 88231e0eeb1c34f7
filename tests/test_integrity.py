"""Raw files are never written; derived data is disposable; no pickles; seeds don't leak."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers.paths import ROOT, cache_dir
from helpers.text import corpus, segment
from tests.conftest import CORPUS


def raw_state() -> dict[str, tuple[str, int]]:
    return {p.name: (corpus.sha256_of(p), p.stat().st_mtime_ns)
            for p in sorted((CORPUS / "raw").iterdir())}


def test_pipeline_never_writes_raw_files(tmp_path: Path) -> None:
    before = raw_state()
    articles = corpus.load_articles()
    corpus.account_for_raw_text()
    segment.tokenize_paragraphs()
    segment.tokenize_paragraphs(stopwords=False, lexicon=False)
    assert raw_state() == before
    assert all(corpus.sha256_of(CORPUS / "raw" / f) == s
               for f, s in zip(articles.raw_file, articles.raw_sha256, strict=True))


def test_deleting_derived_data_is_safe() -> None:
    first = segment.tokenize_paragraphs()
    shutil.rmtree(cache_dir())
    assert not cache_dir().exists()
    assert segment.tokenize_paragraphs().tokens.tolist() == first.tokens.tolist()
    assert (cache_dir() / "tokens").is_dir()


def test_cache_entries_are_written_atomically() -> None:
    segment.tokenize_paragraphs()
    leftovers = [p for p in cache_dir().rglob("*") if p.name.endswith(".tmp")]
    assert not leftovers


def test_no_pickle_in_helpers() -> None:
    pattern = re.compile(r"^\s*(import|from)\s+(pickle|cPickle|dill|joblib|shelve)\b", re.M)
    offenders = [p.name for p in (ROOT / "helpers").glob("*.py")
                 if pattern.search(p.read_text(encoding="utf-8"))]
    assert not offenders, f"helpers must not pickle user data: {offenders}"


@pytest.mark.parametrize("notebook", ["00_corpus_tour.ipynb", "05_formulations.ipynb"])
def test_notebook_outputs_do_not_depend_on_hash_seed(notebook: str) -> None:
    path = ROOT / "notebooks" / notebook
    if not path.exists():
        pytest.skip(f"{notebook} not written yet")
    env = dict(os.environ, POLICING_KERNEL_HASHSEED="12345")
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:randomly",
                           str(path.relative_to(ROOT))], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:]
