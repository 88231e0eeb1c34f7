"""The domain lexicon: one CSV that feeds segmentation, theme scoring and English labels.

``helpers/data/lexicon.csv`` has one row per term with columns
``term, label, gloss, pinyin, theme, theme_zh, kind, scored, variants, localities``
(see ``helpers/data/README.md``; ``label``, ``scored`` and ``localities`` are optional in
a user's lexicon). ``scored`` is one value per theme: ``false`` marks themes of time
markers and agenda references (meeting names) that theme scoring leaves out by default
(:func:`scored_themes`).
A term is written so that jieba can keep it as one token (Chinese characters, ASCII
letters and digits, ``+ # & . _ % -``); ``variants`` lists other surface forms
(``|``-separated) that are rewritten to the term before segmentation, e.g.
``专业 + 机制 + 大数据`` or ``大部门、大警种``.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import textwrap
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from helpers import clean
from helpers.errors import CorpusError

LEXICON_PATH: Path = Path(__file__).resolve().parent / "data" / "lexicon.csv"
#: Columns every lexicon file must have.
REQUIRED_COLUMNS: tuple[str, ...] = ("term", "gloss", "pinyin", "theme", "theme_zh", "kind",
                                     "variants")
#: Columns of :func:`load_lexicon`'s table, in order (label, scored, localities optional).
LEXICON_COLUMNS: tuple[str, ...] = ("term", "label", "gloss", "pinyin", "theme", "theme_zh",
                                    "kind", "scored", "variants", "localities")
#: Longest short label (``label`` column): figure labels are never cut with "…".
LABEL_WIDTH = 28
_BOOLEANS = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}
KINDS = frozenset({"slogan", "institution", "programme", "concept"})
#: Characters jieba's default tokenizer keeps inside one token.
JIEBA_TOKEN = re.compile(r"^[\u4E00-\u9FD5a-zA-Z0-9+#&._%\-]+$")

_CACHE: dict[str, pd.DataFrame] = {}


def lexicon_bytes(path: str | Path | None = None) -> bytes:
    """Raw bytes of the lexicon file (part of every segmentation cache key)."""
    return Path(path or LEXICON_PATH).read_bytes()


def load_lexicon(path: str | Path | None = None) -> pd.DataFrame:
    """The validated lexicon, one row per term, sorted by theme then term.

    Columns (:data:`LEXICON_COLUMNS`): term, label (short English label, at most
    :data:`LABEL_WIDTH` characters; the gloss shortened when the file has none), gloss,
    pinyin, theme (English label), theme_zh (Chinese label, one per theme), kind, scored
    (bool, one per theme; ``True`` when the file has no such column), variants (a tuple
    of surface forms, already normalised like clean text, the term itself excluded),
    localities (tuple: where the term occurs in the bundled corpus; empty if not given).
    Raises :class:`CorpusError` naming the row for an empty field, an unknown kind,
    a duplicate term, a term jieba cannot keep whole, a label that is too long, or a
    theme with two Chinese names or two ``scored`` values.
    """
    path = Path(path or LEXICON_PATH)
    data = lexicon_bytes(path)
    key = hashlib.sha256(data).hexdigest()
    if key in _CACHE:
        return _CACHE[key].copy()
    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig")))
    header = tuple(reader.fieldnames or ())
    if not set(REQUIRED_COLUMNS) <= set(header) or not set(header) <= set(LEXICON_COLUMNS):
        raise CorpusError(path, f"header is {list(header)}, expected the columns "
                          f"{list(REQUIRED_COLUMNS)} and optionally label, scored, localities.",
                          where="row 1")
    rows, seen, theme_zh, theme_scored = [], {}, {}, {}
    for row_no, row in enumerate(reader, start=2):
        where = f"row {row_no} ({row.get('term', '')})"
        for col in ("term", "gloss", "theme", "theme_zh", "kind"):
            if not (row.get(col) or "").strip():
                raise CorpusError(path, f"empty {col}.", where=where)
        term = row["term"].strip()
        if not JIEBA_TOKEN.match(term):
            raise CorpusError(path, f"term {term!r} has characters jieba splits on.", where=where,
                              fix="write the term without punctuation/spaces and list the "
                              "punctuated form under variants.")
        if row["kind"] not in KINDS:
            raise CorpusError(path, f"kind {row['kind']!r} not in {sorted(KINDS)}.", where=where)
        if term in seen:
            raise CorpusError(path, f"duplicate term {term!r} (also row {seen[term]}).",
                              where=where)
        seen[term] = row_no
        if theme_zh.setdefault(row["theme"], row["theme_zh"]) != row["theme_zh"]:
            raise CorpusError(path, f"theme {row['theme']!r} has two Chinese names: "
                              f"{theme_zh[row['theme']]!r} and {row['theme_zh']!r}.", where=where)
        scored_text = (row.get("scored") or "true").strip().lower()
        if scored_text not in _BOOLEANS:
            raise CorpusError(path, f"scored {row.get('scored')!r} is not true or false.",
                              where=where)
        scored = _BOOLEANS[scored_text]
        if theme_scored.setdefault(row["theme"], scored) != scored:
            raise CorpusError(path, f"theme {row['theme']!r} is both scored and not scored.",
                              where=where)
        gloss = row["gloss"].strip()
        short = (row.get("label") or "").strip() or textwrap.shorten(gloss, LABEL_WIDTH,
                                                                     placeholder="…")
        if len(short) > LABEL_WIDTH:
            raise CorpusError(path, f"label {short!r} is longer than {LABEL_WIDTH} characters.",
                              where=where)
        variants = tuple(sorted({
            clean.normalize_text(v.strip()) for v in (row["variants"] or "").split("|")
            if v.strip()} - {term}))
        localities = tuple(p.strip() for p in (row.get("localities") or "").split("|")
                           if p.strip())
        rows.append({**{c: (row[c] or "").strip() for c in REQUIRED_COLUMNS[:-1]},
                     "term": term, "label": short, "scored": scored, "variants": variants,
                     "localities": localities})
    lexicon = pd.DataFrame(rows, columns=list(LEXICON_COLUMNS)).sort_values(
        ["theme", "term"], kind="stable").reset_index(drop=True)
    _CACHE[key] = lexicon
    return lexicon.copy()


def variant_map(lexicon: pd.DataFrame) -> dict[str, str]:
    """Surface form → term, for every variant that differs from its term."""
    return {v: row.term for row in lexicon.itertuples() for v in row.variants}


def normalize_variants(text: str, lexicon: pd.DataFrame) -> str:
    """Rewrite every variant in clean ``text`` to its term (longest variants first)."""
    mapping = variant_map(lexicon)
    if not mapping:
        return text
    pattern = re.compile("|".join(re.escape(v) for v in sorted(mapping, key=lambda v: (-len(v), v))))
    return pattern.sub(lambda m: mapping[m.group(0)], text)


def glosses(lexicon: pd.DataFrame | None = None) -> dict[str, str]:
    """Term → English gloss."""
    lexicon = load_lexicon() if lexicon is None else lexicon
    return dict(zip(lexicon.term, lexicon.gloss, strict=True))


glosses_of = glosses  # the name :func:`label` uses (its ``glosses`` argument shadows it)


def labels(lexicon: pd.DataFrame | None = None) -> dict[str, str]:
    """Term → short English label (at most :data:`LABEL_WIDTH` characters)."""
    lexicon = load_lexicon() if lexicon is None else lexicon
    return dict(zip(lexicon.term, lexicon.label, strict=True))


def label(term: str, lexicon: pd.DataFrame | None = None, *, width: int | None = None,
          glosses: Mapping[str, str] | None = None) -> str:
    """A figure label: ``"情指行 · intel–command–operations"`` for lexicon terms (the
    short ``label`` column, never longer than :data:`LABEL_WIDTH`), the term itself
    otherwise.

    ``width`` shortens the label to that many characters if it is longer (``…`` marks
    the cut; a width of at least :data:`LABEL_WIDTH` never cuts a lexicon label);
    ``glosses`` (term → text) replaces the lookup in the lexicon file.
    """
    gloss = (labels(lexicon) if glosses is None else glosses).get(term)
    if not gloss:
        return term
    if width is not None:
        gloss = textwrap.shorten(gloss, width, placeholder="…")
    return f"{term} · {gloss}"


def themes(lexicon: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per theme: theme, theme_zh, scored, n_terms, terms (tuple, sorted)."""
    lexicon = load_lexicon() if lexicon is None else lexicon
    grouped = lexicon.groupby("theme", sort=True)
    return pd.DataFrame({"theme_zh": grouped.theme_zh.first(), "scored": grouped.scored.first(),
                         "n_terms": grouped.term.size(),
                         "terms": grouped.term.apply(lambda s: tuple(sorted(s)))}).reset_index()


