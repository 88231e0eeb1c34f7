"""The counting, TF-IDF and keyness functions built on helpers.analysis.dfm reproduce the
token-list formulas they replaced (count.tfidf, compare.tfidf: removed once nothing called
them), bit for bit: each scheme by hand on a tiny example,
and against the old formula (copied here as the reference) on random and bundled texts."""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
import pandas as pd
import pytest

from helpers.analysis import compare, count, dfm


# --------------------------------------------------------------------------- references
def old_rank_tfidf(docs: dict[str, list[str]], exclude=(), min_count: int = 1) -> pd.DataFrame:
    """count.tfidf as it was before the DFM: Counters over token lists, math.log."""
    docs = pd.Series(docs, dtype=object)
    n_docs = len(docs)
    df = Counter(t for tokens in docs for t in set(tokens))
    rows = []
    for doc, tokens in docs.items():
        for term, n in Counter(tokens).items():
            if term in set(exclude) or n < min_count:
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


def old_similarity_tfidf(doc_term: pd.DataFrame) -> pd.DataFrame:
    """compare.tfidf as it was: pandas over a documents × terms table (np.log).

    pandas sums ``axis=1`` block by block, so the old function's last bits depended on
    how the table's columns were stored; on a consolidated table (one block, what
    ``doc_term_matrix`` returns now) the norm is summed term by term, left to right.
    """
    doc_term = doc_term.copy()  # one block
    n = doc_term.shape[0]
    df = (doc_term > 0).sum(axis=0)
    weights = doc_term * (np.log((1 + n) / (1 + df)) + 1)
    norms = np.sqrt((weights ** 2).sum(axis=1)).replace(0, 1.0)
    return weights.div(norms, axis=0)


def old_term_frequencies(docs: dict[str, list[str]], exclude=(), per: float = 10_000
                         ) -> pd.DataFrame:
    docs = pd.Series(docs, dtype=object)
    frames = []
    for doc, tokens in docs.items():
        counts = count.count_terms([[t for t in tokens if t not in set(exclude)]])
        frames.append(pd.DataFrame({"doc": doc, "term": counts.index, "count": counts.values,
                                    "n_tokens": len(tokens)}))
    table = pd.concat(frames, ignore_index=True)
    table["rate"] = per * table["count"] / table["n_tokens"]
    table["rank"] = table.groupby("doc", sort=False).cumcount() + 1
    return table[["doc", "term", "count", "n_tokens", "rate", "rank"]]


def old_dispersion(docs: dict[str, list[str]], terms) -> pd.DataFrame:
    docs = pd.Series(docs, dtype=object)
    sizes = docs.map(len).astype(float)
    shares = sizes / sizes.sum()
    ceiling = 1 - float(shares.min())
    rows = []
    for term in dict.fromkeys(terms):
        hits = docs.map(lambda tokens, term=term: tokens.count(term)).astype(float)
        total = hits.sum()
        dp = 0.5 * float((hits / total - shares).abs().sum()) if total else float("nan")
        rows.append({"term": term, "count": int(total), "n_docs": int((hits > 0).sum()),
                     "n_docs_total": len(docs), "dp": dp,
                     "dp_norm": dp / ceiling if ceiling > 0 else float("nan")})
    return pd.DataFrame(rows, columns=["term", "count", "n_docs", "n_docs_total", "dp",
                                       "dp_norm"])


def old_doc_term_matrix(tokens: pd.DataFrame, min_count: int = 1, min_docs: int = 1
                        ) -> pd.DataFrame:
    counts = {name: Counter() for name in dict.fromkeys(tokens.article_id)}
    for name, toks in zip(tokens.article_id, tokens.tokens, strict=True):
        counts[name].update(toks)
    table = pd.DataFrame.from_dict(counts, orient="index").fillna(0).astype(int)
    table = table.loc[:, (table.sum() >= min_count) & ((table > 0).sum() >= min_docs)]
    return table.sort_index(axis=1).rename_axis(index="article_id", columns="term")


# --------------------------------------------------------------------------- inputs
TINY = {"a": ["警务", "改革", "改革", "改革", "派出所"], "b": ["警务"], "c": ["派出所", "警务"]}


def random_docs(seed: int, n_docs: int = 7) -> dict[str, list[str]]:
    """Zipf-like token lists over a small vocabulary (ties, absent terms, one empty doc)."""
    rng = np.random.default_rng(seed)
    vocab = [chr(0x4E00 + i) for i in range(60)]
    p = 1 / np.arange(1, 61)
    docs = {f"d{i}": list(rng.choice(vocab, size=int(rng.integers(5, 400)), p=p / p.sum()))
            for i in range(n_docs)}
    docs["empty"] = []
    return {k: [str(t) for t in v] for k, v in docs.items()}


@pytest.fixture(scope="module")
def bundled() -> pd.DataFrame:
    from helpers.text import corpus, segment

    return segment.tokenize_paragraphs(corpus.load_paragraphs())


