"""Load a corpus: a folder of texts, or raw files + a manifest → articles and paragraphs.

Two modes, chosen by what the folder holds; the raw files are never modified.

**A folder of ``.txt`` files** (no ``manifest.csv``): one file = one article. The
article id is the file name without ``.txt``, the title its first line (unless a
cleaning rule drops that line, or it is body text: then the next line, or the file
name), the rest is the body, cleaned by the same rules as the bundled corpus. An
optional ``metadata.csv`` has a column ``file`` (the file name, with or without
``.txt``) and any other columns: ``locality``, ``date``, ``admin_level`` (any value),
``author``, … fill the manifest columns, the user's own columns are kept as document
variables; ``encoding`` declares a file's encoding, ``to_simplified`` (true) converts
it with OpenCC, ``body_start``/``title`` correct the guessed split. The files may also
sit in ``raw/``. ``python -m helpers.text.corpus init FOLDER`` writes a starter metadata.csv.

**The curated manifest** (``manifest.csv`` + ``raw/``, for files that hold several
articles): one row per article saying where it lies in its raw file with three markers,
all checked on every load:

* ``span_start`` — text at the start of the article's first line (title or
  navigation), found exactly once as a line prefix;
* ``body_start`` — where the body text begins, found exactly once anywhere (it may be
  mid-line when the title is glued to the body); a header line with a full stop (body
  text left before ``body_start``) is an error;
* ``span_end`` — text at the end of the article's last line (often a credit line that
  the rules then drop), found exactly once as a line suffix.

``title`` and ``author``, when given, must occur in the lines before ``body_start``.
Only ``REQUIRED_MANIFEST_COLUMNS`` must be present; other columns are optional or the
user's own. Everything of a raw file outside the article spans is listed, with a
reason, in ``excluded.csv`` (optional when nothing lies outside the spans). All
problems of a manifest are reported at once (:class:`helpers.errors.CorpusErrors`),
each with file, row and a fix. ``python -m helpers.text.corpus init FOLDER --manifest``
writes a starter manifest.

In both modes every file's encoding is detected (UTF-8 with or without BOM, GB18030/GBK,
Big5) unless declared, and recorded by :func:`load_provenance`;
:func:`account_for_raw_text` shows where every non-blank line went and
:func:`drop_audit` what each cleaning rule removed per file.

Public API (taught in ``notebooks/00_corpus_tour.ipynb``): :func:`load_articles`,
:func:`load_paragraphs`, :func:`load_manifest`, :func:`load_provenance`,
:func:`account_for_raw_text`, :func:`drop_audit`, :func:`init_metadata`,
:func:`init_manifest`. Every loader takes ``corpus`` (a folder); by default the
environment variable ``POLICING_CORPUS_DIR``, else the bundled ``corpus/``.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from helpers.errors import CorpusError, raise_all
from helpers.paths import corpus_dir
from helpers.text import clean

#: Columns of the manifest, in this order. Only ``REQUIRED_MANIFEST_COLUMNS`` must be
#: present; missing ones get ``DEFAULTS``; any other column is kept as a document
#: variable of the articles.
MANIFEST_COLUMNS: tuple[str, ...] = (
    "article_id", "raw_file", "raw_sha256", "span_start", "body_start", "span_end",
    "title", "author", "author_role", "author_role_en", "unit", "locality_zh", "locality",
    "province", "admin_level", "outlet", "year", "date", "date_inferred", "date_basis",
    "genre", "notes",
)
REQUIRED_MANIFEST_COLUMNS: tuple[str, ...] = ("article_id", "raw_file", "span_start",
                                             "body_start", "span_end")
#: Columns read by the loaders but not passed on to the articles: a file's encoding
#: (empty: detected) and whether to convert it to simplified script (``true``).
OPTIONAL_MANIFEST_COLUMNS: tuple[str, ...] = ("encoding", "to_simplified")
EXCLUDED_COLUMNS: tuple[str, ...] = ("raw_file", "marker", "reason")
#: Conventional values of ``admin_level`` (those of the bundled corpus). Any other value
#: is accepted: the analyses group by whatever the manifest or metadata says.
ADMIN_LEVELS = frozenset({"prefecture", "district", "national", "unspecified"})
_REQUIRED_VALUES = ("article_id", "raw_file", "raw_sha256", "span_start", "body_start",
                    "span_end")
#: Values given to empty or missing metadata columns: generic words, not any corpus's own
#: (a manifest names its texts of unknown place itself, as the bundled one does).
DEFAULTS: dict[str, str] = {"locality": "unknown", "admin_level": "unspecified"}
#: Optional per-file metadata of a folder corpus, keyed by the column ``file``.
METADATA_FILE = "metadata.csv"


# --------------------------------------------------------------------------- reading files
def sha256_of(path: Path) -> str:
    """Hex sha256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


_HTML = re.compile(r"(?is)<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta\s")
_TAG = re.compile(r"(?i)</?(p|div|span|a|script|style|table|td|li)\b[^>]*>")
#: Encodings tried, in order, when a file's encoding is not declared (UTF-8 first).
DETECTED_ENCODINGS: tuple[str, ...] = ("utf-8", "gb18030", "big5")
#: The 500 most frequent Chinese characters in both scripts: a correct decoding of a
#: Chinese text has most of its characters here, a wrong one (GBK read as Big5, …) few.
_一七万三上下不与专且世业东两严並个中为主么义之九也习书了争事二于五些交产京亲人什今从他代以们件价任众会传但位低住体何作你使來例便保信個們候值做備傳價儿元先光克兒党入內全兩八公六共关其具养内再写军农决况准几出分切划列则別利别到制則前劃力办加务动劳動務勞包化北区區十千半华单南即却卻厂历压原去县参參又及反发取受变口只叫可史号各合同名后向听员周命和品响員商問單器嚴四回因团国图圆國圓圖團土在地场型基報場增壓声处备复外多大天太头她好如始委子存学學它安完定实家容察實寫对导将將專對導小少就局层展属層屬山工己已市布带帶常干平年并幹幾广应府度廠廣建开式引张張強强当形影往很律後得從心必志快思性总情想意感應成我或战戰所手才打技把报拉持指按据採接提據支收改放政效教数整數文斗料断斯新斷方於族无日时明易是時更書最會月有期本术机权条来東极构林果查标样根格條業極構標樣機權次正此步歷段每比毛民气氣水求江決沒没油治況法活派流济海消深清温準溫满滿濟火点為热無然照熱爭片物特状狀率王现現理生產用由电界當發白百的目直相省看真眼眾着知石矿研确確礦示社离种科积称程種稱積究空立第等算管節米类精系約紅級素細組結給統經維線縣總織红约级线组细织经结给统维置美群義習老者而联聯聲聽育能自至與般色节花華萬著處號行術表被装裝裡西要覆見規親觀见观规角解計記設許話該認說調論證識警議變计认议记许论设证识话该说调象資質质资走起越路身車軍較轉车转较辦農边达过运近还这进连适选這通速造連進運過道達適選還邊那部都酸采里重量金鐵铁長长門開間關门问间队阶际院除隊階際难集離難電需青非面革音響須領頭題類须领题風风養馬驗马验體高鬥麼點黨UENT = frozenset("一七万三上下不与专且世业东两严並个中为主么义之九也习书了争事二于五些交产京亲人什今从他代以们件价任众会传但位低住体何作你使來例便保信個們候值做備傳價儿元先光克兒党入內全兩八公六共关其具养内再写军农决况准几出分切划列则別利别到制則前劃力办加务动劳動務勞包化北区區十千半华单南即却卻厂历压原去县参參又及反发取受变口只叫可史号各合同名后向听员周命和品响員商問單器嚴四回因团国图圆國圓圖團土在地场型基報場增壓声处备复外多大天太头她好如始委子存学學它安完定实家容察實寫对导将將專對導小少就局层展属層屬山工己已市布带帶常干平年并幹幾广应府度廠廣建开式引张張強强当形影往很律後得從心必志快思性总情想意感應成我或战戰所手才打技把报拉持指按据採接提據支收改放政效教数整數文斗料断斯新斷方於族无日时明易是時更書最會月有期本术机权条来東极构林果查标样根格條業極構標樣機權次正此步歷段每比毛民气氣水求江決沒没油治況法活派流济海消深清温準溫满滿濟火点為热無然照熱爭片物特状狀率王现現理生產用由电界當發白百的目直相省看真眼眾着知石矿研确確礦示社离种科积称程種稱積究空立第等算管節米类精系約紅級素細組結給統經維線縣總織红约级线组细织经结给统维置美群義習老者而联聯聲聽育能自至與般色节花華萬著處號行術表被装裝裡西要覆見規親觀见观规角解計記設許話該認說調論證識警議變计认议记许论设证识话该说调象資質质资走起越路身車軍較轉车转较辦農边达过运近还这进连适选這通速造連進運過道達適選還邊那部都酸采里重量金鐵铁長长門開間關门问间队阶际院除隊階際难集離難電需青非面革音響須領頭題類须领题風风養馬驗马验體高鬥麼點黨")


