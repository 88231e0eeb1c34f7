"""User dictionaries and stopword lists: every accepted form, honoured by tokenisation,
term matching and the token cache; the bundled lexicon stays the default."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from helpers.errors import CorpusError
from helpers.paths import cache_dir
from helpers.text import lexicon, segment

TEXT = "我市深化蓝盾云脑建设，推进“一格一警长”全覆盖，坚持和发展新时代枫桥经验"
USER_TERMS = {"蓝盾云脑": "digital policing", "一格一警长": "staffing"}


def long_csv(path: Path) -> Path:
    path.write_text("term,theme,gloss,variants\n蓝盾云脑,digital policing,smart policing,"
                    "蓝盾 云脑\n一格一警长,staffing,one auxiliary officer per village,"
                    "“一格一警长”\n", encoding="utf-8")
    return path


def test_read_dictionary_long_csv_has_the_lexicon_columns(tmp_path: Path) -> None:
    table = lexicon.read_dictionary(long_csv(tmp_path / "mine.csv"))
    assert list(table.columns) == list(lexicon.LEXICON_COLUMNS)
    assert dict(zip(table.term, table.theme, strict=True)) == USER_TERMS
    row = table.set_index("term").loc["蓝盾云脑"]
    assert row.gloss == "smart policing" and row.theme_zh == "digital policing"
    assert row.variants == () and row.kind == "concept" and bool(row.scored)


@pytest.mark.parametrize("form", ["yaml", "cntext_yaml", "wide_csv", "theme_terms_csv",
                                  "frame", "dict", "gbk_csv"])
def test_every_dictionary_form_gives_the_same_terms(tmp_path: Path, form: str) -> None:
    if form == "yaml":
        source: object = tmp_path / "d.yml"
        source.write_text("digital policing:\n  - 蓝盾云脑\nstaffing: [一格一警长]\n",
                          encoding="utf-8")
    elif form == "cntext_yaml":
        source = tmp_path / "d.yaml"
        source.write_text("Name: mine\nDesc: test\nCategory: [digital policing, staffing]\n"
                          "Dictionary:\n  digital policing: [蓝盾云脑]\n  staffing: [一格一警长]\n",
                          encoding="utf-8")
    elif form == "wide_csv":
        source = tmp_path / "d.csv"
        source.write_text("digital policing,staffing\n蓝盾云脑,一格一警长\n", encoding="utf-8")
    elif form == "theme_terms_csv":
        source = tmp_path / "d.csv"
        source.write_text("theme,terms\ndigital policing,蓝盾云脑\nstaffing,一格一警长\n",
                          encoding="utf-8")
    elif form == "frame":
        source = pd.DataFrame({"term": list(USER_TERMS), "theme": list(USER_TERMS.values())})
    elif form == "dict":
        source = {"digital policing": ["蓝盾云脑"], "staffing": ["一格一警长"]}
    else:  # a CSV saved by Excel on Chinese Windows
        source = tmp_path / "d.csv"
        source.write_bytes("term,theme\n蓝盾云脑,digital policing\n一格一警长,staffing\n"
                           .encode("gbk"))
    table = lexicon.read_dictionary(source)  # type: ignore[arg-type]
    assert dict(zip(table.term, table.theme, strict=True)) == USER_TERMS
    tokens = segment.tokenize(TEXT, lexicon=source, stopwords=False)  # type: ignore[arg-type]
    assert {"蓝盾云脑", "一格一警长"} <= set(tokens)


def test_bundled_lexicon_round_trips_and_load_lexicon_accepts_a_frame() -> None:
    bundled = lexicon.load_lexicon()
    assert lexicon.read_dictionary(bundled).equals(bundled)
    assert lexicon.load_lexicon(bundled).equals(bundled)


def test_user_lexicon_replaces_the_bundled_one(tmp_path: Path) -> None:
    mine = long_csv(tmp_path / "mine.csv")
    assert not set(USER_TERMS) & set(lexicon.load_lexicon().term)
    default = segment.tokenize(TEXT, stopwords=False)
    assert "蓝盾云脑" not in default and "枫桥经验" in default  # a bundled term
    user = segment.tokenize(TEXT, lexicon=mine, stopwords=False)
    assert "蓝盾云脑" in user and "一格一警长" in user and "枫桥经验" not in user
    assert segment.tokenize("推进蓝盾 云脑", lexicon=mine, stopwords=False)[-1] == "蓝盾云脑"
    found = [term for _, term in segment.term_occurrences(TEXT, lexicon=mine)]
    assert found == ["蓝盾云脑", "一格一警长"]


def test_terms_with_punctuation_become_variants() -> None:
    table = lexicon.read_dictionary({"names": ["阿不都·热合曼"]})
    assert table.term.tolist() == ["阿不都热合曼"] and table.variants[0] == ("阿不都·热合曼",)
    assert "阿不都热合曼" in segment.tokenize("民警阿不都·热合曼说", lexicon=table)


def test_a_term_under_two_themes_is_reported_with_all_others(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_text("term,theme\n蓝盾云脑,a\n蓝盾云脑,b\n一格一警长,a\n一格一警长,c\n",
                    encoding="utf-8")
    with pytest.raises(CorpusError, match=r"(?s)2 problems.*row 3: term '蓝盾云脑' is under two "
                                          r"themes.*row 5: term '一格一警长'"):
        lexicon.read_dictionary(path)
    with pytest.raises(CorpusError, match="dictionary file not found"):
        lexicon.read_dictionary(tmp_path / "missing.csv")
    (tmp_path / "t.csv").write_text("term\n蓝盾云脑\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"no theme column.*Fix: add a column theme"):
        lexicon.read_dictionary(tmp_path / "t.csv")


@pytest.mark.parametrize("spec", [["我市", "建设"], {"我市", "建设"}, "file", "path"])
def test_user_stopwords_list_set_or_file(tmp_path: Path, spec: object) -> None:
    if spec in ("file", "path"):
        path = tmp_path / "stop.txt"
        path.write_bytes("# my stopwords\n我市\n建设  # comment\n".encode("gbk"))
        spec = str(path) if spec == "file" else path
    tokens = segment.tokenize(TEXT, stopwords=spec)  # type: ignore[arg-type]
    assert "我市" not in tokens and "建设" not in tokens
    assert "坚持" in tokens  # the bundled boilerplate list is not applied


def test_bundled_names_combine_with_user_words() -> None:
    tokens = segment.tokenize(TEXT, stopwords=["boilerplate", "我市"])
    assert "我市" not in tokens and "坚持" not in tokens and "和" in tokens
    with pytest.raises(ValueError, match="unknown stopword list"):
        segment.tokenize(TEXT, stopwords="nonsense")
    with pytest.raises(CorpusError, match="stopword file not found"):
        segment.tokenize(TEXT, stopwords=Path("no/such/file.txt"))


def test_cache_keys_cover_user_lexicon_and_stopword_content(tmp_path: Path) -> None:
    paragraphs = pd.DataFrame({"text": [TEXT, "蓝盾云脑平台上线"]})
    mine = long_csv(tmp_path / "mine.csv")
    stop = tmp_path / "stop.txt"
    stop.write_text("我市\n", encoding="utf-8")
    first = segment.tokenize_paragraphs(paragraphs, lexicon=mine, stopwords=stop)
    assert "蓝盾云脑" in first.tokens[0] and "我市" not in first.tokens[0]
    assert first.tokens[0] == segment.tokenize(TEXT, lexicon=mine, stopwords=stop)
    n_entries = len(list((cache_dir() / "tokens").glob("*.json")))
    stop.write_text("我市\n推进\n", encoding="utf-8")  # same path, new content: new key
    second = segment.tokenize_paragraphs(paragraphs, lexicon=mine, stopwords=stop)
    assert "推进" in first.tokens[0] and "推进" not in second.tokens[0]
    mine.write_text("term,theme\n平台上线,x\n", encoding="utf-8")
    third = segment.tokenize_paragraphs(paragraphs, lexicon=mine, stopwords=stop)
    assert "平台上线" in third.tokens[1] and "蓝盾云脑" not in third.tokens[0]
    frame = pd.DataFrame({"term": ["蓝盾云脑"], "theme": ["x"]})
    fourth = segment.tokenize_paragraphs(paragraphs, lexicon=frame, stopwords=["我市"])
    assert "蓝盾云脑" in fourth.tokens[0]
    assert len(list((cache_dir() / "tokens").glob("*.json"))) == n_entries + 3


def test_the_bundled_lexicon_is_not_read_at_import() -> None:
    code = ("import helpers.text.lexicon as lx, helpers.text.segment, helpers.text.corpus, helpers.text.clean\n"
            "assert not lx._CACHE, 'lexicon read at import'\nprint('ok')")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False)
    assert done.stdout.strip() == "ok", done.stderr
