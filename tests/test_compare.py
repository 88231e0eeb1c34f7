"""Themes, keyness, similarity and correspondence analysis on hand-made inputs."""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.stats import chi2_contingency

from helpers.analysis import compare, dfm
from helpers.text import segment

GRID, MEETING, SERVICE = "Grid policing", "Meetings (time markers)", "Services"


def make_paragraphs(rows: list[tuple[str, str, int, str]]) -> pd.DataFrame:
    """(article_id, locality, paragraph_no, text) → a paragraphs table with n_chars."""
    table = pd.DataFrame(rows, columns=["article_id", "locality", "paragraph_no", "text"])
    return table.assign(n_chars=table.text.str.len())


def user_lexicon() -> pd.DataFrame:
    """A user's dictionary: none of these terms need be in the package lexicon."""
    return pd.DataFrame({
        "term": ["网格员", "网格", "二十大", "一网通办"],
        "theme": [GRID, GRID, MEETING, SERVICE],
        "variants": ["", "", "", "一网 通办|一网、通办"],
        "scored": [True, True, False, True],
    })


# --------------------------------------------------------------------------- themes
def test_theme_hits_find_a_user_lexicon_longest_first() -> None:
    # issue 12: the user's terms are matched, not the package lexicon's; 网格员 is one hit
    # (not also 网格), the spaced variant counts under its term, the meeting is kept but
    # marked as not scored.
    paragraphs = make_paragraphs([("a", "X", 1, "二十大以来，网格员走进网格，推行一网 通办。")])
    hits = compare.theme_hits(paragraphs, lexicon=user_lexicon())
    assert hits[["term", "theme", "scored"]].values.tolist() == [
        ["二十大", MEETING, False], ["网格员", GRID, True], ["网格", GRID, True],
        ["一网通办", SERVICE, True]]
    counts = compare.theme_counts(paragraphs, lexicon=user_lexicon()).set_index("theme").hits
    assert counts.to_dict() == {GRID: 2, SERVICE: 1}  # the time-marker theme is not scored
    everything = compare.theme_counts(paragraphs, lexicon=user_lexicon(), scored_only=False)
    assert everything.set_index("theme").hits[MEETING] == 1
    assert compare.scored_themes(user_lexicon()) == [GRID, SERVICE]


def test_a_user_lexicon_from_a_csv_path(tmp_path: Path) -> None:
    # a two-column dictionary file (plus variants) is enough; every theme is scored
    path = tmp_path / "my_dictionary.csv"
    path.write_text("term,theme,variants\n网格员,Grid,网格 员\n一网通办,Services,\n",
                    encoding="utf-8")
    paragraphs = make_paragraphs([("a", "X", 1, "网格 员推行一网通办。")])
    hits = compare.theme_hits(paragraphs, lexicon=path)
    assert hits[["term", "theme", "scored"]].values.tolist() == [
        ["网格员", "Grid", True], ["一网通办", "Services", True]]
    assert compare.scored_themes(path) == ["Grid", "Services"]


def test_theme_hits_with_the_package_lexicon_are_its_tokens() -> None:
    text = "坚持“两个确立”，深化“专业 + 机制 + 大数据”改革，建好社区警务队，做实社区警务。"
    hits = compare.theme_hits(make_paragraphs([("a", "X", 1, text)]))
    assert list(zip(hits.offset, hits.term, strict=True)) == segment.term_occurrences(text)
    assert "社区警务队" in set(hits.term)


def test_theme_matching_is_segment_term_occurrences_for_any_lexicon() -> None:
    # one matcher: compare's theme hits are segment.term_occurrences with the same lexicon
    # (bundled, a table, a CSV path), on every bundled paragraph and on the user's text
    from helpers.text import corpus

    texts = list(corpus.load_paragraphs().text) + ["二十大以来，网格员走进网格，推行一网 通办。"]
    for lexicon, spec in [(None, True), (user_lexicon(), user_lexicon())]:
        matcher = compare.theme_matcher(lexicon)
        for text in texts:
            assert matcher.occurrences(text) == segment.term_occurrences(text, lexicon=spec)
            assert matcher.prepare(text) == segment.prepare(text, lexicon=spec)


def test_theme_evidence_rows_are_the_counted_hits() -> None:
    paragraphs = make_paragraphs([
        ("a", "X", 1, "请网格员进网格。"),
        ("b", "Y", 1, "网格"),
    ])
    evidence = compare.theme_evidence(paragraphs, "X", GRID, window=2, lexicon=user_lexicon())
    assert evidence[["keyword", "left", "right"]].values.tolist() == [
        ["网格员", "请", "进网"], ["网格", "员进", "。"]]
    assert set(evidence.theme) == {GRID}
    assert compare.theme_evidence(paragraphs, "X", SERVICE, lexicon=user_lexicon()).empty


