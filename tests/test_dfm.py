"""helpers.analysis.dfm: the documents × terms matrix, by hand and against the older counters."""

from __future__ import annotations

import shutil
import subprocess

import numpy as np
import pandas as pd
import pytest

from helpers.analysis import compare, count, dfm


@pytest.fixture
def tiny() -> pd.DataFrame:
    return pd.DataFrame({
        "article_id": ["a", "a", "b", "c"],
        "locality": ["X", "X", "Y", "X"],
        "paragraph_no": [1, 2, 1, 1],
        "tokens": [["警务", "改革"], ["改革", "改革", "派出所"], ["警务"], ["派出所", "警务"]],
    })


def test_build_counts_by_hand(tiny: pd.DataFrame) -> None:
    d = dfm.build(tiny)
    assert list(d.docs) == ["a", "b", "c"]
    assert list(d.terms) == sorted(["警务", "改革", "派出所"])
    frame = dfm.to_frame(d)
    assert frame.loc["a", "改革"] == 3 and frame.loc["a", "警务"] == 1
    assert frame.loc["b", "警务"] == 1 and frame.loc["b"].sum() == 1
    assert d.sizes().tolist() == [5, 1, 2]
    assert list(d.docvars.columns) == ["locality"], "paragraph_no varies within a, so no docvar"
    assert repr(d) == "DFM(3 documents × 3 terms)"


def test_group_trim_remove_frequencies(tiny: pd.DataFrame) -> None:
    d = dfm.build(tiny)
    by_place = dfm.group(d, "locality")
    assert list(by_place.docs) == ["X", "Y"]
    assert dfm.to_frame(by_place).loc["X"].to_dict() == {"派出所": 2, "改革": 3, "警务": 2}
    assert list(dfm.trim(d, min_docs=2).terms) == ["派出所", "警务"]
    assert list(dfm.trim(d, min_count=3).terms) == ["改革", "警务"]
    assert "改革" not in dfm.remove(d, ["改革"]).terms
    freq = dfm.frequencies(d)
    assert freq.iloc[0].to_dict() == {"term": "改革", "count": 3, "docfreq": 1, "rank": 1}
    with pytest.raises(KeyError, match="no document variable 'genre'"):
        dfm.group(d, "genre")


def test_tfidf_schemes_by_hand(tiny: pd.DataFrame) -> None:
    d = dfm.build(tiny)
    rank = dfm.tfidf(d, scheme="rank")
    # 改革: only in a (df = 1 of N = 3): tf = 3/5, idf = ln(4/2)
    assert rank.loc["a", "改革"] == pytest.approx(3 / 5 * np.log(4 / 2))
    # 警务 is in every document: idf = ln(4/4) = 0
    assert (rank["警务"] == 0).all()
    sim = dfm.tfidf(d, scheme="similarity")
    assert np.allclose((sim ** 2).sum(axis=1), 1.0)
    with pytest.raises(ValueError, match="scheme"):
        dfm.tfidf(d, scheme="bm25")


def test_write_read_round_trip(tiny: pd.DataFrame, tmp_path) -> None:
    d = dfm.build(tiny)
    folder = dfm.write(d, tmp_path / "export")
    assert sorted(p.name for p in folder.iterdir()) == ["counts.mtx", "dfm.json",
                                                        "docvars.csv", "terms.txt",
                                                        "vocabulary.csv"]
    back = dfm.read(folder)
    assert (back.counts != d.counts).nnz == 0
    assert list(back.terms) == list(d.terms)
    assert back.docvars.reset_index().astype(str).equals(d.docvars.reset_index().astype(str))


def _read_matrix_market(path) -> tuple[tuple[int, int], dict[tuple[int, int], int]]:
    """A reader of the Matrix Market coordinate format written from the specification
    (what R's Matrix::readMM parses): header, % comments, size line, 1-based entries."""
    lines = path.read_text(encoding="ascii").splitlines()
    assert lines[0] == "%%MatrixMarket matrix coordinate integer general"
    body = [line for line in lines[1:] if not line.startswith("%")]
    n_rows, n_cols, nnz = (int(x) for x in body[0].split())
    entries = {}
    for line in body[1:]:
        i, j, value = (int(x) for x in line.split())
        assert 1 <= i <= n_rows and 1 <= j <= n_cols  # 1-based
        entries[(i - 1, j - 1)] = value
    assert len(entries) == nnz
    return (n_rows, n_cols), entries


