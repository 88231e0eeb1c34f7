"""Load the curated corpus: raw files + manifest → articles and paragraphs.

The raw files in ``corpus/raw/`` are never modified. ``corpus/manifest.csv`` has one
row per article and says where each article lies in its raw file with three
markers, all checked on every load:

* ``span_start`` — text at the start of the article's first line (title or
  navigation), found exactly once as a line prefix;
* ``body_start`` — where the body text begins, found exactly once anywhere (it may be
  mid-line when the title is glued to the body);
* ``span_end`` — text at the end of the article's last line (often a credit line that
  the rules then drop), found exactly once as a line suffix.

Everything of a raw file outside the article spans is listed, with a reason, in
``corpus/excluded.csv`` (page banners, the editor's note of a compilation, …).
:func:`account_for_raw_text` shows where every non-blank line went.

Public API (taught in ``notebooks/00_corpus_tour.ipynb``): :func:`load_articles`,
:func:`load_paragraphs`, :func:`load_manifest`, :func:`account_for_raw_text`.
Every loader takes ``corpus`` (a folder with ``raw/``, ``manifest.csv`` and
``excluded.csv``); by default the environment variable ``POLICING_CORPUS_DIR``,
else the bundled ``corpus/``.
"""

from __future__ import annotations

import csv
import hashlib
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from helpers import clean
from helpers.errors import CorpusError
from helpers.paths import corpus_dir

#: Columns the manifest must have, in this order (extra columns are an error).
MANIFEST_COLUMNS: tuple[str, ...] = (
    "article_id", "raw_file", "raw_sha256", "span_start", "body_start", "span_end",
    "title", "author", "author_role", "author_role_en", "unit", "locality_zh", "locality",
    "province", "admin_level", "outlet", "year", "date", "date_inferred", "date_basis",
    "genre", "notes",
)
#: Columns that may be added to the manifest (optional).
OPTIONAL_MANIFEST_COLUMNS: tuple[str, ...] = ("encoding",)
EXCLUDED_COLUMNS: tuple[str, ...] = ("raw_file", "marker", "reason")
ADMIN_LEVELS = frozenset({"prefecture", "district", "national", "unspecified"})
_REQUIRED_VALUES = ("article_id", "raw_file", "raw_sha256", "span_start", "body_start",
                    "span_end", "title", "locality", "admin_level")


