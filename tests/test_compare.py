"""Themes, keyness, similarity and correspondence analysis on hand-made inputs."""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
import pandas as pd
import pytest
from scipy.stats import chi2_contingency

from helpers import compare

PARTY = "Party leadership and loyalty"
GRASSROOTS = "Grassroots and police-station reform"
MODEL = "Policing model and structural reform"


def make_paragraphs(rows: list[tuple[str, str, int, str]]) -> pd.DataFrame:
    """(article_id, locality, paragraph_no, text) → a paragraphs table with n_chars."""
    table = pd.DataFrame(rows, columns=["article_id", "locality", "paragraph_no", "text"])
    return table.assign(n_chars=table.text.str.len())


# --------------------------------------------------------------------------- themes
def test_theme_counts_use_the_segmentation_matching() -> None:
    # 社区警务队 is one term: the 社区警务 inside it is not a second hit.
    paragraphs = make_paragraphs([
        ("a", "X", 1, "坚持“两个确立”，深化“专业 + 机制 + 大数据”改革，建好社区警务队，做实社区警务。"),
    ])
    counts = compare.theme_counts(paragraphs).set_index("theme").hits
    assert counts[PARTY] == 1
    assert counts[MODEL] == 1  # the spaced variant is found under its term
    assert counts[GRASSROOTS] == 2
    assert counts.sum() == 4
    assert len(counts) == 14  # every theme, zeros included


def test_theme_evidence_rows_are_the_counted_hits() -> None:
    paragraphs = make_paragraphs([
        ("a", "X", 1, "建好社区警务队，做实社区警务。"),
        ("b", "Y", 1, "社区警务"),
    ])
    evidence = compare.theme_evidence(paragraphs, "X", GRASSROOTS, window=2)
    assert evidence[["keyword", "left", "right"]].values.tolist() == [
        ["社区警务队", "建好", "，做"], ["社区警务", "做实", "。"]]
    assert set(evidence.theme) == {GRASSROOTS}
    assert compare.theme_evidence(paragraphs, "X", PARTY).empty


def test_bootstrap_of_constant_paragraphs_has_zero_width() -> None:
    # every paragraph: one Party term in 50 characters → 200 per 10,000, in every resample
    text = "两个确立" + "。" * 46
    paragraphs = make_paragraphs([("a", "X", i, text) for i in range(1, 6)])
    row = compare.theme_rates(paragraphs, n_boot=200).set_index("theme").loc[PARTY]
    assert (row.rate, row.low, row.high) == (200.0, 200.0, 200.0)
    assert (row.hits, row.n_chars, row.n_rows) == (5, 250, 5)


def test_bootstrap_of_two_paragraphs_has_the_reasoned_percentile_interval() -> None:
    # Paragraph A: 1 hit in 100 characters; paragraph B: 0 hits in 100 characters.
    # A resample of two paragraphs is AA (rate 100, p = 1/4), AB or BA (50, p = 1/2) or
    # BB (0, p = 1/4). The 2.5% quantile lies inside the BB mass (0) and the 97.5%
    # quantile inside the AA mass (100): the interval is [0, 100] around the estimate 50.
    paragraphs = make_paragraphs([("a", "X", 1, "两个确立" + "。" * 96), ("a", "X", 2, "。" * 100)])
    rates = compare.theme_rates(paragraphs, n_boot=2000, seed=7).set_index("theme")
    assert tuple(rates.loc[PARTY, ["rate", "low", "high"]]) == (50.0, 0.0, 100.0)
    assert tuple(rates.loc[GRASSROOTS, ["rate", "low", "high"]]) == (0.0, 0.0, 0.0)
    again = compare.theme_rates(paragraphs, n_boot=2000, seed=7).set_index("theme")
    pd.testing.assert_frame_equal(rates, again)  # fixed seed, same draws


