"""Wordfish: scaling texts on one dimension from their word counts (Slapin & Proksch 2008).

The model: the count of term ``j`` in document ``i`` is Poisson,

    y_ij ~ Poisson(exp(alpha_i + psi_j + beta_j * theta_i)),

with document fixed effects ``alpha`` (length), word fixed effects ``psi`` (frequency),
word weights ``beta`` (how a word's rate changes along the dimension) and document
positions ``theta``. Identification as in Slapin & Proksch: ``alpha`` of the first
document is 0, ``theta`` has mean 0 and standard deviation 1 over the documents, and the
sign is fixed by ``dir=(a, b)``: ``theta[a] < theta[b]``.

Estimation is the standard alternating conditional maximum likelihood of austin and
quanteda's ``textmodel_wordfish``: starting values from a singular value decomposition
of the centred log counts, then rounds of Newton steps for every word's ``(psi_j,
beta_j)`` given the documents and for every document's ``(alpha_i, theta_i)`` given the
words, each round ending with the identification above. Both blocks are two-parameter
Poisson regressions, solved for all words (or documents) at once with closed-form 2 × 2
Newton steps and step halving. Alternating updates creep along one slow direction, so
the rounds are accelerated with SQUAREM (Varadhan & Roland 2008) and the iteration stops
only when the penalised log-likelihood changes by less than ``tol`` (relative) **and**
no theta moves by more than ``theta_tol``: on the simulated data of the tests the
likelihood criterion alone stops after ~20 rounds with positions still 0.04 (rms) from
their limit, more than the sampling error. Priors as quanteda's defaults: normal with
sd 3 on ``beta`` (a small ridge that keeps rare words' weights finite) and sd 1 on
``theta``; ``alpha`` and ``psi`` are flat.

=========================  ==================================================
call                       what it does
=========================  ==================================================
``fit(counts, dir=)``      point estimates, Hessian standard errors of theta
``bootstrap(counts)``      parametric bootstrap intervals of theta
``simulate(n_docs, ...)``  counts drawn from the model, with the true theta
``log_likelihood(...)``    Poisson log-likelihood of counts at given parameters
=========================  ==================================================

Inputs: a documents × terms count matrix, either a DataFrame (index: documents,
columns: terms) or a :class:`helpers.analysis.dfm.DFM`. Outputs: pandas tables in the
input's document and term order. Deterministic. Taught in
notebooks/06_beyond_counting.ipynb (§ scaling texts on one dimension).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.special import gammaln
from scipy.stats import norm

from helpers.analysis.dfm import DFM

__all__ = ["WordfishResult", "bootstrap", "fit", "log_likelihood", "simulate"]

#: Prior standard deviations (quanteda's ``priors = c(Inf, Inf, 3, 1)``).
BETA_SD = 3.0
THETA_SD = 1.0


@dataclass(frozen=True)
class WordfishResult:
    """A fitted Wordfish model.

    ``documents``: doc, theta, alpha, se_theta (input order); ``words``: term, beta, psi
    (input order); ``log_likelihood``: the Poisson log-likelihood of the counts at the
    estimates (priors excluded, ``log y!`` included); ``iterations``: alternating rounds
    run; ``converged``: whether the relative change fell below ``tol``; ``dir``: the
    document positions whose order fixes the sign.
    """

    documents: pd.DataFrame
    words: pd.DataFrame
    log_likelihood: float
    iterations: int
    converged: bool
    dir: tuple[int, int] = (0, 1)

    def expected(self) -> np.ndarray:
        """Fitted Poisson means, documents × terms."""
        return _rates(self.documents.alpha.to_numpy(), self.words.psi.to_numpy(),
                      self.words.beta.to_numpy(), self.documents.theta.to_numpy())

    def __repr__(self) -> str:  # short and stable: no memory addresses in outputs
        return (f"WordfishResult({len(self.documents)} documents × {len(self.words)} terms, "
                f"log_likelihood={self.log_likelihood:.3f}, iterations={self.iterations}, "
                f"converged={self.converged})")


# --------------------------------------------------------------------------- inputs
def _as_matrix(counts: pd.DataFrame | DFM) -> tuple[np.ndarray, pd.Index, pd.Index]:
    """``(y, docs, terms)`` from a DataFrame or DFM, checked: counts ≥ 0, no empty row."""
    if isinstance(counts, DFM):
        y, docs, terms = counts.counts.toarray(), counts.docs, counts.terms
    elif isinstance(counts, pd.DataFrame):
        y, docs, terms = counts.to_numpy(), counts.index, counts.columns
    else:
        raise TypeError(f"wordfish: counts must be a DataFrame or a DFM, not "
                        f"{type(counts).__name__}")
    y = np.asarray(y, dtype=float)
    if y.ndim != 2 or y.shape[0] < 3 or y.shape[1] < 2:
        raise ValueError(f"wordfish: need at least 3 documents and 2 terms, got {y.shape}")
    if not np.isfinite(y).all() or (y < 0).any():
        raise ValueError("wordfish: counts must be finite and non-negative")
    empty_docs = np.flatnonzero(y.sum(axis=1) == 0)
    if len(empty_docs):
        raise ValueError(f"wordfish: {len(empty_docs)} document(s) have no token, e.g. "
                         f"{docs[empty_docs[0]]!r}")
    empty_terms = np.flatnonzero(y.sum(axis=0) == 0)
    if len(empty_terms):
        raise ValueError(f"wordfish: {len(empty_terms)} term(s) never occur, e.g. "
                         f"{terms[empty_terms[0]]!r}; drop them first (dfm.trim)")
    return y, pd.Index(docs), pd.Index(terms)


def _check_dir(dir: tuple[int, int], n_docs: int) -> tuple[int, int]:
    a, b = (int(v) for v in dir)
    if a == b or not (0 <= a < n_docs and 0 <= b < n_docs):
        raise ValueError(f"wordfish: dir must be two different document positions in "
                         f"0..{n_docs - 1}, got {dir}")
    return a, b


# --------------------------------------------------------------------------- the model
def _rates(alpha: np.ndarray, psi: np.ndarray, beta: np.ndarray, theta: np.ndarray
           ) -> np.ndarray:
    eta = alpha[:, None] + psi[None, :] + theta[:, None] * beta[None, :]
    return np.exp(np.minimum(eta, 700.0))


def log_likelihood(counts: pd.DataFrame | np.ndarray, alpha: np.ndarray, psi: np.ndarray,
                   beta: np.ndarray, theta: np.ndarray) -> float:
    """Poisson log-likelihood ``Σ_ij y_ij·η_ij − exp(η_ij) − log(y_ij!)`` of a documents ×
    terms count matrix at ``η_ij = alpha_i + psi_j + beta_j·theta_i`` (no priors)."""
    y = np.asarray(counts, dtype=float)
    eta = (np.asarray(alpha, float)[:, None] + np.asarray(psi, float)[None, :]
           + np.asarray(theta, float)[:, None] * np.asarray(beta, float)[None, :])
    return float((y * eta - np.exp(eta) - gammaln(y + 1)).sum())


def _penalised(y: np.ndarray, alpha, psi, beta, theta, beta_sd: float, theta_sd: float
               ) -> float:
    mu = _rates(alpha, psi, beta, theta)
    eta = np.log(np.maximum(mu, 1e-300))
    return float((y * eta - mu).sum() - 0.5 * (beta ** 2).sum() / beta_sd ** 2
                 - 0.5 * (theta ** 2).sum() / theta_sd ** 2)


def _newton_pair(y: np.ndarray, offset: np.ndarray, x: np.ndarray, a: np.ndarray,
                 b: np.ndarray, prior_sd: float, steps: int) -> tuple[np.ndarray, np.ndarray]:
    """Poisson regressions ``y[:, c] ~ exp(offset[:, c] + a_c + b_c·x[:, c])``, one per
    column ``c``, with a normal(0, prior_sd) prior on ``b``: ``steps`` Newton steps for
    all columns at once (step halving where the objective would fall)."""
    precision = 1.0 / prior_sd ** 2

    def evaluate(a_, b_):
        eta_ = offset + a_[None, :] + b_[None, :] * x
        mu_ = np.exp(np.minimum(eta_, 700.0))
        return (y * eta_ - mu_).sum(axis=0) - 0.5 * precision * b_ ** 2, mu_

    current, mu = evaluate(a, b)
    for _ in range(steps):
        resid = y - mu
        g_a = resid.sum(axis=0)
        g_b = (resid * x).sum(axis=0) - precision * b
        h_aa = mu.sum(axis=0)
        h_ab = (mu * x).sum(axis=0)
        h_bb = (mu * x * x).sum(axis=0) + precision
        det = np.maximum(h_aa * h_bb - h_ab ** 2, 1e-12)
        step_a = (h_bb * g_a - h_ab * g_b) / det
        step_b = (h_aa * g_b - h_ab * g_a) / det
        scale = np.ones_like(a)
        for _ in range(31):
            trial, trial_mu = evaluate(a + scale * step_a, b + scale * step_b)
            accept = trial >= current - 1e-12 * np.abs(current)
            if accept.all():
                break
            scale = np.where(accept, scale, scale / 2)
        a = np.where(accept, a + scale * step_a, a)
        b = np.where(accept, b + scale * step_b, b)
        current = np.where(accept, trial, current)
        mu = np.where(accept[None, :], trial_mu, mu)
    return a, b


def _start(y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Starting values of austin/quanteda: psi = log column means, alpha = log of row
    means relative to the first row, (theta, beta) from the first singular pair of
    ``log(y + 0.1) − alpha − psi``."""
    psi = np.log(y.mean(axis=0))
    row_means = y.mean(axis=1)
    alpha = np.log(row_means / row_means[0])
    residual = np.log(y + 0.1) - alpha[:, None] - psi[None, :]
    u, s, vt = np.linalg.svd(residual - residual.mean(axis=0), full_matrices=False)
    theta, beta = u[:, 0], vt[0] * s[0]
    return alpha, psi, beta, theta


