"""Inference helpers on hand-made inputs: BH q-values and the article permutation test."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats import false_discovery_control

from helpers.analysis import stats


# --------------------------------------------------------------------------- BH q-values
def test_bh_qvalues_by_hand() -> None:
    # m = 4, sorted p = 0.01, 0.02, 0.03, 0.5 → m·p/i = 0.04, 0.04, 0.04, 0.5;
    # the running minimum from the top keeps them; input order restored.
    p = [0.03, 0.5, 0.01, 0.02]
    assert stats.bh_qvalues(p) == pytest.approx([0.04, 0.5, 0.04, 0.04])
    # monotone: 0.01·3/1 = 0.03 but 0.04·3/2 = 0.06 and 0.045·3/3 = 0.045 → min from top
    # gives 0.03, 0.045, 0.045.
    assert stats.bh_qvalues([0.01, 0.04, 0.045]) == pytest.approx([0.03, 0.045, 0.045])
    # capped at 1
    assert stats.bh_qvalues([0.9, 0.95]).max() <= 1.0


def test_bh_qvalues_match_scipy_and_skip_nan() -> None:
    p = np.random.default_rng(3).uniform(size=200) ** 3
    assert stats.bh_qvalues(p) == pytest.approx(false_discovery_control(p, method="bh"))
    q = stats.bh_qvalues([0.01, np.nan, 0.02])
    assert np.isnan(q[1]) and q[[0, 2]] == pytest.approx([0.02, 0.02])  # m = 2
    with pytest.raises(ValueError):
        stats.bh_qvalues([1.5])


# --------------------------------------------------------------------------- permutation
def _five_units(targets: list[int]) -> pd.DataFrame:
    return pd.DataFrame({"article": list("abcde"), "hits": [5, 4, 1, 0, 0],
                         "chars": [100] * 5,
                         "group": ["T" if i in targets else "R" for i in range(5)]})


def test_permutation_test_exact_by_hand() -> None:
    # 5 articles of 100 characters, 10 hits in all; 2 targets → C(5, 2) = 10 labellings.
    # A labelling whose targets hold s hits has difference
    #   1e4·(s/200 − (10 − s)/300) = 1e4·(5s − 20)/600,
    # and the ten pairs hold s = 9, 6, 5, 5, 5, 4, 4, 1, 1, 0, i.e. |5s − 20| =
    # 25, 10, 5, 5, 5, 0, 0, 15, 15, 20.
    first = stats.permutation_rate_test(_five_units([0, 1]), label="group", target="T",
                                        count="hits", size="chars")
    row = first.iloc[0]
    assert row.target_rate == 450.0 and row.rest_rate == pytest.approx(33.3333)
    assert row.difference == pytest.approx(416.6667)
    assert row.n_labellings == 10 and bool(row.exact)
    assert row.p_permutation == pytest.approx(1 / 10)  # only the observed labelling: 25
    assert row.min_p == pytest.approx(1 / 10)
    # targets a and c hold s = 6 → |10|; at least as extreme: 25, 10, 15, 15, 20 → 5/10.
    second = stats.permutation_rate_test(_five_units([0, 2]), label="group", target="T",
                                         count="hits", size="chars").iloc[0]
    assert second.p_permutation == pytest.approx(0.5)
    assert second.difference == pytest.approx(1e4 * 10 / 600, abs=1e-4)


def test_permutation_test_equal_groups_cannot_go_below_two_labellings() -> None:
    # 2 of 4: a labelling and its complement give ± the same difference → min_p = 2/6.
    units = pd.DataFrame({"g": ["T", "T", "R", "R"], "n": [9, 7, 1, 0], "s": [10] * 4})
    row = stats.permutation_rate_test(units, label="g", target="T", count="n",
                                      size="s").iloc[0]
    assert row.n_labellings == 6 and row.min_p == pytest.approx(2 / 6)
    assert row.p_permutation == pytest.approx(2 / 6)


def test_two_of_eleven_articles_give_55_labellings() -> None:
    rng = np.random.default_rng(0)
    units = pd.DataFrame({"g": ["T"] * 2 + ["R"] * 9, "n": rng.poisson(5, 11),
                          "s": rng.integers(900, 3000, 11)})
    row = stats.permutation_rate_test(units, label="g", target="T", count="n",
                                      size="s").iloc[0]
    assert row.n_labellings == 55 and row.min_p == pytest.approx(1 / 55)
    assert row.p_permutation >= row.min_p


def test_monte_carlo_agrees_with_exact_and_is_seeded() -> None:
    rng = np.random.default_rng(1)
    units = pd.DataFrame({"g": ["T"] * 4 + ["R"] * 10, "n": rng.poisson(6, 14),
                          "s": rng.integers(500, 2000, 14)})
    kwargs = dict(label="g", target="T", count="n", size="s")
    exact = stats.permutation_rate_test(units, **kwargs).iloc[0]  # C(14, 4) = 1001
    mc = stats.permutation_rate_test(units, max_exact=10, n_resamples=20_000, **kwargs)
    assert bool(exact.exact) and not bool(mc.exact.iloc[0])
    assert mc.p_permutation.iloc[0] == pytest.approx(exact.p_permutation, abs=0.015)
    assert mc.min_p.iloc[0] == pytest.approx(1 / 20_001)
    again = stats.permutation_rate_test(units, max_exact=10, n_resamples=20_000, **kwargs)
    pd.testing.assert_frame_equal(mc, again)


def test_permutation_test_by_theme_is_one_row_per_value() -> None:
    a = _five_units([0, 1]).assign(theme="x")
    b = _five_units([0, 1]).assign(theme="w", hits=[0, 0, 1, 4, 5])
    table = stats.permutation_rate_test(pd.concat([a, b]), label="group", target="T",
                                        count="hits", size="chars", by="theme")
    assert table.theme.tolist() == ["w", "x"]
    assert list(table.columns[:8]) == ["theme", "target_rate", "rest_rate", "difference",
                                      "p_permutation", "n_labellings", "min_p", "exact"]
    # w: the targets hold s = 0 → |5s − 20| = 20; the pairs of (0, 0, 1, 4, 5) hold
    # s = 0, 1, 4, 5, 1, 4, 5, 5, 6, 9 → 20, 15, 0, 5, 15, 0, 5, 5, 10, 25: two ≥ 20.
    assert table.p_permutation.tolist() == pytest.approx([0.2, 0.1])
    assert table.q_bh.tolist() == pytest.approx([0.2, 0.2])


def test_permutation_test_with_one_group_only_is_nan() -> None:
    units = _five_units([])
    row = stats.permutation_rate_test(units, label="group", target="T", count="hits",
                                      size="chars").iloc[0]
    assert np.isnan(row.p_permutation) and row.n_labellings == 1


# --------------------------------------------------------------------------- rate intervals
#: Paragraph sizes (tokens) like the bundled corpus's: medians of its articles run from
#: 32 (the Xinhua feature) to 311 (Yichang) tokens per paragraph.
CORPUS_LIKE_SIZES = [65, 85, 56, 174, 138, 159, 200, 311, 160, 48, 32, 120, 90, 250, 40, 180]


def test_quasi_poisson_interval_by_hand() -> None:
    # Equal paragraphs agreeing exactly: the robust variance is 0, so φ = 1 × (t₄/z)² and
    # the interval is the exact Poisson one for 20/φ "effective" hits, scaled by φ.
    from scipy.stats import chi2, norm, t

    y, s = [4, 4, 4, 4, 4], [100] * 5
    phi = (t.ppf(0.975, 4) / norm.ppf(0.975)) ** 2
    low = phi * chi2.ppf(0.025, 2 * 20 / phi) / 2 / 500 * 1e4
    high = phi * chi2.ppf(0.975, 2 * 20 / phi + 2) / 2 / 500 * 1e4
    assert stats.rate_interval(y, s) == pytest.approx((400.0, low, high))
    # zero hits: the exact Poisson upper bound −ln(0.025) = 3.689 expected hits in 500
    rate, low0, high0 = stats.rate_interval([0] * 5, s)
    assert (rate, low0) == (0.0, 0.0) and high0 == pytest.approx(-np.log(0.025) / 500 * 1e4)
    # the percentile bootstrap collapses on zero hits
    assert stats.rate_interval([0] * 5, s, method="percentile") == (0.0, 0.0, 0.0)
    with pytest.raises(ValueError):
        stats.rate_interval(y, s, method="bca")


def test_rate_interval_widens_with_overdispersion() -> None:
    s = [100] * 5
    _, lo_even, hi_even = stats.rate_interval([2, 2, 2, 2, 2], s)
    _, lo_lumpy, hi_lumpy = stats.rate_interval([10, 0, 0, 0, 0], s)
    assert lo_lumpy < lo_even and hi_lumpy > hi_even


def test_interval_coverage_at_5_and_11_paragraphs() -> None:
    # Overdispersed paragraphs (gamma–Poisson, shape 1: Pearson φ ≈ 2.5 for a paragraph of
    # 150 tokens, the top of the corpus's range for frequent terms), rate 100 per 10,000.
    # Documented tolerance: the default interval covers at least 93% and at most 99%
    # (Monte-Carlo s.e. ≈ 0.005 with 2,000 texts); the percentile bootstrap does not.
    table = stats.interval_coverage(CORPUS_LIKE_SIZES, rate=100, shape=1.0,
                                    n_paragraphs=(5, 11), methods=("quasi_poisson",),
                                    n_sim=2000)
    assert table.n_paragraphs.tolist() == [5, 11]
    assert table.coverage.between(0.93, 0.99).all(), table
    boot = stats.interval_coverage(CORPUS_LIKE_SIZES, rate=100, shape=1.0,
                                   n_paragraphs=(5,), methods=("percentile",), n_sim=400,
                                   n_boot=400)
    assert boot.coverage.iloc[0] < 0.85  # the review's finding: about 75–80% at n = 5


def test_overdispersion_is_one_for_poisson_counts() -> None:
    rng = np.random.default_rng(2)
    table = pd.DataFrame({"g": np.repeat(["a", "b", "c", "d"], 50),
                          "s": rng.integers(50, 300, 200)})
    table["y"] = rng.poisson(table.s * 0.02)
    assert stats.overdispersion(table, group="g", count="y", size="s") == pytest.approx(
        1.0, abs=0.15)
    table["y"] = rng.poisson(table.s * 0.02 * rng.gamma(1.0, 1.0, 200))
    assert stats.overdispersion(table, group="g", count="y", size="s") > 2


# --------------------------------------------------------------------------- fast paths
def test_vectorized_bootstrap_equals_one_call_per_resample_to_the_last_bit() -> None:
    """bootstrap_ci(vectorized=True) with ratio_rate on the stack of resamples must give
    exactly the loop over resamples (the same draws, the same sums), and rate_interval's
    percentile method is that call. 9+ rows are summed pairwise by numpy; zero sizes
    give a rate of 0."""
    rng = np.random.default_rng(11)
    for trial in range(400):
        n = int(rng.integers(1, 25))
        y = rng.poisson(rng.uniform(0, 4), n).astype(float)
        s = (rng.choice([0.0, 1.0, 37.0, 1e3 / 3], n) if trial % 4 == 0
             else rng.integers(1, 900, n).astype(float))
        rows, seed = np.column_stack([y, s]), stats.group_seed(5, trial)
        loop = stats.bootstrap_ci(rows, lambda r: stats.ratio_rate(r, 10_000), n_boot=300,
                                  level=0.9, seed=seed)
        stacked = stats.bootstrap_ci(rows, stats.ratio_rate, n_boot=300, level=0.9, seed=seed,
                                     vectorized=True)
        assert stacked == loop, (trial, stacked, loop)
        if s.sum() > 0:
            assert stats.rate_interval(y, s, method="percentile", n_boot=300, level=0.9,
                                       seed=seed) == loop


def test_exact_poisson_and_t_factor_equal_scipy_distributions() -> None:
    from scipy.stats import chi2, norm, t

    for total in [0, 1e-9, 0.37, 1, 2, 3.5, 10, 101.25, 5000,
                  *np.random.default_rng(2).uniform(0, 300, 300)]:
        for level in (0.9, 0.95, 0.99):
            a = 1 - level
            low = 0.0 if total == 0 else float(chi2.ppf(a / 2, 2 * total) / 2)
            high = float(chi2.ppf(1 - a / 2, 2 * total + 2) / 2)
            assert stats._poisson_exact(float(total), level) == (low, high)
    for n in range(2, 30):
        factor = (float(t.ppf(0.975, n - 1)) / float(norm.ppf(0.975))) ** 2
        assert stats._t_inflation(n, 0.95) == factor
