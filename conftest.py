"""Repository-wide pytest setup, loaded for every test path (tests/ and notebooks/).

nbval starts one kernel per notebook from this process, and a kernel inherits the
environment of the moment it starts. While a notebook's cells run, the
environment is set to ``helpers.series.runner.KERNEL_ENV`` (hash seed 0, matplotlib's
headless inline backend), so that a bare ``pytest`` re-executes notebooks under
the same conditions as ``make run`` and ``make notebooks``. Everything else
(unit tests) keeps the caller's environment (``MPLBACKEND=Agg`` from make).
"""

from __future__ import annotations

import os
from collections.abc import Generator

import pytest

from helpers.paths import ROOT
from helpers.series.runner import KERNEL_ENV
from helpers.text.corpus import sha256_of

os.environ["PYTHONHASHSEED"] = KERNEL_ENV["PYTHONHASHSEED"]  # harmless for unit tests


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Generator:
    """Give notebook kernels (started during an nbval cell's setup) the kernel env."""
    if item.path.suffix != ".ipynb":
        return (yield)
    saved = {key: os.environ.get(key) for key in KERNEL_ENV}
    os.environ.update(KERNEL_ENV)
    try:
        return (yield)
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


# --------------------------------------------------------------------------- integrity
_RAW_BEFORE: dict[str, tuple[str, int]] = {}


def _raw_state() -> dict[str, tuple[str, int]]:
    raw = ROOT / "corpus" / "raw"
    return {p.name: (sha256_of(p), p.stat().st_mtime_ns) for p in sorted(raw.iterdir())}


def pytest_sessionstart(session: pytest.Session) -> None:
    """Record every raw file's sha256 and mtime before any test or notebook runs."""
    _RAW_BEFORE.update(_raw_state())


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the session if anything (a helper, a notebook) wrote to corpus/raw/."""
    after = _raw_state()
    if after != _RAW_BEFORE:
        changed = sorted(set(after) ^ set(_RAW_BEFORE) | {
            k for k in after if k in _RAW_BEFORE and after[k] != _RAW_BEFORE[k]})
        session.config.get_terminal_writer().line(
            f"corpus/raw was modified during the test session: {changed}", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


# --------------------------------------------------------------------------- scheduling
#: Test files that take longest, longest first (seconds per file in one `make test` pass
#: on 2 cores, 2026-12-02, fifth session: 49, 39, 29, 29, 26, 26, 22 with Chromium, 14,
#: 13, 11, 11, 9). ``--dist loadscope`` hands whole files to free workers in queue order,
#: so these go first and the many short files fill in behind them; started late, a long
#: file keeps one core busy alone at the end. Only the order of files changes: the cells
#: of a notebook stay in order, and any order is a valid one. pytest-xdist (3.x) would
#: otherwise re-sort the queue by the number of tests in each file, which puts every
#: notebook (one test per cell) before a file of two long tests (measured: the any-corpus
#: series test, 49 s, then started last, at 139 s of a 200 s pass):
#: :func:`pytest_configure` turns that off, as ``--no-loadscope-reorder`` does.
LONGEST_FIRST = ("tests/test_any_corpus_series.py", "notebooks/03_", "tests/test_scale.py",
                 "tests/test_runner.py", "tests/test_papermill.py", "solutions/03_",
                 "tests/test_book.py", "tests/test_segment.py", "notebooks/06_",
                 "notebooks/04_", "tests/test_tomotopy_isa.py", "notebooks/02_")


def pytest_configure(config: pytest.Config) -> None:
    """Keep the queue order of :data:`LONGEST_FIRST` under ``--dist loadscope``."""
    if hasattr(config.option, "loadscopereorder"):
        config.option.loadscopereorder = False


def _rank(item: pytest.Item) -> int:
    path = item.path.relative_to(ROOT).as_posix() if item.path.is_relative_to(ROOT) else ""
    return next((i for i, prefix in enumerate(LONGEST_FIRST) if path.startswith(prefix)),
                len(LONGEST_FIRST))


def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config,
                                  items: list[pytest.Item]) -> None:
    """Longest files first (:data:`LONGEST_FIRST`); a stable sort keeps every other order."""
    items.sort(key=_rank)