def _normalise(alpha, psi, beta, theta, dir: tuple[int, int]):
    """Mean 0, sd 1 theta, alpha[0] = 0, theta[a] < theta[b]; the rates are unchanged."""
    centre, spread = theta.mean(), theta.std()
    spread = spread if spread > 0 else 1.0
    psi = psi + beta * centre
    beta = beta * spread
    theta = (theta - centre) / spread
    if theta[dir[0]] > theta[dir[1]]:
        theta, beta = -theta, -beta
    psi = psi + alpha[0]
    alpha = alpha - alpha[0]
    return alpha, psi, beta, theta


def _se_theta(y_mu: np.ndarray, beta: np.ndarray, theta_sd: float) -> np.ndarray:
    """Standard error of each theta from the inverse 2 × 2 Hessian of its document's
    (alpha_i, theta_i) given the word parameters (as quanteda)."""
    h_aa = y_mu.sum(axis=1)
    h_at = (y_mu * beta[None, :]).sum(axis=1)
    h_tt = (y_mu * beta[None, :] ** 2).sum(axis=1) + 1.0 / theta_sd ** 2
    return np.sqrt(h_aa / np.maximum(h_aa * h_tt - h_at ** 2, 1e-300))


def _round(y: np.ndarray, params: np.ndarray, dir: tuple[int, int], beta_sd: float,
           theta_sd: float, newton_steps: int) -> np.ndarray:
    """One alternating round: Newton steps for every word's (psi, beta) given the
    documents, then for every document's (alpha, theta) given the words, then the
    identification. ``params`` is the stacked vector (alpha, psi, beta, theta)."""
    alpha, psi, beta, theta = _split(params, y.shape)
    psi, beta = _newton_pair(y, np.broadcast_to(alpha[:, None], y.shape),
                             np.broadcast_to(theta[:, None], y.shape), psi, beta, beta_sd,
                             newton_steps)
    alpha, theta = _newton_pair(y.T, np.broadcast_to(psi[:, None], y.T.shape),
                                np.broadcast_to(beta[:, None], y.T.shape), alpha, theta,
                                theta_sd, newton_steps)
    return np.concatenate(_normalise(alpha, psi, beta, theta, dir))


