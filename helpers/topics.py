"""LDA topic models that a methods reviewer can check: documents, vocabulary, choice of K,
convergence, stability across seeds, labelling evidence and a second implementation.

The flow, taught in ``notebooks/03_topic_models.ipynb``:

1. :func:`paragraph_documents` turns segmented paragraphs into model documents (headings
   merged into the paragraph they introduce, very short paragraphs merged with a
   neighbour of the same article);
2. :func:`build_dictionary` / :func:`vocabulary_table` fix and describe the vocabulary;
3. :func:`heldout_split` fixes a train/held-out split; :func:`k_selection` trains one
   model per K on the training documents and scores it (coherence c_v, c_npmi, u_mass;
   FREX exclusivity; held-out document-completion perplexity), recording per-pass
   convergence;
4. :func:`train_lda` trains the model that is interpreted (gensim ``LdaModel``, one
   process, fixed ``random_state``); :func:`topic_word` / :func:`doc_topic` return its
   distributions as DataFrames with topics numbered 1..K;
5. :func:`align_topics` / :func:`topic_stability` match topics across seeds with the
   Hungarian method and score each topic's stability;
6. :func:`topic_terms`, :func:`representative_documents` and :func:`attach_labels` give
   the evidence for human labels; :func:`locality_topic_shares` aggregates by place with
   bootstrap intervals over paragraphs;
7. :func:`train_tomotopy` and :func:`compare_models` repeat the model with a second
   implementation (collapsed Gibbs sampling) and compare coherence.

:func:`fit_topics` is one entry point for both libraries (``engine="gensim"`` or
``"tomotopy"``): same inputs, same settings, the same two tables in the same layout; it
is built from :func:`train_lda`, :func:`topic_word`, :func:`doc_topic` and the
internals of :func:`train_tomotopy` (``benchmarks/topics_scale.py`` times it on large
replicated corpora).

Topic-word and document-topic matrices are DataFrames: ``topic_word`` has one row per
topic (index ``topic``, 1..K) and one column per vocabulary term (dictionary id order);
``doc_topic`` has one row per document (index ``doc_id``) and one column per topic.
"""

from __future__ import annotations

import logging
import os
import warnings
from collections.abc import Mapping, Sequence
from typing import NamedTuple

import numpy as np
import pandas as pd
from gensim.corpora import Dictionary
from gensim.models import CoherenceModel, LdaModel
from gensim.models.callbacks import Metric
from scipy.optimize import linear_sum_assignment
from scipy.stats import rankdata

from helpers.stats import DEFAULT_SEED, bootstrap_ci, group_seed

# gensim logs "too few updates, training might not converge" and similar at WARNING
# level; with no handler configured they would reach stderr through logging's
# last-resort handler. The notebook shows convergence explicitly instead.
logging.getLogger("gensim").setLevel(logging.ERROR)

Bow = list[tuple[int, int]]

#: Coherence measures reported for every model (Röder et al. 2015; Mimno et al. 2011).
COHERENCE_MEASURES: tuple[str, ...] = ("c_v", "c_npmi", "u_mass")
#: Columns of the K-selection table.
K_SELECTION_COLUMNS: tuple[str, ...] = ("k", *COHERENCE_MEASURES, "exclusivity",
                                        "heldout_perplexity", "seed_agreement")


# --------------------------------------------------------------------------- documents
def paragraph_documents(paragraphs: pd.DataFrame, *, min_tokens: int = 20) -> pd.DataFrame:
    """Model documents built from segmented paragraphs, never crossing an article.

    Input: :func:`helpers.segment.tokenize_paragraphs` output (columns article_id,
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


def heldout_split(documents: pd.DataFrame, *, share: float = 0.2,
                  seed: int = DEFAULT_SEED) -> pd.Series:
    """A fixed train/held-out split, stratified by article.

    From each article, ``round(share * n_docs)`` documents (at least one if the article
    has two or more) are drawn for the held-out set with a generator seeded from ``seed``
    and the article id (:func:`helpers.stats.group_seed`). Returns a boolean Series
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
              *, topn: int = 10, per_topic: bool = False) -> pd.DataFrame:
    """Coherence of the top ``topn`` terms of each topic with gensim's ``CoherenceModel``.

    c_v and c_npmi use sliding windows over ``texts`` (token lists; the reference
    corpus), u_mass uses document co-occurrence in their bags of words. Always
    ``processes=1``. Returns one row (index ``model``) with a column per measure, or with
    ``per_topic=True`` one row per topic.
    """
    topics = top_term_lists(topic_word, topn)
    corpus = bag_of_words(dictionary, texts)
    scores = {}
    for measure in COHERENCE_MEASURES:
        kwargs = ({"corpus": corpus} if measure == "u_mass" else {"texts": [list(t) for t in texts]})
        model = CoherenceModel(topics=topics, dictionary=dictionary, coherence=measure,
                               topn=topn, processes=1, **kwargs)
        scores[measure] = model.get_coherence_per_topic()
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


