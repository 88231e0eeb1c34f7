"""Topic coherence (c_v, c_npmi, u_mass) computed from co-occurrence counts in numpy.

The numbers are gensim's ``CoherenceModel`` (4.4) numbers — the same segmentations
(``s_one_set`` for c_v, ``s_one_pre`` for c_npmi and u_mass), the same boolean sliding
windows (110 tokens for c_v, 10 for c_npmi; a text shorter than the window is one
window), the same ε = 1e-12 and arithmetic means — and are tested against it to 1e-9.
What differs is the cost: gensim walks every window of the reference texts again for
every model it scores, in Python; here the texts are turned into arrays of dictionary
ids once (:class:`ReferenceTexts`), and the window × word presence of only the words a
model needs is counted with sparse matrices, so scoring the fifty models of notebook
03's K selection costs a fraction of one gensim pass each (``benchmarks/coherence.py``).

Inputs: token lists (the reference corpus), a gensim ``Dictionary`` and, per model, the
top terms of each topic. Outputs: per-topic scores as a ``DataFrame`` (a row per topic, a
column per measure). :func:`helpers.analysis.topics.coherence` is the entry point the
notebooks use (notebook 03, §3 and §7).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from gensim.corpora import Dictionary
from scipy import sparse

#: The measures, in the order the tables show them.
MEASURES = ("c_v", "c_npmi", "u_mass")
#: gensim's default window per measure (None: the whole document, u_mass).
WINDOWS: dict[str, int | None] = {"c_v": 110, "c_npmi": 10, "u_mass": None}
#: gensim's ε in every log ratio.
EPSILON = 1e-12
#: Texts per block when counting windows (bounds the memory of one block).
_BLOCK = 4096


class ReferenceTexts:
    """The reference corpus as arrays of dictionary ids (-1: a token outside it).

    Built once, it scores any number of models (:meth:`scores`); positions of tokens
    outside the dictionary are kept, as gensim keeps them, so windows span the same text.
    """

    def __init__(self, texts: Sequence[Sequence[str]], dictionary: Dictionary, *,
                 windows: str = "gensim") -> None:
        if windows not in ("gensim", "exact"):
            raise ValueError(f"windows must be 'gensim' or 'exact', not {windows!r}")
        self.windows = windows
        token2id = dictionary.token2id
        self.n_terms = len(dictionary)
        self.lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
        self.ids = np.fromiter((token2id.get(w, -1) for t in texts for w in t),
                               dtype=np.int64, count=int(self.lengths.sum()))
        self.starts = np.concatenate([[0], np.cumsum(self.lengths)[:-1]]).astype(np.int64)
        self.token2id = token2id

    def units(self, window: int | None) -> int:
        """How many windows (or documents, ``window=None``) the counts are over."""
        if window is None:
            return len(self.lengths)
        return int(np.maximum(self.lengths - window + 1, 1).sum())

    def counts(self, words: np.ndarray, window: int | None) -> np.ndarray:
        """``(len(words), len(words))`` int64: windows holding both words (the diagonal:
        windows holding the word), for dictionary ids ``words``."""
        column = np.full(self.n_terms + 1, -1, dtype=np.int64)
        column[words] = np.arange(len(words))
        token_column = column[self.ids]  # id -1 (outside the dictionary) reads the last slot
        text_of = np.repeat(np.arange(len(self.lengths)), self.lengths)
        position = np.arange(len(self.ids)) - self.starts[text_of]
        keep = token_column >= 0
        col, text, pos = token_column[keep], text_of[keep], position[keep]
        total = np.zeros((len(words), len(words)), dtype=np.int64)
        for lo in range(0, len(self.lengths), _BLOCK):
            block = (text >= lo) & (text < lo + _BLOCK)
            total += self._block_counts(col[block], text[block], pos[block], lo,
                                        len(words), window)
        return total

    def _block_counts(self, col: np.ndarray, text: np.ndarray, pos: np.ndarray, lo: int,
                      n_words: int, window: int | None) -> np.ndarray:
        lengths = self.lengths[lo:lo + _BLOCK]
        n_windows = (np.ones_like(lengths) if window is None
                     else np.maximum(lengths - window + 1, 1))
        local = text - lo
        if window is None:
            first = last = np.zeros_like(pos)
        elif self.windows == "exact":  # windows [first, last] of the text hold the token
            first = np.maximum(pos - window + 1, 0)
            last = np.minimum(pos, n_windows[local] - 1)
        else:
            local, col, first, last = _gensim_runs(local, col, pos, window, n_windows)
        offset = np.concatenate([[0], np.cumsum(n_windows)[:-1]])
        size = last - first + 1
        rows = (np.repeat(offset[local] + first, size)
                + np.arange(int(size.sum())) - np.repeat(np.cumsum(size) - size, size))
        presence = sparse.csr_matrix((np.ones(len(rows), dtype=np.int64),
                                      (rows, np.repeat(col, size))),
                                     shape=(int(n_windows.sum()), n_words))
        presence.sum_duplicates()
        presence.data[:] = 1  # a window holds a word or not
        return (presence.T @ presence).toarray()

    def scores(self, top_terms: Sequence[Sequence[str]],
               measures: Sequence[str] = MEASURES) -> pd.DataFrame:
        """Per-topic coherence of ``top_terms`` (one list of terms per topic, best first):
        a row per topic, a column per measure of ``measures``."""
        topic_ids = [np.array([self.token2id[w] for w in terms], dtype=np.int64)
                     for terms in top_terms]
        words = np.unique(np.concatenate(topic_ids)) if topic_ids else np.zeros(0, np.int64)
        index = [np.searchsorted(words, ids) for ids in topic_ids]
        out = {}
        for measure in measures:
            window = WINDOWS[measure]
            counts = self.counts(words, window).astype(float)
            n = float(self.units(window))
            score = _c_v if measure == "c_v" else (_u_mass if measure == "u_mass" else _c_npmi)
            out[measure] = [score(counts[np.ix_(i, i)], n) for i in index]
        return pd.DataFrame(out, columns=list(measures))


def _npmi(counts: np.ndarray, n: float) -> np.ndarray:
    """gensim's normalised log ratio for every pair of a topic's words."""
    occurrences = np.diag(counts)
    joint = counts / n
    ratio = np.log((joint + EPSILON) / np.multiply.outer(occurrences / n, occurrences / n))
    return ratio / -np.log(joint + EPSILON)


def _preceding(size: int) -> tuple[np.ndarray, np.ndarray]:
    """``s_one_pre``: (w′, w*) = (word i, word j) for every j < i, in gensim's order."""
    later = np.repeat(np.arange(1, size), np.arange(1, size))
    earlier = np.concatenate([np.arange(i) for i in range(1, size)]) if size > 1 else later
    return later, earlier