def _split(params: np.ndarray, shape: tuple[int, int]) -> list[np.ndarray]:
    n, m = shape
    return np.split(params, [n, n + m, n + 2 * m])


def _estimate(y: np.ndarray, dir: tuple[int, int], *, tol: float, max_iter: int,
              beta_sd: float, theta_sd: float, theta_tol: float = 1e-6, start=None,
              newton_steps: int = 2):
    """Alternating conditional ML, accelerated with SQUAREM (Varadhan & Roland 2008: two
    rounds, an extrapolation along their difference, one more round; plain rounds
    whenever the extrapolation would lower the objective). Stops when the penalised
    log-likelihood changes by less than ``tol`` relative **and** no theta moves by more
    than ``theta_tol`` between cycles. Returns (alpha, psi, beta, theta, rounds, converged).
    """
    alpha, psi, beta, theta = _start(y) if start is None else (np.array(v, dtype=float)
                                                               for v in start)
    x = np.concatenate(_normalise(alpha, psi, beta, theta, dir))
    n = y.shape[0]

    def objective(params: np.ndarray) -> float:
        return _penalised(y, *_split(params, y.shape), beta_sd, theta_sd)

    def step(params: np.ndarray) -> np.ndarray:
        return _round(y, params, dir, beta_sd, theta_sd, newton_steps)

    previous = objective(x)
    converged, rounds, step_max = False, 0, 4.0
    while rounds < max_iter:
        x1 = step(x)
        x2 = step(x1)
        rounds += 2
        r, v = x1 - x, x2 - 2 * x1 + x
        norm_v = np.linalg.norm(v)
        candidate, floor = x2, objective(x2)
        a = -np.linalg.norm(r) / norm_v if norm_v > 0 else -1.0
        a = max(min(a, -1.0), -step_max)
        while a < -1.0:  # backtrack the extrapolation towards a plain round
            accelerated = step(x - 2 * a * r + a * a * v)
            rounds += 1
            value = objective(accelerated) if np.isfinite(accelerated).all() else -np.inf
            if value >= floor:
                candidate, floor = accelerated, value
                step_max = step_max * 4 if a <= -step_max else step_max
                break
            a, step_max = (a - 1.0) / 2, max(1.0, step_max / 2)
        current = floor
        moved = np.abs(candidate[-n:] - x[-n:]).max()
        x = candidate
        if abs(current - previous) <= tol * abs(previous) and moved <= theta_tol:
            converged = True
            break
        previous = current
    alpha, psi, beta, theta = _split(x, y.shape)
    return alpha, psi, beta, theta, rounds, converged


