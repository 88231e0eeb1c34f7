"""helpers.analysis.topics on small hand-made inputs whose right answers are known."""

from __future__ import annotations

import re

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from helpers.analysis import topics
from helpers.figures import plot_topics, plotting

# Three clearly separated themes, six words each; documents draw from one or two.
THEMES = {
    "police": ["派出所", "民警", "社区", "巡逻", "警力", "基层"],
    "law": ["法治", "执法", "规范", "程序", "公正", "案件"],
    "party": ["政治", "忠诚", "党建", "学习", "理论", "思想"],
}


def synthetic_documents(n_per_theme: int = 8, length: int = 30, seed: int = 0) -> pd.DataFrame:
    """Documents made of one theme's words plus a few of another's, two articles per theme."""
    rng = np.random.default_rng(seed)
    names = list(THEMES)
    rows = []
    for t, name in enumerate(names):
        other = THEMES[names[(t + 1) % 3]]
        for i in range(n_per_theme):
            words = list(rng.choice(THEMES[name], length - 4)) + list(rng.choice(other, 4))
            rows.append({"doc_id": f"{name}_{i // 4}:{i}", "article_id": f"{name}_{i // 4}",
                         "locality": name, "tokens": [str(w) for w in words]})
    return pd.DataFrame(rows)


