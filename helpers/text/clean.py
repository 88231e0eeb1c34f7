"""Cleaning rules for the raw article files, one named, tested function per artefact.

Every rule is a pure function on strings (or on lists of :class:`Paragraph`). The
order in which :mod:`helpers.text.corpus` applies them is documented in
``CLEANING_ORDER`` and taught in ``notebooks/00_corpus_tour.ipynb``.

Artefacts handled (each with a test on the line of the corpus where it occurs):

==========================  ==========================================================
rule                        artefact
==========================  ==========================================================
``normalize_newlines``      CRLF / CR line ends
``strip_markdown_emphasis`` ``**`` bold markers around titles (001)
``strip_indentation``       indentation with U+3000, U+00A0 (004) or ASCII spaces (003)
``collapse_cjk_spaces``     spaces inside formulations and numbers (``专业 + 机制 +
                            大数据``, ``连续 3 年``) in 001
``normalize_width``         half-width punctuation in Chinese text (002, 003, 004);
                            full-width letters, digits and ``＋``
``is_site_chrome``          site navigation, share buttons, publication stamps (003, 004)
``is_paywall``              a paywall notice split over two lines (002)
``is_credit``               bylines, author bios, editor credits, datelines (000, 001,
                            003, 004): dropped from the body, kept as metadata
``is_portal_footer``        a portal page's frame: print/close buttons, previous/next
                            links, QR-code prompts, copyright/ICP lines, 原标题,
                            点击阅读原文, a 相关阅读 heading (and, by ``drop_reasons``,
                            the link titles after it)
``is_page_number``          page-number lines (``- 2 -``, ``第4页``): dropped before the
                            page-break join, so they no longer block it
``strip_html_residue``      ``&nbsp;`` and other entities; ``<br/>``/``<p>`` as line breaks
``merge_page_breaks``       paragraphs split mid-word by page breaks (000, 001)
``mark_headings``           short unpunctuated lines are headings, not continuations
``merge_kickers``           a ``——`` lead-in line followed by its heading (003)
``split_unparagraphed``     a text with no paragraph breaks at all (002)
==========================  ==========================================================

The title glued to its body (002) is separated where the manifest's ``body_start``
marker begins, mid-line; see :func:`helpers.text.corpus.load_paragraphs`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

CLEANING_ORDER: tuple[str, ...] = (
    "normalize_newlines",
    "strip_html_residue",
    "strip_indentation",
    "is_site_chrome / is_paywall / is_credit / is_portal_footer / is_page_number "
    "(drop, keep as metadata)",
    "header before body_start (title, byline: kept as metadata)",
    "strip_markdown_emphasis",
    "collapse_cjk_spaces",
    "normalize_width",
    "merge_page_breaks",
    "mark_headings",
    "merge_kickers",
    "split_unparagraphed",
)

#: Characters after which a paragraph is complete (a sentence or clause ends).
TERMINAL = frozenset("。！？!?；;…—：:")
#: Closing quotes and brackets that may follow the terminal character.
CLOSING = frozenset("”’」』）)》】〕\"'")
#: Sentence-final marks used to find sentence boundaries inside a paragraph.
SENTENCE_END = frozenset("。！？!?")
#: Longest paragraph (in characters) that can be a heading.
HEADING_MAX_CHARS = 40
#: Lines longer than this are never dropped as chrome, paywall or credit.
DROP_MAX_CHARS = 120

_WS = " \t\u00a0\u3000\u2002\u2003\u2009\u200b\ufeff"
#: Every CJK ideograph block, as the body of a regex character class: Extension A,
#: the unified block, compatibility ideographs, Extensions B–J (planes 2 and 3) and the
#: compatibility supplement. Names and places use Extension B+ characters (王𫖮), so a
#: range that stops at U+9FFF silently deletes them. Shared by ``segment`` and ``lexicon``.
CJK_IDEOGRAPHS = (r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
                  r"\U00020000-\U0002a6df\U0002a700-\U0002ee5f\U0002f800-\U0002fa1f"
                  r"\U00030000-\U0003347f")
_CJK = CJK_IDEOGRAPHS
_IDEOGRAPH = re.compile(f"[{CJK_IDEOGRAPHS}]")
_CJK_PUNCT = r"\u3000-\u303f\uff00-\uffef\u2018\u2019\u201c\u201d\u2014\u2026"
_CJK_OR_PUNCT = re.compile(f"[{_CJK}{_CJK_PUNCT}]")


def is_ideograph(char: str) -> bool:
    """True for a CJK ideograph of any block (see :data:`CJK_IDEOGRAPHS`)."""
    return bool(_IDEOGRAPH.fullmatch(char))


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of clean text.

    ``lines`` are the 1-based raw line numbers it came from (several when a page
    break split it); ``kind`` is ``"body"``, ``"heading"`` or ``"pseudo"`` (a
    chunk of a text that had no paragraph breaks).
    """

    text: str
    lines: tuple[int, ...]
    kind: str = "body"

    @property
    def is_heading(self) -> bool:
        """True for section headings."""
        return self.kind == "heading"


