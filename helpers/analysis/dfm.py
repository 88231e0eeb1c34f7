"""The documents × terms matrix (dfm): one count table feeding every count-based method.

quanteda's lesson: build the counts once — ``tokens → dfm`` — then group, trim, weight
and compare that one object, instead of recounting token lists in every function.
A :class:`DFM` is a sparse matrix of counts (documents × terms), its vocabulary and a
table of document variables (every column of the input that is constant within a
document: locality, admin level, date, the user's own columns …).

=====================  ===================================================
call                   what it does (quanteda's name)
=====================  ===================================================
``build(tokens, by=)``  counts per document from a tokens table (``dfm``)
``group(d, by)``        sums documents sharing a docvar (``dfm_group``)
``trim(d, ...)``        keeps terms by count and document frequency (``dfm_trim``)
``remove(d, terms)``    drops terms, e.g. stopwords (``dfm_remove``)
``to_frame(d)``         dense documents × terms DataFrame (small corpora, display)
``frequencies(d)``      term, count, docfreq, rank (``textstat_frequency``)
``tfidf(d, scheme=)``   TF-IDF, the scheme named (``dfm_tfidf``)
``write(d, folder)``    Matrix Market + vocabulary + docvars, for R/stm/MALLET users
``read(folder)``        the inverse of ``write``
``to_bow(d)``           gensim bag-of-words, the input of the topic models
=====================  ===================================================

Inputs: a table with a ``tokens`` column (list of str per row, e.g. from
:func:`helpers.text.segment.tokenize_paragraphs`) and a document column. Outputs: DFM
objects and pandas objects. Deterministic: documents in order of first appearance,
terms sorted. Taught in notebooks/02_word_frequencies.ipynb (§ the document-term matrix).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import io as scipy_io
from scipy import sparse

__all__ = ["DFM", "build", "frequencies", "group", "read", "remove", "tfidf", "to_bow",
           "to_frame", "trim", "write"]

TFIDF_SCHEMES = ("rank", "similarity")


@dataclass(frozen=True)
class DFM:
    """Documents × terms counts with their vocabulary and document variables.

    ``counts``: CSR matrix of int64, one row per document; ``terms``: the columns'
    terms (sorted); ``docvars``: one row per document, indexed by document id, in the
    matrix's row order.
    """

    counts: sparse.csr_matrix
    terms: pd.Index
    docvars: pd.DataFrame

    @property
    def docs(self) -> pd.Index:
        """Document ids (the docvars' index)."""
        return self.docvars.index

    @property
    def shape(self) -> tuple[int, int]:
        return self.counts.shape

    def sizes(self) -> pd.Series:
        """Tokens per document (row sums), named ``n_tokens``."""
        return pd.Series(np.asarray(self.counts.sum(axis=1)).ravel(), index=self.docs,
                         name="n_tokens")

    def __repr__(self) -> str:  # short and stable: no memory addresses in outputs
        return f"DFM({self.shape[0]} documents × {self.shape[1]} terms)"


def _constant_columns(table: pd.DataFrame, by: str) -> pd.DataFrame:
    """Columns of ``table`` with one value per ``by`` group, first row of each group."""
    skip = {"tokens", "text", "n_tokens", by}
    keep = []
    grouped = table.groupby(by, sort=False, dropna=False)
    for column in table.columns:
        if column in skip:
            continue
        try:
            if (grouped[column].nunique(dropna=False) <= 1).all():
                keep.append(column)
        except TypeError:  # unhashable values (lists): not a document variable
            continue
    return grouped[keep].first() if keep else pd.DataFrame(index=grouped.size().index)


def build(tokens: pd.DataFrame, *, by: str = "article_id", column: str = "tokens") -> DFM:
    """Count the tokens of ``tokens[column]`` per value of ``tokens[by]``.

    Documents come in order of first appearance, terms sorted (code-point order).
    Document variables are the input's columns that are constant within a document.
    """
    if by not in tokens.columns:
        raise KeyError(f"dfm.build: no column {by!r} to define documents; columns are "
                       f"{list(tokens.columns)}")
    docs = list(dict.fromkeys(tokens[by]))
    row_of = {doc: i for i, doc in enumerate(docs)}
    vocab = sorted({t for toks in tokens[column] for t in toks})
    col_of = {t: j for j, t in enumerate(vocab)}
    rows, cols = [], []
    for doc, toks in zip(tokens[by], tokens[column], strict=True):
        rows.extend([row_of[doc]] * len(toks))
        cols.extend(col_of[t] for t in toks)
    data = np.ones(len(rows), dtype=np.int64)
    counts = sparse.csr_matrix((data, (rows, cols)), shape=(len(docs), len(vocab)),
                               dtype=np.int64)
    counts.sum_duplicates()
    docvars = _constant_columns(tokens, by).reindex(docs)
    docvars.index.name = by
    return DFM(counts, pd.Index(vocab, name="term"), docvars)


def group(d: DFM, by: str) -> DFM:
    """Sum the documents that share the value of docvar ``by`` (groups in first-seen order).

    The grouped docvars keep the columns that are constant within every group.
    """
    if by not in d.docvars.columns:
        raise KeyError(f"dfm.group: no document variable {by!r}; have "
                       f"{list(d.docvars.columns)}")
    labels = d.docvars[by].tolist()
    groups = list(dict.fromkeys(labels))
    index = {g: i for i, g in enumerate(groups)}
    indicator = sparse.csr_matrix(
        (np.ones(len(labels), dtype=np.int64), ([index[g] for g in labels], range(len(labels)))),
        shape=(len(groups), len(labels)))
    counts = (indicator @ d.counts).tocsr()
    docvars = _constant_columns(d.docvars.reset_index(drop=True), by).reindex(groups)
    docvars.index.name = by
    return DFM(counts, d.terms, docvars)


def trim(d: DFM, *, min_count: int = 1, min_docs: int = 1, max_docs: float | None = None
         ) -> DFM:
    """Keep terms seen ≥ ``min_count`` times in all, in ≥ ``min_docs`` documents and (if
    given) in at most ``max_docs`` documents (a share when < 1)."""
    total = np.asarray(d.counts.sum(axis=0)).ravel()
    docfreq = np.asarray((d.counts > 0).sum(axis=0)).ravel()
    keep = (total >= min_count) & (docfreq >= min_docs)
    if max_docs is not None:
        limit = max_docs * d.shape[0] if max_docs < 1 else max_docs
        keep &= docfreq <= limit
    return DFM(d.counts[:, keep].tocsr(), d.terms[keep], d.docvars)


def remove(d: DFM, terms: Iterable[str]) -> DFM:
    """Drop ``terms`` (e.g. a stopword list) from the vocabulary."""
    drop = frozenset(terms)
    keep = np.array([t not in drop for t in d.terms], dtype=bool)
    return DFM(d.counts[:, keep].tocsr(), d.terms[keep], d.docvars)


def to_frame(d: DFM) -> pd.DataFrame:
    """Dense documents × terms DataFrame of counts (index: documents; columns: terms)."""
    return pd.DataFrame(d.counts.toarray(), index=d.docs, columns=d.terms)


def frequencies(d: DFM, *, n: int | None = None) -> pd.DataFrame:
    """One row per term: ``term, count, docfreq, rank`` (1 = most frequent; ties by term)."""
    total = np.asarray(d.counts.sum(axis=0)).ravel()
    docfreq = np.asarray((d.counts > 0).sum(axis=0)).ravel()
    table = pd.DataFrame({"term": d.terms, "count": total, "docfreq": docfreq})
    table = table.sort_values(["count", "term"], ascending=[False, True], kind="mergesort")
    table["rank"] = np.arange(1, len(table) + 1)
    table = table.reset_index(drop=True)
    return table if n is None else table.head(n)


def tfidf(d: DFM, *, scheme: str = "rank") -> pd.DataFrame:
    """TF-IDF weights as a dense documents × terms DataFrame; the scheme is named.

    ``"rank"`` — ranks distinctive terms within a document (notebook 02):
    ``tf = count / n_tokens``, ``idf = ln((1 + N) / (1 + df))``, so a term in every
    document scores 0. ``"similarity"`` — vectors for cosine similarity (notebook 04):
    ``tf = count``, ``idf = ln((1 + N) / (1 + df)) + 1`` (scikit-learn's smoothed idf, so
    shared vocabulary keeps weight), each row scaled to unit length.
    """
    if scheme not in TFIDF_SCHEMES:
        raise ValueError(f"dfm.tfidf: scheme must be one of {TFIDF_SCHEMES}, not {scheme!r}")
    counts = d.counts.toarray().astype(float)
    n_docs = counts.shape[0]
    docfreq = (counts > 0).sum(axis=0)
    idf = np.log((1 + n_docs) / (1 + docfreq))
    if scheme == "rank":
        sizes = counts.sum(axis=1, keepdims=True)
        weights = np.divide(counts, sizes, out=np.zeros_like(counts), where=sizes > 0) * idf
    else:
        weights = counts * (idf + 1)
        norms = np.sqrt((weights ** 2).sum(axis=1, keepdims=True))
        weights = np.divide(weights, norms, out=np.zeros_like(weights), where=norms > 0)
    return pd.DataFrame(weights, index=d.docs, columns=d.terms)


def write(d: DFM, folder: str | Path) -> Path:
    """Write ``counts.mtx`` (Matrix Market, documents × terms), ``terms.txt`` (one term per
    line, UTF-8) and ``docvars.csv`` (document id first) into ``folder``; return it.

    R: ``Matrix::readMM("counts.mtx")`` with ``readLines("terms.txt", encoding="UTF-8")``
    as column names and ``read.csv("docvars.csv")`` as quanteda docvars or stm
    ``meta``; Python: :func:`read`.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    scipy_io.mmwrite(folder / "counts.mtx", d.counts.tocoo(), field="integer",
                     comment="documents x terms counts; rows: docvars.csv, columns: terms.txt")
    (folder / "terms.txt").write_text("".join(f"{t}\n" for t in d.terms), encoding="utf-8")
    d.docvars.reset_index().to_csv(folder / "docvars.csv", index=False, encoding="utf-8",
                                   lineterminator="\n")
    meta = {"documents": int(d.shape[0]), "terms": int(d.shape[1]),
            "document_id": d.docvars.index.name}
    (folder / "dfm.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return folder


def read(folder: str | Path) -> DFM:
    """Read a folder written by :func:`write`."""
    folder = Path(folder)
    meta = json.loads((folder / "dfm.json").read_text(encoding="utf-8"))
    counts = sparse.csr_matrix(scipy_io.mmread(folder / "counts.mtx")).astype(np.int64)
    terms = pd.Index((folder / "terms.txt").read_text(encoding="utf-8").splitlines(),
                     name="term")
    docvars = pd.read_csv(folder / "docvars.csv", encoding="utf-8", keep_default_na=False,
                          dtype=str).set_index(meta["document_id"])
    return DFM(counts, terms, docvars)


def to_bow(d: DFM) -> list[list[tuple[int, int]]]:
    """gensim bag-of-words, one list of ``(term index, count)`` per document; the term
    index is the column of ``d.terms`` (use ``dict(enumerate(d.terms))`` as id2word)."""
    bows = []
    for i in range(d.shape[0]):
        row = d.counts.getrow(i)
        bows.append([(int(j), int(c)) for j, c in sorted(zip(row.indices, row.data,
                                                               strict=True))])
    return bows
