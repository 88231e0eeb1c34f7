"""Word shifts (helpers.analysis.wordshift): contributions that add up to the JSD."""

from __future__ import annotations

import itertools
import math
from collections import Counter

import numpy as np
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


def test_permutation_null_equals_group_counters_summed_one_by_one() -> None:
    """The matrix products give the JSD of summing each relabelled group's counters (the
    definition), exact enumeration and random draws alike, with the same p."""
    rng = np.random.default_rng(1)
    words = [f"w{i}" for i in range(40)]
    docs = {f"d{i:02d}": Counter(rng.choice(words, size=int(rng.integers(5, 60))).tolist())
            for i in range(14)}
    labels = {d: "A" if i % 3 == 0 else "B" for i, d in enumerate(sorted(docs))}

    def jsd_of(group):
        a, b = Counter(), Counter()
        for d in sorted(docs):
            (a if d in set(group) else b).update(docs[d])
        return wordshift.jsd(a, b)

    inside = [d for d in sorted(docs) if labels[d] == "A"]
    observed = jsd_of(inside)
    exact = wordshift.jsd_permutation(docs, labels, "A", max_exact=10_000)
    null = np.array([jsd_of(c) for c in itertools.combinations(sorted(docs), len(inside))])
    assert exact["exact"] and exact["n_labellings"] == math.comb(14, 5)
    assert exact["observed"] == round(observed, 4)
    assert exact["p"] == round(float((null >= observed - 1e-12).mean()), 4)
    drawn = wordshift.jsd_permutation(docs, labels, "A", max_exact=10, n_perm=300, seed=7)
    draws = np.random.default_rng(7)
    null = np.array([jsd_of(list(draws.choice(sorted(docs), size=5, replace=False)))
                     for _ in range(300)])
    assert not drawn["exact"]
    assert drawn["p"] == round(float((1 + (null >= observed - 1e-12).sum()) / 301), 4)
    assert drawn["null_q95"] == round(float(np.quantile(null, 0.95)), 4)
