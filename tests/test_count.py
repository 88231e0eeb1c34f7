"""Counting helpers on hand-made token lists whose answers are known by hand."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from helpers.analysis import count, dfm


def test_group_tokens_keeps_corpus_order() -> None:
    table = pd.DataFrame({"g": ["b", "a", "b"], "tokens": [["甲"], ["乙"], ["丙", "丁"]]})
    groups = count.group_tokens(table, "g")
    assert groups.index.tolist() == ["b", "a"]
    assert groups.tolist() == [["甲", "丙", "丁"], ["乙"]]


def test_term_frequencies_rates_use_all_tokens_as_denominator() -> None:
    docs = {"A": ["公安", "改革", "公安", "的"], "B": ["改革"]}
    table = count.term_frequencies(docs, exclude={"的"})
    assert table.to_dict("records") == [
        {"doc": "A", "term": "公安", "count": 2, "n_tokens": 4, "rate": 5000.0, "rank": 1},
        {"doc": "A", "term": "改革", "count": 1, "n_tokens": 4, "rate": 2500.0, "rank": 2},
        {"doc": "B", "term": "改革", "count": 1, "n_tokens": 1, "rate": 10000.0, "rank": 1}]
    top = count.top_terms(table, n=1)
    assert top.term.tolist() == ["公安", "改革"]
    wide = count.side_by_side(top)
    assert wide.columns.tolist() == ["A", "B"]
    assert wide.loc[1].tolist() == ["公安", "改革"]


def test_term_across_docs_ranks_counts_and_rates() -> None:
    docs = {"long": ["公安"] * 2 + ["其他"] * 8, "short": ["公安", "其他"], "none": ["其他"]}
    table = count.term_across_docs(count.term_frequencies(docs), "公安")
    assert table.to_dict("records") == [
        {"doc": "long", "n_tokens": 10, "count": 2, "rate": 2000.0, "rank_by_count": 1,
         "rank_by_rate": 2},
        {"doc": "short", "n_tokens": 2, "count": 1, "rate": 5000.0, "rank_by_count": 2,
         "rank_by_rate": 1},
        {"doc": "none", "n_tokens": 1, "count": 0, "rate": 0.0, "rank_by_count": 3,
         "rank_by_rate": 3}]


def test_stopword_report_and_side_by_side_top() -> None:
    tokens = [["的", "坚持", "改革", "的"]]  # 的: general list; 坚持: boilerplate list
    report = count.stopword_report(tokens).set_index("setting")
    assert report.n_tokens.to_dict() == {"none": 4, "general": 2, "boilerplate": 3, "both": 1}
    assert report.loc["general", "pct_removed"] == 50.0
    assert report.loc["general", "examples_removed"] == "的 2"
    assert report.loc["both", "n_types_removed"] == 2
    assert report.loc["both", "n_types"] == 1
    top = count.top_by_stopwords(tokens, n=2)
    assert top.columns.tolist() == ["none", "general", "boilerplate", "both"]
    # ties (count 1) are broken by the token: 坚 (U+575A) before 改 (U+6539)
    assert top.loc[1].tolist() == ["的 2", "坚持 1", "的 2", "改革 1"]
    assert top.loc[2].tolist() == ["坚持 1", "改革 1", "改革 1", ""]


def test_tfidf_on_a_three_sentence_corpus() -> None:
    docs = {"s1": ["公安", "改革", "改革"],
            "s2": ["公安", "警务"],
            "s3": ["警务", "枫桥经验", "枫桥经验", "社区"]}
    weights = dfm.tfidf(dfm.build(docs), scheme="rank")
    ln2, ln43 = math.log(2), math.log(4 / 3)  # idf for df = 1 and df = 2 (N = 3)
    expected = {("s1", "改革"): 2 / 3 * ln2, ("s1", "公安"): 1 / 3 * ln43,
                ("s2", "公安"): 1 / 2 * ln43, ("s2", "警务"): 1 / 2 * ln43,
                ("s3", "枫桥经验"): 1 / 2 * ln2, ("s3", "社区"): 1 / 4 * ln2,
                ("s3", "警务"): 1 / 4 * ln43}
    cells = weights.stack()
    assert {key: value for key, value in cells.items() if value} == pytest.approx(expected)
    assert list(weights.index) == ["s1", "s2", "s3"]


def test_tfidf_of_a_term_in_every_document_is_zero() -> None:
    weights = dfm.tfidf(dfm.build({"a": ["的", "甲"], "b": ["的", "乙"]}), scheme="rank")
    assert (weights["的"] == 0.0).all()


def test_positions_spans_and_dispersion() -> None:
    tokenized = pd.DataFrame({"article_id": ["a", "a", "b"], "locality": ["X", "X", "Y"],
                              "paragraph_no": [1, 2, 1],
                              "tokens": [["甲", "乙"], ["乙"], ["甲"]]})
    spans = count.article_spans(tokenized)
    assert spans.to_dict("records") == [
        {"article_id": "a", "locality": "X", "start": 0, "end": 3, "n_tokens": 3},
        {"article_id": "b", "locality": "Y", "start": 3, "end": 4, "n_tokens": 1}]
    positions = count.term_positions(tokenized, ["乙", "甲"])
    assert positions[["term", "position", "paragraph_no"]].values.tolist() == [
        ["乙", 1, 1], ["乙", 2, 2], ["甲", 0, 1], ["甲", 3, 1]]


def test_gries_dp_by_hand() -> None:
    even = count.dispersion({"a": ["x", "y"], "b": ["x", "y"]}, ["x"])
    assert even.dp.tolist() == [0.0]
    lumped = count.dispersion({"a": ["x", "x"], "b": ["y", "y"]}, ["x"])
    assert lumped.dp.tolist() == [0.5]
    small = count.dispersion({"a": ["x"], "b": ["y", "y", "y"]}, ["x", "z"])
    assert small.dp.iloc[0] == pytest.approx(0.75)  # ½(|1 − ¼| + |0 − ¾|)
    assert small[["count", "n_docs", "n_docs_total"]].values.tolist() == [[1, 1, 2], [0, 0, 2]]
    assert math.isnan(small.dp.iloc[1])


def test_zipf_fit_recovers_an_exact_power_law() -> None:
    counts = pd.Series({"甲": 12, "乙": 6, "丙": 4, "丁": 3})  # 12 / rank
    ranks = count.rank_frequency(counts)
    assert ranks["rank"].tolist() == [1, 2, 3, 4]
    fit = count.zipf_fit(ranks)
    assert fit["slope"] == pytest.approx(-1.0)
    assert fit["intercept"] == pytest.approx(math.log10(12))
    assert fit["r_squared"] == pytest.approx(1.0)
    assert count.zipf_fit(ranks, min_count=4)["n_types"] == 3


def test_kwic_sorts_by_context() -> None:
    paragraphs = pd.DataFrame({"article_id": ["a"], "locality": ["X"], "paragraph_no": [1],
                               "text": ["乙改革丙，甲改革乙，丙改革甲"]})
    assert count.kwic(paragraphs, "改革", window=1).right.tolist() == ["丙", "乙", "甲"]
    by_right = count.kwic(paragraphs, "改革", window=1, sort="right")
    assert by_right.right.tolist() == sorted(["丙", "乙", "甲"])
    by_left = count.kwic(paragraphs, "改革", window=2, sort="left")
    assert by_left.left.tolist() == sorted(["乙", "，甲", "，丙"], key=lambda s: s[::-1])
    with pytest.raises(ValueError, match="sort must be"):
        count.kwic(paragraphs, "改革", sort="middle")


def test_dp_norm_by_hand() -> None:
    # sizes 1 and 3 → shares ¼, ¾; DP of x (all in a) = ½(|1 − ¼| + |0 − ¾|) = 0.75, the
    # maximum 1 − min share = 0.75, so DP_norm = 1 (as concentrated as it can be); y (all
    # in b) has DP = ½(|0 − ¼| + |1 − ¾|) = 0.25 → DP_norm = 0.25 / 0.75 = ⅓.
    small = count.dispersion({"a": ["x"], "b": ["y", "y", "y"]}, ["x", "y"])
    assert small.dp_norm.tolist() == pytest.approx([1.0, 1 / 3])
    # equal sizes: the maximum is ½, so a term lumped in one of two halves has DP_norm 1
    lumped = count.dispersion({"a": ["x", "x"], "b": ["y", "y"]}, ["x"])
    assert lumped.dp_norm.tolist() == [1.0]
    even = count.dispersion({"a": ["x", "y"], "b": ["x", "y"]}, ["x"])
    assert even.dp_norm.tolist() == [0.0]


def test_zipf_mle_recovers_s_equal_1() -> None:
    # Frequencies drawn from the discrete power law P(f) ∝ f^−2 (scipy's zipf(2) is exactly
    # f^−α / ζ(α)); the rank–frequency law of such data has exponent s = 1/(α − 1) = 1.
    from scipy.stats import zipf

    counts = zipf.rvs(2.0, size=5000, random_state=0)
    fit = count.zipf_mle(counts, xmin=1)
    assert fit["alpha"] == pytest.approx(2.0, abs=0.05)
    assert fit["s"] == pytest.approx(1.0, abs=0.05)
    assert fit["s_low"] < 1.0 < fit["s_high"]
    chosen = count.zipf_mle(counts)  # xmin by KS
    assert chosen["s"] == pytest.approx(1.0, abs=0.05)
    # the OLS slope on the same points is off by more than the MLE's error
    ranks = count.rank_frequency(pd.Series(sorted(counts, reverse=True)))
    assert abs(count.zipf_fit(ranks)["slope"] + 1) > abs(fit["s"] - 1)
    assert count.rank_exponent(2.0) == 1.0 and count.rank_exponent(3.0) == 0.5


def test_zipf_mle_alpha_by_hand_against_the_likelihood() -> None:
    # The MLE solves ζ'(α, 1)/ζ(α, 1) = −mean(ln f): check the score is 0 at the estimate.
    from scipy.special import zeta

    counts = [1, 1, 1, 1, 2, 2, 3, 5, 8, 40] * 10
    alpha = count.zipf_mle(counts, xmin=1)["alpha"]
    h = 1e-6
    dlog = (math.log(zeta(alpha + h, 1)) - math.log(zeta(alpha - h, 1))) / (2 * h)
    assert dlog == pytest.approx(-sum(math.log(c) for c in counts) / len(counts), abs=1e-4)


def test_zipf_vs_lognormal_tells_lognormal_data_apart() -> None:
    rng = np.random.default_rng(0)
    counts = np.round(np.exp(rng.normal(1.0, 1.2, 5000))).astype(int)
    counts = counts[counts >= 1]
    test = count.zipf_vs_lognormal(counts, count.zipf_mle(counts, xmin=1))
    assert test["favoured"] == "lognormal" and test["loglik_ratio"] < 0
    assert test["lognormal_sigma"] == pytest.approx(1.2, abs=0.1)


def test_zipf_null_reproduces_the_ols_bias() -> None:
    # An exact s = 1 text of the corpus's size: OLS slope about −0.87, not −1.
    null = count.zipf_null(11_700, 3_100, n_sim=5, seed=1)
    assert len(null) == 5 and null.n_types.between(2900, 3300).all()
    assert null.ols_slope.between(-0.92, -0.82).all()
    assert (null.mle_s - 1).abs().max() < 0.2
