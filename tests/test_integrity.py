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


def test_a_cache_that_cannot_be_written_still_gives_the_value(monkeypatch) -> None:
    from helpers import cache

    def refuse(path, value):
        raise PermissionError(f"{path}: read-only")

    monkeypatch.setattr(cache, "write_json_atomic", refuse)
    assert cache.cached_json("probe", "k", lambda: [1, "二"]) == [1, "二"]
    assert not cache.entry_path("probe", "k").exists()


#: Modules allowed to import pickle, and why: nothing they pickle reaches the disk.
PICKLE_IN_MEMORY = {
    # a figure pickled to hash it (the cache key) and to copy it for its layout, in one
    # process; the cache holds PNG and JSON only
    "helpers/figures/figure_cache.py",
}


def test_no_pickle_in_helpers() -> None:
    pattern = re.compile(r"^\s*(import|from)\s+(pickle|cPickle|dill|joblib|shelve)\b", re.M)
    offenders = {p.relative_to(ROOT).as_posix() for p in (ROOT / "helpers").rglob("*.py")
                 if pattern.search(p.read_text(encoding="utf-8"))}
    assert offenders == PICKLE_IN_MEMORY, f"helpers must not pickle user data: {offenders}"
    for name in PICKLE_IN_MEMORY:
        source = (ROOT / name).read_text(encoding="utf-8")
        assert "pickle.dump(" not in source and "pickle.load(" not in source, name


def test_the_second_nbval_pass_runs_kernels_under_another_hash_seed() -> None:
    """``make test``'s second strict nbval pass re-executes every notebook and solution
    with the kernels' hash seed changed, so a notebook whose outputs depend on the order
    of a set or dict of strings fails it; the first pass runs them under seed 0."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    (seed,) = re.findall(r"^OTHER_HASHSEED := (\d+)$", makefile, re.M)
    assert seed != "0"
    passes = [line.strip() for line in makefile.splitlines()
              if re.search(r"\$\(BIN\)/pytest \$\(XDIST\)", line)]
    assert len(passes) == 2, passes
    assert "POLICING_KERNEL_HASHSEED" not in passes[0]
    assert "POLICING_KERNEL_HASHSEED=$(OTHER_HASHSEED)" in passes[1]
    assert passes[1].endswith("notebooks solutions")


@pytest.mark.parametrize("value", [None, "12345"])
def test_kernels_get_the_hash_seed_that_was_asked_for(value: str | None) -> None:
    env = {k: v for k, v in os.environ.items() if k != "POLICING_KERNEL_HASHSEED"}
    if value is not None:
        env["POLICING_KERNEL_HASHSEED"] = value
    done = subprocess.run([sys.executable, "-c", "from helpers.series.runner import KERNEL_ENV; "
                           "print(KERNEL_ENV['PYTHONHASHSEED'])"], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=True)
    assert done.stdout.strip() == (value or "0")


def test_longest_files_keep_their_place_in_the_xdist_queue(pytestconfig) -> None:
    """conftest.py's order (LONGEST_FIRST) is the queue order: xdist does not re-sort it."""
    pytest.importorskip("xdist")
    assert pytestconfig.option.loadscopereorder is False


def test_kernels_and_make_run_one_blas_thread_per_process() -> None:
    from helpers.series import runner

    assert {k: runner.KERNEL_ENV[k] for k in runner.SINGLE_THREADED} == runner.SINGLE_THREADED
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for name, value in runner.SINGLE_THREADED.items():
        assert f"export {name} := {value}" in makefile, name
