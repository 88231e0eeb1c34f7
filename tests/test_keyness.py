"""Keyness: the 2×2 G² against scipy and by hand, Williams, BH q-values, LRC, charts' filter."""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
import pandas as pd
import pytest
from scipy.stats import power_divergence
from scipy.stats.contingency import expected_freq

from helpers.analysis import compare, stats


def test_g2_2x2_by_hand_and_against_the_two_cell_form() -> None:
    # a = 10 of c = 1,000 target tokens, b = 20 of d = 4,000. The two-cell (Rayson) G² is
    # 2.923650 (tests/test_compare.py). The other-token cells add
    #   2·(990·ln(990/994) + 3980·ln(3980/3976)) = 2·(−3.991952 + 4.002012) = 0.020141,
    # so the 2×2 G² is 2.943791.
    assert stats.g2_2x2(10, 1000, 30, 5000) == pytest.approx(2.943791, abs=1e-6)
    assert compare.log_likelihood(10, 20, 1000, 4000) == pytest.approx(2.923650, abs=1e-6)


def test_g2_2x2_matches_scipy_power_divergence() -> None:
    rng = np.random.default_rng(7)
    for _ in range(50):
        a, b = rng.integers(0, 60, 2)
        c, d = a + rng.integers(1, 5000), b + rng.integers(1, 5000)
        table = np.array([[a, b], [c - a, d - b]], dtype=float)
        expected = expected_freq(table)
        ref = power_divergence(table.ravel(), expected.ravel(), lambda_="log-likelihood")
        assert stats.g2_2x2(a, c, a + b, c + d) == pytest.approx(ref.statistic, rel=1e-9)


def test_williams_q_by_hand() -> None:
    # n = 5000, term margin 30, target margin 1000:
    # q = 1 + (5000/30 + 5000/4970 − 1)(5000/1000 + 5000/4000 − 1) / 30000
    #   = 1 + 166.673360 · 5.25 / 30000 = 1.029168
    assert stats.williams_q(1000, 30, 5000) == pytest.approx(1.029168, abs=1e-6)


def test_conservative_log_ratio_closed_forms() -> None:
    # The Clopper–Pearson bound for x = n successes is (α/2)^(1/n); for x = 0 the upper
    # bound is 1 − (α/2)^(1/n). 12 in the target, 0 in the reference, c = 1000, d = 3000:
    # π_low = 0.025^(1/12) = 0.735352 → LRC = log2(π/(1 − π) · 3) = 3.059319.
    low = 0.025 ** (1 / 12)
    assert compare.conservative_log_ratio(12, 0, 1000, 3000) == pytest.approx(
        math.log2(low / (1 - low) * 3))
    # 0 vs 40 in equal corpora: π_high = 1 − 0.025^(1/40) → LRC = log2(π/(1 − π)) < 0.
    high = 1 - 0.025 ** (1 / 40)
    assert compare.conservative_log_ratio(0, 40, 1000, 1000) == pytest.approx(
        math.log2(high / (1 - high)))
    # 10 vs 20 in 1000 vs 4000: log-ratio 1, but π ∈ [0.1729, 0.5281] for 10/30 gives a
    # log-ratio interval [−0.26, 2.16] that spans 0 → LRC = 0.
    assert compare.conservative_log_ratio(10, 20, 1000, 4000) == 0.0


def test_conservative_log_ratio_bound_is_the_binomial_tail() -> None:
    # 30 vs 5 in equal corpora: the lower bound π_low solves P(X ≥ 30 | 35, π_low) = 0.025.
    from scipy.stats import binom

    lrc = float(compare.conservative_log_ratio(30, 5, 1000, 1000))
    pi_low = 2 ** lrc / (1 + 2 ** lrc)
    assert binom.sf(29, 35, pi_low) == pytest.approx(0.025, abs=1e-9)
    assert 0 < lrc < math.log2(30 / 5)


def _corpus() -> tuple[Counter, Counter]:
    target = Counter({"甲": 40, "乙": 960, "丙": 1, "丁": 10})
    reference = Counter({"甲": 5, "乙": 3980, "丙": 1, "丁": 20})
    return target, reference


def test_keyness_table_default_and_options() -> None:
    target, reference = _corpus()
    table = compare.keyness(target, reference, min_count=3).set_index("term")
    assert "丙" not in table.index  # 1 + 1 occurrences: not tested
    assert list(table.columns) == [
        "target_count", "reference_count", "target_per_10k", "reference_per_10k", "g2", "p",
        "q_bh", "log_ratio", "lrc", "min_expected", "direction"]
    c, d = 1011.0, 4006.0
    assert table.loc["丁", "g2"] == round(float(stats.g2_2x2(10, c, 30, c + d)), 2)
    rayson = compare.keyness(target, reference, method="rayson").set_index("term")
    assert rayson.loc["丁", "g2"] == round(float(compare.log_likelihood(10, 20, c, d)), 2)
    williams = compare.keyness(target, reference, correction="williams").set_index("term")
    assert williams.loc["丁", "g2"] == round(
        float(stats.g2_2x2(10, c, 30, c + d) / stats.williams_q(c, 30, c + d)), 2)
    # q-values are BH over the three tested terms
    p = compare.keyness(target, reference)
    g2 = [stats.g2_2x2(p.target_count[i], c, p.target_count[i] + p.reference_count[i],
                       c + d) for i in range(3)]
    from scipy.stats import chi2
    expected_q = stats.bh_qvalues(chi2.sf(np.array(g2, dtype=float), 1))
    assert p.q_bh.tolist() == pytest.approx([float(f"{q:.3g}") for q in expected_q])
    assert table.loc["丁", "min_expected"] == round(30 * c / (c + d), 2)
    assert table.loc["甲", "lrc"] > 0 and table.loc["甲", "direction"] == "+"
    with pytest.raises(ValueError):
        compare.keyness(target, reference, method="chi2")