def term_frequencies(dictionary: Dictionary) -> pd.Series:
    """Corpus frequency of every dictionary term (index term, dictionary id order)."""
    return pd.Series([dictionary.cfs.get(i, 0) for i in range(len(dictionary))],
                     index=pd.Index([dictionary[i] for i in range(len(dictionary))],
                                    name="term"), name="frequency", dtype="int64")


# --------------------------------------------------------------------------- choosing K
class KSelection(NamedTuple):
    """Result of :func:`k_selection`."""

    scores: pd.DataFrame  #: one row per K: means over seeds, columns K_SELECTION_COLUMNS
    runs: pd.DataFrame  #: one row per (k, seed): the same scores before averaging
    trace: pd.DataFrame  #: per (k, pass) of the first seed: topic_change, heldout_perplexity


def k_selection(documents: pd.DataFrame, dictionary: Dictionary, heldout: pd.Series,
                ks: Sequence[int], *, seeds: Sequence[int] = (DEFAULT_SEED,), passes: int = 40,
                iterations: int = 400, alpha: str | float = "auto", eta: float = 0.05
                ) -> KSelection:
    """Train one model per K and seed on the training documents and score it.

    ``documents`` needs a ``tokens`` column; ``heldout`` is :func:`heldout_split`.
    Per model: coherence (:func:`coherence`, all documents' tokens as reference corpus),
    exclusivity (:func:`exclusivity` averaged over topics) and ``heldout_perplexity``
    (:func:`completion_perplexity` of the held-out documents after the last pass).
    ``scores`` averages them over ``seeds`` and adds ``seed_agreement``: the mean cosine
    similarity of Hungarian-matched topics (:func:`align_topics`) between the first
    seed's model and each other seed's (missing with one seed). Rounded to 3 places.
    """
    tokens = list(documents["tokens"])
    train = bag_of_words(dictionary, [t for t, h in zip(tokens, heldout, strict=True) if not h])
    observed, evaluated = split_halves([t for t, h in zip(tokens, heldout, strict=True) if h])
    held = (bag_of_words(dictionary, observed), bag_of_words(dictionary, evaluated))
    runs, traces, agreement = [], [], {}
    for k in ks:
        phis = []
        for number, seed in enumerate(seeds):
            model = train_lda(train, dictionary, k=k, seed=seed, passes=passes,
                              iterations=iterations, alpha=alpha, eta=eta, heldout=held)
            phi = topic_word(model)
            trace = convergence_table(model).assign(k=k)
            runs.append({"k": k, "seed": seed,
                         **coherence(phi, tokens, dictionary).iloc[0].to_dict(),
                         "exclusivity": float(exclusivity(phi).mean()),
                         "heldout_perplexity": float(trace.heldout_perplexity.iloc[-1])})
            if number == 0:
                traces.append(trace)
            phis.append(phi)
        agreement[k] = (float(np.mean([align_topics(phis[0], p)[1].mean() for p in phis[1:]]))
                        if len(phis) > 1 else float("nan"))
    per_run = pd.DataFrame(runs)
    scores = per_run.drop(columns="seed").groupby("k", sort=False).mean().reset_index()
    scores["seed_agreement"] = scores.k.map(agreement)
    trace = pd.concat(traces, ignore_index=True)[["k", "pass", "topic_change",
                                                  "heldout_perplexity"]]
    return KSelection(scores[list(K_SELECTION_COLUMNS)].round(3), per_run.round(3), trace)


# --------------------------------------------------------------------------- stability
def align_topics(reference: pd.DataFrame | np.ndarray, other: pd.DataFrame | np.ndarray
                 ) -> tuple[np.ndarray, np.ndarray]:
    """Match the topics of ``other`` to those of ``reference`` (Hungarian method).

    Both are topics × terms matrices over the same vocabulary. Maximises the total cosine
    similarity of matched pairs with ``scipy.optimize.linear_sum_assignment``. Returns
    ``(order, similarity)``: ``order[i]`` is the row of ``other`` matched to row ``i`` of
    ``reference`` and ``similarity[i]`` their cosine similarity.
    """
    ref = np.asarray(reference, dtype=float)
    oth = np.asarray(other, dtype=float)
    ref = ref / np.linalg.norm(ref, axis=1, keepdims=True)
    oth = oth / np.linalg.norm(oth, axis=1, keepdims=True)
    similarity = ref @ oth.T
    rows, cols = linear_sum_assignment(similarity, maximize=True)
    order = cols[np.argsort(rows)]
    return order, similarity[np.arange(len(order)), order]