def fit(counts: pd.DataFrame | DFM, *, dir: tuple[int, int] = (0, 1), tol: float = 1e-6,
        max_iter: int = 500, seed: int = 0, theta_tol: float = 1e-5,
        beta_sd: float = BETA_SD, theta_sd: float = THETA_SD) -> WordfishResult:
    """Fit Wordfish to a documents × terms count matrix.

    ``counts``: DataFrame (index: documents, columns: terms) or DFM; every document
    needs a token and every term an occurrence (``dfm.trim`` first). ``dir=(a, b)``:
    positions (0-based rows) of two documents, the sign is chosen so that ``theta[a] <
    theta[b]``. ``tol``: relative change of the penalised log-likelihood between two
    cycles and ``theta_tol``: largest change of a theta; the iteration stops when both
    are met (the likelihood alone stops far too early: it is nearly flat along the slow
    direction of the alternating updates); ``max_iter``: at most this many rounds.
    ``beta_sd``/``theta_sd``: prior standard deviations (quanteda's defaults 3 and 1).
    ``seed`` is accepted for a uniform signature; the fit itself is deterministic (SVD
    start, Newton steps).

    Returns a :class:`WordfishResult`: ``documents`` (doc, theta, alpha, se_theta, in
    input order; se_theta from the document's Hessian given the word parameters, so it
    ignores their uncertainty — :func:`bootstrap` does not), ``words`` (term, beta, psi,
    input order), ``log_likelihood``, ``iterations``, ``converged``.
    """
    del seed
    y, docs, terms = _as_matrix(counts)
    direction = _check_dir(dir, y.shape[0])
    alpha, psi, beta, theta, iterations, converged = _estimate(
        y, direction, tol=tol, max_iter=max_iter, beta_sd=beta_sd, theta_sd=theta_sd,
        theta_tol=theta_tol)
    return _result(y, docs, terms, alpha, psi, beta, theta, iterations, converged, direction,
                   theta_sd)


