"""A folder of .txt files is a corpus: one call loads 30 synthetic files of mixed
encodings, line ends and scripts, with portal footers, a metadata.csv with a column of
the user's own, a user dictionary and a user stopword file. Also: starter files, every
manifest problem at once with fixes that work."""

from __future__ import annotations

import csv
import hashlib
import re
import subprocess
import sys
import warnings
from pathlib import Path

import pandas as pd
import pytest

from helpers.errors import CorpusError, CorpusErrors
from helpers.text import corpus, segment
from tests.conftest import CORPUS

PLACES = ["Anping", "Baishan", "Chengxi", "Dongtai", "Erlang", "Fengyi"]
LEVELS = ["prefecture", "county", "province", "district", "national", "county"]
SENTENCES = [
    "{place}公安局深入推进蓝盾云脑建设，全年破获电信网络诈骗案件{n}起。",
    "派出所全面落实一格一警长机制，社区民警走访群众{n}户。",
    "我市坚持和发展新时代“枫桥经验”，矛盾纠纷化解率达到{n}%。",
    "全局上下推进执法规范化建设，案件办理质量明显提升。",
]
FOOTER = ["", "【打印本页】【关闭窗口】", "上一篇：{place}召开警务工作会议", "下一篇：没有了",
          "扫一扫在手机打开当前页", "版权所有：{place}市公安局  京ICP备05070602号"]
TRADITIONAL = ("堅持黨的領導推進警務改革\n\n公安機關要推進藍盾雲腦建設，這是關鍵。\n"
               "國家安全與社會穩定同樣重要，要堅持群眾路線。\n")


def article(i: int) -> str:
    place = PLACES[i % len(PLACES)]
    lines = [f"{place}公安推进警务改革纪实（{i}）", ""]
    lines += [s.format(place=place, n=10 + i) for s in SENTENCES]
    if i % 3 == 0:  # a page-number line splitting a sentence, as in a printed PDF
        lines[-1:] = ["全局上下推进执法规范化建设，持续深化执法办案管理中心实体化运行，全面推行"
                      "案件办理质", "- 2 -", "量明显提升。"]
    if i % 2 == 0:
        lines += [f.format(place=place) for f in FOOTER]
    if i % 5 == 0:
        lines.insert(3, "公安&nbsp;机关<br/>坚持人民至上。")
    return "\n".join(lines) + "\n"


ENCODINGS = {0: "utf-8", 1: "utf-8-sig", 2: "gbk", 3: "gb18030"}