def test_export_is_readable_without_this_package(tmp_path) -> None:
    # what an R / quanteda / stm user reads: the matrix, the vocabulary CSV (a term with
    # a comma and a quote survives, and "NA" stays a term), the docvars CSV with the id
    # first; an empty document keeps its row.
    import csv

    tokens = pd.DataFrame({"article_id": ["a", "a", "b", "c"], "locality": ["X", "X", "Y", "Z"],
                           "tokens": [["警务", "改革"], ["改革", 'a,"b'], [], ["警务", "NA"]]})
    d = dfm.build(tokens)
    folder = dfm.write(d, tmp_path / "export")
    shape, entries = _read_matrix_market(folder / "counts.mtx")
    assert shape == d.shape
    dense = d.counts.toarray()
    assert entries == {(i, j): int(dense[i, j]) for i, j in zip(*dense.nonzero(), strict=True)}
    raw = (folder / "vocabulary.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\r" not in raw
    with (folder / "vocabulary.csv").open(encoding="utf-8", newline="") as handle:
        vocabulary = list(csv.DictReader(handle))
    assert [row["term"] for row in vocabulary] == list(d.terms) == ["NA", 'a,"b', "改革", "警务"]
    assert [(int(r["count"]), int(r["docfreq"])) for r in vocabulary] == [(1, 1), (1, 1), (2, 1),
                                                                          (2, 2)]
    with (folder / "docvars.csv").open(encoding="utf-8", newline="") as handle:
        docvars = list(csv.reader(handle))
    assert docvars == [["article_id", "locality"], ["a", "X"], ["b", "Y"], ["c", "Z"]]
    assert (folder / "terms.txt").read_text(encoding="utf-8").splitlines() == list(d.terms)
    back = dfm.read(folder)
    assert (back.counts != d.counts).nnz == 0 and list(back.terms) == list(d.terms)
    assert list(back.docs) == ["a", "b", "c"] and back.sizes().tolist() == [4, 0, 2]


@pytest.mark.skipif(shutil.which("Rscript") is None, reason="R is not installed")
def test_export_loads_in_r(tmp_path) -> None:
    # the R recipe of dfm.write's docstring, run: Matrix::readMM, the vocabulary (a term
    # with a comma and a quote, and "NA"), the docvars (id first), an empty document
    tokens = pd.DataFrame({"article_id": ["a", "a", "b", "c"], "locality": ["X", "X", "Y", "Z"],
                           "tokens": [["警务", "改革"], ["改革", 'a,"b'], [], ["警务", "NA"]]})
    d = dfm.build(tokens)
    folder = dfm.write(d, tmp_path / "export")
    script = """
        m <- as(Matrix::readMM("counts.mtx"), "CsparseMatrix")
        voc <- read.csv("vocabulary.csv", fileEncoding = "UTF-8", na.strings = character(0))
        dv <- read.csv("docvars.csv", fileEncoding = "UTF-8", colClasses = "character")
        dimnames(m) <- list(dv[[1]], voc$term)
        writeLines(c(paste(dim(m), collapse = " "), paste(Matrix::rowSums(m), collapse = " "),
                     paste(colnames(m), collapse = "|"), paste(names(dv), collapse = "|"),
                     paste(dv$locality, collapse = "|"), as.character(m["c", "NA"])),
                   "out.txt", useBytes = TRUE)
    """
    subprocess.run(["Rscript", "-e", script], cwd=folder, capture_output=True, text=True,
                   check=True)
    lines = (folder / "out.txt").read_text(encoding="utf-8").splitlines()
    assert lines == ["3 4", "4 0 2", 'NA|a,"b|改革|警务', "article_id|locality", "X|Y|Z", "1"]


def test_to_bow_matches_gensim(tiny: pd.DataFrame) -> None:
    from gensim.corpora import Dictionary

    d = dfm.build(tiny)
    dictionary = Dictionary([list(d.terms)])
    ids = {t: dictionary.token2id[t] for t in d.terms}
    bows = dfm.to_bow(d)
    for bow, doc in zip(bows, d.docs, strict=True):
        toks = [t for toks in tiny.loc[tiny.article_id == doc, "tokens"] for t in toks]
        expected = sorted(dictionary.doc2bow(toks))
        assert sorted((ids[d.terms[j]], c) for j, c in bow) == expected


def test_agrees_with_the_older_counters_on_the_bundled_corpus() -> None:
    from helpers.text import corpus, segment

    tokens = segment.tokenize_paragraphs(corpus.load_paragraphs())
    d = dfm.build(tokens)
    old = compare.doc_term_matrix(tokens)
    new = dfm.to_frame(d)
    assert new.shape == old.shape
    assert (new.to_numpy() == old.to_numpy()).all()
    by_tokens = dfm.build(count.group_tokens(tokens, "article_id"))
    assert (by_tokens.counts != d.counts).nnz == 0 and list(by_tokens.docs) == list(d.docs)
    assert compare.correspondence_analysis(d).inertia.equals(
        compare.correspondence_analysis(old).inertia)
