"""LDA topic models that a methods reviewer can check: documents, vocabulary, choice of K,
convergence, stability across seeds, labelling evidence and a second implementation.

The flow, taught in ``notebooks/03_topic_models.ipynb``:

1. :func:`paragraph_documents` turns segmented paragraphs into model documents (headings
   merged into the paragraph they introduce, very short paragraphs merged with a
   neighbour of the same article);
2. :func:`build_dictionary` / :func:`vocabulary_table` fix and describe the vocabulary;
3. :func:`k_selection` fits, for every K, several seeds (:func:`fit_many`: parallel
   processes, each fit single-threaded and seeded, so results do not depend on the number
   of workers) and scores each model: coherence (c_v, c_npmi, u_mass), FREX exclusivity,
   held-out completion perplexity over :func:`heldout_folds` (:func:`fold_in`, the same
   for both engines), and how many topics beat a shuffled-text null; :func:`k_summary`
   gives mean and spread, :func:`k_rules` the one-standard-error rule per criterion;
4. :func:`fit_topics` is the one entry point for fitting (tomotopy's collapsed Gibbs
   sampler or gensim's variational Bayes; :func:`train_lda`, :func:`train_tomotopy` are
   its building blocks); :func:`tomotopy_convergence` and :func:`convergence_table` show
   how a fit got there;
5. :func:`topic_similarity` compares topics with the corpus background removed (cosine of
   topic minus :func:`background_distribution`); :func:`align_topics` / :func:`align_runs`
   match topics across seeds (Hungarian method); :func:`topic_stability` scores each topic
   over **all** seed pairs and calls it stable only above the 95th percentile of the same
   score in models of shuffled text (:func:`shuffle_tokens`, :func:`null_stability`);
6. :func:`topic_terms`, :func:`representative_documents` and :func:`attach_labels` give
   the evidence for human labels; :func:`pooled_locality_shares` aggregates by place over
   aligned seeds (:func:`aligned_tables`) with intervals that include seed and paragraph
   resampling (:func:`locality_topic_shares`: one model only);
7. :func:`compare_models` repeats the model with the other implementation and compares
   coherence and matched topics.

Every fit reports whether it **converged** (:attr:`TopicFit.converged`, with its
``trace``: tomotopy's log-likelihood per token every tenth of the sweeps, gensim's topic
change per pass) instead of failing: a fit that has not settled is flagged in
:attr:`KSelection.convergence` and the notebook says so and carries on.

Fitted tables are kept in a **content-keyed cache** (``cache_dir()/topics/<sha256>.npz``,
plain arrays, never pickle, written atomically, a corrupt entry rebuilt): the key is the
sha256 of the documents, the dictionary, every fit setting and the versions of gensim,
tomotopy and numpy, so a warm re-run reads exactly the arrays a fresh fit computes.
Bypass it with ``cache=False`` or the environment variable ``POLICING_TOPIC_CACHE=off``
(``0``/``false`` too; the determinism tests run that way so they test the fits). Long
loops (:func:`fit_many`: the K × seed fits and their nulls) show a tqdm progress bar
only when stderr is a terminal, never in a notebook's outputs.

``benchmarks/topics_scale.py`` times :func:`fit_topics` on large replicated corpora and
``benchmarks/topics_notebook.py`` times notebook 03 against its kernel+imports floor.

Topic-word and document-topic matrices are DataFrames: ``topic_word`` has one row per
topic (index ``topic``, 1..K) and one column per vocabulary term (dictionary id order);
``doc_topic`` has one row per document (index ``doc_id``) and one column per topic.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import json
import logging
import os
import sys
import tempfile
import warnings
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
from gensim.corpora import Dictionary
from gensim.models import LdaModel
from gensim.models.callbacks import Metric
from scipy.optimize import linear_sum_assignment
from scipy.stats import rankdata

from helpers import cache as helpers_cache
from helpers import pools
from helpers.analysis.coherence import ReferenceTexts
from helpers.analysis.stats import DEFAULT_SEED, bootstrap_ci, group_seed
from helpers.paths import cache_dir

# gensim logs "too few updates, training might not converge" and similar at WARNING
# level; with no handler configured they would reach stderr through logging's
# last-resort handler. The notebook shows convergence explicitly instead.
logging.getLogger("gensim").setLevel(logging.ERROR)

Bow = list[tuple[int, int]]

#: Coherence measures reported for every model (Röder et al. 2015; Mimno et al. 2011).
COHERENCE_MEASURES: tuple[str, ...] = ("c_v", "c_npmi", "u_mass")

# --------------------------------------------------------------------------- documents
def paragraph_documents(paragraphs: pd.DataFrame, *, min_tokens: int = 20) -> pd.DataFrame:
    """Model documents built from segmented paragraphs, never crossing an article.

    Input: :func:`helpers.text.segment.tokenize_paragraphs` output (columns article_id,
    locality, paragraph_no, is_heading, text, tokens; corpus order). Within each article,
    a heading is merged into the paragraph that follows it (into the previous one if it
    ends the article); then, while the article's shortest unit has fewer than
    ``min_tokens`` tokens, it is merged with its shorter neighbour (the following one on a
    tie). Output, in corpus order: doc_id (``article_id:first-last`` paragraph numbers),
    article_id, locality, paragraphs (e.g. ``"5-6"``), n_paragraphs, n_headings, text
    (paragraph texts joined by newlines), tokens, n_tokens.
    """
    rows = []
    for article_id, part in paragraphs.groupby("article_id", sort=False):
        records = part.sort_values("paragraph_no").to_dict("records")
        units: list[list[dict]] = []
        pending: list[dict] = []
        for record in records:
            pending.append(record)
            if not record["is_heading"]:
                units.append(pending)
                pending = []
        if pending:
            if units:
                units[-1].extend(pending)
            else:
                units.append(pending)
        while len(units) > 1:
            sizes = [sum(len(r["tokens"]) for r in unit) for unit in units]
            shortest = min(range(len(units)), key=lambda i: (sizes[i], i))
            if sizes[shortest] >= min_tokens:
                break
            if shortest == 0:
                other = 1
            elif shortest == len(units) - 1:
                other = shortest - 1
            else:
                other = shortest - 1 if sizes[shortest - 1] < sizes[shortest + 1] else shortest + 1
            first, second = sorted((shortest, other))
            units[first] = units[first] + units[second]
            del units[second]
        for unit in units:
            numbers = [r["paragraph_no"] for r in unit]
            span = f"{numbers[0]}" if len(numbers) == 1 else f"{numbers[0]}-{numbers[-1]}"
            tokens = [t for r in unit for t in r["tokens"]]
            rows.append({"doc_id": f"{article_id}:{span}", "article_id": article_id,
                         "locality": unit[0]["locality"], "paragraphs": span,
                         "n_paragraphs": len(unit),
                         "n_headings": sum(bool(r["is_heading"]) for r in unit),
                         "text": "\n".join(str(r["text"]) for r in unit),
                         "tokens": tokens, "n_tokens": len(tokens)})
    columns = ["doc_id", "article_id", "locality", "paragraphs", "n_paragraphs", "n_headings",
               "text", "tokens", "n_tokens"]
    return pd.DataFrame(rows, columns=columns)


def sample_articles(documents: pd.DataFrame, *, max_tokens: int | None,
                    seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """The documents of a seeded random sample of whole articles, at most ``max_tokens``
    tokens in all (at least one article); every document when the corpus is no larger
    or ``max_tokens`` is None.

    Articles, not documents, are drawn: paragraphs of one text are not independent
    draws, and a text is kept or left out whole. Input: :func:`paragraph_documents`
    output (``article_id``, ``n_tokens``). Output: the kept rows, in corpus order, index
    reset. Why: notebook 03 fits about 200 models (§3); their cost grows with the tokens,
    so a large corpus is modelled on a sample unless ``MAX_TOKENS = None`` (notebook 03,
    §1; ``benchmarks/growth.py``).
    """
    total = int(documents["n_tokens"].sum())
    if max_tokens is None or total <= max_tokens:
        return documents.reset_index(drop=True)
    sizes = documents.groupby("article_id", sort=False)["n_tokens"].sum()
    order = np.random.default_rng(seed).permutation(len(sizes))
    drawn = sizes.iloc[order]
    kept = drawn.index[(drawn.cumsum() <= max_tokens).to_numpy()]
    kept = kept if len(kept) else drawn.index[:1]
    return documents[documents["article_id"].isin(set(kept))].reset_index(drop=True)


def heldout_split(documents: pd.DataFrame, *, share: float = 0.2,
                  seed: int = DEFAULT_SEED) -> pd.Series:
    """A fixed train/held-out split, stratified by article.

    From each article, ``round(share * n_docs)`` documents (at least one if the article
    has two or more) are drawn for the held-out set with a generator seeded from ``seed``
    and the article id (:func:`helpers.analysis.stats.group_seed`). Returns a boolean Series
    ``heldout`` indexed like ``documents``.
    """
    heldout = pd.Series(False, index=documents.index, name="heldout")
    for article_id, part in documents.groupby("article_id", sort=False):
        n = len(part)
        n_test = max(int(round(share * n)), 1) if n >= 2 else 0
        rng = np.random.default_rng(group_seed(seed, article_id))
        chosen = rng.choice(part.index.to_numpy(), size=n_test, replace=False)
        heldout.loc[chosen] = True
    return heldout


# --------------------------------------------------------------------------- vocabulary
def build_dictionary(token_lists: Sequence[Sequence[str]], *, no_below: int = 3,
                     no_above: float = 0.5, keep_n: int | None = None) -> Dictionary:
    """A gensim ``Dictionary`` of ``token_lists`` after ``filter_extremes``.

    ``no_below``: keep terms in at least this many documents; ``no_above``: drop terms in
    more than this share of documents; ``keep_n``: then keep at most this many terms
    (``None`` = no cap). Ids are assigned deterministically (first occurrence, sorted
    within a document) and compacted after filtering.
    """
    dictionary = Dictionary(token_lists)
    dictionary.filter_extremes(no_below=no_below, no_above=no_above, keep_n=keep_n)
    return dictionary


def vocabulary_table(token_lists: Sequence[Sequence[str]], *, no_below: int = 3,
                     no_above: float = 0.5) -> pd.DataFrame:
    """What ``filter_extremes(no_below, no_above)`` does to the vocabulary.

    One row per stage: ``all terms``, ``too rare`` (in fewer than ``no_below``
    documents), ``too common`` (in more than ``no_above`` of them), ``kept``. Columns:
    stage, n_types, n_tokens, share_of_tokens (of all tokens, rounded to 3 places),
    examples (the five most frequent terms of the stage, space-separated).
    """
    full = Dictionary(token_lists)
    n_docs = len(token_lists)
    frame = pd.DataFrame({"term": [full[i] for i in full.keys()],
                          "df": [full.dfs[i] for i in full.keys()],
                          "cf": [full.cfs[i] for i in full.keys()]})
    frame = frame.sort_values(["cf", "term"], ascending=[False, True])
    too_rare = frame.df < no_below
    too_common = ~too_rare & (frame.df > no_above * n_docs)
    stages = {"all terms": frame, "too rare": frame[too_rare],
              "too common": frame[too_common], "kept": frame[~too_rare & ~too_common]}
    total = frame.cf.sum()
    return pd.DataFrame([{"stage": name, "n_types": len(part), "n_tokens": int(part.cf.sum()),
                          "share_of_tokens": round(float(part.cf.sum() / total), 3),
                          "examples": " ".join(part.term.head(5))}
                         for name, part in stages.items()])


def bag_of_words(dictionary: Dictionary, token_lists: Sequence[Sequence[str]]) -> list[Bow]:
    """``dictionary.doc2bow`` of every token list (terms outside the vocabulary dropped)."""
    return [dictionary.doc2bow(list(tokens)) for tokens in token_lists]


def split_halves(token_lists: Sequence[Sequence[str]]) -> tuple[list[list[str]], list[list[str]]]:
    """Document completion: tokens at even positions (observed) and odd ones (evaluated)."""
    return ([list(t[0::2]) for t in token_lists], [list(t[1::2]) for t in token_lists])


# --------------------------------------------------------------------------- training
def _gensim_theta(model: LdaModel, bow: Sequence[Bow], seed: int) -> np.ndarray:
    """Normalised variational gamma of ``bow`` under ``model``, from a fixed random state.

    gensim's inference draws its starting point from ``model.random_state``; we swap in
    a generator seeded with ``seed`` and restore the model's own afterwards, so the
    result does not depend on earlier calls (and training is not perturbed).
    """
    saved = model.random_state
    model.random_state = np.random.RandomState(seed)
    try:
        gamma, _ = model.inference(list(bow))
    finally:
        model.random_state = saved
    return gamma / gamma.sum(axis=1, keepdims=True)


def completion_perplexity(theta: np.ndarray, phi: np.ndarray,
                          evaluated: Sequence[Bow]) -> float:
    """Held-out perplexity by document completion (Wallach et al. 2009).

    ``theta`` (documents × topics) is inferred from the observed half of each held-out
    document, ``phi`` (topics × terms) is the model's topic-word matrix, ``evaluated``
    the other half as bags of words. Returns ``exp(-Σ log p(w) / N)`` (natural log) over
    the evaluated tokens, where ``p(w) = Σ_k θ_dk φ_kw``.
    """
    log_lik, n_words = 0.0, 0
    for d, bow in enumerate(evaluated):
        if not bow:
            continue
        ids = np.array([i for i, _ in bow])
        counts = np.array([c for _, c in bow], dtype=float)
        log_lik += float(counts @ np.log(theta[d] @ phi[:, ids]))
        n_words += int(counts.sum())
    if n_words == 0:
        return float("nan")  # nothing to evaluate (e.g. every held-out document is empty)
    return float(np.exp(-log_lik / n_words))


class _Trace(Metric):
    """gensim callback metric: per pass, topic change and held-out perplexity.

    Uses its own seeded random state for inference, so a model trained with the trace
    is identical to one trained without it.
    """

    def __init__(self, observed: Sequence[Bow], evaluated: Sequence[Bow], seed: int) -> None:
        self.observed, self.evaluated, self.seed = list(observed), list(evaluated), seed
        self.logger, self.title, self.previous = None, "trace", None

    def get_value(self, **kwargs: object) -> tuple[float, float]:
        model = kwargs["model"]
        assert isinstance(model, LdaModel)
        phi = model.get_topics().astype(float)
        change = (float("nan") if self.previous is None
                  else float(np.abs(phi - self.previous).sum(axis=1).mean() / 2))
        self.previous = phi
        perplexity = (completion_perplexity(_gensim_theta(model, self.observed, self.seed),
                                            phi, self.evaluated)
                      if self.observed else float("nan"))
        return change, perplexity


def train_lda(bow: Sequence[Bow], dictionary: Dictionary, *, k: int, seed: int = DEFAULT_SEED,
              passes: int = 40, iterations: int = 400, alpha: str | float = "auto",
              eta: float = 0.05, heldout: tuple[Sequence[Bow], Sequence[Bow]] | None = None,
              chunksize: int | None = None) -> LdaModel:
    """A gensim ``LdaModel`` trained in one process with a fixed ``random_state``.

    Full-batch variational Bayes by default: the whole corpus is one chunk, so each of
    ``passes`` passes is one E-step (at most ``iterations`` per document) and one M-step.
    With ``chunksize=n`` (fewer than all documents) it is online variational Bayes
    (Hoffman et al. 2010): one M-step after every ``n`` documents, the way gensim scales
    to large corpora in few passes. ``alpha`` ``"auto"`` learns an asymmetric
    document-topic prior; ``eta`` is a symmetric topic-word prior. With
    ``heldout=(observed, evaluated)`` (bags of words from :func:`split_halves`) the model
    records, per pass, the topic change (mean total variation distance between
    consecutive passes' topics) and the held-out completion perplexity; read them with
    :func:`convergence_table`. The trace never changes the trained model.
    """
    corpus = list(bow)
    callbacks = [_Trace(*heldout, seed=seed)] if heldout is not None else None
    return LdaModel(corpus=corpus, id2word=dictionary, num_topics=k, random_state=seed,
                    passes=passes, iterations=iterations,
                    chunksize=chunksize or max(len(corpus), 1),
                    alpha=alpha, eta=eta, eval_every=None, update_every=1,
                    callbacks=callbacks, dtype=np.float64)


def convergence_table(model: LdaModel) -> pd.DataFrame:
    """Per pass of a model trained with ``heldout=``: pass (1-based), topic_change,
    heldout_perplexity (topic_change is missing for pass 1)."""
    values = model.metrics.get("trace", []) if getattr(model, "metrics", None) else []
    if not values:
        raise ValueError("the model has no trace: train it with train_lda(..., heldout=...)")
    return pd.DataFrame({"pass": range(1, len(values) + 1),
                         "topic_change": [v[0] for v in values],
                         "heldout_perplexity": [v[1] for v in values]})


def topic_word(model: LdaModel) -> pd.DataFrame:
    """Topic-word probabilities: rows topic 1..K, columns the dictionary's terms."""
    phi = model.get_topics().astype(float)
    phi = phi / phi.sum(axis=1, keepdims=True)
    terms = [model.id2word[i] for i in range(phi.shape[1])]
    return pd.DataFrame(phi, index=pd.RangeIndex(1, phi.shape[0] + 1, name="topic"),
                        columns=pd.Index(terms, name="term"))


def doc_topic(model: LdaModel, bow: Sequence[Bow], doc_ids: Sequence[str], *,
              seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """Topic shares of each document (rows ``doc_ids``, columns topic 1..K, rows sum to 1).

    Normalised variational posterior (gamma) from a seeded starting point, so the result
    is the same whenever it is computed.
    """
    theta = _gensim_theta(model, bow, seed)
    return pd.DataFrame(theta, index=pd.Index(list(doc_ids), name="doc_id"),
                        columns=pd.RangeIndex(1, theta.shape[1] + 1, name="topic"))


# --------------------------------------------------------------------------- scores
def top_term_lists(topic_word: pd.DataFrame, n: int = 10) -> list[list[str]]:
    """The ``n`` most probable terms of each topic (ties broken by dictionary order)."""
    return [list(row.sort_values(ascending=False, kind="stable").index[:n])
            for _, row in topic_word.iterrows()]


def coherence(topic_word: pd.DataFrame, texts: Sequence[Sequence[str]], dictionary: Dictionary,
              *, topn: int = 10, per_topic: bool = False,
              cache: bool | None = None, reference: ReferenceTexts | None = None
              ) -> pd.DataFrame:
    """Coherence of the top ``topn`` terms of each topic: gensim's ``CoherenceModel``
    c_v, c_npmi and u_mass, computed by :mod:`helpers.analysis.coherence` (equal to
    gensim's to 1e-9, tested; many times faster because the texts are read once).

    c_v and c_npmi use sliding windows over ``texts`` (token lists; the reference
    corpus), u_mass uses document co-occurrence. ``reference``: the texts already built
    as :class:`~helpers.analysis.coherence.ReferenceTexts` (to score many models without
    reading them again; ``texts`` is then only part of the cache key). Returns one row
    (index ``model``) with a column per measure, or with ``per_topic=True`` one row per
    topic. The per-topic scores are kept in the topic cache (``cache`` as in
    :func:`fit_topics`), keyed by the top terms, the texts, the dictionary, ``topn`` and
    the library versions.
    """
    topics = top_term_lists(topic_word, topn)
    use_cache = cache_enabled(cache)
    key = (_compose_key(_digest([list(t) for t in texts]), _dictionary_digest(dictionary),
                        "coherence", {"topn": topn, "measures": list(COHERENCE_MEASURES)},
                        {"topics": topics}) if use_cache else "")
    stored = _read_entry(key) if use_cache else None
    if stored is not None and all(m in stored for m in COHERENCE_MEASURES):
        scores = {m: [float(v) for v in stored[m]] for m in COHERENCE_MEASURES}
    else:
        reference = ReferenceTexts(texts, dictionary) if reference is None else reference
        table = reference.scores(topics, COHERENCE_MEASURES)
        scores = {m: [float(v) for v in table[m]] for m in COHERENCE_MEASURES}
        if use_cache:
            _write_entry(key, {m: np.asarray(v, dtype=float) for m, v in scores.items()})
    if per_topic:
        return pd.DataFrame(scores, index=topic_word.index)
    return pd.DataFrame({m: [float(np.mean(v))] for m, v in scores.items()},
                        index=pd.Index(["model"]))


def frex(topic_word: pd.DataFrame, *, weight: float = 0.5) -> pd.DataFrame:
    """FREX score of every (topic, term): weighted harmonic mean of the term's rank
    (empirical CDF within the topic) in frequency, ``p(w|k)``, and in exclusivity,
    ``p(w|k) / Σ_j p(w|j)`` (Bischof & Airoldi 2012; Roberts et al. 2019, stm).
    ``weight`` is the weight on exclusivity. Same shape as ``topic_word``.
    """
    phi = topic_word.to_numpy()
    exclusivity = phi / phi.sum(axis=0, keepdims=True)
    n_terms = phi.shape[1]
    excl_rank = rankdata(exclusivity, axis=1)  # ties share their average rank, as in R
    freq_rank = rankdata(phi, axis=1)
    score = 1 / (weight / (excl_rank / n_terms) + (1 - weight) / (freq_rank / n_terms))
    return pd.DataFrame(score, index=topic_word.index, columns=topic_word.columns)


def exclusivity(topic_word: pd.DataFrame, *, top_n: int = 10, weight: float = 0.7) -> pd.Series:
    """Per topic: the mean FREX score (``weight`` on exclusivity, as in stm's
    ``exclusivity()``) of its ``top_n`` most probable terms. 1 = its top terms are its
    own; lower = shared with other topics. stm sums; we average, so values lie in (0, 1].
    """
    scores = frex(topic_word, weight=weight)
    values = [float(scores.loc[topic, terms].mean())
              for topic, terms in zip(topic_word.index, top_term_lists(topic_word, top_n),
                                      strict=True)]
    return pd.Series(values, index=topic_word.index, name="exclusivity")


def relevance(topic_word: pd.DataFrame, term_frequency: pd.Series, *, lam: float = 0.6
              ) -> pd.DataFrame:
    """LDAvis relevance (Sievert & Shirley 2014): ``λ log p(w|k) + (1-λ) log(p(w|k)/p(w))``,
    with ``p(w)`` the term's share of corpus tokens (``term_frequency`` indexed by term)."""
    share = term_frequency.reindex(topic_word.columns).to_numpy(dtype=float)
    share = share / share.sum()
    logphi = np.log(topic_word.to_numpy())
    values = lam * logphi + (1 - lam) * (logphi - np.log(share))
    return pd.DataFrame(values, index=topic_word.index, columns=topic_word.columns)


def dictionary_frequencies(dictionary: Dictionary) -> pd.Series:
    """Corpus frequency of every dictionary term (index term, dictionary id order): the
    counts a gensim ``Dictionary`` kept (``cfs``). Not to be confused with
    :func:`helpers.analysis.count.term_frequencies`, a long table of counts and rates per
    document; this one is the model vocabulary's frequency vector (LDAvis, relevance)."""
    return pd.Series([dictionary.cfs.get(i, 0) for i in range(len(dictionary))],
                     index=pd.Index([dictionary[i] for i in range(len(dictionary))],
                                    name="term"), name="frequency", dtype="int64")


# --------------------------------------------------------------------------- stability
#: Similarity measures of :func:`topic_similarity`.
SIMILARITY_MEASURES: tuple[str, ...] = ("centred", "cosine", "jaccard")


def background_distribution(dictionary: Dictionary) -> pd.Series:
    """The corpus unigram distribution over the vocabulary: each term's share of all
    tokens the model sees (index term, dictionary id order; sums to 1). A shuffled copy
    of the corpus (:func:`shuffle_tokens`) has exactly the same distribution."""
    frequency = dictionary_frequencies(dictionary).astype(float)
    return (frequency / frequency.sum()).rename("share")


def topic_similarity(reference: pd.DataFrame | np.ndarray, other: pd.DataFrame | np.ndarray, *,
                     measure: str = "centred",
                     background: pd.Series | np.ndarray | None = None,
                     top_n: int = 10) -> np.ndarray:
    """Similarity of every topic of ``reference`` to every topic of ``other``.

    Both are topics × terms matrices over the same vocabulary. ``measure``:

    * ``"centred"`` (default): cosine of ``φ_k − b``, each topic minus the corpus
      background ``b`` (:func:`background_distribution`; ``None`` = the unweighted mean
      of all topics of both matrices). Two topics that are both "the corpus in general"
      score about 0, not about 1: only what a topic adds to the background counts.
    * ``"cosine"``: cosine of the raw rows, dominated by the shared frequent words (a
      model of shuffled text scores 0.5–0.8 with it on this corpus; kept for comparison).
    * ``"jaccard"``: overlap of the ``top_n`` most probable terms (ties by term order).

    Returns a ``len(reference) × len(other)`` array.
    """
    ref = np.asarray(reference, dtype=float)
    oth = np.asarray(other, dtype=float)
    if ref.shape[1] != oth.shape[1]:
        raise ValueError(f"the two models have {ref.shape[1]} and {oth.shape[1]} terms: "
                         "topics can only be compared over the same vocabulary")
    if measure == "jaccard":
        tops_ref = [set(np.argsort(-row, kind="stable")[:top_n]) for row in ref]
        tops_oth = [set(np.argsort(-row, kind="stable")[:top_n]) for row in oth]
        return np.array([[len(a & b) / len(a | b) for b in tops_oth] for a in tops_ref])
    if measure == "centred":
        base = (np.vstack([ref, oth]).mean(axis=0) if background is None
                else np.asarray(background, dtype=float).ravel())
        if base.shape[0] != ref.shape[1]:
            raise ValueError(f"background has {base.shape[0]} terms, the topics {ref.shape[1]}")
        ref, oth = ref - base, oth - base
    elif measure != "cosine":
        raise ValueError(f"measure must be one of {', '.join(map(repr, SIMILARITY_MEASURES))}, "
                         f"not {measure!r}")
    ref = ref / np.maximum(np.linalg.norm(ref, axis=1, keepdims=True), 1e-300)
    oth = oth / np.maximum(np.linalg.norm(oth, axis=1, keepdims=True), 1e-300)
    return np.clip(ref @ oth.T, -1.0, 1.0)


def align_topics(reference: pd.DataFrame | np.ndarray, other: pd.DataFrame | np.ndarray, *,
                 measure: str = "centred", background: pd.Series | np.ndarray | None = None
                 ) -> tuple[np.ndarray, np.ndarray]:
    """Match the topics of ``other`` to those of ``reference`` (Hungarian method).

    Maximises the total :func:`topic_similarity` (``measure``, ``background``) of
    matched pairs with ``scipy.optimize.linear_sum_assignment``. Returns ``(order,
    similarity)``: ``order[i]`` is the row of ``other`` matched to row ``i`` of
    ``reference`` and ``similarity[i]`` their similarity.
    """
    similarity = topic_similarity(reference, other, measure=measure, background=background)
    rows, cols = linear_sum_assignment(similarity, maximize=True)
    order = cols[np.argsort(rows)]
    return order, similarity[np.arange(len(order)), order]


def topic_matches(reference: pd.DataFrame, others: Mapping[str, pd.DataFrame], *,
                  measure: str = "centred", background: pd.Series | np.ndarray | None = None
                  ) -> pd.DataFrame:
    """Similarity of each reference topic to its Hungarian match in other models.

    ``reference`` and every value of ``others`` are topic-word DataFrames over the same
    terms; ``measure``/``background`` as in :func:`topic_similarity`. Output: one row per
    reference topic (index ``topic``), one column per name in ``others``, rounded to 3
    places.
    """
    columns = {name: align_topics(reference.to_numpy(), other.to_numpy(), measure=measure,
                                  background=background)[1]
               for name, other in others.items()}
    return pd.DataFrame(columns, index=reference.index).round(3)


def align_runs(runs: Sequence[pd.DataFrame | np.ndarray], *, measure: str = "centred",
               background: pd.Series | np.ndarray | None = None) -> list[np.ndarray]:
    """For each run (topics × terms), the order of its topics matched to the first run's
    (:func:`align_topics`): ``runs[r][orders[r][i]]`` is the match of topic ``i`` of
    ``runs[0]``; ``orders[0]`` is the identity. Use it to reorder topic-word rows or
    document-topic columns of every seed into the reference's topic numbers."""
    reference = np.asarray(runs[0], dtype=float)
    return [np.arange(reference.shape[0])] + [
        align_topics(reference, run, measure=measure, background=background)[0]
        for run in runs[1:]]


def _pair_scores(runs: Sequence[np.ndarray], orders: Sequence[np.ndarray], measure: str,
                 background: np.ndarray | None) -> np.ndarray:
    """Similarity of aligned topic i between every pair of runs: pairs × topics."""
    aligned = [np.asarray(run, dtype=float)[order] for run, order in zip(runs, orders,
                                                                          strict=True)]
    if background is None and measure == "centred":
        background = np.vstack(aligned).mean(axis=0)
    return np.array([np.diag(topic_similarity(aligned[i], aligned[j], measure=measure,
                                              background=background))
                     for i in range(len(aligned)) for j in range(i + 1, len(aligned))])


def topic_stability(runs: Sequence[pd.DataFrame | np.ndarray], *, measure: str = "centred",
                    background: pd.Series | np.ndarray | None = None,
                    null_q95: float | None = None, top_n: int = 10) -> pd.DataFrame:
    """Per-topic stability over **all pairs** of runs (seeds) of one model.

    ``runs`` are topics × terms matrices of the same K over the same vocabulary; the first
    is the reference whose topic numbers are kept. Every other run is aligned to it
    (:func:`align_runs`), then for each reference topic its aligned versions are compared
    in every pair of runs (not only against the first). ``measure`` and ``background`` as
    in :func:`topic_similarity` (default: cosine of topic minus corpus background).
    ``null_q95``: the 95th percentile of the same score in models of shuffled text
    (:func:`null_stability`); a topic is ``stable`` only if its stability exceeds it.

    Output, one row per topic of the reference (index ``topic``, 1..K): stability (mean
    over pairs), min_stability (worst pair), top_terms_jaccard (mean overlap of the
    ``top_n`` terms over pairs), null_q95 (missing without a null) and stable (False
    without a null). Rounded to 3 places. Taught in notebook 03, §5.
    """
    if len(runs) < 2:
        raise ValueError("topic_stability needs at least two runs")
    arrays = [np.asarray(run, dtype=float) for run in runs]
    base = None if background is None else np.asarray(background, dtype=float).ravel()
    orders = align_runs(arrays, measure=measure, background=base)
    scores = _pair_scores(arrays, orders, measure, base)
    jaccard = _pair_scores(arrays, orders, "jaccard", None)
    table = pd.DataFrame({"stability": scores.mean(axis=0), "min_stability": scores.min(axis=0),
                          "top_terms_jaccard": jaccard.mean(axis=0)},
                         index=pd.RangeIndex(1, arrays[0].shape[0] + 1, name="topic")).round(3)
    table["null_q95"] = np.nan if null_q95 is None else round(float(null_q95), 3)
    table["stable"] = (table.stability > table.null_q95) if null_q95 is not None else False
    return table


def seed_stability(runs: Sequence[pd.DataFrame | np.ndarray], *, measure: str = "centred",
                   background: pd.Series | np.ndarray | None = None) -> np.ndarray:
    """:func:`topic_stability` with each run in turn as the reference: an array runs × K
    whose row ``r`` scores the topics of run ``r`` (their mean similarity over all pairs
    of aligned runs). Used per seed in :func:`k_selection` and for the null."""
    arrays = [np.asarray(run, dtype=float) for run in runs]
    base = None if background is None else np.asarray(background, dtype=float).ravel()
    rows = []
    for r in range(len(arrays)):
        rotated = [arrays[r]] + arrays[:r] + arrays[r + 1:]
        orders = align_runs(rotated, measure=measure, background=base)
        rows.append(_pair_scores(rotated, orders, measure, base).mean(axis=0))
    return np.array(rows)


def shuffle_tokens(token_lists: Sequence[Sequence[str]], *, seed: int) -> list[list[str]]:
    """The shuffled-corpus null: all tokens permuted across documents, lengths kept.

    Every document keeps its number of tokens and the corpus keeps its exact term
    frequencies, but which words occur together in a document is random. A topic model of
    this text has no real topics; whatever stability its topics show across seeds is
    what chance and the corpus background give. Pass token lists already restricted to
    the model's vocabulary (:func:`vocabulary_tokens`) so that the model's document
    lengths are the ones kept. Deterministic given ``seed``.
    """
    lengths = [len(tokens) for tokens in token_lists]
    pool = np.array([t for tokens in token_lists for t in tokens], dtype=object)
    np.random.default_rng(seed).shuffle(pool)
    bounds = np.cumsum([0, *lengths])
    return [[str(t) for t in pool[a:b]] for a, b in zip(bounds[:-1], bounds[1:], strict=True)]


def vocabulary_tokens(token_lists: Sequence[Sequence[str]], dictionary: Dictionary
                      ) -> list[list[str]]:
    """Each token list restricted to the terms of ``dictionary`` (order kept)."""
    vocabulary = dictionary.token2id
    return [[t for t in tokens if t in vocabulary] for tokens in token_lists]


def null_stability(null_runs: Sequence[Sequence[pd.DataFrame | np.ndarray]], *,
                   measure: str = "centred", background: pd.Series | np.ndarray | None = None
                   ) -> np.ndarray:
    """Stability scores of topics of shuffled text: the null distribution.

    ``null_runs``: one list of runs (seeds, same K and settings as the real model) per
    shuffled copy of the corpus (:func:`shuffle_tokens`). Each list is scored exactly as
    the real runs are (:func:`seed_stability`: every run as reference, all pairs), and all
    topic scores are pooled into one flat array; its 95th percentile
    (``np.quantile(values, 0.95)``) is the threshold a real topic must exceed.
    """
    return np.concatenate([seed_stability(runs, measure=measure, background=background).ravel()
                           for runs in null_runs])


# --------------------------------------------------------------------------- labelling
def topic_terms(topic_word: pd.DataFrame, term_frequency: pd.Series, *, n: int = 8,
                lam: float = 0.6, frex_weight: float = 0.5,
                glosses: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Top terms of every topic three ways, plus English glosses of lexicon terms.

    Columns: topic (index), by_probability, by_frex (FREX, ``frex_weight`` on
    exclusivity), by_relevance (LDAvis relevance at ``lam``) — each ``n`` terms separated
    by spaces — and glosses (``term = gloss`` for every lexicon term among them, ``; ``
    separated; needs ``glosses``, e.g. :func:`helpers.text.lexicon.glosses`).
    """
    glosses = glosses or {}
    frex_scores = frex(topic_word, weight=frex_weight)
    relevant = relevance(topic_word, term_frequency, lam=lam)
    rows = []
    for topic in topic_word.index:
        lists = {name: list(scores.loc[topic].sort_values(ascending=False, kind="stable")
                            .index[:n])
                 for name, scores in (("by_probability", topic_word),
                                      ("by_frex", frex_scores), ("by_relevance", relevant))}
        seen = dict.fromkeys(t for terms in lists.values() for t in terms)
        rows.append({"topic": topic, **{k: " ".join(v) for k, v in lists.items()},
                     "glosses": "; ".join(f"{t} = {glosses[t]}" for t in seen if t in glosses)})
    return pd.DataFrame(rows).set_index("topic")


def representative_documents(doc_topic: pd.DataFrame, documents: pd.DataFrame, *, n: int = 2,
                             chars: int = 70) -> pd.DataFrame:
    """The ``n`` documents with the highest share of each topic.

    ``documents`` needs doc_id, article_id and text. Output columns: topic, rank,
    doc_id, share (rounded to 3 places), excerpt (first ``chars`` characters, newlines
    as ``⏎``). Ties are broken by document order.
    """
    text = documents.set_index("doc_id").text
    rows = []
    for topic in doc_topic.columns:
        best = doc_topic[topic].sort_values(ascending=False, kind="stable").head(n)
        for rank, (doc_id, share) in enumerate(best.items(), start=1):
            rows.append({"topic": topic, "rank": rank, "doc_id": doc_id,
                         "share": round(float(share), 3),
                         "excerpt": str(text[doc_id]).replace("\n", "⏎")[:chars]})
    return pd.DataFrame(rows)


def attach_labels(terms: pd.DataFrame, labels: Mapping[int, Mapping[str, str]], *,
                  column: str = "by_probability", strict: bool = True) -> pd.DataFrame:
    """Human labels beside their evidence, checked against the model.

    ``labels`` maps topic → ``{"label": ..., "anchor": term}``, written by a person who
    read the evidence for *this* model. Every topic needs a label, and each anchor must
    still be among the topic's terms in ``terms[column]`` (:func:`topic_terms`);
    otherwise the model has changed and the labels are stale. With ``strict=True`` that
    is a ``ValueError`` naming the topics; with ``strict=False`` (another corpus) such
    topics are labelled ``"T<n> (unlabelled)"``. Returns ``terms`` with ``label`` and
    ``anchor`` columns first.
    """
    def valid(topic: int) -> bool:
        return topic in labels and labels[topic]["anchor"] in terms.loc[topic, column].split()

    unknown = sorted(set(labels) - set(terms.index))
    invalid = [t for t in terms.index if not valid(t)]
    if strict and (invalid or unknown):
        raise ValueError(f"labels do not fit this model: topic(s) {invalid} have no label or "
                         f"their anchor term is no longer among the top terms ({column}); "
                         f"unknown topic(s) {unknown}. The model changed: re-read the "
                         "evidence and relabel.")
    labelled = terms.copy()
    labelled.insert(0, "anchor", [labels[t]["anchor"] if valid(t) else "" for t in terms.index])
    labelled.insert(0, "label", [labels[t]["label"] if valid(t) else f"T{t} (unlabelled)"
                                 for t in terms.index])
    return labelled


# --------------------------------------------------------------------------- by locality
def locality_topic_shares(doc_topic: pd.DataFrame, localities: pd.Series, *,
                          n_boot: int = 2000, level: float = 0.95,
                          seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """Mean topic share of the documents of each locality, with bootstrap intervals.

    ``localities`` gives each document's locality (aligned with ``doc_topic``'s rows).
    Documents of a locality are resampled with replacement (percentile intervals,
    :func:`helpers.analysis.stats.bootstrap_ci`), with one generator per locality
    (:func:`helpers.analysis.stats.group_seed`), so all topics of a locality share the same
    resamples. Output, sorted by locality then topic: locality, topic, share, low, high,
    n_docs (shares rounded to 3 places).
    """
    localities = pd.Series(np.asarray(localities), index=doc_topic.index)
    rows = []
    for name in sorted(localities.unique(), key=str):
        part = doc_topic[localities == name].to_numpy(dtype=float)
        for j, topic in enumerate(doc_topic.columns):
            estimate, low, high = bootstrap_ci(part[:, [j]], lambda r: float(r.mean()),
                                               n_boot=n_boot, level=level,
                                               seed=group_seed(seed, name))
            rows.append({"locality": name, "topic": topic, "share": estimate, "low": low,
                         "high": high, "n_docs": len(part)})
    return pd.DataFrame(rows).round({"share": 3, "low": 3, "high": 3})


def pooled_locality_shares(doc_topics: Sequence[pd.DataFrame], localities: pd.Series, *,
                           n_boot: int = 2000, level: float = 0.95,
                           seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """Locality × topic shares pooled over seeds, with intervals that include the seed.

    ``doc_topics``: the document-topic tables of several seeds, **aligned** to one
    reference (columns reordered with :func:`align_runs`, so column ``t`` is topic ``t``
    of the reference in every seed); ``localities`` gives each document's locality
    (aligned with their rows). ``share`` is the mean over seeds of the locality's mean
    document share. Each of ``n_boot`` draws picks a seed at random and resamples the
    locality's documents with replacement, so the interval (``low``, ``high``:
    percentile, ``level``) reflects both which seed was run and which paragraphs the text
    happens to have. ``seed_min``/``seed_max``: the range of the per-seed means (seed
    variation alone). One generator per locality (:func:`helpers.analysis.stats.group_seed`),
    shared by all its topics. Output sorted by locality then topic: locality, topic,
    share, low, high, seed_min, seed_max, n_docs, n_seeds (shares rounded to 3 places).
    Taught in notebook 03, §8.
    """
    stacked = np.stack([np.asarray(t, dtype=float) for t in doc_topics])  # seeds × docs × K
    names = np.asarray(localities)
    tail = (1 - level) / 2
    rows = []
    for name in sorted(pd.unique(names), key=str):
        part = stacked[:, names == name, :]
        n_seeds, n_docs, _ = part.shape
        rng = np.random.default_rng(group_seed(seed, name))
        picks = rng.integers(n_seeds, size=n_boot)
        draws = rng.integers(n_docs, size=(n_boot, n_docs))
        boot = part[picks[:, None], draws, :].mean(axis=1)  # n_boot × K
        per_seed = part.mean(axis=1)  # seeds × K
        for j, topic in enumerate(doc_topics[0].columns):
            rows.append({"locality": name, "topic": topic,
                         "share": float(per_seed[:, j].mean()),
                         "low": float(np.quantile(boot[:, j], tail)),
                         "high": float(np.quantile(boot[:, j], 1 - tail)),
                         "seed_min": float(per_seed[:, j].min()),
                         "seed_max": float(per_seed[:, j].max()),
                         "n_docs": n_docs, "n_seeds": n_seeds})
    columns = ["share", "low", "high", "seed_min", "seed_max"]
    return pd.DataFrame(rows).round(dict.fromkeys(columns, 3))


def aligned_tables(results: Sequence[FitResult | TopicFit], *, measure: str = "centred",
                   background: pd.Series | np.ndarray | None = None
                   ) -> tuple[list[pd.DataFrame], list[pd.DataFrame]]:
    """Topic-word and document-topic tables of several seeds renumbered to the first's
    topics (:func:`align_runs`): ``(topic_words, doc_topics)``, each topic ``t`` of every
    table being the match of topic ``t`` of ``results[0]``."""
    orders = align_runs([r.topic_word for r in results], measure=measure, background=background)
    topic_words, doc_topics = [], []
    for result, order in zip(results, orders, strict=True):
        index = result.topic_word.index
        phi = result.topic_word.iloc[order].copy()
        phi.index = index
        theta = result.doc_topic.iloc[:, order].copy()
        theta.columns = result.doc_topic.columns
        topic_words.append(phi)
        doc_topics.append(theta)
    return topic_words, doc_topics


# --------------------------------------------------------------------------- second library
def _import_tomotopy():
    # Pin the SIMD code path (tomotopy otherwise picks avx512/avx2/sse2 at import; must
    # precede the import). LDA's draws are the same under every ISA and on every x86-64
    # CPU seen (tests/test_topic_engines.py); DMR's are not (see helpers.analysis.dmr.fit).
    os.environ.setdefault("TOMOTOPY_ISA", "sse2")
    with warnings.catch_warnings():  # tomotopy 0.14.0 under Python 3.11 import machinery
        warnings.filterwarnings("ignore", message="builtin type .* has no __module__",
                                category=DeprecationWarning)
        import tomotopy
    return tomotopy


def _tomotopy_model(token_lists: Sequence[Sequence[str]], dictionary: Dictionary,
                    doc_ids: Sequence[object], *, k: int, seed: int, iterations: int,
                    alpha: float, eta: float, optim_interval: int = 10, workers: int = 1):
    """A trained ``tomotopy.LDAModel`` (see :func:`train_tomotopy`); ``optim_interval``:
    re-estimate alpha every this many iterations (0 = keep it fixed); ``workers > 1``
    uses tomotopy's default parallel scheme (not reproducible, see :func:`fit_topics`)."""
    tp = _import_tomotopy()
    model = tp.LDAModel(k=k, alpha=alpha, eta=eta, seed=seed)
    model.optim_interval = optim_interval
    vocabulary = dictionary.token2id
    for doc_id, tokens in zip(doc_ids, token_lists, strict=True):
        kept = [t for t in tokens if t in vocabulary]
        if not kept:
            raise ValueError(f"document {doc_id} has no term of the vocabulary")
        model.add_doc(kept)
    parallel = tp.ParallelScheme.NONE if workers == 1 else tp.ParallelScheme.DEFAULT
    if iterations:  # 0: documents added, sampler not started (tomotopy_convergence steps it)
        model.train(iterations, workers=workers, parallel=parallel)
    return model


def _tomotopy_frames(model, dictionary: Dictionary, doc_ids: Sequence[object]
                     ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(topic_word, doc_topic)`` of a trained tomotopy model, laid out like
    :func:`topic_word` and :func:`doc_topic` (see :func:`train_tomotopy`)."""
    k = model.k
    used = list(model.used_vocabs)
    phi = np.array([model.get_topic_word_dist(j) for j in range(k)], dtype=float)
    position = {term: i for i, term in enumerate(used)}
    terms = [dictionary[i] for i in range(len(dictionary))]
    full = np.array([[row[position[t]] if t in position else 0.0 for t in terms] for row in phi])
    full = (full + 1e-12) / (full + 1e-12).sum(axis=1, keepdims=True)
    theta = np.array([doc.get_topic_dist() for doc in model.docs], dtype=float)
    index = pd.RangeIndex(1, k + 1, name="topic")
    return (pd.DataFrame(full, index=index, columns=pd.Index(terms, name="term")),
            pd.DataFrame(theta, index=pd.Index(list(doc_ids), name="doc_id"), columns=index))


def train_tomotopy(token_lists: Sequence[Sequence[str]], dictionary: Dictionary, doc_ids:
                   Sequence[str], *, k: int, seed: int = DEFAULT_SEED, iterations: int = 1000,
                   alpha: float = 0.1, eta: float = 0.05) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The same model with tomotopy's collapsed Gibbs sampler (one worker, fixed seed).

    tomotopy runs its SSE2 code path (``TOMOTOPY_ISA=sse2`` unless the variable is already
    set before the first call), so the draws do not depend on the CPU's vector extensions.

    Only tokens in ``dictionary`` are used, so both libraries see the same vocabulary.
    tomotopy re-estimates an asymmetric ``alpha`` every 10 iterations (like gensim's
    ``alpha="auto"``); ``eta`` is symmetric and fixed. Returns ``(topic_word,
    doc_topic)`` as DataFrames laid out like :func:`topic_word` and :func:`doc_topic`
    (terms in dictionary order; a dictionary term absent from ``token_lists`` gets a
    negligible probability). A document with no vocabulary term is a ``ValueError``.
    :func:`fit_topics` gives the same through one entry point for both libraries.
    """
    model = _tomotopy_model(token_lists, dictionary, doc_ids, k=k, seed=seed,
                            iterations=iterations, alpha=alpha, eta=eta)
    return _tomotopy_frames(model, dictionary, doc_ids)


def compare_models(models: Mapping[str, pd.DataFrame], texts: Sequence[Sequence[str]],
                   dictionary: Dictionary, *, background: pd.Series | np.ndarray | None = None,
                   null_q95: float | None = None) -> pd.DataFrame:
    """Coherence and exclusivity of several models of the same corpus, same K.

    ``models`` maps a name to its topic-word DataFrame; the first is the reference.
    Columns: model, c_v, c_npmi, u_mass, exclusivity, matched_similarity (mean centred
    cosine, :func:`topic_similarity` with ``background``, of each reference topic to its
    Hungarian match in this model; 1 for the reference) and, with ``null_q95`` (from
    :func:`null_stability`), n_matched_above_null: how many reference topics have a match
    more similar than the null's 95th percentile. Rounded to 3 places.
    """
    names = list(models)
    matches = topic_matches(models[names[0]], models, background=background)
    rows = []
    for name in names:
        phi, similarity = models[name], matches[name]
        row = {"model": name, **coherence(phi, texts, dictionary).iloc[0].to_dict(),
               "exclusivity": float(exclusivity(phi).mean()),
               "matched_similarity": float(similarity.mean())}
        if null_q95 is not None:
            row["n_matched_above_null"] = int((similarity > null_q95).sum())
        rows.append(row)
    return pd.DataFrame(rows).round(3)


# --------------------------------------------------------------------------- one entry point
#: Engines accepted by :func:`fit_topics`.
ENGINES: tuple[str, ...] = ("gensim", "tomotopy")


class TopicFit(NamedTuple):
    """Result of :func:`fit_topics`: the same tables whichever engine fitted the model."""

    topic_word: pd.DataFrame  #: topics × terms: index ``topic`` 1..K, dictionary id order
    doc_topic: pd.DataFrame  #: documents × topics: index ``doc_id``, columns topic 1..K
    engine: str  #: ``"gensim"`` or ``"tomotopy"``
    settings: dict[str, object]  #: every training setting, defaults resolved
    #: the engine's own model (``LdaModel`` or ``tomotopy.LDAModel``); when the tables come
    #: from the cache, a :class:`CachedModel` with the model's final prior and likelihood
    model: object
    converged: bool = True  #: see :func:`fit_topics` (the rule of each engine)
    trace: pd.DataFrame | None = None  #: how the fit got there (see :func:`fit_topics`)


class CachedModel(NamedTuple):
    """Stand-in for the engine's model when :func:`fit_topics` read its tables from the
    cache: the fitted model itself is never stored (no pickle), only these summaries."""

    alpha: np.ndarray  #: the document-topic prior the model ended with (one per topic)
    ll_per_word: float  #: tomotopy's final log-likelihood per token (NaN for gensim)


#: tomotopy: a fit has converged when its log-likelihood per token moves by at most this
#: much (nats) over the second half of the sweeps; gensim: when the mean total-variation
#: change of its topics in the last pass is at most :data:`CONVERGENCE_CHANGE`.
CONVERGENCE_LL = 0.1
CONVERGENCE_CHANGE = 0.01

#: Environment variable that switches the topic cache off (``off``, ``0``, ``false``, ``no``).
CACHE_ENV = "POLICING_TOPIC_CACHE"
_CACHE_FORMAT = 1


def cache_enabled(cache: bool | None = None) -> bool:
    """Whether fitted tables are read from / written to the topic cache: ``cache`` if
    given, else on unless ``$POLICING_TOPIC_CACHE`` is ``off``, ``0``, ``false`` or ``no``."""
    return helpers_cache.switched_on(CACHE_ENV, cache)


@functools.cache
def _package_version(name: str) -> str:
    """An installed package's version, read once per process (reading the metadata
    costs about 1 ms, and every fit of a K selection asks for three)."""
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover
        return "absent"


def library_versions() -> dict[str, str]:
    """Versions that change what a fit computes (part of every cache key): gensim,
    tomotopy, numpy, and tomotopy's SIMD code path (``TOMOTOPY_ISA``)."""
    versions = {name: _package_version(name) for name in ("gensim", "tomotopy", "numpy")}
    versions["TOMOTOPY_ISA"] = os.environ.get("TOMOTOPY_ISA", "sse2")
    return versions


def _json_default(value: object) -> object:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    raise TypeError(f"cannot hash {type(value).__name__} in a topic cache key")


def _digest(value: object) -> str:
    """sha256 of ``value`` as canonical JSON (sorted keys, no spaces, UTF-8)."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      default=_json_default)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _dictionary_digest(dictionary: Dictionary) -> str:
    return _digest({"vocabulary": [dictionary[i] for i in range(len(dictionary))],
                    "dfs": [int(dictionary.dfs.get(i, 0)) for i in range(len(dictionary))],
                    "cfs": [int(dictionary.cfs.get(i, 0)) for i in range(len(dictionary))],
                    "num_docs": int(dictionary.num_docs)})


def _compose_key(documents_digest: str, dictionary_digest: str, engine: str,
                 settings: Mapping[str, object], extra: Mapping[str, object]) -> str:
    return _digest({"format": _CACHE_FORMAT, "engine": engine, "settings": dict(settings),
                    "documents": documents_digest, "dictionary": dictionary_digest,
                    "versions": library_versions(), "extra": dict(extra)})


def fit_key(documents: Sequence[Sequence[object]], dictionary: Dictionary, engine: str,
            settings: Mapping[str, object], **extra: object) -> str:
    """The cache key of a fit: sha256 of the documents (token lists or bags of words, in
    order), the dictionary (terms in id order, document and corpus frequencies), the
    engine, every setting, the library versions (:func:`library_versions`) and ``extra``
    (what a scored job adds). Any change to any of them is another key."""
    return _compose_key(_digest([list(d) for d in documents]), _dictionary_digest(dictionary),
                        engine, settings, extra)


def cache_path(key: str) -> Path:
    """Where the cache entry ``key`` lives: ``cache_dir()/topics/<key>.npz``."""
    return cache_dir() / "topics" / f"{key}.npz"


def _read_entry(key: str) -> dict[str, np.ndarray] | None:
    """The arrays of a complete entry for ``key``, or ``None`` (missing, truncated,
    corrupt or another key's file: all rebuilt by the caller)."""
    path = cache_path(key)
    if not path.is_file():
        return None
    try:
        with np.load(path, allow_pickle=False) as entry:
            arrays = {name: entry[name] for name in entry.files}
    except (OSError, ValueError, EOFError, KeyError, zipfile.BadZipFile):
        return None
    if "key" not in arrays or str(arrays["key"]) != key:
        return None
    return arrays


def _write_entry(key: str, arrays: Mapping[str, np.ndarray]) -> None:
    """Store ``arrays`` as ``.npz`` for ``key``: temporary file in the same folder, then an
    atomic ``os.replace``, so a reader never sees half an entry. Failures to write (a
    read-only folder) are ignored: the cache is an optimisation."""
    path = cache_path(key)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{key}.", suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as handle:
            np.savez(handle, key=np.array(key), **arrays)
        os.replace(tmp, path)
    except OSError:
        Path(tmp).unlink(missing_ok=True)


def _fit_arrays(topic_word_: np.ndarray, doc_topic_: np.ndarray, alpha: np.ndarray,
                converged: bool, trace: pd.DataFrame, ll_per_word: float) -> dict[str, np.ndarray]:
    return {"topic_word": np.asarray(topic_word_, dtype=float),
            "doc_topic": np.asarray(doc_topic_, dtype=float),
            "alpha": np.asarray(alpha, dtype=float), "converged": np.array(bool(converged)),
            "ll_per_word": np.array(float(ll_per_word)),
            "trace_columns": np.array(list(trace.columns), dtype=str),
            "trace_values": trace.to_numpy(dtype=float)}


def _fit_from_arrays(arrays: Mapping[str, np.ndarray], dictionary: Dictionary,
                     doc_ids: Sequence[object], engine: str, settings: dict[str, object],
                     model: object | None) -> TopicFit:
    """The :class:`TopicFit` of stored (or freshly computed) arrays: fresh and cached fits
    go through this one function, so their tables are identical."""
    phi, theta = arrays["topic_word"], arrays["doc_topic"]
    k = phi.shape[0]
    if phi.shape != (k, len(dictionary)) or theta.shape != (len(doc_ids), k):
        raise ValueError("cache entry does not fit the documents")
    index = pd.RangeIndex(1, k + 1, name="topic")
    terms = pd.Index([dictionary[i] for i in range(len(dictionary))], name="term")
    trace = pd.DataFrame(arrays["trace_values"], columns=[str(c) for c in
                                                           arrays["trace_columns"]])
    first = trace.columns[0]
    trace[first] = trace[first].astype("int64")
    if model is None:
        model = CachedModel(np.asarray(arrays["alpha"], dtype=float),
                            float(arrays["ll_per_word"]))
    return TopicFit(pd.DataFrame(phi, index=index, columns=terms),
                    pd.DataFrame(theta, index=pd.Index(list(doc_ids), name="doc_id"),
                                 columns=index),
                    engine, settings, model, bool(arrays["converged"]), trace)


def _progress(total: int, desc: str, progress: bool | None) -> Any:
    """A tqdm bar, or ``None``. ``progress=None`` (auto): only when stderr is a terminal,
    so a notebook (whose stderr is the kernel's stream, not a terminal) never shows one."""
    if progress is None:
        progress = bool(getattr(sys.stderr, "isatty", lambda: False)())
    if not progress or total < 2:
        return None
    from tqdm import tqdm
    return tqdm(total=total, desc=desc, unit="fit", leave=False, file=sys.stderr)


def _is_bag_of_words(documents: Sequence[Sequence[object]]) -> bool:
    """True for ``[(term_id, count), ...]`` documents, False for token lists (decided by
    the first element of the first non-empty document; all empty counts as tokens)."""
    for document in documents:
        for item in document:
            if isinstance(item, str):
                return False
            if isinstance(item, tuple | list) and len(item) == 2:
                return True
            raise TypeError("documents must be token lists (lists of str) or bags of words "
                            f"(lists of (term_id, count)); found an element {item!r}")
    return False


def fit_topics(documents: Sequence[Bow] | Sequence[Sequence[str]], dictionary: Dictionary,
               k: int, *, engine: str = "gensim", doc_ids: Sequence[object] | None = None,
               seed: int = DEFAULT_SEED, passes: int | None = None,
               iterations: int | None = None, alpha: str | float = "auto", eta: float = 0.05,
               chunksize: int | None = None, workers: int = 1,
               cache: bool | None = None) -> TopicFit:
    """Fit LDA with gensim (variational Bayes) or tomotopy (collapsed Gibbs sampling) and
    return the same two tables either way.

    ``documents`` are token lists or bags of words (:func:`bag_of_words`) over
    ``dictionary``; only dictionary terms are modelled, and a document with none of them
    is a ``ValueError`` for both engines. ``doc_ids`` name the documents (default 0..n-1).
    Returns a :class:`TopicFit` whose ``topic_word`` (K × vocabulary, rows sum to 1) and
    ``doc_topic`` (documents × K, rows sum to 1) have the same index, columns and
    vocabulary order for both engines, laid out like :func:`topic_word` and
    :func:`doc_topic`.

    ``engine="gensim"`` (default) trains with :func:`train_lda` (one process,
    ``LdaModel``) and returns :func:`topic_word` and :func:`doc_topic` (the seeded
    variational posterior of every document under the final model: one more E-step over
    the corpus). ``passes`` defaults to 40, ``iterations`` (E-step iterations per
    document) to 400, ``chunksize`` to all documents (full batch; smaller = online
    variational Bayes). ``workers`` must be 1: gensim's ``LdaMulticore`` gives results that
    depend on process scheduling and cannot learn ``alpha``.

    ``engine="tomotopy"`` trains as :func:`train_tomotopy` does; ``iterations`` (Gibbs
    sweeps over the corpus) defaults to 1000, ``doc_topic`` is the sampler's final state.
    ``passes`` and ``chunksize`` do not apply (``ValueError``). ``workers=1`` (default) is
    reproducible. ``workers > 1`` samples in parallel threads (tomotopy's default
    parallel scheme), which is faster on large corpora but **not reproducible** in the
    sense the notebooks need: the result differs from the one-worker result and depends
    on the number of workers, and tomotopy warns (``RuntimeWarning``) that it may differ
    between runs even with the same seed — as gensim's ``LdaMulticore`` results do. Token
    lists are used in their order; bags of words are expanded in their (term id) order,
    so the same documents given both ways are two different, equally valid draws.

    Priors mean the same for both engines: ``alpha="auto"`` learns an asymmetric
    document-topic prior starting from 1/K (gensim ``alpha="auto"``; tomotopy re-estimates
    it every 10 sweeps); ``alpha="symmetric"`` is a fixed 1/K; a number is a fixed
    symmetric prior. ``eta`` is a fixed symmetric topic-word prior.

    **Convergence** is reported, never raised: ``converged`` is True when tomotopy's
    log-likelihood per token moved by at most :data:`CONVERGENCE_LL` over the second half
    of the sweeps (the sampler runs in ten steps, which gives exactly the model of one
    call; ``trace``: iteration, ll_per_word, topic_change after each step), or when
    gensim's topics changed by at most :data:`CONVERGENCE_CHANGE` (mean total variation)
    in the last pass (``trace``: pass, topic_change; recording it does not change the
    model). A fit that has not converged still returns its tables.

    **Cache**: with ``cache=True`` (or ``None`` and ``$POLICING_TOPIC_CACHE`` not ``off``)
    and one worker, the tables are read from ``cache_dir()/topics/<key>.npz`` when an
    entry for the same documents, dictionary, settings and library versions exists
    (:func:`fit_key`), and stored after a fresh fit; both paths build the result with the
    same code, so their tables are identical. ``model`` is then a :class:`CachedModel`.
    Taught in notebook 03, §4 (after the same model written with gensim's own calls).
    """
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {', '.join(map(repr, ENGINES))}, "
                         f"not {engine!r}")
    if not isinstance(k, int | np.integer) or k < 1:
        raise ValueError(f"k must be a positive integer, not {k!r}")
    if not isinstance(workers, int | np.integer) or workers < 1:
        raise ValueError(f"workers must be a positive integer, not {workers!r}")
    if isinstance(alpha, str):
        if alpha not in ("auto", "symmetric"):
            raise ValueError(f"alpha must be 'auto', 'symmetric' or a positive number, "
                             f"not {alpha!r}")
    elif not alpha > 0:
        raise ValueError(f"alpha must be 'auto', 'symmetric' or a positive number, not {alpha!r}")
    if isinstance(eta, str) or not eta > 0:
        raise ValueError(f"eta must be a positive number, not {eta!r}")
    documents = list(documents)
    doc_ids = list(range(len(documents))) if doc_ids is None else list(doc_ids)
    if len(doc_ids) != len(documents):
        raise ValueError(f"{len(doc_ids)} doc_ids for {len(documents)} documents")
    is_bow = _is_bag_of_words(documents)

    if engine == "gensim":
        if workers != 1:
            raise ValueError("engine='gensim' trains in one process (workers=1): LdaMulticore's "
                             "results depend on process scheduling. For parallel training use "
                             "engine='tomotopy' with workers > 1 (also not reproducible).")
        settings: dict[str, object] = {
            "k": k, "seed": seed, "passes": 40 if passes is None else passes,
            "iterations": 400 if iterations is None else iterations, "alpha": alpha,
            "eta": eta, "chunksize": chunksize or max(len(documents), 1), "workers": 1}
        bow = documents if is_bow else bag_of_words(dictionary, documents)
        for doc_id, document in zip(doc_ids, bow, strict=True):
            if not document:
                raise ValueError(f"document {doc_id} has no term of the vocabulary")
    else:
        for name, value in (("passes", passes), ("chunksize", chunksize)):
            if value is not None:
                raise ValueError(f"{name} does not apply to engine='tomotopy' (Gibbs sampling "
                                 "sweeps the whole corpus): set iterations=")
        start = 1 / k if isinstance(alpha, str) else float(alpha)
        settings = {"k": k, "seed": seed,
                    "iterations": 1000 if iterations is None else iterations,
                    "alpha": alpha, "alpha_start": start,
                    "optim_interval": 10 if alpha == "auto" else 0, "eta": eta,
                    "workers": int(workers)}
        if not isinstance(settings["iterations"], int | np.integer) or settings["iterations"] < 1:
            raise ValueError(f"iterations must be a positive integer, not {iterations!r}")
    use_cache = cache_enabled(cache) and int(workers) == 1
    key = fit_key(documents, dictionary, engine, settings) if use_cache else ""
    if use_cache:
        stored = _read_entry(key)
        if stored is not None:
            try:
                return _fit_from_arrays(stored, dictionary, doc_ids, engine, settings, None)
            except (KeyError, ValueError):
                pass  # an entry of the wrong shape: refit and overwrite it
    if engine == "gensim":
        arrays, model = _fit_gensim(bow, dictionary, doc_ids, settings)
    else:
        tokens = ([[dictionary[i] for i, count in document for _ in range(int(count))]
                   for document in documents] if is_bow else documents)
        arrays, model = _fit_tomotopy(tokens, dictionary, doc_ids, settings)
    if use_cache:
        _write_entry(key, arrays)
    return _fit_from_arrays(arrays, dictionary, doc_ids, engine, settings, model)


def _fit_gensim(bow: Sequence[Bow], dictionary: Dictionary, doc_ids: Sequence[object],
                settings: Mapping[str, Any]) -> tuple[dict[str, np.ndarray], LdaModel]:
    """Train as :func:`train_lda` does, recording the topic change of every pass."""
    k, seed = int(settings["k"]), settings["seed"]
    model = train_lda(bow, dictionary, k=k, seed=seed, passes=settings["passes"],
                      iterations=settings["iterations"], alpha=settings["alpha"],
                      eta=settings["eta"], chunksize=settings["chunksize"], heldout=([], []))
    trace = convergence_table(model)[["pass", "topic_change"]]
    final = float(trace.topic_change.iloc[-1])
    converged = bool(np.isfinite(final) and final <= CONVERGENCE_CHANGE)
    alpha = np.broadcast_to(np.asarray(model.alpha, dtype=float), (k,))
    arrays = _fit_arrays(topic_word(model).to_numpy(),
                         doc_topic(model, bow, doc_ids, seed=seed).to_numpy(), alpha,
                         converged, trace, float("nan"))
    return arrays, model


def _fit_tomotopy(tokens: Sequence[Sequence[str]], dictionary: Dictionary,
                  doc_ids: Sequence[object], settings: Mapping[str, Any]
                  ) -> tuple[dict[str, np.ndarray], object]:
    """Train as :func:`train_tomotopy` does, in ten steps (the same model as one call),
    recording the log-likelihood per token and the topic change after each step."""
    tp = _import_tomotopy()
    k, total, workers = int(settings["k"]), int(settings["iterations"]), int(settings["workers"])
    model = _tomotopy_model(tokens, dictionary, doc_ids, k=k, seed=settings["seed"],
                            iterations=0, alpha=settings["alpha_start"], eta=settings["eta"],
                            optim_interval=settings["optim_interval"], workers=workers)
    parallel = tp.ParallelScheme.NONE if workers == 1 else tp.ParallelScheme.DEFAULT
    every = max(1, total // 10)
    steps = [every] * (total // every) + ([total % every] if total % every else [])
    rows, done, previous = [], 0, None
    for step in steps:
        model.train(step, workers=workers, parallel=parallel)
        done += step
        phi = np.array([model.get_topic_word_dist(j) for j in range(k)], dtype=float)
        change = (float("nan") if previous is None
                  else float(np.abs(phi - previous).sum(axis=1).mean() / 2))
        previous = phi
        rows.append({"iteration": done, "ll_per_word": float(model.ll_per_word),
                     "topic_change": change})
    trace = pd.DataFrame(rows, columns=["iteration", "ll_per_word", "topic_change"])
    late = trace.ll_per_word[trace.iteration >= total / 2]
    spread = float(late.max() - late.min()) if len(late) > 1 else float("nan")
    converged = bool(np.isfinite(spread) and spread <= CONVERGENCE_LL)
    phi_frame, theta_frame = _tomotopy_frames(model, dictionary, doc_ids)
    alpha = np.broadcast_to(np.asarray(model.alpha, dtype=float), (k,))
    arrays = _fit_arrays(phi_frame.to_numpy(), theta_frame.to_numpy(), alpha, converged, trace,
                         float(model.ll_per_word))
    return arrays, model


def tomotopy_convergence(token_lists: Sequence[Sequence[str]], dictionary: Dictionary, k: int,
                         *, seed: int = DEFAULT_SEED, iterations: int = 1000, every: int = 50,
                         alpha: str | float = "auto", eta: float = 0.05) -> pd.DataFrame:
    """How a tomotopy fit (as :func:`fit_topics` ``engine="tomotopy"`` makes it) got there.

    The sampler runs in steps of ``every`` sweeps up to ``iterations``; training in steps
    gives exactly the model of one call (tested). After each step: ``iteration``,
    ``ll_per_word`` (tomotopy's log-likelihood per token, higher is better) and
    ``topic_change`` (mean total-variation distance between the topics of this step and
    the previous one, missing for the first). A Gibbs sampler does not stop moving: the
    change falls to the level of sampling noise and stays there.
    """
    if iterations % every:
        raise ValueError("iterations must be a multiple of every")
    start = 1 / k if isinstance(alpha, str) else float(alpha)
    optim_interval = 10 if alpha == "auto" else 0
    tokens = vocabulary_tokens(token_lists, dictionary)
    model = _tomotopy_model(tokens, dictionary, list(range(len(tokens))), k=k, seed=seed,
                            iterations=0, alpha=start, eta=eta, optim_interval=optim_interval)
    tp = _import_tomotopy()
    rows, previous = [], None
    for step in range(iterations // every):
        model.train(every, workers=1, parallel=tp.ParallelScheme.NONE)
        phi = np.array([model.get_topic_word_dist(j) for j in range(k)], dtype=float)
        change = (float("nan") if previous is None
                  else float(np.abs(phi - previous).sum(axis=1).mean() / 2))
        previous = phi
        rows.append({"iteration": (step + 1) * every, "ll_per_word": float(model.ll_per_word),
                     "topic_change": change})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- many fits
class FitJob(NamedTuple):
    """One model to fit in :func:`fit_many`."""

    corpus: str  #: key of the token lists in ``corpora``
    k: int  #: number of topics
    seed: int  #: the engine's seed
    heldout: str | None = None  #: key in ``heldout``: score completion perplexity on it
    score: bool = False  #: score coherence and exclusivity against ``reference_texts``


class FitResult(NamedTuple):
    """Result of one :class:`FitJob` (no engine model: only plain tables cross processes)."""

    job: FitJob
    topic_word: pd.DataFrame  #: as :attr:`TopicFit.topic_word`
    doc_topic: pd.DataFrame  #: as :attr:`TopicFit.doc_topic`
    scores: dict[str, float]  #: c_v, c_npmi, u_mass, exclusivity, heldout_perplexity (if asked)
    converged: bool = True  #: as :attr:`TopicFit.converged`
    trace: pd.DataFrame | None = None  #: as :attr:`TopicFit.trace`


def fold_in(topic_word: pd.DataFrame | np.ndarray, bow: Sequence[Bow],
            alpha: float | Sequence[float] | np.ndarray, *, iterations: int = 100
            ) -> np.ndarray:
    """Topic shares of new documents under fixed topics, by a deterministic EM fold-in.

    ``bow``: bags of words over the model's vocabulary; ``alpha``: the model's
    document-topic prior (scalar or one value per topic). Starting from uniform shares,
    ``iterations`` times: ``θ_k ∝ α_k + Σ_w n_w θ_k φ_kw / Σ_j θ_j φ_jw``. The same
    computation for either engine, with no random draws, so held-out scores of gensim and
    tomotopy models are comparable and reproducible. Returns documents × topics (rows sum
    to 1; a document with no tokens gets ``α`` normalised).
    """
    phi = np.asarray(topic_word, dtype=float)
    k = phi.shape[0]
    prior = np.broadcast_to(np.asarray(alpha, dtype=float), (k,))
    theta = np.empty((len(bow), k))
    for d, document in enumerate(bow):
        if not document:
            theta[d] = prior / prior.sum()
            continue
        ids = np.array([i for i, _ in document])
        counts = np.array([c for _, c in document], dtype=float)
        part = phi[:, ids]
        shares = np.full(k, 1.0 / k)
        for _ in range(iterations):
            weights = shares[:, None] * part
            weights /= weights.sum(axis=0, keepdims=True)
            shares = prior + weights @ counts
            shares /= shares.sum()
        theta[d] = shares
    return theta


def _model_alpha(fit: TopicFit) -> np.ndarray:
    """The document-topic prior a fitted model ended with (learned or fixed; also for a
    :class:`CachedModel`)."""
    alpha = np.asarray(fit.model.alpha, dtype=float)
    return np.broadcast_to(alpha, (fit.topic_word.shape[0],)).copy()


_WORKER: dict[str, object] = {}


def _init_worker(state: dict[str, object]) -> None:
    _WORKER.clear()
    _WORKER.update(state)
    if "environment" in state:  # a pool worker: the caller's POLICING_* settings
        pools.apply_environment(state["environment"])  # type: ignore[arg-type]


def _job_key(job: FitJob, state: Mapping[str, Any]) -> str:
    """Cache key of a scored job: the fit's key plus everything its scores depend on
    (digests computed once per :func:`fit_many` call, not once per job)."""
    digests = state["digests"]
    settings = {**state["settings"], "k": job.k, "seed": job.seed, "engine": state["engine"]}
    extra: dict[str, object] = {"job": "fit_many", "score": job.score}
    if job.score:
        extra["reference_texts"] = digests["reference_texts"]
    if job.heldout is not None:
        extra["heldout"] = digests["heldout"][job.heldout]
    return _compose_key(digests["corpora"][job.corpus], digests["dictionary"],
                        state["engine"], settings, extra)


def _job_doc_ids(job: FitJob, state: Mapping[str, Any]) -> list[object]:
    doc_ids = state["doc_ids"].get(job.corpus)
    return list(range(len(state["corpora"][job.corpus]))) if doc_ids is None else doc_ids


def _cached_result(job: FitJob, state: Mapping[str, Any], key: str | None = None
                   ) -> FitResult | None:
    """The job's result read from the topic cache (``state``: as :func:`_init_worker`
    gets it, cache on; ``key``: the job's :func:`_job_key` if already computed), or None
    when it has no complete entry."""
    stored = _read_entry(_job_key(job, state) if key is None else key)
    if stored is None or "score_names" not in stored:
        return None
    try:
        fit = _fit_from_arrays(stored, state["dictionary"], _job_doc_ids(job, state),
                               state["engine"], {}, None)
        scores = {str(n): float(v) for n, v in zip(stored["score_names"],
                                                    stored["score_values"], strict=True)}
    except (KeyError, ValueError):
        return None  # a damaged entry: refit and overwrite it
    return FitResult(job, fit.topic_word, fit.doc_topic, scores, fit.converged, fit.trace)


def _run_job(job: FitJob) -> FitResult:
    """Fit and score one job with the state set by :func:`_init_worker` (one thread),
    through the cache when it is on (the entry holds the tables, trace and scores)."""
    state = _WORKER
    dictionary = state["dictionary"]
    tokens = state["corpora"][job.corpus]
    doc_ids = _job_doc_ids(job, state)
    use_cache = state["cache"]
    key = _job_key(job, state) if use_cache else ""
    if use_cache and (cached := _cached_result(job, state, key)) is not None:
        return cached
    fit = fit_topics(tokens, dictionary, job.k, engine=state["engine"], seed=job.seed,
                     doc_ids=doc_ids, cache=False, **state["settings"])
    scores: dict[str, float] = {}
    if job.score:
        texts = state["reference_texts"]
        if "reference" not in state:  # the texts as id arrays, once per worker
            state["reference"] = ReferenceTexts(texts, dictionary)
        scores.update(coherence(fit.topic_word, texts, dictionary,  # the job entry keeps it
                                cache=False, reference=state["reference"]).iloc[0].to_dict())
        scores["exclusivity"] = float(exclusivity(fit.topic_word).mean())
    if job.heldout is not None:
        observed, evaluated = state["heldout"][job.heldout]
        theta = fold_in(fit.topic_word, observed, _model_alpha(fit))
        scores["heldout_perplexity"] = completion_perplexity(theta, fit.topic_word.to_numpy(),
                                                             evaluated)
    if use_cache:
        arrays = _fit_arrays(fit.topic_word.to_numpy(), fit.doc_topic.to_numpy(),
                             _model_alpha(fit), fit.converged, fit.trace,
                             float(getattr(fit.model, "ll_per_word", float("nan"))))
        arrays["score_names"] = np.array(list(scores), dtype=str)
        arrays["score_values"] = np.array([scores[n] for n in scores], dtype=float)
        _write_entry(key, arrays)
    return FitResult(job, fit.topic_word, fit.doc_topic, scores, fit.converged, fit.trace)


def fit_many(jobs: Sequence[FitJob], corpora: Mapping[str, Sequence[Sequence[str]]],
             dictionary: Dictionary, *, engine: str = "tomotopy", workers: int = 1,
             doc_ids: Mapping[str, Sequence[object]] | None = None,
             reference_texts: Sequence[Sequence[str]] | None = None,
             heldout: Mapping[str, tuple[Sequence[Bow], Sequence[Bow]]] | None = None,
             cache: bool | None = None, progress: bool | None = None,
             **settings: object) -> list[FitResult]:
    """Fit (and score) many models, in ``workers`` processes, with results independent of
    the number of workers.

    ``jobs``: :class:`FitJob` (corpus key, K, seed, what to score). ``corpora``: token
    lists by key; ``doc_ids``: document names by corpus key (default positions).
    ``reference_texts``: the token lists coherence is computed on (all real documents);
    ``heldout``: ``key → (observed, evaluated)`` bags of words (:func:`split_halves`)
    for completion perplexity, the shares of the observed half found by :func:`fold_in`
    under the model's final α. ``settings`` go to :func:`fit_topics` (``iterations``,
    ``alpha``, ``eta`` …; every fit runs with one thread).

    Each job is fitted by :func:`fit_topics` from its own seed and nothing else, so a job
    gives the same tables in any process and in any order: ``workers=1`` (in this
    process) and ``workers=2`` (a ``ProcessPoolExecutor`` started by
    :func:`helpers.pools.pool_context`: ``forkserver`` preloaded with this module, or
    ``spawn`` where there is none; both safe inside a Jupyter kernel) return identical
    results, in the order of ``jobs``. With either the workers import the main module
    again: in a script, call this under ``if __name__ == "__main__":`` (Python's rule for
    every ``multiprocessing`` start method but fork). Used by :func:`k_selection` and
    notebook 03.

    ``cache`` (default: on unless ``$POLICING_TOPIC_CACHE=off``): each job's tables,
    trace and scores are read from / stored in the topic cache (:func:`fit_topics`),
    keyed by its documents, dictionary, settings, scoring inputs and library versions.
    ``progress``: a tqdm bar over the jobs (``None``: only when stderr is a terminal).
    Taught in notebook 03, §3 and §6.
    """
    if not isinstance(workers, int | np.integer) or workers < 1:
        raise ValueError(f"workers must be a positive integer, not {workers!r}")
    state = {"corpora": {key: [list(t) for t in value] for key, value in corpora.items()},
             "dictionary": dictionary, "engine": engine,
             "doc_ids": {key: list(value) for key, value in (doc_ids or {}).items()},
             "reference_texts": None if reference_texts is None
             else [list(t) for t in reference_texts],
             "heldout": dict(heldout or {}), "settings": dict(settings),
             "cache": cache_enabled(cache)}
    if state["cache"]:
        state["digests"] = {
            "corpora": {key: _digest(value) for key, value in state["corpora"].items()},
            "dictionary": _dictionary_digest(dictionary),
            "reference_texts": _digest(state["reference_texts"]),
            "heldout": {key: _digest([[list(map(list, d)) for d in part] for part in value])
                        for key, value in state["heldout"].items()}}
    jobs = list(jobs)
    bar = _progress(len(jobs), f"{engine} fits", progress)
    try:
        return list(_tick(_results(jobs, state, int(workers)), bar))
    finally:
        if bar is not None:
            bar.close()


def _results(jobs: Sequence[FitJob], state: dict[str, object], workers: int
             ) -> Iterator[FitResult]:
    """The results of ``jobs`` in their order, fitted here or in ``workers`` processes.

    With the cache on, the jobs already in it are read here first and only the others
    go to the pool: a warm re-run starts no process (two spawned workers importing the
    stack cost about 3 s of CPU per call; forked from the preloaded server, little) and
    reads the entries a pool would read."""
    if workers == 1 or len(jobs) < 2:
        yield from _here(jobs, state)
        return
    cached: dict[int, FitResult] = {}
    if state["cache"]:
        _init_worker(state)
        try:
            for i, job in enumerate(jobs):
                if (result := _cached_result(job, state)) is not None:
                    cached[i] = result
        finally:
            _WORKER.clear()
    todo = [job for i, job in enumerate(jobs) if i not in cached]
    if len(todo) < 2:
        fitted = _here(todo, state)
        yield from (cached[i] if i in cached else next(fitted) for i in range(len(jobs)))
        return
    context = pools.pool_context([__name__])
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init_worker,
                             initargs=({**state, "environment": pools.project_environment()},)
                             ) as pool:
        fitted = pool.map(_run_job, todo, chunksize=1)
        yield from (cached[i] if i in cached else next(fitted) for i in range(len(jobs)))


def _here(jobs: Sequence[FitJob], state: dict[str, object]) -> Iterator[FitResult]:
    """:func:`_run_job` of each job in this process, in order."""
    _init_worker(state)
    try:
        for job in jobs:
            yield _run_job(job)
    finally:
        _WORKER.clear()


def _tick(results: Iterator[FitResult], bar: Any) -> Iterator[FitResult]:
    for result in results:
        if bar is not None:
            bar.update(1)
        yield result


# --------------------------------------------------------------------------- choosing K
#: Criteria of :func:`k_selection`, with the direction that is better.
K_CRITERIA: dict[str, str] = {"c_v": "higher", "c_npmi": "higher",
                              "u_mass": "higher (closer to 0)", "exclusivity": "higher",
                              "heldout_perplexity": "lower", "stability": "higher",
                              "n_stable": "higher"}
#: Columns of :attr:`KSelection.runs`: one row per K × seed.
K_SELECTION_COLUMNS: tuple[str, ...] = ("k", "seed", "fold", *K_CRITERIA, "null_q95")


class KSelection(NamedTuple):
    """Result of :func:`k_selection`."""

    runs: pd.DataFrame  #: one row per (k, seed): every criterion, K_SELECTION_COLUMNS
    scores: pd.DataFrame  #: one row per (k, criterion): better, mean, sd, se, n
    fits: dict[tuple[int, int], FitResult]  #: (k, seed) → the model fitted to all documents
    null_fits: dict[tuple[int, int, int], FitResult]  #: (k, shuffle, seed) → null model
    null_q95: dict[int, float]  #: K → 95th percentile of null stability
    #: one row per fit (corpus, k, seed, converged, last_change); see :func:`fit_topics`
    convergence: pd.DataFrame | None = None


def heldout_folds(documents: pd.DataFrame, n_folds: int, *, seed: int = DEFAULT_SEED
                  ) -> pd.Series:
    """Assign every document to one of ``n_folds`` held-out folds, stratified by article.

    Within each article the documents are put in a random order (generator seeded from
    ``seed`` and the article id) and dealt to folds in turn from a random starting fold,
    so every fold draws from every article with two or more documents and each document
    is held out exactly once over the folds. Returns an int Series ``fold`` (0 ..
    n_folds-1) indexed like ``documents``.
    """
    if n_folds < 2:
        raise ValueError("heldout_folds needs at least two folds")
    fold = pd.Series(0, index=documents.index, name="fold", dtype="int64")
    for article_id, part in documents.groupby("article_id", sort=False):
        rng = np.random.default_rng(group_seed(seed, article_id))
        order = rng.permutation(part.index.to_numpy())
        start = int(rng.integers(n_folds))
        fold.loc[order] = (start + np.arange(len(order))) % n_folds
    return fold


def k_selection(documents: pd.DataFrame, dictionary: Dictionary, ks: Sequence[int], *,
                seeds: Sequence[int], null_shuffles: int = 2, engine: str = "tomotopy",
                workers: int = 1, background: pd.Series | np.ndarray | None = None,
                fold_seed: int = DEFAULT_SEED, level: float = 0.95,
                cache: bool | None = None, progress: bool | None = None, **settings: object
                ) -> KSelection:
    """Every criterion for every K and seed, with its spread, and a null for stability.

    ``documents`` needs ``tokens`` (and ``article_id``, ``doc_id``). For each K in ``ks``
    and each of the ``seeds`` (at least 5 for an honest spread), :func:`fit_many` fits:

    * a model of **all** documents (seed ``s``): coherence c_v, c_npmi and u_mass
      (:func:`coherence`; for u_mass higher, i.e. closer to 0, is better), exclusivity
      (mean FREX, :func:`exclusivity`) and seed stability (:func:`seed_stability` of its
      topics against the other seeds' models, centred cosine with ``background``,
      default :func:`background_distribution`);
    * a model of the documents outside fold ``i`` (seed ``s`` is the ``i``-th seed;
      ``len(seeds)`` folds from :func:`heldout_folds`, so over the seeds every document
      is held out once): held-out completion perplexity (:func:`fold_in`,
      :func:`completion_perplexity`);
    * ``null_shuffles`` shuffled copies of the corpus (:func:`shuffle_tokens`, seeded by
      K and the shuffle number) fitted with the same seeds and settings: the null of
      stability at that K (:func:`null_stability`); ``n_stable`` counts the seed's topics
      whose stability exceeds its ``level`` quantile (``null_q95``).

    ``settings`` go to :func:`fit_topics` (``iterations``, ``alpha``, ``eta`` …);
    ``cache`` and ``progress`` to :func:`fit_many`. No fit raises for not converging:
    ``convergence`` lists every fit with its ``converged`` flag (:func:`fit_topics`), and
    a criterion that cannot be computed is NaN (never an error).
    Returns :class:`KSelection`: ``runs`` (one row per K × seed, rounded to 3 places),
    ``scores`` (per K and criterion: mean, sd, se = sd/√n, n, and which direction is
    better), the fitted tables and the null thresholds. Read a decision from it with
    :func:`k_rules`. Taught in notebook 03, §3.
    """
    seeds = list(seeds)
    if len(seeds) < 2:
        raise ValueError("k_selection needs at least two seeds (five for an honest spread)")
    tokens = vocabulary_tokens(list(documents["tokens"]), dictionary)
    base = (background_distribution(dictionary) if background is None else background)
    base = np.asarray(base, dtype=float)
    doc_ids = list(documents["doc_id"]) if "doc_id" in documents else list(range(len(tokens)))
    folds = heldout_folds(documents, len(seeds), seed=fold_seed).to_numpy()
    corpora: dict[str, list[list[str]]] = {"all": tokens}
    names: dict[str, list[object]] = {"all": doc_ids}
    held: dict[str, tuple[list[Bow], list[Bow]]] = {}
    for i in range(len(seeds)):
        corpora[f"train {i}"] = [t for t, f in zip(tokens, folds, strict=True) if f != i]
        names[f"train {i}"] = [d for d, f in zip(doc_ids, folds, strict=True) if f != i]
        observed, evaluated = split_halves([t for t, f in zip(tokens, folds, strict=True)
                                            if f == i])
        held[f"fold {i}"] = (bag_of_words(dictionary, observed),
                             bag_of_words(dictionary, evaluated))
    jobs = []
    for k in ks:
        for shuffle in range(null_shuffles):
            corpora[f"null {k} {shuffle}"] = shuffle_tokens(tokens, seed=int(
                np.random.SeedSequence([fold_seed, int(k), shuffle]).generate_state(1)[0]))
        for i, seed in enumerate(seeds):
            jobs.append(FitJob("all", int(k), int(seed), score=True))
            jobs.append(FitJob(f"train {i}", int(k), int(seed), heldout=f"fold {i}"))
            jobs += [FitJob(f"null {k} {shuffle}", int(k), int(seed))
                     for shuffle in range(null_shuffles)]
    results = fit_many(jobs, corpora, dictionary, engine=engine, workers=workers,
                       doc_ids=names, reference_texts=list(documents["tokens"]),
                       heldout=held, cache=cache, progress=progress, **settings)
    convergence = fit_convergence(results)
    fits = {(r.job.k, r.job.seed): r for r in results if r.job.corpus == "all"}
    heldout_scores = {(r.job.k, r.job.seed): r.scores["heldout_perplexity"]
                      for r in results if r.job.heldout is not None}
    null_fits = {(r.job.k, int(r.job.corpus.split()[2]), r.job.seed): r
                 for r in results if r.job.corpus.startswith("null")}
    rows, thresholds = [], {}
    for k in ks:
        real = [fits[(k, s)].topic_word for s in seeds]
        null_values = null_stability([[null_fits[(k, sh, s)].topic_word for s in seeds]
                                      for sh in range(null_shuffles)], background=base)
        thresholds[int(k)] = float(np.quantile(null_values, level))
        per_seed = seed_stability(real, background=base)
        for i, seed in enumerate(seeds):
            scores = fits[(k, seed)].scores
            rows.append({"k": int(k), "seed": int(seed), "fold": i,
                         **{m: scores[m] for m in COHERENCE_MEASURES},
                         "exclusivity": scores["exclusivity"],
                         "heldout_perplexity": heldout_scores[(k, seed)],
                         "stability": float(per_seed[i].mean()),
                         "n_stable": int((per_seed[i] > thresholds[int(k)]).sum()),
                         "null_q95": thresholds[int(k)]})
    runs = pd.DataFrame(rows, columns=list(K_SELECTION_COLUMNS))
    return KSelection(runs.round(3), k_summary(runs), fits, null_fits, thresholds,
                      convergence)


def fit_convergence(results: Sequence[FitResult]) -> pd.DataFrame:
    """One row per fit of :func:`fit_many`: corpus, k, seed, converged (the rule of
    :func:`fit_topics`) and last_change (the topic change of the last step or pass)."""
    return pd.DataFrame(
        [{"corpus": r.job.corpus, "k": r.job.k, "seed": r.job.seed, "converged": r.converged,
          "last_change": (float(r.trace.topic_change.iloc[-1]) if r.trace is not None
                          and len(r.trace) else float("nan"))} for r in results],
        columns=["corpus", "k", "seed", "converged", "last_change"])


def convergence_note(convergence: pd.DataFrame | Sequence[FitResult]) -> str:
    """One sentence on how many fits converged, naming the K of those that did not.

    ``convergence``: :attr:`KSelection.convergence` or :func:`fit_many` results. A fit that
    did not converge is not an error: its tables and scores are kept; this note is what
    a notebook prints so that a reader sees it.
    """
    table = (convergence if isinstance(convergence, pd.DataFrame)
             else fit_convergence(convergence))
    n, failed = len(table), table[~table.converged.astype(bool)]
    if failed.empty:
        return f"All {n} fits converged."
    kinds = failed.corpus.astype(str).str.split().str[0].map(
        {"all": "all documents", "train": "held-out training", "null": "shuffled text"})
    kinds = kinds.fillna(failed.corpus.astype(str))
    parts = "; ".join(f"{kind}: " + ", ".join(f"K = {k} ({count})" for k, count in
                                              part.groupby("k").size().items())
                      for kind, part in failed.assign(kind=kinds).groupby("kind", sort=True))
    return (f"{len(failed)} of {n} fits did not converge by the rule of fit_topics ({parts}). "
            "Their tables and scores are kept; read those K with care, or raise ITERATIONS.")


def convergence_traces(fits: Mapping[tuple[int, int], FitResult | TopicFit], ks: Sequence[int],
                       seed: int) -> pd.DataFrame:
    """The ``trace`` of the fit of ``seed`` at every K in ``ks`` (from
    :attr:`KSelection.fits`), stacked with a ``k`` column: the input of
    :func:`helpers.figures.plot_topics.plot_convergence`. No refitting."""
    return pd.concat([fits[(int(k), int(seed))].trace.assign(k=int(k)) for k in ks],
                     ignore_index=True)


def k_summary(runs: pd.DataFrame) -> pd.DataFrame:
    """Mean and spread of every criterion per K from :attr:`KSelection.runs`.

    Output, sorted by criterion (in :data:`K_CRITERIA` order) then K: criterion, better,
    k, mean, sd (over seeds, ddof 1), se (sd / √n), n. Rounded to 3 places.
    """
    rows = []
    for criterion, better in K_CRITERIA.items():
        for k, part in runs.groupby("k", sort=True):
            values = part[criterion].astype(float)
            sd = float(values.std(ddof=1)) if len(values) > 1 else float("nan")
            rows.append({"criterion": criterion, "better": better, "k": int(k),
                         "mean": float(values.mean()), "sd": sd,
                         "se": sd / np.sqrt(len(values)), "n": len(values)})
    return pd.DataFrame(rows).round(3)


def k_rules(runs: pd.DataFrame) -> pd.DataFrame:
    """Which K each criterion prefers, and which K it cannot tell apart from the best.

    Input: :attr:`KSelection.runs` (one row per K × seed; the ``i``-th seed has the same
    seed and held-out fold at every K, so K values are compared **paired** by seed). Per
    criterion: ``best_k`` (best mean; ties → the smaller K); for every other K the mean
    paired difference from the best K and its standard error (sd of the differences / √n);
    ``within_one_se``: the K whose mean is within one such standard error of the best
    (space-separated, the best included); ``one_se_k``: the smallest of them — the
    one-standard-error rule (Breiman et al. 1984; Hastie, Tibshirani & Friedman 2009,
    §7.10): prefer the simplest model the data cannot distinguish from the best. When
    ``within_one_se`` is long, or the criteria disagree, the data do not single out one K.
    Output, sorted as :data:`K_CRITERIA`: criterion, better, best_k, one_se_k,
    within_one_se, n_within_one_se. A K whose criterion is NaN for every seed is left
    out; a criterion with no value at all gets missing best_k/one_se_k (no error).
    """
    rows = []
    for criterion, better in K_CRITERIA.items():
        wide = runs.pivot(index="seed", columns="k", values=criterion).astype(float)
        sign = -1.0 if better.startswith("lower") else 1.0
        means = (sign * wide.mean()).dropna()
        if means.empty:  # no K has a value (e.g. every fit's score was NaN): say so
            rows.append({"criterion": criterion, "better": better, "best_k": pd.NA,
                         "one_se_k": pd.NA, "within_one_se": "", "n_within_one_se": 0})
            continue
        best = int(means.idxmax())
        differences = sign * wide.sub(wide[best], axis=0)  # ≤ 0 on average: worse than best
        se = differences.std(ddof=1) / np.sqrt(differences.notna().sum())
        near = [int(k) for k in means.index
                if k == best or -differences[k].mean() <= (0.0 if np.isnan(se[k]) else se[k])]
        rows.append({"criterion": criterion, "better": better, "best_k": best,
                     "one_se_k": min(near), "within_one_se": " ".join(map(str, near)),
                     "n_within_one_se": len(near)})
    return pd.DataFrame(rows)
