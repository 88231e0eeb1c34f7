"""Collocation measures on a hand-made corpus with hand-computed PMI and G²."""

from __future__ import annotations

import math

import pytest

from helpers.analysis import collocations

# Three paragraphs. Adjacent pairs: (公安, 改革) ×2, (改革, 深化) ×1, (深化, 公安) ×1; N = 4.
# Across the boundary of the first two lists (深化 → 公安) is NOT a pair.
PARAGRAPHS = [["公安", "改革", "深化"], ["公安", "改革"], ["深化", "公安"]]


def test_pairs_never_cross_list_boundaries() -> None:
    counts = collocations.bigram_counts(PARAGRAPHS)
    assert counts == {("公安", "改革"): 2, ("改革", "深化"): 1, ("深化", "公安"): 1}


def test_pmi_and_g2_by_hand() -> None:
    table = collocations.collocations(PARAGRAPHS, min_count=1)
    assert table.bigram.tolist() == ["公安 改革", "改革 深化", "深化 公安"]
    top = table.iloc[0]
    # n12 = 2, n1 = 2 (pairs starting with 公安), n2 = 2 (pairs ending in 改革), N = 4
    assert (top.n12, top.n1, top.n2, top.N) == (2, 2, 2, 4)
    assert top.expected == 1.0
    assert top.pmi == pytest.approx(1.0)  # log2(2 · 4 / (2 · 2))
    # observed (2, 0, 0, 2), expected (1, 1, 1, 1): G² = 2 (2 ln 2 + 2 ln 2) = 8 ln 2
    assert top.g2 == pytest.approx(8 * math.log(2))
    second = table.iloc[1]
    assert second.pmi == pytest.approx(2.0)  # log2(1 · 4 / (1 · 1))
    # observed (1, 0, 0, 3), expected (0.25, 0.75, 0.75, 2.25)
    assert second.g2 == pytest.approx(2 * (math.log(4) + 3 * math.log(3 / 2.25)))


def test_min_count_and_exclusion() -> None:
    assert collocations.collocations(PARAGRAPHS, min_count=2).bigram.tolist() == ["公安 改革"]
    kept = collocations.collocations(PARAGRAPHS, min_count=1, exclude={"深化"})
    assert kept.bigram.tolist() == ["公安 改革"]
    assert kept.N.tolist() == [4]  # excluded words still count in N and the margins


def test_negatively_associated_pairs_are_dropped() -> None:
    # 甲 乙 is seen once, but 甲 and 乙 are so frequent that once is fewer than expected
    lists = [["甲", "乙"]] + [["甲", "丙"]] * 3 + [["丁", "乙"]] * 3
    table = collocations.collocations(lists, min_count=1)
    assert "甲 乙" not in table.bigram.tolist()
    assert (table.n12 > table.expected).all()


def test_frequent_pairs_orders_counts_then_pair() -> None:
    table = collocations.frequent_pairs(PARAGRAPHS, n=2)
    assert table.values.tolist() == [["公安 改革", 2], ["改革 深化", 1]]


def test_g2_is_zero_for_independence() -> None:
    # n12 = n1 · n2 / N exactly
    assert collocations.g2(2, 4, 5, 10) == pytest.approx(0.0)
    assert collocations.pmi(2, 4, 5, 10) == pytest.approx(0.0)


def test_q_values_are_bh_over_every_tested_pair() -> None:
    from scipy.stats import chi2

    from helpers.analysis import stats

    lists = [["甲", "乙"]] + [["甲", "丙"]] * 3 + [["丁", "乙"]] * 3
    table = collocations.collocations(lists, min_count=1)
    # tested: 甲 乙 (negatively associated, dropped from the output), 甲 丙, 丁 乙
    g2 = [collocations.g2(1, 4, 4, 7), collocations.g2(3, 4, 3, 7), collocations.g2(3, 3, 4, 7)]
    q = stats.bh_qvalues(chi2.sf(g2, 1))
    assert table.bigram.tolist() == ["丁 乙", "甲 丙"]
    assert table.p.tolist() == pytest.approx(chi2.sf(g2[1:], 1)[::-1].tolist())
    assert table.q_bh.tolist() == pytest.approx(q[1:][::-1].tolist())
