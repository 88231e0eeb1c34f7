"""Each cleaning rule, tested on the raw line of the corpus where its artefact occurs."""

from __future__ import annotations

from helpers import clean
from helpers.clean import Paragraph


def paragraphs(*texts: str) -> list[Paragraph]:
    return [Paragraph(clean.normalize_text(clean.strip_indentation(t)), (i,))
            for i, t in enumerate(texts, start=1)]


def test_normalize_newlines_crlf_and_cr() -> None:
    assert clean.normalize_newlines("甲\r\n乙\r丙\n") == "甲\n乙\n丙\n"


def test_strip_markdown_emphasis_on_bold_title(raw_line) -> None:
    assert raw_line("001", 9) == "**坚决贯彻党的二十届三中全会精神"
    assert clean.strip_markdown_emphasis(raw_line("001", 10)) == "奋力谱写公安事业高质量发展新篇章"


def test_strip_indentation_nbsp_ascii_and_ideographic(raw_line) -> None:
    nbsp_line = raw_line("004", 7)
    assert nbsp_line.startswith("\u00a0")
    assert clean.strip_indentation(nbsp_line).startswith("党的二十大擘画")
    assert clean.strip_indentation(raw_line("003", 5)).startswith("面对错综复杂")
    assert clean.strip_indentation("\u3000\u3000公安改革") == "公安改革"


def test_collapse_cjk_spaces_in_formulation_and_numbers(raw_line) -> None:
    line = raw_line("001", 91)
    assert "专业 + 机制 + 大数据" in line
    assert "专业+机制+大数据" in clean.collapse_cjk_spaces(line)
    assert "连续3年全省第一" in clean.collapse_cjk_spaces(raw_line("001", 66))
    assert clean.collapse_cjk_spaces("big  data 平台") == "big data平台"


def test_normalize_width_half_width_punctuation(raw_line) -> None:
    first = clean.normalize_width(raw_line("002", 1))
    assert first.startswith("学习贯彻习近平新时代中国特色社会主义，推动公安工作")
    assert "," not in first
    assert clean.normalize_width("发布时间:2024-11-09 23:53:30") == "发布时间：2024-11-09 23:53:30"
    assert clean.normalize_width("专业＋机制＋大数据") == "专业+机制+大数据"
    plan = clean.normalize_width(raw_line("003", 71))
    assert "《加强新时代公安派出所工作三年行动计划（2023—2025年）》" in plan


def test_normalize_text_is_idempotent(raw_line) -> None:
    for prefix, line_no in [("001", 91), ("002", 1), ("003", 39), ("004", 7)]:
        once = clean.normalize_text(raw_line(prefix, line_no))
        assert clean.normalize_text(once) == once


def test_site_chrome_navigation_share_and_stamp(raw_line) -> None:
    assert clean.is_site_chrome(raw_line("004", 1))  # 首页 >> 河南日报 >> 内容
    assert clean.is_site_chrome(raw_line("004", 43))  # 分享
    assert clean.is_site_chrome(raw_line("003", 3))  # 发布时间:… 来源:…
    assert not clean.is_site_chrome(raw_line("004", 7))
    assert not clean.is_site_chrome("分享经验，共同提高。")


def test_paywall_notice_over_two_lines(raw_line) -> None:
    assert clean.is_paywall(raw_line("002", 2))
    assert clean.is_paywall(raw_line("002", 3))
    assert not clean.is_paywall(raw_line("002", 1))  # long body line: never dropped


def test_credits_bios_and_datelines(raw_line) -> None:
    for prefix, line_no in [("000", 85), ("001", 7), ("001", 122), ("003", 113),
                            ("003", 115), ("004", 5), ("004", 41)]:
        assert clean.is_credit(raw_line(prefix, line_no)), (prefix, line_no)
    assert clean.drop_reason(raw_line("000", 85)) == "credit"
    assert not clean.is_credit(raw_line("000", 93))
    assert not clean.is_credit("（作者）一词在此处是正文。" * 10)


def test_page_break_mid_word_is_merged(raw_line) -> None:
    merged = clean.merge_page_breaks(paragraphs(raw_line("000", 21), raw_line("000", 23)))
    assert len(merged) == 1
    assert "二是深化基层消防和租赁住房安全管理" in merged[0].text
    assert merged[0].lines == (1, 2)


def test_heading_is_not_merged_with_its_body(raw_line) -> None:
    items = paragraphs(raw_line("000", 17), raw_line("000", 19))
    structured = clean.structure_paragraphs(items)
    assert [p.kind for p in structured] == ["heading", "body"]
    assert structured[0].text == "坚持系统观念，打造更具韧性的本质安全"


def test_short_line_split_before_a_fragment_is_merged(raw_line) -> None:
    head, tail = raw_line("001", 83), raw_line("001", 85)
    assert head == "坚持把政治建警摆在首位，做到初心如"  # short and unpunctuated, like a heading
    structured = clean.structure_paragraphs(paragraphs(head, tail))
    assert len(structured) == 1
    assert structured[0].text.startswith("坚持把政治建警摆在首位，做到初心如磐、使命如炬。")
    assert structured[0].kind == "body"


def test_kicker_joins_its_heading_but_not_body(raw_line) -> None:
    items = paragraphs(raw_line("003", 11), raw_line("003", 13), raw_line("003", 15))
    structured = clean.structure_paragraphs(items)
    assert [p.kind for p in structured] == ["heading", "body"]
    assert structured[0].text == "“情指行”一体化实战化——重塑现代警务管理体制和运行机制"
    lead_in = clean.structure_paragraphs(paragraphs(raw_line("003", 55), raw_line("003", 57)))
    assert [p.kind for p in lead_in] == ["body", "body"]


def test_split_unparagraphed_text_into_pseudo_paragraphs(raw_line) -> None:
    line = clean.normalize_text(raw_line("002", 1))
    chunks = clean.split_unparagraphed([Paragraph(line, (1,))])
    assert len(chunks) > 5
    assert all(c.kind == "pseudo" for c in chunks)
    assert "".join(c.text for c in chunks) == line  # nothing lost, order kept
    assert all(c.text[-1] in "。！？" for c in chunks[:-1])
    assert min(len(c.text) for c in chunks) >= 150


def test_short_paragraphs_are_left_alone() -> None:
    items = [Paragraph("短句。", (1,))]
    assert clean.split_unparagraphed(items) == items
    assert clean.split_sentences("甲。乙！“丙？”丁") == ["甲。", "乙！", "“丙？”", "丁"]
