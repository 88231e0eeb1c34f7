"""Token KWIC (helpers.analysis.patterns) against quanteda's own kwic test cases."""

from __future__ import annotations

import string

import pandas as pd
import pytest

from helpers.analysis import patterns

LETTERS = [list(string.ascii_uppercase)]  # quanteda: tokens(paste(LETTERS, collapse = " "))


def row(table: pd.DataFrame) -> dict[str, object]:
    return table.drop(columns="pattern").iloc[0].to_dict()


def test_quanteda_kwic_general() -> None:
    assert row(patterns.kwic(LETTERS, "D")) == {"doc": "text1", "from": 4, "to": 4,
                                                "pre": "A B C", "keyword": "D",
                                                "post": "E F G H I"}
    assert row(patterns.kwic(LETTERS, "D", window=2)) == {"doc": "text1", "from": 4, "to": 4,
                                                          "pre": "B C", "keyword": "D",
                                                          "post": "E F"}
    assert row(patterns.kwic(LETTERS, "D", window=2, sep="_"))["pre"] == "B_C"
    assert row(patterns.kwic(LETTERS, "D", sep=""))["post"] == "EFGHI"


def test_quanteda_first_last_and_phrase() -> None:
    first = row(patterns.kwic(LETTERS, "A"))
    assert (first["from"], first["pre"], first["post"]) == (1, "", "B C D E F")
    last = row(patterns.kwic(LETTERS, "Z"))
    assert (last["from"], last["pre"], last["post"]) == (26, "U V W X Y", "")
    two = row(patterns.kwic(LETTERS, "D E"))  # quanteda: kwic(toks, phrase("D E"))
    assert (two["from"], two["to"], two["keyword"], two["post"]) == (4, 5, "D E", "F G H I J")


def test_regex_glob_and_several_patterns() -> None:
    toks = {"d1": ["社区", "民警", "走访", "社区", "警务", "室"]}
    regex = patterns.kwic(toks, "警", valuetype="regex", window=1)
    assert regex[["from", "keyword", "pre", "post"]].values.tolist() == [
        [2, "民警", "社区", "走访"], [5, "警务", "社区", "室"]]
    glob = patterns.kwic(toks, "社*", valuetype="glob", window=0)
    assert glob["from"].tolist() == [1, 4]
    multi = patterns.kwic(toks, ["社区 民警", "社区 警务"], window=1)
    assert multi[["from", "to", "pattern"]].values.tolist() == [
        [1, 2, "社区 民警"], [4, 5, "社区 警务"]]
    with pytest.raises(ValueError):
        patterns.kwic(toks, "x", valuetype="bad")


def test_kwic_text_spans_tokens_and_positions() -> None:
    toks = {"d1": ["坚持", "两个", "确立", "和", "两个", "维护"], "d2": ["其他"]}
    hits = patterns.kwic_text(toks, "两个..", window=1)
    assert hits[["from", "to", "keyword", "match", "pre"]].values.tolist() == [
        [2, 3, "两个 确立", "两个确立", "坚持"], [5, 6, "两个 维护", "两个维护", "和"]]
    table = pd.DataFrame({"article_id": ["d1", "d1"], "tokens": [["a", "b"], ["c", "a"]]})
    pos = patterns.positions(table, ["a", "c", "zzz"])
    assert pos["from"].tolist() == [1, 3, 4]
    assert pos.relative.tolist() == [0.0, 0.5, 0.75]
    assert list(pos.pattern.cat.categories) == ["a", "c", "zzz"]
