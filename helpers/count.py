"""Counting tokens and finding terms in context.

Pure functions over the tables of :mod:`helpers.corpus` and :mod:`helpers.segment`:
counts and rates per group, what stopword lists remove, TF-IDF, positions and
dispersion of terms, rank–frequency (Zipf) fits, keyword in context. Collocations
are in :mod:`helpers.collocations`, figures in :mod:`helpers.plot_words`.
Taught in ``notebooks/01_segmentation.ipynb`` (stopwords) and
``notebooks/02_word_frequencies.ipynb``.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable

import numpy as np
import pandas as pd

from helpers.segment import load_stopwords, prepare


def count_terms(token_lists: Iterable[Iterable[str]]) -> pd.Series:
    """Token → count over all lists, sorted by count (descending) then token.

    The tie-break on the token makes the order reproducible.
    """
    counts = Counter(token for tokens in token_lists for token in tokens)
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return pd.Series(dict(ordered), name="count", dtype="int64").rename_axis("term")


def kwic(paragraphs: pd.DataFrame, term: str, *, window: int = 20,
         sort: str | None = None, prepare_text: Callable[[str], str] = prepare
         ) -> pd.DataFrame:
    """Keyword in context: every occurrence of ``term`` in the paragraph texts.

    ``paragraphs`` needs columns article_id, locality, paragraph_no, text. Texts are
    prepared as for segmentation (spaces, widths, lexicon variants → terms), so a
    spaced or full-width variant is found under its term. Output, in corpus order:
    article_id, locality, paragraph_no, offset (character position in the prepared
    paragraph), left, keyword, right (``window`` characters each side).

    ``sort="right"`` orders the lines by their right context, ``sort="left"`` by
    their left context read backwards from the keyword (the classic concordance
    sorts, which line up repeated phrases); ties keep corpus order.
    ``prepare_text`` turns a paragraph into the text searched (default
    :func:`helpers.segment.prepare`; notebook 05 also unifies quote marks).
    """
    if not term:
        raise ValueError("kwic needs a non-empty term")
    if sort not in (None, "left", "right"):
        raise ValueError(f"sort must be None, 'left' or 'right', not {sort!r}")
    rows = []
    pattern = re.compile(re.escape(term))
    for p in paragraphs.itertuples(index=False):
        text = prepare_text(str(p.text))
        for match in pattern.finditer(text):
            rows.append({"article_id": p.article_id, "locality": p.locality,
                         "paragraph_no": p.paragraph_no, "offset": match.start(),
                         "left": text[max(0, match.start() - window):match.start()],
                         "keyword": match.group(0),
                         "right": text[match.end():match.end() + window]})
    columns = ["article_id", "locality", "paragraph_no", "offset", "left", "keyword", "right"]
    lines = pd.DataFrame(rows, columns=columns)
    if sort == "right":
        lines = lines.sort_values("right", kind="stable").reset_index(drop=True)
    elif sort == "left":
        lines = lines.sort_values("left", key=lambda col: col.map(lambda x: x[::-1]),
                                  kind="stable").reset_index(drop=True)
    return lines


# --------------------------------------------------------------------------- groups and rates
#: Stopword settings compared in notebook 01: label → ``stopwords`` argument of
#: :func:`helpers.segment.tokenize`.
STOPWORD_SETTINGS: dict[str, bool | str] = {
    "none": False, "general": "general", "boilerplate": "boilerplate", "both": True,
}


def group_tokens(tokenized: pd.DataFrame, by: str) -> pd.Series:
    """One token list per group: the ``tokens`` of its rows concatenated in row order.

    Input: a table with a ``tokens`` column (e.g. from
    :func:`helpers.segment.tokenize_paragraphs`) and a grouping column ``by`` (e.g.
    ``"article_id"`` or ``"locality"``). Output: a Series indexed by group (named
    ``by``), groups in order of first appearance (corpus order), values ``list[str]``.
    """
    groups: dict[object, list[str]] = {}
    for name, tokens in zip(tokenized[by], tokenized["tokens"], strict=True):
        groups.setdefault(name, []).extend(tokens)
    return pd.Series(groups, name="tokens", dtype=object).rename_axis(by)


def term_frequencies(docs: pd.Series | dict[str, list[str]], *, exclude: Iterable[str] = (),
                     per: float = 10_000) -> pd.DataFrame:
    """Counts and rates of every term in every document (a group of tokens).

    Input: document → token list (e.g. :func:`group_tokens`). ``exclude``: terms left
    out of the output (e.g. stopwords); they still count in the document's size, so
    the denominator does not move when a stopword list changes. Output columns: doc,
    term, count, n_tokens (all tokens of the document), rate (``per`` × count /
    n_tokens), rank (1 = most frequent in its document). Documents in input order,
    then count (descending), then term.
    """
    docs = pd.Series(docs, dtype=object)
    skip = frozenset(exclude)
    frames = []
    for doc, tokens in docs.items():
        counts = count_terms([[t for t in tokens if t not in skip]])
        frames.append(pd.DataFrame({"doc": doc, "term": counts.index, "count": counts.values,
                                    "n_tokens": len(tokens)}))
    table = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
        columns=["doc", "term", "count", "n_tokens"])
    table["rate"] = per * table["count"] / table["n_tokens"]
    table["rank"] = table.groupby("doc", sort=False).cumcount() + 1
    return table[["doc", "term", "count", "n_tokens", "rate", "rank"]]


def top_terms(frequencies: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """The first ``n`` rows of each document of a :func:`term_frequencies` (or
    :func:`tfidf`) table, which are already sorted within documents."""
    return frequencies[frequencies["rank"] <= n].reset_index(drop=True)


def side_by_side(top: pd.DataFrame, value: str = "term") -> pd.DataFrame:
    """A long top-terms table made wide for reading: one row per rank, one column per
    document (in input order), cells from column ``value``."""
    wide = top.pivot(index="rank", columns="doc", values=value)
    return wide[list(dict.fromkeys(top["doc"]))].rename_axis(columns=None)


def term_across_docs(frequencies: pd.DataFrame, term: str) -> pd.DataFrame:
    """One term in every document of a :func:`term_frequencies` table, zeros included.

    Output columns: doc, n_tokens, count, rate, rank_by_count, rank_by_rate (1 =
    highest; ties share the best rank). Documents in the table's order. Shows how a
    ranking by raw counts differs from a ranking by rates when documents differ in
    length.
    """
    sizes = frequencies.drop_duplicates("doc").set_index("doc")["n_tokens"]
    hits = frequencies[frequencies["term"] == term].set_index("doc")
    table = pd.DataFrame({"doc": sizes.index, "n_tokens": sizes.to_numpy()})
    table["count"] = table["doc"].map(hits["count"]).fillna(0).astype("int64")
    table["rate"] = table["doc"].map(hits["rate"]).fillna(0.0).astype(float)
    table["rank_by_count"] = table["count"].rank(method="min", ascending=False).astype("int64")
    table["rank_by_rate"] = table["rate"].rank(method="min", ascending=False).astype("int64")
    return table


# --------------------------------------------------------------------------- stopwords
def stopword_report(token_lists: Iterable[Iterable[str]], *,
                    settings: dict[str, bool | str] | None = None,
                    n_examples: int = 6) -> pd.DataFrame:
    """What each stopword setting removes from tokens segmented *without* stopwords.

    Stopword removal in :func:`helpers.segment.tokenize` is a filter applied after
    segmentation, so filtering ``stopwords=False`` tokens gives exactly the tokens of
    each setting. Output: one row per setting (default :data:`STOPWORD_SETTINGS`, in
    order) with columns setting, n_tokens (kept), n_removed, pct_removed, n_types
    (distinct tokens kept), n_types_removed, examples_removed (the ``n_examples``
    most frequent removed tokens with their counts, e.g. ``"的 511 · 和 263"``).
    """
    counts = count_terms(token_lists)
    total = int(counts.sum())
    rows = []
    for setting, spec in (settings or STOPWORD_SETTINGS).items():
        stop = load_stopwords(spec)
        removed = counts[counts.index.isin(stop)]
        rows.append({"setting": setting, "n_tokens": total - int(removed.sum()),
                     "n_removed": int(removed.sum()),
                     "pct_removed": 100 * removed.sum() / total if total else 0.0,
                     "n_types": int((~counts.index.isin(stop)).sum()),
                     "n_types_removed": len(removed),
                     "examples_removed": " · ".join(f"{t} {n}" for t, n in
                                                    removed.head(n_examples).items())})
    return pd.DataFrame(rows)


def top_by_stopwords(token_lists: Iterable[Iterable[str]], *, n: int = 20,
                     settings: dict[str, bool | str] | None = None) -> pd.DataFrame:
    """The ``n`` most frequent tokens under each stopword setting, side by side.

    Input: tokens segmented without stopwords. Output: one row per rank (1..n), one
    column per setting (default :data:`STOPWORD_SETTINGS`), cells ``"term count"``.
    """
    counts = count_terms(token_lists)
    columns = {}
    for setting, spec in (settings or STOPWORD_SETTINGS).items():
        kept = counts[~counts.index.isin(load_stopwords(spec))].head(n)
        cells = [f"{t} {c}" for t, c in kept.items()]
        columns[setting] = cells + [""] * (n - len(cells))
    return pd.DataFrame(columns, index=pd.RangeIndex(1, n + 1, name="rank"))


# --------------------------------------------------------------------------- tf-idf
def tfidf(docs: pd.Series | dict[str, list[str]], *, exclude: Iterable[str] = (),
          min_count: int = 1) -> pd.DataFrame:
    """TF-IDF of every term in every document, with smoothed idf.

    For a term t in document d of a collection of N documents::

        tf(t, d)  = count(t, d) / |d|             (|d| = all tokens of d)
        idf(t)    = ln((1 + N) / (1 + df(t)))      (df = documents containing t)
        tfidf     = tf × idf

    Smoothing counts one extra imaginary document that contains every term, so idf
    is defined for any df. Unlike scikit-learn's ``smooth_idf`` we add no 1 to idf:
    a term found in *every* document scores 0 — it distinguishes nothing. Relative tf
    makes documents of different lengths comparable; there is no vector
    normalisation (it would not change the ranking within a document).
    ``exclude``: terms left out of the output (they still count in |d| and df);
    ``min_count``: drop terms seen fewer times than this in the document.
    Output columns: doc, term, count, tf, df, idf, tfidf, rank (1 = most distinctive).
    Documents in input order, then tfidf (descending), then term.
    """
    docs = pd.Series(docs, dtype=object)
    n_docs = len(docs)
    df = Counter(t for tokens in docs for t in set(tokens))
    skip = frozenset(exclude)
    rows = []
    for doc, tokens in docs.items():
        for term, n in Counter(tokens).items():
            if term in skip or n < min_count:
                continue
            idf = math.log((1 + n_docs) / (1 + df[term]))
            rows.append({"doc": doc, "term": term, "count": n, "tf": n / len(tokens),
                         "df": df[term], "idf": idf, "tfidf": n / len(tokens) * idf})
    table = pd.DataFrame(rows, columns=["doc", "term", "count", "tf", "df", "idf", "tfidf"])
    order = {doc: i for i, doc in enumerate(docs.index)}
    table = table.assign(_doc=table["doc"].map(order)).sort_values(
        ["_doc", "tfidf", "term"], ascending=[True, False, True], kind="stable")
    table["rank"] = table.groupby("_doc").cumcount() + 1
    return table.drop(columns="_doc").reset_index(drop=True)


# --------------------------------------------------------------------------- dispersion
def article_spans(tokenized: pd.DataFrame) -> pd.DataFrame:
    """Where each article lies in the concatenated token stream of the corpus.

    Input: tokenized paragraphs (columns article_id, locality, tokens) in corpus
    order. Output, one row per article in that order: article_id, locality, start,
    end (token positions, end exclusive), n_tokens.
    """
    per_article = group_tokens(tokenized, "article_id")
    locality = dict(zip(tokenized.article_id, tokenized.locality, strict=True))
    rows, position = [], 0
    for article_id, tokens in per_article.items():
        rows.append({"article_id": article_id, "locality": locality[article_id],
                     "start": position, "end": position + len(tokens), "n_tokens": len(tokens)})
        position += len(tokens)
    return pd.DataFrame(rows, columns=["article_id", "locality", "start", "end", "n_tokens"])


def term_positions(tokenized: pd.DataFrame, terms: Iterable[str]) -> pd.DataFrame:
    """Every occurrence of ``terms`` as a token, with its position in the corpus.

    Input: tokenized paragraphs in corpus order (columns article_id, locality,
    paragraph_no, tokens). Output columns: term, article_id, locality, paragraph_no,
    position (0-based index in the concatenated token stream, the x axis of a
    dispersion plot). Sorted by term (in the order given), then position.
    """
    wanted = {term: i for i, term in enumerate(dict.fromkeys(terms))}
    rows, position = [], 0
    for p in tokenized.itertuples(index=False):
        for offset, token in enumerate(p.tokens):
            if token in wanted:
                rows.append({"term": token, "article_id": p.article_id, "locality": p.locality,
                             "paragraph_no": p.paragraph_no, "position": position + offset})
        position += len(p.tokens)
    table = pd.DataFrame(rows, columns=["term", "article_id", "locality", "paragraph_no",
                                        "position"])
    return table.assign(_t=table["term"].map(wanted)).sort_values(
        ["_t", "position"], kind="stable").drop(columns="_t").reset_index(drop=True)


def dispersion(docs: pd.Series | dict[str, list[str]], terms: Iterable[str]) -> pd.DataFrame:
    """How evenly each term is spread over the documents: Gries's DP.

    DP = ½ Σ_d |v_d − s_d|, where s_d is document d's share of all tokens and v_d its
    share of the term's occurrences (Gries 2008). 0 = spread exactly in proportion to
    document size; values near 1 = concentrated in one small document. Output: term,
    count, n_docs (documents containing it), n_docs_total, dp — terms in the order given.
    """
    docs = pd.Series(docs, dtype=object)
    sizes = docs.map(len).astype(float)
    shares = sizes / sizes.sum()
    rows = []
    for term in dict.fromkeys(terms):
        hits = docs.map(lambda tokens, term=term: tokens.count(term)).astype(float)
        total = hits.sum()
        dp = 0.5 * float((hits / total - shares).abs().sum()) if total else float("nan")
        rows.append({"term": term, "count": int(total), "n_docs": int((hits > 0).sum()),
                     "n_docs_total": len(docs), "dp": dp})
    return pd.DataFrame(rows, columns=["term", "count", "n_docs", "n_docs_total", "dp"])


# --------------------------------------------------------------------------- Zipf
def rank_frequency(counts: pd.Series) -> pd.DataFrame:
    """Rank–frequency table from :func:`count_terms` output: rank (1..V, ties broken
    by term as in ``counts``), term, count."""
    return pd.DataFrame({"rank": range(1, len(counts) + 1), "term": counts.index,
                         "count": counts.to_numpy()})


def zipf_fit(ranks: pd.DataFrame, *, min_count: int = 1) -> pd.Series:
    """Least-squares line through log10(count) against log10(rank).

    Input: :func:`rank_frequency`; only rows with count ≥ ``min_count`` are fitted
    (the long tail of words seen once is a flat staircase that drags the slope).
    Output: a Series with slope (Zipf's law predicts about −1), intercept,
    r_squared and n_types (points fitted).
    """
    used = ranks[ranks["count"] >= min_count]
    x, y = np.log10(used["rank"].to_numpy(float)), np.log10(used["count"].to_numpy(float))
    slope, intercept = np.polyfit(x, y, 1)
    residual = y - (slope * x + intercept)
    total = ((y - y.mean()) ** 2).sum()
    r_squared = 1 - (residual ** 2).sum() / total if total else 1.0
    return pd.Series({"slope": float(slope), "intercept": float(intercept),
                      "r_squared": float(r_squared), "n_types": float(len(used))},
                     name="zipf_fit")
