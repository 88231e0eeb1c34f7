"""DMR topics with covariates (helpers.analysis.dmr): reproducible, sensible prevalence."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from helpers.analysis import dmr

K = 3


@pytest.fixture(scope="module")
def corpus() -> tuple[pd.Series, list[str]]:
    """60 documents of 50 tokens, 20 per level "a", "b", "c"; each level mostly (80 %)
    one planted topic; every topic has its own 10 words."""
    rng = np.random.default_rng(7)
    vocab = [[f"t{t}w{w}" for w in range(10)] for t in range(K)]
    mix = {"a": [0.8, 0.1, 0.1], "b": [0.1, 0.8, 0.1], "c": [0.1, 0.1, 0.8]}
    docs, labels = [], []
    for i in range(60):
        label = "abc"[i % 3]
        topics = rng.choice(K, size=50, p=mix[label])
        docs.append([vocab[t][rng.integers(10)] for t in topics])
        labels.append(label)
    return pd.Series(docs, index=pd.Index([f"doc{i:02d}" for i in range(60)], name="doc")), labels


@pytest.fixture(scope="module")
def fits(corpus):
    docs, labels = corpus
    return [dmr.fit(docs, labels, k=K, seed=s, iterations=200) for s in (1, 2, 3)]


def test_same_seed_same_arrays_other_seed_differs(corpus, fits):
    docs, labels = corpus
    again = dmr.fit(docs, labels, k=K, seed=1, iterations=200)
    pd.testing.assert_frame_equal(again.doc_topics, fits[0].doc_topics)
    pd.testing.assert_frame_equal(again.topic_word, fits[0].topic_word)
    pd.testing.assert_frame_equal(again.lambdas, fits[0].lambdas)
    assert again.log_likelihood == fits[0].log_likelihood
    assert not np.array_equal(fits[1].doc_topics.to_numpy(), fits[0].doc_topics.to_numpy())


_FRESH_PROCESS = """
import hashlib, numpy as np
from helpers.analysis import dmr
rng = np.random.default_rng(11)
docs = [[f"w{rng.integers(30)}" for _ in range(30)] for _ in range(30)]
labels = [str(i % 2) for i in range(30)]
fit = dmr.fit(docs, labels, k=3, seed=5, iterations=100)
print(hashlib.sha256(fit.doc_topics.to_numpy().tobytes()
                     + fit.lambdas.to_numpy().tobytes()).hexdigest())
