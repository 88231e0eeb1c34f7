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

from helpers.errors import CorpusError
from helpers.paths import DATA_DIR
from helpers.text import clean

LEXICON_PATH: Path = DATA_DIR / "lexicon.csv"
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
#: Characters a term may have: ideographs of every CJK block (Extension B+ included:
#: names such as 王𫖮), ASCII letters, digits and ``+ # & . _ % -``. Terms are cut out
#: whole before jieba sees the text, so jieba's own narrower range does not split them.
JIEBA_TOKEN = re.compile(rf"^[{clean.CJK_IDEOGRAPHS}a-zA-Z0-9+#&._%\-]+$")

_CACHE: dict[str, pd.DataFrame] = {}


def lexicon_bytes(path: str | Path | None = None) -> bytes:
    """Raw bytes of the lexicon file (part of every segmentation cache key)."""
    return Path(path or LEXICON_PATH).read_bytes()


def load_lexicon(path: str | Path | pd.DataFrame | None = None) -> pd.DataFrame:
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
    if isinstance(path, pd.DataFrame):  # a user dictionary: see read_dictionary
        return read_dictionary(path)
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

    Counts the tokens of :func:`helpers.text.segment.tokenize_paragraphs` (stopwords kept,
    segmented with ``lexicon``, default the bundled one), so it agrees with every count
    in the notebooks. For the bundled corpus this is what the
    ``localities`` column must say (tests/test_domain.py keeps the two equal).
    """
    from helpers.text import segment  # imported here: segment imports this module

    given = lexicon is not None
    lexicon = load_lexicon() if lexicon is None else lexicon
    terms = set(lexicon.term)
    tokens = segment.tokenize_paragraphs(stopwords=False, corpus_path=corpus_path,
                                         lexicon=lexicon if given else True)
    found: dict[str, set[str]] = {term: set() for term in lexicon.term}
    for locality, paragraph_tokens in zip(tokens.locality, tokens.tokens, strict=True):
        for token in terms.intersection(paragraph_tokens):
            found[token].add(str(locality))
    return {term: tuple(sorted(places)) for term, places in found.items()}


# --------------------------------------------------------------------------- user dictionaries
# Issue 12 (user dictionaries): a user's dictionary in the columns of load_lexicon, so
# segmentation, theme scoring and labels take it like the bundled lexicon. Nothing above
# depends on this section.

#: Column names accepted for the term and the theme of a long-format dictionary.
TERM_COLUMN_NAMES: tuple[str, ...] = ("term", "word", "words", "词", "词语")
THEME_COLUMN_NAMES: tuple[str, ...] = ("theme", "category", "key", "类别", "主题")
_TERM_SEPARATORS = re.compile(r"[|、，,；;\s]+")
_NOT_TERM_CHARS = re.compile(rf"[^{clean.CJK_IDEOGRAPHS}a-zA-Z0-9+#&._%\-]+")
_DICTIONARY_CACHE: dict[str, pd.DataFrame] = {}


def _split_terms(value: object) -> list[str]:
    if isinstance(value, str):
        return [t for t in _TERM_SEPARATORS.split(value) if t]
    if isinstance(value, (list, tuple, set, frozenset)):
        return [str(t).strip() for t in value if str(t).strip()]
    return [] if value is None or (isinstance(value, float) and value != value) else [str(value)]


def _flatten_yaml(data: object, prefix: str = "") -> list[tuple[str, str]]:
    """(theme, term) pairs of a quanteda/cntext YAML dictionary; nested keys join with '.'."""
    if isinstance(data, dict):
        if prefix == "" and "Dictionary" in data:  # cntext: Name/Desc/Refer/Category/Dictionary
            return _flatten_yaml(data["Dictionary"])
        pairs = []
        for key, value in data.items():
            pairs.extend(_flatten_yaml(value, f"{prefix}.{key}" if prefix else str(key)))
        return pairs
    if isinstance(data, (list, tuple)):
        pairs = []
        for item in data:
            pairs.extend(_flatten_yaml(item, prefix) if isinstance(item, (dict, list))
                         else [(prefix, str(item))])
        return pairs
    return [(prefix, str(data))] if data is not None and prefix else []


def _dictionary_table(source: object, path: Path | str) -> pd.DataFrame:
    """Any accepted input as a long table with at least the columns term and theme."""
    if isinstance(source, Mapping):
        pairs = _flatten_yaml(dict(source))
        return pd.DataFrame(pairs, columns=["theme", "term"])
    frame = source if isinstance(source, pd.DataFrame) else None
    if frame is None:
        file = Path(source)  # type: ignore[arg-type]
        if not file.is_file():
            raise CorpusError(file, "dictionary file not found.",
                              fix="check the path (relative paths start at the working "
                              "folder, which in a notebook is notebooks/).")
        from helpers.text.corpus import decode_bytes  # the corpus's encoding detection

        text = decode_bytes(file.read_bytes(), file, None).text
        suffix = file.suffix.lower()
        if suffix in {".yml", ".yaml"}:
            try:
                import yaml
            except ImportError:
                raise CorpusError(file, "reading YAML needs the pyyaml package.",
                                  fix="pip install pyyaml, or save the dictionary as CSV "
                                  "(columns term, theme).") from None
            try:
                data = yaml.safe_load(text)
            except yaml.YAMLError as exc:
                raise CorpusError(file, f"not valid YAML: {exc}".replace("\n", " "),
                                  fix="each theme is a key followed by a list of terms, e.g. "
                                  "'队伍建设: [全面从严治警, 政治建警]'.") from None
            if not isinstance(data, dict):
                raise CorpusError(file, "the YAML file is not a mapping of themes to terms.",
                                  fix="write 'theme: [term, term]' lines.")
            return pd.DataFrame(_flatten_yaml(data), columns=["theme", "term"])
        if suffix == ".txt":
            terms = [line.split("#", 1)[0].strip() for line in text.splitlines()]
            return pd.DataFrame({"term": [t for t in terms if t], "theme": file.stem})
        frame = pd.read_csv(io.StringIO(text), sep="\t" if suffix == ".tsv" else ",",
                            dtype=str, keep_default_na=False)
    frame = frame.rename(columns=lambda c: str(c).strip())
    term_col = next((c for c in TERM_COLUMN_NAMES if c in frame.columns), None)
    theme_col = next((c for c in THEME_COLUMN_NAMES if c in frame.columns), None)
    if term_col and theme_col:
        return frame.rename(columns={term_col: "term", theme_col: "theme"})
    if term_col:
        raise CorpusError(path, f"a column {term_col} but no theme column.", where="header row",
                          fix="add a column theme (any label, e.g. 'my terms') to every row.")
    if theme_col and "terms" in frame.columns:  # theme → terms, one row per theme
        pairs = [(str(row[theme_col]), t) for _, row in frame.iterrows()
                 for t in _split_terms(row["terms"])]
        return pd.DataFrame(pairs, columns=["theme", "term"])
    # wide (cntext-style): each column a theme, its cells the terms
    pairs = [(str(col), t) for col in frame.columns for value in frame[col]
             for t in _split_terms(value)]
    return pd.DataFrame(pairs, columns=["theme", "term"])


def read_dictionary(source: str | Path | pd.DataFrame | Mapping[str, object]) -> pd.DataFrame:
    """A user dictionary as a lexicon table: the columns of :func:`load_lexicon`
    (:data:`LEXICON_COLUMNS`), one row per term, sorted by theme then term.

    ``source`` is a path or a table/dict in any of these forms:

    * long: columns ``term`` and ``theme`` (also ``word`` / ``category``), optional
      ``gloss``, ``label``, ``pinyin``, ``theme_zh``, ``kind``, ``scored`` and
      ``variants`` (``|``-separated) — a CSV, TSV or DataFrame;
    * theme → terms: columns ``theme`` and ``terms`` (terms separated by ``|``, ``、``,
      ``，``, ``;`` or spaces);
    * wide (cntext CSV): each column a theme, its cells the terms;
    * YAML as quanteda's ``dictionary()`` or cntext write it (``theme: [terms]``,
      nested keys joined with ``.``; cntext's ``Dictionary:`` key);
    * a ``dict`` theme → list of terms; a ``.txt`` file: one term per line, the file
      name as theme.

    Terms are normalised like clean text (spaces, widths); a term with characters that
    cannot be inside a token (``·``, quotes, spaces between Chinese and Latin) becomes
    the term without them and the written form a variant. Defaults: gloss and pinyin
    empty, label the gloss or the term, theme_zh the theme, kind ``concept``, scored
    true. Files may be UTF-8 or GBK (detected). Raises :class:`CorpusError` for a missing
    file, an unreadable YAML, no theme column, or a term under two themes (all such
    terms listed at once).
    """
    path: Path | str = "dictionary" if not isinstance(source, (str, Path)) else Path(source)
    key = ""
    if isinstance(source, (str, Path)) and Path(source).is_file():
        key = hashlib.sha256(Path(source).read_bytes() + str(Path(source).suffix).encode()
                             ).hexdigest()
        if key in _DICTIONARY_CACHE:
            return _DICTIONARY_CACHE[key].copy()
    table = _dictionary_table(source, path)
    rows: dict[str, dict[str, object]] = {}
    problems: list[CorpusError] = []
    for number, record in enumerate(table.to_dict("records"), start=2):
        theme = str(record.get("theme") or "").strip()
        written = clean.normalize_text(str(record.get("term") or "").strip())
        if not written:
            continue
        if not theme:
            problems.append(CorpusError(path, f"term {written!r} has no theme.",
                                        where=f"row {number}", fix="give it a theme."))
            continue
        term = written if JIEBA_TOKEN.match(written) else _NOT_TERM_CHARS.sub("", written)
        if not term:
            problems.append(CorpusError(path, f"term {written!r} has no letters or ideographs.",
                                        where=f"row {number}", fix="delete the row."))
            continue
        given = record.get("variants")
        parts = (given.split("|") if isinstance(given, str)
                 else list(given) if isinstance(given, (list, tuple, set, frozenset)) else [])
        variants = {clean.normalize_text(str(v).strip()) for v in parts if str(v).strip()}
        variants.add(written)
        previous = rows.get(term)
        if previous is not None:
            if previous["theme"] != theme:
                problems.append(CorpusError(path, f"term {term!r} is under two themes, "
                                            f"{previous['theme']!r} and {theme!r}.",
                                            where=f"row {number}", fix="keep it under one "
                                            "theme (a token counts for one theme)."))
            previous["variants"] = tuple(sorted((set(previous["variants"]) | variants)
                                                - {term}))
            continue
        gloss = str(record.get("gloss") or "").strip()
        scored = str(record.get("scored", "true")).strip().lower()
        localities = record.get("localities") or ()
        rows[term] = {
            "term": term, "gloss": gloss, "pinyin": str(record.get("pinyin") or "").strip(),
            "label": str(record.get("label") or "").strip()
            or (textwrap.shorten(gloss, LABEL_WIDTH, placeholder="…") if gloss else term),
            "theme": theme, "theme_zh": str(record.get("theme_zh") or "").strip() or theme,
            "kind": str(record.get("kind") or "").strip() or "concept",
            "scored": _BOOLEANS.get(scored, True) if not isinstance(record.get("scored"), bool)
            else record["scored"],
            "variants": tuple(sorted(variants - {term})),
            "localities": tuple(localities) if not isinstance(localities, str)
            else tuple(p.strip() for p in localities.split("|") if p.strip()),
        }
    if problems:
        from helpers.errors import raise_all

        raise_all(problems)
    if not rows:
        raise CorpusError(path, "the dictionary has no terms.",
                          fix="give one term per row with its theme (columns term, theme).")
    lexicon = pd.DataFrame([{c: row.get(c, "") for c in LEXICON_COLUMNS}
                            for row in rows.values()], columns=list(LEXICON_COLUMNS))
    lexicon = lexicon.sort_values(["theme", "term"], kind="stable").reset_index(drop=True)
    if key:
        _DICTIONARY_CACHE[key] = lexicon
    return lexicon.copy()


def dictionary_bytes(lexicon: pd.DataFrame) -> bytes:
    """The content of a lexicon table that segmentation depends on (terms, themes,
    variants), as bytes for cache keys: equal tables give equal bytes."""
    rows = sorted((str(t), str(th), "|".join(v)) for t, th, v in
                  zip(lexicon.term, lexicon.theme, lexicon.variants, strict=True))
    return "\n".join("\t".join(row) for row in rows).encode("utf-8")


def update_localities(path: str | Path | None = None) -> int:
    """Rewrite the ``localities`` column of the lexicon file from the bundled corpus.

    Run after adding or editing terms: ``python -m helpers.text.lexicon --update-localities``.
    Other columns and the row order are kept; returns the number of rows whose value
    changed. Only for the project lexicon (segmentation reads that file).
    """
    path = Path(path or LEXICON_PATH)
    where = attested_localities(lexicon=load_lexicon(path))
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        header = list(reader.fieldnames or [])
        rows = list(reader)
    if "localities" not in header:
        header.append("localities")
    changed = 0
    for row in rows:
        value = "|".join(where.get(row["term"].strip(), ()))
        changed += value != (row.get("localities") or "")
        row["localities"] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return changed


if __name__ == "__main__":  # python -m helpers.text.lexicon --update-localities
    import sys

    if sys.argv[1:] != ["--update-localities"]:
        sys.exit("usage: python -m helpers.text.lexicon --update-localities")
    print(f"localities updated in {update_localities()} row(s) of {LEXICON_PATH.name}")
