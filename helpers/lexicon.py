"""The domain lexicon: one CSV that feeds segmentation, theme scoring and English labels.

``helpers/data/lexicon.csv`` has one row per term with columns
``term, gloss, pinyin, theme, theme_zh, kind, variants`` (see ``helpers/data/README.md``).
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
LEXICON_COLUMNS: tuple[str, ...] = ("term", "gloss", "pinyin", "theme", "theme_zh", "kind",
                                    "variants")
KINDS = frozenset({"slogan", "institution", "programme", "concept"})
#: Characters jieba's default tokenizer keeps inside one token.
JIEBA_TOKEN = re.compile(r"^[\u4E00-\u9FD5a-zA-Z0-9+#&._%\-]+$")

_CACHE: dict[str, pd.DataFrame] = {}


def lexicon_bytes(path: str | Path | None = None) -> bytes:
    """Raw bytes of the lexicon file (part of every segmentation cache key)."""
    return Path(path or LEXICON_PATH).read_bytes()


def load_lexicon(path: str | Path | None = None) -> pd.DataFrame:
    """The validated lexicon, one row per term, sorted by theme then term.

    Columns: term, gloss, pinyin, theme (English label), theme_zh (Chinese label, one
    per theme), kind, variants (a tuple of surface forms, already normalised like clean
    text, the term itself excluded).
    Raises :class:`CorpusError` naming the row for an empty field, an unknown kind,
    a duplicate term, or a term jieba cannot keep whole.
    """
    path = Path(path or LEXICON_PATH)
    data = lexicon_bytes(path)
    key = hashlib.sha256(data).hexdigest()
    if key in _CACHE:
        return _CACHE[key].copy()
    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig")))
    if tuple(reader.fieldnames or ()) != LEXICON_COLUMNS:
        raise CorpusError(path, f"header is {reader.fieldnames}, expected {list(LEXICON_COLUMNS)}.",
                          where="row 1")
    rows, seen, theme_zh = [], {}, {}
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
        variants = tuple(sorted({
            clean.normalize_text(v.strip()) for v in (row["variants"] or "").split("|")
            if v.strip()} - {term}))
        rows.append({**{c: (row[c] or "").strip() for c in LEXICON_COLUMNS[:-1]},
                     "term": term, "variants": variants})
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


def label(term: str, lexicon: pd.DataFrame | None = None, *, width: int | None = None,
          glosses: Mapping[str, str] | None = None) -> str:
    """A figure label: ``"情指行 · intelligence–command–action integration"`` for lexicon
    terms, the term itself otherwise.

    ``width`` shortens the gloss to that many characters (``…`` marks the cut);
    ``glosses`` (term → gloss) replaces the lookup in the lexicon file.
    """
    gloss = (glosses_of(lexicon) if glosses is None else glosses).get(term)
    if not gloss:
        return term
    if width is not None:
        gloss = textwrap.shorten(gloss, width, placeholder="…")
    return f"{term} · {gloss}"


def themes(lexicon: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per theme: theme, n_terms, terms (tuple, sorted)."""
    lexicon = load_lexicon() if lexicon is None else lexicon
    grouped = lexicon.groupby("theme", sort=True).term
    return pd.DataFrame({"n_terms": grouped.size(),
                         "terms": grouped.apply(lambda s: tuple(sorted(s)))}).reset_index()


def theme_names(lexicon: pd.DataFrame | None = None) -> dict[str, str]:
    """Theme (English label) → Chinese label, sorted by the English label."""
    lexicon = load_lexicon() if lexicon is None else lexicon
    pairs = lexicon[["theme", "theme_zh"]].drop_duplicates().sort_values("theme")
    return dict(zip(pairs.theme, pairs.theme_zh, strict=True))