def test_top_themes_and_rate_matrix_order() -> None:
    rates = pd.DataFrame({"locality": ["B", "B", "A", "A"], "theme": ["t1", "t2", "t1", "t2"],
                          "rate": [1.0, 3.0, 2.0, 2.0], "low": 0.0, "high": 5.0})
    top = compare.top_themes(rates, n=1)
    assert top[["locality", "theme"]].values.tolist() == [["A", "t1"], ["B", "t2"]]  # tie: name
    matrix = compare.rate_matrix(rates, order=["B"])
    assert list(matrix.index) == ["B", "A"] and list(matrix.columns) == ["t1", "t2"]


def test_locality_labels_put_central_texts_last_and_add_level() -> None:
    articles = pd.DataFrame({"locality": ["Changzhou", "Unspecified", "National", "Yichang"],
                             "locality_zh": ["常州", "不详", "全国", "宜昌"]})
    assert list(compare.locality_labels(articles).items()) == [
        ("Changzhou", "常州 Changzhou"), ("Yichang", "宜昌 Yichang"),
        ("National", "全国 National"), ("Unspecified", "不详 Unspecified")]
    assert compare.add_level(articles).level.tolist() == ["local", "central", "central", "local"]


# --------------------------------------------------------------------------- keyness
def test_log_likelihood_matches_the_published_formula_by_hand() -> None:
    # a = 10 of c = 1,000 target tokens; b = 20 of d = 4,000 reference tokens.
    # E1 = c·(a+b)/(c+d) = 1000·30/5000 = 6;  E2 = d·(a+b)/(c+d) = 4000·30/5000 = 24.
    # G² = 2·(10·ln(10/6) + 20·ln(20/24)) = 2·(5.108256 − 3.646431) = 2.923650.
    assert compare.log_likelihood(10, 20, 1000, 4000) == pytest.approx(2.923650, abs=1e-6)
    # A zero count contributes 0·ln 0 = 0: a = 0, b = 5, c = d = 100 → E2 = 2.5,
    # G² = 2·5·ln(5/2.5) = 10·ln 2.
    assert compare.log_likelihood(0, 5, 100, 100) == pytest.approx(10 * math.log(2))


def test_log_ratio_and_its_zero_correction() -> None:
    # (10/1000) / (20/4000) = 0.01 / 0.005 = 2 → log2 = 1: twice as frequent.
    assert compare.log_ratio(10, 20, 1000, 4000) == pytest.approx(1.0)
    # a = 0 is replaced by 0.5: (0.5/1000) / (20/4000) = 0.1 → log2 0.1 = −3.3219.
    assert compare.log_ratio(0, 20, 1000, 4000) == pytest.approx(math.log2(0.1))
    assert compare.log_ratio(4, 0, 100, 100, zero=1.0) == pytest.approx(2.0)


def test_keyness_table_columns_filter_and_order() -> None:
    target = Counter({"甲": 10, "乙": 989, "丙": 1})
    reference = Counter({"甲": 20, "乙": 3979, "丙": 1})
    table = compare.keyness(target, reference, min_count=3)
    assert "丙" not in set(table.term)  # 1 + 1 occurrences: below min_count
    row = table.set_index("term").loc["甲"]
    assert (row.target_count, row.reference_count) == (10, 20)
    assert (row.g2, row.log_ratio, row.direction) == (2.92, 1.0, "+")
    assert row.target_per_10k == 100.0 and row.reference_per_10k == 50.0
    assert 0.05 < row.p_value < 0.1  # χ²(1) tail of 2.92
    assert table.set_index("term").loc["乙"].direction == "-"
    assert list(table.g2) == sorted(table.g2, reverse=True)