# --------------------------------------------------------------------------- rank scheme
def test_rank_scheme_by_hand() -> None:
    weights = dfm.tfidf(dfm.build(TINY), scheme="rank")
    # N = 3; df: 警务 3, 改革 1, 派出所 2; |a| = 5, |c| = 2
    assert weights.loc["a", "改革"] == 3 / 5 * math.log(4 / 2)
    assert weights.loc["a", "派出所"] == 1 / 5 * math.log(4 / 3)
    assert weights.loc["c", "派出所"] == 1 / 2 * math.log(4 / 3)
    assert (weights["警务"] == 0).all() and weights.loc["b"].sum() == 0
    assert dfm.idf(dfm.docfreq(dfm.build(TINY)), 3, scheme="rank").tolist() == [
        math.log(4 / 2), math.log(4 / 3), 0.0]  # 改革, 派出所, 警务


def ranked_cells(d: dfm.DFM, exclude=(), min_count: int = 1) -> pd.DataFrame:
    """The long table of notebook 02, §2: the rank scheme's cells with a count, ranked."""
    weights = dfm.tfidf(d, scheme="rank")
    cells = pd.DataFrame({"count": dfm.to_frame(d).stack(), "tfidf": weights.stack()})
    cells = cells.rename_axis(["doc", "term"]).reset_index()
    cells = cells[(cells["count"] >= max(min_count, 1)) & ~cells.term.isin(set(exclude))]
    position = {doc: i for i, doc in enumerate(d.docs)}
    ranked = cells.sort_values(["tfidf", "term"], ascending=[False, True])
    return ranked.sort_values("doc", key=lambda s: s.map(position), kind="stable")


def assert_rank_scheme_is_the_old_function(docs, **options) -> None:
    old = old_rank_tfidf(docs, **options)
    new = ranked_cells(dfm.build(docs), **options)
    assert list(zip(new.doc, new.term, strict=True)) == list(zip(old.doc, old.term, strict=True))
    assert new.tfidf.tolist() == old.tfidf.tolist()  # bit for bit
    assert new["count"].tolist() == old["count"].tolist()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_rank_scheme_reproduces_the_old_count_tfidf(seed: int) -> None:
    docs = random_docs(seed)
    for options in ({}, {"exclude": {"一", "丁"}, "min_count": 2}):
        assert_rank_scheme_is_the_old_function(docs, **options)
    wide = dfm.tfidf(dfm.build(docs), scheme="rank")
    old = old_rank_tfidf(docs)
    assert [wide.loc[r.doc, r.term] for r in old.itertuples()] == old.tfidf.tolist()
    assert len(old) == dfm.build(docs).counts.nnz  # every other cell is 0


def test_rank_scheme_reproduces_the_old_count_tfidf_on_the_bundled_corpus(bundled) -> None:
    docs = count.group_tokens(bundled, "article_id")
    assert_rank_scheme_is_the_old_function(docs, min_count=2)


# --------------------------------------------------------------------------- similarity
def test_similarity_scheme_by_hand() -> None:
    weights = dfm.tfidf(dfm.build(TINY), scheme="similarity")
    w_gaige, w_pcs = math.log(2) + 1, math.log(4 / 3) + 1  # idf + 1; 警务 (df = N): 1
    norm_a = math.sqrt(1 + (3 * w_gaige) ** 2 + w_pcs ** 2)
    assert list(weights.columns) == ["改革", "派出所", "警务"]  # code-point order
    assert weights.loc["a"].tolist() == pytest.approx([3 * w_gaige / norm_a, w_pcs / norm_a,
                                                       1 / norm_a], rel=1e-15)
    assert weights.loc["b"].tolist() == [0.0, 0.0, 1.0]
    assert weights.loc["c", "派出所"] == pytest.approx(w_pcs / math.sqrt(1 + w_pcs ** 2))
    assert np.allclose((weights ** 2).sum(axis=1), 1.0)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_similarity_scheme_reproduces_the_old_compare_tfidf(seed: int) -> None:
    tokens = pd.DataFrame({"article_id": list(random_docs(seed)),
                           "tokens": list(random_docs(seed).values())})
    table = compare.doc_term_matrix(tokens)
    pd.testing.assert_frame_equal(table, old_doc_term_matrix(tokens), check_exact=True)
    new = dfm.tfidf(dfm.from_frame(table), scheme="similarity")
    pd.testing.assert_frame_equal(new, old_similarity_tfidf(table), check_exact=True)
    assert np.array_equal(dfm.tfidf(dfm.build(tokens), scheme="similarity").to_numpy(),
                          new.to_numpy())


def test_similarity_scheme_on_the_bundled_corpus(bundled) -> None:
    for options in ({}, {"min_count": 8, "min_docs": 2}):
        table = compare.doc_term_matrix(bundled, **options)
        pd.testing.assert_frame_equal(table, old_doc_term_matrix(bundled, **options),
                                      check_exact=True)
        pd.testing.assert_frame_equal(dfm.tfidf(dfm.from_frame(table), scheme="similarity"),
                                      old_similarity_tfidf(table), check_exact=True)
        d = dfm.trim(dfm.build(bundled), **options)
        assert np.array_equal(dfm.tfidf(d, scheme="similarity").to_numpy(),
                              old_similarity_tfidf(table).to_numpy())


