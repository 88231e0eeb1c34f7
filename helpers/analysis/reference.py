"""Keyness against general Chinese: the corpus vs the ``wordfreq`` frequency list.

A register shows in the words it uses far more often than ordinary written Chinese.
``wordfreq`` (Speer 2022) ships, offline, the frequency of each Chinese word across
several large sources (web text, Wikipedia, subtitles, news, social media), as a
proportion of all tokens. Comparing the corpus with it needs three decisions, stated
here and in the notebook:

* **Segmenters differ.** wordfreq cuts Chinese with jieba and its own dictionary; the
  corpus must be cut the same way for the comparison to mean anything, so use tokens
  made *without* the project lexicon (``lexicon=False``: 专业+机制+大数据 would be one
  token no general list has) and without stopwords (the proportions are over all
  tokens). Words are looked up exactly (:func:`reference_frequencies`), never through
  ``wordfreq.word_frequency``, which re-segments an unknown word and estimates its
  frequency from its parts.
* **A proportion is not a count.** G² needs counts, so the list becomes a pseudo-corpus
  of ``ref_size`` tokens (count = frequency × ref_size). G² and p grow with ref_size; the
  log-ratio does not. Report the log-ratio as the effect and keep ``ref_size`` stated.
* **Absent words.** wordfreq omits words rarer than about 1 per 100 million tokens; a
  corpus word missing from the list gets the zero correction of the log-ratio (0.5
  pseudo-tokens, as in :func:`helpers.analysis.compare.log_ratio`), so its log-ratio is
  a lower bound, flagged ``in_reference = False``. Listed words whose pseudo-count is
  below 0.5 get 0.5 as well, so that no listed word ranks above an absent one.

Taught in ``notebooks/06_beyond_counting.ipynb`` (§4).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache

import numpy as np
import pandas as pd
from scipy.stats import chi2

from helpers.analysis import compare, stats

__all__ = ["DEFAULT_REF_SIZE", "keyness_vs_reference", "reference_frequencies"]

#: Size (tokens) of the pseudo-corpus the reference proportions are scaled to.
DEFAULT_REF_SIZE = 10_000_000


@lru_cache(maxsize=2)
def _wordfreq_dict(lang: str, wordlist: str) -> dict[str, float]:
    import wordfreq

    return dict(wordfreq.get_frequency_dict(lang, wordlist=wordlist))


def reference_frequencies(words: Iterable[str], *, lang: str = "zh", wordlist: str = "best"
                          ) -> pd.Series:
    """Exact wordfreq proportions of ``words`` (0.0 where the list has no entry), indexed
    by word. Offline: wordfreq ships its data."""
    table = _wordfreq_dict(lang, wordlist)
    words = list(dict.fromkeys(words))
    return pd.Series([float(table.get(w, 0.0)) for w in words], index=pd.Index(words, name="term"),
                     name="frequency")


def keyness_vs_reference(counts: Mapping[str, int], reference: Mapping[str, float] | None = None,
                         *, ref_size: float = DEFAULT_REF_SIZE, min_count: int = 5,
                         zero: float = compare.ZERO_CORRECTION, lang: str = "zh") -> pd.DataFrame:
    """Keyness of each corpus word seen ``min_count`` times against a reference list.

    ``counts``: word → corpus count (all tokens, to give the corpus size);
    ``reference``: word → proportion (default: wordfreq's ``lang`` list, looked up
    exactly). The reference becomes ``ref_size`` pseudo-tokens. Output: term, count,
    per_10k (corpus), reference_per_10k, in_reference, log_ratio (binary log of the ratio
    of relative frequencies, zero counts → ``zero``), g2 (2×2, as
    :func:`helpers.analysis.stats.g2_2x2`), p, q_bh (over the words tested), direction;
    sorted by log_ratio descending, then term.
    """
    size = float(sum(counts.values()))
    terms = sorted(t for t, c in counts.items() if c >= min_count)
    if reference is None:
        freqs = reference_frequencies(terms, lang=lang).to_numpy()
    else:
        freqs = np.array([float(reference.get(t, 0.0)) for t in terms])
    a = np.array([counts[t] for t in terms], dtype=float)
    b = freqs * ref_size
    lr = compare.log_ratio(a, np.maximum(b, zero), size, float(ref_size), zero=zero)
    g2 = stats.g2_2x2(a, size, a + b, size + ref_size) if terms else np.array([])
    p = chi2.sf(g2, 1)
    out = pd.DataFrame({"term": terms, "count": a.astype(int),
                        "per_10k": np.round(1e4 * a / size, 2),
                        "reference_per_10k": np.round(1e4 * freqs, 4),
                        "in_reference": freqs > 0, "log_ratio": np.round(lr, 2),
                        "g2": np.round(g2, 2), "p": p, "q_bh": stats.bh_qvalues(p)})
    out["direction"] = np.where(out.log_ratio > 0, "+", "-")
    return out.sort_values(["log_ratio", "term"], ascending=[False, True],
                           kind="stable").reset_index(drop=True)
