"""Bootstrap intervals and counting primitives on hand-made inputs."""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.analysis import count, stats


def test_bootstrap_is_deterministic_and_brackets_the_estimate() -> None:
    rows = np.array([[1, 100], [0, 100], [3, 100], [0, 100]])
    first = stats.bootstrap_ci(rows, stats.ratio_rate, seed=1)
    assert first == stats.bootstrap_ci(rows, stats.ratio_rate, seed=1)
    estimate, low, high = first
    assert estimate == 100.0  # 4 hits in 400 characters = 100 per 10,000
    assert low <= estimate <= high
    assert low >= 0 and high <= 300  # at most 3 hits per 100 characters


def test_bootstrap_of_constant_rows_has_zero_width() -> None:
    rows = np.array([[2, 50]] * 5)
    assert stats.bootstrap_ci(rows, stats.ratio_rate) == (400.0, 400.0, 400.0)


def test_bootstrap_rates_by_group_do_not_depend_on_other_groups() -> None:
    table = pd.DataFrame({"loc": ["A"] * 4 + ["B"] * 3, "hits": [1, 0, 2, 0, 5, 5, 5],
                          "chars": [100] * 7})
    both = stats.bootstrap_rates(table, group="loc", count="hits", size="chars",
                                 method="percentile")
    only_a = stats.bootstrap_rates(table[table["loc"] == "A"], group="loc", count="hits",
                                   size="chars", method="percentile")
    assert list(both["loc"]) == ["A", "B"]
    assert both.iloc[0].to_dict() == only_a.iloc[0].to_dict()
    assert both.iloc[1][["rate", "low", "high"]].tolist() == [500.0, 500.0, 500.0]
    assert set(both.method) == {"percentile"}


def test_count_terms_orders_ties_by_term() -> None:
    counts = count.count_terms([["乙", "甲"], ["甲", "丙", "乙"]])
    assert counts.to_dict() == {"乙": 2, "甲": 2, "丙": 1}
    assert list(counts.index) == ["乙", "甲", "丙"]


def test_kwic_finds_spaced_variant_under_its_term() -> None:
    paragraphs = pd.DataFrame({"article_id": ["a", "b"], "locality": ["X", "Y"],
                               "paragraph_no": [1, 1],
                               "text": ["深化“专业 + 机制 + 大数据”改革", "没有这个词"]})
    lines = count.kwic(paragraphs, "专业+机制+大数据", window=3)
    assert lines[["article_id", "left", "keyword", "right"]].values.tolist() == [
        ["a", "深化“", "专业+机制+大数据", "”改革"]]
    assert count.kwic(paragraphs, "不存在").empty