def test_the_two_idfs_are_one_definition_plus_one() -> None:
    df = np.array([1, 2, 3, 3])
    rank, similarity = dfm.idf(df, 3, scheme="rank"), dfm.idf(df, 3, scheme="similarity")
    assert np.allclose(similarity - rank, 1.0, rtol=0, atol=1e-15)
    with pytest.raises(ValueError, match="scheme must be one of"):
        dfm.idf(df, 3, scheme="bm25")


# --------------------------------------------------------------------------- counts
@pytest.mark.parametrize("seed", [4, 5])
def test_term_frequencies_and_dispersion_reproduce_the_old_counters(seed: int) -> None:
    docs = random_docs(seed)
    for exclude in ((), {"一", "丁"}):
        pd.testing.assert_frame_equal(count.term_frequencies(docs, exclude=exclude),
                                      old_term_frequencies(docs, exclude=exclude),
                                      check_exact=True)
    terms = ["一", "丁", "七", "not a term"]
    pd.testing.assert_frame_equal(count.dispersion(docs, terms), old_dispersion(docs, terms),
                                  check_exact=True)
    d = dfm.build(docs)  # a DFM is accepted as it is
    pd.testing.assert_frame_equal(count.dispersion(d, terms), old_dispersion(docs, terms),
                                  check_exact=True)
    pd.testing.assert_frame_equal(count.term_frequencies(d), old_term_frequencies(docs),
                                  check_exact=True)


# --------------------------------------------------------------------------- keyness
@pytest.fixture
def places() -> pd.DataFrame:
    return pd.DataFrame({
        "article_id": ["x1", "x1", "x2", "y1", "z1"],
        "locality": ["X", "X", "X", "Y", "Z"],
        "tokens": [["甲", "甲", "乙"], ["甲", "丁", "甲"], ["甲", "丁"], ["乙", "乙", "丙"],
                   ["丙", "丙", "乙", "甲"]]})


def _counter(tokens: pd.DataFrame, mask) -> Counter:
    return Counter(t for toks in tokens.tokens[mask] for t in toks)


def test_keyness_dfm_target_a_group_or_documents(places: pd.DataFrame) -> None:
    d = dfm.build(places)
    inside = places.locality == "X"
    expected = compare.keyness(_counter(places, inside), _counter(places, ~inside), min_count=1)
    by_group = compare.keyness_dfm(d, "X", by="locality", min_count=1)
    pd.testing.assert_frame_equal(by_group, expected, check_exact=True)
    by_ids = compare.keyness_dfm(d, ["x1", "x2"], min_count=1)
    pd.testing.assert_frame_equal(by_ids, expected, check_exact=True)
    one = compare.keyness_dfm(d, "y1", min_count=1, method="rayson", correction="williams")
    inside = places.article_id == "y1"
    pd.testing.assert_frame_equal(one, compare.keyness(
        _counter(places, inside), _counter(places, ~inside), min_count=1, method="rayson",
        correction="williams"), check_exact=True)
    assert list(by_group.columns) == ["term", "target_count", "reference_count",
                                      "target_per_10k", "reference_per_10k", "g2", "p", "q_bh",
                                      "log_ratio", "lrc", "min_expected", "direction"]


def test_keyness_dfm_names_what_it_cannot_find(places: pd.DataFrame) -> None:
    d = dfm.build(places)
    with pytest.raises(KeyError, match="no document variable 'genre'"):
        compare.keyness_dfm(d, "X", by="genre")
    with pytest.raises(KeyError, match="no document has locality == 'W'"):
        compare.keyness_dfm(d, "W", by="locality")
    with pytest.raises(KeyError, match="unknown document id"):
        compare.keyness_dfm(d, ["x1", "nope"])


def test_keyness_by_group_takes_tokens_or_a_dfm(places: pd.DataFrame) -> None:
    from_tokens = compare.keyness_by_group(places, min_count=1)
    from_dfm = compare.keyness_by_group(dfm.build(places), min_count=1)
    pd.testing.assert_frame_equal(from_tokens, from_dfm, check_exact=True)
    row = from_tokens.set_index(["locality", "term"]).loc[("X", "甲")]
    assert (row.target_count, row.target_articles, row.n_articles) == (5, 2, 3)


def test_grouping_the_dfm_is_grouping_the_tokens(bundled) -> None:
    # the switch notebook 02 can make: group the article DFM instead of the token lists
    d = dfm.build(bundled)
    for by in ("locality", "raw_file"):
        via_dfm = count.term_frequencies(dfm.group(d, by))
        via_tokens = count.term_frequencies(count.group_tokens(bundled, by))
        pd.testing.assert_frame_equal(via_dfm, via_tokens, check_exact=True)
    articles = count.group_tokens(bundled, "article_id")
    pd.testing.assert_frame_equal(dfm.tfidf(d), dfm.tfidf(dfm.build(articles)), check_exact=True)
    pd.testing.assert_frame_equal(count.dispersion(d, ["派出所"]),
                                  count.dispersion(articles, ["派出所"]), check_exact=True)
