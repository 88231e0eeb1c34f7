"""Wordfish (helpers.analysis.wordfish): known answers from the model itself."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from helpers.analysis import dfm, wordfish


def _truth_dir(true_theta: pd.Series) -> tuple[int, int]:
    return int(np.argmin(true_theta.to_numpy())), int(np.argmax(true_theta.to_numpy()))


def test_log_likelihood_by_hand():
    # All parameters 0: every mean is 1, so log L = Σ (y·0 − 1 − log y!) = −4 − log(2!·3!)
    y = np.array([[1, 0], [2, 3]])
    zeros2 = np.zeros(2)
    expected = -4 - math.log(2 * 6)
    assert wordfish.log_likelihood(y, zeros2, zeros2, zeros2, zeros2) == pytest.approx(expected)
    # alpha = (0, log 2): second row's means are 2 → −(1+1) + (2+3)·log 2 − 2 − 2 − log 12
    value = wordfish.log_likelihood(y, np.array([0.0, math.log(2)]), zeros2, zeros2, zeros2)
    assert value == pytest.approx(-6 + 5 * math.log(2) - math.log(12))


def test_fit_log_likelihood_matches_poisson_pmf():
    counts, _ = wordfish.simulate(8, 40, seed=3)
    result = wordfish.fit(counts)
    mu = result.expected()
    assert result.log_likelihood == pytest.approx(stats.poisson.logpmf(counts.to_numpy(),
                                                                        mu).sum())


def test_recovers_simulated_positions_and_sign():
    counts, true_theta = wordfish.simulate(50, 500, seed=0)
    direction = _truth_dir(true_theta)
    result = wordfish.fit(counts, dir=direction)
    theta = result.documents.set_index("doc").theta
    assert result.converged
    assert np.corrcoef(theta, true_theta)[0, 1] >= 0.95
    assert theta.iloc[direction[0]] < theta.iloc[direction[1]]
    flipped = wordfish.fit(counts, dir=direction[::-1]).documents.theta
    np.testing.assert_allclose(flipped, -result.documents.theta, atol=1e-6)


def test_fitted_means_reproduce_margins():
    # Poisson fixed effects: at the maximum, expected document lengths and word totals
    # equal the observed ones (score equations of alpha and psi)
    counts, _ = wordfish.simulate(20, 100, seed=5)
    mu = wordfish.fit(counts).expected()
    np.testing.assert_allclose(mu.sum(axis=1), counts.sum(axis=1), rtol=1e-3)
    np.testing.assert_allclose(mu.sum(axis=0), counts.sum(axis=0), rtol=1e-2, atol=0.05)


def test_identification_and_layout():
    counts, _ = wordfish.simulate(12, 60, seed=1)
    result = wordfish.fit(counts)
    docs = result.documents
    assert list(docs.columns) == ["doc", "theta", "alpha", "se_theta"]
    assert list(docs.doc) == list(counts.index)
    assert list(result.words.columns) == ["term", "beta", "psi"]
    assert list(result.words.term) == list(counts.columns)
    assert docs.theta.mean() == pytest.approx(0, abs=1e-9)
    assert docs.theta.std(ddof=0) == pytest.approx(1, abs=1e-9)
    assert docs.alpha.iloc[0] == 0
    assert (docs.se_theta > 0).all()


def test_dfm_input_equals_frame_input():
    counts, _ = wordfish.simulate(10, 50, seed=2)
    long = counts.stack().rename("n").reset_index()
    long["tokens"] = [[t] * n for t, n in zip(long.term, long.n, strict=True)]
    d = dfm.build(long, by="doc")
    from_dfm = wordfish.fit(d).documents
    from_frame = wordfish.fit(counts).documents
    np.testing.assert_allclose(from_dfm.theta, from_frame.theta, atol=1e-8)


def test_bad_input():
    counts, _ = wordfish.simulate(6, 20, seed=0)
    with pytest.raises(ValueError, match="never occur"):
        wordfish.fit(counts.assign(w9999=0))
    with pytest.raises(ValueError, match="dir"):
        wordfish.fit(counts, dir=(0, 0))


def test_bootstrap_intervals_cover_truth():
    counts, true_theta = wordfish.simulate(30, 200, seed=0)
    direction = _truth_dir(true_theta)
    fitted = wordfish.fit(counts, dir=direction)
    boot = wordfish.bootstrap(counts, n_boot=40, seed=0, dir=direction, fitted=fitted)
    assert list(boot.columns) == ["doc", "theta", "lower", "upper", "se_boot"]
    assert list(boot.doc) == list(counts.index)
    assert ((boot.lower < boot.theta) & (boot.theta < boot.upper)).all()
    truth = true_theta.to_numpy()
    covered = ((boot.lower <= truth) & (truth <= boot.upper)).mean()
    assert covered >= 0.85
    # the Hessian standard errors (word parameters held fixed) are of the same size
    ratio = fitted.documents.se_theta.to_numpy() / boot.se_boot.to_numpy()
    assert 0.6 < np.median(ratio) < 1.5


def test_bootstrap_is_deterministic_given_seed():
    counts, _ = wordfish.simulate(10, 40, seed=4)
    first = wordfish.bootstrap(counts, n_boot=5, seed=3, cache=False)
    pd.testing.assert_frame_equal(first, wordfish.bootstrap(counts, n_boot=5, seed=3,
                                                            cache=False))
    assert not first.equals(wordfish.bootstrap(counts, n_boot=5, seed=4, cache=False))


def test_bootstrap_replicates_are_cached_to_the_last_bit(monkeypatch):
    counts, _ = wordfish.simulate(10, 40, seed=4)
    base = wordfish.fit(counts)
    fresh = wordfish.bootstrap(counts, n_boot=4, seed=3, fitted=base, cache=False)
    stored = wordfish.bootstrap(counts, n_boot=4, seed=3, fitted=base, cache=True)  # stores
    pd.testing.assert_frame_equal(stored, fresh, check_exact=True)

    def refit(*args, **kwargs):
        raise AssertionError("refitted")

    monkeypatch.setattr(wordfish, "_estimate", refit)
    again = wordfish.bootstrap(counts, n_boot=4, seed=3, fitted=base, cache=True)
    pd.testing.assert_frame_equal(again, fresh, check_exact=True)
    with pytest.raises(AssertionError, match="refitted"):  # another seed: another key
        wordfish.bootstrap(counts, n_boot=4, seed=5, fitted=base, cache=True)
    with pytest.raises(AssertionError, match="refitted"):  # more replicates: another key
        wordfish.bootstrap(counts, n_boot=5, seed=3, fitted=base, cache=True)
    other, _ = wordfish.simulate(10, 40, seed=5)
    with pytest.raises(AssertionError, match="refitted"):  # other counts: another key
        wordfish.bootstrap(other, n_boot=4, seed=3, fitted=base, cache=True)
    shifted = wordfish.WordfishResult(base.documents.assign(theta=base.documents.theta + 1e-9),
                                      base.words, base.log_likelihood, base.iterations,
                                      base.converged, base.dir)
    with pytest.raises(AssertionError, match="refitted"):  # other starting values
        wordfish.bootstrap(counts, n_boot=4, seed=3, fitted=shifted, cache=True)
    monkeypatch.setenv("POLICING_TOPIC_CACHE", "off")
    with pytest.raises(AssertionError, match="refitted"):  # the switch bypasses the cache
        wordfish.bootstrap(counts, n_boot=4, seed=3, fitted=base)


def test_bootstrap_takes_any_seed_numpy_takes():
    counts, _ = wordfish.simulate(6, 30, seed=2)
    for seed in (None, np.random.SeedSequence(3), np.int64(3)):
        boot = wordfish.bootstrap(counts, n_boot=3, seed=seed, cache=True)
        assert len(boot) == 6 and boot.se_boot.notna().all()


def test_hessian_intervals_layout_width_and_coverage():
    """theta ± 1.96 se_theta in the bootstrap's layout; coverage of the true positions
    measured over five simulated corpora of 30 texts (the small-sample check)."""
    covered = []
    for seed in range(5):
        counts, true_theta = wordfish.simulate(30, 200, seed=seed)
        fitted = wordfish.fit(counts, dir=_truth_dir(true_theta))
        table = wordfish.hessian_intervals(fitted)
        assert list(table.columns) == ["doc", "theta", "lower", "upper", "se_theta"]
        assert list(table.doc) == list(counts.index)
        np.testing.assert_allclose(table.upper - table.lower, 2 * 1.959964 * table.se_theta,
                                   rtol=1e-6)
        truth = true_theta.to_numpy()
        covered.append(((table.lower <= truth) & (truth <= table.upper)).mean())
    assert np.mean(covered) >= 0.85, covered
