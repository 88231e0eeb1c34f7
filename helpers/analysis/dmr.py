"""Topics with covariates: Dirichlet-multinomial regression (DMR, Mimno & McCallum 2008).

In LDA every document draws its topic shares from the same Dirichlet prior. DMR makes
the prior depend on a document label (admin level, locality, genre, year …): the prior
weight of topic ``t`` for a document with label ``c`` is ``exp(lambda[c, t])``, the
``lambdas`` being estimated with the topics (tomotopy's ``DMRModel``, collapsed Gibbs
sampling with a normal prior of sd ``sigma`` on the lambdas).

=============================  ==================================================
call                           what it does
=============================  ==================================================
``fit(docs, covariate, k=)``   one seeded, single-threaded, reproducible DMR fit
``prevalence(fits, cov)``      topic share by label, seeds aligned and pooled,
                               document bootstrap (stm's ``estimateEffect`` role)
``prior_shares(fits)``         the model's own topic prior by label (exp lambda)
``stability(fits, null=)``     seed stability of each aligned topic vs a null
``null_stability(...)``        the same score for models of shuffled text
=============================  ==================================================

Inputs: a list (or Series) of token lists and one string label per document. Outputs:
pandas tables sorted deterministically. Topics of different seeds are matched with
:func:`helpers.analysis.topics.align_runs` (Hungarian method on the centred cosine of
topic-word rows) and scored with :func:`helpers.analysis.topics.topic_stability`, as the
LDA topics of notebook 03 are. Taught in notebooks/06_beyond_counting.ipynb (§ topics
with covariates).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from helpers.analysis import topics
from helpers.analysis.stats import group_seed

__all__ = ["DMRFit", "aligned", "fit", "null_stability", "prevalence", "prior_shares",
           "stability"]

#: Top terms per topic kept in ``DMRFit.topic_words``.
TOP_N = 20


@dataclass(frozen=True)
class DMRFit:
    """One fitted DMR model.

    ``topic_words``: topic, rank, term, weight (the ``TOP_N`` most probable terms per
    topic, sorted by topic then rank); ``topic_word``: the full topics × terms matrix
    (index ``topic`` 1..K, columns the sorted vocabulary); ``doc_topics``: documents ×
    topics shares (rows sum to 1; index as the input's); ``lambdas``: covariate level ×
    topic (levels sorted); ``log_likelihood``: tomotopy's log-likelihood per word;
    ``covariate``: the documents' labels (as strings, same index as ``doc_topics``);
    ``k``, ``seed``, ``iterations``.
    """

    topic_words: pd.DataFrame
    topic_word: pd.DataFrame
    doc_topics: pd.DataFrame
    lambdas: pd.DataFrame
    log_likelihood: float
    covariate: pd.Series
    k: int
    seed: int
    iterations: int

    def __repr__(self) -> str:  # short and stable: no memory addresses in outputs
        return (f"DMRFit(k={self.k}, seed={self.seed}, {len(self.doc_topics)} documents, "
                f"{self.lambdas.shape[0]} levels, log_likelihood={self.log_likelihood:.4f})")


# --------------------------------------------------------------------------- inputs
def _inputs(docs_tokens: Sequence[Sequence[str]] | pd.Series,
            covariate: Sequence[object] | pd.Series) -> tuple[list[list[str]], pd.Series]:
    index = docs_tokens.index if isinstance(docs_tokens, pd.Series) else None
    token_lists = [[str(t) for t in tokens] for tokens in docs_tokens]
    labels = [str(v) for v in (covariate.tolist() if isinstance(covariate, pd.Series)
                               else covariate)]
    if len(labels) != len(token_lists):
        raise ValueError(f"dmr: {len(token_lists)} documents but {len(labels)} labels")
    empty = [i for i, tokens in enumerate(token_lists) if not tokens]
    if empty:
        raise ValueError(f"dmr: {len(empty)} document(s) have no token, e.g. position "
                         f"{empty[0]}")
    index = pd.RangeIndex(len(token_lists), name="doc") if index is None else index
    return token_lists, pd.Series(labels, index=index, name="covariate")


# --------------------------------------------------------------------------- fitting
def fit(docs_tokens: Sequence[Sequence[str]] | pd.Series,
        covariate: Sequence[object] | pd.Series, *, k: int, seed: int,
        iterations: int = 1000, alpha: float = 0.1, sigma: float = 1.0, eta: float = 0.01,
        optim_interval: int = 10, burn_in: int = 0, cache: bool | None = None) -> DMRFit:
    """Fit a DMR topic model with tomotopy, one worker, seeded: reproducible.

    ``docs_tokens``: token lists, one per document (a Series keeps its index as document
    ids); ``covariate``: one label per document (converted to str; a year works as
    "2019"); ``k`` topics; ``seed`` of the sampler; ``iterations`` Gibbs sweeps;
    ``alpha``: initial exp(lambda) (prior topic weight); ``sigma``: sd of the normal
    prior on lambdas; ``eta``: topic-word Dirichlet; ``optim_interval``: re-estimate
    lambdas every this many sweeps. tomotopy runs its SSE2 code path (as in
    :func:`helpers.analysis.topics.train_tomotopy`): the same seed gives the same arrays
    on the same machine, in any process (tested). Across CPUs it need not: the lambda
    re-estimation's floating-point results differ in their last bits between machines
    (an AMD EPYC and an Intel Xeon gave different fits from the same seeds; with
    ``optim_interval=0`` the fits are the same under every ``TOMOTOPY_ISA``), and the
    sampler amplifies them. Compare conclusions (which topics are stable), not digits,
    across machines (notebook 06, §6). ``cache`` (default: on unless
    ``$POLICING_TOPIC_CACHE=off``): the fit's arrays are read from / stored in the topic
    cache (``cache/topics/<key>.npz``, no pickle), keyed by the documents, the labels,
    every setting and the library versions, as :func:`helpers.analysis.topics.fit_topics`
    keys its fits; a cached fit equals a fresh one on the same machine to the last bit
    (tested). Returns a :class:`DMRFit`.
    """
    token_lists, labels = _inputs(docs_tokens, covariate)
    settings = {"k": int(k), "seed": int(seed), "iterations": int(iterations),
                "alpha": float(alpha), "sigma": float(sigma), "eta": float(eta),
                "optim_interval": int(optim_interval), "burn_in": int(burn_in)}
    key = ""
    if topics.cache_enabled(cache):
        key = topics._compose_key(topics._digest(token_lists), "", "tomotopy-dmr", settings,
                                  {"covariate": topics._digest(labels.tolist())})
        stored = topics._read_entry(key)
        if stored is not None:
            try:
                return _from_arrays(stored, labels, k=int(k), seed=int(seed),
                                    iterations=int(iterations))
            except (KeyError, ValueError):
                pass  # a damaged entry: refit and overwrite it
    tp = topics._import_tomotopy()
    model = tp.DMRModel(k=k, alpha=alpha, eta=eta, sigma=sigma, seed=seed)
    model.optim_interval = optim_interval
    model.burn_in = burn_in
    for tokens, label in zip(token_lists, labels, strict=True):
        model.add_doc(tokens, metadata=label)
    model.train(iterations, workers=1, parallel=tp.ParallelScheme.NONE)
    result = _frames(model, labels, k=k, seed=seed, iterations=iterations)
    if key:
        topics._write_entry(key, {
            "topic_word": result.topic_word.to_numpy(),
            "terms": np.array(list(result.topic_word.columns), dtype=str),
            "doc_topics": result.doc_topics.to_numpy(),
            "lambdas": result.lambdas.to_numpy(),
            "levels": np.array(list(result.lambdas.index), dtype=str),
            "log_likelihood": np.array(result.log_likelihood)})
    return result


def _from_arrays(arrays: dict[str, np.ndarray], labels: pd.Series, *, k: int, seed: int,
                 iterations: int) -> DMRFit:
    """A :class:`DMRFit` from a cache entry written by :func:`fit` (the same frames)."""
    topic_index = pd.RangeIndex(1, k + 1, name="topic")
    topic_word = pd.DataFrame(arrays["topic_word"], index=topic_index,
                              columns=pd.Index([str(t) for t in arrays["terms"]], name="term"))
    doc_topics = pd.DataFrame(arrays["doc_topics"], index=labels.index, columns=topic_index)
    lambdas = pd.DataFrame(arrays["lambdas"], columns=topic_index,
                           index=pd.Index([str(v) for v in arrays["levels"]], name="level"))
    if topic_word.shape[0] != k or len(doc_topics) != len(labels):
        raise ValueError("dmr: cache entry of another shape")
    return DMRFit(_top_words(topic_word), topic_word, doc_topics, lambdas,
                  float(arrays["log_likelihood"]), labels, k, seed, iterations)


def _frames(model, labels: pd.Series, *, k: int, seed: int, iterations: int) -> DMRFit:
    topic_index = pd.RangeIndex(1, k + 1, name="topic")
    used = list(model.used_vocabs)
    order = np.argsort(np.array(used, dtype=object), kind="stable")
    terms = pd.Index([used[i] for i in order], name="term")
    phi = np.array([model.get_topic_word_dist(t) for t in range(k)], dtype=float)[:, order]
    topic_word = pd.DataFrame(phi, index=topic_index, columns=terms)
    theta = np.array([doc.get_topic_dist() for doc in model.docs], dtype=float)
    theta = theta / theta.sum(axis=1, keepdims=True)
    doc_topics = pd.DataFrame(theta, index=labels.index, columns=topic_index)
    levels = list(model.metadata_dict)
    lambdas = pd.DataFrame(np.asarray(model.lambdas, dtype=float).T,
                           index=pd.Index(levels, name="level"), columns=topic_index)
    lambdas = lambdas.sort_index()
    return DMRFit(_top_words(topic_word), topic_word, doc_topics, lambdas,
                  float(model.ll_per_word), labels, int(k), int(seed), int(iterations))


def _top_words(topic_word: pd.DataFrame, n: int = TOP_N) -> pd.DataFrame:
    """topic, rank, term, weight: the ``n`` most probable terms of each topic (ties by term)."""
    rows = []
    for topic, row in topic_word.iterrows():
        ranked = sorted(zip(row.to_numpy(), row.index, strict=True),
                        key=lambda pair: (-pair[0], pair[1]))[:n]
        rows.extend({"topic": int(topic), "rank": r + 1, "term": term, "weight": float(w)}
                    for r, (w, term) in enumerate(ranked))
    return pd.DataFrame(rows, columns=["topic", "rank", "term", "weight"])


# --------------------------------------------------------------------------- seeds
def _background(fits: Sequence[DMRFit]) -> np.ndarray:
    """Mean topic-word row over all topics of all fits: the centring of the similarity."""
    return np.vstack([f.topic_word.to_numpy() for f in fits]).mean(axis=0)


def _check_same(fits: Sequence[DMRFit]) -> None:
    if not fits:
        raise ValueError("dmr: no fits given")
    first = fits[0]
    for other in fits[1:]:
        if other.k != first.k or not other.topic_word.columns.equals(first.topic_word.columns):
            raise ValueError("dmr: fits must share K and vocabulary (same documents, other "
                             "seeds)")
        if not other.doc_topics.index.equals(first.doc_topics.index):
            raise ValueError("dmr: fits must be of the same documents")


def aligned(fits: Sequence[DMRFit]) -> list[pd.DataFrame]:
    """Document-topic tables of every fit renumbered to the first fit's topics
    (:func:`helpers.analysis.topics.align_runs`, centred cosine of topic-word rows)."""
    _check_same(fits)
    orders = topics.align_runs([f.topic_word for f in fits], background=_background(fits))
    tables = []
    for f, order in zip(fits, orders, strict=True):
        table = f.doc_topics.iloc[:, order].copy()
        table.columns = fits[0].doc_topics.columns
        tables.append(table)
    return tables


def prevalence(fits: Sequence[DMRFit], covariate: Sequence[object] | pd.Series | None = None,
               *, groups: Sequence[object] | pd.Series | None = None, n_boot: int = 1000,
               level: float = 0.95, seed: int = 0) -> pd.DataFrame:
    """Topic prevalence by covariate level, with uncertainty over seeds and documents.

    ``fits``: DMR fits of the same documents with different seeds (first = reference
    topic numbers; the others aligned to it, :func:`aligned`); ``covariate``: a label
    per document (default: the labels the fits were trained with); ``groups``: optional
    cluster of each document (e.g. its article when documents are paragraphs), so that
    the bootstrap resamples whole articles — the unit of inference — not paragraphs.

    ``mean``: the mean over seeds of the mean document share of the topic among the
    level's documents. Interval (``lower``, ``upper``, percentile at ``level``): within
    each seed, the level's documents (or groups, each with all its documents) are
    resampled with replacement ``n_boot`` times and the draws of all seeds pooled, so it
    includes which seed was run and which texts the corpus happens to have. This plays
    the role of stm's ``estimateEffect`` (topic shares regressed on the covariate, with
    the topic model's uncertainty carried along). A level with a single group has no
    resampling variation: its interval is the seed spread only and says nothing about
    other texts of that level. One generator per level
    (:func:`helpers.analysis.stats.group_seed`).

    Output sorted by level then topic: topic, level, mean, lower, upper, n_docs,
    n_seeds, n_groups (= n_docs without ``groups``). Within a level the topic means sum
    to 1.
    """
    tables = aligned(fits)
    index = fits[0].doc_topics.index
    labels = (fits[0].covariate if covariate is None
              else pd.Series([str(v) for v in covariate], index=index))
    clusters = (pd.Series(np.arange(len(index)), index=index) if groups is None
                else pd.Series(list(groups), index=index))
    if len(labels) != len(index) or len(clusters) != len(index):
        raise ValueError(f"dmr.prevalence: covariate and groups need one value for each of "
                         f"the {len(index)} documents")
    stacked = np.stack([t.to_numpy() for t in tables])  # seeds × docs × K
    tail = (1 - level) / 2
    rows = []
    for name in sorted(pd.unique(labels.to_numpy()), key=str):
        inside = (labels == name).to_numpy()
        codes, uniques = pd.factorize(clusters[inside], sort=True)
        part = stacked[:, inside, :]
        n_seeds, n_docs, k = part.shape
        sizes = np.bincount(codes, minlength=len(uniques)).astype(float)
        sums = np.stack([np.array([np.bincount(codes, weights=part[s, :, j],
                                               minlength=len(uniques)) for j in range(k)]).T
                         for s in range(n_seeds)])  # seeds × groups × K
        rng = np.random.default_rng(group_seed(seed, name))
        draws = rng.integers(len(uniques), size=(n_seeds, n_boot, len(uniques)))
        boot = np.concatenate([sums[s][draws[s]].sum(axis=1)
                               / sizes[draws[s]].sum(axis=1, keepdims=True)
                               for s in range(n_seeds)])  # (seeds·n_boot) × K
        means = part.mean(axis=1).mean(axis=0)
        for j in range(k):
            rows.append({"topic": j + 1, "level": name, "mean": float(means[j]),
                         "lower": float(np.quantile(boot[:, j], tail)),
                         "upper": float(np.quantile(boot[:, j], 1 - tail)),
                         "n_docs": int(n_docs), "n_seeds": int(n_seeds),
                         "n_groups": len(uniques)})
    table = pd.DataFrame(rows, columns=["topic", "level", "mean", "lower", "upper", "n_docs",
                                        "n_seeds", "n_groups"])
    return table.sort_values(["level", "topic"], kind="mergesort").reset_index(drop=True)


def prior_shares(fits: Sequence[DMRFit]) -> pd.DataFrame:
    """The DMR's own estimate of the covariate effect: the expected topic shares of a new
    document of each level under the fitted prior, ``exp(lambda[level]) / Σ exp(...)``.

    Topics of every fit are aligned to the first's (:func:`aligned`). Output sorted by
    level then topic: topic, level, prior_share (mean over seeds), seed_min, seed_max,
    n_seeds. Shares of a level sum to 1. Unlike :func:`prevalence` it has no document
    resampling: it shows what the model learned, not how much the corpus supports it.
    """
    _check_same(fits)
    orders = topics.align_runs([f.topic_word for f in fits], background=_background(fits))
    levels = fits[0].lambdas.index
    shares = []
    for f, order in zip(fits, orders, strict=True):
        weights = np.exp(f.lambdas.loc[levels].to_numpy()[:, order])
        shares.append(weights / weights.sum(axis=1, keepdims=True))
    stacked = np.stack(shares)  # seeds × levels × K
    rows = [{"topic": j + 1, "level": name, "prior_share": float(stacked[:, i, j].mean()),
             "seed_min": float(stacked[:, i, j].min()),
             "seed_max": float(stacked[:, i, j].max()), "n_seeds": len(fits)}
            for i, name in enumerate(levels) for j in range(stacked.shape[2])]
    return pd.DataFrame(rows).sort_values(["level", "topic"], kind="mergesort"
                                          ).reset_index(drop=True)


def stability(fits: Sequence[DMRFit], *, null: np.ndarray | None = None) -> pd.DataFrame:
    """Seed stability of each topic of ``fits[0]`` (needs ≥ 2 fits).

    :func:`helpers.analysis.topics.topic_stability` on the topic-word matrices: every fit
    aligned to the first, the aligned topic compared over all pairs of seeds (centred
    cosine). ``null``: scores from :func:`null_stability`; a topic is ``stable`` only if
    its stability exceeds their 95th percentile (``null_q95``). Output, one row per
    topic (index ``topic``): stability, min_stability, top_terms_jaccard, null_q95,
    stable.
    """
    _check_same(fits)
    q95 = None if null is None else float(np.quantile(np.asarray(null, dtype=float), 0.95))
    return topics.topic_stability([f.topic_word for f in fits], background=_background(fits),
                                  null_q95=q95)


def null_stability(docs_tokens: Sequence[Sequence[str]] | pd.Series,
                   covariate: Sequence[object] | pd.Series, k: int, seeds: Sequence[int], *,
                   n_shuffles: int = 1, shuffle_seed: int = 0, **fit_options) -> np.ndarray:
    """Stability scores of DMR topics of shuffled text: the null for :func:`stability`.

    Each of ``n_shuffles`` copies of the corpus has all tokens permuted across documents
    (:func:`helpers.analysis.topics.shuffle_tokens`: lengths and term frequencies kept,
    co-occurrence destroyed; labels kept), is fitted with every seed of ``seeds`` (same
    ``k`` and ``fit_options`` as the real model) and scored as the real fits are (every
    seed in turn as reference, all pairs, :func:`helpers.analysis.topics.seed_stability`).
    Returns the flat array of all topic scores (as
    :func:`helpers.analysis.topics.null_stability`); pass it to :func:`stability`.
    """
    if len(seeds) < 2:
        raise ValueError("dmr.null_stability needs at least two seeds")
    token_lists, labels = _inputs(docs_tokens, covariate)
    scores = []
    for copy in range(n_shuffles):
        shuffled = topics.shuffle_tokens(token_lists, seed=shuffle_seed + copy)
        fits = [fit(shuffled, labels.tolist(), k=k, seed=s, **fit_options) for s in seeds]
        _check_same(fits)
        scores.append(topics.seed_stability([f.topic_word for f in fits],
                                            background=_background(fits)).ravel())
    return np.concatenate(scores)
