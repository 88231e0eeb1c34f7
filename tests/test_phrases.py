"""Phrase mining (helpers.analysis.phrases): λ, σ and z computed by hand on toy clauses."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from helpers.analysis import phrases


def clauses(lists: list[list[str]], docs: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"article_id": docs, "tokens": lists})


def test_bigram_lambda_is_the_smoothed_log_odds_ratio() -> None:
    # windows: (a b) (b c) (a b) (c a) -> cells [neither, a only, b only, both] = [2, 0, 0, 2]
    toy = clauses([["a", "b", "c"], ["a", "b"], ["c", "a"]], ["d1", "d2", "d3"])
    table = phrases.mine(toy, sizes=[2], min_count=2, min_docs=2, edge_stopwords=())
    row = table.set_index("phrase").loc["ab"]
    lam = math.log(2.5 * 2.5 / (0.5 * 0.5))
    sigma = math.sqrt(2 / 2.5 + 2 / 0.5)
    assert row["count"] == 2 and row.n_docs == 2 and row["size"] == 2
    assert row["lambda"] == pytest.approx(lam, abs=1e-3)
    assert row.sigma == pytest.approx(sigma, abs=1e-3)
    assert row.z == pytest.approx(lam / sigma, abs=1e-3)
    assert list(table.phrase) == ["ab"], "only a b is seen twice"


def test_trigram_lambda_by_hand() -> None:
    # windows of 3 over x y z x y z | x y w: (x y z) (y z x) (z x y) (x y z) (x y w)
    toy = clauses([["x", "y", "z", "x", "y", "z"], ["x", "y", "w"]], ["d1", "d2"])
    table = phrases.mine(toy, sizes=[3], min_count=2, min_docs=1, edge_stopwords=())
    row = table.set_index("phrase").loc["xyz"]
    # bits: position 0 = x, 1 = y, 2 = z. (x y z) -> 7 twice; (x y w) -> 3; others -> 0
    cells = [2, 0, 0, 1, 0, 0, 0, 2]
    signs = [(-1) ** (3 - bin(c).count("1")) for c in range(8)]
    lam = sum(s * math.log(n + 0.5) for s, n in zip(signs, cells, strict=True))
    sigma = math.sqrt(sum(1 / (n + 0.5) for n in cells))
    assert row["count"] == 2
    assert row["lambda"] == pytest.approx(lam, abs=1e-3)
    assert row.z == pytest.approx(lam / sigma, abs=1e-3)
    assert phrases.lambda_score(cells, 3)[0] == pytest.approx(lam)


def test_spread_edges_and_maximal() -> None:
    toy = clauses([["严格", "规范", "执法"]] * 3 + [["的", "规范"]] * 3, ["d1", "d2", "d3"] * 2)
    table = phrases.mine(toy, sizes=[2, 3], min_count=3, min_docs=2)
    assert "的规范" not in set(table.phrase), "a function word may not open a phrase"
    assert {"严格规范", "严格规范执法"} <= set(table.phrase)
    assert phrases.mine(toy, sizes=[3], min_count=3, min_docs=4).empty, "spread"
    kept = phrases.maximal(table)
    assert "严格规范" not in set(kept.phrase) and "严格规范执法" in set(kept.phrase)


def test_formula_candidates_and_validation() -> None:
    paragraphs = pd.DataFrame({"article_id": ["d1", "d2"], "paragraph_no": [1, 1],
                               "text": ["坚持“专业+机制+大数据”，做到两个维护。",
                                        "推进专业＋机制＋大数据，牢记二十大精神和两个维护。"]})
    found = phrases.formula_candidates(paragraphs).set_index("candidate")
    assert found.loc["专业+机制+大数据", "n_docs"] == 2
    assert found.loc["两个维护", "kind"] == "numbered"
    assert "十大精神" not in found.index, "二十大 is not a numbered formula"
    assert phrases.phrase_key("专业+机制+大数据") == "专业机制大数据"
    toy = clauses([["专业", "机制", "大", "数据"]] * 2, ["d1", "d2"])
    mined = phrases.mine(toy, sizes=[4], min_count=2, min_docs=2, edge_stopwords=())
    result = phrases.validate(mined, toy, {"quoted": ["专业+机制+大数据", "两个维护"]},
                              min_count=2, min_docs=2).iloc[0]
    assert result.findable == 1 and result.found == 1 and result.recall == 1.0
    assert result.precision_exact == 1.0
    assert phrases.new_candidates(mined, ["专业+机制+大数据"]).empty


def test_weakest_split_by_hand_and_equal_to_z_for_pairs() -> None:
    toy = clauses([["x", "y", "z", "x", "y", "z"], ["x", "y", "w"]], ["d1", "d2"])
    row = phrases.mine(toy, sizes=[3], min_count=2, min_docs=1,
                       edge_stopwords=()).set_index("phrase").loc["xyz"]
    # both splits (x | y z and x y | z): [neither, left only, right only, both] = [2, 1, 0, 2]
    expected = phrases.lambda_score([2, 1, 0, 2], 2)[2]
    assert row.z_min == pytest.approx(expected, abs=1e-3) and row.split == 1
    pairs = phrases.mine(toy, sizes=[2], min_count=2, min_docs=1, edge_stopwords=())
    assert (pairs.z == pairs.z_min).all()


def test_shuffle_keeps_lengths_and_plant_inserts() -> None:
    toy = clauses([["a", "b", "c"], ["d", "e"], ["f"]], ["d1", "d2", "d3"])
    mixed = phrases.shuffled(toy, seed=1)
    assert [len(t) for t in mixed.tokens] == [3, 2, 1]
    assert sorted(t for toks in mixed.tokens for t in toks) == list("abcdef")
    planted = phrases.plant(toy, ["p", "q"], 2, seed=1)
    joined = [" ".join(t) for t in planted.tokens]
    assert sum("p q" in j for j in joined) == 2


def test_cells_from_partial_matches_equal_a_scan_of_every_window() -> None:
    """mine() reads each candidate's 2ⁿ cells and weakest split from counts of partial
    matches; a direct scan of all windows (the definition) gives the same table."""
    rng = np.random.default_rng(0)
    words = list("甲乙丙丁戊己庚")
    toy = pd.DataFrame({"article_id": [f"d{i % 5}" for i in range(60)],
                        "tokens": [list(rng.choice(words, size=int(rng.integers(0, 9))))
                                   for _ in range(60)]})
    mined = phrases.mine(toy, sizes=[2, 3, 4], min_count=2, min_docs=1, edge_stopwords=())
    assert len(mined) > 50
    for n in (2, 3, 4):
        grid = np.array([t[s:s + n] for t in toy.tokens for s in range(len(t) - n + 1)])
        for row in mined[mined["size"] == n].itertuples():
            match = grid == np.array(row.tokens.split(" "))
            cells = np.bincount(match @ (2 ** np.arange(n)), minlength=2 ** n)
            lam, sigma, z = phrases.lambda_score(cells, n)
            z_min, split = phrases.weakest_split(match)
            assert (row.count, row.z, row.z_min, row.split) == (
                int(cells[-1]), round(z, 3), round(z_min, 3), split), row.phrase