@dataclass(frozen=True)
class Decoded:
    """A raw file decoded: ``text`` (LF line ends, no BOM) and how it was read.

    ``encoding`` is the codec (``utf-8``, ``gb18030``, ``big5``, or the one declared),
    ``source`` is ``"detected"`` or ``"declared"``, ``bom`` whether a UTF-8 BOM was
    stripped, ``newlines`` the line ends found (``LF``, ``CRLF``, ``CR``, ``mixed`` or
    ``none``)."""

    text: str
    encoding: str
    source: str
    bom: bool
    newlines: str


def _newlines(text: str) -> str:
    crlf = text.count("\r\n")
    cr, lf = text.count("\r") - crlf, text.count("\n") - crlf
    kinds = [name for name, n in (("LF", lf), ("CRLF", crlf), ("CR", cr)) if n]
    return kinds[0] if len(kinds) == 1 else "mixed" if kinds else "none"


def _frequent_share(text: str) -> float:
    han = [ch for ch in text if clean.is_ideograph(ch)]
    return sum(ch in _一七万三上下不与专且世业东两严並个中为主么义之九也习书了争事二于五些交产京亲人什今从他代以们件价任众会传但位低住体何作你使來例便保信個們候值做備傳價儿元先光克兒党入內全兩八公六共关其具养内再写军农决况准几出分切划列则別利别到制則前劃力办加务动劳動務勞包化北区區十千半华单南即却卻厂历压原去县参參又及反发取受变口只叫可史号各合同名后向听员周命和品响員商問單器嚴四回因团国图圆國圓圖團土在地场型基報場增壓声处备复外多大天太头她好如始委子存学學它安完定实家容察實寫对导将將專對導小少就局层展属層屬山工己已市布带帶常干平年并幹幾广应府度廠廣建开式引张張強强当形影往很律後得從心必志快思性总情想意感應成我或战戰所手才打技把报拉持指按据採接提據支收改放政效教数整數文斗料断斯新斷方於族无日时明易是時更書最會月有期本术机权条来東极构林果查标样根格條業極構標樣機權次正此步歷段每比毛民气氣水求江決沒没油治況法活派流济海消深清温準溫满滿濟火点為热無然照熱爭片物特状狀率王现現理生產用由电界當發白百的目直相省看真眼眾着知石矿研确確礦示社离种科积称程種稱積究空立第等算管節米类精系約紅級素細組結給統經維線縣總織红约级线组细织经结给统维置美群義習老者而联聯聲聽育能自至與般色节花華萬著處號行術表被装裝裡西要覆見規親觀见观规角解計記設許話該認說調論證識警議變计认议记许论设证识话该说调象資質质资走起越路身車軍較轉车转较辦農边达过运近还这进连适选這通速造連進運過道達適選還邊那部都酸采里重量金鐵铁長长門開間關门问间队阶际院除隊階際难集離難電需青非面革音響須領頭題類须领题風风養馬驗马验體高鬥麼點黨UENT for ch in han) / len(han) if han else 0.0


def _decode_error(data: bytes, path: Path | str, encoding: str,
                  exc: UnicodeDecodeError, declared: bool) -> CorpusError:
    line = data[: exc.start].count(b"\n") + 1
    if exc.end >= len(data) and "end of data" in exc.reason:
        return CorpusError(path, f"truncated: the file ends in the middle of a {encoding} "
                           f"character (last {len(data) - exc.start} bytes incomplete).",
                           where=f"line {line}", fix="re-download or re-export the file; "
                           "its end is missing.")
    if not declared:
        return CorpusError(path, f"not valid in any of {', '.join(DETECTED_ENCODINGS)} "
                           f"(first bad byte {exc.start}).", where=f"line {line}",
                           fix="re-save the file as UTF-8 (in Notepad: Save as → Encoding "
                           "UTF-8), or, if you know its encoding, give it in the encoding "
                           "column of metadata.csv / manifest.csv (e.g. big5hkscs).")
    guess = ""
    hint = ("remove the encoding value (the loader then detects UTF-8, GB18030 and Big5), "
            "or re-save the file as UTF-8")
    for candidate, name in (("gbk", "GBK/GB18030"), ("gb18030", "GB18030"), ("big5", "Big5")):
        try:
            data.decode(candidate)
        except UnicodeDecodeError:
            continue
        guess = f" It decodes as {name}."
        hint = (f"set encoding='{candidate}' (the encoding column of the manifest or "
                "metadata.csv, or the encoding= argument of the loaders), or leave it "
                "empty to detect it, or re-save the file as UTF-8")
        break
    return CorpusError(path, f"not valid {encoding} (byte {exc.start}).{guess}",
                       where=f"line {line}", fix=hint)


def decode_bytes(data: bytes, path: Path | str, encoding: str | None = None) -> Decoded:
    """Decode a raw file's bytes: :class:`Decoded` text with LF line ends and no BOM.

    ``encoding=None`` detects it: a UTF-8 BOM or valid UTF-8 → UTF-8; otherwise each
    of GB18030 (a superset of GBK, what Excel and Notepad on Chinese Windows write) and
    Big5 that decodes cleanly, the one whose characters are most often among the
    frequent Chinese characters. A declared ``encoding`` is used as given. Raises
    :class:`CorpusError` naming the file, the line where known, and the fix for: an
    empty file, a binary file, bytes that no candidate decodes, a file truncated in the
    middle of a character, and an HTML page saved as text.
    """
    if not data.strip():
        raise CorpusError(path, "file is empty.", fix="restore the text, or remove the file "
                          "(and its manifest or metadata rows).")
    nul = data.find(b"\x00")
    if nul >= 0 and not (encoding or "").lower().replace("-", "").startswith("utf16"):
        raise CorpusError(path, "binary data (NUL bytes), not a text file.",
                          where=f"byte {nul}",
                          fix="export the document as plain UTF-8 text first.")
    bom = data.startswith(b"\xef\xbb\xbf")
    if encoding:
        try:
            text, used, source = data.decode(encoding), encoding, "declared"
        except (UnicodeDecodeError, LookupError) as exc:
            if isinstance(exc, LookupError):
                raise CorpusError(path, f"unknown encoding {encoding!r}.",
                                  fix="use a Python codec name such as utf-8, gb18030 or "
                                  "big5, or leave it empty to detect it.") from None
            raise _decode_error(data, path, encoding, exc, True) from None
    else:
        source = "detected"
        try:
            text, used = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError as exc:
            if bom or (exc.end >= len(data) and "end of data" in exc.reason):
                raise _decode_error(data, path, "utf-8", exc, False) from None
            candidates = []
            for name in DETECTED_ENCODINGS[1:]:
                try:
                    decoded = data.decode(name)
                except UnicodeDecodeError:
                    continue
                candidates.append((_frequent_share(decoded), -len(candidates), name, decoded))
            if not candidates:
                raise _decode_error(data, path, "utf-8", exc, False) from None
            _, _, used, text = max(candidates)
    if text.startswith("\ufeff"):
        text = text[1:]
        bom = True
    newlines = _newlines(text)
    text = clean.normalize_newlines(text)
    html = _HTML.search(text)
    if html or len(_TAG.findall(text)) >= 5:
        first = html or _TAG.search(text)
        raise CorpusError(path, "looks like an HTML page saved as text (markup such as "
                          f"{first.group(0)[:20]!r}).",
                          where=f"line {text.count(chr(10), 0, first.start()) + 1}",
                          fix="extract the article text first (copy it from the browser, or "
                          "an HTML-to-text tool); raw files must be plain text.")
    return Decoded(text, used, source, bom, newlines)


