"""helpers.analysis.coherence against gensim's CoherenceModel (and a brute force)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from gensim.corpora import Dictionary
from gensim.models import CoherenceModel

from helpers.analysis import coherence, topics

WORDS = [f"w{i}" for i in range(30)]


def random_texts(seed: int, n: int = 40) -> list[list[str]]:
    """Texts of 0–260 tokens (shorter and longer than both windows), with repeats, a
    few tokens outside the dictionary and one empty text."""
    rng = np.random.default_rng(seed)
    weights = 1 / np.arange(1, len(WORDS) + 1)
    texts = [list(rng.choice(WORDS, size=int(rng.integers(1, 260)), p=weights / weights.sum()))
             for _ in range(n)]
    texts[0] = []
    texts[1] = texts[1] + ["outside"] * 3 + texts[1][:5]
    return texts


def gensim_scores(top, texts, dictionary, measure):
    kwargs = ({"corpus": [dictionary.doc2bow(t) for t in texts]} if measure == "u_mass"
              else {"texts": texts})
    return np.array(CoherenceModel(topics=top, dictionary=dictionary, coherence=measure,
                                   topn=len(top[0]), processes=1,
                                   **kwargs).get_coherence_per_topic())


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_equals_gensim(seed: int) -> None:
    texts = random_texts(seed)
    dictionary = Dictionary(texts)
    dictionary.filter_tokens(bad_ids=[dictionary.token2id["outside"]])
    rng = np.random.default_rng(100 + seed)
    top = [list(rng.choice(WORDS, 10, replace=False)) for _ in range(6)]
    mine = coherence.ReferenceTexts(texts, dictionary).scores(top)
    for measure in coherence.MEASURES:
        np.testing.assert_allclose(mine[measure].to_numpy(),
                                   gensim_scores(top, texts, dictionary, measure),
                                   rtol=0, atol=1e-9, err_msg=measure)


def brute_counts(texts, words, window):
    """Windows holding each word and each pair, by enumerating the windows."""
    sets = []
    for text in texts:
        if window is None or len(text) < window:
            sets.append(set(text))
        else:
            sets += [set(text[s:s + window]) for s in range(len(text) - window + 1)]
    counts = np.array([[sum(a in s and b in s for s in sets) for b in words] for a in words])
    return counts, len(sets)


@pytest.mark.parametrize("window", [None, 3, 10])
def test_exact_windows_count_true_presence(window) -> None:
    texts = random_texts(5, n=12)
    dictionary = Dictionary(texts)
    words = ["w0", "w1", "w4", "w9"]
    ids = np.array(sorted(dictionary.token2id[w] for w in words))
    ordered = [dictionary[int(i)] for i in ids]
    reference = coherence.ReferenceTexts(texts, dictionary, windows="exact")
    expected, units = brute_counts(texts, ordered, window)
    assert reference.units(window) == units
    np.testing.assert_array_equal(reference.counts(ids, window), expected)


def test_gensim_windows_drop_a_word_whose_earlier_copy_leaves() -> None:
    """The documented gensim quirk: 'a' at 0 and 2, window 3: all three windows hold 'a'
    but gensim clears it when position 0 leaves and never sets it again: it counts 1."""
    texts = [["a", "b", "a", "c", "d"]]
    dictionary = Dictionary(texts)
    ids = np.array([dictionary.token2id["a"]])
    assert coherence.ReferenceTexts(texts, dictionary, windows="exact").counts(ids, 3)[0, 0] == 3
    assert coherence.ReferenceTexts(texts, dictionary).counts(ids, 3)[0, 0] == 1


def test_topics_coherence_uses_it_with_or_without_a_built_reference() -> None:
    texts = random_texts(7)
    dictionary = Dictionary(texts)
    rng = np.random.default_rng(3)
    phi = pd.DataFrame(rng.dirichlet(np.ones(len(dictionary)), size=4),
                       columns=[dictionary[i] for i in range(len(dictionary))])
    plain = topics.coherence(phi, texts, dictionary, per_topic=True, cache=False)
    built = topics.coherence(phi, texts, dictionary, per_topic=True, cache=False,
                             reference=coherence.ReferenceTexts(texts, dictionary))
    assert plain.equals(built)
    top = topics.top_term_lists(phi, 10)
    np.testing.assert_allclose(plain["c_v"], gensim_scores(top, texts, dictionary, "c_v"),
                               atol=1e-9)


def test_bad_windows_option_is_named() -> None:
    with pytest.raises(ValueError, match="'gensim' or 'exact'"):
        coherence.ReferenceTexts([["a"]], Dictionary([["a"]]), windows="palmetto")