def topic_matches(reference: pd.DataFrame, others: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Cosine similarity of each reference topic to its Hungarian match in other models.

    ``reference`` and every value of ``others`` are topic-word DataFrames over the same
    terms. Output: one row per reference topic (index ``topic``), one column per name in
    ``others``, rounded to 3 places.
    """
    columns = {name: align_topics(reference.to_numpy(), other.to_numpy())[1]
               for name, other in others.items()}
    return pd.DataFrame(columns, index=reference.index).round(3)


def topic_stability(runs: Sequence[pd.DataFrame | np.ndarray], *, threshold: float = 0.7,
                    top_n: int = 10) -> pd.DataFrame:
    """Per-topic stability of the first run against every other run (other seeds).

    Each run's topics are aligned to the first's with :func:`align_topics`. Output, one
    row per topic of the first run (index ``topic``, 1..K): mean_similarity and
    min_similarity (cosine of matched topics over the other runs), top_terms_jaccard
    (mean Jaccard overlap of the ``top_n`` most probable terms), stable
    (``mean_similarity >= threshold``). Rounded to 3 places.
    """
    if len(runs) < 2:
        raise ValueError("topic_stability needs at least two runs")
    reference = np.asarray(runs[0], dtype=float)
    top_ref = [set(np.argsort(-row, kind="stable")[:top_n]) for row in reference]
    sims, jaccards = [], []
    for run in runs[1:]:
        matrix = np.asarray(run, dtype=float)
        order, similarity = align_topics(reference, matrix)
        sims.append(similarity)
        jaccards.append([len(top_ref[i] & set(np.argsort(-matrix[j], kind="stable")[:top_n]))
                         / len(top_ref[i] | set(np.argsort(-matrix[j], kind="stable")[:top_n]))
                         for i, j in enumerate(order)])
    sims_arr, jac_arr = np.array(sims), np.array(jaccards)
    table = pd.DataFrame({"mean_similarity": sims_arr.mean(axis=0),
                          "min_similarity": sims_arr.min(axis=0),
                          "top_terms_jaccard": jac_arr.mean(axis=0)},
                         index=pd.RangeIndex(1, reference.shape[0] + 1, name="topic")).round(3)
    table["stable"] = table.mean_similarity >= threshold
    return table


# --------------------------------------------------------------------------- labelling
def topic_terms(topic_word: pd.DataFrame, term_frequency: pd.Series, *, n: int = 8,
                lam: float = 0.6, frex_weight: float = 0.5,
                glosses: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Top terms of every topic three ways, plus English glosses of lexicon terms.

    Columns: topic (index), by_probability, by_frex (FREX, ``frex_weight`` on
    exclusivity), by_relevance (LDAvis relevance at ``lam``) — each ``n`` terms separated
    by spaces — and glosses (``term = gloss`` for every lexicon term among them, ``; ``
    separated; needs ``glosses``, e.g. :func:`helpers.lexicon.glosses`).
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
    :func:`helpers.stats.bootstrap_ci`), with one generator per locality
    (:func:`helpers.stats.group_seed`), so all topics of a locality share the same
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


# --------------------------------------------------------------------------- second library
def _import_tomotopy():
    # Pin the SIMD code path so Gibbs sampling gives the same draws on every x86-64 CPU
    # (tomotopy otherwise picks avx512/avx2/sse2 at import); must precede the import.
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
                   dictionary: Dictionary) -> pd.DataFrame:
    """Coherence and exclusivity of several models of the same corpus, same K.

    ``models`` maps a name to its topic-word DataFrame; the first is the reference.
    Columns: model, c_v, c_npmi, u_mass, exclusivity, matched_similarity (mean cosine
    similarity of each reference topic to its Hungarian match in this model; 1 for the
    reference), n_matched_above_0_7. Rounded to 3 places.
    """
    names = list(models)
    matches = topic_matches(models[names[0]], models)
    rows = []
    for name in names:
        phi, similarity = models[name], matches[name]
        rows.append({"model": name, **coherence(phi, texts, dictionary).iloc[0].to_dict(),
                     "exclusivity": float(exclusivity(phi).mean()),
                     "matched_similarity": float(similarity.mean()),
                     "n_matched_above_0_7": int((similarity >= 0.7).sum())})
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
    model: object  #: the engine's own model (``LdaModel`` or ``tomotopy.LDAModel``)


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
               chunksize: int | None = None, workers: int = 1) -> TopicFit:
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
        model = train_lda(bow, dictionary, k=k, seed=seed, passes=settings["passes"],
                          iterations=settings["iterations"], alpha=alpha, eta=eta,
                          chunksize=chunksize)
        return TopicFit(topic_word(model), doc_topic(model, bow, doc_ids, seed=seed),
                        engine, settings, model)

    for name, value in (("passes", passes), ("chunksize", chunksize)):
        if value is not None:
            raise ValueError(f"{name} does not apply to engine='tomotopy' (Gibbs sampling "
                             "sweeps the whole corpus): set iterations=")
    start = 1 / k if isinstance(alpha, str) else float(alpha)
    optim_interval = 10 if alpha == "auto" else 0
    settings = {"k": k, "seed": seed, "iterations": 1000 if iterations is None else iterations,
                "alpha": alpha, "alpha_start": start, "optim_interval": optim_interval,
                "eta": eta, "workers": int(workers)}
    tokens = ([[dictionary[i] for i, count in document for _ in range(int(count))]
               for document in documents] if is_bow else documents)
    model = _tomotopy_model(tokens, dictionary, doc_ids, k=k, seed=seed,
                            iterations=settings["iterations"], alpha=start, eta=eta,
                            optim_interval=optim_interval, workers=int(workers))
    phi, theta = _tomotopy_frames(model, dictionary, doc_ids)
    return TopicFit(phi, theta, engine, settings, model)