def scored_themes(lexicon: pd.DataFrame | None = None) -> list[str]:
    """Themes that theme scoring counts by default (``scored`` true), sorted.

    The others (e.g. *Meetings and agenda references*) are time markers: their terms
    stay whole tokens, but a rate of meeting names is not a rate of a reform theme.
    """
    lexicon = load_lexicon() if lexicon is None else lexicon
    return sorted(lexicon.loc[lexicon.scored, "theme"].unique())


def scored_lexicon(lexicon: pd.DataFrame | None = None) -> pd.DataFrame:
    """The rows of the lexicon whose theme is scored (:func:`scored_themes`)."""
    lexicon = load_lexicon() if lexicon is None else lexicon
    return lexicon[lexicon.scored].reset_index(drop=True)


def theme_names(lexicon: pd.DataFrame | None = None) -> dict[str, str]:
    """Theme (English label) → Chinese label, sorted by the English label."""
    lexicon = load_lexicon() if lexicon is None else lexicon
    pairs = lexicon[["theme", "theme_zh"]].drop_duplicates().sort_values("theme")
    return dict(zip(pairs.theme, pairs.theme_zh, strict=True))


def attested_localities(corpus_path: str | Path | None = None,
                        lexicon: pd.DataFrame | None = None) -> dict[str, tuple[str, ...]]:
    """Term → the localities (sorted) whose paragraphs contain it as a token.

    Counts the tokens of :func:`helpers.segment.tokenize_paragraphs` (stopwords kept), so
    it agrees with every count in the notebooks. For the bundled corpus this is what the
    ``localities`` column must say (tests/test_domain.py keeps the two equal).
    """
    from helpers import segment  # imported here: segment imports this module

    lexicon = load_lexicon() if lexicon is None else lexicon
    terms = set(lexicon.term)
    tokens = segment.tokenize_paragraphs(stopwords=False, corpus_path=corpus_path)
    found: dict[str, set[str]] = {term: set() for term in lexicon.term}
    for locality, paragraph_tokens in zip(tokens.locality, tokens.tokens, strict=True):
        for token in terms.intersection(paragraph_tokens):
            found[token].add(str(locality))
    return {term: tuple(sorted(places)) for term, places in found.items()}
