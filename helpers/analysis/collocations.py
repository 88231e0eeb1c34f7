"""Collocations: adjacent word pairs that occur together more often than chance.

Counting the most frequent pairs rewards pairs of frequent words (公安 工作, 的 建设).
An association measure compares each pair's observed count with what its words'
frequencies predict. For a pair (w1, w2), with all adjacent pairs of the corpus as the
sample (Evert 2005)::

                      second = w2      second ≠ w2
    first = w1          O11 = n12        O12 = n1 − n12
    first ≠ w1          O21 = n2 − n12   O22 = N − n1 − n2 + n12

N is the number of adjacent pairs, n1 the number of pairs whose first word is w1 and
n2 the number whose second word is w2. Expected counts are E_ij = row_i × col_j / N.

* PMI = log2(O11 / E11): how many times (in powers of two) more often than chance.
  Unreliable for rare pairs (a pair of two hapaxes has the maximum PMI), hence a
  minimum count.
* G² = 2 Σ O_ij ln(O_ij / E_ij) (log-likelihood ratio, Dunning 1993), with 0 ln 0 = 0:
  how much evidence there is that the pair is not chance; rewards frequent and
  strongly associated pairs. Only positively associated pairs (O11 > E11) are kept.

Pairs are taken *within* each token list and never across lists, so pass one list per
paragraph (or per clause) to keep pairs from straddling a boundary.
Taught in ``notebooks/02_word_frequencies.ipynb``.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable

import pandas as pd
from scipy.stats import chi2

from helpers.analysis.stats import bh_qvalues, g2_2x2

COLUMNS = ["bigram", "w1", "w2", "n12", "n1", "n2", "N", "expected", "pmi", "g2", "p",
           "q_bh"]


def bigram_counts(token_lists: Iterable[Iterable[str]]) -> Counter[tuple[str, str]]:
    """Adjacent pairs (w1, w2) within each token list, never across lists."""
    counts: Counter[tuple[str, str]] = Counter()
    for tokens in token_lists:
        tokens = list(tokens)
        counts.update(zip(tokens, tokens[1:], strict=False))
    return counts


def g2(n12: int, n1: int, n2: int, n: int) -> float:
    """Log-likelihood ratio G² of the 2×2 table of a pair (see the module docstring);
    the same computation as keyness (:func:`helpers.analysis.stats.g2_2x2`)."""
    return float(g2_2x2(n12, n1, n2, n))


def pmi(n12: int, n1: int, n2: int, n: int) -> float:
    """Pointwise mutual information log2(n12 · N / (n1 · n2))."""
    return math.log2(n12 * n / (n1 * n2))


def collocations(token_lists: Iterable[Iterable[str]], *, min_count: int = 3,
                 exclude: Iterable[str] = ()) -> pd.DataFrame:
    """Adjacent-pair collocations with PMI, G², p and Benjamini–Hochberg q-values.

    Input: token lists (pairs never cross from one list to the next). All pairs are
    counted (N, n1, n2 include pairs with excluded words). The pairs *tested* are those
    seen at least ``min_count`` times with neither word in ``exclude`` (e.g.
    stopwords); p is the χ² (1 d.f.) tail of G² and ``q_bh`` the BH q-value over all
    tested pairs (:func:`helpers.analysis.stats.bh_qvalues`), so a table that ranks hundreds of
    pairs says which survive the multiplicity. The output keeps the positively
    associated pairs (O11 > E11). Columns: bigram (``"w1 w2"``), w1, w2, n12, n1, n2, N,
    expected (E11), pmi, g2, p, q_bh. Sorted by g2 (descending), then bigram.
    Taught in notebook 02, §3.
    """
    counts = bigram_counts(token_lists)
    n = sum(counts.values())
    first: Counter[str] = Counter()
    second: Counter[str] = Counter()
    for (w1, w2), c in counts.items():
        first[w1] += c
        second[w2] += c
    skip = frozenset(exclude)
    rows = []
    for (w1, w2), n12 in counts.items():
        if n12 < min_count or w1 in skip or w2 in skip:
            continue
        expected = first[w1] * second[w2] / n
        rows.append({"bigram": f"{w1} {w2}", "w1": w1, "w2": w2, "n12": n12,
                     "n1": first[w1], "n2": second[w2], "N": n, "expected": expected,
                     "pmi": pmi(n12, first[w1], second[w2], n),
                     "g2": g2(n12, first[w1], second[w2], n)})
    table = pd.DataFrame(rows, columns=COLUMNS)
    table["p"] = chi2.sf(table.g2.to_numpy(dtype=float), 1)
    table["q_bh"] = bh_qvalues(table.p.to_numpy(dtype=float))
    table = table[table.n12 > table.expected]
    return table.sort_values(["g2", "bigram"], ascending=[False, True],
                             kind="stable").reset_index(drop=True)


def frequent_pairs(token_lists: Iterable[Iterable[str]], *, n: int = 10,
                   exclude: Iterable[str] = ()) -> pd.DataFrame:
    """The ``n`` most frequent adjacent pairs (raw counts, for contrast with
    :func:`collocations`): bigram, n12, sorted by n12 (descending) then bigram."""
    skip = frozenset(exclude)
    counts = [(f"{w1} {w2}", c) for (w1, w2), c in bigram_counts(token_lists).items()
              if w1 not in skip and w2 not in skip]
    counts.sort(key=lambda bc: (-bc[1], bc[0]))
    return pd.DataFrame(counts[:n], columns=["bigram", "n12"])
