"""Domain content of the lexicon and stopword lists, held to the bundled texts.

Each test keeps one decision of the domain review true: meeting names are time markers,
not loyalty; the 2024 framework is visible; variants catch the texts' real forms;
glosses carry no origin tags; every stopword can fire.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from helpers.errors import CorpusError
from helpers.paths import DATA_DIR
from helpers.text import corpus, lexicon, segment

README = DATA_DIR / "README.md"
MEETINGS = ("二十大", "二十届三中全会", "全国公安工作会议", "中国式现代化")
FOUR_SYSTEMS = ("捍卫政治安全体系", "维护社会稳定体系", "公共安全治理体系", "服务高质量发展体系")


@pytest.fixture(scope="module")
def terms() -> pd.DataFrame:
    return lexicon.load_lexicon()


@pytest.fixture(scope="module")
def tokens() -> pd.DataFrame:
    return segment.tokenize_paragraphs(stopwords=False)


def article_tokens(tokens: pd.DataFrame, article_id: str) -> Counter[str]:
    rows = tokens[tokens.article_id == article_id]
    return Counter(t for paragraph in rows.tokens for t in paragraph)


# --------------------------------------------------------------------------- attestation
def test_every_term_is_a_token_of_the_bundled_corpus(terms, tokens) -> None:
    seen = {t for paragraph in tokens.tokens for t in paragraph}
    assert not set(terms.term) - seen


def test_every_term_is_one_token_at_every_occurrence(terms) -> None:
    pattern = re.compile("|".join(re.escape(t) for t in sorted(terms.term, key=len, reverse=True)))
    for article in corpus.load_articles().itertuples():
        expected = Counter(pattern.findall(segment.prepare(article.text)))
        got = Counter(t for t in segment.tokenize(article.text, stopwords=False) if t in expected)
        assert got == expected, article.article_id


def test_localities_column_is_what_the_tokens_say(terms) -> None:
    computed = lexicon.attested_localities()
    typed = dict(zip(terms.term, terms.localities, strict=True))
    wrong = {t: (typed[t], computed[t]) for t in typed if typed[t] != computed[t]}
    assert not wrong, (f"localities column out of date (typed, computed): {wrong}; "
                       "fix: python -m helpers.text.lexicon --update-localities")


# --------------------------------------------------------------------------- themes
def test_meeting_names_are_not_in_any_scored_theme(terms) -> None:
    theme_of = dict(zip(terms.term, terms.theme, strict=True))
    scored = set(lexicon.scored_themes(terms))
    assert all(theme_of[m] not in scored for m in MEETINGS)
    assert "Party leadership and loyalty" in scored
    assert not set(lexicon.scored_lexicon(terms).term) & set(MEETINGS)
    assert len({theme_of[m] for m in MEETINGS}) == 1  # one theme of agenda references


def test_real_loyalty_language_scores_as_loyalty(terms) -> None:
    theme_of = dict(zip(terms.term, terms.theme, strict=True))
    loyalty = ("公安姓党", "坚决听党指挥", "绝对忠诚绝对纯洁绝对可靠", "以习近平同志为核心的党中央",
               "对党忠诚服务人民执法公正纪律严明", "两个确立", "两个维护")
    assert {theme_of[t] for t in loyalty} == {"Party leadership and loyalty"}
    text = "牢牢把握“公安姓党”政治属性，锻造绝对忠诚、绝对纯洁、绝对可靠的队伍，深入学习二十大精神"
    hits = [t for t in segment.tokenize(text) if theme_of.get(t) == "Party leadership and loyalty"]
    assert hits == ["公安姓党", "绝对忠诚绝对纯洁绝对可靠"]


def test_expanded_four_iron_standards_are_matched_in_the_xinhua_text(tokens) -> None:
    xinhua = corpus.load_articles().set_index("article_id").loc["xinhua_national", "text"]
    assert "四个铁一般" not in xinhua and "铁一般的纪律作风" in xinhua
    assert article_tokens(tokens, "xinhua_national")["四个铁一般"] == 1


def test_four_functional_systems_in_both_journal_articles_that_use_them(tokens) -> None:
    qiqihar, zhangqiu = (article_tokens(tokens, a) for a in ("qiqihar", "zhangqiu"))
    assert all(zhangqiu[s] >= 1 for s in FOUR_SYSTEMS) and zhangqiu["四大职能体系"] == 1
    assert all(qiqihar[s] >= 1 for s in FOUR_SYSTEMS[:3])  # Qiqihar names the first three


def test_five_modernisations_are_terms_in_zhangqiu(tokens) -> None:
    zhangqiu = article_tokens(tokens, "zhangqiu")
    five = ("思想观念现代化", "组织形态现代化", "职能体系现代化", "支撑保障现代化", "队伍素质现代化")
    assert all(zhangqiu[m] >= 1 for m in five)


def test_variants_catch_the_texts_forms(tokens) -> None:
    assert article_tokens(tokens, "yichang")["食药环"] >= 1  # written 食药环森
    assert segment.tokenize("强化法治保障") == ["法治", "保障"]
    assert "规范执法" in segment.tokenize("规范执法行为")
    # the canonical doctrinal reference, with and without 新时代
    assert "关于新时代公安工作的重要论述" in segment.tokenize("习近平总书记关于公安工作重要论述")


def test_themes_have_one_scored_value_and_at_least_three_terms(terms, tmp_path: Path) -> None:
    table = lexicon.themes(terms)
    assert (table.n_terms >= 3).all(), table[table.n_terms < 3]
    assert table.scored.map(type).eq(bool).all()
    bad = tmp_path / "lexicon.csv"
    bad.write_text("term,gloss,pinyin,theme,theme_zh,kind,scored,variants\n"
                   "二十大,20th Congress,,Meetings,会议,institution,false,\n"
                   "三中全会,Third Plenum,,Meetings,会议,institution,true,\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"row 3 .*both scored and not scored"):
        lexicon.load_lexicon(bad)


# --------------------------------------------------------------------------- glosses and labels
def test_glosses_and_labels_carry_no_locality_tags(terms) -> None:
    manifest = corpus.load_articles()
    places = {p for p in set(manifest.locality) | set(manifest.province) | set(manifest.locality_zh)
              if p and p not in ("National", "Unspecified", "全国", "不详")}
    places |= {"Qingdao", "Gansu", "Zhejiang"}  # origins the review found wrongly implied
    tagged = [(row.term, place) for row in terms.itertuples() for place in places
              if place in row.gloss or place in row.label]
    assert not tagged
    assert not terms.gloss.str.contains(r"\((?:[A-Z][a-z]+)\)").any()


def test_short_labels_fit_the_width_and_label_uses_them(terms, tmp_path: Path) -> None:
    assert (terms.label.str.len() <= lexicon.LABEL_WIDTH).all()
    assert (terms.label.str.len() > 0).all()
    row = terms.set_index("term").loc["总体国家安全观"]
    assert lexicon.label("总体国家安全观", terms) == f"总体国家安全观 · {row.label}"
    assert lexicon.label("总体国家安全观", terms, width=lexicon.LABEL_WIDTH).endswith(row.label)
    assert "Holistic Approach to National Security" in row.gloss
    bad = tmp_path / "lexicon.csv"
    bad.write_text("term,label,gloss,pinyin,theme,theme_zh,kind,variants\n"
                   f"反诈,{'x' * (lexicon.LABEL_WIDTH + 1)},anti-fraud,,Anti-fraud,反诈,programme,\n",
                   encoding="utf-8")
    with pytest.raises(CorpusError, match="longer than"):
        lexicon.load_lexicon(bad)


def test_an_old_seven_column_lexicon_still_loads(tmp_path: Path) -> None:
    old = tmp_path / "lexicon.csv"
    old.write_text("term,gloss,pinyin,theme,theme_zh,kind,variants\n"
                   "反诈,anti-fraud work against telecom and online scams,,Anti-fraud,反诈,"
                   "programme,\n", encoding="utf-8")
    table = lexicon.load_lexicon(old)
    assert table.loc[0, "scored"] is True or table.loc[0, "scored"] == True  # noqa: E712
    assert len(table.loc[0, "label"]) <= lexicon.LABEL_WIDTH
    assert table.loc[0, "localities"] == ()


# --------------------------------------------------------------------------- stopwords
@pytest.mark.parametrize("name", sorted(segment.STOPWORD_FILES))
def test_every_stopword_entry_can_fire(name: str, tokens) -> None:
    seen = {t for paragraph in tokens.tokens for t in paragraph}
    words = segment.read_stopword_file(segment.STOPWORD_FILES[name])
    dead = [w for w in sorted(words) if w not in seen
            and segment.tokenize(w, stopwords=False, keep_numbers=True) != [w]]
    assert not dead, f"{name}: entries jieba never produces as one token: {dead}"


def test_substantive_words_are_not_boilerplate() -> None:
    stop = segment.load_stopwords(True)
    assert not stop & {"发展", "统筹", "责任", "核心", "特色", "常态", "常态化", "护航",
                       "党", "人民", "改革", "安全", "政治", "忠诚", "斗争"}
    assert {"深入开展", "充分发挥", "紧紧围绕"} <= stop


def test_readme_lists_the_compounds_the_file_holds() -> None:
    text = README.read_text(encoding="utf-8")
    listed = re.search(r"compounds listed are every such token of the bundled corpus \((.*?)\)",
                       text, re.S).group(1)
    compounds = set(re.split(r"[,，\s]+", listed)) - {""}
    assert compounds <= segment.load_stopwords("boilerplate")


# --------------------------------------------------------------------------- README
def test_readme_theme_table_matches_the_lexicon_and_quotes_the_texts(terms) -> None:
    rows = [line.split("|")[1:-1] for line in README.read_text(encoding="utf-8").splitlines()
            if line.startswith("| ") and line.count("|") == 5]
    rows = [[c.strip() for c in r] for r in rows if r[0].strip() not in ("theme", "column")]
    names = {re.sub(r"\s*\(`scored = false`\)", "", r[0]): r[1] for r in rows if r[1]}
    assert names == lexicon.theme_names(terms)
    text = "\n".join(corpus.load_articles().text)
    for _, _, _, example in rows:
        for part in re.split(r"…|\(→[^)]*\)", example):
            assert part.strip(" 、") in text, part