def _result(y, docs, terms, alpha, psi, beta, theta, iterations, converged, direction,
            theta_sd) -> WordfishResult:
    mu = _rates(alpha, psi, beta, theta)
    documents = pd.DataFrame({"doc": docs, "theta": theta, "alpha": alpha,
                              "se_theta": _se_theta(mu, beta, theta_sd)})
    words = pd.DataFrame({"term": terms, "beta": beta, "psi": psi})
    return WordfishResult(documents, words, log_likelihood(y, alpha, psi, beta, theta),
                          int(iterations), bool(converged), direction)


# --------------------------------------------------------------------------- uncertainty
def bootstrap(counts: pd.DataFrame | DFM, *, n_boot: int = 200, seed: int = 0,
              level: float = 0.95, dir: tuple[int, int] = (0, 1), tol: float = 1e-6,
              max_iter: int = 500, theta_tol: float = 1e-4, beta_sd: float = BETA_SD,
              theta_sd: float = THETA_SD, fitted: WordfishResult | None = None,
              cache: bool | None = None) -> pd.DataFrame:
    """Parametric bootstrap of the document positions.

    Fits the model (or takes ``fitted``, a :func:`fit` of the same counts), then
    ``n_boot`` times draws every count from its fitted Poisson mean, refits (started at
    the estimates, same ``dir``) and keeps theta. Unlike the Hessian ``se_theta`` this
    includes the uncertainty of the word parameters. Deterministic given ``seed``.

    ``cache`` (default: on unless ``$POLICING_TOPIC_CACHE=off``, as for the topic
    fits): the replicates' thetas are read from / stored in the topic cache
    (``cache/topics/<key>.npz``, no pickle), keyed by the counts, the starting
    estimates, every setting, the library versions and this module's source; stored
    replicates equal fresh ones to the last bit (tested). A re-run of notebook 06 then refits nothing.

    Output, one row per document in input order: doc, theta (the point estimate),
    lower, upper (percentile interval at ``level``), se_boot (sd of the replicates).
    """
    y, docs, terms = _as_matrix(counts)
    direction = _check_dir(dir, y.shape[0])
    base = fitted or fit(counts, dir=direction, tol=tol, max_iter=max_iter,
                         theta_tol=theta_tol, beta_sd=beta_sd, theta_sd=theta_sd)
    start = (base.documents.alpha.to_numpy(), base.words.psi.to_numpy(),
             base.words.beta.to_numpy(), base.documents.theta.to_numpy())
    mu = base.expected()
    seeded = isinstance(seed, int | np.integer)  # None or a SeedSequence: not cacheable
    settings = {"n_boot": int(n_boot), "seed": int(seed) if seeded else seed,
                "dir": list(direction), "tol": float(tol), "max_iter": int(max_iter),
                "theta_tol": float(theta_tol), "beta_sd": float(beta_sd),
                "theta_sd": float(theta_sd)}
    draws = _bootstrap_draws(y, mu, start, settings, cache if seeded else False)
    tail = (1 - level) / 2
    return pd.DataFrame({"doc": docs, "theta": base.documents.theta.to_numpy(),
                         "lower": np.quantile(draws, tail, axis=0),
                         "upper": np.quantile(draws, 1 - tail, axis=0),
                         "se_boot": draws.std(axis=0, ddof=1)})