def test_bootstrap_of_constant_paragraphs_has_zero_width() -> None:
    # every paragraph: one grid term in 50 characters → 200 per 10,000, in every resample
    text = "网格" + "。" * 48
    paragraphs = make_paragraphs([("a", "X", i, text) for i in range(1, 6)])
    rates = compare.theme_rates(paragraphs, n_boot=200, lexicon=user_lexicon(),
                                method="percentile")
    row = rates.set_index("theme").loc[GRID]
    assert (row.rate, row.low, row.high) == (200.0, 200.0, 200.0)
    assert (row.hits, row.n_chars, row.n_rows) == (5, 250, 5)
    assert MEETING not in set(rates.theme)


def test_bootstrap_of_two_paragraphs_has_the_reasoned_percentile_interval() -> None:
    # Paragraph A: 1 hit in 100 characters; paragraph B: 0 hits in 100 characters.
    # A resample of two paragraphs is AA (rate 100, p = 1/4), AB or BA (50, p = 1/2) or
    # BB (0, p = 1/4). The 2.5% quantile lies inside the BB mass (0) and the 97.5%
    # quantile inside the AA mass (100): the interval is [0, 100] around the estimate 50.
    paragraphs = make_paragraphs([("a", "X", 1, "网格" + "。" * 98), ("a", "X", 2, "。" * 100)])
    rates = compare.theme_rates(paragraphs, n_boot=2000, seed=7, lexicon=user_lexicon(),
                                method="percentile")
    rates = rates.set_index("theme")
    assert tuple(rates.loc[GRID, ["rate", "low", "high"]]) == (50.0, 0.0, 100.0)
    assert tuple(rates.loc[SERVICE, ["rate", "low", "high"]]) == (0.0, 0.0, 0.0)
    again = compare.theme_rates(paragraphs, n_boot=2000, seed=7, lexicon=user_lexicon(),
                                method="percentile")
    pd.testing.assert_frame_equal(rates, again.set_index("theme"))  # fixed seed, same draws


def test_top_themes_and_rate_matrix_order() -> None:
    rates = pd.DataFrame({"locality": ["B", "B", "A", "A"], "theme": ["t1", "t2", "t1", "t2"],
                          "rate": [1.0, 3.0, 2.0, 0.0], "low": 0.0, "high": 5.0})
    top = compare.top_themes(rates, n=2)
    assert top[["locality", "theme"]].values.tolist() == [["A", "t1"], ["B", "t2"], ["B", "t1"]]
    matrix = compare.rate_matrix(rates, order=["B"])
    assert list(matrix.index) == ["B", "A"] and list(matrix.columns) == ["t1", "t2"]


def test_level_comes_from_admin_level_not_from_names() -> None:
    # A place called "National" that is a prefecture is local; an unnamed national text
    # is non-local. Labels put the non-local localities last.
    articles = pd.DataFrame({
        "article_id": ["a", "b", "c", "d"],
        "locality": ["Changzhou", "Anywhere", "National", "Yichang"],
        "locality_zh": ["常州", "某地", "全国", "宜昌"],
        "admin_level": ["prefecture", "unspecified", "prefecture", "national"]})
    assert list(compare.locality_labels(articles).items()) == [
        ("Changzhou", "常州 Changzhou"), ("National", "全国 National"),
        ("Yichang", "宜昌 Yichang"), ("Anywhere", "某地 Anywhere")]
    assert compare.add_level(articles).level.tolist() == [
        "local", "non-local", "local", "non-local"]
    paragraphs = pd.DataFrame({"article_id": ["d", "a"]})
    assert compare.add_level(paragraphs, articles).level.tolist() == ["non-local", "local"]
    with pytest.raises(KeyError, match="article"):
        compare.add_level(pd.DataFrame({"article_id": ["zz"]}), articles)


