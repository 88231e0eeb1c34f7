"""Process pools that start quickly and are safe inside a Jupyter kernel.

Input: the modules a pool's workers need. Output: a ``multiprocessing`` context for
``concurrent.futures.ProcessPoolExecutor``. Used by :func:`helpers.analysis.topics.fit_many`
(notebook 03, §3 and §6) and :mod:`helpers.scale`.

``fork`` is unsafe in a process with threads (a Jupyter kernel has several), so pools
used ``spawn``: every worker of every pool started a fresh interpreter and imported the
stack again (about 1.5 s of CPU per worker). Where the platform has it (Linux, macOS),
:func:`pool_context` returns the ``forkserver`` context instead: one single-threaded
server process is started the first time, imports ``preload`` once, and forks each
worker from itself, so a worker starts with those modules already imported. Elsewhere (Windows) it returns ``spawn``.

A forked worker has the server's environment, not the one of the process that made the
pool: :func:`project_environment` snapshots the project's own ``POLICING_*`` settings
(cache folder, cache switch …) and :func:`apply_environment`, called by the pool's
initializer, puts them into the worker, so a worker sees what a spawned one would.
Results never depend on the start method (each job is seeded on its own; tested).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Mapping, Sequence
from multiprocessing.context import BaseContext

#: Environment variables of the project (read by helpers.paths and the caches).
PREFIX = "POLICING_"
#: Modules the forkserver of this process preloads (every ``preload`` asked for).
_PRELOAD: set[str] = set()


def pool_context(preload: Sequence[str] = ()) -> BaseContext:
    """``forkserver`` (server preloaded with ``preload``) where available, else ``spawn``.

    The server is shared by every pool of this process; it preloads every module asked
    for by any call so far, when it starts (the first time a pool starts a worker).
    Modules asked for later are not in a running server: its workers import them
    themselves, as spawned ones would.
    """
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    _PRELOAD.update(preload)
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(sorted(_PRELOAD))
    return context


def project_environment() -> dict[str, str]:
    """The ``POLICING_*`` variables of this process (to hand to pool workers)."""
    return {k: v for k, v in os.environ.items() if k.startswith(PREFIX)}


def apply_environment(environment: Mapping[str, str]) -> None:
    """Make this process's ``POLICING_*`` variables exactly ``environment``."""
    for key in [k for k in os.environ if k.startswith(PREFIX) and k not in environment]:
        del os.environ[key]
    os.environ.update(environment)
