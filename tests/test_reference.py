"""Keyness against a reference list (helpers.analysis.reference) on a toy list."""

from __future__ import annotations

import math

import pytest

from helpers.analysis import reference, stats


def test_toy_reference_by_hand() -> None:
    counts = {"警务": 10, "的": 10, "新词": 5}
    ref = {"警务": 1e-6, "的": 0.05}
    table = reference.keyness_vs_reference(counts, ref, ref_size=1e6, min_count=5).set_index(
        "term")
    assert table.at["警务", "log_ratio"] == pytest.approx(
        round(math.log2((10 / 25) / (1 / 1e6)), 2))
    assert table.at["的", "log_ratio"] == pytest.approx(round(math.log2((10 / 25) / 0.05), 2))
    # absent from the list: 0.5 pseudo-tokens
    assert table.at["新词", "log_ratio"] == pytest.approx(round(math.log2((5 / 25) / 0.5e-6), 2))
    assert not table.at["新词", "in_reference"]
    g2 = float(stats.g2_2x2(10, 25, 11, 25 + 1e6))
    assert table.at["警务", "g2"] == pytest.approx(round(g2, 2))
    assert list(table.index) == ["新词", "警务", "的"], "a tie (same ratio) goes by term"


def test_wordfreq_lookup_is_exact_and_offline() -> None:
    freqs = reference.reference_frequencies(["公安", "的", "专业+机制+大数据"])
    assert freqs["的"] > freqs["公安"] > 0
    assert freqs["专业+机制+大数据"] == 0.0, "no estimate from the parts"
