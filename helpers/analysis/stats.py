"""Inference for a corpus of few, long texts: permutation tests over articles,
multiplicity control, and intervals for rates over few paragraphs.

Two questions, two units:

* **Do two groups of texts differ?** Only the articles vary between groups, so the test
  relabels *articles* (:func:`permutation_rate_test`): every relabelling that keeps the
  group sizes is equally likely under the null of no group difference. With 2 of 11
  articles in a group there are C(11, 2) = 55 labellings, so no p-value below 1/55 ≈ 0.018
  is attainable — the test has little power, and the output says so (``min_p``).
* **How much would this one text's rate move** if its paragraphs had been a little
  different? That is what an interval over the paragraphs of one text answers
  (:func:`bootstrap_rates`); it says nothing about other texts or other cities.

Where a table ranks many tests, :func:`bh_qvalues` gives Benjamini–Hochberg q-values.
Taught in ``notebooks/02_word_frequencies.ipynb`` (rates, intervals, coverage) and
``notebooks/04_cross_city_comparison.ipynb`` (permutation test, keyness q-values).
"""

from __future__ import annotations

import functools
import itertools
import math
import zlib
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy.special import gammaincinv
from scipy.stats import norm
from scipy.stats import t as t_dist

DEFAULT_SEED = 20241109


def group_seed(seed: int, name: object) -> np.random.SeedSequence:
    """A seed for one group derived from ``seed`` and the group's name (not its position),
    so adding or removing a group leaves the other groups' draws unchanged."""
    return np.random.SeedSequence([seed, zlib.crc32(str(name).encode("utf-8"))])


def bootstrap_ci(values: pd.DataFrame | np.ndarray, statistic: Callable[[np.ndarray], Any], *,
                 n_boot: int = 2000, level: float = 0.95,
                 seed: int | np.random.SeedSequence = DEFAULT_SEED, vectorized: bool = False
                 ) -> tuple[float, float, float]:
    """Percentile bootstrap interval of ``statistic`` over the rows of ``values``.

    Over a text's paragraphs this answers only "how much would this one text's statistic
    move if its paragraphs were resampled"; with fewer than about a dozen rows the
    percentile interval under-covers (see :func:`interval_coverage`).

    ``values`` is an array (or DataFrame) with one row per paragraph; ``statistic``
    maps such an array to a number. With ``vectorized=True`` it instead maps a stack of
    arrays (``n_boot × rows × columns``) to ``n_boot`` numbers at once, as
    ``scipy.stats.bootstrap``'s ``vectorized`` does: the same resamples from the same
    generator, no Python call per resample (e.g. :func:`ratio_rate`, which takes both).
    Returns ``(estimate, low, high)`` where the estimate is the statistic on the original
    rows. Deterministic for a given seed.
    """
    data = np.asarray(values, dtype=float)
    if data.shape[0] == 0:
        raise ValueError("bootstrap_ci needs at least one row")
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, data.shape[0], size=(n_boot, data.shape[0]))
    if vectorized:
        draws = np.asarray(statistic(data[idx]), dtype=float)
        estimate = float(np.asarray(statistic(data[np.newaxis]))[0])
    else:
        draws = np.array([statistic(data[i]) for i in idx])
        estimate = float(statistic(data))
    alpha = (1 - level) / 2
    low, high = np.quantile(draws, [alpha, 1 - alpha])
    return estimate, float(low), float(high)


def ratio_rate(rows: np.ndarray, per: float = 10_000) -> Any:
    """Rate of a ratio estimator: ``per * sum(col 0) / sum(col 1)``; 0 when the sizes sum to 0.

    Rows are paragraphs with (count, size) columns, e.g. (term hits, characters). The
    ratio of sums weights long paragraphs more, as the article-level rate does. A 2-D
    array (rows × 2) gives a float; a stack of them (… × rows × 2, as
    :func:`bootstrap_ci` hands a ``vectorized`` statistic) gives an array of rates, each
    summed along its own rows exactly as the 2-D case sums a column (same numbers).
    """
    hits, total = rows[..., 0].sum(axis=-1), rows[..., 1].sum(axis=-1)
    if rows.ndim == 2:
        return float(per * hits / total) if total else 0.0
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(total != 0, per * hits / total, 0.0)


