"""Word shifts (helpers.analysis.wordshift): contributions that add up to the JSD."""

from __future__ import annotations

import math
from collections import Counter

import pytest

from helpers.analysis import wordshift


def test_contributions_sum_to_the_jsd_by_hand() -> None:
    a, b = {"x": 2, "y": 2}, {"x": 1, "z": 3}
    # p = (1/2, 1/2, 0), q = (1/4, 0, 3/4), m = (3/8, 1/4, 3/8)
    by_hand = {"x": 0.5 * (0.5 * math.log2(0.5 / 0.375) + 0.25 * math.log2(0.25 / 0.375)),
               "y": 0.5 * 0.5 * math.log2(0.5 / 0.25),
               "z": 0.5 * 0.75 * math.log2(0.75 / 0.375)}
    table = wordshift.shift(a, b).set_index("term")
    for term, value in by_hand.items():
        assert table.at[term, "contribution"] == pytest.approx(value)
    total = sum(by_hand.values())
    assert wordshift.jsd(a, b) == pytest.approx(total)
    assert table.contribution.sum() == pytest.approx(total)
    assert table.share.sum() == pytest.approx(1.0)
    assert table.at["y", "direction"] == "A" and table.at["z", "direction"] == "B"
    assert list(table.index) == ["z", "y", "x"], "sorted by contribution"


def test_identical_and_disjoint_and_proportion() -> None:
    assert wordshift.jsd({"a": 3}, {"a": 1}) == pytest.approx(0.0)
    assert wordshift.jsd({"a": 3}, {"b": 1}) == pytest.approx(1.0)
    prop = wordshift.shift({"x": 2, "y": 2}, {"x": 1, "z": 3}, measure="proportion")
    assert prop.contribution.sum() == pytest.approx(0.0)
    assert prop.set_index("term").at["z", "contribution"] == pytest.approx(-0.75)


def test_permutation_is_exact_over_documents() -> None:
    docs = {"d1": Counter({"x": 5}), "d2": Counter({"x": 5}), "d3": Counter({"y": 5})}
    labels = {"d1": "A", "d2": "A", "d3": "B"}
    result = wordshift.jsd_permutation(docs, labels, "B")
    assert result.n_labellings == 3 and result.exact
    assert result.observed == pytest.approx(1.0)
    assert result.p == pytest.approx(1 / 3, abs=1e-4), "d3 alone is the most extreme of 3 labellings"
