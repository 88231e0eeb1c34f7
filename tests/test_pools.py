"""helpers.pools: forkserver pools whose workers see the caller's POLICING_* settings.

A forked worker inherits the environment of the forkserver, which is whatever the first
pool of this process found; the initializer must give it the caller's settings of now,
or a fit made in a pool would write its cache entry into an earlier test's (or an earlier
notebook cell's) cache folder.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from helpers import pools
from helpers.analysis import topics
from tests.test_topic_cache import corpus

FORKSERVER = "forkserver" in multiprocessing.get_all_start_methods()


def test_forkserver_where_the_platform_has_it() -> None:
    method = pools.pool_context().get_start_method()
    assert method == ("forkserver" if FORKSERVER else "spawn")


@pytest.mark.skipif(not FORKSERVER, reason="spawned workers get the caller's environment")
def test_workers_see_the_callers_settings_not_the_servers(monkeypatch) -> None:
    context = pools.pool_context(["helpers.pools"])
    seen = []
    for value in ("first", "second"):
        monkeypatch.setenv("POLICING_POOL_TEST", value)
        with ProcessPoolExecutor(1, mp_context=context, initializer=pools.apply_environment,
                                 initargs=(pools.project_environment(),)) as pool:
            seen.append(pool.submit(os.getenv, "POLICING_POOL_TEST").result())
        with ProcessPoolExecutor(1, mp_context=context) as bare:  # what the fix is for
            seen.append(bare.submit(os.getenv, "POLICING_POOL_TEST").result())
    assert seen[0::2] == ["first", "second"]
    assert seen[3] != "second", "without the initializer a worker keeps the server's value"
    monkeypatch.delenv("POLICING_POOL_TEST")
    with ProcessPoolExecutor(1, mp_context=context, initializer=pools.apply_environment,
                             initargs=(pools.project_environment(),)) as pool:
        assert pool.submit(os.getenv, "POLICING_POOL_TEST").result() is None


def test_fits_in_a_pool_write_to_the_cache_folder_of_the_call(tmp_path: Path,
                                                              monkeypatch) -> None:
    monkeypatch.delenv(topics.CACHE_ENV, raising=False)
    documents, dictionary = corpus()
    jobs = [topics.FitJob("all", 2, seed) for seed in (1, 2)]
    for name in ("one", "two"):
        monkeypatch.setenv("POLICING_CACHE_DIR", str(tmp_path / name))
        topics.fit_many(jobs, {"all": documents}, dictionary, iterations=20, workers=2)
    assert [len(list((tmp_path / n / "topics").glob("*.npz"))) for n in ("one", "two")] == [2, 2]