# --------------------------------------------------------------------------- text rules
def normalize_newlines(text: str) -> str:
    """CRLF and lone CR line ends → LF. Input and output are whole-file strings."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def strip_indentation(line: str) -> str:
    """Remove leading/trailing blanks: ASCII spaces, tabs, U+00A0, U+3000, BOM, ZWSP."""
    return line.strip(_WS + "\n")


def strip_markdown_emphasis(text: str) -> str:
    """Remove markdown bold markers ``**`` (titles in 001 are wrapped in them)."""
    return text.replace("**", "")


def collapse_cjk_spaces(text: str) -> str:
    """Delete whitespace runs unless both neighbours are ASCII letters or digits.

    Chinese needs no spaces between words; typesetting spaces split formulations
    (``专业 + 机制 + 大数据`` → ``专业+机制+大数据``) and numbers from their
    measure words (``连续 3 年`` → ``连续3年``), and jieba treats a space as a
    token boundary. Spaces between Latin words (``big data``) are kept as one space.
    """

    def repl(match: re.Match[str]) -> str:
        before = text[match.start() - 1] if match.start() > 0 else ""
        after = text[match.end()] if match.end() < len(text) else ""
        if before.isascii() and before.isalnum() and after.isascii() and after.isalnum():
            return " "
        return ""

    return re.sub(f"[{_WS}]+", repl, text)


_FULLWIDTH_TO_ASCII = {chr(c): chr(c - 0xFEE0) for c in range(0xFF10, 0xFF1A)}  # ０-９
_FULLWIDTH_TO_ASCII.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_FULLWIDTH_TO_ASCII.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF41, 0xFF5B)})  # ａ-ｚ
_FULLWIDTH_TO_ASCII.update({"＋": "+", "％": "%", "＃": "#", "＆": "&"})
_ASCII_TO_FULLWIDTH = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}


def normalize_width(text: str) -> str:
    """Unify character widths.

    * Full-width letters, digits and ``＋ ％ ＃ ＆`` become ASCII (so ``专业＋机制``
      equals ``专业+机制`` and jieba keeps ``+`` inside a token).
    * Half-width ``, ; : ? ! ( )`` become full-width when a neighbour is a Chinese
      character or Chinese punctuation (002 and 004 use ``,`` throughout); between
      ASCII characters they stay (``23:53``, ``1,000``).
    """
    text = "".join(_FULLWIDTH_TO_ASCII.get(ch, ch) for ch in text)
    while True:  # a converted sign is Chinese punctuation for its neighbours: repeat
        chars = list(text)
        for i, ch in enumerate(chars):
            if ch in _ASCII_TO_FULLWIDTH:
                before = text[i - 1] if i > 0 else " "
                after = text[i + 1] if i + 1 < len(text) else " "
                if _CJK_OR_PUNCT.match(before) or _CJK_OR_PUNCT.match(after):
                    chars[i] = _ASCII_TO_FULLWIDTH[ch]
        converted = "".join(chars)
        if converted == text:
            return text
        text = converted


#: Characters some text rule acts on: ``*``, the blanks, and the keys of the width maps.
_TRIGGERS = re.compile("[" + re.escape("".join(sorted(
    set("*") | set(_WS) | set(_FULLWIDTH_TO_ASCII) | set(_ASCII_TO_FULLWIDTH)))) + "]")


def normalize_text(text: str) -> str:
    """The text rules in order: markdown, spaces, widths, repeated until nothing changes
    (removing a space can create a new ``**`` or a new Chinese neighbour), so the result
    is idempotent: ``normalize_text(normalize_text(t)) == normalize_text(t)``."""
    if not _TRIGGERS.search(text):  # no character any rule acts on: nothing to do
        return text
    for _ in range(len(text) + 1):
        new = normalize_width(collapse_cjk_spaces(strip_markdown_emphasis(text)))
        if new == text:
            break
        text = new
    return text


#: Frequent characters that exist only in traditional (繁體) or only in simplified script.
_TRADITIONAL_ONLY = frozenset("們這個國會說為與發學實現對關經來時後從動進種機員點務區黨衛長問題"
                              "開業產體當還沒過邊應該樣書東車門見聽話讓認識議論設計記許語讀調談請"
                              "級線組織結統網維繼續總縣鄉鎮職責領導戰專辦處報權環節範圍確")
_SIMPLIFIED_ONLY = frozenset("们这个国会说为与发学实现对关经来时后从动进种机员点务区党卫长问题"
                             "开业产体当还没过边应该样书东车门见听话让认识议论设计记许语读调谈请"
                             "级线组织结统网维继续总县乡镇职责领导战专办处报权环节范围确")


def script_of(text: str) -> str:
    """``"simplified"``, ``"traditional"``, ``"mixed"`` or ``"unknown"`` (no telling
    characters), from frequent characters that differ between the two scripts."""
    trad = sum(ch in _TRADITIONAL_ONLY for ch in text)
    simp = sum(ch in _SIMPLIFIED_ONLY for ch in text)
    if trad == simp == 0:
        return "unknown"
    share = trad / (trad + simp)
    return "traditional" if share > 0.9 else "simplified" if share < 0.1 else "mixed"


# --------------------------------------------------------------------------- drop rules
_CHROME = [
    re.compile(r"^(首页|当前位置|您的位置|您当前的位置)\s*[:：]?\s*(>>|>|»|›|＞|→)"),
    re.compile(r"^【?(分享|分享到|打印|关闭|关闭窗口|返回顶部|收藏|纠错|字号)】?([:：].{0,40})?$"),
    re.compile(r"^((微信|微博|朋友圈|QQ空间|QQ|抖音|复制链接)[\s、|/]*)+$"),
    re.compile(r"^(发布时间|发布日期|来源|浏览次数|阅读量)\s*[:：]"),
]
_PAYWALL = re.compile(
    r"此处省略\s*\d+\s*%|登录会员|阅读正文所有内容|付费阅读|开通会员|登录后阅读|剩余\d+%"
)
_CREDIT = [
    re.compile(r"^[(（]\s*作者(系|单位|为|是)"),  # author bio: (作者系… / (作者单位:…
    re.compile(r"^[(（]?\s*(责任编辑|责编|编辑|校对|审核)\s*[:：\s]"),  # editor credits
    re.compile(r"^——\s*编者$"),  # signature of an editor's note
    re.compile(r"^[(（]\s*新华社[^)）]*电[^)）]*[)）]$"),  # Xinhua dateline with reporters
    re.compile(r"^□\s*\S{2,8}$"),  # newspaper byline box: □付子珍
]


def is_site_chrome(line: str) -> bool:
    """True for web-page furniture: breadcrumbs (``首页 >> 河南日报 >> 内容``), share
    buttons (``分享``), publication stamps (``发布时间:… 来源:…``)."""
    line = strip_indentation(line)
    return len(line) <= DROP_MAX_CHARS and any(p.search(line) for p in _CHROME)


def is_paywall(line: str) -> bool:
    """True for a paywall notice (``此处省略40%,请`` / ``登录会员,阅读正文所有内容。``)."""
    line = strip_indentation(line)
    return len(line) <= DROP_MAX_CHARS and bool(_PAYWALL.search(line))


def is_credit(line: str) -> bool:
    """True for bylines, author bios, editor credits and datelines.

    These are metadata (the manifest's author and author_role columns), not body text.
    """
    line = strip_indentation(line)
    return len(line) <= DROP_MAX_CHARS and any(p.search(line) for p in _CREDIT)


#: Buttons and links of a portal page's frame; a line made only of these is chrome.
_BUTTONS = re.compile(
    r"打印本页|打印此页|打印文章|打印|关闭本页|关闭窗口|关闭|返回顶部|返回首页|返回列表|返回"
    r"|加入收藏|收藏本页|收藏|分享到|分享|推荐给朋友|纠错|保存本页|网站地图|联系我们|关于我们"
    r"|免责声明|隐私声明|字号\s*[:：]?\s*(?:大\s*中\s*小)?|【\s*[大中小]\s*】"
)
_BUTTON_SEPARATORS = re.compile(r"[\s【】\[\]［］()（）<>〈〉|｜/、·•]+")
_PORTAL_FOOTER = [
    # previous/next links: 上一篇：… / 下一篇：没有了
    re.compile(r"^[【\[]?\s*(上一篇|下一篇|上一条|下一条|上一页|下一页|前一篇|后一篇)\s*([】\]]|[:：]|\s|$)"),
    # QR-code prompts: 扫一扫在手机打开当前页 / 扫描二维码关注我们 / 长按识别二维码
    re.compile(r"^(用|请用|打开)?(微信|手机)?(扫一扫|扫描(下方|上方|左侧|右侧)?二维码|长按(识别)?二维码"
               r"|扫码(关注|阅读|分享|下载))"),
    # copyright and site-registration lines: 版权所有 © / 京ICP备… / 京公网安备…
    re.compile(r"(?i)^(版权所有|copyright|©|\(c\)\s*\d{4})|ICP\s*[备证]\s*[:：]?\s*[\u4e00-\u9fff]?[A-Z]?\d"
               r"|公网安备\s*[:：]?\s*\d"
               r"|网站标识码|^(主办|承办|协办|技术支持|主办单位|承办单位)\s*[:：]"
               r"|建议使用.{0,20}浏览器|最佳(浏览|分辨率)"),
    # a reprint's original headline: 原标题：…
    re.compile(r"^[【\[（(]?\s*原标题\s*[:：]"),
    # read the original: 点击阅读原文 / 阅读原文 / 查看原文
    re.compile(r"^[【\[]?\s*(点击)?(阅读|查看)原文\s*[】\]]?\s*[>》→]*$|点击阅读原文"),
]
#: The heading of a list of links to other articles, which ends an article's body.
RELATED_HEADING = re.compile(
    r"^[【\[]?\s*(相关阅读|相关新闻|相关链接|相关文章|延伸阅读|推荐阅读|猜你喜欢|热点推荐)"
    r"\s*[】\]]?\s*[:：]?\s*$")
_PAGE_NUMBER = [
    re.compile(r"^[-—–－~～]\s*\d{1,4}\s*[-—–－~～]$"),  # - 2 -   — 12 —
    re.compile(r"^第\s*\d{1,4}\s*页(\s*[/／,，]?\s*共\s*\d{1,4}\s*页)?$"),  # 第4页 / 第4页 共9页
    re.compile(r"^共\s*\d{1,4}\s*页(\s*[/／,，]?\s*第\s*\d{1,4}\s*页)?$"),
    re.compile(r"^\d{1,4}\s*[/／]\s*\d{1,4}$"),  # 2/9
    re.compile(r"^[·•]\s*\d{1,4}\s*[·•]$"),  # · 7 ·
    re.compile(r"(?i)^page\s*\d{1,4}(\s*(of|/)\s*\d{1,4})?$"),
]


def is_portal_footer(line: str) -> bool:
    """True for a portal page's frame around an article: print/close buttons
    (``【打印本页】【关闭窗口】``), previous/next links (``上一篇：…``), QR-code prompts
    (``扫一扫在手机打开当前页``), copyright and ICP lines (``版权所有 ©``, ``京ICP备…``,
    ``主办：…``), the original headline of a reprint (``原标题：…``), ``点击阅读原文``
    and the heading of a related-links list (``相关阅读``; the links after it are
    dropped by :func:`drop_reasons`)."""
    line = strip_indentation(line)
    if not line or len(line) > DROP_MAX_CHARS:
        return False
    if RELATED_HEADING.match(line):
        return True
    if _BUTTONS.search(line) and not _BUTTON_SEPARATORS.sub("", _BUTTONS.sub("", line)):
        return True
    if len(line) <= 40 and not ends_sentence(line.rstrip("”’」』）)")) and \
            _PORTAL_FOOTER[1].search(line):
        return True
    return any(p.search(line) for i, p in enumerate(_PORTAL_FOOTER) if i != 1)


def is_page_number(line: str) -> bool:
    """True for a page-number line of a printed or paginated source: ``- 2 -``,
    ``第4页``, ``第4页 共9页``, ``2/9``, ``· 7 ·``, ``Page 3``. Dropped before the
    page-break join, so a sentence split around one is mended."""
    line = strip_indentation(line)
    return len(line) <= 20 and any(p.match(line) for p in _PAGE_NUMBER)


#: Drop rules in the order they are tried: (name, predicate).
DROP_RULES: tuple[tuple[str, Callable[[str], bool]], ...] = (
    ("site_chrome", is_site_chrome),
    ("paywall", is_paywall),
    ("credit", is_credit),
    ("portal_footer", is_portal_footer),
    ("page_number", is_page_number),
)
#: Reason recorded for the link titles that follow a :data:`RELATED_HEADING`.
RELATED_LINKS = "related_links"


def drop_reasons(lines: Sequence[str]) -> list[str | None]:
    """:func:`drop_reason` of each line, plus one positional rule: after a related-links
    heading (``相关阅读``), the short lines that follow (link titles: at most
    ``HEADING_MAX_CHARS`` characters, no sentence end) are dropped as
    ``"related_links"``; the first line that is not a link title ends the list.
    Blank lines give None and do not end the list."""
    reasons: list[str | None] = []
    in_links = False
    for line in lines:
        stripped = strip_indentation(line)
        reason = drop_reason(line) if stripped else None
        if stripped and reason is None and in_links:
            if len(stripped) <= HEADING_MAX_CHARS and not ends_sentence(stripped):
                reason = RELATED_LINKS
            else:
                in_links = False
        if stripped and RELATED_HEADING.match(stripped):
            in_links = True
        reasons.append(reason)
    return reasons


_ENTITY = re.compile(r"&(nbsp|ensp|emsp|thinsp|amp|lt|gt|quot|apos|ldquo|rdquo|lsquo|rsquo"
                     r"|mdash|ndash|hellip|middot|#\d{2,6}|#x[0-9a-fA-F]{2,5});")
_BREAK_TAG = re.compile(r"(?i)<\s*(br|/?p)\s*/?\s*>")


def strip_html_residue(line: str) -> list[str]:
    """HTML left in copied text: entities (``&nbsp;`` → U+00A0, ``&amp;`` → ``&``,
    ``&#8220;`` → ``“`` …) decoded, and the line cut at ``<br/>``, ``<br>``, ``<p>`` and
    ``</p>`` (each a line break on the page). Returns the pieces, in order (one piece,
    the line itself, when there is no residue)."""
    if "&" not in line and "<" not in line:
        return [line]
    decoded = _ENTITY.sub(lambda m: html.unescape(m.group(0)), line)
    return _BREAK_TAG.split(decoded)[::2] if _BREAK_TAG.search(decoded) else [decoded]


def drop_reason(line: str) -> str | None:
    """Name of the first drop rule matching ``line``, or None to keep it."""
    for name, rule in DROP_RULES:
        if rule(line):
            return name
    return None


# --------------------------------------------------------------------------- structure rules
def ends_sentence(text: str) -> bool:
    """True if ``text`` ends with terminal punctuation (closing quotes ignored)."""
    stripped = text.rstrip(_WS)
    while stripped and stripped[-1] in CLOSING:
        stripped = stripped[:-1]
    return bool(stripped) and stripped[-1] in TERMINAL


def _has_internal_sentence_end(text: str) -> bool:
    return any(ch in SENTENCE_END for ch in text)


_FRAGMENT_START = re.compile(r"^[^，。、；：,;:！？!?“”\"（(]{1,2}[，。、；：,;:]")


def continues_in_next(paragraph: str, following: str) -> bool:
    """Does ``paragraph`` run on into ``following`` (a page break split it)?

    A paragraph that does not end a sentence continues in the next one, unless it
    looks like a heading. It is a continuation if it is longer than
    ``HEADING_MAX_CHARS``, or contains a full stop (headings have none), or the next
    paragraph starts with a one- or two-character fragment before punctuation
    (``…做到初心如`` + ``磐、使命如炬。`` in 001).
    """
    if ends_sentence(paragraph):
        return False
    return (
        len(paragraph) > HEADING_MAX_CHARS
        or _has_internal_sentence_end(paragraph)
        or bool(_FRAGMENT_START.match(following))
    )


def merge_page_breaks(paragraphs: Sequence[Paragraph]) -> list[Paragraph]:
    """Join paragraphs split by page breaks (see :func:`continues_in_next`).

    Pieces are joined with no separator (Chinese has no spaces between words).
    """
    merged: list[Paragraph] = []
    for paragraph in paragraphs:
        if merged and continues_in_next(merged[-1].text, paragraph.text):
            last = merged.pop()
            paragraph = Paragraph(last.text + paragraph.text, last.lines + paragraph.lines)
        merged.append(paragraph)
    return merged


def looks_like_heading(text: str) -> bool:
    """Short, without terminal punctuation and without a full stop inside."""
    return (
        len(text) <= HEADING_MAX_CHARS
        and not ends_sentence(text)
        and not _has_internal_sentence_end(text)
    )


def mark_headings(paragraphs: Sequence[Paragraph]) -> list[Paragraph]:
    """Set ``kind="heading"`` on paragraphs that look like headings (after merging)."""
    return [
        replace(p, kind="heading") if looks_like_heading(p.text) else p for p in paragraphs
    ]


def merge_kickers(paragraphs: Sequence[Paragraph]) -> list[Paragraph]:
    """Join a short lead-in ending in ``——`` with the heading that follows it.

    Xinhua prints two-line headings: ``“情指行”一体化实战化——`` / ``重塑现代警务…``.
    A ``——`` line followed by body text stays a body paragraph.
    """
    out: list[Paragraph] = []
    for paragraph in paragraphs:
        if (
            out
            and paragraph.is_heading
            and out[-1].kind == "body"
            and out[-1].text.endswith("——")
            and len(out[-1].text) <= HEADING_MAX_CHARS
        ):
            kicker = out.pop()
            paragraph = Paragraph(kicker.text + paragraph.text, kicker.lines + paragraph.lines,
                                  "heading")
        out.append(paragraph)
    return out


_SENTENCE = re.compile(r"[^。！？!?]*[。！？!?]+[”’」』）)]*|[^。！？!?]+$")


def split_sentences(text: str) -> list[str]:
    """Split at 。！？ (keeping the mark and any closing quote with its sentence)."""
    return [s for s in _SENTENCE.findall(text) if s]


def split_unparagraphed(
    paragraphs: Sequence[Paragraph], *, max_chars: int = 1200, target_chars: int = 300
) -> list[Paragraph]:
    """Split any body paragraph longer than ``max_chars`` into pseudo-paragraphs.

    002 arrives as one 3,700-character line. Paragraphs are the unit of analysis
    later (topic models, bootstrap), so such a text is cut at sentence ends into
    chunks of at least ``target_chars`` characters, marked ``kind="pseudo"`` so an
    analysis can treat them differently.
    """
    out: list[Paragraph] = []
    for paragraph in paragraphs:
        if paragraph.kind != "body" or len(paragraph.text) <= max_chars:
            out.append(paragraph)
            continue
        chunks: list[str] = []
        chunk = ""
        for sentence in split_sentences(paragraph.text):
            chunk += sentence
            if len(chunk) >= target_chars:
                chunks.append(chunk)
                chunk = ""
        if chunk:  # a short remainder joins the previous chunk
            if chunks and len(chunk) < target_chars // 2:
                chunks[-1] += chunk
            else:
                chunks.append(chunk)
        out.extend(Paragraph(c, paragraph.lines, "pseudo") for c in chunks)
    return out


def structure_paragraphs(paragraphs: Sequence[Paragraph]) -> list[Paragraph]:
    """Structure rules in order: page breaks, headings, kickers, unparagraphed text."""
    return split_unparagraphed(merge_kickers(mark_headings(merge_page_breaks(paragraphs))))