def test_level_contrast_is_an_exact_permutation_over_articles() -> None:
    # Four articles of 100 characters each; grid hits 4, 0, 1, 1; article n is non-local.
    # Observed: non-local pooled rate 400, local (0 + 1 + 1)/300 → 66.67 per 10,000;
    # difference 333.33. The C(4, 1) = 4 labellings give |differences| 333.33 (n),
    # 200 (l1: 0 vs 6/300), 66.67 (l2: 100 vs 5/300 = 166.67), 66.67 (l3): only the
    # observed one is as extreme, so p = 1/4 = min_p. Paragraphs are summed per article
    # first: n's two paragraphs are one unit.
    paragraphs = make_paragraphs([
        ("n", "N", 1, "网格网格" + "。" * 46), ("n", "N", 2, "网格网格" + "。" * 46),
        ("l1", "A", 1, "。" * 100), ("l2", "B", 1, "网格" + "。" * 98),
        ("l3", "C", 1, "网格" + "。" * 98)])
    articles = pd.DataFrame({"article_id": ["n", "l1", "l2", "l3"],
                             "admin_level": ["national", "prefecture", "district", "prefecture"]})
    units = compare.article_theme_counts(paragraphs, lexicon=user_lexicon())
    assert units[units.theme == GRID][["article_id", "hits", "n_chars"]].values.tolist() == [
        ["n", 4, 100], ["l1", 0, 100], ["l2", 1, 100], ["l3", 1, 100]]
    table = compare.level_contrast(paragraphs, articles, lexicon=user_lexicon())
    row = table.set_index("theme").loc[GRID]
    assert (row.nonlocal_rate, row.local_rate, row.difference) == (400.0, 66.67, 333.33)
    assert row.p_permutation == pytest.approx(0.25) and row.min_p == pytest.approx(0.25)
    assert (row.n_labellings, bool(row.exact), row.n_nonlocal, row.n_local) == (4, True, 1, 3)
    assert (row.nonlocal_hits, row.local_hits, row.local_with_hits) == (4, 2, 2)
    assert list(table.columns[:5]) == ["theme", "nonlocal_rate", "local_rate", "difference",
                                       "p_permutation"]


def test_phrase_counts_per_article() -> None:
    paragraphs = make_paragraphs([
        ("a", "X", 1, "聚焦思想观念现代化。"), ("a", "X", 2, "推进思想观念现代化、职能体系现代化。"),
        ("b", "Y", 3, "职能体系 现代化")])
    phrases = {"ideas": ["思想观念现代化"], "functions": ["职能体系现代化"], "none": ["无此语"]}
    table = compare.phrase_counts(paragraphs, phrases)
    assert table.values.tolist() == [
        ["ideas", "思想观念现代化", "a", 2, "1,2"], ["functions", "职能体系现代化", "a", 1, "2"],
        ["functions", "职能体系现代化", "b", 1, "3"]]  # the spaced form is normalised
    assert compare.phrase_counts(paragraphs, {"none": ["无此语"]}).empty


def test_theme_label_reads_the_lexicon_passed() -> None:
    lexicon = user_lexicon().assign(theme_zh=["网格", "网格", "会议", "服务"])
    assert compare.theme_label(GRID, lexicon=lexicon) == f"网格\n{GRID}"
    assert compare.theme_label(GRID, lexicon=user_lexicon()) == GRID  # no Chinese names


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
    # the two-cell Rayson-Garside form reproduces the hand computation of log_likelihood
    table = compare.keyness(target, reference, min_count=3, method="rayson")
    assert "丙" not in set(table.term)  # 1 + 1 occurrences: below min_count
    row = table.set_index("term").loc["甲"]
    assert (row.target_count, row.reference_count) == (10, 20)
    assert (row.g2, row.log_ratio, row.direction) == (2.92, 1.0, "+")
    assert row.target_per_10k == 100.0 and row.reference_per_10k == 50.0
    assert 0.05 < row.p < 0.1  # χ²(1) tail of 2.92
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
    # six tokens per side pass no q filter: list the candidates instead
    top = compare.top_keyness(table, n=1, min_target=2, only_passing=False)
    assert top[["locality", "term", "rank"]].values.tolist() == [["X", "甲", 1], ["Y", "丙", 1]]


# --------------------------------------------------------------------------- similarity
def test_tfidf_and_cosine_similarity() -> None:
    tokens = pd.DataFrame({"article_id": ["a", "b", "c"],
                           "tokens": [["甲", "乙"], ["甲", "乙"], ["丙"]]})
    doc_term = compare.doc_term_matrix(tokens)
    assert list(doc_term.columns) == ["丙", "乙", "甲"] and list(doc_term.index) == ["a", "b", "c"]
    weights = dfm.tfidf(dfm.from_frame(doc_term), scheme="similarity")
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


def test_ca_of_a_large_table_uses_leading_vectors_with_the_full_svds_answer(monkeypatch):
    """Above _FULL_SVD_MAX rows and columns only the leading triplets are computed
    (ARPACK); coordinates, masses and inertia shares equal the full SVD's."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(0)
    rates = np.outer(rng.gamma(2, size=320), rng.gamma(1, size=340))
    rates[:160, :40] *= 4  # a structure, so the leading dimensions are well separated
    table = pd.DataFrame(rng.poisson(rates).astype(float))
    truncated = compare.correspondence_analysis(table, decimals=12)
    monkeypatch.setattr(compare, "_FULL_SVD_MAX", 10_000)
    full = compare.correspondence_analysis(table, decimals=12)
    pd.testing.assert_frame_equal(truncated.rows, full.rows, atol=1e-9, rtol=0)
    pd.testing.assert_frame_equal(truncated.columns, full.columns, atol=1e-9, rtol=0)
    pd.testing.assert_frame_equal(truncated.inertia, full.inertia, atol=1e-9, rtol=0)
