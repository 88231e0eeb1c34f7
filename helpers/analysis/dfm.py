"""The documents × terms matrix (dfm): one count table feeding every count-based method.

quanteda's lesson: build the counts once — ``tokens → dfm`` — then group, trim, weight
and compare that one object, instead of recounting token lists in every function.
A :class:`DFM` is a sparse matrix of counts (documents × terms), its vocabulary and a
table of document variables (every column of the input that is constant within a
document: locality, admin level, date, the user's own columns …).

=========================  ===========================================================
call                       what it does (quanteda's name)
=========================  ===========================================================
``build(tokens, by=)``     counts per document from a tokens table (``dfm``)
``from_frame(table)``      a documents × terms table of counts as a DFM (``as.dfm``)
``group(d, by)``           sums documents sharing a docvar (``dfm_group``)
``trim(d, ...)``           keeps terms by count and document frequency (``dfm_trim``)
``docfreq(d)``             documents containing each term (``docfreq``)
``remove(d, terms)``       drops terms, e.g. stopwords (``dfm_remove``)
``to_frame(d)``            dense documents × terms DataFrame (small corpora, display)
``frequencies(d)``         term, count, docfreq, rank (``textstat_frequency``)
``tfidf(d, scheme=)``      TF-IDF, the scheme named (``dfm_tfidf``)
``idf``, ``tfidf_matrix``  its idf vector; its sparse form
``write(d, folder)``       Matrix Market + vocabulary + docvars CSV, for R / stm users
``read(folder)``           the inverse of ``write``
``to_bow(d)``              gensim bag-of-words (the form topic models read)
=========================  ===========================================================

Inputs: a table with a ``tokens`` column (list of str per row, e.g. from
:func:`helpers.text.segment.tokenize_paragraphs`) and a document column, or a mapping
document → token list (e.g. :func:`helpers.analysis.count.group_tokens`). Outputs: DFM
objects and pandas objects. Deterministic: documents in order of first appearance,
terms sorted.

Taught in notebook 02 (§1 the matrix, its frequencies and groups; §2 TF-IDF, the
``"rank"`` scheme; §4 dispersion) and notebook 04 (§3 similarity with the
``"similarity"`` scheme, CA of the trimmed matrix). Built on it:
:func:`helpers.analysis.count.term_frequencies` and ``count.dispersion`` (notebook 02,
§1, §4); :func:`helpers.analysis.compare.keyness_dfm` and ``keyness_by_group`` (notebook
04, §2), ``compare.doc_term_matrix`` (notebook 06), ``clade_support``,
``correspondence_analysis`` and ``ca_axis_stability`` (notebook 04, §3).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import io as scipy_io
from scipy import sparse

__all__ = ["DFM", "TFIDF_SCHEMES", "build", "docfreq", "frequencies", "from_frame", "group",
           "idf", "read", "remove", "term_filter", "tfidf", "tfidf_matrix", "to_bow",
           "to_frame", "trim", "write"]

#: The TF-IDF schemes of :func:`tfidf` (see there).
TFIDF_SCHEMES = ("rank", "similarity")


@dataclass(frozen=True)
class DFM:
    """Documents × terms counts with their vocabulary and document variables.

    ``counts``: CSR matrix of int64, one row per document; ``terms``: the columns'
    terms (sorted); ``docvars``: one row per document, indexed by document id, in the
    matrix's row order. Made by :func:`build`, :func:`group`, :func:`trim`,
    :func:`from_frame` or :func:`read`; never edited in place (frozen).
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


def _from_mapping(docs: Mapping[object, Iterable[str]] | pd.Series) -> DFM:
    """A DFM of document → token list (documents in the mapping's order, no docvars)."""
    docs = pd.Series(docs, dtype=object)
    name = docs.index.name or "doc"
    table = pd.DataFrame({name: list(docs.index), "tokens": list(docs.to_numpy())})
    return build(table, by=name)


def build(tokens: pd.DataFrame | Mapping[object, Iterable[str]] | pd.Series, *,
          by: str = "article_id", column: str = "tokens") -> DFM:
    """Count the tokens of ``tokens[column]`` per value of ``tokens[by]``.

    ``tokens``: a table with one row per paragraph (or any unit) and columns ``by`` and
    ``column`` (list of str), or a mapping / Series document → token list (then ``by``
    and ``column`` are not used, documents keep the mapping's order and the docvars are
    empty). Documents come in order of first appearance (a document with no tokens
    keeps its empty row), terms sorted (code-point order). Document variables are the
    input's columns that are constant within a document. Output: a :class:`DFM`.
    Behind notebook 02, §1 (``count.term_frequencies``) and notebook 04, §2–3
    (``compare.keyness_by_group``, ``compare.doc_term_matrix``).
    """
    if not isinstance(tokens, pd.DataFrame):
        return _from_mapping(tokens)
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
    docvars = _constant_columns(tokens, by).reindex(pd.Index(docs, name=by))
    docvars.index.name = by
    return DFM(counts, pd.Index(vocab, name="term"), docvars)


