"""Whatever users feed the loaders, the error names the file, where, and the fix.

Each test builds its bad input in a temporary copy of the corpus (or a small file).
"""

from __future__ import annotations

import csv
import warnings
from pathlib import Path

import pytest

from helpers.errors import CorpusError
from helpers.text import corpus
from helpers.text.corpus import CorpusWarning
from tests.conftest import CORPUS


def raw_of(folder: Path, prefix: str) -> Path:
    return next((folder / "raw").glob(f"{prefix}_*.txt"))


def replace_raw(folder: Path, prefix: str, data: bytes) -> Path:
    """Overwrite a raw file and record its new checksum, as a user adding a file would."""
    raw = raw_of(folder, prefix)
    old = corpus.sha256_of(raw)
    raw.write_bytes(data)
    manifest = folder / "manifest.csv"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(old, corpus.sha256_of(raw)),
                        encoding="utf-8")
    return raw


def set_manifest_column(folder: Path, column: str, values: dict[str, str]) -> None:
    manifest = folder / "manifest.csv"
    rows = list(csv.DictReader(manifest.open(encoding="utf-8")))
    for row in rows:
        row[column] = values.get(row["raw_file"][:3], "")
    with manifest.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "input.txt"
    path.write_bytes(data)
    return path


# --------------------------------------------------------------------------- encodings
def test_gb18030_file_is_detected_and_encoding_argument_works(corpus_copy: Path) -> None:
    text = raw_of(corpus_copy, "004").read_text(encoding="utf-8").replace("\u00a0", "\u3000")
    replace_raw(corpus_copy, "004", text.encode("gb18030"))
    detected = corpus.load_articles(corpus_copy).set_index("article_id")
    assert detected.loc["zhengdong", "text"].startswith("党的二十大擘画了全面建设社会主义现代化国家")
    set_manifest_column(corpus_copy, "encoding", {"004": "utf-8"})  # a wrong declaration
    with pytest.raises(CorpusError) as info:
        corpus.load_articles(corpus_copy)
    message = str(info.value)
    assert "004_" in message and "line 1" in message and "GBK/GB18030" in message
    assert "encoding=" in message
    set_manifest_column(corpus_copy, "encoding", {"004": "gb18030"})  # the fix it names
    fixed = corpus.load_articles(corpus_copy).set_index("article_id")
    assert fixed.loc["zhengdong", "text"] == detected.loc["zhengdong", "text"]


def test_encoding_argument_of_the_loaders(tmp_path: Path, corpus_copy: Path) -> None:
    for prefix in ("000", "001", "002", "003", "004"):
        text = raw_of(corpus_copy, prefix).read_text(encoding="utf-8").replace("\u00a0", " ")
        replace_raw(corpus_copy, prefix, text.encode("gb18030"))
    articles = corpus.load_articles(corpus_copy, encoding="gb18030")
    assert len(articles) == 11
    assert corpus.read_raw(write(tmp_path, "公安改革".encode("gbk")), "gbk") == "公安改革"


def test_utf8_bom_is_accepted_and_stripped(corpus_copy: Path) -> None:
    raw = raw_of(corpus_copy, "003")
    replace_raw(corpus_copy, "003", b"\xef\xbb\xbf" + raw.read_bytes())
    articles = corpus.load_articles(corpus_copy).set_index("article_id")
    assert articles.loc["xinhua_national", "text"] == corpus.load_articles().set_index(
        "article_id").loc["xinhua_national", "text"]


@pytest.mark.parametrize("newline", [b"\r\n", b"\r"])
def test_crlf_and_cr_line_ends_are_accepted(corpus_copy: Path, newline: bytes) -> None:
    for prefix in ("000", "001"):
        data = raw_of(corpus_copy, prefix).read_bytes()
        replace_raw(corpus_copy, prefix, data.replace(b"\n", newline))
    assert corpus.load_paragraphs(corpus_copy).equals(corpus.load_paragraphs())


def test_empty_file(corpus_copy: Path) -> None:
    replace_raw(corpus_copy, "002", b"")
    with pytest.raises(CorpusError, match=r"002_.*: file is empty\. Fix:"):
        corpus.load_articles(corpus_copy)


def test_binary_file(corpus_copy: Path) -> None:
    replace_raw(corpus_copy, "002", b"%PDF-1.7\n\x00\x01\x02binary")
    with pytest.raises(CorpusError, match=r"002_.*byte 9: binary data .*plain UTF-8 text"):
        corpus.load_articles(corpus_copy)


def test_html_page_saved_as_text(corpus_copy: Path) -> None:
    body = raw_of(corpus_copy, "004").read_text(encoding="utf-8")
    page = f"<!DOCTYPE html>\n<html><head><title>x</title></head><body>{body}</body></html>"
    replace_raw(corpus_copy, "004", page.encode("utf-8"))
    with pytest.raises(CorpusError, match=r"004_.*line 1: looks like an HTML page.*extract"):
        corpus.load_articles(corpus_copy)


def test_truncated_utf8_at_end(corpus_copy: Path) -> None:
    data = raw_of(corpus_copy, "003").read_bytes()
    replace_raw(corpus_copy, "003", data + "警".encode()[:2])
    with pytest.raises(CorpusError, match=r"003_.*line \d+: truncated: .*last 2 bytes"):
        corpus.load_articles(corpus_copy)


