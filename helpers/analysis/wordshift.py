"""Word shifts: which words make two groups of texts differ, and by how much.

Keyness (:func:`helpers.analysis.compare.keyness`) tests each word on its own. A word
shift (Gallagher et al. 2021, the ``shifterator`` package) starts from one number that
says *how different* two word distributions are, and splits it into the contribution of
each word, so a sorted bar chart says *why* they differ.

With p and q the relative frequencies of the words in group A and in the rest B, and
m = (p + q) / 2, the **Jensen–Shannon divergence** (in bits) is a sum over words::

    JSD(p, q) = Σ_i δ_i,     δ_i = ½ p_i log₂(p_i / m_i) + ½ q_i log₂(q_i / m_i)

with 0 log 0 = 0. Every δ_i ≥ 0 (zero when p_i = q_i), so the contributions add up to the
divergence exactly: ``share = δ_i / JSD`` is each word's part of it. JSD lies between 0
(same distribution) and 1 (no shared word). The bar's *direction* is the group that uses
the word more. The **proportion shift** δ_i = p_i − q_i is the simplest shift (its signed
contributions add to 0): it favours frequent words, while JSD also rewards words one
group does not use at all.

:func:`jsd_permutation` gives the divergence a null: the documents' group labels are
permuted (all relabellings when there are few) and the JSD recomputed, since the texts,
not the tokens, are the units that vary.

Taught in ``notebooks/06_beyond_counting.ipynb`` (§3).
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd
from scipy import sparse

__all__ = ["SHIFT_COLUMNS", "jsd", "jsd_permutation", "shift"]

SHIFT_COLUMNS = ["term", "count_a", "count_b", "p_a", "p_b", "diff", "contribution", "share",
                 "cumulative_share", "direction"]


def _probabilities(a: Mapping[str, int], b: Mapping[str, int]
                   ) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    terms = sorted(set(a) | set(b))
    ca = np.array([a.get(t, 0) for t in terms], dtype=float)
    cb = np.array([b.get(t, 0) for t in terms], dtype=float)
    if ca.sum() <= 0 or cb.sum() <= 0:
        raise ValueError("word shift: both groups need at least one token")
    return terms, ca, cb, ca / ca.sum(), cb / cb.sum()


def _contributions(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    m = (p + q) / 2
    with np.errstate(divide="ignore", invalid="ignore"):
        left = np.where(p > 0, p * np.log2(p / m), 0.0)
        right = np.where(q > 0, q * np.log2(q / m), 0.0)
    return 0.5 * (left + right)


def jsd(a: Mapping[str, int], b: Mapping[str, int]) -> float:
    """Jensen–Shannon divergence (bits) between the word distributions of two counters."""
    _, _, _, p, q = _probabilities(a, b)
    return float(_contributions(p, q).sum())


def shift(a: Mapping[str, int], b: Mapping[str, int], *, measure: str = "jsd",
          n: int | None = None) -> pd.DataFrame:
    """Per-word contributions to the difference between group A and group B.

    ``measure="jsd"``: contribution δ_i ≥ 0 to the JSD (module docstring), share = δ_i /
    JSD; ``"proportion"``: δ_i = p_i − q_i, share = δ_i / Σ|δ|. Output (the ``n``
    largest |δ|, or all): term, count_a, count_b, p_a, p_b, diff (p_a − p_b),
    contribution, share, cumulative_share, direction (``"A"`` if p_a > p_b, else
    ``"B"``), sorted by |contribution| descending, then term. Unrounded, so that the
    contributions of the full table sum to the JSD.
    """
    if measure not in ("jsd", "proportion"):
        raise ValueError(f"measure must be 'jsd' or 'proportion', not {measure!r}")
    terms, ca, cb, p, q = _probabilities(a, b)
    delta = _contributions(p, q) if measure == "jsd" else p - q
    total = delta.sum() if measure == "jsd" else np.abs(delta).sum()
    out = pd.DataFrame({"term": terms, "count_a": ca.astype(int), "count_b": cb.astype(int),
                        "p_a": p, "p_b": q, "diff": p - q, "contribution": delta,
                        "share": delta / total if total > 0 else 0.0})
    out["direction"] = np.where(out["diff"] > 0, "A", "B")
    out = out.assign(size=out.contribution.abs()).sort_values(
        ["size", "term"], ascending=[False, True], kind="stable").drop(columns="size")
    out["cumulative_share"] = out.share.abs().cumsum()
    out = out[SHIFT_COLUMNS].reset_index(drop=True)
    return out if n is None else out.head(n)


def jsd_permutation(doc_counts: Mapping[str, Counter[str]], labels: Mapping[str, object],
                    target: object, *, n_perm: int = 999, seed: int = 0,
                    max_exact: int = 5000) -> pd.Series:
    """JSD between the documents labelled ``target`` and the others, with a permutation
    null over documents.

    ``doc_counts``: document → term counts; ``labels``: document → group. All
    relabellings that keep the group size are enumerated when there are at most
    ``max_exact`` of them, else ``n_perm`` random ones (p = (1 + #≥) / (1 + n_perm)).
    Returns observed, null_mean, null_q95, p, n_labellings, exact.
    """
    docs = sorted(doc_counts)
    inside = [d for d in docs if labels[d] == target]
    k = len(inside)
    if not 0 < k < len(docs):
        raise ValueError("jsd_permutation: the target must hold some but not all documents")

    terms = sorted({t for d in docs for t in doc_counts[d]})
    column = {t: j for j, t in enumerate(terms)}
    counts = sparse.csr_matrix(
        (np.array([c for d in docs for c in doc_counts[d].values()], dtype=float),
         (np.repeat(np.arange(len(docs)), [len(doc_counts[d]) for d in docs]),
          np.array([column[t] for d in docs for t in doc_counts[d]], dtype=np.int64))),
        shape=(len(docs), len(terms)))
    total = np.asarray(counts.sum(axis=0)).ravel()
    position = {d: i for i, d in enumerate(docs)}

    def values(groups: Iterable[Sequence[str]]) -> np.ndarray:
        """JSD of each group against the rest, 256 groups per matrix product."""
        out: list[float] = []
        batch: list[Sequence[str]] = []
        for group in [*groups, None]:
            if group is not None:
                batch.append(group)
                if len(batch) < 256:
                    continue
            if batch:
                chosen = np.zeros((len(batch), len(docs)))
                for i, members in enumerate(batch):
                    chosen[i, [position[d] for d in members]] = 1.0
                for a in np.asarray(counts.T @ chosen.T).T:
                    b = total - a
                    if a.sum() <= 0 or b.sum() <= 0:
                        raise ValueError("word shift: both groups need at least one token")
                    out.append(float(_contributions(a / a.sum(), b / b.sum()).sum()))
                batch = []
        return np.array(out)

    observed = float(values([inside])[0])
    n_all = math.comb(len(docs), k)
    exact = n_all <= max_exact
    if exact:
        null = values(itertools.combinations(docs, k))
        p = float((null >= observed - 1e-12).mean())
    else:
        rng = np.random.default_rng(seed)
        null = values(list(rng.choice(docs, size=k, replace=False)) for _ in range(n_perm))
        p = float((1 + (null >= observed - 1e-12).sum()) / (1 + n_perm))
    return pd.Series({"observed": round(observed, 4), "null_mean": round(float(null.mean()), 4),
                      "null_q95": round(float(np.quantile(null, 0.95)), 4), "p": round(p, 4),
                      "n_labellings": n_all if exact else n_perm, "exact": exact})