def topic_frame(matrix: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame(matrix, index=pd.RangeIndex(1, len(matrix) + 1, name="topic"),
                        columns=[f"w{i}" for i in range(matrix.shape[1])])


# --------------------------------------------------------------------------- documents
def paragraph_table(rows: list[tuple[str, int, bool, int]]) -> pd.DataFrame:
    """(article_id, paragraph_no, is_heading, n_tokens) → a tokenize_paragraphs-like table."""
    return pd.DataFrame([{"article_id": a, "locality": a.upper(), "paragraph_no": no,
                          "is_heading": h, "text": f"{a}-{no}",
                          "tokens": [f"t{no}_{j}" for j in range(n)]} for a, no, h, n in rows])


def test_headings_join_the_next_paragraph_and_short_ones_a_neighbour() -> None:
    paragraphs = paragraph_table([
        ("a", 1, True, 3), ("a", 2, False, 30), ("a", 3, False, 5), ("a", 4, False, 40),
        ("b", 1, False, 4), ("b", 2, True, 2),
    ])
    documents = topics.paragraph_documents(paragraphs, min_tokens=20)
    # a: heading 1 + paragraph 2 (33 tokens); paragraph 3 (5) is merged with its shorter
    # neighbour, 1-2 (33 < 40). b: the trailing heading joins paragraph 1; one unit left.
    assert list(documents.doc_id) == ["a:1-3", "a:4", "b:1-2"]
    assert list(documents.n_tokens) == [38, 40, 6]
    assert list(documents.n_headings) == [1, 0, 1]
    assert list(documents.locality) == ["A", "A", "B"]
    assert documents.text.iloc[0] == "a-1\na-2\na-3"


def test_documents_never_cross_articles() -> None:
    paragraphs = paragraph_table([("a", 1, False, 2), ("b", 1, False, 2), ("b", 2, False, 2)])
    documents = topics.paragraph_documents(paragraphs, min_tokens=20)
    assert list(documents.doc_id) == ["a:1", "b:1-2"]


def test_heldout_split_is_stratified_and_fixed() -> None:
    documents = synthetic_documents()
    heldout = topics.heldout_split(documents, share=0.25, seed=7)
    assert heldout.groupby(documents.article_id).sum().tolist() == [1] * 6
    assert heldout.equals(topics.heldout_split(documents, share=0.25, seed=7))


def test_vocabulary_table_accounts_for_every_token() -> None:
    tokens = [["a", "b", "c"], ["a", "b"], ["a", "d"], ["a", "b"]]
    table = topics.vocabulary_table(tokens, no_below=2, no_above=0.8).set_index("stage")
    assert table.loc["all terms", "n_types"] == 4
    assert table.loc["too rare", "n_types"] == 2  # c and d: one document each
    assert table.loc["too common", "n_types"] == 1  # a: in 4 of 4 documents > 80%
    assert table.loc["kept", "examples"] == "b"
    parts = table.loc[["too rare", "too common", "kept"], "n_tokens"].sum()
    assert parts == table.loc["all terms", "n_tokens"] == 9
    assert len(topics.build_dictionary(tokens, no_below=2, no_above=0.8)) == 1


# --------------------------------------------------------------------------- scores
def test_completion_perplexity_of_uniform_topics_is_the_vocabulary_size() -> None:
    phi = np.full((2, 5), 0.2)
    theta = np.array([[0.5, 0.5]])
    assert topics.completion_perplexity(theta, phi, [[(0, 2), (3, 1)]]) == pytest.approx(5.0)


def test_exclusivity_is_high_for_disjoint_topics_and_low_for_identical_ones() -> None:
    disjoint = topic_frame(np.kron(np.eye(3), np.full((1, 4), 0.25)) + 1e-9)
    same = topic_frame(np.tile(np.linspace(1, 2, 12) / np.linspace(1, 2, 12).sum(), (3, 1)))
    # ECDF ranks: four tied top terms of 12 share rank 10.5, so 10.5 / 12 at best
    assert topics.exclusivity(disjoint, top_n=4).round(3).eq(0.875).all()
    assert topics.exclusivity(same, top_n=4).max() < 0.7


def test_relevance_with_lambda_one_is_log_probability() -> None:
    phi = topic_frame(np.array([[0.7, 0.2, 0.1], [0.1, 0.2, 0.7]]))
    frequency = pd.Series([10, 5, 5], index=phi.columns)
    assert np.allclose(topics.relevance(phi, frequency, lam=1.0), np.log(phi))


# --------------------------------------------------------------------------- alignment
def test_permuted_topics_align_perfectly() -> None:
    rng = np.random.default_rng(1)
    reference = rng.dirichlet(np.full(50, 0.1), size=6)
    permutation = np.array([3, 0, 5, 1, 4, 2])
    order, similarity = topics.align_topics(reference, reference[permutation])
    assert np.array_equal(permutation[order], np.arange(6))
    assert np.allclose(similarity, 1.0)
    runs = [topic_frame(reference), topic_frame(reference[permutation]),
            topic_frame(reference[::-1])]
    stability = topics.topic_stability(runs, null_q95=0.3)
    assert stability.stability.eq(1.0).all()
    assert stability.top_terms_jaccard.eq(1.0).all()
    assert stability.stable.all()


def test_random_topics_do_not_align() -> None:
    rng = np.random.default_rng(2)
    runs = [topic_frame(rng.dirichlet(np.full(200, 0.05), size=5)) for _ in range(4)]
    stability = topics.topic_stability(runs, null_q95=0.5)
    assert stability.stability.max() < 0.5
    assert not stability.stable.any()
    assert list(stability.columns) == ["stability", "min_stability", "top_terms_jaccard",
                                       "null_q95", "stable"]


def test_topic_matches_names_each_other_model() -> None:
    reference = topic_frame(np.eye(3) * 0.9 + 0.1 / 3)
    matches = topics.topic_matches(reference, {"self": reference, "swapped": reference.iloc[::-1]})
    assert list(matches.columns) == ["self", "swapped"]
    assert matches.eq(1.0).all().all()


def test_stability_needs_two_runs() -> None:
    with pytest.raises(ValueError, match="two runs"):
        topics.topic_stability([np.eye(2)])


# --------------------------------------------------------------------------- training
@pytest.fixture(scope="module")
def small_corpus() -> tuple[pd.DataFrame, object, list]:
    documents = synthetic_documents()
    dictionary = topics.build_dictionary(list(documents.tokens), no_below=1, no_above=1.0)
    return documents, dictionary, topics.bag_of_words(dictionary, documents.tokens)


def test_training_is_deterministic_and_the_trace_does_not_perturb_it(small_corpus) -> None:
    documents, dictionary, bow = small_corpus
    plain = topics.topic_word(topics.train_lda(bow, dictionary, k=3, seed=5, passes=5))
    again = topics.topic_word(topics.train_lda(bow, dictionary, k=3, seed=5, passes=5))
    observed, evaluated = topics.split_halves(list(documents.tokens[:4]))
    traced_model = topics.train_lda(bow, dictionary, k=3, seed=5, passes=5, heldout=(
        topics.bag_of_words(dictionary, observed), topics.bag_of_words(dictionary, evaluated)))
    assert plain.equals(again)
    assert plain.equals(topics.topic_word(traced_model))
    trace = topics.convergence_table(traced_model)
    assert trace["pass"].tolist() == [1, 2, 3, 4, 5]
    assert trace.heldout_perplexity.notna().all()


def test_clear_themes_are_recovered_and_doc_topics_are_reproducible(small_corpus) -> None:
    documents, dictionary, bow = small_corpus
    model = topics.train_lda(bow, dictionary, k=3, seed=11, passes=30)
    phi = topics.topic_word(model)
    found = {frozenset(terms[:6]) for terms in topics.top_term_lists(phi, 6)}
    assert found == {frozenset(words) for words in THEMES.values()}
    theta = topics.doc_topic(model, bow, documents.doc_id, seed=1)
    assert np.allclose(theta.sum(axis=1), 1.0)
    assert theta.equals(topics.doc_topic(model, bow, documents.doc_id, seed=1))
    with pytest.raises(ValueError, match="no trace"):
        topics.convergence_table(model)


def test_tomotopy_gives_the_same_layout_and_themes(small_corpus) -> None:
    documents, dictionary, _ = small_corpus
    phi, theta = topics.train_tomotopy(documents.tokens, dictionary, documents.doc_id, k=3,
                                       seed=4, iterations=200)
    assert list(phi.columns) == [dictionary[i] for i in range(len(dictionary))]
    assert np.allclose(phi.sum(axis=1), 1.0) and np.allclose(theta.sum(axis=1), 1.0)
    assert list(theta.index) == list(documents.doc_id)
    found = {frozenset(terms) for terms in topics.top_term_lists(phi, 6)}
    assert found == {frozenset(words) for words in THEMES.values()}
    again, _ = topics.train_tomotopy(documents.tokens, dictionary, documents.doc_id, k=3,
                                     seed=4, iterations=200)
    assert phi.equals(again)
    table = topics.compare_models({"tomotopy": phi, "again": again}, documents.tokens,
                                  dictionary, null_q95=0.5)
    assert table.matched_similarity.tolist() == [1.0, 1.0]
    assert table.n_matched_above_null.tolist() == [3, 3]
    assert list(table.columns) == ["model", "c_v", "c_npmi", "u_mass", "exclusivity",
                                   "matched_similarity", "n_matched_above_null"]


# --------------------------------------------------------------------------- labels
def test_labels_are_checked_against_the_model() -> None:
    terms = pd.DataFrame({"by_probability": ["政治 忠诚", "执法 法治"]},
                         index=pd.Index([1, 2], name="topic"))
    labels = {1: {"label": "Loyalty", "anchor": "忠诚"}, 2: {"label": "Law", "anchor": "执法"}}
    labelled = topics.attach_labels(terms, labels)
    assert labelled.label.tolist() == ["Loyalty", "Law"]
    stale = {**labels, 2: {"label": "Law", "anchor": "派出所"}}
    with pytest.raises(ValueError, match=r"\[2\]"):
        topics.attach_labels(terms, stale)
    loose = topics.attach_labels(terms, stale, strict=False)
    assert loose.label.tolist() == ["Loyalty", "T2 (unlabelled)"]


# --------------------------------------------------------------------------- localities
def test_locality_shares_by_hand() -> None:
    doc_topic = pd.DataFrame([[1.0, 0.0], [0.0, 1.0], [0.2, 0.8]],
                             index=pd.Index(["a1", "a2", "b1"], name="doc_id"),
                             columns=pd.RangeIndex(1, 3, name="topic"))
    shares = topics.locality_topic_shares(doc_topic, pd.Series(["A", "A", "B"]), n_boot=500,
                                          seed=1)
    assert list(shares.columns) == ["locality", "topic", "share", "low", "high", "n_docs"]
    assert shares[["locality", "topic"]].values.tolist() == [["A", 1], ["A", 2], ["B", 1],
                                                              ["B", 2]]
    assert shares.share.tolist() == [0.5, 0.5, 0.2, 0.8]
    assert shares.n_docs.tolist() == [2, 2, 1, 1]
    # one document: every resample is that document, the interval is a point
    b = shares[shares.locality == "B"]
    assert b.low.tolist() == [0.2, 0.8] and b.high.tolist() == [0.2, 0.8]
    # two documents with shares 1 and 0: resampled means are 0, 0.5 or 1
    a = shares[shares.locality == "A"]
    assert a.low.tolist() == [0.0, 0.0] and a.high.tolist() == [1.0, 1.0]
    again = topics.locality_topic_shares(doc_topic, pd.Series(["A", "A", "B"]), n_boot=500,
                                         seed=1)
    assert shares.equals(again)


# --------------------------------------------------------------------------- LDAvis page
def test_ldavis_page_is_self_contained_and_reproducible() -> None:
    rng = np.random.default_rng(0)
    phi = topic_frame(rng.dirichlet(np.full(30, 0.3), size=4))
    theta = pd.DataFrame(rng.dirichlet(np.ones(4), size=12))
    frequency = pd.Series(rng.integers(1, 20, 30), index=phi.columns)
    prepared = plot_topics.ldavis_prepare(phi, theta, np.full(12, 25), frequency)
    assert prepared.topic_order == [1, 2, 3, 4]  # sort_topics=False: our numbering
    page = plot_topics.ldavis_html(prepared, visid="vis_test")
    assert page == plot_topics.ldavis_html(prepared, visid="vis_test")
    assert re.search(r"<(script|link|img|iframe)\b[^>]*\b(src|href)\s*=", page) is None
    assert "LDAvis_load_lib" not in page  # pyLDAvis' loader of remote scripts
    assert 'id="vis_test"' in page
    with pytest.raises(ValueError):
        plot_topics.ldavis_html(prepared, visid="bad id")


# --------------------------------------------------------------------------- figures
def test_topic_names_for_figures() -> None:
    labels = {1: "Party leadership and political loyalty", 2: "T2 (unlabelled)"}
    assert plot_topics.topic_name(1, labels, 20) == "T1 · Party leadership…"
    assert plot_topics.topic_name(1, labels, 20, wrap=True) == (
        "T1\nParty leadership and\npolitical loyalty")
    assert plot_topics.topic_name(2, labels) == "T2"
    assert plot_topics.topic_name(3) == "T3"


def test_figures_draw_from_the_helper_tables() -> None:
    plotting.setup_fonts()  # Chinese row labels
    rng = np.random.default_rng(4)
    phi = topic_frame(rng.dirichlet(np.full(12, 0.3), size=3))
    runs = pd.DataFrame([{"k": k, "seed": s, "fold": s - 1,
                          **{c: float(rng.random()) for c in topics.K_CRITERIA}}
                         for k in (2, 3) for s in (1, 2)])
    scores = topics.k_summary(runs)
    trace = pd.DataFrame({"k": [2, 2, 3, 3], "iteration": [50, 100, 50, 100],
                          "topic_change": [np.nan, 0.01, np.nan, 0.02],
                          "ll_per_word": [-7.0, -6.5, -7.1, -6.4]})
    stability = topics.topic_stability([phi, phi.iloc[::-1]], null_q95=0.2)
    shares = topics.locality_topic_shares(pd.DataFrame(rng.dirichlet(np.ones(3), size=4),
                                                       columns=phi.index),
                                          pd.Series(["A", "A", "B", "B"]), n_boot=50)
    figures = [plot_topics.plot_k_selection(scores, runs, 3),
               plot_topics.plot_convergence(trace, 3),
               plot_topics.plot_stability(stability, labels={1: "One"}),
               plot_topics.plot_top_terms(phi, n=4, glosses={"w0": "a gloss"}),
               plot_topics.plot_locality_heatmap(shares, names={"A": "甲 A"})]
    assert [len(f.axes) for f in figures] == [6, 2, 1, 3, 2]  # three topics, three columns
    for figure in figures:
        plt.close(figure)


def test_ldavis_cell_says_what_to_do_when_its_iframe_is_stripped() -> None:
    from helpers.figures import plot_topics

    cell = plot_topics.ldavis_iframe("<html><body>情指行</body></html>")
    stripped = re.sub(r"<iframe\b.*?</iframe>", "", cell, flags=re.S)  # what Lab keeps
    assert "<iframe" not in stripped
    text = re.sub(r"<[^>]+>", "", stripped)
    assert "results/figures/03_topic_models/ldavis.html" in text
    assert "jupyter trust" in text and "make lab" in text


# --------------------------------------------------------------------------- any K (issue 12)
@pytest.mark.parametrize("k", [3, 15])
def test_the_ends_of_the_k_range_fit_and_report_convergence(small_corpus, k) -> None:
    """K = 3 and K = 15 on a small corpus (24 documents, 18 terms): no error, a converged
    flag and a trace from both engines, k_selection rows and k_rules without NaN errors."""
    documents, dictionary, _ = small_corpus
    for engine, settings in (("tomotopy", {"iterations": 100}), ("gensim", {"passes": 5})):
        fit = topics.fit_topics(list(documents.tokens), dictionary, k, engine=engine, seed=3,
                                cache=False, **settings)
        assert fit.topic_word.shape == (k, len(dictionary))
        assert isinstance(fit.converged, bool) and len(fit.trace) >= 5
    selection = topics.k_selection(documents, dictionary, [k], seeds=[1, 2], null_shuffles=1,
                                   iterations=60, cache=False)
    assert len(selection.convergence) == 2 * 3 and selection.convergence.converged.dtype == bool
    assert topics.convergence_note(selection.convergence).endswith(
        ("converged.", "raise ITERATIONS."))
    rules = topics.k_rules(selection.runs)
    assert (rules.best_k == k).all()


def test_k_rules_and_perplexity_survive_missing_values() -> None:
    """The historical crash (int of a NaN best K) cannot happen: a criterion with no value
    gets missing best_k, and a K whose values are NaN is left out."""
    runs = pd.DataFrame({"k": [3, 3, 4, 4], "seed": [1, 2, 1, 2]})
    for criterion in topics.K_CRITERIA:
        runs[criterion] = [0.5, 0.6, 0.7, 0.8]
    runs["heldout_perplexity"] = np.nan
    runs.loc[runs.k == 3, "c_v"] = np.nan
    rules = topics.k_rules(runs).set_index("criterion")
    assert pd.isna(rules.best_k["heldout_perplexity"]) and rules.within_one_se[
        "heldout_perplexity"] == ""
    assert rules.best_k["c_v"] == 4 and rules.within_one_se["c_v"] == "4"
    assert np.isnan(topics.completion_perplexity(np.ones((1, 2)) / 2, np.ones((2, 3)) / 3, [[]]))
    note = topics.convergence_note(pd.DataFrame({"corpus": ["all", "null 3 0"], "k": [3, 3],
                                                 "seed": [1, 1], "converged": [True, False]}))
    assert note.startswith("1 of 2 fits did not converge") and "shuffled text: K = 3 (1)" in note


def test_sample_articles_keeps_whole_articles_within_the_budget() -> None:
    documents = pd.DataFrame({"article_id": [f"a{i // 3}" for i in range(30)],
                              "n_tokens": [10 + i for i in range(30)]})
    total = int(documents.n_tokens.sum())
    assert topics.sample_articles(documents, max_tokens=None).equals(documents)
    assert topics.sample_articles(documents, max_tokens=total).equals(documents)
    sample = topics.sample_articles(documents, max_tokens=200, seed=3)
    assert 0 < sample.n_tokens.sum() <= 200
    kept = set(sample.article_id)
    assert (documents.article_id.isin(kept).sum() == len(sample)), "articles kept whole"
    assert list(sample.index) == list(range(len(sample)))
    assert sample.equals(topics.sample_articles(documents, max_tokens=200, seed=3))
    assert not sample.equals(topics.sample_articles(documents, max_tokens=200, seed=4))
    one = topics.sample_articles(documents, max_tokens=1, seed=0)
    assert one.article_id.nunique() == 1, "at least one article, even over the budget"