#: Interval methods of :func:`rate_interval` / :func:`bootstrap_rates`.
RATE_METHODS: tuple[str, ...] = ("quasi_poisson", "percentile", "poisson")


def _poisson_exact(total: float, level: float) -> tuple[float, float]:
    """Garwood's exact Poisson interval for a count ``total`` (as an expected count):
    ``chi2.ppf(α/2, 2·total) / 2`` and ``chi2.ppf(1 − α/2, 2·total + 2) / 2``, written as
    the inverse regularised gamma function that scipy's ``chi2.ppf`` evaluates
    (``2·gammaincinv(df/2, q)``), without its per-call argument checks — the same
    numbers (tested), several times faster in :func:`interval_coverage`'s loop."""
    alpha = 1 - level
    low = 0.0 if total == 0 else float(gammaincinv(total, alpha / 2))
    high = float(gammaincinv(total + 1, 1 - alpha / 2))
    return low, high


@functools.lru_cache(maxsize=256)
def _t_inflation(n: int, level: float) -> float:
    """(t_{n−1} / z)² at ``level``: the quasi-Poisson dispersion's small-sample factor."""
    alpha = 1 - level
    return (float(t_dist.ppf(1 - alpha / 2, n - 1)) / float(norm.ppf(1 - alpha / 2))) ** 2


def rate_interval(counts: np.ndarray | Sequence[float], sizes: np.ndarray | Sequence[float], *,
                  method: str = "quasi_poisson", per: float = 10_000, level: float = 0.95,
                  n_boot: int = 2000, seed: int | np.random.SeedSequence = DEFAULT_SEED
                  ) -> tuple[float, float, float]:
    """Rate ``per × Σ counts / Σ sizes`` of one text over its paragraphs, with an interval.

    Inputs: one count and one size per paragraph. Returns ``(rate, low, high)``.
    What the interval answers: how much would *this text's* rate move if its paragraphs
    were a new draw from the same process (same sizes, same underlying rate, paragraph
    to paragraph variation as observed)? It says nothing about other texts, authors or
    cities — for differences between groups of texts use :func:`permutation_rate_test`.

    Methods (coverage measured by :func:`interval_coverage`, see its docstring):

    * ``"quasi_poisson"`` (default): the exact Poisson (Garwood) interval of a
      quasi-Poisson count. The dispersion φ is the cluster-robust (HC2 sandwich)
      variance of the ratio estimator r = Σy/Σs, Σ (y_i − r·s_i)² / (1 − s_i/S) / S²,
      over the Poisson variance r/S, floored at 1 (agreement between few paragraphs
      cannot make the interval narrower than counting noise) and multiplied by
      (t_{n−1} / z)² at the interval's level, because φ is itself estimated from n − 1
      degrees of freedom. The interval for the effective count Σy/φ is scaled back by
      φ/S. Zero hits give [0, −ln(α/2)/S] (the exact Poisson upper bound: 3.69/S at
      95%), not [0, 0]; one paragraph gives the plain exact Poisson interval.
    * ``"percentile"``: the percentile bootstrap over paragraphs (``n_boot`` resamples,
      :func:`bootstrap_ci`). Labelled for comparison only: over 4–7 paragraphs it
      under-covers (about 75% for a nominal 95% at n = 4–5) and zero hits give [0, 0].
    * ``"poisson"``: Garwood's exact Poisson interval for Σy; ignores overdispersion
      between paragraphs, so it under-covers when paragraphs differ.
    """
    if method not in RATE_METHODS:
        raise ValueError(f"method must be one of {RATE_METHODS}, not {method!r}")
    y, s = np.asarray(counts, dtype=float), np.asarray(sizes, dtype=float)
    if len(y) == 0:
        raise ValueError("rate_interval needs at least one paragraph")
    total, size = float(y.sum()), float(s.sum())
    if size <= 0:
        return float("nan"), float("nan"), float("nan")
    rate = per * total / size
    if method == "percentile":
        return bootstrap_ci(np.column_stack([y, s]), functools.partial(ratio_rate, per=per),
                            n_boot=n_boot, level=level, seed=seed, vectorized=True)
    alpha = 1 - level
    if method == "poisson" or len(y) == 1:
        low, high = _poisson_exact(total, level)
        return rate, per * low / size, per * high / size
    if total == 0:
        return 0.0, 0.0, float(per * -np.log(alpha / 2) / size)
    r = total / size
    leverage = np.clip(s / size, 0.0, 1 - 1e-12)
    robust = float(((y - r * s) ** 2 / (1 - leverage)).sum() / size ** 2)
    inflation = _t_inflation(len(y), level)
    phi = max(1.0, robust / (r / size)) * inflation
    low, high = _poisson_exact(total / phi, level)
    return rate, per * phi * low / size, per * phi * high / size


