"""Counting tokens and finding terms in context.

Pure functions over the tables of :mod:`helpers.text.corpus` and :mod:`helpers.text.segment`:
counts and rates per group, what stopword lists remove, TF-IDF, positions and
dispersion of terms, rank–frequency (Zipf) fits, keyword in context. The per-document
counts (:func:`term_frequencies`, :func:`dispersion`) come from one documents × terms
matrix, :func:`helpers.analysis.dfm.build`; each accepts a DFM or a mapping document →
token list. TF-IDF is :func:`helpers.analysis.dfm.tfidf` (``scheme="rank"`` for
distinctive terms). Collocations are in :mod:`helpers.analysis.collocations`,
figures in :mod:`helpers.figures.plot_words`.
Taught in ``notebooks/01_segmentation.ipynb`` (stopwords) and
``notebooks/02_word_frequencies.ipynb``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable

import numpy as np
import pandas as pd
from scipy.optimize import minimize, minimize_scalar
from scipy.special import zeta as hurwitz_zeta
from scipy.stats import norm

from helpers.analysis import dfm
from helpers.text.segment import load_stopwords, prepare

Docs = pd.Series | dict[str, list[str]] | dfm.DFM


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
    :func:`helpers.text.segment.prepare`; notebook 05 also unifies quote marks).
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
#: :func:`helpers.text.segment.tokenize`.
STOPWORD_SETTINGS: dict[str, bool | str] = {
    "none": False, "general": "general", "boilerplate": "boilerplate", "both": True,
}


def group_tokens(tokenized: pd.DataFrame, by: str) -> pd.Series:
    """One token list per group: the ``tokens`` of its rows concatenated in row order.

    Input: a table with a ``tokens`` column (e.g. from
    :func:`helpers.text.segment.tokenize_paragraphs`) and a grouping column ``by`` (e.g.
    ``"article_id"`` or ``"locality"``). Output: a Series indexed by group (named
    ``by``), groups in order of first appearance (corpus order), values ``list[str]``.
    """
    groups: dict[object, list[str]] = {}
    for name, tokens in zip(tokenized[by], tokenized["tokens"], strict=True):
        groups.setdefault(name, []).extend(tokens)
    return pd.Series(groups, name="tokens", dtype=object).rename_axis(by)


def _as_dfm(docs: Docs) -> dfm.DFM:
    """A DFM as given, or :func:`helpers.analysis.dfm.build` of document → token list."""
    return docs if isinstance(docs, dfm.DFM) else dfm.build(docs)


def _doc_rows(d: dfm.DFM) -> Iterable[tuple[object, np.ndarray, np.ndarray]]:
    """(document, column indices, counts) of each row of ``d``, columns in term order."""
    counts = d.counts.tocsr()
    counts.sort_indices()
    for i, doc in enumerate(d.docs):
        start, end = counts.indptr[i], counts.indptr[i + 1]
        yield doc, counts.indices[start:end], counts.data[start:end]


def term_frequencies(docs: Docs, *, exclude: Iterable[str] = (),
                     per: float = 10_000) -> pd.DataFrame:
    """Counts and rates of every term in every document (a group of tokens).

    Input: document → token list (e.g. :func:`group_tokens`) or a
    :class:`helpers.analysis.dfm.DFM`; the counts are the DFM's rows. ``exclude``: terms
    left out of the output (e.g. stopwords); they still count in the document's size,
    so the denominator does not move when a stopword list changes. Output columns: doc,
    term, count, n_tokens (all tokens of the document), rate (``per`` × count /
    n_tokens), rank (1 = most frequent in its document). Documents in input order,
    then count (descending), then term. Same as ``dfm.build(docs)`` read row by row
    (:func:`helpers.analysis.dfm.frequencies` is the corpus-wide form). Taught in
    notebook 02, §1.
    """
    d = _as_dfm(docs)
    skip = frozenset(exclude)
    sizes, terms = d.sizes().to_numpy(), list(d.terms)
    frames = []
    for (doc, columns, values), size in zip(_doc_rows(d), sizes, strict=True):
        pairs = [(terms[j], n) for j, n in zip(columns.tolist(), values.tolist(), strict=True)
                 if terms[j] not in skip]
        ordered = sorted(pairs, key=lambda kv: (-kv[1], kv[0]))
        counts = pd.Series(dict(ordered), name="count", dtype="int64").rename_axis("term")
        frames.append(pd.DataFrame({"doc": doc, "term": counts.index, "count": counts.values,
                                    "n_tokens": int(size)}))
    table = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
        columns=["doc", "term", "count", "n_tokens"])
    table["rate"] = per * table["count"] / table["n_tokens"]
    table["rank"] = table.groupby("doc", sort=False).cumcount() + 1
    return table[["doc", "term", "count", "n_tokens", "rate", "rank"]]


def top_terms(frequencies: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """The first ``n`` rows of each document of a :func:`term_frequencies` table (or any
    long table with ``doc`` and a within-document ``rank``), already sorted within
    documents."""
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

    Stopword removal in :func:`helpers.text.segment.tokenize` is a filter applied after
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


def dispersion(docs: Docs, terms: Iterable[str]) -> pd.DataFrame:
    """How evenly each term is spread over the documents: Gries's DP and DP_norm.

    DP = ½ Σ_d |v_d − s_d|, where s_d is document d's share of all tokens and v_d its
    share of the term's occurrences (Gries 2008). 0 = spread exactly in proportion to
    document size; values near 1 = concentrated in one small document. DP's maximum is
    1 − min_d s_d (all occurrences in the smallest document), so it depends on the
    document sizes; DP_norm = DP / (1 − min_d s_d) rescales it to [0, 1] (Lijffijt &
    Gries 2012). Neither removes the dependence on frequency: a term seen 3 times cannot
    be spread evenly over 11 documents, so its DP has a floor well above 0; compare the
    DP of terms of similar counts. Input: document → token list or a DFM (sizes and
    counts are its rows and columns). Output: term, count, n_docs (documents containing
    it), n_docs_total, dp, dp_norm — terms in the order given. Taught in notebook 02, §4.
    """
    d = _as_dfm(docs)
    sizes = pd.Series(d.sizes().to_numpy(), index=d.docs).astype(float)
    shares = sizes / sizes.sum()
    ceiling = 1 - float(shares.min()) if len(shares) else float("nan")
    column = {t: j for j, t in enumerate(d.terms)}
    counts = d.counts.tocsc()
    rows = []
    for term in dict.fromkeys(terms):
        values = (counts[:, column[term]].toarray().ravel() if term in column
                  else np.zeros(d.shape[0], dtype=np.int64))
        hits = pd.Series(values, index=d.docs).astype(float)
        total = hits.sum()
        dp = 0.5 * float((hits / total - shares).abs().sum()) if total else float("nan")
        rows.append({"term": term, "count": int(total), "n_docs": int((hits > 0).sum()),
                     "n_docs_total": d.shape[0], "dp": dp,
                     "dp_norm": dp / ceiling if ceiling > 0 else float("nan")})
    return pd.DataFrame(rows, columns=["term", "count", "n_docs", "n_docs_total", "dp",
                                       "dp_norm"])


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


# --------------------------------------------------------------------------- Zipf by MLE
def _powerlaw_alpha(values: np.ndarray, xmin: int) -> tuple[float, float]:
    """MLE of the discrete power-law exponent α for the values ≥ xmin, and its
    standard error from the observed information (numerical second derivative)."""
    tail = values[values >= xmin]
    n, log_sum = len(tail), float(np.log(tail).sum())

    def negloglik(alpha: float) -> float:
        return float(n * np.log(hurwitz_zeta(alpha, xmin)) + alpha * log_sum)

    best = minimize_scalar(negloglik, bounds=(1.0001, 8.0), method="bounded",
                           options={"xatol": 1e-7})
    alpha = float(best.x)
    h = 1e-4
    curvature = (negloglik(alpha + h) - 2 * negloglik(alpha) + negloglik(alpha - h)) / h ** 2
    return alpha, float(1 / np.sqrt(curvature)) if curvature > 0 else float("nan")


def _powerlaw_ks(values: np.ndarray, xmin: int, alpha: float) -> float:
    """Kolmogorov–Smirnov distance between the tail (≥ xmin) and the fitted law."""
    tail = np.sort(values[values >= xmin])
    points = np.unique(tail)
    empirical = np.searchsorted(tail, points, side="right") / len(tail)
    model = 1 - hurwitz_zeta(alpha, points + 1) / hurwitz_zeta(alpha, xmin)
    return float(np.abs(empirical - model).max())


def rank_exponent(alpha: float) -> float:
    """Zipf's rank exponent s of a frequency-distribution exponent α: s = 1/(α − 1)
    (f(r) ∝ r^−s ⇔ P(f) ∝ f^−α with α = 1 + 1/s); infinite for α ≤ 1."""
    return 1 / (alpha - 1) if alpha > 1 else float("inf")


def zipf_mle(counts: pd.Series | np.ndarray | Iterable[int], *, xmin: int | None = None,
             min_tail: int = 50) -> pd.Series:
    """Zipf's law by maximum likelihood: a discrete power law fitted to the frequency
    distribution (Clauset, Shalizi & Newman 2009), not a line through the log–log plot.

    Input: the count of each type (e.g. :func:`count_terms`). The frequency
    distribution is modelled as P(f) = f^−α / ζ(α, xmin) for f ≥ xmin (ζ the Hurwitz
    zeta function); α is the exact discrete MLE, its standard error from the observed
    information. ``xmin`` None chooses it as CSN do: the value (among the observed
    counts leaving at least ``min_tail`` types in the tail) that minimises the
    Kolmogorov–Smirnov distance between the tail and the fitted law.

    **Exponents.** Zipf's rank–frequency law f(r) ∝ r^−s and the frequency-distribution
    law P(f) ∝ f^−α describe the same data when α = 1 + 1/s, i.e. s = 1/(α − 1):
    Zipf's classic s = 1 is α = 2. The output reports both, with s's interval from
    α ± 1.96·se mapped through s = 1/(α − 1).

    Output: a Series with alpha, alpha_se, s, s_low, s_high (95%), xmin, n_tail (types
    with count ≥ xmin), n_types, ks (KS distance of the tail). The OLS slope of
    :func:`zipf_fit` is biased for samples of this size (a sample drawn from an exact
    s = 1 law gives an OLS slope well above −1); compare the two in notebook 02, §5.
    """
    values = np.asarray(pd.Series(counts), dtype=float)
    values = values[values > 0]
    if xmin is None:
        candidates = [int(x) for x in np.unique(values) if (values >= x).sum() >= min_tail]
        if not candidates:
            raise ValueError(f"zipf_mle needs at least {min_tail} types with a count ≥ 1")
        scored = []
        for x in candidates:
            alpha, _ = _powerlaw_alpha(values, x)
            scored.append((_powerlaw_ks(values, x, alpha), x))
        xmin = min(scored)[1]
    alpha, se = _powerlaw_alpha(values, xmin)
    return pd.Series({"alpha": alpha, "alpha_se": se, "s": rank_exponent(alpha),
                      "s_low": rank_exponent(alpha + 1.96 * se),
                      "s_high": rank_exponent(alpha - 1.96 * se),
                      "xmin": float(xmin), "n_tail": float((values >= xmin).sum()),
                      "n_types": float(len(values)),
                      "ks": _powerlaw_ks(values, int(xmin), alpha)}, name="zipf_mle")


def _lognormal_logpmf(x: np.ndarray, mu: float, sigma: float, xmin: int) -> np.ndarray:
    """log P(X = x | X ≥ xmin) for X = a lognormal variate rounded to an integer."""
    upper = (np.log(x + 0.5) - mu) / sigma
    lower = (np.log(x - 0.5) - mu) / sigma
    cut = (np.log(xmin - 0.5) - mu) / sigma
    mass = norm.sf(lower) - norm.sf(upper)
    with np.errstate(divide="ignore"):
        return np.log(np.maximum(mass, 1e-300)) - norm.logsf(cut)


def zipf_vs_lognormal(counts: pd.Series | np.ndarray | Iterable[int], fit: pd.Series
                      ) -> pd.Series:
    """Likelihood-ratio test of the power law of :func:`zipf_mle` against a lognormal.

    Over the same tail (counts ≥ ``fit.xmin``), a discrete lognormal (a lognormal
    variate rounded to the nearest integer, truncated at xmin) is fitted by maximum
    likelihood (three starting points, the best kept; a lognormal with μ far below 0
    and a large σ mimics a power law over the tail, so the two are often
    indistinguishable). R = Σ_i [ln p_PL(x_i) − ln p_LN(x_i)] is the log-likelihood ratio
    (R > 0 favours the power law); Vuong's test for non-nested models gives
    z = R / (√n · sd of the pointwise differences) and the two-sided p = 2·Φ(−|z|)
    (Vuong 1989; CSN 2009, §5). A large p means the data cannot tell the two apart.

    Output: a Series with lognormal_mu, lognormal_sigma, loglik_ratio (R), vuong_z,
    p_value, n_tail, favoured ("power law", "lognormal" or "neither" at p ≥ 0.05); floats
    rounded to 4 decimals (p to 3 significant digits) so the table prints the same on
    every machine.
    Taught in notebook 02, §5.
    """
    values = np.asarray(pd.Series(counts), dtype=float)
    xmin, alpha = int(fit["xmin"]), float(fit["alpha"])
    tail = values[values >= xmin]
    log_pl = -alpha * np.log(tail) - np.log(hurwitz_zeta(alpha, xmin))

    def negloglik(params: np.ndarray) -> float:
        value = float(-_lognormal_logpmf(tail, params[0], np.exp(params[1]), xmin).sum())
        return value if np.isfinite(value) else 1e300

    logs = np.log(tail)
    starts = [(logs.mean(), np.log(max(logs.std(), 0.1))), (0.0, 0.0), (-5.0, np.log(3.0))]
    fits = [minimize(negloglik, np.array(start), method="Nelder-Mead",
                     options={"xatol": 1e-8, "fatol": 1e-10, "maxiter": 4000})
            for start in starts]
    best = min(fits, key=lambda f: (f.fun, tuple(f.x)))
    mu, sigma = float(best.x[0]), float(np.exp(best.x[1]))
    diff = log_pl - _lognormal_logpmf(tail, mu, sigma, xmin)
    ratio = float(diff.sum())
    spread = float(diff.std())
    z = ratio / (np.sqrt(len(tail)) * spread) if spread > 0 else 0.0
    p = float(2 * norm.sf(abs(z)))
    favoured = "neither" if p >= 0.05 else ("power law" if ratio > 0 else "lognormal")
    return pd.Series({"lognormal_mu": round(mu, 4), "lognormal_sigma": round(sigma, 4),
                      "loglik_ratio": round(ratio, 4), "vuong_z": round(float(z), 4),
                      "p_value": float(f"{p:.3g}"), "n_tail": float(len(tail)),
                      "favoured": favoured}, name="zipf_vs_lognormal")


def zipf_model_curve(fit: pd.Series, max_count: float) -> pd.DataFrame:
    """The rank–frequency curve implied by a :func:`zipf_mle` fit, for plotting.

    A type of count f has rank ≈ the expected number of types with count ≥ f,
    n_tail · ζ(α, f) / ζ(α, xmin). Output: columns count (xmin … ``max_count``, log
    spaced) and rank.
    """
    xmin, alpha = float(fit["xmin"]), float(fit["alpha"])
    grid = np.unique(np.round(np.geomspace(xmin, max(max_count, xmin), 60)))
    ranks = fit["n_tail"] * hurwitz_zeta(alpha, grid) / hurwitz_zeta(alpha, xmin)
    return pd.DataFrame({"count": grid, "rank": ranks})


def expected_types(n_tokens: int, vocabulary: int, s: float = 1.0) -> float:
    """Expected number of distinct types in ``n_tokens`` tokens drawn from an exact
    Zipf law p(r) ∝ r^−s over ``vocabulary`` ranks: Σ_r 1 − (1 − p_r)^n_tokens."""
    p = np.arange(1, vocabulary + 1, dtype=float) ** -s
    p /= p.sum()
    return float((1 - np.exp(n_tokens * np.log1p(-p))).sum())


def zipf_null(n_tokens: int, n_types: int, *, s: float = 1.0, n_sim: int = 20,
              min_count: int = 2, xmin: int | None = None, seed: int = 20241109
              ) -> pd.DataFrame:
    """What the Zipf fits give on texts that follow Zipf's law *exactly*: calibration.

    Each of ``n_sim`` synthetic texts has ``n_tokens`` tokens drawn from p(r) ∝ r^−s over
    a vocabulary chosen so that the expected number of observed types equals
    ``n_types`` (:func:`expected_types`) — the size of the real corpus. Each text gets
    the OLS slope of :func:`zipf_fit` (types with count ≥ ``min_count``) and the MLE
    rank exponent of :func:`zipf_mle` (over counts ≥ ``xmin``; None chooses xmin per
    text — pass the corpus fit's xmin to compare the same tail). A corpus estimate
    inside the spread of these is what an exact Zipf law of this size produces,
    whatever its distance from 1.
    Output: one row per synthetic text: sim, n_types, ols_slope, mle_s, mle_xmin,
    rounded to 3 decimals. Taught in notebook 02, §5.
    """
    low, high = n_types, 1_000 * n_types
    if expected_types(n_tokens, high, s) < n_types:
        raise ValueError("n_types is too large for n_tokens under this Zipf law")
    while high - low > max(1, low // 1000):
        mid = (low + high) // 2
        low, high = (mid, high) if expected_types(n_tokens, mid, s) < n_types else (low, mid)
    p = np.arange(1, high + 1, dtype=float) ** -s
    p /= p.sum()
    rng = np.random.default_rng(seed)
    rows = []
    for sim in range(n_sim):
        counts = np.bincount(rng.choice(high, size=n_tokens, p=p))
        counts = np.sort(counts[counts > 0])[::-1]
        ranks = pd.DataFrame({"rank": np.arange(1, len(counts) + 1), "count": counts})
        mle = zipf_mle(counts, xmin=xmin)
        rows.append({"sim": sim, "n_types": len(counts),
                     "ols_slope": float(zipf_fit(ranks, min_count=min_count)["slope"]),
                     "mle_s": float(mle["s"]), "mle_xmin": int(mle["xmin"])})
    return pd.DataFrame(rows).round(3)