def from_frame(table: pd.DataFrame, docvars: pd.DataFrame | None = None) -> DFM:
    """A documents × terms table of counts (index: documents, columns: terms) as a DFM.

    The inverse of :func:`to_frame`; ``docvars`` (indexed like ``table``) are optional.
    Output: a :class:`DFM` with the table's row and column order. Raises
    ``ValueError`` for counts that are not non-negative integers (e.g. a table of
    :func:`helpers.analysis.compare.doc_term_matrix`, to weight or export it).
    """
    values = table.to_numpy()
    if values.size and not (np.issubdtype(values.dtype, np.number)
                            and (values >= 0).all() and (values == np.round(values)).all()):
        raise ValueError("dfm.from_frame: the table must hold counts (non-negative integers)")
    index = table.index
    extra = (pd.DataFrame(index=index) if docvars is None else docvars.reindex(index))
    return DFM(sparse.csr_matrix(values.astype(np.int64)), pd.Index(table.columns),
               extra)


def group(d: DFM, by: str) -> DFM:
    """Sum the documents that share the value of docvar ``by`` (groups in first-seen order).

    Input: a DFM with docvar ``by``. Output: a DFM with one row per group (index named
    ``by``); the grouped docvars keep the columns that are constant within every group.
    Raises ``KeyError`` naming the docvars when ``by`` is not one. Behind
    ``compare.keyness_by_group`` (notebook 04, §2).
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


def docfreq(d: DFM) -> np.ndarray:
    """The number of documents containing each term (an int array in column order of
    ``d.terms``): the df of :func:`idf`, ``n_articles`` of ``compare.keyness_by_group``."""
    return np.asarray((d.counts > 0).sum(axis=0)).ravel()


def term_filter(counts: sparse.spmatrix | np.ndarray, *, min_count: int = 1,
                min_docs: int = 1, max_docs: float | None = None) -> np.ndarray:
    """Boolean mask of the columns of a documents × terms ``counts`` (sparse or dense)
    that :func:`trim` keeps: total ≥ ``min_count``, in ≥ ``min_docs`` documents and (if
    given) in at most ``max_docs`` documents (a share of the documents when < 1)."""
    total = np.asarray(counts.sum(axis=0)).ravel()
    present = np.asarray((counts > 0).sum(axis=0)).ravel()
    keep = (total >= min_count) & (present >= min_docs)
    if max_docs is not None:
        limit = max_docs * counts.shape[0] if max_docs < 1 else max_docs
        keep &= present <= limit
    return keep


def trim(d: DFM, *, min_count: int = 1, min_docs: int = 1, max_docs: float | None = None
         ) -> DFM:
    """Keep terms seen ≥ ``min_count`` times in all, in ≥ ``min_docs`` documents and (if
    given) in at most ``max_docs`` documents (a share when < 1); see :func:`term_filter`.
    Taught in notebook 04, §3 (the terms of the similarity and CA maps)."""
    keep = term_filter(d.counts, min_count=min_count, min_docs=min_docs, max_docs=max_docs)
    return DFM(d.counts[:, keep].tocsr(), d.terms[keep], d.docvars)


def remove(d: DFM, terms: Iterable[str]) -> DFM:
    """Drop ``terms`` (e.g. a stopword list) from the vocabulary; document sizes shrink
    with them (use ``exclude=`` of ``count.term_frequencies`` to keep the sizes)."""
    drop = frozenset(terms)
    keep = np.array([t not in drop for t in d.terms], dtype=bool)
    return DFM(d.counts[:, keep].tocsr(), d.terms[keep], d.docvars)


def to_frame(d: DFM) -> pd.DataFrame:
    """Dense documents × terms DataFrame of int64 counts (index: ``d.docs``; columns:
    ``d.terms``): what ``compare.doc_term_matrix`` returns (notebook 04, §3)."""
    return pd.DataFrame(d.counts.toarray(), index=d.docs, columns=d.terms)


def frequencies(d: DFM, *, n: int | None = None) -> pd.DataFrame:
    """One row per term over the whole corpus: ``term, count, docfreq, rank`` (1 = most
    frequent; ties by term); ``n`` keeps the first n rows. The per-document form is
    ``count.term_frequencies`` (notebook 02, §1)."""
    total = np.asarray(d.counts.sum(axis=0)).ravel()
    docfreq = np.asarray((d.counts > 0).sum(axis=0)).ravel()
    table = pd.DataFrame({"term": d.terms, "count": total, "docfreq": docfreq})
    table = table.sort_values(["count", "term"], ascending=[False, True], kind="mergesort")
    table["rank"] = np.arange(1, len(table) + 1)
    table = table.reset_index(drop=True)
    return table if n is None else table.head(n)


def idf(docfreq: np.ndarray, n_docs: int, *, scheme: str = "rank") -> np.ndarray:
    """Inverse document frequency of each term for a TF-IDF ``scheme`` (see :func:`tfidf`).

    ``"rank"``: ln((1 + N) / (1 + df)); ``"similarity"``: the same + 1. ``docfreq`` is
    the documents containing each term, ``n_docs`` = N. The logarithm is Python's
    ``math.log`` in the rank scheme and numpy's ``np.log`` in the similarity scheme: the
    two functions these schemes replaced (``count.tfidf`` and ``compare.tfidf``, removed
    once nothing called them) took them so, and the two differ in the last bit for a few arguments (about 0.3 % of
    (1 + N)/(1 + df) values on an AVX-512 machine), so each scheme keeps its
    function's numbers bit for bit.
    """
    _check_scheme(scheme)
    docfreq = np.asarray(docfreq)
    if scheme == "rank":
        logs = {int(df): math.log((1 + n_docs) / (1 + int(df))) for df in np.unique(docfreq)}
        return np.array([logs[int(df)] for df in docfreq], dtype=float)
    return np.log((1 + n_docs) / (1 + docfreq)) + 1


def _check_scheme(scheme: str) -> None:
    if scheme not in TFIDF_SCHEMES:
        raise ValueError(f"dfm.tfidf: scheme must be one of {TFIDF_SCHEMES}, not {scheme!r}")


def tfidf_matrix(d: DFM, *, scheme: str = "rank") -> sparse.csr_matrix:
    """The TF-IDF weights of :func:`tfidf` as a sparse CSR matrix of floats (documents ×
    terms, the zeros of ``d`` stay zeros): the form for corpora too large for a dense
    table. :func:`tfidf` is its dense form."""
    _check_scheme(scheme)
    counts = d.counts.tocsr().astype(float)
    counts.sort_indices()
    weights = idf(docfreq(d), d.shape[0], scheme=scheme)
    out = counts.copy()
    if scheme == "rank":
        sizes = np.asarray(d.counts.sum(axis=1)).ravel()
        row = np.repeat(np.arange(d.shape[0]), np.diff(counts.indptr))
        out.data = counts.data / sizes[row] * weights[counts.indices]
        return out
    out.data = counts.data * weights[counts.indices]
    for i in range(out.shape[0]):  # row norms summed term by term, left to right
        start, end = out.indptr[i], out.indptr[i + 1]
        total = 0.0
        for value in out.data[start:end].tolist():
            total += value * value
        if total > 0:
            out.data[start:end] = out.data[start:end] / np.sqrt(total)
    return out


def tfidf(d: DFM, *, scheme: str = "rank") -> pd.DataFrame:
    """TF-IDF weights as a dense documents × terms DataFrame; the scheme is named.

    For a term t in document d of N documents, df(t) the documents containing t:

    * ``"rank"`` — ranks distinctive terms within a document (notebook 02, §2, which
      ranks the non-zero cells; formerly ``count.tfidf``):
      ``tf = count / n_tokens``, ``idf = ln((1 + N) / (1 + df))``, so a term in every
      document scores 0; no vector normalisation.
    * ``"similarity"`` — vectors for cosine similarity (notebook 04, §3; formerly
      ``compare.tfidf``; ``compare.clade_support`` uses it): ``tf = count``,
      ``idf = ln((1 + N) / (1 + df)) + 1`` (scikit-learn's smoothed idf, so shared
      vocabulary keeps weight), each row divided by its Euclidean norm (the norm summed
      term by term in column order; an empty row stays 0).

    Input: a DFM. Output: documents × terms floats (index: ``d.docs``; columns:
    ``d.terms``). Both schemes reproduce the functions they replaced bit for bit
    (tests/test_dfm_schemes.py keeps those formulas as the reference).
    """
    weights = tfidf_matrix(d, scheme=scheme)
    return pd.DataFrame(weights.toarray(), index=d.docs, columns=d.terms)


def write(d: DFM, folder: str | Path) -> Path:
    """Export ``d`` for R (Matrix, quanteda, stm), MALLET-style tools and Python; return
    ``folder``.

    Files, all UTF-8 without byte-order mark and with ``\\n`` line ends:

    * ``counts.mtx`` — Matrix Market coordinate, ``integer general``, documents × terms
      (1-based indices, as ``Matrix::readMM`` and ``scipy.io.mmread`` expect);
    * ``vocabulary.csv`` — ``term, count, docfreq``, one row per matrix column in order;
    * ``terms.txt`` — the same terms, one per line (for ``readLines``);
    * ``docvars.csv`` — the document id (first column, named as in ``d.docvars``) and
      the document variables, one row per matrix row in order;
    * ``dfm.json`` — shape and the name of the id column, for :func:`read`.

    R::

        m <- as(Matrix::readMM("counts.mtx"), "CsparseMatrix")
        voc <- read.csv("vocabulary.csv", fileEncoding = "UTF-8",
                        na.strings = character(0))  # a term "NA" stays a term
        dv <- read.csv("docvars.csv", fileEncoding = "UTF-8", colClasses = "character")
        dimnames(m) <- list(dv[[1]], voc$term)
        x <- quanteda::as.dfm(m); quanteda::docvars(x) <- dv[-1]
        # stm: stm::readCorpus(m, type = "Matrix") and meta = dv

    MALLET imports documents as token sequences, not a count matrix: give it the
    token lists the DFM was built from (one line per document) and use
    ``vocabulary.csv`` to check its vocabulary. Python: :func:`read`. Tested
    (tests/test_dfm.py): the round trip, the files read by a reader written from the
    Matrix Market specification, and the R lines up to ``dimnames`` run in R with
    Matrix::readMM (skipped where R is absent; the quanteda and stm calls are not run
    there). No notebook exports yet.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    scipy_io.mmwrite(folder / "counts.mtx", d.counts.tocoo(), field="integer",
                     symmetry="general",
                     comment="documents x terms counts; rows: docvars.csv, columns: "
                             "vocabulary.csv")
    (folder / "terms.txt").write_text("".join(f"{t}\n" for t in d.terms), encoding="utf-8")
    vocabulary = pd.DataFrame({"term": list(d.terms),
                               "count": np.asarray(d.counts.sum(axis=0)).ravel(),
                               "docfreq": docfreq(d)})
    vocabulary.to_csv(folder / "vocabulary.csv", index=False, encoding="utf-8",
                      lineterminator="\n")
    docvars = d.docvars.copy()
    docvars.index.name = docvars.index.name or "doc"
    docvars.reset_index().to_csv(folder / "docvars.csv", index=False, encoding="utf-8",
                                 lineterminator="\n")
    meta = {"documents": int(d.shape[0]), "terms": int(d.shape[1]),
            "document_id": docvars.index.name}
    (folder / "dfm.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return folder


def read(folder: str | Path) -> DFM:
    """Read a folder written by :func:`write` (counts.mtx, vocabulary.csv, docvars.csv,
    dfm.json) back into a :class:`DFM`; docvars come back as strings."""
    folder = Path(folder)
    meta = json.loads((folder / "dfm.json").read_text(encoding="utf-8"))
    counts = sparse.csr_matrix(scipy_io.mmread(folder / "counts.mtx")).astype(np.int64)
    vocabulary = pd.read_csv(folder / "vocabulary.csv", encoding="utf-8",
                             keep_default_na=False, dtype={"term": str})
    terms = pd.Index(vocabulary["term"].tolist(), name="term")
    docvars = pd.read_csv(folder / "docvars.csv", encoding="utf-8", keep_default_na=False,
                          dtype=str).set_index(meta["document_id"])
    return DFM(counts, terms, docvars)


def to_bow(d: DFM) -> list[list[tuple[int, int]]]:
    """gensim bag-of-words, one list of ``(term index, count)`` per document; the term
    index is the column of ``d.terms`` (use ``dict(enumerate(d.terms))`` as id2word).
    The same pairs as gensim's ``Dictionary.doc2bow`` up to the ids (tested)."""
    bows = []
    for i in range(d.shape[0]):
        row = d.counts.getrow(i)
        bows.append([(int(j), int(c)) for j, c in sorted(zip(row.indices, row.data,
                                                               strict=True))])
    return bows
