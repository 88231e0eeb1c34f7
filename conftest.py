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