def _bootstrap_draws(y: np.ndarray, mu: np.ndarray, start: tuple[np.ndarray, ...],
                     settings: dict, cache: bool | None) -> np.ndarray:
    """The ``n_boot`` × documents thetas of :func:`bootstrap`, from the topic cache when
    an entry for these counts, starting values and settings exists."""
    from helpers.analysis import topics

    key = ""
    if topics.cache_enabled(cache):
        digest = hashlib.sha256(Path(__file__).read_bytes())  # this code: a change refits
        for array in (y, mu, *start):
            array = np.ascontiguousarray(array, dtype=float)
            digest.update(repr(array.shape).encode() + array.tobytes())
        key = topics._compose_key(digest.hexdigest(), "", "wordfish-bootstrap", settings, {})
        stored = topics._read_entry(key)
        if stored is not None and "draws" in stored:
            return stored["draws"]
    direction = (int(settings["dir"][0]), int(settings["dir"][1]))
    rng = np.random.default_rng(settings["seed"])
    draws = np.empty((settings["n_boot"], y.shape[0]))
    for r in range(settings["n_boot"]):
        resampled = rng.poisson(mu).astype(float)
        empty = resampled.sum(axis=1) == 0
        resampled[empty] = y[empty]  # a document must keep a token (not met in practice)
        draws[r] = _estimate(resampled, direction, tol=settings["tol"],
                             max_iter=settings["max_iter"], beta_sd=settings["beta_sd"],
                             theta_sd=settings["theta_sd"], theta_tol=settings["theta_tol"],
                             start=start)[3]
    if key:
        topics._write_entry(key, {"draws": draws})
    return draws


def hessian_intervals(fitted: WordfishResult, *, level: float = 0.95) -> pd.DataFrame:
    """Normal intervals ``theta ± z·se_theta`` from a :func:`fit`'s Hessian standard
    errors (quanteda's ``textmodel_wordfish`` intervals), in the layout of
    :func:`bootstrap`: doc, theta, lower, upper, se_theta. Narrower than the bootstrap's:
    the word parameters are taken as known. For corpora too large to refit many times
    (notebook 06, §5: ``WF_BOOT_MAX_TEXTS``)."""
    z = float(norm.ppf(0.5 + level / 2))
    docs = fitted.documents
    return pd.DataFrame({"doc": docs.doc, "theta": docs.theta,
                         "lower": docs.theta - z * docs.se_theta,
                         "upper": docs.theta + z * docs.se_theta,
                         "se_theta": docs.se_theta}).reset_index(drop=True)


# --------------------------------------------------------------------------- known answer
def simulate(n_docs: int = 50, n_terms: int = 500, *, seed: int = 0, beta_sd: float = 1.0,
             psi_mean: float = 0.0, psi_sd: float = 1.0, alpha_sd: float = 0.3
             ) -> tuple[pd.DataFrame, pd.Series]:
    """Counts drawn from the Wordfish model, for checking that :func:`fit` recovers them.

    theta ~ N(0, 1), standardised to mean 0 and sd 1 (the fit's identification);
    alpha ~ N(0, ``alpha_sd``), psi ~ N(``psi_mean``, ``psi_sd``), beta ~ N(0,
    ``beta_sd``); counts ~ Poisson(exp(alpha + psi + beta·theta)). With the defaults a
    document has about ``1.7 × n_terms`` tokens. A term drawn with no occurrence gets a
    count of 1 in the document of highest expected count, so every term occurs.

    Returns ``(counts, true_theta)``: a DataFrame (index ``doc`` = "d001"…, columns
    ``term`` = "w0001"…) and the true positions (Series named ``theta``, same index).
    """
    rng = np.random.default_rng(seed)
    theta = rng.normal(size=n_docs)
    theta = (theta - theta.mean()) / theta.std()
    alpha = rng.normal(0.0, alpha_sd, size=n_docs)
    psi = rng.normal(psi_mean, psi_sd, size=n_terms)
    beta = rng.normal(0.0, beta_sd, size=n_terms)
    mu = _rates(alpha, psi, beta, theta)
    y = rng.poisson(mu)
    unseen = np.flatnonzero(y.sum(axis=0) == 0)
    y[mu[:, unseen].argmax(axis=0), unseen] = 1
    docs = pd.Index([f"d{i + 1:03d}" for i in range(n_docs)], name="doc")
    terms = pd.Index([f"w{j + 1:04d}" for j in range(n_terms)], name="term")
    return (pd.DataFrame(y, index=docs, columns=terms),
            pd.Series(theta, index=docs, name="theta"))