# --------------------------------------------------------------------------- reading files
def sha256_of(path: Path) -> str:
    """Hex sha256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


_HTML = re.compile(r"(?is)<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta\s")
_TAG = re.compile(r"(?i)</?(p|div|span|br|a|script|style|table|td|li)\b[^>]*>")


def decode_raw(data: bytes, path: Path | str, encoding: str = "utf-8") -> str:
    """Decode a raw file's bytes to text with LF line ends and no BOM.

    Accepts a UTF-8 BOM (stripped) and CRLF/CR line ends (turned into LF). Raises
    :class:`CorpusError` naming the file, the line where known, and the fix for: an
    empty file, a binary file, bytes that are not valid in ``encoding`` (with a guess
    such as GB18030 when the bytes decode that way), a file truncated in the middle of
    a character, and an HTML page saved as text.
    """
    if not data.strip():
        raise CorpusError(path, "file is empty.", fix="restore the text, or remove the file "
                          "and its manifest rows.")
    nul = data.find(b"\x00")
    if nul >= 0 and not encoding.lower().replace("-", "").startswith("utf16"):
        raise CorpusError(path, "binary data (NUL bytes), not a text file.",
                          where=f"byte {nul}",
                          fix="export the document as plain UTF-8 text first.")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        if exc.end >= len(data) and "end of data" in exc.reason:
            raise CorpusError(path, f"truncated: the file ends in the middle of a {encoding} "
                              f"character (last {len(data) - exc.start} bytes incomplete).",
                              where=f"line {line}", fix="re-download or re-export the file; "
                              "its end is missing.") from None
        hint = "re-save the file as UTF-8, or pass its encoding (manifest column encoding)"
        guess = ""
        for candidate, name in (("gbk", "GBK/GB18030"), ("gb18030", "GB18030"),
                                ("big5", "Big5")):
            try:
                data.decode(candidate)
            except UnicodeDecodeError:
                continue
            guess = f" It decodes as {name}."
            hint = (f"pass encoding='{candidate}' (manifest column encoding, or the encoding= "
                    "argument of the loaders), or re-save the file as UTF-8")
            break
        raise CorpusError(path, f"not valid {encoding} (byte {exc.start}).{guess}",
                          where=f"line {line}", fix=hint) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    text = clean.normalize_newlines(text)
    html = _HTML.search(text)
    if html or len(_TAG.findall(text)) >= 5:
        first = html or _TAG.search(text)
        raise CorpusError(path, "looks like an HTML page saved as text (markup such as "
                          f"{first.group(0)[:20]!r}).",
                          where=f"line {text.count(chr(10), 0, first.start()) + 1}",
                          fix="extract the article text first (copy it from the browser, or "
                          "an HTML-to-text tool); raw files must be plain text.")
    return text


def read_raw(path: str | Path, encoding: str = "utf-8") -> str:
    """Read and decode one raw file (see :func:`decode_raw` for what is checked)."""
    path = Path(path)
    if not path.is_file():
        raise CorpusError(path, "file not found.")
    return decode_raw(path.read_bytes(), path, encoding)


def _read_csv(path: Path, columns: tuple[str, ...], optional: tuple[str, ...] = ()
              ) -> list[dict[str, str]]:
    if not path.is_file():
        raise CorpusError(path, "file not found.", fix="check the corpus folder argument or "
                          "the POLICING_CORPUS_DIR environment variable.")
    text = decode_raw(path.read_bytes(), path)
    reader = csv.DictReader(text.splitlines())
    header = tuple(reader.fieldnames or ())
    missing = [c for c in columns if c not in header]
    unknown = [c for c in header if c not in columns and c not in optional]
    if missing or unknown:
        parts = []
        if missing:
            parts.append(f"missing column(s) {', '.join(missing)}")
        if unknown:
            parts.append(f"unknown column(s) {', '.join(unknown)}")
        raise CorpusError(path, "; ".join(parts) + ".", where="header row",
                          fix=f"the columns are: {', '.join(columns)}.")
    rows = []
    for row in reader:
        if None in row:
            raise CorpusError(path, "row has more fields than the header.",
                              where=f"row {reader.line_num}", fix="quote fields containing commas.")
        rows.append({k: (v or "") for k, v in row.items()})
    return rows


# --------------------------------------------------------------------------- manifest
def load_manifest(corpus: str | Path | None = None) -> pd.DataFrame:
    """The validated manifest: one row per article, columns ``MANIFEST_COLUMNS``.

    Checks: columns, required values, unique article ids, known admin levels, raw
    files present, sha256 matching. Raises :class:`CorpusError` otherwise.
    """
    root = corpus_dir(corpus)
    path = root / "manifest.csv"
    rows = _read_csv(path, MANIFEST_COLUMNS, OPTIONAL_MANIFEST_COLUMNS)
    seen: dict[str, int] = {}
    for i, row in enumerate(rows, start=2):
        where = f"row {i} (article {row['article_id'] or '?'})"
        for col in _REQUIRED_VALUES:
            if not row[col].strip():
                raise CorpusError(path, f"empty value in column {col}.", where=where)
        if row["article_id"] in seen:
            raise CorpusError(path, f"duplicate article_id {row['article_id']!r} "
                              f"(also row {seen[row['article_id']]}).", where=where,
                              fix="give every article a unique id.")
        seen[row["article_id"]] = i
        if row["admin_level"] not in ADMIN_LEVELS:
            raise CorpusError(path, f"admin_level {row['admin_level']!r} is not one of "
                              f"{sorted(ADMIN_LEVELS)}.", where=where)
        raw = root / "raw" / row["raw_file"]
        if not raw.is_file():
            raise CorpusError(raw, "raw file named in the manifest is missing.",
                              where=f"manifest {where}",
                              fix="restore the file from the original source (raw files are "
                              "never edited) or correct raw_file.")
        actual = sha256_of(raw)
        if actual != row["raw_sha256"].strip().lower():
            raise CorpusError(raw, f"sha256 changed: manifest has {row['raw_sha256']}, file "
                              f"has {actual}.", where=f"manifest {where}",
                              fix="raw files must stay byte-for-byte; restore the original, "
                              "or if you replaced it on purpose, update raw_sha256.")
    return pd.DataFrame(rows, columns=[c for c in rows[0]] if rows else MANIFEST_COLUMNS)


# --------------------------------------------------------------------------- spans
@dataclass(frozen=True)
class Segment:
    """A non-blank piece of a raw line and what became of it."""

    raw_file: str
    line_no: int
    text: str
    status: str  # body | header | dropped | excluded
    article_id: str = ""
    reason: str = ""


@dataclass(frozen=True)
class _Built:
    articles: pd.DataFrame
    paragraphs: pd.DataFrame
    segments: pd.DataFrame


def _find_line(lines: list[str], marker: str, how: str, path: Path, where: str) -> int:
    stripped = [clean.strip_indentation(line) for line in lines]
    if how == "prefix":
        hits = [i for i, s in enumerate(stripped) if s and s.startswith(marker)]
    else:
        hits = [i for i, s in enumerate(stripped) if s and s.endswith(marker)]
    label = "span_start" if how == "prefix" else "span_end"
    if len(hits) != 1:
        found = "not found" if not hits else f"found {len(hits)} times (lines " + ", ".join(
            str(h + 1) for h in hits) + ")"
        kind = "at the start of a line" if how == "prefix" else "at the end of a line"
        raise CorpusError(path, f"{label} marker {marker!r} {found} {kind}.",
                          where=f"manifest {where}",
                          fix=f"use text that occurs exactly once {kind} of the raw file.")
    return hits[0]


def _find_body_start(text: str, marker: str, path: Path, where: str) -> tuple[int, int]:
    count = text.count(marker)
    if count != 1:
        found = "not found" if count == 0 else f"found {count} times"
        raise CorpusError(path, f"body_start marker {marker!r} {found}.",
                          where=f"manifest {where}",
                          fix="use a longer string that occurs exactly once in the raw file.")
    offset = text.index(marker)
    line = text.count("\n", 0, offset)
    column = offset - (text.rfind("\n", 0, offset) + 1)
    return line, column


def _squash(text: str) -> str:
    return "".join(clean.normalize_text(text).split())


def _build_article(row: dict[str, str], lines: list[str], text: str, path: Path,
                   where: str) -> tuple[list[clean.Paragraph], list[Segment], tuple[int, int]]:
    aid, raw_file = row["article_id"], row["raw_file"]
    first = _find_line(lines, row["span_start"], "prefix", path, where)
    last = _find_line(lines, row["span_end"], "suffix", path, where)
    body_line, body_col = _find_body_start(text, row["body_start"], path, where)
    if not first <= body_line <= last:
        raise CorpusError(path, f"body_start (line {body_line + 1}) is not between span_start "
                          f"(line {first + 1}) and span_end (line {last + 1}).",
                          where=f"manifest {where}", fix="check the three markers' order.")
    segments: list[Segment] = []
    raw_paragraphs: list[clean.Paragraph] = []
    header_parts: list[str] = []
    for i in range(first, last + 1):
        line = lines[i]
        if not clean.strip_indentation(line):
            continue
        pieces = [(line, "header" if i < body_line else "body")]
        if i == body_line:  # title glued to the body: split the line at body_start
            head, tail = line[:body_col], line[body_col:]
            if clean.strip_indentation(head):
                pieces = [(head, "header"), (tail, "body")]
        for piece, role in pieces:
            reason = clean.drop_reason(piece)
            if reason:
                segments.append(Segment(raw_file, i + 1, piece, "dropped", aid, reason))
                header_parts.append(piece)
            elif role == "header":
                segments.append(Segment(raw_file, i + 1, piece, "header", aid,
                                        "title/byline (kept as metadata)"))
                header_parts.append(piece)
            else:
                segments.append(Segment(raw_file, i + 1, piece, "body", aid))
                raw_paragraphs.append(clean.Paragraph(
                    clean.normalize_text(clean.strip_indentation(piece)), (i + 1,)))
    header = _squash("".join(header_parts))
    for col in ("title", "author"):
        value = _squash(row[col])
        if value and value not in header:
            raise CorpusError(path, f"the manifest's {col} {row[col]!r} does not occur in the "
                              f"article's header or credit lines (lines {first + 1}–"
                              f"{body_line + 1}).", where=f"manifest {where}",
                              fix=f"correct {col}, or move span_start/body_start.")
    if not raw_paragraphs:
        raise CorpusError(path, "the span holds no body text.", where=f"manifest {where}")
    return clean.structure_paragraphs(raw_paragraphs), segments, (first, last)


def _build(root: Path, default_encoding: str) -> _Built:
    manifest = load_manifest(root)
    excluded_path = root / "excluded.csv"
    excluded = _read_csv(excluded_path, EXCLUDED_COLUMNS)
    encodings = manifest["encoding"] if "encoding" in manifest else None
    article_rows, paragraph_rows, segments = [], [], []
    texts: dict[str, tuple[str, list[str]]] = {}
    spans: dict[str, list[tuple[int, int, str]]] = {}
    for idx, row in enumerate(manifest.to_dict("records")):
        where = f"row {idx + 2} (article {row['article_id']})"
        path = root / "raw" / row["raw_file"]
        if row["raw_file"] not in texts:
            encoding = (encodings.iloc[idx] if encodings is not None else "") or default_encoding
            text = decode_raw(path.read_bytes(), path, encoding)
            texts[row["raw_file"]] = (text, text.split("\n"))
        text, lines = texts[row["raw_file"]]
        paragraphs, segs, (first, last) = _build_article(row, lines, text, path, where)
        for other_first, other_last, other_id in spans.get(row["raw_file"], []):
            if first <= other_last and other_first <= last:
                raise CorpusError(path, f"span of {row['article_id']} (lines {first + 1}–"
                                  f"{last + 1}) overlaps {other_id} (lines {other_first + 1}–"
                                  f"{other_last + 1}).", where=f"manifest {where}",
                                  fix="each raw line belongs to at most one article.")
        spans.setdefault(row["raw_file"], []).append((first, last, row["article_id"]))
        segments.extend(segs)
        body = "\n\n".join(p.text for p in paragraphs)
        article = {k: v for k, v in row.items() if k != "encoding"}
        article.update(text=body, script=clean.script_of(body),
                       n_chars=sum(len(p.text) for p in paragraphs),
                       n_paragraphs=sum(not p.is_heading for p in paragraphs))
        article_rows.append(article)
        for no, p in enumerate(paragraphs, start=1):
            paragraph_rows.append({
                "article_id": row["article_id"], "locality": row["locality"],
                "paragraph_no": no, "is_heading": p.is_heading, "kind": p.kind,
                "text": p.text, "n_chars": len(p.text), "raw_file": row["raw_file"],
                "raw_lines": f"{p.lines[0]}" if len(p.lines) == 1 or p.lines[0] == p.lines[-1]
                else f"{p.lines[0]}-{p.lines[-1]}",
            })
    segments.extend(_excluded_segments(root, excluded, texts, spans, excluded_path))
    articles = pd.DataFrame(article_rows)
    articles["year"] = pd.to_numeric(articles["year"], errors="coerce").astype("Int64")
    articles["date_inferred"] = articles["date_inferred"].str.lower().eq("true")
    paragraphs_df = pd.DataFrame(paragraph_rows)
    segments_df = pd.DataFrame([s.__dict__ for s in segments]).sort_values(
        ["raw_file", "line_no"], kind="stable").reset_index(drop=True)
    return _Built(articles, paragraphs_df, segments_df)


def _excluded_segments(root: Path, excluded: list[dict[str, str]],
                       texts: dict[str, tuple[str, list[str]]],
                       spans: dict[str, list[tuple[int, int, str]]],
                       path: Path) -> list[Segment]:
    """Every non-blank line outside the spans must be claimed by exactly one marker."""
    segments: list[Segment] = []
    raw_files = sorted(p.name for p in (root / "raw").iterdir() if p.is_file())
    manifest_files = set(texts)
    for raw_file in raw_files:
        if raw_file not in manifest_files:
            raise CorpusError(root / "raw" / raw_file, "raw file is not in the manifest.",
                              fix="add its articles to manifest.csv (or move it out of raw/).")
    claimed: dict[tuple[str, int], int] = {}
    for row_no, row in enumerate(excluded, start=2):
        if row["raw_file"] not in texts:
            raise CorpusError(path, f"raw_file {row['raw_file']!r} is not in the manifest.",
                              where=f"row {row_no}")
        _, lines = texts[row["raw_file"]]
        hits = [i for i, line in enumerate(lines) if row["marker"] and row["marker"] in line
                and not any(a <= i <= b for a, b, _ in spans[row["raw_file"]])]
        if len(hits) != 1:
            raise CorpusError(path, f"marker {row['marker']!r} matches {len(hits)} lines "
                              f"outside the article spans (must be exactly 1).",
                              where=f"row {row_no}")
        claimed[(row["raw_file"], hits[0])] = row_no
        segments.append(Segment(row["raw_file"], hits[0] + 1, lines[hits[0]], "excluded",
                                "", row["reason"]))
    for raw_file, (_, lines) in texts.items():
        for i, line in enumerate(lines):
            inside = any(a <= i <= b for a, b, _ in spans[raw_file])
            if clean.strip_indentation(line) and not inside and (raw_file, i) not in claimed:
                raise CorpusError(root / "raw" / raw_file, f"line is neither in an article span "
                                  f"nor listed in excluded.csv: {line[:40]!r}.",
                                  where=f"line {i + 1}",
                                  fix="extend an article's span or add the line to "
                                  "excluded.csv with a reason; nothing is dropped silently.")
    return segments


_CACHE: dict[str, _Built] = {}


class CorpusWarning(UserWarning):
    """Input that is accepted but limits the analysis (e.g. traditional script)."""


def _content_key(root: Path) -> str:
    digest = hashlib.sha256()
    for name in ("manifest.csv", "excluded.csv"):
        path = root / name
        digest.update(name.encode() + (path.read_bytes() if path.is_file() else b"<missing>"))
    raw = root / "raw"
    for path in sorted(raw.iterdir()) if raw.is_dir() else []:
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


def _built(corpus: str | Path | None, encoding: str | None) -> _Built:
    root = corpus_dir(corpus)
    encoding = encoding or "utf-8"
    key = _content_key(root) + encoding
    if key not in _CACHE:
        _CACHE[key] = _build(root, encoding)
    built = _CACHE[key]
    for row in built.articles[built.articles.script != "simplified"].itertuples():
        warnings.warn(f"{root / 'raw' / row.raw_file}: article {row.article_id} is in "
                      f"{row.script} script. The lexicon and stopwords are simplified Chinese, "
                      "so their terms will be missed; convert the file to simplified script "
                      "(e.g. with OpenCC, t2s) before adding it.", CorpusWarning, stacklevel=3)
    return built


# --------------------------------------------------------------------------- public API
def load_articles(corpus: str | Path | None = None, *, encoding: str | None = None
                  ) -> pd.DataFrame:
    """One row per article: the manifest columns, ``text`` (clean, paragraphs separated
    by a blank line), ``script`` (simplified / traditional / mixed / unknown),
    ``n_chars`` (characters of clean text, separators excluded) and ``n_paragraphs``
    (body paragraphs, headings excluded). Manifest order.

    ``encoding`` is the default encoding of raw files whose manifest row has no
    ``encoding`` value (default UTF-8). Texts in traditional script are accepted with
    a :class:`CorpusWarning` (the lexicon is simplified)."""
    return _built(corpus, encoding).articles.copy()


def load_paragraphs(corpus: str | Path | None = None, *, encoding: str | None = None
                    ) -> pd.DataFrame:
    """One row per paragraph, in corpus order.

    Columns: article_id, locality, paragraph_no (1-based within the article),
    is_heading, kind (body / heading / pseudo), text, n_chars, raw_file, raw_lines
    (e.g. ``"21-23"`` when a page break was mended).
    """
    return _built(corpus, encoding).paragraphs.copy()


def account_for_raw_text(corpus: str | Path | None = None, *, encoding: str | None = None
                         ) -> pd.DataFrame:
    """Where every non-blank raw line went: one row per line (two for a line split at
    ``body_start``), columns raw_file, line_no, text, status (body / header / dropped /
    excluded), article_id, reason. Nothing leaves the corpus without a row here."""
    return _built(corpus, encoding).segments.copy()


def length_table(articles: pd.DataFrame, paragraphs: pd.DataFrame) -> pd.DataFrame:
    """Length statistics per article, manifest order.

    Inputs: :func:`load_articles` and :func:`load_paragraphs` tables. Output columns:
    article_id, locality, locality_zh, admin_level, genre, n_chars, n_paragraphs,
    n_headings, median_paragraph_chars, max_paragraph_chars (headings excluded from
    the paragraph statistics).
    """
    body = paragraphs[~paragraphs.is_heading]
    stats = body.groupby("article_id").n_chars.agg(median_paragraph_chars="median",
                                                   max_paragraph_chars="max")
    headings = paragraphs[paragraphs.is_heading].groupby("article_id").size()
    table = articles[["article_id", "locality", "locality_zh", "admin_level", "genre",
                      "n_chars", "n_paragraphs"]].copy()
    table["n_headings"] = table.article_id.map(headings).fillna(0).astype(int)
    table = table.join(stats, on="article_id")
    table["median_paragraph_chars"] = table.median_paragraph_chars.round(1)
    return table.reset_index(drop=True)


def before_after(article_id: str, paragraph_no: int,
                 corpus: str | Path | None = None) -> pd.Series:
    """One paragraph as stored in the raw file and after cleaning.

    Returns a Series with raw_file, raw_lines, raw (the raw lines, ``⏎`` where a line
    break was) and clean (the paragraph text). For a pseudo-paragraph (text without
    paragraph breaks) ``raw`` is the whole raw line it was cut from.
    """
    paragraphs = load_paragraphs(corpus)
    row = paragraphs[(paragraphs.article_id == article_id)
                     & (paragraphs.paragraph_no == paragraph_no)]
    if row.empty:
        raise KeyError(f"no paragraph {paragraph_no} in article {article_id!r}")
    row = row.iloc[0]
    first, _, last = row.raw_lines.partition("-")
    lines = range(int(first), int(last or first) + 1)
    segments = account_for_raw_text(corpus)
    raw = segments[(segments.raw_file == row.raw_file) & segments.line_no.isin(lines)
                   & (segments.status == "body")]
    return pd.Series({"raw_file": row.raw_file, "raw_lines": row.raw_lines,
                      "raw": " ⏎ ".join(raw.text), "clean": row.text})