def test_keyness_by_group_and_top_keyness_filter() -> None:
    rows = [("X", "x1", ["甲"] * 30 + ["乙"] * 20 + ["丁"] * 4),
            ("X", "x2", ["乙"] * 30 + ["丁"]),
            ("Y", "y1", ["乙"] * 60 + ["丁"] * 3 + ["戊"] * 3),
            ("Y", "y2", ["乙"] * 60 + ["丁"] * 2)]
    tokens = pd.DataFrame(rows, columns=["locality", "article_id", "tokens"])
    table = compare.keyness_by_group(tokens, min_count=3)
    row = table[(table.locality == "X") & (table.term == "甲")].iloc[0]
    assert (row.target_count, row.reference_count, row.target_articles, row.n_articles) == (
        30, 0, 1, 1)
    for _, part in table.groupby("locality"):  # q over the terms tested in each group
        assert part.q_bh.tolist() == pytest.approx(
            [float(f"{q:.3g}") for q in stats.bh_qvalues(part.p.to_numpy())], rel=1e-2)
    passing = compare.top_keyness(table, n=5)
    # 丁 and 戊 (3–4 uses) are over-used but do not pass q < 0.05 with LRC > 0
    assert passing.passes.all()
    assert passing[["locality", "term"]].values.tolist() == [["X", "甲"], ["Y", "乙"]]
    marked = compare.top_keyness(table, n=5, only_passing=False)
    assert set(marked.term) >= {"甲", "丁"} and not marked.passes.all()
    assert list(marked.columns[:3]) == ["locality", "rank", "term"]


def test_plot_keyness_marks_terms_that_do_not_pass() -> None:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.patches import Rectangle

    from helpers.figures import plot_compare, plotting

    plotting.setup_fonts()
    top = pd.DataFrame({"locality": ["X", "X"], "rank": [1, 2], "term": ["甲", "乙"],
                        "g2": [30.0, 4.0], "log_ratio": [3.0, 1.0], "lrc": [1.5, 0.0],
                        "passes": [True, False]})
    fig = plot_compare.plot_keyness(top, order=["X", "Y"], ncols=2)
    matplotlib.pyplot.close(fig)
    first, second = fig.axes[:2]
    bars = [p for p in first.patches if isinstance(p, Rectangle)]
    assert sorted(b.get_hatch() or "" for b in bars) == ["", "///"]
    assert any("n.s." in t.get_text() for t in first.texts)
    assert any("no term passes" in t.get_text() for t in second.texts)  # Y: empty panel


# --------------------------------------------------------------------------- support
def _articles(paragraphs: dict[str, list[list[str]]]) -> pd.DataFrame:
    return pd.DataFrame([(doc, toks) for doc, paras in paragraphs.items() for toks in paras],
                        columns=["article_id", "tokens"])


def test_clade_support_of_a_structure_no_resample_can_break() -> None:
    # Every paragraph of an article is the same, so every resample rebuilds the same
    # vectors: both pairs are clades in all resamples (support 1).
    same = {"a1": [["甲", "甲", "乙"]] * 3, "a2": [["甲", "乙", "乙"]] * 3,
            "b1": [["丙", "丙", "丁"]] * 3, "b2": [["丙", "丁", "丁"]] * 3}
    support = compare.clade_support(_articles(same), n_resamples=20)
    assert support.members.tolist()[:2] == ["a1 + a2", "b1 + b2"] or \
        support.members.tolist()[:2] == ["b1 + b2", "a1 + a2"]
    assert support.support.tolist() == [1.0, 1.0, 1.0]
    assert support["size"].tolist() == [2, 2, 4]


def test_clade_support_falls_when_one_paragraph_carries_the_clade() -> None:
    # a2 resembles a1 only through one of its three paragraphs; resamples that miss it
    # (probability (2/3)³ ≈ 0.30) put a2 with the b's instead.
    texts = {"a1": [["甲"] * 5] * 3, "a2": [["甲"] * 5, ["丙"] * 1, ["丁"] * 1],
             "b1": [["丙", "丁"] * 3] * 3, "b2": [["丙", "丁", "丁"] * 2] * 3}
    support = compare.clade_support(_articles(texts), n_resamples=300, seed=4)
    row = support[support.members == "a1 + a2"]
    assert len(row) == 1 and 0.5 < row.support.iloc[0] < 0.85


def test_ca_axis_stability_of_fixed_paragraphs_is_perfect() -> None:
    rows = {"d1": [["甲"] * 8 + ["乙"] * 2], "d2": [["甲"] * 2 + ["乙"] * 8],
            "d3": [["丙"] * 8 + ["甲"] * 1], "d4": [["丙"] * 3 + ["乙"] * 6 + ["丁"] * 4]}
    paragraphs = {doc: paras * 3 for doc, paras in rows.items()}
    table = compare.ca_axis_stability(_articles(paragraphs), min_count=1, min_docs=1,
                                      n_resamples=10)
    assert table.dimension.tolist() == ["dim1", "dim2"]
    assert table.share_swapped.tolist() == [0.0, 0.0]
    assert table.congruence.tolist() == [1.0, 1.0]
    assert table.congruence_procrustes.tolist() == [1.0, 1.0]


def test_congruence_by_hand() -> None:
    # Tucker's φ of (1, 2) with (2, 4) is 1, with (2, −1) is 0, with (−1, −2) is −1.
    a = np.array([[1.0], [2.0]])
    b = np.array([[2.0, 2.0, -1.0], [4.0, -1.0, -2.0]])
    assert compare._congruence(a, b).ravel().tolist() == pytest.approx([1.0, 0.0, -1.0])
