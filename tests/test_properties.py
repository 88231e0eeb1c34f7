"""Property-based tests: arbitrary Unicode never crashes cleaning or tokenisation."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import clean, segment
from helpers.clean import Paragraph

# Mostly Chinese, punctuation of both widths, spaces of all kinds, and anything else.
chinese = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
signs = st.sampled_from(list("，。、；：？！“”‘’（）《》——…,.;:?!()\"'+＋％% \u3000\u00a0\t*#"))
texts = st.text(st.one_of(chinese, signs, st.characters()), max_size=200)


@given(texts)
def test_normalize_text_is_idempotent(text: str) -> None:
    once = clean.normalize_text(text)
    assert clean.normalize_text(once) == once


@given(texts)
def test_drop_rules_never_crash(text: str) -> None:
    assert clean.drop_reason(text) in {None, *(name for name, _ in clean.DROP_RULES)}


@given(st.lists(texts.filter(lambda t: t.strip()), min_size=1, max_size=8))
def test_structuring_keeps_every_character(lines: list[str]) -> None:
    paragraphs = [Paragraph(clean.normalize_text(t), (i,)) for i, t in enumerate(lines, 1)]
    structured = clean.structure_paragraphs(paragraphs)
    assert "".join(p.text for p in structured) == "".join(p.text for p in paragraphs)
    assert {p.kind for p in structured} <= {"body", "heading", "pseudo"}


@settings(deadline=None, max_examples=60)
@given(texts)
def test_tokenize_never_crashes_and_tokens_come_from_the_text(text: str) -> None:
    prepared = segment.prepare(text)
    for token in segment.tokenize(text, stopwords=False):
        assert token and token in prepared
