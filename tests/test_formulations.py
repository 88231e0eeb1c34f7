"""Quotes, normalisation, formulation counts, presence/overlap and shingles on hand-made
texts."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers.analysis import formulations as F
from helpers.errors import CorpusError
from helpers.text import corpus

#: Column order for the hand-made corpora below (a user's localities, not a constant of
#: the library).
LOCALITIES = ["Changzhou", "Qiqihar", "Huangshan", "Yichang", "Tianshui", "Zhangqiu",
              "Zhengdong", "National", "Unspecified"]


def make_paragraphs(rows: list[tuple[str, str, int, str]]) -> pd.DataFrame:
    """(article_id, locality, paragraph_no, text) → a paragraphs table."""
    return pd.DataFrame(rows, columns=["article_id", "locality", "paragraph_no", "text"])


# --------------------------------------------------------------------------- quote marks
def test_quote_marks_are_unified() -> None:
    assert F.normalize_quote_marks("「枫桥经验」和『两队一室』") == "“枫桥经验”和‘两队一室’"
    assert F.normalize_quote_marks('推广"两张清单"和"一窗通办"') == "推广“两张清单”和“一窗通办”"
    assert F.normalize_quote_marks("他说'责任田'") == "他说‘责任田’"
    assert F.normalize_quote_marks("don't stop") == "don't stop"  # an English apostrophe


# --------------------------------------------------------------------------- extraction
def test_nested_quotes_are_found_with_their_depth() -> None:
    text = "他说：“要落实‘两个确立’，做到‘两个维护’。”随后"
    quotes = F.extract_quotes(text)
    assert quotes[["depth", "mark", "quote"]].values.tolist() == [
        [0, "“”", "要落实‘两个确立’，做到‘两个维护’。"],
        [1, "‘’", "两个确立"],
        [1, "‘’", "两个维护"]]
    assert text[quotes.start[0]] == "“" and text[quotes.end[0] - 1] == "”"
    assert F.quote_problems(text).empty


def test_unclosed_quote_is_reported_and_later_quotes_survive() -> None:
    text = "提出“枫桥经验，以及“一村一警”和“三个规定”。"
    assert F.extract_quotes(text).quote.tolist() == ["一村一警", "三个规定"]
    assert F.extract_quotes(text).depth.tolist() == [0, 0]  # not nested in the open quote
    assert F.quote_problems(text).values.tolist() == [[2, "“", "unclosed"]]


def test_unopened_and_mismatched_marks() -> None:
    text = "甲”乙“丙‘丁”戊’"
    # ” at 1 has no opener; “丙‘丁” closes over the unclosed ‘; the last ’ has no opener.
    assert F.extract_quotes(text).quote.tolist() == ["丙‘丁"]
    assert F.quote_problems(text).values.tolist() == [
        [1, "”", "unopened"], [5, "‘", "unclosed"], [9, "’", "unopened"]]


def test_quote_open_at_the_end_yields_nothing() -> None:
    assert F.extract_quotes("推进“专业+机制+大数据").empty
    assert F.quote_problems("推进“专业+机制+大数据").problem.tolist() == ["unclosed"]


# --------------------------------------------------------------------------- normalising
def test_variants_normalise_to_one_formulation() -> None:
    for variant in ["专业 + 机制 + 大数据", "专业＋机制＋大数据", " 专业+机制+大数据，"]:
        assert F.normalize_formulation(variant) == "专业+机制+大数据"
    assert F.normalize_formulation("一村（格）一警") == "一村一警"  # lexicon variant → term
    assert F.normalize_formulation("一村(格)一警") == "一村一警"  # half-width brackets
    assert F.normalize_formulation("情报、指挥、行动") == "情指行"
    assert F.normalize_formulation("大景区•花满城") == "大景区·花满城"
    assert F.normalize_formulation("１＋Ｎ") == "1+N"
    assert F.normalize_formulation("真是太方便了。") == "真是太方便了。"  # sentence end kept


def test_classify_form_rules() -> None:
    lexicon_terms = {"两个确立"}
    assert F.classify_form("两个确立", lexicon_terms=lexicon_terms) == "lexicon"
    assert F.classify_form("阿伯你身体最近如何？") == "speech"
    assert F.classify_form("一" * 26) == "speech"
    assert F.classify_form("防") == "single character"
    assert F.classify_form("龙头") == "ordinary word"  # frequent in jieba's dictionary
    assert F.classify_form("两张清单") == "formulation"
    assert F.classify_form("龙头", common_freq=10**9) == "formulation"


def test_general_word_frequencies_are_the_lookups_and_are_cached(monkeypatch) -> None:
    words = ["龙头", "两张清单", "体检", "龙头"]
    table = F.general_word_frequencies(words)
    assert table == {w: F.general_word_frequency(w) for w in set(words)}
    assert table["龙头"] > 0 and table["两张清单"] == 0
    monkeypatch.setattr(F, "general_word_frequency", lambda w: -1)
    assert F.general_word_frequencies(reversed(words)) == table, "same words: the cache"
    assert F.general_word_frequencies(["枫桥"]) == {"枫桥": -1}, "other words: looked up"
    assert F.classify_form("龙头", frequencies={"龙头": 10**6}) == "ordinary word"
    assert F.classify_form("龙头", frequencies={}) == "formulation"


def test_quotes_table_normalises_and_classifies() -> None:
    paragraphs = make_paragraphs([("a", "Changzhou", 1, "深化「专业 + 机制 + 大数据」，当好\"龙头\"。")])
    table = F.quotes_table(paragraphs)
    assert table[["formulation", "form", "depth"]].values.tolist() == [
        ["专业+机制+大数据", "lexicon", 0], ["龙头", "ordinary word", 0]]


# --------------------------------------------------------------------------- counting
def toy_corpus() -> pd.DataFrame:
    return make_paragraphs([
        ("cz", "Changzhou", 1, "深化“专业 + 机制 + 大数据”改革，推行“首违免罚”。"),
        ("cz", "Changzhou", 2, "专业+机制+大数据是关键，“龙头”作用。"),
        ("qq", "Qiqihar", 1, "用好“大数据”，落实“两张清单”。"),
        ("xh", "National", 1, "推广“两张清单”和专业+机制+大数据。"),
    ])


def test_formulation_counts_quoted_and_unquoted() -> None:
    paragraphs = toy_corpus()
    counts = F.formulation_counts(paragraphs, F.quotes_table(paragraphs), localities=LOCALITIES)
    counts = counts.set_index("formulation")
    assert list(counts.columns[:9]) == LOCALITIES  # all nine, in order, always
    model = counts.loc["专业+机制+大数据"]
    assert (model.Changzhou, model.National, model.Qiqihar, model.Unspecified) == (2, 1, 0, 0)
    assert (model.quoted_total, model.unquoted_total, model.total) == (1, 2, 3)
    assert (model.source, model.form) == ("both", "lexicon")
    assert (model.spread, model.used_in) == ("several localities", "Changzhou; National")
    # 大数据 inside the lexicon term is part of the formula, not a use of 大数据
    assert counts.loc["大数据", LOCALITIES].sum() == 1
    assert counts.loc["大数据"].spread == "one locality"
    assert counts.loc["两张清单"].spread == "several localities"
    assert counts.loc["首违免罚"].source == "both"  # lexicon programme, quoted here
    assert "龙头" not in counts.index  # ordinary words are not formulations
    assert "两个确立" not in counts.index  # lexicon formulations never used are left out


def test_default_locality_order_is_the_order_of_the_paragraphs() -> None:
    paragraphs = toy_corpus()
    counts = F.formulation_counts(paragraphs, F.quotes_table(paragraphs))
    assert F.locality_columns(counts) == ["Changzhou", "Qiqihar", "National"]
    presence = F.presence_matrix(counts, F.quotes_table(paragraphs))
    assert list(presence.columns) == ["Changzhou", "Qiqihar", "National"]


def test_nested_formulation_is_not_counted_inside_the_longer_one() -> None:
    # 1+N is quoted on its own once (Huangshan) and occurs inside 1+1+N (Yichang).
    paragraphs = make_paragraphs([
        ("hs", "Huangshan", 1, "开展“1+N”党建品牌创建。"),
        ("yc", "Yichang", 1, "建立“1+1+N”机制。"),
        ("cz", "Changzhou", 1, "健全“市县主战、派出所主防”职能体系，坚持市县主战。"),
    ])
    quotes = F.quotes_table(paragraphs)
    counts = F.formulation_counts(paragraphs, quotes).set_index("formulation")
    assert counts.loc["1+N", ["Huangshan", "Yichang"]].tolist() == [1, 0]
    assert counts.loc["1+N"].used_in == "Huangshan"
    assert counts.loc["1+1+N", "Yichang"] == 1
    # a lexicon term inside a longer quoted formula belongs to the formula; the bare
    # use after it is still counted
    assert counts.loc["市县主战", "Changzhou"] == 1
    assert counts.loc["市县主战、派出所主防", "Changzhou"] == 1
    presence = F.presence_matrix(counts.reset_index(), quotes)
    assert presence.loc["1+N"].tolist() == [2, 0, 0]  # Huangshan, Yichang, Changzhou


def test_maximal_occurrences_keeps_overlaps_and_drops_nesting() -> None:
    found = F.maximal_occurrences("甲乙丙丁", ["甲乙丙", "乙丙丁", "乙丙"])
    assert found == {"甲乙丙": 1, "乙丙丁": 1}  # overlapping: both; 乙丙 nested: none
    assert F.maximal_occurrences("乙丙，甲乙丙", ["甲乙丙", "乙丙"]) == {"甲乙丙": 1, "乙丙": 1}


def test_unquoted_lexicon_formulation_is_counted() -> None:
    paragraphs = make_paragraphs([("a", "Yichang", 1, "坚持从严治警，推进公安改革。")])
    counts = F.formulation_counts(paragraphs, F.quotes_table(paragraphs)).set_index("formulation")
    assert counts.loc["从严治警", ["Yichang", "quoted_total", "unquoted_total"]].tolist() == [
        1, 0, 1]
    assert counts.loc["从严治警"].source == "lexicon"


def test_user_lexicon_term_is_counted_where_it_is_not_quoted() -> None:
    from helpers.text import lexicon
    mine = pd.concat([lexicon.load_lexicon(), lexicon.read_dictionary(pd.DataFrame(
        {"term": ["红蓝对抗"], "theme": ["Mine"], "kind": ["programme"]}))], ignore_index=True)
    paragraphs = make_paragraphs([("a", "Yichang", 1, "开展“红蓝对抗”演练。"),
                                  ("b", "Tianshui", 1, "组织红蓝对抗演练。")])
    quotes = F.quotes_table(paragraphs, lexicon=mine)
    counts = F.formulation_counts(paragraphs, quotes, lexicon=mine).set_index("formulation")
    assert counts.loc["红蓝对抗", ["Yichang", "Tianshui", "quoted_total", "unquoted_total"]
                      ].tolist() == [1, 1, 1, 1]
    default = F.formulation_counts(paragraphs, F.quotes_table(paragraphs))
    assert default.set_index("formulation").loc["红蓝对抗", "unquoted_total"] == 1


def test_spread_classes() -> None:
    assert F.spread_class(0) == "unused"
    assert F.spread_class(1) == "one locality"
    assert F.spread_class(2) == F.spread_class(9) == "several localities"


def test_return_values_name_no_locality_of_the_bundled_corpus() -> None:
    paragraphs = toy_corpus().replace({"National": "Elsewhere"})
    quotes = F.quotes_table(paragraphs)
    counts = F.add_origins(F.formulation_counts(paragraphs, quotes))
    text = " ".join(counts.astype(str).to_numpy().ravel()) + " ".join(counts.columns)
    assert "Xinhua" not in text and "National" not in text


def test_presence_matrix_and_jaccard_by_hand() -> None:
    paragraphs = toy_corpus()
    quotes = F.quotes_table(paragraphs)
    counts = F.formulation_counts(paragraphs, quotes, localities=LOCALITIES)
    presence = F.presence_matrix(counts, quotes, min_localities=2)
    assert list(presence.columns) == LOCALITIES
    assert list(presence.index) == ["专业+机制+大数据", "两张清单"]  # 2 localities each; order
    assert presence.loc["专业+机制+大数据", ["Changzhou", "National"]].tolist() == [2, 1]
    everything = F.presence_matrix(counts, quotes)
    jaccard = F.jaccard_overlap(everything)
    # Changzhou {专业+机制+大数据, 首违免罚}, National {专业+机制+大数据, 两张清单}: 1/3;
    # Qiqihar {大数据, 两张清单} and National share 1 of 3; empty sets give 0.
    assert jaccard.loc["Changzhou", "National"] == 0.33
    assert jaccard.loc["Qiqihar", "National"] == 0.33
    assert jaccard.loc["Changzhou", "Qiqihar"] == 0.0
    assert jaccard.loc["Unspecified", "Yichang"] == 0.0
    assert jaccard.loc["Yichang", "Yichang"] == 1.0
    assert (jaccard == jaccard.T).all().all()


# --------------------------------------------------------------------------- origins
def test_origins_file_is_valid_and_attested_in_the_bundled_corpus() -> None:
    origins = F.load_origins()
    assert set(origins.origin) <= set(F.ORIGINS)
    assert origins.basis.str.len().min() > 0
    assert origins.formulation.is_unique
    paragraphs = corpus.load_paragraphs()
    texts = [F.prepare_for_quotes(str(t)) for t in paragraphs.text]
    unattested = [f for f in origins.formulation if not any(f in t for t in texts)]
    assert unattested == []  # (normalised by load_origins, as quotes are)


def test_origins_are_merged_and_uncoded_shown(tmp_path) -> None:
    path = tmp_path / "origins.csv"
    path.write_text("formulation,origin,basis\n两张清单,municipal,a city's two lists\n",
                    encoding="utf-8")
    paragraphs = toy_corpus()
    counts = F.formulation_counts(paragraphs, F.quotes_table(paragraphs))
    coded = F.add_origins(counts, F.load_origins(path)).set_index("formulation")
    assert coded.loc["两张清单", ["origin", "basis"]].tolist() == ["municipal",
                                                                  "a city's two lists"]
    assert coded.loc["首违免罚", ["origin", "basis"]].tolist() == [F.UNCODED, ""]
    table = F.origin_by_spread(coded.reset_index())
    assert table.loc["municipal", "several localities"] == 1
    assert table.loc["all", "all"] == len(counts)


@pytest.mark.parametrize("body, problem", [
    ("两张清单,local,x\n", "origin 'local'"),
    ("两张清单,national,\n", "empty basis"),
    ("两张清单,national,x\n两张清单,municipal,y\n", "duplicate formulation"),
])
def test_bad_origins_file_names_the_row(tmp_path, body: str, problem: str) -> None:
    path = tmp_path / "origins.csv"
    path.write_text("formulation,origin,basis\n" + body, encoding="utf-8")
    with pytest.raises(CorpusError, match=problem):
        F.load_origins(path)


# --------------------------------------------------------------------------- meetings
def test_which_meeting_by_cue_then_date() -> None:
    articles = pd.DataFrame({
        "article_id": ["a", "b", "c", "d"],
        "date": ["2024-01-10", "2024", "2024", ""],
        "text": ["全国会议", "时隔五年再次召开全国会议", "全国会议", "全国会议"]})
    mentions = pd.DataFrame({"article_id": ["a", "b", "c", "d"]})
    out = F.which_meeting(mentions, articles, {"2019": "2019-05-07", "2024": "2024-05-28"},
                          cues={"时隔五年再次召开": "2024"})
    assert out.meeting.tolist() == ["2019", "2024", "undecided", "undecided"]
    assert out.meeting_basis[2] == "dated 2024, a range that spans a session"
    ranged = articles.assign(date=["2024-07/2024-09", "2018", "2019-06", "2024-05"])
    out = F.which_meeting(mentions, ranged, {"2019": "2019-05-07", "2024": "2024-05-28"})
    assert out.meeting.tolist() == ["2024", "undecided", "2019", "undecided"]
    assert out.meeting_basis[1] == "dated before every session"


# --------------------------------------------------------------------------- shingles
def test_shingles() -> None:
    assert F.shingles("甲乙丙丁", 2) == {"甲乙", "乙丙", "丙丁"}
    assert F.shingles("甲", 2) == set()


def test_overlapping_shingles_merge_into_one_maximal_passage() -> None:
    # the four 4-shingles of 乙丙丁戊己庚辛 are shared on one alignment → one 7-char passage
    found = F.common_passages("甲乙丙丁戊己庚辛壬癸", "子丑乙丙丁戊己庚辛寅", min_chars=4)
    assert found.values.tolist() == [[1, 2, 7, "乙丙丁戊己庚辛"]]
    assert F.common_passages("甲乙丙丁", "子乙丙丁", min_chars=4).empty  # 3 < 4 characters
    twice = F.common_passages("甲乙丙丁戊己甲乙丙丁", "子甲乙丙丁丑", min_chars=4)
    assert twice[["start_a", "start_b", "passage"]].values.tolist() == [
        [0, 1, "甲乙丙丁"], [6, 1, "甲乙丙丁"]]


def test_shared_passages_only_between_different_localities() -> None:
    template = "深入学习贯彻习近平总书记关于新时代公安工作的重要论述"
    paragraphs = make_paragraphs([
        ("cz1", "Changzhou", 1, "常州公安" + template + "。"),
        ("cz2", "Changzhou", 1, "我们" + template + "！"),
        ("ts", "Tianshui", 3, "天水市局" + template + "。"),
    ])
    shared = F.shared_passages(paragraphs, min_chars=10)
    assert shared[["article_a", "article_b", "n_chars"]].values.tolist() == [
        ["cz1", "ts", len(template) + 1], ["cz2", "ts", len(template)]]
    assert shared.passage[0] == template + "。"
    spread = F.passage_spread(shared)
    assert spread[["n_chars", "n_localities", "localities", "n_pairs"]].values.tolist() == [
        [len(template) + 1, 2, "Changzhou; Tianshui", 1], [len(template), 2,
                                                            "Changzhou; Tianshui", 1]]
    reuse = F.reuse_matrix(shared)
    assert list(reuse.index) == ["Changzhou", "Tianshui"]
    assert reuse.loc["Changzhou", "Tianshui"] == reuse.loc["Tianshui", "Changzhou"] == 2
    assert reuse.loc["Changzhou", "Changzhou"] == 0


def _pairwise_runs(texts, groups, n):
    """Brute force: for every pair of texts in different groups and every aligned pair
    of positions where a shared n-gram starts a run (the previous positions do not
    also share one), extend the run while the next n-grams match."""
    def shared(a, i, b, j):
        return (0 <= i <= len(a) - n and 0 <= j <= len(b) - n
                and a[i:i + n] == b[j:j + n])

    runs = []
    for ta, a in enumerate(texts):
        for tb in range(ta + 1, len(texts)):
            b = texts[tb]
            if groups[ta] == groups[tb]:
                continue
            for i in range(len(a) - n + 1):
                for j in range(len(b) - n + 1):
                    if shared(a, i, b, j) and not shared(a, i - 1, b, j - 1):
                        k = 1
                        while shared(a, i + k, b, j + k):
                            k += 1
                        runs.append((ta, i, tb, j, n + k - 1))
    return sorted(runs)


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_runs_over_distinct_texts_equal_every_pair_of_occurrences(seed: int) -> None:
    """Repeated paragraphs (copies in the same and in other groups, a text repeating a
    shingle inside itself) give exactly the runs of the all-pairs alignment."""
    rng = np.random.default_rng(seed)
    alphabet = list("改革警务情指行一体化基层派出所")
    base = ["".join(rng.choice(alphabet, size=int(rng.integers(8, 40)))) for _ in range(6)]
    base.append(base[0][:12] + "重复" + base[0][:12])  # a shingle twice in one text
    texts = [base[int(i)] for i in rng.integers(0, len(base), size=18)]
    groups = [str(g) for g in rng.integers(0, 3, size=len(texts))]
    assert F._runs(texts, groups, 5) == _pairwise_runs(texts, groups, 5)


def test_passage_reuse_gives_the_tables_of_every_pair_without_listing_them() -> None:
    """On the bundled paragraphs copied into three more articles (so paragraphs repeat
    within and across localities), passage_reuse's spread, reuse matrix and first rows
    equal those computed from shared_passages' one row per pair, and n_pairs adds up."""
    bundled = corpus.load_paragraphs().head(60)
    copies = [bundled]
    for i, place in enumerate(["Copy A", "Copy B", "Copy A"]):
        part = bundled.sample(frac=0.5, random_state=i).assign(
            article_id=f"copy_{i}", locality=place)
        copies.append(part.assign(paragraph_no=range(1, len(part) + 1)))
    paragraphs = pd.concat(copies, ignore_index=True)
    pairs = F.shared_passages(paragraphs, min_chars=10)
    reuse = F.passage_reuse(paragraphs, min_chars=10)
    assert int(reuse.n_pairs.sum()) == len(pairs) > len(reuse)
    assert F.passage_spread(reuse).equals(F.passage_spread(pairs))
    assert F.reuse_matrix(reuse).equals(F.reuse_matrix(pairs))
    firsts = reuse.drop_duplicates("passage").drop(columns="n_pairs").reset_index(drop=True)
    assert firsts.equals(pairs.drop_duplicates("passage").reset_index(drop=True))
