"""Shared fixtures: the bundled corpus, actual raw lines, and throwaway corpus copies."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from helpers.paths import ROOT

CORPUS = ROOT / "corpus"


@pytest.fixture(scope="session", autouse=True)
def _session_dirs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Module- and session-scoped fixtures are set up before :func:`_isolated_dirs` of
    their first test: they, too, write cache and results to temporary folders (one per
    test worker), never to the repository's ``cache/`` and ``results/``."""
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("POLICING_CORPUS_DIR", raising=False)
        patch.setenv("POLICING_CACHE_DIR", str(tmp_path_factory.mktemp("session_cache")))
        patch.setenv("POLICING_RESULTS_DIR", str(tmp_path_factory.mktemp("session_results")))
        yield


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path_factory: pytest.TempPathFactory,
                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests use the bundled corpus and write cache/results to a temporary folder."""
    monkeypatch.delenv("POLICING_CORPUS_DIR", raising=False)
    monkeypatch.setenv("POLICING_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.setenv("POLICING_RESULTS_DIR", str(tmp_path_factory.mktemp("results")))


def raw_file(prefix: str) -> Path:
    """The raw file whose name starts with ``prefix`` (e.g. ``"001"``)."""
    (path,) = sorted((CORPUS / "raw").glob(f"{prefix}_*.txt"))
    return path


@pytest.fixture
def raw_line() -> Callable[[str, int], str]:
    """``raw_line("001", 91)``: line 91 (1-based) of raw file 001, exactly as stored."""

    def get(prefix: str, line_no: int) -> str:
        return raw_file(prefix).read_text(encoding="utf-8").split("\n")[line_no - 1]

    return get


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    """A writable copy of the bundled corpus folder, for tests that break it."""
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    return target
