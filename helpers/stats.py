"""Uncertainty for texts that are few and long: bootstrap over paragraphs.

With one article per locality there is no sample of *cities* to generalise from.
What we can quantify is how much a text-level rate depends on which of its
paragraphs happen to be there: resample the paragraphs of each group with
replacement and recompute the statistic (Efron & Tibshirani 1993, percentile
intervals).
"""

from __future__ import annotations

import zlib
from collections.abc import Callable

import numpy as np
import pandas as pd

DEFAULT_SEED = 20241109


def group_seed(seed: int, name: object) -> np.random.SeedSequence:
    """A seed for one group derived from ``seed`` and the group's name (not its position),
    so adding or removing a group leaves the other groups' draws unchanged."""
    return np.random.SeedSequence([seed, zlib.crc32(str(name).encode("utf-8"))])


def bootstrap_ci(values: pd.DataFrame | np.ndarray, statistic: Callable[[np.ndarray], float], *,
                 n_boot: int = 2000, level: float = 0.95,
                 seed: int | np.random.SeedSequence = DEFAULT_SEED
                 ) -> tuple[float, float, float]:
    """Percentile bootstrap interval of ``statistic`` over the rows of ``values``.

    ``values`` is an array (or DataFrame) with one row per paragraph; ``statistic``
    maps such an array to a number. Returns ``(estimate, low, high)`` where the
    estimate is the statistic on the original rows. Deterministic for a given seed.
    """
    data = np.asarray(values, dtype=float)
    if data.shape[0] == 0:
        raise ValueError("bootstrap_ci needs at least one row")
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, data.shape[0], size=(n_boot, data.shape[0]))
    draws = np.array([statistic(data[i]) for i in idx])
    alpha = (1 - level) / 2
    low, high = np.quantile(draws, [alpha, 1 - alpha])
    return float(statistic(data)), float(low), float(high)


def ratio_rate(rows: np.ndarray, per: float = 10_000) -> float:
    """Rate of a ratio estimator: ``per * sum(col 0) / sum(col 1)``.

    Rows are paragraphs with (count, size) columns, e.g. (term hits, characters). The
    ratio of sums weights long paragraphs more, as the article-level rate does.
    """
    total = rows[:, 1].sum()
    return float(per * rows[:, 0].sum() / total) if total else 0.0


def bootstrap_rates(table: pd.DataFrame, *, group: str, count: str, size: str,
                    per: float = 10_000, n_boot: int = 2000, level: float = 0.95,
                    seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """Rate per ``per`` units of ``count`` over ``size`` by ``group``, with bootstrap
    intervals over rows (paragraphs) within each group.

    Input: one row per paragraph with columns ``group``, ``count``, ``size``.
    Output: one row per group (sorted), columns group, count, size, rate, low, high,
    n_rows. Each group is resampled with its own generator (:func:`group_seed`), so
    adding a group does not change the others' intervals.
    """
    rows = []
    for name, part in sorted(table.groupby(group), key=lambda g: str(g[0])):
        data = part[[count, size]].to_numpy(dtype=float)
        estimate, low, high = bootstrap_ci(data, lambda r: ratio_rate(r, per), n_boot=n_boot,
                                           level=level, seed=group_seed(seed, name))
        rows.append({group: name, count: int(data[:, 0].sum()), size: int(data[:, 1].sum()),
                     "rate": estimate, "low": low, "high": high, "n_rows": len(part)})
    return pd.DataFrame(rows)
