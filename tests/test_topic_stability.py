"""Null-calibrated topic stability, K selection with spread, pooled profiles (issue 10).

Small hand-made inputs whose answers are known: permuted copies of one topic-word
matrix are perfectly stable; a model of shuffled tokens (no co-occurrence structure)
has topics that do not beat the shuffled-text null, while a corpus with three clear
themes does; fits in one or two processes give identical tables.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers.analysis import topics

THEMES = {
    "police": ["派出所", "民警", "社区", "巡逻", "警力", "基层", "警务室", "辖区"],
    "law": ["法治", "执法", "规范", "程序", "公正", "案件", "司法", "监督"],
    "party": ["政治", "忠诚", "党建", "学习", "理论", "思想", "纪律", "作风"],
}
SEEDS = (1, 2, 3, 4, 5)


def themed_corpus(n_per_theme: int = 12, length: int = 40, seed: int = 0) -> pd.DataFrame:
    """Documents made of one theme's words plus a few of another's, three articles per
    theme (so folds and localities are stratified)."""
    rng = np.random.default_rng(seed)
    names = list(THEMES)
    rows = []
    for t, name in enumerate(names):
        other = THEMES[names[(t + 1) % 3]]
        for i in range(n_per_theme):
            words = list(rng.choice(THEMES[name], length - 5)) + list(rng.choice(other, 5))
            article = f"{name}_{i % 3}"
            rows.append({"doc_id": f"{article}:{i}", "article_id": article, "locality": name,
                         "tokens": [str(w) for w in words]})
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def corpus():
    documents = themed_corpus()
    dictionary = topics.build_dictionary(list(documents.tokens), no_below=1, no_above=1.0)
    return documents, dictionary


def frame(matrix: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame(matrix, index=pd.RangeIndex(1, len(matrix) + 1, name="topic"),
                        columns=[f"w{i}" for i in range(matrix.shape[1])])


# --------------------------------------------------------------------------- measures
@pytest.mark.parametrize("measure", topics.SIMILARITY_MEASURES)
def test_permuted_copies_of_one_phi_are_perfectly_stable(measure) -> None:
    rng = np.random.default_rng(1)
    phi = rng.dirichlet(np.full(60, 0.1), size=6)
    background = phi.mean(axis=0)
    runs = [phi, phi[[3, 0, 5, 1, 4, 2]], phi[::-1], phi[[1, 0, 2, 3, 5, 4]]]
    table = topics.topic_stability(runs, measure=measure, background=background, null_q95=0.5)
    assert table.stability.eq(1.0).all() and table.min_stability.eq(1.0).all()
    assert table.top_terms_jaccard.eq(1.0).all()
    assert table.stable.all()
    assert list(table.columns) == ["stability", "min_stability", "top_terms_jaccard",
                                   "null_q95", "stable"]
    orders = topics.align_runs(runs, measure=measure, background=background)
    for run, order in zip(runs, orders, strict=True):
        assert np.array_equal(run[order], phi)


def test_centring_removes_the_shared_background() -> None:
    # Two topics that are the background plus small unrelated deviations: raw cosine
    # calls them near-identical, the centred cosine does not.
    rng = np.random.default_rng(3)
    background = rng.dirichlet(np.full(200, 2.0))
    a = background + 0.1 * rng.dirichlet(np.full(200, 0.1))
    b = background + 0.1 * rng.dirichlet(np.full(200, 0.1))
    a, b = a / a.sum(), b / b.sum()
    raw = topics.topic_similarity(a[None], b[None], measure="cosine")[0, 0]
    centred = topics.topic_similarity(a[None], b[None], background=background)[0, 0]
    assert raw > 0.9
    assert abs(centred) < 0.3


def test_stability_uses_every_pair_of_seeds() -> None:
    # Runs 2 and 3 both equal the reference at topic 1 except run 3, which matches it
    # only half as well: a reference-only score would miss the 2-vs-3 pair.
    base = np.array([[0.7, 0.1, 0.1, 0.1], [0.1, 0.1, 0.1, 0.7]])
    other = np.array([[0.4, 0.4, 0.1, 0.1], [0.1, 0.1, 0.1, 0.7]])
    runs = [base, base, other]
    sims = topics.topic_similarity(base, other, measure="cosine")
    table = topics.topic_stability(runs, measure="cosine")
    # pairs (1,2) = 1, (1,3) = (2,3) = sims[0, 0]
    assert table.stability.iloc[0] == pytest.approx(round((1 + 2 * sims[0, 0]) / 3, 3))
    assert table.min_stability.iloc[0] == pytest.approx(round(sims[0, 0], 3))
    assert not table.stable.any() and table.null_q95.isna().all()


def test_similarity_rejects_different_vocabularies_and_unknown_measures() -> None:
    with pytest.raises(ValueError, match="same vocabulary"):
        topics.topic_similarity(np.eye(3), np.eye(4))
    with pytest.raises(ValueError, match="measure must be"):
        topics.topic_similarity(np.eye(3), np.eye(3), measure="euclid")


# --------------------------------------------------------------------------- the null
def test_shuffled_tokens_keep_lengths_and_term_counts() -> None:
    tokens = [["a", "b", "c"], ["a"], ["d", "d", "b", "a"]]
    shuffled = topics.shuffle_tokens(tokens, seed=5)
    assert [len(t) for t in shuffled] == [3, 1, 4]
    assert sorted(sum(shuffled, [])) == sorted(sum(tokens, []))
    assert shuffled == topics.shuffle_tokens(tokens, seed=5)
    assert shuffled != topics.shuffle_tokens(tokens, seed=6)


def _runs(tokens, dictionary, k=3):
    return [topics.fit_topics(tokens, dictionary, k, engine="tomotopy", seed=s,
                              iterations=300).topic_word for s in SEEDS]


def test_a_model_of_shuffled_tokens_does_not_beat_the_null(corpus) -> None:
    documents, dictionary = corpus
    tokens = topics.vocabulary_tokens(list(documents.tokens), dictionary)
    background = topics.background_distribution(dictionary)
    null = topics.null_stability([_runs(topics.shuffle_tokens(tokens, seed=s), dictionary)
                                  for s in (101, 102)], background=background)
    assert null.shape == (2 * len(SEEDS) * 3,)
    q95 = float(np.quantile(null, 0.95))
    # a fresh shuffle, scored the same way: most of its topics stay below the threshold
    noise = topics.topic_stability(_runs(topics.shuffle_tokens(tokens, seed=103), dictionary),
                                   background=background, null_q95=q95)
    assert noise.stable.sum() <= 1, noise
    # the real themes are recovered by every seed and beat the null
    real = topics.topic_stability(_runs(tokens, dictionary), background=background,
                                  null_q95=q95)
    assert real.stable.all(), (real, q95)
    assert real.stability.min() > 0.9


# --------------------------------------------------------------------------- many fits
def test_one_and_two_workers_give_identical_tables(corpus) -> None:
    documents, dictionary = corpus
    tokens = topics.vocabulary_tokens(list(documents.tokens), dictionary)
    corpora = {"all": tokens, "null": topics.shuffle_tokens(tokens, seed=9)}
    jobs = [topics.FitJob(name, k, seed, score=name == "all")
            for name in corpora for k in (2, 3) for seed in (1, 2)]
    kwargs = {"reference_texts": list(documents.tokens), "iterations": 100,
              "doc_ids": {"all": list(documents.doc_id)}}
    one = topics.fit_many(jobs, corpora, dictionary, workers=1, **kwargs)
    two = topics.fit_many(jobs, corpora, dictionary, workers=2, **kwargs)
    assert [r.job for r in one] == jobs == [r.job for r in two]
    for a, b in zip(one, two, strict=True):
        pd.testing.assert_frame_equal(a.topic_word, b.topic_word)
        pd.testing.assert_frame_equal(a.doc_topic, b.doc_topic)
        assert a.scores == b.scores
    assert list(one[0].doc_topic.index) == list(documents.doc_id)
    assert set(one[0].scores) == {"c_v", "c_npmi", "u_mass", "exclusivity"}


def test_fit_many_rejects_a_bad_worker_count(corpus) -> None:
    documents, dictionary = corpus
    with pytest.raises(ValueError, match="workers"):
        topics.fit_many([topics.FitJob("all", 2, 1)], {"all": list(documents.tokens)},
                        dictionary, workers=0)


def test_fold_in_finds_the_topic_a_document_is_made_of() -> None:
    phi = np.array([[0.5, 0.5, 0.0, 0.0], [0.0, 0.0, 0.5, 0.5]]) + 1e-9
    theta = topics.fold_in(phi, [[(0, 3), (1, 2)], [(2, 4)], []], alpha=0.01)
    assert theta[0, 0] > 0.99 and theta[1, 1] > 0.99
    assert np.allclose(theta[2], [0.5, 0.5])
    assert np.allclose(theta.sum(axis=1), 1)


def test_heldout_folds_hold_out_every_document_once_per_article(corpus) -> None:
    documents, _ = corpus
    folds = topics.heldout_folds(documents, 4, seed=2)
    assert set(folds) == {0, 1, 2, 3}
    per_article = folds.groupby(documents.article_id).value_counts().unstack(fill_value=0)
    assert per_article.eq(1).all().all()  # four documents per article, one in each fold
    assert folds.equals(topics.heldout_folds(documents, 4, seed=2))


# --------------------------------------------------------------------------- choosing K
@pytest.fixture(scope="module")
def selection(corpus):
    documents, dictionary = corpus
    return topics.k_selection(documents, dictionary, [2, 3, 4], seeds=(1, 2, 3),
                              null_shuffles=1, iterations=200)


def test_k_selection_has_one_row_per_k_and_seed_and_every_criterion(selection) -> None:
    runs = selection.runs
    assert list(runs.columns) == list(topics.K_SELECTION_COLUMNS)
    assert list(zip(runs.k, runs.seed, strict=True)) == [(k, s) for k in (2, 3, 4)
                                                           for s in (1, 2, 3)]
    assert runs.fold.tolist() == [0, 1, 2] * 3
    assert runs.notna().all().all()
    assert set(selection.scores.criterion) == set(topics.K_CRITERIA)
    assert selection.scores.n.eq(3).all()
    # three real themes: K = 3 recovers them in every seed, all above the null
    assert runs.loc[runs.k == 3, "n_stable"].eq(3).all()
    assert set(selection.fits) == {(k, s) for k in (2, 3, 4) for s in (1, 2, 3)}
    assert set(selection.null_q95) == {2, 3, 4}


def test_k_rules_by_hand() -> None:
    # perplexity: K=3 best (100), K=4 within one paired SE of it, K=2 far worse
    runs = pd.DataFrame({"k": [2, 2, 3, 3, 4, 4], "seed": [1, 2] * 3,
                         "heldout_perplexity": [150.0, 160.0, 100.0, 110.0, 101.0, 112.0]})
    for criterion in topics.K_CRITERIA:
        if criterion not in runs:
            runs[criterion] = 0.0
    rules = topics.k_rules(runs).set_index("criterion")
    row = rules.loc["heldout_perplexity"]
    # differences 4 − 3: 1, 2 → mean 1.5, sd 0.707, se 0.5 < 1.5: not within one SE
    assert (row.best_k, row.one_se_k, row.within_one_se) == (3, 3, "3")
    runs.loc[runs.k == 4, "heldout_perplexity"] = [99.0, 112.0]  # diffs −1, 2: mean .5 < se
    row = topics.k_rules(runs).set_index("criterion").loc["heldout_perplexity"]
    assert (row.best_k, row.one_se_k, row.within_one_se) == (3, 3, "3 4")
    # a flat criterion: every K ties with the best, the rule takes the smallest
    assert rules.loc["c_v", "within_one_se"] == "2 3 4"
    assert rules.loc["c_v", "one_se_k"] == 2


# --------------------------------------------------------------------------- profiles
def test_pooled_shares_average_seeds_and_their_interval_includes_the_seed() -> None:
    index = pd.Index(["d1", "d2", "d3", "d4"], name="doc_id")
    columns = pd.RangeIndex(1, 3, name="topic")
    a = pd.DataFrame([[0.9, 0.1], [0.7, 0.3], [0.2, 0.8], [0.4, 0.6]], index, columns)
    b = pd.DataFrame([[0.5, 0.5], [0.3, 0.7], [0.2, 0.8], [0.4, 0.6]], index, columns)
    places = pd.Series(["A", "A", "B", "B"])
    table = topics.pooled_locality_shares([a, b], places, n_boot=400, seed=1)
    first = table[(table.locality == "A") & (table.topic == 1)].iloc[0]
    assert first.share == pytest.approx(0.6)  # (0.8 + 0.4) / 2
    assert (first.seed_min, first.seed_max) == (0.4, 0.8)
    assert first.low <= 0.4 and first.high >= 0.8  # seed variation inside the interval
    assert table.n_seeds.eq(2).all() and table.n_docs.eq(2).all()
    same = table[table.locality == "B"]
    assert same.seed_min.eq(same.seed_max).all()  # both seeds agree on B
    assert table.equals(topics.pooled_locality_shares([a, b], places, n_boot=400, seed=1))


def test_aligned_tables_renumber_every_seed_to_the_reference(corpus) -> None:
    documents, dictionary = corpus
    fits = [topics.fit_topics(list(documents.tokens), dictionary, 3, engine="tomotopy",
                              seed=s, iterations=200) for s in (1, 2)]
    phis, thetas = topics.aligned_tables(fits)
    _, similarity = topics.align_topics(phis[0], phis[1])
    assert np.allclose(similarity, np.diag(topics.topic_similarity(phis[0], phis[1])))
    assert list(thetas[1].columns) == list(thetas[0].columns)
    assert (thetas[0].idxmax(axis=1) == thetas[1].idxmax(axis=1)).mean() > 0.9


def test_tomotopy_convergence_steps_to_the_fit_topics_model(corpus) -> None:
    documents, dictionary = corpus
    trace = topics.tomotopy_convergence(list(documents.tokens), dictionary, 3, seed=4,
                                        iterations=200, every=50)
    assert list(trace.iteration) == [50, 100, 150, 200]
    assert np.isnan(trace.topic_change.iloc[0]) and trace.topic_change.iloc[1:].notna().all()
    # stepping the sampler ends in exactly the state of one fit_topics call
    fit = topics.fit_topics(list(documents.tokens), dictionary, 3, engine="tomotopy", seed=4,
                            iterations=200)
    assert trace.ll_per_word.iloc[-1] == fit.model.ll_per_word
    with pytest.raises(ValueError, match="multiple"):
        topics.tomotopy_convergence(list(documents.tokens), dictionary, 3, iterations=120,
                                    every=50)