def bootstrap_rates(table: pd.DataFrame, *, group: str, count: str, size: str,
                    per: float = 10_000, n_boot: int = 2000, level: float = 0.95,
                    seed: int = DEFAULT_SEED, method: str = "quasi_poisson") -> pd.DataFrame:
    """Rate per ``per`` units of ``count`` over ``size`` by ``group``, with an interval
    over the rows (paragraphs) of each group (:func:`rate_interval`).

    Input: one row per paragraph with columns ``group``, ``count``, ``size``.
    Output: one row per group (sorted), columns group, count, size, rate, low, high,
    n_rows, method. The default ``method="quasi_poisson"`` is the interval whose coverage is
    measured by :func:`interval_coverage` (≈ 95% at 5 and 11 paragraphs in the
    corpus-like simulation); ``method="percentile"`` is the paragraph bootstrap kept
    for comparison (it under-covers over few paragraphs). Either way the interval
    answers only "how much would this one text's rate move over its own paragraphs";
    it is not a test between texts or places (:func:`permutation_rate_test` is). Each
    group is resampled with its own generator (:func:`group_seed`), so adding a group
    does not change the others' intervals. Taught in notebook 02 (§1).
    """
    rows = []
    for name, part in sorted(table.groupby(group), key=lambda g: str(g[0])):
        data = part[[count, size]].to_numpy(dtype=float)
        estimate, low, high = rate_interval(data[:, 0], data[:, 1], method=method, per=per,
                                            level=level, n_boot=n_boot,
                                            seed=group_seed(seed, name))
        rows.append({group: name, count: int(data[:, 0].sum()), size: int(data[:, 1].sum()),
                     "rate": estimate, "low": low, "high": high, "n_rows": len(part),
                     "method": method})
    return pd.DataFrame(rows, columns=[group, count, size, "rate", "low", "high", "n_rows",
                                       "method"])


def overdispersion(table: pd.DataFrame, *, group: str, count: str, size: str) -> float:
    """Pearson dispersion φ of paragraph counts within groups (1 = Poisson).

    φ = Σ_groups Σ_i (y_i − r_g·s_i)² / (r_g·s_i) / Σ_groups (n_g − 1), with r_g the
    group's pooled rate; groups with no hits or one paragraph are skipped. Used to set
    the simulation of :func:`interval_coverage` to the corpus's own variability
    (notebook 02, §1). NaN when no group qualifies.
    """
    pearson, dof = 0.0, 0
    for _, part in table.groupby(group, sort=True):
        y, s = part[count].to_numpy(dtype=float), part[size].to_numpy(dtype=float)
        if len(y) < 2 or y.sum() == 0 or s.sum() == 0:
            continue
        mu = y.sum() / s.sum() * s
        ok = mu > 0
        pearson += float(((y[ok] - mu[ok]) ** 2 / mu[ok]).sum())
        dof += len(y) - 1
    return pearson / dof if dof else float("nan")


