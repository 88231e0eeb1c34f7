"""The content-keyed cache of fitted topic tables (helpers.analysis.topics).

A cached fit must give exactly the tables a fresh fit gives (so notebooks are the same
warm or cold), must be bypassed by ``POLICING_TOPIC_CACHE=off`` and ``cache=False``, must
never pickle, and must rebuild an entry it cannot read. Every test has its own cache
folder (tests/conftest.py sets ``POLICING_CACHE_DIR``).
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest

from helpers.analysis import topics
from helpers.paths import cache_dir

THEMES = [["派出所", "民警", "社区", "巡逻"], ["数据", "平台", "智慧", "研判"],
          ["法治", "执法", "规范", "案件"]]


def corpus(n: int = 12) -> tuple[list[list[str]], object]:
    rng = np.random.default_rng(3)
    documents = [[str(w) for w in rng.choice(THEMES[i % 3], 16)] + [THEMES[(i + 1) % 3][0]]
                 for i in range(n)]
    return documents, topics.build_dictionary(documents, no_below=1, no_above=1.0)


def entries() -> list:
    return sorted((cache_dir() / "topics").glob("*.npz"))


def same(a: topics.TopicFit, b: topics.TopicFit) -> bool:
    return (a.topic_word.equals(b.topic_word) and a.doc_topic.equals(b.doc_topic)
            and a.topic_word.to_numpy().tobytes() == b.topic_word.to_numpy().tobytes()
            and a.doc_topic.to_numpy().tobytes() == b.doc_topic.to_numpy().tobytes()
            and a.converged == b.converged and a.trace.equals(b.trace))


@pytest.mark.parametrize("engine", ["tomotopy", "gensim"])
def test_cached_fit_is_identical_to_a_fresh_one(engine, monkeypatch) -> None:
    monkeypatch.delenv(topics.CACHE_ENV, raising=False)
    documents, dictionary = corpus()
    settings = {"iterations": 100} if engine == "tomotopy" else {"passes": 5}
    fresh = topics.fit_topics(documents, dictionary, 3, engine=engine, seed=2, cache=False,
                              **settings)
    assert entries() == []
    first = topics.fit_topics(documents, dictionary, 3, engine=engine, seed=2, **settings)
    assert len(entries()) == 1
    second = topics.fit_topics(documents, dictionary, 3, engine=engine, seed=2, **settings)
    assert isinstance(second.model, topics.CachedModel)  # read back, not refitted
    assert same(fresh, first) and same(fresh, second)
    assert np.allclose(second.model.alpha, np.broadcast_to(fresh.model.alpha, (3,)))


@pytest.mark.parametrize("value", ["off", "0", "false", "OFF"])
def test_environment_variable_switches_the_cache_off(value, monkeypatch) -> None:
    monkeypatch.setenv(topics.CACHE_ENV, value)
    documents, dictionary = corpus()
    topics.fit_topics(documents, dictionary, 2, engine="tomotopy", iterations=50)
    assert entries() == [] and not topics.cache_enabled()
    assert topics.cache_enabled(True)  # the argument wins over the variable


def test_entries_are_plain_arrays_and_a_corrupt_one_is_rebuilt(monkeypatch) -> None:
    monkeypatch.delenv(topics.CACHE_ENV, raising=False)
    documents, dictionary = corpus()
    fresh = topics.fit_topics(documents, dictionary, 3, engine="tomotopy", iterations=60)
    (path,) = entries()
    with np.load(path, allow_pickle=False) as entry:  # no object arrays: no pickle
        assert {"topic_word", "doc_topic", "alpha", "converged"} <= set(entry.files)
        assert all(entry[name].dtype != object for name in entry.files)
    path.write_bytes(b"not an npz file")
    rebuilt = topics.fit_topics(documents, dictionary, 3, engine="tomotopy", iterations=60)
    assert not isinstance(rebuilt.model, topics.CachedModel) and same(fresh, rebuilt)
    with np.load(path, allow_pickle=False) as entry:  # the entry was written again
        assert np.array_equal(entry["topic_word"], fresh.topic_word.to_numpy())
    assert not list(path.parent.glob("*.tmp"))  # atomic writes leave no temporary file


def test_the_key_changes_with_documents_dictionary_settings_and_versions(monkeypatch) -> None:
    documents, dictionary = corpus()
    base = topics.fit_key(documents, dictionary, "tomotopy", {"k": 3, "seed": 1})
    assert base == topics.fit_key(documents, dictionary, "tomotopy", {"seed": 1, "k": 3})
    other_docs = [*documents[:-1], documents[-1][::-1]]
    smaller = topics.build_dictionary(documents[:6], no_below=1, no_above=1.0)
    assert len({base, topics.fit_key(other_docs, dictionary, "tomotopy", {"k": 3, "seed": 1}),
                topics.fit_key(documents, smaller, "tomotopy", {"k": 3, "seed": 1}),
                topics.fit_key(documents, dictionary, "gensim", {"k": 3, "seed": 1}),
                topics.fit_key(documents, dictionary, "tomotopy", {"k": 3, "seed": 2})}) == 5
    monkeypatch.setattr(topics, "library_versions", lambda: {"gensim": "0"})
    assert topics.fit_key(documents, dictionary, "tomotopy", {"k": 3, "seed": 1}) != base


def test_k_selection_tables_are_identical_cold_warm_and_uncached(monkeypatch) -> None:
    monkeypatch.delenv(topics.CACHE_ENV, raising=False)
    documents, dictionary = corpus(15)
    frame = pd.DataFrame({"doc_id": [f"a{i % 3}:{i}" for i in range(15)],
                          "article_id": [f"a{i % 3}" for i in range(15)],
                          "tokens": documents})
    def run(cache):
        return topics.k_selection(frame, dictionary, [2, 3], seeds=[1, 2], null_shuffles=1,
                                  iterations=40, cache=cache)
    off, cold, warm = run(False), run(None), run(None)
    assert len(entries()) == 2 * 2 * 3  # K × seeds × (all, held-out, null)
    for table in ("runs", "scores", "convergence"):
        assert getattr(off, table).equals(getattr(cold, table))
        assert getattr(off, table).equals(getattr(warm, table))
    assert topics.k_rules(off.runs).equals(topics.k_rules(warm.runs))
    for key, fit in off.fits.items():
        assert fit.topic_word.equals(warm.fits[key].topic_word)
        assert fit.trace.equals(warm.fits[key].trace)


def test_fit_many_reads_cached_jobs_here_and_sends_only_the_rest_to_the_pool(monkeypatch
                                                                              ) -> None:
    """With workers=2 and a warm cache no process is started; with one job missing only
    that job is fitted; the results are those of an uncached run, in the order of jobs."""
    monkeypatch.delenv(topics.CACHE_ENV, raising=False)
    documents, dictionary = corpus()
    jobs = [topics.FitJob("all", k, seed) for k in (2, 3) for seed in (1, 2)]

    def run(cache, workers=2):
        return topics.fit_many(jobs, {"all": documents}, dictionary, iterations=30,
                               workers=workers, cache=cache)

    off = run(False, workers=1)
    cold = run(None)  # a pool of two processes fits all four
    pools = []
    monkeypatch.setattr(topics, "ProcessPoolExecutor",
                        lambda *a, **k: pools.append(1) or pytest.fail("a pool was started"))
    warm = run(None)
    missing = entries()[0]
    missing.unlink()
    fitted = []
    real_run_job = topics._run_job
    monkeypatch.setattr(topics, "_run_job", lambda job: fitted.append(job) or real_run_job(job))
    one_missing = run(None)
    assert pools == [] and len(fitted) == 1, "only the missing job is fitted, here"
    for results in (cold, warm, one_missing):
        assert [r.job for r in results] == jobs
        for a, b in zip(off, results, strict=True):
            assert a.topic_word.equals(b.topic_word) and a.doc_topic.equals(b.doc_topic)
            assert a.scores == b.scores and a.trace.equals(b.trace)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal(monkeypatch) -> None:
    documents, dictionary = corpus()
    jobs = [topics.FitJob("all", 2, seed) for seed in (1, 2, 3)]
    quiet = io.StringIO()  # what a notebook kernel's stderr looks like: not a terminal
    monkeypatch.setattr("sys.stderr", quiet)
    topics.fit_many(jobs, {"all": documents}, dictionary, iterations=20, cache=False)
    assert quiet.getvalue() == ""
    terminal = _Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    topics.fit_many(jobs, {"all": documents}, dictionary, iterations=20, cache=False)
    assert "tomotopy fits" in terminal.getvalue()
    assert topics._progress(3, "x", False) is None


def test_cached_coherence_is_identical_and_can_be_bypassed(monkeypatch) -> None:
    monkeypatch.delenv(topics.CACHE_ENV, raising=False)
    documents, dictionary = corpus()
    phi = topics.fit_topics(documents, dictionary, 3, engine="tomotopy", iterations=60,
                            cache=False).topic_word
    fresh = topics.coherence(phi, documents, dictionary, per_topic=True, cache=False)
    assert entries() == []
    cold = topics.coherence(phi, documents, dictionary, per_topic=True)
    warm = topics.coherence(phi, documents, dictionary, per_topic=True)
    assert len(entries()) == 1 and fresh.equals(cold) and fresh.equals(warm)
    assert topics.coherence(phi, documents, dictionary).equals(
        topics.coherence(phi, documents, dictionary, cache=False))
