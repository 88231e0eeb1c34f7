"""The domain lexicon: well-formed, attested in the texts, consistent with the stopwords."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers.errors import CorpusError
from helpers.text import corpus, lexicon, segment


@pytest.fixture(scope="module")
def terms() -> lexicon.pd.DataFrame:
    return lexicon.load_lexicon()


def test_size_themes_and_kinds(terms) -> None:
    assert len(terms) >= 60
    per_theme = terms.groupby("theme").size()
    assert len(per_theme) >= 10
    assert (per_theme >= 3).all(), per_theme[per_theme < 3]
    assert set(terms.kind) <= lexicon.KINDS
    assert terms.term.is_unique


def test_required_reform_terms_present(terms) -> None:
    required = {"情指行", "两队一室", "枫桥经验", "专业+机制+大数据", "市县主战", "派出所主防",
                "新质公安战斗力", "大部门大警种", "一网通办", "放管服", "扫黑除恶",
                # added after the domain review: loyalty proper, regime security, the 2024
                # framework, the security-development nexus, rule of law
                "公安姓党", "坚决听党指挥", "刀把子", "政权安全", "四大职能体系",
                "思想观念现代化", "高质量发展", "以人民为中心", "党纪学习教育", "法治",
                "机构编制改革", "矛调中心", "首接责任制"}
    assert required <= set(terms.term)
    pair = terms.set_index("term").loc[["市县主战", "派出所主防"], "theme"]
    assert pair.nunique() == 1  # one formula, one theme


def test_every_term_occurs_in_the_corpus(terms) -> None:
    text = "\n".join(lexicon.normalize_variants(t, terms) for t in corpus.load_articles().text)
    missing = [t for t in terms.term if t not in text]
    assert not missing, f"lexicon terms not found in the corpus: {missing}"


def test_variants_normalise_to_terms(terms) -> None:
    assert lexicon.normalize_variants("大部门、大警种制", terms) == "大部门大警种制"
    spaced = segment.prepare("探索“专业 + 机制 + 大数据”模式")
    assert "专业+机制+大数据" in spaced
    assert "专业+机制+大数据" in segment.prepare("专业＋机制＋大数据")


def test_stopwords_never_remove_lexicon_terms(terms) -> None:
    stop = segment.load_stopwords(True)
    assert not stop & set(terms.term)
    general = segment.load_stopwords("general")
    boilerplate = segment.load_stopwords("boilerplate")
    assert general and boilerplate and not general & boilerplate


def test_labels_and_themes(terms) -> None:
    assert lexicon.label("情指行", terms).startswith("情指行 · ")
    assert lexicon.label("不是术语", terms) == "不是术语"
    table = lexicon.themes(terms)
    assert table.n_terms.sum() == len(terms)


def test_bad_lexicon_row_is_named(tmp_path: Path) -> None:
    bad = tmp_path / "lexicon.csv"
    bad.write_text("term,gloss,pinyin,theme,theme_zh,kind,variants\n"
                   "情指行,integration,,Intelligence,情指行,institution,\n"
                   "市县主战、派出所主防,division of labour,,Policing,警务,slogan,\n",
                   encoding="utf-8")
    with pytest.raises(CorpusError, match=r"lexicon.csv, row 3 .*jieba splits on"):
        lexicon.load_lexicon(bad)


def test_each_theme_has_one_chinese_name(terms, tmp_path: Path) -> None:
    names = lexicon.theme_names(terms)
    assert len(names) == terms.theme.nunique() and all(names.values())
    bad = tmp_path / "lexicon.csv"
    bad.write_text("term,gloss,pinyin,theme,theme_zh,kind,variants\n"
                   "反诈,anti-fraud,,Anti-fraud,反诈,programme,\n"
                   "无诈,fraud-free,,Anti-fraud,反诈骗,programme,\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"row 3 .*two Chinese names"):
        lexicon.load_lexicon(bad)
