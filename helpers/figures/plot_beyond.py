"""Figures for notebook 06: dispersion (x-ray), word shifts, the general-Chinese
reference, Wordfish positions and covariate topic prevalence.

Every function takes a table made by the analysis modules (:mod:`helpers.analysis.patterns`,
:mod:`~helpers.analysis.wordshift`, :mod:`~helpers.analysis.reference`,
:mod:`~helpers.analysis.wordfish`, :mod:`~helpers.analysis.dmr`) and returns a matplotlib
:class:`~matplotlib.figure.Figure`; none computes statistics of its own. Call
:func:`helpers.figures.plotting.setup_fonts` first so Chinese labels render. Plotted
Chinese words carry a gloss (:func:`helpers.figures.plotting.term_labels`; pass a corpus's
own glosses as ``glosses=``). Taught in ``notebooks/06_beyond_counting.ipynb``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from helpers.figures import figure_cache, plotting

A_COLOUR, B_COLOUR, GREY = "#C44E52", "#4C72B0", "#8C8C8C"


def _gloss_note(fig: Figure, labels: Sequence[str]) -> None:
    """The one-line note under a figure some of whose labels carry a bracketed gloss."""
    if any(" · (" in label for label in labels):
        fig.text(0.01, 0.0, plotting.GLOSS_NOTE, fontsize=8, color="#555555", ha="left",
                 va="top")


def plot_xray(positions: pd.DataFrame, *, labels: Mapping[str, str] | None = None,
              ncols: int = 4, max_docs: int = 40) -> Figure:
    """Lexical dispersion (quanteda's ``textplot_xray``): one panel per pattern, one row
    per document, a tick at each match's relative position (0 = start, 1 = end).

    Input: :func:`helpers.analysis.patterns.positions` (categorical doc and pattern, so
    documents and patterns without a match still get their row and panel). With more
    than ``max_docs`` documents only the ``max_docs`` with most matches are drawn (in
    corpus order), and the x label says so: the figure stays readable on a large corpus."""
    docs = list(positions["doc"].cat.categories)
    pats = list(positions["pattern"].cat.categories)
    n_docs = len(docs)
    if n_docs > max_docs:  # a large corpus: the texts with most matches, in corpus order
        hits_per_doc = positions["doc"].value_counts()
        top = sorted(docs, key=lambda d: (-int(hits_per_doc.get(d, 0)), docs.index(d)))
        keep = set(top[:max_docs])
        docs = [d for d in docs if d in keep]
        positions = positions[positions["doc"].isin(keep)]
    ncols = min(ncols, len(pats))
    nrows = int(np.ceil(len(pats) / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(min(12, 3 * ncols + 1.6),
                                                    0.28 * len(docs) * nrows + 1.2 * nrows),
                             sharey=True, squeeze=False)
    for ax, pat in zip(axes.flat, pats, strict=False):
        hits = positions[positions.pattern == pat]
        rows = [docs.index(d) for d in hits["doc"]]
        ax.scatter(hits.relative, rows, marker="|", s=90, color=B_COLOUR, linewidths=1.1)
        ax.set_title(f"{pat}  (n = {len(hits)})", fontsize=10)
        ax.set_xlim(0, 1)
        ax.set_ylim(len(docs) - 0.5, -0.5)
        ax.set_yticks(range(len(docs)), [(labels or {}).get(d, d) for d in docs], fontsize=8)
        ax.set_xticks([0, 0.5, 1], ["0", "0.5", "1"], fontsize=8)
        ax.grid(axis="y", color="#EEEEEE", lw=0.6)
    for ax in list(axes.flat)[len(pats):]:
        ax.set_visible(False)
    fig.supxlabel("relative position in the document"
                  + (f" (the {len(docs)} of {n_docs} texts with most matches)"
                     if len(docs) < n_docs else ""), fontsize=9)
    figure_cache.tight_layout(fig)
    return fig


def plot_wordshift(shift: pd.DataFrame, keyness: pd.DataFrame | None = None, *, n: int = 20,
                   names: tuple[str, str] = ("A", "B"), title: str = "",
                   glosses: Mapping[str, str] | None = None) -> Figure:
    """A word-shift graph beside keyness.

    Left: the ``n`` largest contributions to the JSD (``wordshift.shift``), drawn to the
    right for words group A uses more and to the left for group B's, with the running
    share of the divergence explained. Right (if ``keyness`` is given:
    :func:`helpers.analysis.compare.keyness` of A against B): the same words' log-ratio,
    filled where q_bh < 0.05 and lrc ≠ 0 on the same side, hollow otherwise. Words are
    glossed (:func:`helpers.figures.plotting.term_labels`, ``glosses`` added)."""
    top = shift.head(n).iloc[::-1]
    labels = plotting.term_labels(top.term, glosses=glosses)
    panels = 2 if keyness is not None else 1
    fig, axes = plt.subplots(1, panels, figsize=(4.6 * panels + 2.6, 0.3 * len(top) + 1.8),
                             sharey=True, squeeze=False)
    ax = axes[0, 0]
    signed = np.where(top.direction == "A", 1, -1) * top.contribution * 100
    colours = [A_COLOUR if d == "A" else B_COLOUR for d in top.direction]
    ax.barh(range(len(top)), signed, color=colours)
    ax.set_yticks(range(len(top)), [labels[t] for t in top.term], fontsize=9)
    ax.axvline(0, color="black", lw=0.6)
    ax.set_xlabel(f"contribution to JSD (×100)  ← more in {names[1]} | more in {names[0]} →",
                  fontsize=9)
    explained = shift.head(n).share.sum()
    ax.set_title(f"word shift: top {len(top)} words = {explained:.0%} of the JSD", fontsize=10)
    if keyness is not None:
        kx = axes[0, 1]
        key = keyness.set_index("term").reindex(top.term)
        passing = ((key.q_bh < 0.05) & (np.sign(key.lrc) == np.sign(key.log_ratio))
                   & (key.lrc != 0)).to_numpy()
        for i, (value, ok) in enumerate(zip(key.log_ratio.fillna(0), passing, strict=True)):
            colour = A_COLOUR if value > 0 else B_COLOUR
            kx.scatter(value, i, s=40, color=colour if ok else "white", edgecolors=colour,
                       zorder=3)
        kx.axvline(0, color="black", lw=0.6)
        kx.set_xlabel("keyness log-ratio (filled: q < 0.05 and LRC agrees)", fontsize=9)
        kx.set_title("the same words by keyness", fontsize=10)
        kx.grid(axis="y", color="#EEEEEE", lw=0.6)
    if title:
        fig.suptitle(title, fontsize=11)
    figure_cache.tight_layout(fig)
    _gloss_note(fig, list(labels.values()))
    return fig


def plot_reference(table: pd.DataFrame, *, n: int = 25, title: str = "",
                   glosses: Mapping[str, str] | None = None) -> Figure:
    """The ``n`` words most over-represented against general Chinese
    (:func:`helpers.analysis.reference.keyness_vs_reference`), bars of log-ratio; words
    missing from the reference list are hatched (their log-ratio is a floor value). Words
    are glossed (:func:`helpers.figures.plotting.term_labels`, ``glosses`` added)."""
    top = table.head(n).iloc[::-1]
    labels = plotting.term_labels(top.term, glosses=glosses)
    fig, ax = plt.subplots(figsize=(9, 0.28 * len(top) + 1.6))
    bars = ax.barh(range(len(top)), top.log_ratio, color=A_COLOUR)
    for bar, known in zip(bars, top.in_reference, strict=True):
        if not known:
            bar.set_facecolor("white")
            bar.set_edgecolor(A_COLOUR)
            bar.set_hatch("///")
    ax.set_yticks(range(len(top)), [labels[t] for t in top.term], fontsize=9)
    ax.set_xlabel("log2 ratio: corpus vs general Chinese (hatched: not in the list)",
                  fontsize=9)
    ax.set_title(title or "The corpus against general Chinese (wordfreq)", fontsize=10)
    figure_cache.tight_layout(fig)
    _gloss_note(fig, list(labels.values()))
    return fig


def plot_recovery(true: Sequence[float], estimate: Sequence[float], *, title: str = "",
                  xlabel: str = "true position", ylabel: str = "estimated position") -> Figure:
    """Estimated against true values (a validation on simulated data), with the
    identity line and the correlation in the title."""
    true, estimate = np.asarray(true, dtype=float), np.asarray(estimate, dtype=float)
    r = float(np.corrcoef(true, estimate)[0, 1])
    fig, ax = plt.subplots(figsize=(4.8, 4.4))
    ax.scatter(true, estimate, s=18, color=B_COLOUR)
    low, high = float(min(true.min(), estimate.min())), float(max(true.max(), estimate.max()))
    ax.plot([low, high], [low, high], color=GREY, lw=0.8, ls="--")
    ax.set_xlabel(xlabel, fontsize=9)
    ax.set_ylabel(ylabel, fontsize=9)
    ax.set_title(f"{title}  r = {r:.3f}".strip(), fontsize=10)
    figure_cache.tight_layout(fig)
    return fig


def plot_positions(positions: pd.DataFrame, other: pd.Series | None = None, *,
                   labels: Mapping[str, str] | None = None, other_name: str = "CA dimension 1",
                   n_label: int = 2, max_docs: int = 45) -> Figure:
    """Documents on one dimension with intervals (``wordfish.bootstrap`` or
    ``wordfish.hessian_intervals``: doc, theta, lower, upper; the axis names which), sorted; beside it (if ``other`` is given, indexed by doc) theta against
    another scaling of the same documents, the ``n_label`` lowest and highest labelled.
    With more than ``max_docs`` documents the interval panel shows ``max_docs`` of them
    evenly spaced in θ order (the extremes included) and says so; the scatter keeps all."""
    table = positions.sort_values("theta").reset_index(drop=True)
    n_docs = len(table)
    if n_docs > max_docs:
        table = table.iloc[np.unique(np.linspace(0, n_docs - 1, max_docs).round().astype(int))]
        table = table.reset_index(drop=True)
    panels = 2 if other is not None else 1
    fig, axes = plt.subplots(1, panels, figsize=(5.4 * panels + 0.6, 0.36 * len(table) + 1.8),
                             squeeze=False)
    ax = axes[0, 0]
    # a point outside its own percentile interval (possible when the fit stopped before
    # converging) draws the interval up to the point: errorbar refuses negative lengths
    ax.errorbar(table.theta, range(len(table)),
                xerr=[np.maximum(table.theta - table.lower, 0),
                      np.maximum(table.upper - table.theta, 0)], fmt="o",
                color=B_COLOUR, ecolor=GREY, capsize=2, ms=4)
    ax.set_yticks(range(len(table)), [(labels or {}).get(d, d) for d in table["doc"]],
                  fontsize=8)
    kind = "Hessian" if "se_theta" in positions and "se_boot" not in positions else "bootstrap"
    ax.set_xlabel(f"Wordfish position θ (95% {kind} interval)"
                  + (f"\n{len(table)} of {n_docs} texts, evenly spaced in θ" if len(table) < n_docs
                     else ""), fontsize=9)
    ax.axvline(0, color=GREY, lw=0.6)
    if other is not None:
        bx = axes[0, 1]
        x = other.reindex(positions["doc"]).to_numpy(dtype=float)
        y = positions.theta.to_numpy(dtype=float)
        bx.scatter(x, y, s=22, color=B_COLOUR)
        ends = set(np.argsort(y)[:n_label].tolist()) | set(np.argsort(y)[-n_label:].tolist())
        for i, (doc, xi, yi) in enumerate(zip(positions["doc"], x, y, strict=True)):
            if i in ends:  # the extremes only: the middle of the cloud is too crowded
                bx.annotate((labels or {}).get(doc, doc), (xi, yi), fontsize=7,
                            xytext=(3, 2), textcoords="offset points")
        r = float(np.corrcoef(x, y)[0, 1])
        bx.set_xlabel(other_name, fontsize=9)
        bx.set_ylabel("Wordfish θ", fontsize=9)
        bx.set_title(f"r = {r:.2f}", fontsize=10)
    figure_cache.tight_layout(fig)
    return fig


def plot_prevalence(prevalence: pd.DataFrame, *, topic_labels: Mapping[object, str] | None = None,
                    ncols: int = 4) -> Figure:
    """Topic prevalence by covariate level (``dmr.prevalence``: topic, level, mean, lower,
    upper): one panel per topic, a point and interval per level. ``topic_labels`` may
    run over several lines (e.g. one glossed word a line: :func:`topic_titles`)."""
    topics = list(dict.fromkeys(prevalence.topic))
    levels = list(dict.fromkeys(prevalence.level))
    ncols = min(ncols, len(topics))
    nrows = int(np.ceil(len(topics) / ncols))
    titles = {t: (topic_labels or {}).get(t, f"topic {t}") for t in topics}
    extra = 0.16 * (max(title.count("\n") for title in titles.values()))
    fig, axes = plt.subplots(nrows, ncols, figsize=(min(12, 2.9 * ncols + 1.2),
                                                    (0.32 * len(levels) + 1.3 + extra) * nrows),
                             sharex=True, squeeze=False)
    for ax, topic in zip(axes.flat, topics, strict=False):
        part = prevalence[prevalence.topic == topic].set_index("level").reindex(levels)
        ax.errorbar(part["mean"], range(len(levels)),
                    xerr=[np.maximum(part["mean"] - part.lower, 0),
                          np.maximum(part.upper - part["mean"], 0)], fmt="o",
                    color=B_COLOUR, ecolor=GREY, capsize=2, ms=4)
        ax.set_yticks(range(len(levels)), [str(v) for v in levels], fontsize=8)
        ax.set_ylim(len(levels) - 0.5, -0.5)
        ax.set_title(titles[topic], fontsize=9)
        ax.tick_params(axis="x", labelsize=8)
    for ax in list(axes.flat)[len(topics):]:
        ax.set_visible(False)
    fig.supxlabel("topic share (mean over seeds and documents, 95% interval)", fontsize=9)
    figure_cache.tight_layout(fig)
    _gloss_note(fig, list(titles.values()))
    return fig


def topic_titles(top_terms: Mapping[object, Sequence[str]], *, n: int = 3,
                 glosses: Mapping[str, str] | None = None) -> dict[object, str]:
    """Topic → panel title for :func:`plot_prevalence`: ``"T1"`` and then the topic's
    first ``n`` words, one glossed word a line
    (:func:`helpers.figures.plotting.term_labels`, ``glosses`` added)."""
    firsts = {topic: list(words)[:n] for topic, words in top_terms.items()}
    labels = plotting.term_labels([w for words in firsts.values() for w in words],
                                  glosses=glosses)
    return {topic: "\n".join([f"T{topic}", *(labels[w] for w in words)])
            for topic, words in firsts.items()}