def build_folder(folder: Path) -> dict[str, str]:
    """30 files: UTF-8, UTF-8 with BOM, GBK, GB18030; every third CRLF; file 29 is in
    traditional script (Big5). Returns file → the codec written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for i in range(29):
        encoding = ENCODINGS[i % 4]
        text = article(i)
        if i % 3 == 1:
            text = text.replace("\n", "\r\n")
        name = f"{i:02d}_{PLACES[i % len(PLACES)].lower()}.txt"
        (folder / name).write_bytes(text.encode(encoding))
        written[name] = encoding
    (folder / "29_taipei.txt").write_bytes(TRADITIONAL.encode("big5"))
    written["29_taipei.txt"] = "big5"
    rows = [{"file": name, "locality": PLACES[i % len(PLACES)],
             "admin_level": LEVELS[i % len(LEVELS)], "date": f"{2020 + i % 5}-0{1 + i % 9}",
             "unit_type": "city bureau" if i % 2 else "county bureau"}
            for i, name in enumerate(sorted(written)) if i < 25]  # five files have no row
    rows[-1]["to_simplified"] = ""
    rows.append({"file": "29_taipei", "locality": "Taipei", "admin_level": "municipality",
                 "unit_type": "city bureau", "to_simplified": "true"})
    with (folder / "metadata.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["file", "locality", "admin_level", "date",
                                                    "unit_type", "to_simplified"])
        writer.writeheader()
        writer.writerows(rows)
    return written


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    build_folder(tmp_path / "my_texts")
    return tmp_path / "my_texts"


def test_thirty_files_load_with_one_call(folder: Path) -> None:
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the traditional file is converted: no warning
        articles = corpus.load_articles(folder)
    assert len(articles) == 30
    assert articles.article_id.tolist() == sorted(p.stem for p in folder.glob("*.txt"))
    assert set(corpus.MANIFEST_COLUMNS) < set(articles.columns)
    assert articles.columns.tolist().index("unit_type") > articles.columns.tolist().index("notes")
    by_id = articles.set_index("article_id")
    first = by_id.loc["00_anping"]
    assert first.title == "Anping公安推进警务改革纪实（0）"
    assert first.locality == "Anping" and first.admin_level == "prefecture"
    assert first.year == 2020 and first.unit_type == "county bureau"
    assert by_id.loc["26_chengxi", "locality"] == "unknown"  # no metadata row
    assert by_id.loc["26_chengxi", "admin_level"] == "unspecified"
    assert by_id.loc["29_taipei", "admin_level"] == "municipality"  # any value
    assert by_id.loc["29_taipei", "script"] == "simplified"
    assert by_id.loc["29_taipei", "text"].startswith("公安机关要推进蓝盾云脑建设，这是关键。")
    assert (articles.n_paragraphs >= 2).all()
    assert before == {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
                      for p in folder.iterdir()}  # raw files untouched


def test_clean_text_has_no_portal_footer_and_page_breaks_are_mended(folder: Path) -> None:
    articles = corpus.load_articles(folder).set_index("article_id")
    for text in articles.text:
        for artefact in ("打印", "关闭窗口", "上一篇", "下一篇", "扫一扫", "版权所有", "ICP",
                         "&nbsp;", "<br", "- 2 -"):
            assert artefact not in text
    assert "案件办理质量明显提升。" in articles.loc["00_anping", "text"]  # joined over "- 2 -"
    assert "公安机关\n\n坚持人民至上。" in articles.loc["05_fengyi", "text"]
    segments = corpus.account_for_raw_text(folder)
    assert set(segments.status) == {"header", "body", "dropped"}
    audit = corpus.drop_audit(folder)
    assert set(audit.reason) == {"portal_footer", "page_number"}
    zero = audit[audit.raw_file == "00_anping.txt"].set_index("reason").n_lines.to_dict()
    assert zero == {"portal_footer": 5, "page_number": 1}


def test_provenance_records_each_encoding(folder: Path) -> None:
    written = build_folder(folder)  # same files again: returns the codecs
    provenance = corpus.load_provenance(folder).set_index("raw_file")
    assert len(provenance) == 30
    expected = {"utf-8": "utf-8", "utf-8-sig": "utf-8", "gbk": "gb18030",
                "gb18030": "gb18030", "big5": "big5"}
    assert provenance.encoding.to_dict() == {f: expected[e] for f, e in written.items()}
    assert provenance.bom.to_dict() == {f: e == "utf-8-sig" for f, e in written.items()}
    assert provenance.loc["01_baishan.txt", "newlines"] == "CRLF"
    assert provenance.loc["00_anping.txt", "newlines"] == "LF"
    assert provenance.loc["29_taipei.txt", ["script", "converted"]].tolist() == [
        "traditional", "opencc t2s"]
    assert (provenance.encoding_source == "detected").all()


def test_tokens_with_a_user_lexicon_and_a_user_stopword_file(folder: Path, tmp_path: Path
                                                             ) -> None:
    lexicon_csv = tmp_path / "my_lexicon.csv"
    lexicon_csv.write_text("term,theme,gloss\n蓝盾云脑,digital policing,blue-shield cloud brain\n"
                           "一格一警长,grid policing,one police chief per grid\n",
                           encoding="utf-8")
    stop = tmp_path / "my_stopwords.txt"
    stop.write_text("# our own list\n我市\n全局\n", encoding="utf-8")
    tokens = segment.tokenize_paragraphs(corpus.load_paragraphs(folder), lexicon=lexicon_csv,
                                         stopwords=stop)
    flat = [t for paragraph in tokens.tokens for t in paragraph]
    assert flat.count("蓝盾云脑") == 30 and flat.count("一格一警长") == 29
    assert "我市" not in flat and "全局" not in flat
    assert "坚持" in flat  # the bundled boilerplate list is not applied
    plain = segment.tokenize_paragraphs(corpus.load_paragraphs(folder), lexicon=False,
                                        stopwords=False)
    assert "蓝盾云脑" not in {t for paragraph in plain.tokens for t in paragraph}


def test_without_conversion_the_traditional_file_warns(folder: Path) -> None:
    with pytest.warns(corpus.CorpusWarning, match=r"29_taipei.txt: article 29_taipei is in "
                                                   r"traditional script.*to_simplified=True"):
        articles = corpus.load_articles(folder, to_simplified=False)
    assert articles.set_index("article_id").loc["29_taipei", "script"] == "traditional"


def test_a_file_that_no_encoding_decodes_is_named(folder: Path) -> None:
    (folder / "30_bad.txt").write_bytes("公安改革".encode() + b"\xff\xfe\x80\x80" * 3 + b"\n")
    with pytest.raises(CorpusError, match=r"30_bad.txt, line 1: not valid in any of utf-8, "
                                          r"gb18030, big5.*Fix: re-save the file as UTF-8"):
        corpus.load_articles(folder)


def test_metadata_problems_are_reported_together_and_their_fixes_work(folder: Path) -> None:
    meta = folder / "metadata.csv"
    good = meta.read_text(encoding="utf-8")
    meta.write_text(good + "99_missing.txt,Nowhere,,,,\n00_anping,Again,,,,\n",
                    encoding="utf-8")
    with pytest.raises(CorpusErrors) as info:
        corpus.load_articles(folder)
    problems = [str(p) for p in info.value.problems]
    assert len(problems) == 2
    assert "row 28: file '99_missing.txt' is not in the folder" in problems[0]
    assert "row 29: second row for '00_anping.txt'" in problems[1]
    meta.write_text(good, encoding="utf-8")  # the fixes: delete both rows
    assert len(corpus.load_articles(folder)) == 30


def test_metadata_saved_as_gbk_is_read(folder: Path) -> None:
    meta = folder / "metadata.csv"
    meta.write_bytes(meta.read_text(encoding="utf-8").replace("Anping", "安平").encode("gbk"))
    assert corpus.load_articles(folder).locality.iloc[0] == "安平"


def test_init_writes_a_starter_metadata_that_loads(tmp_path: Path) -> None:
    folder = tmp_path / "texts"
    build_folder(folder)
    (folder / "metadata.csv").unlink()
    done = subprocess.run([sys.executable, "-m", "helpers.text.corpus", "init", str(folder)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "admin_level" in done.stdout and "any value" in done.stdout
    starter = pd.read_csv(folder / "metadata.csv", dtype=str, keep_default_na=False)
    assert len(starter) == 30 and starter.title.iloc[0] == "Anping公安推进警务改革纪实（0）"
    assert starter.to_simplified.tolist() == [""] * 29 + ["true"]  # the Big5 file
    again = subprocess.run([sys.executable, "-m", "helpers.text.corpus", "init", str(folder)],
                           capture_output=True, text=True, check=False)
    assert again.returncode == 2 and "--force" in again.stderr
    starter.loc[0, "locality"] = "Anping"  # what a user does next
    starter.to_csv(folder / "metadata.csv", index=False)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the starter asks for the conversion: no warning
        articles = corpus.load_articles(folder)
    assert articles.locality.iloc[0] == "Anping" and len(articles) == 30
    assert articles.title.iloc[-1] == "坚持党的领导推进警务改革"


def test_init_manifest_writes_a_manifest_that_loads(tmp_path: Path) -> None:
    folder = tmp_path / "curated"
    build_folder(folder / "raw")
    (folder / "raw" / "metadata.csv").unlink()
    done = subprocess.run([sys.executable, "-m", "helpers.text.corpus", "init", str(folder),
                           "--manifest"], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert (folder / "excluded.csv").read_text(encoding="utf-8") == "raw_file,marker,reason\n"
    articles = corpus.load_articles(folder, to_simplified=True)
    folder_mode = corpus.load_articles(folder / "raw", to_simplified=True)
    assert articles.text.tolist() == folder_mode.text.tolist()
    assert articles.title.tolist() == folder_mode.title.tolist()


# --------------------------------------------------------------------------- manifest mode
def manifest_rows(folder: Path) -> list[dict[str, str]]:
    return list(csv.DictReader((folder / "manifest.csv").open(encoding="utf-8")))


def write_manifest(folder: Path, rows: list[dict[str, str]], encoding: str = "utf-8") -> None:
    with (folder / "manifest.csv").open("w", encoding=encoding, newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def apply_fix(folder: Path, problem: CorpusError) -> None:
    """Do what the fix says, mechanically (as a user would)."""
    fix = problem.fix or ""
    if m := re.search(r"set raw_sha256 to ([0-9a-f]{64})", fix):
        rows = manifest_rows(folder)
        row_no = int(re.search(r"row (\d+)", problem.where or "").group(1))
        rows[row_no - 2]["raw_sha256"] = m.group(1)
        write_manifest(folder, rows)
    elif m := re.search(r"add this row to excluded\.csv.*: (.+),<why", fix):
        path = folder / "excluded.csv"
        if not path.is_file():
            path.write_text("raw_file,marker,reason\n", encoding="utf-8")
        with path.open("a", encoding="utf-8") as handle:
            handle.write(f"{m.group(1)},page banner\n")
    elif m := re.search(r"set body_start to '(.+?)'", fix):
        rows = manifest_rows(folder)
        row_no = int(re.search(r"row (\d+)", problem.where or "").group(1))
        rows[row_no - 2]["body_start"] = m.group(1)
        write_manifest(folder, rows)
    elif "give every article a unique id, e.g. " in fix:
        new_id = fix.rsplit("e.g. ", 1)[1].rstrip(".")
        rows = manifest_rows(folder)
        row_no = int(re.search(r"row (\d+)", problem.where or "").group(1))
        rows[row_no - 2]["article_id"] = new_id
        write_manifest(folder, rows)
    else:
        raise AssertionError(f"no mechanical way to apply: {fix}")


def test_every_manifest_problem_at_once_and_each_fix_works(corpus_copy: Path) -> None:
    (corpus_copy / "excluded.csv").unlink()  # missing: not an error in itself
    rows = manifest_rows(corpus_copy)
    rows[1]["raw_sha256"] = ""  # forgotten checksum
    rows[4]["article_id"] = rows[3]["article_id"]  # duplicate id
    body_of = {r["article_id"]: r["body_start"] for r in rows}
    xinhua = next(r for r in rows if r["article_id"] == "xinhua_national")
    segments = corpus.account_for_raw_text(CORPUS)
    later = segments[(segments.article_id == "xinhua_national") & (segments.status == "body")
                     ].text.iloc[2].strip()
    xinhua["body_start"] = later[:12]  # too late: body sentences fall into the header
    write_manifest(corpus_copy, rows, encoding="gbk")  # saved by Excel on Chinese Windows
    with pytest.raises(CorpusErrors) as info:
        corpus.load_articles(corpus_copy)
    problems = info.value.problems
    kinds = [p.problem for p in problems]
    assert any("empty value in column raw_sha256" in k for k in kinds)
    assert any("duplicate article_id" in k for k in kinds)
    assert any("body_start leaves body text in the header" in k for k in kinds)
    assert any("neither in an article span nor listed in excluded.csv" in k for k in kinds)
    message = str(info.value)
    assert message.startswith(f"{len(problems)} problems")
    assert all(p.fix for p in problems)
    rows = manifest_rows_any(corpus_copy)
    write_manifest(corpus_copy, rows)
    for problem in problems:
        apply_fix(corpus_copy, problem)
    articles = corpus.load_articles(corpus_copy)
    assert len(articles) == 11
    fixed = articles.set_index("article_id")
    original = corpus.load_articles().set_index("article_id")
    assert fixed.loc["xinhua_national", "text"] == original.loc["xinhua_national", "text"]
    assert fixed.loc["qiqihar", "text"] == original.loc["qiqihar", "text"]
    assert body_of  # the other markers were left alone


def manifest_rows_any(folder: Path) -> list[dict[str, str]]:
    text = corpus.decode_bytes((folder / "manifest.csv").read_bytes(), "manifest.csv").text
    return list(csv.DictReader(text.splitlines()))


def test_unknown_article_id_says_so() -> None:
    with pytest.raises(KeyError, match=r"unknown article id 'nope'; the corpus has "
                                       r"'changzhou_study_group'"):
        corpus.before_after("nope", 1)
    with pytest.raises(KeyError, match=r"article 'tianshui' has paragraphs 1–\d+, not 999"):
        corpus.before_after("tianshui", 999)


def test_bundled_manifest_loads_unchanged_with_its_own_columns() -> None:
    manifest = corpus.load_manifest(CORPUS)
    assert manifest.columns.tolist()[:6] == ["article_id", "raw_file", "raw_sha256",
                                             "span_start", "body_start", "span_end"]
    provenance = corpus.load_provenance()
    assert set(provenance.encoding) == {"utf-8"} and provenance.n_articles.sum() == 11


def test_untitled_file_metadata_beside_the_texts_and_a_title_correction(tmp_path: Path) -> None:
    raw = tmp_path / "corpus" / "raw"
    raw.mkdir(parents=True)
    (raw / "untitled.txt").write_text("全市公安机关深入推进警务改革，取得明显成效。\n第二段正文。\n",
                                      encoding="utf-8")
    (raw / "titled.txt").write_text("标题一\n正文第一段。\n", encoding="utf-8")
    articles = corpus.load_articles(tmp_path / "corpus").set_index("article_id")
    assert articles.loc["untitled", "title"] == "untitled"  # the first line is body text
    assert articles.loc["untitled", "text"].startswith("全市公安机关")
    (raw / "metadata.csv").write_text("file,title,body_start,my_code\nuntitled,改革纪实,全市,A1\n"
                                      "titled.txt,,,B2\n", encoding="utf-8")
    articles = corpus.load_articles(tmp_path / "corpus").set_index("article_id")
    assert articles.loc["untitled", "title"] == "改革纪实"
    assert articles.my_code.to_dict() == {"titled": "B2", "untitled": "A1"}
    assert articles.loc["titled", "title"] == "标题一"