def interval_coverage(sizes: Sequence[float] | np.ndarray, *, rate: float,
                      n_paragraphs: Sequence[int] = (5, 11), shape: float | None = 2.0,
                      methods: Sequence[str] = ("quasi_poisson", "percentile"),
                      per: float = 10_000, level: float = 0.95, n_sim: int = 2000,
                      n_boot: int = 1000, seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """Simulated coverage of :func:`rate_interval` for a text of few paragraphs.

    Simulation: a text of n paragraphs whose sizes are drawn (with replacement) from
    ``sizes`` (e.g. the corpus's paragraph lengths in tokens); paragraph i has its own
    underlying rate ``rate × G_i`` with G_i ~ Gamma(shape, 1/shape) (mean 1; ``shape``
    None = no extra variation, Poisson), and hits y_i ~ Poisson(rate × G_i × s_i / per).
    This gamma–Poisson (negative binomial) model makes paragraphs overdispersed: the
    Pearson φ of a paragraph with expected count μ is about 1 + μ/shape. Each of
    ``n_sim`` simulated texts gets an interval per method; coverage is the share that
    contain the true ``rate``.

    Output: one row per n × method: n_paragraphs, method, coverage, mc_se (Monte-Carlo
    standard error √(c(1−c)/n_sim)), mean_width, share_zero (texts with no hit),
    rounded to 3 decimals. Deterministic for a seed (one generator per n). Measured in
    the unit tests and printed in notebook 02's method note (§1).
    """
    pool = np.asarray(sizes, dtype=float)
    rows = []
    for n in n_paragraphs:
        rng = np.random.default_rng(group_seed(seed, f"coverage-{n}"))
        s = rng.choice(pool, size=(n_sim, n))
        g = np.ones((n_sim, n)) if shape is None else rng.gamma(shape, 1 / shape, (n_sim, n))
        y = rng.poisson(rate * g * s / per).astype(float)
        for method in methods:
            intervals = np.array([rate_interval(y[i], s[i], method=method, per=per,
                                                level=level, n_boot=n_boot,
                                                seed=group_seed(seed, f"{n}-{i}"))
                                  for i in range(n_sim)])
            covered = (intervals[:, 1] <= rate) & (rate <= intervals[:, 2])
            c = float(covered.mean())
            rows.append({"n_paragraphs": n, "method": method, "coverage": c,
                         "mc_se": float(np.sqrt(c * (1 - c) / n_sim)),
                         "mean_width": float((intervals[:, 2] - intervals[:, 1]).mean()),
                         "share_zero": float((y.sum(axis=1) == 0).mean())})
    out = pd.DataFrame(rows, columns=["n_paragraphs", "method", "coverage", "mc_se",
                                      "mean_width", "share_zero"])
    return out.round(3)


# --------------------------------------------------------------------------- 2×2 tables
def g2_2x2(o11: np.ndarray | float, row1: np.ndarray | float, col1: np.ndarray | float,
           n: np.ndarray | float) -> np.ndarray:
    """Log-likelihood ratio G² of 2×2 tables given by one cell and the margins.

    The table is ``[[o11, row1 − o11], [col1 − o11, n − row1 − col1 + o11]]``; expected
    counts are row × column / n and G² = 2·Σ O·ln(O/E) over the four cells with
    0·ln 0 = 0 (Dunning 1993). Vectorised (arguments broadcast). The same number as
    ``scipy.stats.power_divergence(table, table_expected, lambda_="log-likelihood")`` and
    quanteda's ``textstat_keyness(measure="lr", correction="none")``. Used for keyness
    (:func:`helpers.analysis.compare.keyness`: term × target) and collocations
    (:func:`helpers.analysis.collocations.g2`: first word × second word).
    """
    o11, row1, col1, n = (np.asarray(x, dtype=float) for x in (o11, row1, col1, n))
    observed = np.stack(np.broadcast_arrays(o11, row1 - o11, col1 - o11,
                                            n - row1 - col1 + o11))
    row2, col2 = n - row1, n - col1
    expected = np.stack(np.broadcast_arrays(row1 * col1 / n, row1 * col2 / n,
                                            row2 * col1 / n, row2 * col2 / n))
    with np.errstate(divide="ignore", invalid="ignore"):
        cells = np.where(observed > 0, observed * np.log(observed / expected), 0.0)
    return 2 * cells.sum(axis=0)


def williams_q(row1: np.ndarray | float, col1: np.ndarray | float, n: np.ndarray | float
               ) -> np.ndarray:
    """Williams's (1976) correction factor of a 2×2 table's G² (divide G² by q).

    q = 1 + (n/row1 + n/row2 − 1)·(n/col1 + n/col2 − 1) / (6n): it depends on the
    margins only, exceeds 1, and shrinks G² most when a margin is small (a rare term).
    quanteda applies it by default for ``measure="lr"`` (skipping tables with a zero
    cell; here it is always applied). A degenerate margin (0) gives q = 1.
    """
    row1, col1, n = (np.asarray(x, dtype=float) for x in (row1, col1, n))
    with np.errstate(divide="ignore", invalid="ignore"):
        q = 1 + (n / row1 + n / (n - row1) - 1) * (n / col1 + n / (n - col1) - 1) / (6 * n)
    return np.where(np.isfinite(q), q, 1.0)


# --------------------------------------------------------------------------- multiplicity
def bh_qvalues(p: Sequence[float] | np.ndarray | pd.Series) -> np.ndarray:
    """Benjamini–Hochberg q-values (adjusted p-values) of a family of tests.

    For the m p-values sorted ascending, p_(1) ≤ … ≤ p_(m), the q-value of the i-th is
    ``min over j ≥ i of m · p_(j) / j``, capped at 1 (Benjamini & Hochberg 1995): it is
    monotone in p, and rejecting every test with q < α controls the false discovery rate
    at α for independent or positively dependent tests. NaN p-values are left out of
    the family (m counts only the others) and stay NaN. Returns an array in the input
    order; agrees with ``scipy.stats.false_discovery_control(p, method="bh")``.
    Taught in notebook 02 (§ keyness-style terms) and notebook 04 (keyness).
    """
    values = np.asarray(p, dtype=float).ravel()
    q = np.full(values.shape, np.nan)
    ok = ~np.isnan(values)
    m = int(ok.sum())
    if m == 0:
        return q
    if ((values[ok] < 0) | (values[ok] > 1)).any():
        raise ValueError("p-values must lie in [0, 1]")
    sub = values[ok]
    order = np.argsort(sub, kind="stable")
    scaled = sub[order] * m / np.arange(1, m + 1)
    monotone = np.minimum.accumulate(scaled[::-1])[::-1]
    out = np.empty(m)
    out[order] = np.minimum(monotone, 1.0)
    q[ok] = out
    return q


# --------------------------------------------------------------------------- permutation
def _pooled_rates(counts: np.ndarray, sizes: np.ndarray, inside: np.ndarray, per: float
                  ) -> tuple[np.ndarray, np.ndarray]:
    """Pooled rates (sum count / sum size × per) of the units marked in each row of the
    boolean matrix ``inside`` (labellings × units) and of the others."""
    total_c, total_s = counts.sum(), sizes.sum()
    c_in, s_in = inside @ counts, inside @ sizes
    c_out, s_out = total_c - c_in, total_s - s_in
    with np.errstate(divide="ignore", invalid="ignore"):
        rate_in = np.where(s_in > 0, per * c_in / s_in, 0.0)
        rate_out = np.where(s_out > 0, per * c_out / s_out, 0.0)
    return rate_in, rate_out


def _permutation_one(counts: np.ndarray, sizes: np.ndarray, is_target: np.ndarray, *,
                     per: float, max_exact: int, n_resamples: int,
                     seed: np.random.SeedSequence) -> dict[str, object]:
    """The permutation test of one table of units (see :func:`permutation_rate_test`)."""
    n, k = len(counts), int(is_target.sum())
    observed_in, observed_out = _pooled_rates(counts, sizes, is_target[None, :].astype(float),
                                              per)
    observed = float(observed_in[0] - observed_out[0])
    row: dict[str, object] = {"target_rate": float(observed_in[0]),
                              "rest_rate": float(observed_out[0]), "difference": observed,
                              "n_target": k, "n_rest": n - k}
    n_labellings = math.comb(n, k)
    if k == 0 or k == n:
        return row | {"p_permutation": float("nan"), "n_labellings": n_labellings,
                      "min_p": float("nan"), "exact": True}
    if n_labellings <= max_exact:
        chosen = np.array(list(itertools.combinations(range(n), k)), dtype=int)
        inside = np.zeros((len(chosen), n))
        inside[np.repeat(np.arange(len(chosen)), k), chosen.ravel()] = 1.0
        rate_in, rate_out = _pooled_rates(counts, sizes, inside, per)
        diffs = np.abs(rate_in - rate_out)
        tol = 1e-9 * max(1.0, abs(observed))
        p = float((diffs >= abs(observed) - tol).mean())
        min_p = float((diffs >= diffs.max() - tol).mean())
        return row | {"p_permutation": p, "n_labellings": n_labellings, "min_p": min_p,
                      "exact": True}
    rng = np.random.default_rng(seed)
    keys = rng.random((n_resamples, n))
    ranks = np.argsort(keys, axis=1)[:, :k]
    inside = np.zeros((n_resamples, n))
    inside[np.repeat(np.arange(n_resamples), k), ranks.ravel()] = 1.0
    rate_in, rate_out = _pooled_rates(counts, sizes, inside, per)
    diffs = np.abs(rate_in - rate_out)
    tol = 1e-9 * max(1.0, abs(observed))
    hits = int((diffs >= abs(observed) - tol).sum())
    return row | {"p_permutation": (1 + hits) / (1 + n_resamples),
                  "n_labellings": n_labellings, "min_p": 1 / (1 + n_resamples),
                  "exact": False}


def permutation_rate_test(units: pd.DataFrame, *, label: str, target: object, count: str,
                          size: str, by: str | None = None, per: float = 10_000,
                          max_exact: int = 20_000, n_resamples: int = 9_999,
                          seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """Permutation test of a difference in pooled rates between the ``target`` group of
    units and the rest, relabelling *units* (articles), not paragraphs.

    Input: ``units`` with one row per unit (article) — per ``by`` value if ``by`` is
    given (e.g. one row per article × theme) — and columns ``label`` (the group of the
    unit; the target group is ``units[label] == target``), ``count`` (e.g. theme hits)
    and ``size`` (e.g. characters). Aggregate paragraphs to articles *before* calling.

    Statistic: pooled rate of the target group minus pooled rate of the rest, each
    ``per × sum(count) / sum(size)``. Null: the group labels are exchangeable between
    units, so every relabelling that keeps the number of target units is equally
    likely. Two-sided p-value: the share of relabellings whose |difference| is at least
    the observed |difference| (the observed labelling included). When the number of
    labellings C(n, k) is at most ``max_exact`` they are all enumerated (exact test);
    otherwise ``n_resamples`` random relabellings give the Monte-Carlo p-value
    (1 + #{|d*| ≥ |d|}) / (1 + n_resamples), seeded per ``by`` value
    (:func:`group_seed`), so one theme's p does not depend on the others.

    Output: one row per ``by`` value (sorted; a single row without a ``by`` column when
    ``by`` is None) with columns [by], target_rate, rest_rate, difference,
    p_permutation, n_labellings, min_p, exact, n_target, n_rest, q_bh.
    ``min_p`` is the smallest p-value this design can produce: exactly, the share of
    labellings that reach the largest |difference| (1/C(n, k) when one labelling is
    uniquely most extreme, 2/C(n, k) when the groups are of equal size and the
    complement is as extreme); by Monte Carlo, 1/(1 + n_resamples). With 2 target
    articles of 11 there are 55 labellings and min_p is 1/55 ≈ 0.018 at best: a
    "non-significant" result is then weak evidence of no difference. ``q_bh`` are
    Benjamini–Hochberg q-values over the ``by`` rows (:func:`bh_qvalues`); rates are
    rounded to 4 decimals. Taught in notebook 04 (§4, non-local vs local texts).
    """
    missing = [c for c in (label, count, size) + ((by,) if by else ()) if c not in units]
    if missing:
        raise KeyError(f"permutation_rate_test: units lack column(s) {missing}")
    if by is None:
        parts: list[tuple[object, pd.DataFrame]] = [(None, units)]
    else:
        parts = sorted(units.groupby(by, sort=False), key=lambda g: str(g[0]))
    rows = []
    for name, part in parts:
        result = _permutation_one(part[count].to_numpy(dtype=float),
                                  part[size].to_numpy(dtype=float),
                                  (part[label] == target).to_numpy(),
                                  per=per, max_exact=max_exact, n_resamples=n_resamples,
                                  seed=group_seed(seed, "" if name is None else name))
        rows.append(({by: name} if by is not None else {}) | result)
    columns = ([by] if by is not None else []) + [
        "target_rate", "rest_rate", "difference", "p_permutation", "n_labellings", "min_p",
        "exact", "n_target", "n_rest"]
    out = pd.DataFrame(rows, columns=columns)
    out[["target_rate", "rest_rate", "difference"]] = out[
        ["target_rate", "rest_rate", "difference"]].round(4)
    out["q_bh"] = bh_qvalues(out.p_permutation.to_numpy())
    return out.reset_index(drop=True)
