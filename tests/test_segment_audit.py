"""Teaching helpers of helpers.text.segment: jieba's modes, the lexicon audit, POS filters,
clauses and normalisation traces, on tiny texts whose answers are known by hand."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from helpers.text import corpus, lexicon, segment


def test_plain_jieba_modes_on_a_known_phrase() -> None:
    text = "派出所两队一室"
    assert segment.cut_plain(text) == ["派出所", "两队", "一室"]
    assert segment.cut_plain(text, hmm=False) == ["派出所", "两队", "一", "室"]
    # full mode lists every dictionary word, overlapping; search adds the short words
    assert segment.cut_plain(text, "full") == ["派出", "派出所", "两队", "一", "室"]
    assert segment.cut_plain(text, "search") == ["派出", "派出所", "两队", "一室"]
    with pytest.raises(ValueError, match="unknown jieba mode"):
        segment.cut_plain(text, "fast")


def test_compare_modes_has_one_row_per_sentence_and_mode() -> None:
    table = segment.compare_modes(["深化派出所“两队一室”改革。", "完善情指行机制"])
    assert len(table) == 2 * (len(segment.JIEBA_MODES) + 1)
    assert table.sentence_no.tolist() == [1] * 5 + [2] * 5
    first = table[table.sentence_no == 1].set_index("mode")
    assert first.loc["precise + project lexicon", "tokens"] == "深化 / 派出所 / 两队一室 / 改革"
    assert first.loc["precise", "tokens"] == "深化 / 派出所 / 两队 / 一室 / 改革"
    assert first.loc["full (cut_all=True)", "hmm"] == "n/a"
    assert (first.n_tokens == first.tokens.str.count(" / ") + 1).all()


def test_example_sentences_takes_the_first_short_sentence() -> None:
    paragraphs = pd.DataFrame({
        "article_id": ["a", "b"], "paragraph_no": [1, 1],
        "text": ["这是一个很长很长很长很长的句子，提到情指行。短句无关。", "完善情指行。"]})
    found = segment.example_sentences(paragraphs, ["情指行", "不存在"], max_chars=10)
    assert found.to_dict("records") == [
        {"term": "情指行", "article_id": "b", "paragraph_no": 1, "sentence": "完善情指行。"}]


def test_lexicon_audit_counts_by_hand() -> None:
    texts = ["深化派出所“两队一室”改革，推进两队一室建设。", "推进大部门、大警种制改革"]
    audit = segment.lexicon_audit(texts).set_index("term")
    assert len(audit) == len(lexicon.load_lexicon())
    row = audit.loc["两队一室"]
    assert (row.n_occurrences, row.n_as_variant, row.n_whole_without_lexicon,
            row.n_whole_with_lexicon) == (2, 0, 0, 2)
    assert row.segmentation_without == "两队 / 一室"
    assert row.status == "split"
    row = audit.loc["大部门大警种"]
    assert (row.n_occurrences, row.n_as_variant, row.n_whole_with_lexicon) == (1, 1, 1)
    assert audit.loc["枫桥经验", "status"] == "absent"
    # sorted by occurrences, then term
    assert audit.index[:2].tolist() == ["两队一室", "大部门大警种"]
    rest = audit.index[2:].tolist()
    assert rest == sorted(rest)


def test_lexicon_audit_marks_terms_plain_jieba_keeps_whole() -> None:
    audit = segment.lexicon_audit(["坚持严打方针"]).set_index("term")
    assert audit.loc["严打", "segmentation_without"] == "严打"
    assert audit.loc["严打", "status"] == "whole"


def test_filter_pos_by_prefix() -> None:
    pairs = [("派出所", "n"), ("深化", "v"), ("的", "uj"), ("两队一室", "nz"), ("改革", "vn")]
    assert segment.filter_pos(pairs) == ["派出所", "深化", "两队一室", "改革"]
    assert segment.filter_pos(pairs, ("n",)) == ["派出所", "两队一室"]
    assert segment.filter_pos(pairs, ("nz", "uj")) == ["的", "两队一室"]


def test_pos_table_counts_and_shares() -> None:
    table = segment.pos_table([[("甲", "n"), ("乙", "n"), ("甲", "n")], [("丙", "v")]])
    assert table.to_dict("records") == [
        {"tag": "n", "n_tokens": 3, "share": 0.75, "examples": "甲 / 乙"},
        {"tag": "v", "n_tokens": 1, "share": 0.25, "examples": "丙"}]


def test_tokenize_pos_many_equals_tokenize_pos() -> None:
    texts = ["深化派出所两队一室改革", "坚持和发展新时代“枫桥经验”"]
    assert segment.tokenize_pos_many(texts) == [segment.tokenize_pos(t) for t in texts]


def test_clauses_do_not_straddle_punctuation_but_keep_variants() -> None:
    text = "近年来，黄山公安深化改革。推进大部门、大警种制改革"
    clauses = segment.tokenize_clauses(text)
    assert clauses[0] == ["近年来"]
    assert clauses[1][0] == "黄山"
    assert "大部门大警种" in clauses[2]
    assert [t for c in clauses for t in c] == segment.tokenize(text, stopwords=False)
    filtered = segment.tokenize_clauses(text, stopwords=True)
    assert [t for c in filtered for t in c] == segment.tokenize(text)


def test_clauses_agree_with_tokens_on_the_corpus() -> None:
    for text in corpus.load_paragraphs().text:
        flat = [t for c in segment.tokenize_clauses(text) for t in c]
        assert flat == segment.tokenize(text, stopwords=False)


def test_tokenize_clauses_many_equals_text_by_text_and_is_cached(monkeypatch) -> None:
    texts = ["近年来，黄山公安深化改革。推进大部门、大警种制改革", "坚持“枫桥经验”，", "。"]
    for options in ({}, {"lexicon": False}, {"stopwords": True}):
        expected = [segment.tokenize_clauses(t, **options) for t in texts]
        assert segment.tokenize_clauses_many(texts, **options) == expected
    calls = []
    monkeypatch.setattr(segment, "tokenize_clauses", lambda *a, **k: calls.append(a) or [])
    again = segment.tokenize_clauses_many(texts, lexicon=False)
    assert calls == [] and again[0][0] == ["近年来"], "a second call reads the cache"
    segment.tokenize_clauses_many([*texts, "新的文本"], lexicon=False)
    assert len(calls) == 4, "other texts, another key: segmented again"
    segment.tokenize_clauses_many(texts, lexicon=False, hmm=False)
    assert len(calls) == 7, "HMM off: another key"
    monkeypatch.setattr(segment, "CLAUSE_BREAK", re.compile("[，。]"))
    segment.tokenize_clauses_many(texts, lexicon=False)
    assert len(calls) == 10, "other clause rules: another key"


def test_tokenize_many_equals_text_by_text_and_is_cached(monkeypatch) -> None:
    texts = ["近年来，黄山公安深化改革。", "坚持“枫桥经验”", "。"]
    for options in ({}, {"lexicon": False, "stopwords": False}):
        assert segment.tokenize_many(texts, **options) == \
               [segment.tokenize(t, **options) for t in texts]
    monkeypatch.setattr(segment, "_segmenter", lambda *a, **k: 1 / 0)
    assert segment.tokenize_many(texts, lexicon=False, stopwords=False)[0][0] == "近年来"
    with pytest.raises(ZeroDivisionError):  # other texts, another key: segmented again
        segment.tokenize_many(["新的文本"], lexicon=False, stopwords=False)


def test_tokenize_pos_many_equals_text_by_text_and_is_cached(monkeypatch) -> None:
    texts = ["近年来，黄山公安深化改革。", "推进大部门、大警种制改革"]
    expected = [segment.tokenize_pos(t) for t in texts]
    assert segment.tokenize_pos_many(texts) == expected
    assert all(isinstance(pair, tuple) for text in expected for pair in text)
    monkeypatch.setattr(segment, "tokenize_pos", lambda *a, **k: 1 / 0)
    again = segment.tokenize_pos_many(texts)
    assert again == expected and isinstance(again[0][0], tuple), "read from the cache"
    with pytest.raises(ZeroDivisionError):  # HMM off: another key
        segment.tokenize_pos_many(texts, hmm=False)


def test_normalisation_trace_steps() -> None:
    trace = segment.normalisation_trace({"spaced": "深化“专业 + 机制 + 大数据”改革",
                                         "variant": "大部门、大警种"})
    assert trace.case.tolist() == ["spaced"] * 5 + ["variant"] * 5
    assert trace.step.tolist()[:5] == list(segment.NORMALISATION_STEPS)
    spaced = trace[trace.case == "spaced"].text.tolist()
    assert spaced[1] == "深化“专业+机制+大数据”改革"
    assert spaced[3] == "深化 / 专业 / 机制 / 大 / 数据 / 改革"
    assert spaced[4] == "深化 / 专业+机制+大数据 / 改革"
    assert trace[trace.case == "variant"].text.tolist()[2] == "大部门大警种"


def test_lexicon_audit_counts_a_long_variant_as_its_term() -> None:
    # Xinhua's expanded form of the "four iron-like" standards is a variant of 四个铁一般
    text = "锻造一支有铁一般的理想信念、铁一般的责任担当、铁一般的过硬本领、铁一般的纪律作风的队伍"
    row = segment.lexicon_audit([text]).set_index("term").loc["四个铁一般"]
    assert (row.n_occurrences, row.n_as_variant, row.n_whole_with_lexicon) == (1, 1, 1)
    assert row.n_whole_without_lexicon == 0
    assert "四个铁一般" in segment.tokenize(text)