def decode_raw(data: bytes, path: Path | str, encoding: str | None = "utf-8") -> str:
    """The text of :func:`decode_bytes` (``encoding=None`` detects the encoding)."""
    return decode_bytes(data, path, encoding).text


def read_raw(path: str | Path, encoding: str | None = "utf-8") -> str:
    """Read and decode one raw file (see :func:`decode_bytes` for what is checked)."""
    path = Path(path)
    if not path.is_file():
        raise CorpusError(path, "file not found.")
    return decode_raw(path.read_bytes(), path, encoding)


def _read_table(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """Header and rows of a CSV file in any detected encoding (Excel on Chinese Windows
    saves GBK). Raises :class:`CorpusError` for a row with more fields than the header."""
    text = decode_bytes(path.read_bytes(), path).text
    reader = csv.DictReader(text.splitlines())
    header = [h.strip() for h in (reader.fieldnames or ())]
    reader.fieldnames = header
    rows = []
    for row in reader:
        if None in row:
            raise CorpusError(path, "row has more fields than the header.",
                              where=f"row {reader.line_num}", fix="quote fields containing "
                              "commas (\"a, b\"), or save the sheet as CSV again.")
        rows.append({k: (v or "") for k, v in row.items()})
    return header, rows


def _read_csv(path: Path, columns: tuple[str, ...], optional: tuple[str, ...] = ()
              ) -> list[dict[str, str]]:
    """Rows of a CSV file that must have ``columns`` (``optional`` ones may be added)."""
    if not path.is_file():
        raise CorpusError(path, "file not found.", fix="check the corpus folder argument or "
                          "the POLICING_CORPUS_DIR environment variable.")
    header, rows = _read_table(path)
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
    return rows


# --------------------------------------------------------------------------- manifest
def _mark(row: dict[str, str], i: int) -> str:
    return f"row {i} (article {row.get('article_id') or '?'})"


def _true(value: object) -> bool:
    return str(value).strip().lower() in {"true", "1", "yes", "y", "t2s"}


def _check_manifest(root: Path, header: list[str], rows: list[dict[str, str]],
                    problems: list[CorpusError]) -> set[int]:
    """Collect the manifest's problems; return the row numbers that cannot be built
    (an empty marker, a missing file). Other rows are built all the same, so that the
    problems behind them are found in the same pass."""
    path = root / "manifest.csv"
    bad: set[int] = set()
    seen: dict[str, int] = {}
    for i, row in enumerate(rows, start=2):
        where = _mark(row, i)
        for col in _REQUIRED_VALUES:
            if col in header and not row[col].strip():
                fix = {"article_id": "give the article a unique id (letters, digits, _).",
                       "raw_file": "name its file in raw/.",
                       "raw_sha256": "",
                       }.get(col, f"copy the text of the raw file for {col} (see the "
                                  "manifest columns in the README), or run python -m "
                                  "helpers.text.corpus init FOLDER --manifest for a starter.")
                if col == "raw_sha256":
                    raw = root / "raw" / row["raw_file"]
                    fix = (f"set raw_sha256 to {sha256_of(raw)}." if raw.is_file() else
                           "the value is `sha256sum raw/FILE`.")
                problems.append(CorpusError(path, f"empty value in column {col}.",
                                            where=where, fix=fix))
                if col != "raw_sha256":  # a missing checksum does not stop the build
                    bad.add(i)
        aid = row["article_id"]
        if aid and aid in seen:
            problems.append(CorpusError(path, f"duplicate article_id {aid!r} (also row "
                                        f"{seen[aid]}).", where=where,
                                        fix=f"give every article a unique id, e.g. {aid}_{i}."))
        seen.setdefault(aid, i)
        if not row["raw_file"]:
            continue
        raw = root / "raw" / row["raw_file"]
        if not raw.is_file():
            problems.append(CorpusError(raw, "raw file named in the manifest is missing.",
                                        where=f"manifest {where}",
                                        fix="restore the file from the original source (raw "
                                        "files are never edited) or correct raw_file."))
            bad.add(i)
            continue
        if "raw_sha256" in header and row["raw_sha256"].strip():
            actual = sha256_of(raw)
            if actual != row["raw_sha256"].strip().lower():
                problems.append(CorpusError(
                    raw, f"sha256 changed: manifest has {row['raw_sha256']}, file has "
                    f"{actual}.", where=f"manifest {where}",
                    fix="raw files must stay byte-for-byte; restore the original, or if you "
                    f"replaced it on purpose, set raw_sha256 to {actual}."))
    return bad


def _manifest_rows(root: Path) -> tuple[list[str], list[dict[str, str]]]:
    path = root / "manifest.csv"
    if not path.is_file():
        raise CorpusError(path, "file not found.", fix="check the corpus folder argument or "
                          "the POLICING_CORPUS_DIR environment variable; a folder of .txt "
                          "files needs no manifest.")
    header, rows = _read_table(path)
    missing = [c for c in REQUIRED_MANIFEST_COLUMNS if c not in header]
    if missing:
        raise CorpusError(path, f"missing column(s) {', '.join(missing)}.", where="header row",
                          fix=f"the required columns are {', '.join(REQUIRED_MANIFEST_COLUMNS)}; "
                          f"optional: {', '.join(c for c in MANIFEST_COLUMNS if c not in REQUIRED_MANIFEST_COLUMNS)}"
                          "; any other column is kept as a document variable.")
    return header, rows


def _with_defaults(header: list[str], rows: list[dict[str, str]]) -> pd.DataFrame:
    """Manifest rows with every column of MANIFEST_COLUMNS (defaults for missing ones),
    then the optional and user columns in their order."""
    columns = list(MANIFEST_COLUMNS) + [c for c in header if c not in MANIFEST_COLUMNS]
    filled = []
    for row in rows:
        out = {c: row.get(c, "") for c in columns}
        for col, default in DEFAULTS.items():
            if not out[col].strip():
                out[col] = default
        if not out["year"] and out["date"][:4].isdigit():
            out["year"] = out["date"][:4]
        filled.append(out)
    if set(MANIFEST_COLUMNS) <= set(header):
        columns = header  # a complete manifest keeps its own column order
    return pd.DataFrame(filled, columns=columns)


def load_manifest(corpus: str | Path | None = None) -> pd.DataFrame:
    """The validated manifest: one row per article.

    Columns: ``MANIFEST_COLUMNS`` (missing optional ones filled with ``DEFAULTS``),
    then ``encoding`` / ``to_simplified`` and the user's own columns if present.
    Checks, all reported at once (:class:`helpers.errors.CorpusErrors`): required
    columns and values, unique article ids, raw files present, sha256 matching. Any
    ``admin_level`` value is accepted (``ADMIN_LEVELS`` lists the conventional ones).
    For a folder of ``.txt`` files without manifest, the equivalent table built from
    the files and ``metadata.csv`` (no markers).
    """
    root = corpus_dir(corpus)
    if _text_folder(root) is not None:
        return _built(root, None, None).articles[_built(root, None, None).manifest_columns]
    header, rows = _manifest_rows(root)
    problems: list[CorpusError] = []
    _check_manifest(root, header, rows, problems)
    raise_all(problems)
    return _with_defaults(header, rows)


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
    provenance: pd.DataFrame
    manifest_columns: list[str]


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


def unique_marker(text: str, line: str, *, min_chars: int = 6) -> str:
    """The shortest start of ``line`` (at least ``min_chars`` characters, indentation
    stripped) that occurs exactly once in ``text``; the whole line if none does."""
    stripped = clean.strip_indentation(line)
    for n in range(min(min_chars, len(stripped)), len(stripped) + 1):
        if text.count(stripped[:n]) == 1:
            return stripped[:n]
    return stripped


def _looks_like_body(piece: str) -> bool:
    """A header line that cannot be a title or byline: it has a full stop inside or at
    its end, or is longer than two headings."""
    text = clean.normalize_text(clean.strip_indentation(piece))
    return (len(text) > 2 * clean.HEADING_MAX_CHARS
            or any(ch in clean.SENTENCE_END for ch in text))


def _classify(units: list[tuple[int, str, str]], raw_file: str, aid: str,
              convert: Callable[[str], str] | None = None,
              ) -> tuple[list[Segment], list[clean.Paragraph], list[str], list[tuple[int, str]]]:
    """Apply the drop rules to (line_no, piece, role) units of one article.

    Returns its segments (raw text), its body paragraphs, the header pieces (title,
    byline, dropped lines: the metadata, raw text) and the header pieces that look like
    body text. With ``convert`` (OpenCC t2s) the rules and the paragraphs see the
    converted text; segments keep the raw text."""
    segments: list[Segment] = []
    paragraphs: list[clean.Paragraph] = []
    header_parts: list[str] = []
    body_like: list[tuple[int, str]] = []
    converted = [convert(piece) if convert else piece for _, piece, _ in units]
    reasons = clean.drop_reasons(converted)
    for (line_no, piece, role), reason, seen in zip(units, reasons, converted, strict=True):
        if not clean.strip_indentation(piece):
            continue
        if reason:
            segments.append(Segment(raw_file, line_no, piece, "dropped", aid, reason))
            header_parts.append(piece)
        elif role == "header":
            segments.append(Segment(raw_file, line_no, piece, "header", aid,
                                    "title/byline (kept as metadata)"))
            header_parts.append(piece)
            if _looks_like_body(seen):
                body_like.append((line_no, piece))
        else:
            segments.append(Segment(raw_file, line_no, piece, "body", aid))
            paragraphs.append(clean.Paragraph(
                clean.normalize_text(clean.strip_indentation(seen)), (line_no,)))
    return segments, paragraphs, header_parts, body_like


def _units(lines: list[str], first: int, last: int, body_line: int, body_col: int
           ) -> list[tuple[int, str, str]]:
    units = []
    for i in range(first, last + 1):
        line = lines[i]
        pieces = [(line, "header" if i < body_line else "body")]
        if i == body_line:  # title glued to the body: split the line at body_start
            head, tail = line[:body_col], line[body_col:]
            if clean.strip_indentation(head):
                pieces = [(head, "header"), (tail, "body")]
        for piece, role in pieces:
            units.extend((i + 1, sub, role) for sub in clean.strip_html_residue(piece))
    return units


def _build_article(row: dict[str, str], lines: list[str], text: str, path: Path,
                   where: str, convert: Callable[[str], str] | None = None,
                   ) -> tuple[list[clean.Paragraph], list[Segment], tuple[int, int]]:
    aid, raw_file = row["article_id"], row["raw_file"]
    first = _find_line(lines, row["span_start"], "prefix", path, where)
    last = _find_line(lines, row["span_end"], "suffix", path, where)
    body_line, body_col = _find_body_start(text, row["body_start"], path, where)
    if not first <= body_line <= last:
        raise CorpusError(path, f"body_start (line {body_line + 1}) is not between span_start "
                          f"(line {first + 1}) and span_end (line {last + 1}).",
                          where=f"manifest {where}", fix="check the three markers' order.")
    segments, raw_paragraphs, header_parts, body_like = _classify(
        _units(lines, first, last, body_line, body_col), raw_file, aid, convert)
    if body_like:
        line_no, piece = body_like[0]
        raise CorpusError(path, f"body_start leaves body text in the header: line {line_no} "
                          f"({clean.strip_indentation(piece)[:30]!r}…) has a full stop or is "
                          "too long for a title or byline.", where=f"manifest {where}",
                          fix=f"set body_start to {unique_marker(text, piece)!r} (the start "
                          f"of line {line_no}), or earlier.")
    header = _squash("".join(header_parts))
    for col in ("title", "author"):
        value = _squash(row.get(col, ""))
        if value and value not in header:
            raise CorpusError(path, f"the manifest's {col} {row[col]!r} does not occur in the "
                              f"article's header or credit lines (lines {first + 1}–"
                              f"{body_line + 1}).", where=f"manifest {where}",
                              fix=f"correct {col} (it must be copied from the lines before "
                              "body_start), leave it empty, or move span_start/body_start.")
    if not raw_paragraphs:
        raise CorpusError(path, "the span holds no body text.", where=f"manifest {where}",
                          fix="move span_end after the body, or body_start before it.")
    return clean.structure_paragraphs(raw_paragraphs), segments, (first, last)


def _guess_title(header_parts: list[str]) -> str:
    for part in header_parts:
        text = clean.normalize_text(clean.strip_indentation(part))
        if text and not clean.drop_reason(part):
            return text
    return ""


# --------------------------------------------------------------------------- script
_CONVERTERS: dict[str, object] = {}


def to_simplified_script(text: str, path: Path | str = "text") -> str:
    """Traditional → simplified script with OpenCC's ``t2s`` tables (the pure-Python
    ``opencc-purepy`` package), line by line so line numbers stay."""
    if "t2s" not in _CONVERTERS:
        try:
            from opencc_purepy import OpenCC
        except ImportError:
            raise CorpusError(path, "conversion to simplified script needs the "
                              "opencc-purepy package.", fix="pip install opencc-purepy==1.5.0 "
                              "(it is in requirements.txt), or convert the file "
                              "yourself.") from None
        _CONVERTERS["t2s"] = OpenCC("t2s")
    converter = _CONVERTERS["t2s"]
    return "\n".join(converter.convert(line) if line else line  # type: ignore[attr-defined]
                     for line in text.split("\n"))


def _converter(path: Path) -> Callable[[str], str]:
    to_simplified_script("", path)  # loads the tables, or names the missing package
    converter = _CONVERTERS["t2s"]
    return lambda text: converter.convert(text) if text else text  # type: ignore[attr-defined]


def _read_file(path: Path, encoding: str | None, convert: bool, raw_file: str,
               source_note: str = ""
               ) -> tuple[Decoded, Callable[[str], str] | None, dict[str, object]]:
    """Decode one raw file; the converter to simplified script if asked and needed
    (markers and the accounting stay in the raw script); its provenance record."""
    data = path.read_bytes()
    decoded = decode_bytes(data, path, encoding)
    script = clean.script_of(decoded.text)
    converter, converted = None, ""
    if convert and script in {"traditional", "mixed"}:
        converter, converted = _converter(path), "opencc t2s"
    record = {"raw_file": raw_file, "n_bytes": len(data),
              "sha256": hashlib.sha256(data).hexdigest(), "encoding": decoded.encoding,
              "encoding_source": source_note or decoded.source, "bom": decoded.bom,
              "newlines": decoded.newlines, "script": script, "converted": converted}
    return decoded, converter, record


# --------------------------------------------------------------------------- manifest mode
def _build_manifest(root: Path, default_encoding: str | None,
                    to_simplified: bool | None) -> _Built:
    header, rows = _manifest_rows(root)
    problems: list[CorpusError] = []
    bad_rows = _check_manifest(root, header, rows, problems)
    manifest = _with_defaults(header, rows)
    excluded_path = root / "excluded.csv"
    excluded = (_read_csv(excluded_path, EXCLUDED_COLUMNS) if excluded_path.is_file() else [])
    article_rows, paragraph_rows, segments, provenance = [], [], [], {}
    texts: dict[str, tuple[str, list[str]]] = {}
    spans: dict[str, list[tuple[int, int, str]]] = {}
    failed_files: set[str] = set()
    unreadable: set[str] = set()
    converters: dict[str, Callable[[str], str] | None] = {}
    for idx, row in enumerate(manifest.to_dict("records")):
        where = _mark(row, idx + 2)
        raw_file = row["raw_file"]
        if idx + 2 in bad_rows or raw_file in unreadable:
            failed_files.add(raw_file)
            continue
        path = root / "raw" / raw_file
        try:
            if raw_file not in texts:
                declared = row.get("encoding", "") or default_encoding
                convert = _true(row.get("to_simplified", "")) if to_simplified is None \
                    else to_simplified
                try:
                    decoded, converter, record = _read_file(path, declared or None, convert,
                                                            raw_file)
                except CorpusError:
                    unreadable.add(raw_file)  # one report per file, not per article
                    raise
                if declared:
                    record["encoding_source"] = "declared"
                provenance[raw_file] = record
                converters[raw_file] = converter
                texts[raw_file] = (decoded.text, decoded.text.split("\n"))
            text, lines = texts[raw_file]
            paragraphs, segs, (first, last) = _build_article(row, lines, text, path, where,
                                                             converters[raw_file])
            for other_first, other_last, other_id in spans.get(raw_file, []):
                if first <= other_last and other_first <= last:
                    raise CorpusError(path, f"span of {row['article_id']} (lines {first + 1}–"
                                      f"{last + 1}) overlaps {other_id} (lines "
                                      f"{other_first + 1}–{other_last + 1}).",
                                      where=f"manifest {where}",
                                      fix="each raw line belongs to at most one article: end "
                                      "one span before the other starts.")
        except CorpusError as problem:
            problems.append(problem)
            failed_files.add(raw_file)
            continue
        spans.setdefault(raw_file, []).append((first, last, row["article_id"]))
        segments.extend(segs)
        title = row["title"] or _guess_title([s.text for s in segs if s.status == "header"])
        row["title"] = converters[raw_file](title) if converters[raw_file] else title
        article_rows.append(_article_row(row, paragraphs))
        paragraph_rows.extend(_paragraph_rows(row, paragraphs))
    segments.extend(_excluded_segments(root, excluded, texts, spans, excluded_path,
                                       failed_files, problems))
    raise_all(problems)
    for raw_file, ids in spans.items():
        provenance[raw_file]["n_articles"] = len(ids)
        provenance[raw_file]["article_ids"] = " ".join(aid for _, _, aid in ids)
    columns = [c for c in manifest.columns if c not in {"encoding", "to_simplified"}]
    return _finish(article_rows, paragraph_rows, segments, list(provenance.values()),
                   list(manifest.columns), columns)


def _article_row(row: dict[str, str], paragraphs: list[clean.Paragraph]) -> dict[str, object]:
    body = "\n\n".join(p.text for p in paragraphs)
    article: dict[str, object] = {k: v for k, v in row.items()
                                  if k not in {"encoding", "to_simplified"}}
    article.update(text=body, script=clean.script_of(body),
                   n_chars=sum(len(p.text) for p in paragraphs),
                   n_paragraphs=sum(not p.is_heading for p in paragraphs))
    return article


def _paragraph_rows(row: dict[str, str], paragraphs: list[clean.Paragraph]
                    ) -> list[dict[str, object]]:
    return [{"article_id": row["article_id"], "locality": row["locality"],
             "paragraph_no": no, "is_heading": p.is_heading, "kind": p.kind,
             "text": p.text, "n_chars": len(p.text), "raw_file": row["raw_file"],
             "raw_lines": f"{p.lines[0]}" if len(p.lines) == 1 or p.lines[0] == p.lines[-1]
             else f"{p.lines[0]}-{p.lines[-1]}"} for no, p in enumerate(paragraphs, start=1)]


_PARAGRAPH_COLUMNS = ["article_id", "locality", "paragraph_no", "is_heading", "kind", "text",
                      "n_chars", "raw_file", "raw_lines"]
_SEGMENT_COLUMNS = ["raw_file", "line_no", "text", "status", "article_id", "reason"]
PROVENANCE_COLUMNS: tuple[str, ...] = (
    "raw_file", "n_bytes", "sha256", "encoding", "encoding_source", "bom", "newlines",
    "script", "converted", "n_articles", "article_ids")


def _finish(article_rows: list[dict[str, object]], paragraph_rows: list[dict[str, object]],
            segments: list[Segment], provenance: list[dict[str, object]],
            manifest_columns: list[str], article_columns: list[str]) -> _Built:
    articles = pd.DataFrame(article_rows, columns=[*article_columns, "text", "script",
                                                   "n_chars", "n_paragraphs"])
    articles["year"] = pd.to_numeric(articles["year"], errors="coerce").astype("Int64")
    articles["date_inferred"] = articles["date_inferred"].astype(str).str.lower().eq("true")
    paragraphs_df = pd.DataFrame(paragraph_rows, columns=_PARAGRAPH_COLUMNS)
    segments_df = pd.DataFrame([s.__dict__ for s in segments], columns=_SEGMENT_COLUMNS
                               ).sort_values(["raw_file", "line_no"], kind="stable"
                                             ).reset_index(drop=True)
    provenance_df = pd.DataFrame(provenance, columns=list(PROVENANCE_COLUMNS))
    return _Built(articles, paragraphs_df, segments_df, provenance_df,
                  [c for c in manifest_columns if c in article_columns])


def _excluded_segments(root: Path, excluded: list[dict[str, str]],
                       texts: dict[str, tuple[str, list[str]]],
                       spans: dict[str, list[tuple[int, int, str]]],
                       path: Path, failed: set[str],
                       problems: list[CorpusError]) -> list[Segment]:
    """Every non-blank line outside the spans must be claimed by exactly one marker.

    Files whose articles failed to build are not checked (their spans are unknown)."""
    segments: list[Segment] = []
    raw_files = sorted(p.name for p in (root / "raw").iterdir() if p.is_file())
    known = set(texts) | failed
    for raw_file in raw_files:
        if raw_file not in known:
            try:
                starter = _csv_line(_starter_row(root / "raw" / raw_file), _manifest_header(root))
            except CorpusError:
                starter = "<article_id>,<raw_file>,…"
            problems.append(CorpusError(
                root / "raw" / raw_file, "raw file is not in the manifest.",
                fix=f"add its articles to manifest.csv, e.g. this row for the whole file: "
                f"{starter} — or move the file out of raw/."))
    claimed: dict[tuple[str, int], int] = {}
    for row_no, row in enumerate(excluded, start=2):
        if row["raw_file"] in failed:
            continue
        if row["raw_file"] not in texts:
            problems.append(CorpusError(path, f"raw_file {row['raw_file']!r} is not in the "
                                        "manifest.", where=f"row {row_no}",
                                        fix="correct the file name or delete the row."))
            continue
        _, lines = texts[row["raw_file"]]
        hits = [i for i, line in enumerate(lines) if row["marker"] and row["marker"] in line
                and not any(a <= i <= b for a, b, _ in spans[row["raw_file"]])]
        if len(hits) != 1:
            problems.append(CorpusError(path, f"marker {row['marker']!r} matches {len(hits)} "
                                        "lines outside the article spans (must be exactly 1).",
                                        where=f"row {row_no}",
                                        fix="use text of one line outside every article, long "
                                        "enough to occur on that line only; or delete the row."))
            continue
        claimed[(row["raw_file"], hits[0])] = row_no
        segments.append(Segment(row["raw_file"], hits[0] + 1, lines[hits[0]], "excluded",
                                "", row["reason"]))
    for raw_file, (text, lines) in texts.items():
        if raw_file in failed:
            continue
        for i, line in enumerate(lines):
            inside = any(a <= i <= b for a, b, _ in spans[raw_file])
            if clean.strip_indentation(line) and not inside and (raw_file, i) not in claimed:
                marker = unique_marker(text, line).replace('"', '""')
                problems.append(CorpusError(
                    root / "raw" / raw_file, f"line is neither in an article span nor listed "
                    f"in excluded.csv: {line[:40]!r}.", where=f"line {i + 1}",
                    fix="extend an article's span, or add this row to excluded.csv (create it "
                    f"with the header {','.join(EXCLUDED_COLUMNS)} if it is missing): "
                    f'{raw_file},"{marker}",<why it is not article text>'))
    return segments


# --------------------------------------------------------------------------- folder mode
def _text_folder(root: Path) -> Path | None:
    """The folder of ``.txt`` articles when ``root`` has no manifest: ``root`` itself or
    ``root/raw``; None in manifest mode."""
    if (root / "manifest.csv").is_file():
        return None
    for folder in (root, root / "raw"):
        if folder.is_dir() and any(p.suffix.lower() == ".txt" for p in folder.iterdir()):
            return folder
    return None


def _metadata_path(root: Path, folder: Path) -> Path:
    """``root/metadata.csv``, else ``metadata.csv`` beside the texts (in ``raw/``)."""
    return root / METADATA_FILE if (root / METADATA_FILE).is_file() else folder / METADATA_FILE


def _read_metadata(root: Path, folder: Path, files: list[str], problems: list[CorpusError]
                   ) -> tuple[list[str], dict[str, dict[str, str]]]:
    path = _metadata_path(root, folder)
    if not path.is_file():
        return [], {}
    header, rows = _read_table(path)
    key = next((c for c in ("file", "raw_file") if c in header), None)
    if key is None:
        raise CorpusError(path, "no column file (the name of the .txt file of each row).",
                          where="header row", fix="name the first column file, or run "
                          f"python -m helpers.text.corpus init {root} for a starter.")
    by_file: dict[str, dict[str, str]] = {}
    stems = {Path(f).stem: f for f in files}
    for i, row in enumerate(rows, start=2):
        name = row[key].strip()
        file = name if name in files else stems.get(name) or stems.get(Path(name).stem) \
            if Path(name).suffix.lower() in {"", ".txt"} else None
        if not name:
            problems.append(CorpusError(path, f"empty value in column {key}.", where=f"row {i}",
                                        fix="give the .txt file's name, or delete the row."))
        elif file is None:
            problems.append(CorpusError(path, f"file {name!r} is not in the folder.",
                                        where=f"row {i}", fix="correct the file name (one of "
                                        f"{', '.join(files[:5])}{'…' if len(files) > 5 else ''}) "
                                        "or delete the row."))
        elif file in by_file:
            problems.append(CorpusError(path, f"second row for {file!r} (first: row "
                                        f"{by_file[file]['_row']}).", where=f"row {i}",
                                        fix="keep one row per file."))
        else:
            by_file[file] = {**row, "_row": str(i)}
    return [c for c in header if c not in {key}], by_file


def _build_folder(root: Path, folder: Path, default_encoding: str | None,
                  to_simplified: bool | None) -> _Built:
    files = sorted(p.name for p in folder.iterdir() if p.is_file() and p.suffix.lower() == ".txt")
    problems: list[CorpusError] = []
    meta_columns, metadata = _read_metadata(root, folder, files, problems)
    user_columns = [c for c in meta_columns if c not in MANIFEST_COLUMNS
                    and c not in {"encoding", "to_simplified"}]
    article_rows, paragraph_rows, segments, provenance = [], [], [], []
    seen: dict[str, str] = {}
    for file in files:
        path = folder / file
        meta = metadata.get(file, {})
        where = f"metadata.csv row {meta['_row']}" if meta else None
        try:
            convert = _true(meta.get("to_simplified", "")) if to_simplified is None \
                else to_simplified
            decoded, converter, record = _read_file(
                path, meta.get("encoding", "").strip() or default_encoding, convert, file)
            row = {c: "" for c in MANIFEST_COLUMNS}
            row.update({c: meta.get(c, "").strip() for c in meta_columns if c in meta})
            row["raw_file"], row["raw_sha256"] = file, record["sha256"]
            row["article_id"] = row["article_id"] or Path(file).stem
            if row["article_id"] in seen:
                raise CorpusError(path, f"article id {row['article_id']!r} is also the id of "
                                  f"{seen[row['article_id']]}.", where=where,
                                  fix="give one of them another article_id in metadata.csv.")
            seen[row["article_id"]] = file
            paragraphs, segs = _folder_article(row, decoded.text, path, where, converter)
        except CorpusError as problem:
            problems.append(problem)
            continue
        for col, default in DEFAULTS.items():
            row[col] = row[col] or default
        if not row["year"] and row["date"][:4].isdigit():
            row["year"] = row["date"][:4]
        segments.extend(segs)
        record.update(encoding_source="metadata.csv" if meta.get("encoding", "").strip()
                      else record["encoding_source"], n_articles=1,
                      article_ids=row["article_id"])
        provenance.append(record)
        article_rows.append(_article_row(row, paragraphs))
        paragraph_rows.extend(_paragraph_rows(row, paragraphs))
    raise_all(problems)
    columns = [*MANIFEST_COLUMNS, *user_columns]
    return _finish(article_rows, paragraph_rows, segments, provenance, columns, columns)


def _folder_article(row: dict[str, str], text: str, path: Path, where: str | None,
                    convert: Callable[[str], str] | None = None,
                    ) -> tuple[list[clean.Paragraph], list[Segment]]:
    """One file = one article: the first line that no drop rule removes is the title
    (unless it has a full stop or is too long: then the file has no title line and the
    title is the file name), the rest is the body. A ``body_start`` value (metadata)
    moves the start of the body as in a manifest."""
    lines = text.split("\n")
    nonblank = [i for i, line in enumerate(lines) if clean.strip_indentation(line)]
    if row.get("body_start"):
        body_line, body_col = _find_body_start(text, row["body_start"], path,
                                               where or "metadata.csv")
    else:
        seen = [convert(lines[i]) if convert else lines[i] for i in nonblank]
        reasons = clean.drop_reasons(seen)
        title_at = next((i for i, r in zip(nonblank, reasons, strict=True) if r is None), None)
        if title_at is None:
            raise CorpusError(path, "no text: every line is removed by a cleaning rule.",
                              fix="check the file is an article; account_for_raw_text shows "
                              "which rule removed each line.")
        if _looks_like_body(lines[title_at]):
            body_line, body_col = 0, 0
            row["title"] = row["title"] or Path(path).stem
        else:
            body_line, body_col = title_at + 1, 0
    units = _units(lines, 0, len(lines) - 1, body_line, body_col)
    segments, raw_paragraphs, header_parts, _ = _classify(units, row["raw_file"],
                                                          row["article_id"], convert)
    if not row["title"]:
        title = _guess_title([convert(p) if convert else p for p in header_parts])
        row["title"] = title or Path(path).stem
    elif convert:  # a title typed in metadata.csv follows the text's script
        row["title"] = convert(row["title"])
    if not raw_paragraphs:
        raise CorpusError(path, "the file holds a title but no body text.", where=where,
                          fix="add the article's text below its first line, or remove the "
                          "file.")
    return clean.structure_paragraphs(raw_paragraphs), segments


# --------------------------------------------------------------------------- loading
_CACHE: dict[str, _Built] = {}


class CorpusWarning(UserWarning):
    """Input that is accepted but limits the analysis (e.g. traditional script)."""


def _content_key(root: Path) -> str:
    digest = hashlib.sha256()
    for name in ("manifest.csv", "excluded.csv", METADATA_FILE):
        path = root / name
        digest.update(name.encode() + (path.read_bytes() if path.is_file() else b"<missing>"))
    for folder in (root, root / "raw"):
        for path in sorted(folder.iterdir()) if folder.is_dir() else []:
            if path.is_file() and (folder.name == "raw" and folder != root
                                   or path.suffix.lower() == ".txt"
                                   or path.name == METADATA_FILE):
                digest.update(str(path.relative_to(root)).encode() + path.read_bytes())
    return digest.hexdigest()


def _build(root: Path, encoding: str | None, to_simplified: bool | None = None) -> _Built:
    folder = _text_folder(root)
    if folder is not None:
        return _build_folder(root, folder, encoding, to_simplified)
    if not (root / "manifest.csv").is_file() and not root.is_dir():
        raise CorpusError(root, "corpus folder not found.", fix="check the corpus folder "
                          "argument or the POLICING_CORPUS_DIR environment variable.")
    return _build_manifest(root, encoding, to_simplified)


def _built(corpus: str | Path | None, encoding: str | None,
           to_simplified: bool | None = None) -> _Built:
    root = corpus_dir(corpus)
    key = f"{_content_key(root)}|{encoding}|{to_simplified}"
    if key not in _CACHE:
        _CACHE[key] = _build(root, encoding, to_simplified)
    built = _CACHE[key]
    for row in built.articles[~built.articles.script.isin(["simplified", "unknown"])
                              ].itertuples():
        folder = _text_folder(root) or root / "raw"
        warnings.warn(f"{folder / row.raw_file}: article {row.article_id} is in "
                      f"{row.script} script. The lexicon and stopwords are simplified Chinese, "
                      "so their terms will be missed; convert it to simplified script with "
                      "OpenCC: to_simplified=True, or a to_simplified column set to true in "
                      "metadata.csv / the manifest.", CorpusWarning, stacklevel=3)
    return built


# --------------------------------------------------------------------------- public API
def load_articles(corpus: str | Path | None = None, *, encoding: str | None = None,
                  to_simplified: bool | None = None) -> pd.DataFrame:
    """One row per article: the manifest columns, ``text`` (clean, paragraphs separated
    by a blank line), ``script`` (simplified / traditional / mixed / unknown),
    ``n_chars`` (characters of clean text, separators excluded) and ``n_paragraphs``
    (body paragraphs, headings excluded). Manifest order (file-name order for a folder).

    ``corpus`` is either a folder with ``manifest.csv`` and ``raw/`` (the curated mode,
    for files holding several articles) or a folder of ``.txt`` files, one article each
    (optionally with ``metadata.csv``; the user's own columns come after the manifest
    columns). ``encoding`` is the encoding of raw files that declare none (default:
    detected per file, see :func:`decode_bytes` and :func:`load_provenance`).
    ``to_simplified``: convert traditional-script files with OpenCC (``None``: as the
    ``to_simplified`` column says, default no). Texts left in traditional script are
    accepted with a :class:`CorpusWarning` (the lexicon is simplified)."""
    return _built(corpus, encoding, to_simplified).articles.copy()


def load_paragraphs(corpus: str | Path | None = None, *, encoding: str | None = None,
                    to_simplified: bool | None = None) -> pd.DataFrame:
    """One row per paragraph, in corpus order.

    Columns: article_id, locality, paragraph_no (1-based within the article),
    is_heading, kind (body / heading / pseudo), text, n_chars, raw_file, raw_lines
    (e.g. ``"21-23"`` when a page break was mended).
    """
    return _built(corpus, encoding, to_simplified).paragraphs.copy()


def account_for_raw_text(corpus: str | Path | None = None, *, encoding: str | None = None,
                         to_simplified: bool | None = None) -> pd.DataFrame:
    """Where every non-blank raw line went: one row per line (more for a line split at
    ``body_start`` or at a ``<br/>``), columns raw_file, line_no, text, status (body /
    header / dropped / excluded), article_id, reason (the cleaning rule for dropped
    lines). Nothing leaves the corpus without a row here; works the same for a folder
    of ``.txt`` files. Text is as decoded from the raw file (before any OpenCC
    conversion, which the rules and the clean text see)."""
    return _built(corpus, encoding, to_simplified).segments.copy()


def load_provenance(corpus: str | Path | None = None, *, encoding: str | None = None,
                    to_simplified: bool | None = None) -> pd.DataFrame:
    """How each raw file was read: one row per file, columns ``PROVENANCE_COLUMNS``:
    raw_file, n_bytes, sha256, encoding (codec used), encoding_source (detected /
    declared / metadata.csv), bom, newlines (LF / CRLF / CR / mixed / none), script of
    the raw text, converted (``"opencc t2s"`` or empty), n_articles, article_ids."""
    return _built(corpus, encoding, to_simplified).provenance.copy()


def drop_audit(corpus: str | Path | None = None, *, encoding: str | None = None,
               to_simplified: bool | None = None) -> pd.DataFrame:
    """What each cleaning rule dropped, per file: one row per (raw_file, reason) with
    n_lines, n_chars and example (the first dropped line, 40 characters). Files in
    corpus order, reasons in the order of :data:`helpers.text.clean.DROP_RULES`."""
    segments = account_for_raw_text(corpus, encoding=encoding, to_simplified=to_simplified)
    dropped = segments[segments.status == "dropped"]
    order = {name: i for i, (name, _) in enumerate(clean.DROP_RULES)}
    rows = [{"raw_file": raw_file, "reason": reason, "n_lines": len(group),
             "n_chars": int(group.text.str.len().sum()),
             "example": clean.strip_indentation(group.text.iloc[0])[:40]}
            for (raw_file, reason), group in dropped.groupby(["raw_file", "reason"], sort=False)]
    audit = pd.DataFrame(rows, columns=["raw_file", "reason", "n_lines", "n_chars", "example"])
    audit["_order"] = audit.reason.map(order).fillna(len(order))
    return audit.sort_values(["raw_file", "_order"], kind="stable").drop(
        columns="_order").reset_index(drop=True)


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
    mine = paragraphs[paragraphs.article_id == article_id]
    if mine.empty:
        ids = list(dict.fromkeys(paragraphs.article_id))
        raise KeyError(f"unknown article id {article_id!r}; the corpus has "
                       f"{', '.join(map(repr, ids[:12]))}{', …' if len(ids) > 12 else ''}")
    row = mine[mine.paragraph_no == paragraph_no]
    if row.empty:
        raise KeyError(f"article {article_id!r} has paragraphs 1–{mine.paragraph_no.max()}, "
                       f"not {paragraph_no}")
    row = row.iloc[0]
    first, _, last = row.raw_lines.partition("-")
    lines = range(int(first), int(last or first) + 1)
    segments = account_for_raw_text(corpus)
    raw = segments[(segments.raw_file == row.raw_file) & segments.line_no.isin(lines)
                   & (segments.status == "body")]
    return pd.Series({"raw_file": row.raw_file, "raw_lines": row.raw_lines,
                      "raw": " ⏎ ".join(raw.text), "clean": row.text})


# --------------------------------------------------------------------------- starters
#: What each column of a starter metadata.csv / manifest.csv is for (printed by ``init``).
COLUMN_HELP: dict[str, str] = {
    "file": "the .txt file (the key; do not change)",
    "article_id": "unique id; default the file name",
    "raw_file": "file in raw/",
    "raw_sha256": "checksum of the raw file, checked on every load (sha256sum raw/FILE)",
    "span_start": "text at the start of the article's first line",
    "body_start": "text where the body begins (exactly once in the file)",
    "span_end": "text at the end of the article's last line",
    "title": "guessed from the first line: correct it if wrong",
    "author": "author as printed (optional)",
    "locality": "place the text speaks for, in English (default unknown)",
    "locality_zh": "the same in Chinese (optional)",
    "province": "province (optional)",
    "admin_level": "any value, e.g. national / province / prefecture / district / county "
                   "(default unspecified); the comparisons group by it",
    "date": "YYYY, YYYY-MM or YYYY-MM-DD (optional; year is taken from it)",
    "genre": "e.g. speech, report, news (optional)",
    "notes": "anything (optional)",
    "to_simplified": "true: convert this traditional-script file with OpenCC (raw file kept)",
}
_STARTER_COLUMNS = ("file", "title", "locality", "locality_zh", "province", "admin_level",
                    "author", "date", "genre", "notes")


def init_metadata(folder: str | Path) -> pd.DataFrame:
    """A starter ``metadata.csv`` table for a folder of ``.txt`` files: one row per file
    (name order), columns file, title (the title the loader guesses), locality,
    locality_zh, province, admin_level, author, date, genre, notes (empty: fill in
    what you know, leave the rest; :data:`COLUMN_HELP` says what each is), and
    to_simplified (``true`` for files in traditional script) when there are such files."""
    root = Path(folder)
    text_folder = _text_folder(root)
    if text_folder is None:
        raise CorpusError(root, "no .txt files here (or a manifest.csv already).",
                          fix="pass the folder that holds your .txt files.")
    articles = _build_folder(root, text_folder, None, None).articles \
        if not _metadata_path(root, text_folder).is_file() else load_articles(root)
    rows = [{c: "" for c in _STARTER_COLUMNS} | {"file": a.raw_file, "title": a.title}
            for a in articles.itertuples()]
    starter = pd.DataFrame(rows, columns=list(_STARTER_COLUMNS))
    traditional = articles.script.isin(["traditional", "mixed"]).to_numpy()
    if traditional.any():  # suggest the conversion where it is needed
        starter["to_simplified"] = ["true" if t else "" for t in traditional]
    return starter


def _unique_suffix(lines: list[str], line: str, min_chars: int = 8) -> str:
    stripped = clean.strip_indentation(line)
    ends = [clean.strip_indentation(x) for x in lines]
    for n in range(min(min_chars, len(stripped)), len(stripped) + 1):
        if sum(e.endswith(stripped[-n:]) for e in ends if e) == 1:
            return stripped[-n:]
    return stripped


def init_manifest(folder: str | Path) -> pd.DataFrame:
    """A starter ``manifest.csv`` for ``folder/raw/``: one row per raw file taken as one
    article (split rows by hand for files holding several), with raw_sha256, markers
    for the whole file (span_start: its first line, body_start: the line after the
    title, span_end: its last line), the guessed title and empty metadata columns."""
    root = Path(folder)
    raw = root / "raw"
    if not raw.is_dir():
        raise CorpusError(raw, "folder not found: the manifest mode reads raw/.",
                          fix=f"move the text files into {raw}, or use the folder mode "
                          "(no manifest; python -m helpers.text.corpus init FOLDER).")
    rows = [_starter_row(path) for path in sorted(p for p in raw.iterdir() if p.is_file())]
    return pd.DataFrame(rows, columns=list(MANIFEST_COLUMNS))


def _starter_row(path: Path) -> dict[str, str]:
    """A manifest row taking the whole raw file as one article (see init_manifest)."""
    text = decode_bytes(path.read_bytes(), path).text
    lines = text.split("\n")
    nonblank = [line for line in lines if clean.strip_indentation(line)]
    if len(nonblank) < 2:
        raise CorpusError(path, "fewer than two non-blank lines (a title and a body).",
                          fix="check the file, or remove it from raw/.")
    reasons = clean.drop_reasons(nonblank)
    title_at = next((i for i, r in enumerate(reasons) if r is None), 0)
    body_at = title_at + 1 if title_at + 1 < len(nonblank) else title_at
    row = {c: "" for c in MANIFEST_COLUMNS}
    row.update(article_id=re.sub(r"\W+", "_", path.stem).strip("_") or "article",
               raw_file=path.name, raw_sha256=sha256_of(path),
               span_start=unique_marker(text, nonblank[0]),
               body_start=unique_marker(text, nonblank[body_at]),
               span_end=_unique_suffix(lines, nonblank[-1]),
               title=clean.normalize_text(clean.strip_indentation(nonblank[title_at])),
               admin_level=DEFAULTS["admin_level"], locality=DEFAULTS["locality"])
    return row


def _manifest_header(root: Path) -> list[str]:
    try:
        return _manifest_rows(root)[0]
    except CorpusError:
        return list(MANIFEST_COLUMNS)


def _csv_line(row: dict[str, str], header: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow([row.get(c, "") for c in header])
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    """``python -m helpers.text.corpus init FOLDER [--manifest] [--force]``: write a starter
    metadata.csv (folder of .txt files) or manifest.csv + excluded.csv (raw/), and say
    what each column is for. Existing files are kept unless ``--force``."""
    import argparse
    import sys

    parser = argparse.ArgumentParser(prog="python -m helpers.text.corpus",
                                     description="Starter files for your own corpus.")
    sub = parser.add_subparsers(dest="command", required=True)
    init = sub.add_parser("init", help="write a starter metadata.csv (or --manifest)")
    init.add_argument("folder", type=Path)
    init.add_argument("--manifest", action="store_true",
                      help="write manifest.csv + excluded.csv for raw/ instead")
    init.add_argument("--force", action="store_true", help="overwrite existing files")
    args = parser.parse_args(argv)
    folder: Path = args.folder
    try:
        table = init_manifest(folder) if args.manifest else init_metadata(folder)
    except CorpusError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    text_folder = _text_folder(folder) or folder
    target = folder / "manifest.csv" if args.manifest else _metadata_path(folder, text_folder)
    if target.exists() and not args.force:
        print(f"error: {target} exists; pass --force to overwrite it.", file=sys.stderr)
        return 2
    table.to_csv(target, index=False, encoding="utf-8")
    written = [target]
    if args.manifest and (args.force or not (folder / "excluded.csv").exists()):
        (folder / "excluded.csv").write_text(",".join(EXCLUDED_COLUMNS) + "\n", encoding="utf-8")
        written.append(folder / "excluded.csv")
    print(f"wrote {', '.join(str(p) for p in written)} ({len(table)} rows). Columns:")
    for column in table.columns:
        print(f"  {column:<15} {COLUMN_HELP.get(column, 'optional metadata')}")
    print("Any column you add is kept as a document variable. Load with "
          f"helpers.text.corpus.load_articles({str(folder)!r}).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