def test_traditional_script_is_accepted_with_a_note(tmp_path: Path) -> None:
    raw = tmp_path / "corpus" / "raw"
    raw.mkdir(parents=True)
    text = "堅持黨的領導\n\n公安機關要推進警務改革，這是關鍵。\n\n國家安全與社會穩定同樣重要。\n"
    (raw / "t.txt").write_text(text, encoding="utf-8")
    header = ",".join(corpus.MANIFEST_COLUMNS)
    values = {c: "" for c in corpus.MANIFEST_COLUMNS}
    values.update(article_id="trad", raw_file="t.txt", raw_sha256=corpus.sha256_of(raw / "t.txt"),
                  span_start="堅持黨的領導", body_start="公安機關", span_end="同樣重要。",
                  title="堅持黨的領導", locality="Taipei", admin_level="unspecified")
    (tmp_path / "corpus" / "manifest.csv").write_text(
        header + "\n" + ",".join(values[c] for c in corpus.MANIFEST_COLUMNS) + "\n",
        encoding="utf-8")
    (tmp_path / "corpus" / "excluded.csv").write_text("raw_file,marker,reason\n",
                                                      encoding="utf-8")
    with pytest.warns(CorpusWarning, match=r"t\.txt: article trad is in traditional script.*OpenCC"):
        articles = corpus.load_articles(tmp_path / "corpus")
    assert articles.script.tolist() == ["traditional"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the bundled corpus is simplified: no warning
        corpus.load_articles()


# --------------------------------------------------------------------------- manifest
def test_manifest_missing_file_named(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match=r"manifest.csv: file not found.*POLICING_CORPUS_DIR"):
        corpus.load_articles(tmp_path)


def test_manifest_row_with_extra_field(corpus_copy: Path) -> None:
    manifest = corpus_copy / "manifest.csv"
    manifest.write_text(manifest.read_text(encoding="utf-8") + "x,y," * 20 + "\n",
                        encoding="utf-8")
    with pytest.raises(CorpusError, match=r"manifest.csv, row 13: row has more fields"):
        corpus.load_articles(corpus_copy)


def test_empty_required_value_and_defaults(corpus_copy: Path) -> None:
    set_manifest_column(corpus_copy, "locality", {})  # optional: a default
    assert set(corpus.load_articles(corpus_copy).locality) == {corpus.DEFAULTS["locality"]}
    manifest = corpus_copy / "manifest.csv"
    text = manifest.read_text(encoding="utf-8")
    row = corpus.load_manifest(CORPUS).set_index("article_id").loc["qiqihar"]
    manifest.write_text(text.replace(f",{row.body_start},", ",,", 1), encoding="utf-8")
    with pytest.raises(CorpusError, match=r"row 5 \(article qiqihar\): empty value "
                                          r"in column body_start"):
        corpus.load_articles(corpus_copy)


def test_raw_file_not_in_manifest(corpus_copy: Path) -> None:
    (corpus_copy / "raw" / "005_new.txt").write_text("新文件。\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"005_new.txt: raw file is not in the manifest"):
        corpus.load_articles(corpus_copy)


def test_unknown_declared_encoding(corpus_copy: Path) -> None:
    set_manifest_column(corpus_copy, "encoding", {"004": "utf8x"})
    with pytest.raises(CorpusError, match=r"004_.*unknown encoding 'utf8x'.*leave it empty"):
        corpus.load_articles(corpus_copy)
    set_manifest_column(corpus_copy, "encoding", {})  # the fix: leave it empty
    assert len(corpus.load_articles(corpus_copy)) == 11


def test_wrong_title_fix_leave_it_empty_works(corpus_copy: Path) -> None:
    manifest = corpus_copy / "manifest.csv"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text.replace(",坚定不移走改革强警之路,熊丰", ",另一个标题,熊丰", 1),
                        encoding="utf-8")
    with pytest.raises(CorpusError, match=r"title '另一个标题' does not occur.*leave it empty"):
        corpus.load_articles(corpus_copy)
    manifest.write_text(text.replace(",坚定不移走改革强警之路,熊丰", ",,熊丰", 1), encoding="utf-8")
    articles = corpus.load_articles(corpus_copy).set_index("article_id")
    assert articles.loc["xinhua_national", "title"] == "坚定不移走改革强警之路"  # guessed


def test_missing_excluded_csv_is_not_an_error_when_nothing_lies_outside(tmp_path: Path) -> None:
    raw = tmp_path / "c" / "raw"
    raw.mkdir(parents=True)
    (raw / "a.txt").write_text("标题\n正文第一段。\n", encoding="utf-8")
    (tmp_path / "c" / "manifest.csv").write_text(
        "article_id,raw_file,span_start,body_start,span_end\na,a.txt,标题,正文,第一段。\n",
        encoding="utf-8")
    articles = corpus.load_articles(tmp_path / "c")
    assert articles.title.tolist() == ["标题"] and articles.locality.tolist() == [corpus.DEFAULTS["locality"]]
