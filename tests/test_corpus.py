"""The curated corpus: manifest spans, accounting of every raw line, and clear errors."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from helpers.errors import CorpusError
from helpers.text import clean, corpus
from tests.conftest import CORPUS

EXPECTED = {
    "changzhou_study_group": "Changzhou", "changzhou_forensics": "Changzhou",
    "changzhou_community": "Changzhou", "qiqihar": "Qiqihar", "huangshan": "Huangshan",
    "yichang": "Yichang", "tianshui": "Tianshui", "zhangqiu": "Zhangqiu",
    "study_essay": "Unspecified", "xinhua_national": "National", "zhengdong": "Zhengdong",
}


def test_eleven_articles_with_localities() -> None:
    articles = corpus.load_articles()
    assert dict(zip(articles.article_id, articles.locality, strict=True)) == EXPECTED
    assert set(corpus.MANIFEST_COLUMNS) <= set(articles.columns)
    assert {"text", "n_chars", "n_paragraphs"} <= set(articles.columns)
    assert (articles.n_chars > 900).all()
    assert articles.loc[articles.article_id == "xinhua_national", "date"].item() == "2024-01-10"


def test_paragraph_table() -> None:
    paragraphs = corpus.load_paragraphs()
    assert list(paragraphs.columns[:6]) == ["article_id", "locality", "paragraph_no",
                                            "is_heading", "kind", "text"]
    assert paragraphs.groupby("article_id").paragraph_no.apply(
        lambda s: list(s) == list(range(1, len(s) + 1))).all()
    assert paragraphs.is_heading.sum() == 9  # six Changzhou section heads, three Xinhua
    essay = paragraphs[paragraphs.article_id == "study_essay"]
    assert (essay.kind == "pseudo").all()
    assert essay.text.iloc[0].startswith("在学习贯彻习近平新时代中国特色社会主义思想专题研讨班上")


def test_title_glued_to_body_is_detached() -> None:
    segments = corpus.account_for_raw_text()
    line1 = segments[(segments.raw_file.str.startswith("002")) & (segments.line_no == 1)]
    assert list(line1.status) == ["header", "body"]
    assert line1.text.iloc[0] == "学习贯彻习近平新时代中国特色社会主义,推动公安工作实现新作为与新发展"


def test_every_raw_line_accounted_for_exactly_once() -> None:
    segments = corpus.account_for_raw_text()
    for path in sorted((CORPUS / "raw").glob("*.txt")):
        lines = path.read_text(encoding="utf-8").split("\n")
        mine = segments[segments.raw_file == path.name]
        expected = {i + 1 for i, line in enumerate(lines) if clean.strip_indentation(line)}
        assert set(mine.line_no) == expected, path.name
        for line_no, group in mine.groupby("line_no"):
            assert "".join(group.text) == lines[line_no - 1]
    assert set(segments.status) == {"body", "header", "dropped", "excluded"}
    assert (segments.loc[segments.status != "body", "reason"] != "").all()


def test_article_text_is_exactly_its_body_lines() -> None:
    """Nothing of an article body is lost or duplicated by the cleaning."""
    segments = corpus.account_for_raw_text()
    for article in corpus.load_articles().itertuples():
        body = segments[(segments.article_id == article.article_id)
                        & (segments.status == "body")]
        expected = "".join(clean.normalize_text(clean.strip_indentation(t)) for t in body.text)
        assert article.text.replace("\n\n", "") == expected, article.article_id


def test_spans_do_not_overlap_and_drop_only_what_they_should() -> None:
    segments = corpus.account_for_raw_text()
    in_articles = segments[segments.article_id != ""]
    assert not in_articles.duplicated(["raw_file", "line_no", "text"]).any()
    dropped = segments[segments.status == "dropped"]
    assert dropped.groupby("reason").size().to_dict() == {"credit": 5, "paywall": 2,
                                                          "site_chrome": 3}


def test_loaders_accept_folder_argument_and_environment(corpus_copy: Path, monkeypatch) -> None:
    assert len(corpus.load_articles(corpus_copy)) == 11
    monkeypatch.setenv("POLICING_CORPUS_DIR", str(corpus_copy))
    assert len(corpus.load_paragraphs()) == len(corpus.load_paragraphs(CORPUS))


# --------------------------------------------------------------------------- errors
def rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_changed_checksum_names_file(corpus_copy: Path) -> None:
    raw = next((corpus_copy / "raw").glob("004_*.txt"))
    raw.write_bytes(raw.read_bytes() + b"\n")
    with pytest.raises(CorpusError, match=r"004_.*sha256 changed"):
        corpus.load_articles(corpus_copy)


def test_missing_raw_file(corpus_copy: Path) -> None:
    next((corpus_copy / "raw").glob("003_*.txt")).unlink()
    with pytest.raises(CorpusError, match=r"003_.*missing"):
        corpus.load_articles(corpus_copy)


def test_marker_not_found_and_found_twice(corpus_copy: Path) -> None:
    manifest = corpus_copy / "manifest.csv"
    rewrite(manifest, "面对错综复杂的全球安全形势", "此句不在原文中")
    with pytest.raises(CorpusError, match=r"row 11 \(article xinhua_national\).*not found"):
        corpus.load_articles(corpus_copy)


def test_marker_found_twice(corpus_copy: Path) -> None:
    marker = corpus.load_manifest(CORPUS).set_index("article_id").loc["huangshan", "body_start"]
    rewrite(corpus_copy / "manifest.csv", f",{marker},", ",党的二十届三中全会,")
    with pytest.raises(CorpusError, match=r"body_start marker .* found \d+ times"):
        corpus.load_articles(corpus_copy)


def test_duplicate_article_id(corpus_copy: Path) -> None:
    rewrite(corpus_copy / "manifest.csv", "\nhuangshan,", "\nqiqihar,")
    with pytest.raises(CorpusError, match=r"manifest.csv, row 6 .*duplicate article_id 'qiqihar'"):
        corpus.load_articles(corpus_copy)


def test_missing_required_column_and_user_columns(corpus_copy: Path) -> None:
    manifest = corpus_copy / "manifest.csv"
    rows = list(csv.reader(manifest.open(encoding="utf-8")))
    rows[0][rows[0].index("genre")] = "genera"  # a column of the user's own: kept
    with manifest.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    genres = corpus.load_articles().genre.tolist()
    articles = corpus.load_articles(corpus_copy)
    assert (articles.genre == "").all() and articles.genera.tolist() == genres
    rows[0][rows[0].index("span_end")] = "span_ending"
    with manifest.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    with pytest.raises(CorpusError, match=r"missing column\(s\) span_end\..*kept as a document"):
        corpus.load_manifest(corpus_copy)


def test_gb18030_raw_file_is_detected_and_a_wrong_declaration_gets_a_working_fix(
        corpus_copy: Path) -> None:
    raw = next((corpus_copy / "raw").glob("004_*.txt"))
    text = raw.read_text(encoding="utf-8")
    raw.write_bytes(text.replace("\u00a0", " ").encode("gb18030"))
    manifest = corpus_copy / "manifest.csv"
    rewrite(manifest, corpus.sha256_of(next((CORPUS / "raw").glob("004_*.txt"))),
            corpus.sha256_of(raw))
    articles = corpus.load_articles(corpus_copy).set_index("article_id")
    assert articles.loc["zhengdong", "text"].startswith("党的二十大擘画")
    provenance = corpus.load_provenance(corpus_copy).set_index("raw_file")
    assert provenance.loc[raw.name, ["encoding", "encoding_source"]].tolist() == [
        "gb18030", "detected"]
    with pytest.raises(CorpusError, match=r"004_.*line 1: not valid utf-8.*GB18030.*"
                                          r"set encoding='gbk'") as info:
        corpus.load_articles(corpus_copy, encoding="utf-8")
    assert info.value.fix and "encoding='gbk'" in info.value.fix
    rows = list(csv.DictReader(manifest.open(encoding="utf-8")))  # apply the fix: a column
    for row in rows:
        row["encoding"] = "gbk" if row["raw_file"].startswith("004") else ""
    with manifest.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    fixed = corpus.load_articles(corpus_copy, encoding="utf-8").set_index("article_id")
    assert fixed.loc["zhengdong", "text"] == articles.loc["zhengdong", "text"]
    assert corpus.load_provenance(corpus_copy).set_index("raw_file").loc[
        raw.name, "encoding_source"] == "declared"


def test_overlapping_spans(corpus_copy: Path) -> None:
    rewrite(corpus_copy / "manifest.csv", "打造更具影响力的未成年人违法犯罪综合治理“常州品牌”。",
            "警务技术三级主任)")
    with pytest.raises(CorpusError, match=r"overlaps"):
        corpus.load_articles(corpus_copy)


def test_unaccounted_line_is_an_error(corpus_copy: Path) -> None:
    rewrite(corpus_copy / "excluded.csv", "一线讲述,", "一线讲述（不存在）,")
    with pytest.raises(CorpusError, match=r"excluded.csv, row \d+: marker"):
        corpus.load_articles(corpus_copy)
    rows = (corpus_copy / "excluded.csv").read_text(encoding="utf-8").splitlines()
    (corpus_copy / "excluded.csv").write_text(
        "\n".join(r for r in rows if "一线讲述" not in r) + "\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"000_.*line 87: line is neither in an article span"):
        corpus.load_articles(corpus_copy)


def test_manifest_title_must_match_header(corpus_copy: Path) -> None:
    rewrite(corpus_copy / "manifest.csv", ",坚定不移走改革强警之路,熊丰", ",另一个标题,熊丰")
    with pytest.raises(CorpusError, match=r"title '另一个标题' does not occur"):
        corpus.load_articles(corpus_copy)
