"""Each cleaning rule, tested on the raw line of the corpus where its artefact occurs."""

from __future__ import annotations

from helpers.text import clean
from helpers.text.clean import Paragraph


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


# --------------------------------------------------------------------------- portal pages
# Realistic lines of the frame of Chinese government and news portals (written for these
# tests: the bundled corpus has none), each with a body sentence that must be kept.
PORTAL_FOOTER_LINES = [
    "【打印本页】【关闭窗口】",
    "打印本页 关闭窗口",
    "[ 打印 ] [ 关闭 ] [ 返回顶部 ]",
    "字号：大 中 小 | 打印 | 关闭",
    "上一篇：市公安局召开2024年度警务工作会议",
    "下一篇：没有了",
    "【上一篇】全省公安机关扎实推进“百日行动”",
    "扫一扫在手机打开当前页",
    "扫描二维码关注我们",
    "微信扫一扫 分享到朋友圈",
    "长按识别二维码",
    "版权所有：××市公安局  地址：××路88号",
    "Copyright © 2024 ××市人民政府 All Rights Reserved",
    "京ICP备05070602号  京公网安备11010502030000号",
    "ICP证：京B2-20090059",
    "公网安备 11010502030000号",
    "主办：××市公安局 承办：××市公安局宣传处",
    "网站标识码：3401000022",
    "原标题：公安改革进入深水区",
    "（原标题：深化公安改革 建设平安中国）",
    "点击阅读原文",
    "阅读原文 >>",
    "相关阅读：",
    "【相关新闻】",
]
BODY_LINES = [
    "群众扫描二维码即可在线办理户籍业务。",
    "上一篇文章中我们介绍了“两队一室”改革的背景，本文继续讨论警务运行机制。",
    "全市公安机关坚持版权所有人合法权益保护与打击侵权盗版并重，破获案件12起。",
    "关闭违规网站37家，打印并发放宣传手册2万册。",
    "第4页的表格列出了各派出所的警力配置。",
    "督促辖区网站落实ICP备案和公网安备案制度，清理违法信息1.2万条。",
    "主办单位要落实安全责任。",
]


def test_portal_footer_lines_are_dropped() -> None:
    assert [line for line in PORTAL_FOOTER_LINES if not clean.is_portal_footer(line)] == []
    assert [clean.drop_reason(line) for line in PORTAL_FOOTER_LINES] == [
        "site_chrome" if clean.is_site_chrome(line) else "portal_footer"
        for line in PORTAL_FOOTER_LINES]


def test_body_sentences_that_mention_footer_words_are_kept() -> None:
    assert [clean.drop_reason(line) for line in BODY_LINES] == [None] * len(BODY_LINES)


def test_page_number_lines() -> None:
    for line in ["- 2 -", "— 12 —", "－3－", "第4页", "第 4 页 共 9 页", "共9页 第4页", "2/9",
                 "· 7 ·", "Page 3", "page 3 of 10"]:
        assert clean.drop_reason(line) == "page_number", line
    for line in ["2024", "第4页的表格列出了各派出所的警力配置。", "- 经验交流 -", "1/3的警力下沉社区"]:
        assert not clean.is_page_number(line), line


def test_page_number_no_longer_blocks_the_page_break_join() -> None:
    lines = ["全市公安机关深入推进“两队一室”改革，做到初心如", "- 2 -", "磐、使命如炬。"]
    kept = [line for line, reason in zip(lines, clean.drop_reasons(lines), strict=True)
            if reason is None]
    merged = clean.structure_paragraphs(paragraphs(*kept))
    assert [p.text for p in merged] == ["全市公安机关深入推进“两队一室”改革，做到初心如磐、使命如炬。"]


def test_related_links_after_their_heading_are_dropped_until_body_text() -> None:
    lines = ["全面推进公安工作现代化。", "相关阅读：", "市公安局召开党委会", "",
             "全省公安机关“百日行动”成效显著", "这一段是正文，因为它以句号结尾，长度也超过了标题的长度限制。"]
    assert clean.drop_reasons(lines) == [None, "portal_footer", "related_links", None,
                                         "related_links", None]


def test_html_residue_entities_and_line_breaks() -> None:
    assert clean.strip_html_residue("公安&nbsp;改革&amp;发展") == ["公安\u00a0改革&发展"]
    assert clean.strip_html_residue("第一段。<br/>第二段。<BR>第三段。") == ["第一段。", "第二段。",
                                                                      "第三段。"]
    assert clean.strip_html_residue("&ldquo;枫桥经验&rdquo;</p><p>下一段") == ["“枫桥经验”", "",
                                                                          "下一段"]
    assert clean.normalize_text(clean.strip_html_residue("专业&nbsp;+&nbsp;机制")[0]) == "专业+机制"
    assert clean.strip_html_residue("a < b") == ["a < b"]


def test_ideographs_beyond_the_basic_block() -> None:
    for char in "𫖮𠀀\U0002b740\uf900\u3400\U00030000":
        assert clean.is_ideograph(char), hex(ord(char))
    for char in "a1，〇々":
        assert not clean.is_ideograph(char)
    assert clean.normalize_width("王𫖮,同志") == "王𫖮，同志"