"""


def test_same_seed_same_arrays_in_a_fresh_process():
    fresh = subprocess.run([sys.executable, "-c", _FRESH_PROCESS], capture_output=True,
                           text=True, check=True, cwd=Path(__file__).resolve().parents[1]
                           ).stdout.strip()
    rng = np.random.default_rng(11)
    docs = [[f"w{rng.integers(30)}" for _ in range(30)] for _ in range(30)]
    fit = dmr.fit(docs, [str(i % 2) for i in range(30)], k=3, seed=5, iterations=100)
    here = hashlib.sha256(fit.doc_topics.to_numpy().tobytes()
                          + fit.lambdas.to_numpy().tobytes()).hexdigest()
    assert fresh == here


def test_layout(corpus, fits):
    docs, _ = corpus
    f = fits[0]
    assert list(f.topic_words.columns) == ["topic", "rank", "term", "weight"]
    assert f.topic_words.groupby("topic")["rank"].apply(list).map(sorted).equals(
        f.topic_words.groupby("topic")["rank"].apply(list))
    assert f.doc_topics.index.equals(docs.index)
    np.testing.assert_allclose(f.doc_topics.sum(axis=1), 1, atol=1e-9)
    assert list(f.lambdas.index) == ["a", "b", "c"]
    assert f.lambdas.shape == (3, K)
    assert np.isfinite(f.log_likelihood) and f.log_likelihood < 0


def test_prevalence_sums_and_intervals(fits):
    table = dmr.prevalence(fits)
    assert list(table.columns) == ["topic", "level", "mean", "lower", "upper", "n_docs",
                                   "n_seeds", "n_groups"]
    assert list(table.level) == ["a"] * K + ["b"] * K + ["c"] * K
    np.testing.assert_allclose(table.groupby("level")["mean"].sum(), 1, atol=1e-9)
    assert ((table.lower <= table["mean"]) & (table["mean"] <= table.upper)).all()
    assert (table.n_docs == 20).all() and (table.n_seeds == 3).all()
    assert (table.n_groups == 20).all()
    # the planted design is found: each level has its own dominant topic (≈ 0.8)
    wide = table.pivot(index="level", columns="topic", values="mean")
    assert sorted(wide.idxmax(axis=1)) == [1, 2, 3]
    assert (wide.max(axis=1) > 0.6).all()


def test_prevalence_resamples_groups(corpus, fits):
    docs, labels = corpus
    # documents in clusters of 4 ("articles"): same means, n_groups 5 per level, and an
    # interval at least as wide as the document bootstrap's (clusters are fewer)
    articles = [f"art{i % 15:02d}" for i in range(len(docs))]
    by_doc = dmr.prevalence(fits, labels, n_boot=400)
    by_group = dmr.prevalence(fits, labels, groups=articles, n_boot=400)
    np.testing.assert_allclose(by_group["mean"], by_doc["mean"])
    assert (by_group.n_groups == 5).all()
    assert ((by_group.lower <= by_group["mean"]) & (by_group["mean"] <= by_group.upper)).all()
    one = dmr.prevalence(fits, labels, groups=labels, n_boot=50)  # one group per level
    assert (one.n_groups == 1).all()
    spread = pd.concat([t.groupby(np.asarray(labels)).mean().stack()
                        for t in dmr.aligned(fits)], axis=1)
    np.testing.assert_allclose(one.upper, spread.max(axis=1).to_numpy(), atol=1e-12)


def test_prior_shares_follow_the_design(fits):
    table = dmr.prior_shares(fits)
    assert list(table.columns) == ["topic", "level", "prior_share", "seed_min", "seed_max",
                                   "n_seeds"]
    np.testing.assert_allclose(table.groupby("level").prior_share.sum(), 1, atol=1e-9)
    assert ((table.seed_min <= table.prior_share) & (table.prior_share <= table.seed_max)).all()
    # the prior's dominant topic of each level is the prevalence's dominant topic
    prior = table.pivot(index="level", columns="topic", values="prior_share").idxmax(axis=1)
    found = dmr.prevalence(fits, n_boot=50).pivot(index="level", columns="topic",
                                                  values="mean").idxmax(axis=1)
    pd.testing.assert_series_equal(prior, found)


def test_stability_beats_shuffled_null(corpus, fits):
    docs, labels = corpus
    null = dmr.null_stability(docs, labels, K, [1, 2], iterations=200)
    assert null.shape == (2 * K,)
    table = dmr.stability(fits, null=null)
    assert list(table.index) == [1, 2, 3]
    assert table.stable.all()


def test_a_cached_fit_is_the_fresh_fit_and_the_cache_can_be_bypassed(corpus, monkeypatch):
    """Every test has its own cache folder (tests/conftest.py); make test turns the
    cache off, so the notebooks' fits are always fresh there."""
    from helpers.analysis import topics

    monkeypatch.delenv(topics.CACHE_ENV, raising=False)
    docs, labels = corpus
    fresh = dmr.fit(docs, labels, k=K, seed=4, iterations=60, cache=False)
    cold = dmr.fit(docs, labels, k=K, seed=4, iterations=60)
    (entry,) = (topics.cache_path("x").parent).glob("*.npz")
    trained = []
    real = topics._import_tomotopy
    monkeypatch.setattr(topics, "_import_tomotopy", lambda: trained.append(1) or real())
    warm = dmr.fit(docs, labels, k=K, seed=4, iterations=60)
    assert trained == [], "a warm fit trained a model"
    for fit in (cold, warm):
        for name in ("topic_words", "topic_word", "doc_topics", "lambdas"):
            pd.testing.assert_frame_equal(getattr(fit, name), getattr(fresh, name))
        assert fit.topic_word.to_numpy().tobytes() == fresh.topic_word.to_numpy().tobytes()
        assert fit.log_likelihood == fresh.log_likelihood
        pd.testing.assert_series_equal(fit.covariate, fresh.covariate)
    dmr.fit(docs, labels, k=K, seed=5, iterations=60, cache=False)
    assert len(list(entry.parent.glob("*.npz"))) == 1, "cache=False wrote an entry"
    trained.clear()
    entry.write_bytes(b"truncated")
    rebuilt = dmr.fit(docs, labels, k=K, seed=4, iterations=60)
    assert trained == [1]
    pd.testing.assert_frame_equal(rebuilt.doc_topics, fresh.doc_topics)
    other = dmr.fit(docs, ["a"] * 30 + ["b"] * 30, k=K, seed=4, iterations=60)
    assert list(other.lambdas.index) == ["a", "b"], "other labels: another entry"