def test_keyness_by_group_counts_articles() -> None:
    tokens = pd.DataFrame({
        "locality": ["X", "X", "Y", "Y"], "article_id": ["x1", "x2", "y1", "y1"],
        "tokens": [["甲", "甲", "乙"], ["甲", "丁"], ["乙", "乙", "丙"], ["丙", "丙", "乙"]]})
    table = compare.keyness_by_group(tokens, min_count=2)
    assert list(dict.fromkeys(table.locality)) == ["X", "Y"]
    row = table[(table.locality == "X") & (table.term == "甲")].iloc[0]
    assert (row.target_count, row.reference_count, row.target_articles, row.n_articles) == (
        3, 0, 2, 2)
    top = compare.top_keyness(table, n=1, min_target=2)
    assert top[["locality", "term", "rank"]].values.tolist() == [["X", "甲", 1], ["Y", "丙", 1]]


# --------------------------------------------------------------------------- similarity
def test_tfidf_and_cosine_similarity() -> None:
    tokens = pd.DataFrame({"article_id": ["a", "b", "c"],
                           "tokens": [["甲", "乙"], ["甲", "乙"], ["丙"]]})
    doc_term = compare.doc_term_matrix(tokens)
    assert list(doc_term.columns) == ["丙", "乙", "甲"] and list(doc_term.index) == ["a", "b", "c"]
    weights = compare.tfidf(doc_term)
    # idf(甲) = ln(4/3) + 1, idf(丙) = ln(4/2) + 1; rows have unit length
    assert np.allclose((weights ** 2).sum(axis=1), 1.0)
    sims = compare.cosine_similarity(weights)
    assert sims.loc["a", "b"] == 1.0 and sims.loc["a", "c"] == 0.0
    merges = compare.average_linkage(sims)
    assert merges.iloc[0][["left", "right", "distance", "size"]].tolist() == [0, 1, 0.0, 2]
    assert merges.iloc[1].distance == 1.0  # c joins at cosine distance 1


def test_doc_term_matrix_filters() -> None:
    tokens = pd.DataFrame({"article_id": ["a", "b"], "tokens": [["甲", "甲", "乙"], ["甲", "丙"]]})
    kept = compare.doc_term_matrix(tokens, min_count=2, min_docs=2)
    assert list(kept.columns) == ["甲"]


def test_correspondence_analysis_of_a_perfect_association() -> None:
    # P = [[.5, 0], [0, .5]], r = c = (.5, .5): S = [[.5, −.5], [−.5, .5]] has one singular
    # value 1 (inertia 1 = φ²); principal coordinates are ±1/√.5 · 1/√2 · 1 = ±1.
    table = pd.DataFrame([[10, 0], [0, 10]], index=["r1", "r2"], columns=["c1", "c2"])
    ca = compare.correspondence_analysis(table, n_components=1)
    assert ca.inertia.inertia.tolist() == [1.0] and ca.inertia.share.tolist() == [1.0]
    assert ca.rows.dim1.tolist() == [1.0, -1.0]  # sign: largest loading positive (first)
    assert ca.columns.dim1.tolist() == [1.0, -1.0]


def test_correspondence_analysis_inertia_is_chi2_over_n() -> None:
    table = pd.DataFrame([[20, 5, 3], [4, 18, 6], [2, 7, 25], [9, 9, 9]],
                         index=list("abcd"), columns=list("xyz"))
    ca = compare.correspondence_analysis(table, n_components=2, decimals=10)
    chi2_value = chi2_contingency(table.to_numpy(), correction=False)[0]
    assert ca.inertia.inertia.sum() == pytest.approx(chi2_value / table.to_numpy().sum())
    assert ca.inertia.share.sum() == pytest.approx(1.0)  # a 4 × 3 table has rank 2
    # principal coordinates are centred (mass-weighted mean zero); contributions sum to 1
    assert (ca.rows.mass * ca.rows.dim1).sum() == pytest.approx(0.0, abs=1e-9)
    assert ca.rows.ctr_dim1.sum() == pytest.approx(1.0)
    assert ca.columns.ctr_dim2.sum() == pytest.approx(1.0)
