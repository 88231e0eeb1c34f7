"""Property-based tests: arbitrary Unicode never crashes cleaning or tokenisation."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.text import clean, segment
from helpers.text.clean import Paragraph

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


# Ideographs of every block: Extension A, the basic block, compatibility ideographs,
# Extensions B–J (planes 2 and 3) and the compatibility supplement.
rare_ideographs = st.one_of(
    st.characters(min_codepoint=0x3400, max_codepoint=0x4DBF),
    st.characters(min_codepoint=0xF900, max_codepoint=0xFAFF),
    st.characters(min_codepoint=0x20000, max_codepoint=0x2A6DF),
    st.characters(min_codepoint=0x2A700, max_codepoint=0x2EE5F),
    st.characters(min_codepoint=0x2F800, max_codepoint=0x2FA1F),
    st.characters(min_codepoint=0x30000, max_codepoint=0x3347F),
)
names = st.text(st.one_of(chinese, rare_ideographs, signs), min_size=1, max_size=60)


@settings(deadline=None, max_examples=60)
@given(names)
def test_every_ideograph_survives_tokenisation(text: str) -> None:
    ideographs = [ch for ch in clean.normalize_text(text) if clean.is_ideograph(ch)]
    for lexicon in (False, True):
        tokens = segment.tokenize(text, stopwords=False, lexicon=lexicon)
        kept = [ch for token in tokens for ch in token if clean.is_ideograph(ch)]
        if lexicon:  # variants are rewritten to their terms: compare as multisets of rare
            kept_rare = sorted(ch for ch in kept if ord(ch) > 0xFFFF or 0xF900 <= ord(ch) <= 0xFAFF)
            assert kept_rare == sorted(ch for ch in ideographs
                                       if ord(ch) > 0xFFFF or 0xF900 <= ord(ch) <= 0xFAFF)
        else:
            assert kept == ideographs


@given(st.text(rare_ideographs, min_size=1, max_size=5))
def test_rare_ideographs_are_ideographs_and_words(text: str) -> None:
    assert all(clean.is_ideograph(ch) for ch in text)
    assert segment.is_word(text)