def _c_npmi(counts: np.ndarray, n: float) -> float:
    later, earlier = _preceding(len(counts))
    return float(np.mean(_npmi(counts, n)[later, earlier]))


def _u_mass(counts: np.ndarray, n: float) -> float:
    later, earlier = _preceding(len(counts))
    star = np.diag(counts)[earlier]
    values = np.log((counts[later, earlier] / n + EPSILON) / (star / n))
    return float(np.mean(np.where(star > 0, values, 0.0)))


def _c_v(counts: np.ndarray, n: float) -> float:
    """``s_one_set`` + indirect cosine of NPMI context vectors (γ = 1)."""
    vectors = _npmi(counts, n)
    whole = vectors.sum(axis=0)
    similarity = vectors @ whole / (np.sqrt((vectors ** 2).sum(axis=1))
                                    * np.sqrt((whole ** 2).sum()))
    return float(np.mean(similarity))


def _gensim_runs(text: np.ndarray, col: np.ndarray, pos: np.ndarray, window: int,
                 n_windows: np.ndarray) -> tuple[np.ndarray, ...]:
    """Window runs in which gensim's ``WordOccurrenceAccumulator`` marks a word present.

    gensim slides a window by clearing the token that leaves and setting the one that
    enters; clearing drops the word even when a later copy is still inside, so a word is
    present in window ``s`` when the latest of its events up to ``s`` is a set (a set
    and a clear in the same window: the set comes last). Occurrence ``p`` is set at
    window ``max(0, p - window + 1)`` and cleared at ``p + 1``. Returns
    ``(text, col, first, last)`` of each run.
    """
    set_at = np.maximum(pos - window + 1, 0)
    clear_at = pos + 1
    live = clear_at <= n_windows[text] - 1
    t = np.concatenate([text, text[live]])
    c = np.concatenate([col, col[live]])
    time = np.concatenate([set_at, clear_at[live]])
    kind = np.concatenate([np.ones(len(pos), np.int64), np.zeros(int(live.sum()), np.int64)])
    order = np.lexsort((kind, time, c, t))
    t, c, time, kind = t[order], c[order], time[order], kind[order]
    same = np.zeros(len(t), dtype=bool)
    same[:-1] = (t[1:] == t[:-1]) & (c[1:] == c[:-1])
    following = np.where(same, np.roll(time, -1), n_windows[t])
    run = (kind == 1) & (following > time)
    return t[run], c[run], time[run], following[run] - 1
