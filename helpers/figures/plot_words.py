"""Figures for word frequencies: bars, rates with intervals, dispersion, Zipf, word clouds.

Every function takes the tables made by :mod:`helpers.analysis.count` (and friends) and returns
a matplotlib :class:`~matplotlib.figure.Figure`, or an image array for word clouds; none
computes statistics of its own. Call :func:`helpers.figures.plotting.setup_fonts` first so
Chinese labels render. Plotting imports analysis, never the reverse.
Taught in ``notebooks/02_word_frequencies.ipynb``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from wordcloud import WordCloud

from helpers.analysis import count
from helpers.text.lexicon import label as term_label

BAR_COLOUR = "#4C72B0"


def _barh(ax: plt.Axes, table: pd.DataFrame, value: str, colour: str = BAR_COLOUR) -> None:
    ordered = table.iloc[::-1]
    ax.barh([term_label(t, width=34) for t in ordered["term"]], ordered[value], color=colour)
    ax.tick_params(axis="y", labelsize=8)
    ax.margins(y=0.01)


def plot_term_bars(table: pd.DataFrame, *, value: str = "rate", title: str = "",
                   xlabel: str = "per 10,000 tokens") -> Figure:
    """Horizontal bars of ``value`` for the rows of ``table`` (columns term and
    ``value``), first row on top, labelled with :func:`helpers.text.lexicon.label` (gloss shortened)."""
    fig, ax = plt.subplots(figsize=(8, 0.28 * len(table) + 1.2))
    _barh(ax, table, value)
    ax.set_xlabel(xlabel)
    ax.set_title(title)
    fig.tight_layout()
    return fig


def plot_bars_by_group(table: pd.DataFrame, *, value: str, group: str = "doc",
                       ncols: int = 3, titles: Mapping[str, str] | None = None,
                       xlabel: str = "", max_groups: int = 12) -> Figure:
    """Small multiples of :func:`plot_term_bars`, one panel per ``group`` value (in
    order of first appearance), each with its own x axis. ``titles`` maps a group to
    its panel title (default: the group name). At most ``max_groups`` panels are drawn
    (a figure stays readable on a page); with more groups the figure says so in its
    title and the table holds them all."""
    all_names = list(dict.fromkeys(table[group]))
    names = all_names[:max_groups]
    nrows = -(-len(names) // ncols)
    per_panel = table.groupby(group, sort=False).size().max()
    fig, axes = plt.subplots(nrows, ncols,
                             figsize=(min(12.0, 4.0 * ncols), (0.25 * per_panel + 1) * nrows),
                             squeeze=False)
    for ax, name in zip(axes.flat, names, strict=False):
        _barh(ax, table[table[group] == name], value)
        ax.set_title((titles or {}).get(name, str(name)), fontsize=10)
        ax.set_xlabel(xlabel, fontsize=8)
    for ax in axes.flat[len(names):]:
        ax.set_visible(False)
    if len(all_names) > len(names):
        fig.suptitle(f"first {len(names)} of {len(all_names)} {group} values "
                     "(the exported table has all)", fontsize=10)
    fig.tight_layout()
    return fig


def plot_rate_intervals(rates: pd.DataFrame, *, group: str, title: str = "",
                        xlabel: str = "per 10,000 tokens") -> Figure:
    """Dots with interval bars: one row per group of a
    :func:`helpers.analysis.stats.bootstrap_rates` table (columns ``group``, rate, low, high),
    in table order from the top."""
    fig, ax = plt.subplots(figsize=(7, 0.35 * len(rates) + 1.2))
    y = np.arange(len(rates))
    ax.errorbar(rates["rate"], y, xerr=[rates["rate"] - rates["low"],
                                        rates["high"] - rates["rate"]],
                fmt="o", color=BAR_COLOUR, ecolor="#8C8C8C", capsize=3)
    ax.set_yticks(y, list(rates[group]))
    ax.invert_yaxis()
    ax.set_xlim(left=0)
    ax.set_xlabel(xlabel)
    ax.set_title(title)
    fig.tight_layout()
    return fig


def plot_dispersion(positions: pd.DataFrame, spans: pd.DataFrame, terms: list[str]) -> Figure:
    """Dispersion plot: one row per term, a tick at each occurrence.

    Inputs: :func:`helpers.analysis.count.term_positions` (term, position) and
    :func:`helpers.analysis.count.article_spans` (article_id, start, end). The x axis is the
    position in the concatenated corpus; grey lines separate articles, whose names
    are written along the top.
    """
    fig, ax = plt.subplots(figsize=(12, 0.5 * len(terms) + 2.2))
    for row, term in enumerate(terms):
        xs = positions.loc[positions["term"] == term, "position"]
        ax.scatter(xs, [row] * len(xs), marker="|", s=180, color=BAR_COLOUR, linewidths=1.2)
    for boundary in spans["start"].iloc[1:]:
        ax.axvline(boundary, color="#BBBBBB", lw=0.8)
    ax.set_yticks(range(len(terms)), [term_label(t, width=34) for t in terms], fontsize=9)
    ax.set_ylim(len(terms) - 0.5, -0.5)
    ax.set_xlim(0, spans["end"].iloc[-1])
    top = ax.secondary_xaxis("top")
    top.set_xticks(((spans["start"] + spans["end"]) / 2).tolist(), list(spans["article_id"]),
                   rotation=35, ha="left", fontsize=8)
    top.tick_params(length=0)
    ax.set_xlabel("token position in the corpus (articles in corpus order)")
    fig.tight_layout()
    return fig


def plot_zipf(ranks: pd.DataFrame, fit: pd.Series, *, label_top: int = 3,
              mle: pd.Series | None = None) -> Figure:
    """Log–log rank–frequency plot of :func:`helpers.analysis.count.rank_frequency` with the OLS
    line of :func:`helpers.analysis.count.zipf_fit` and, if ``mle`` (a
    :func:`helpers.analysis.count.zipf_mle` fit) is given, the rank–frequency curve of the
    fitted discrete power law over its tail (:func:`helpers.analysis.count.zipf_model_curve`);
    the ``label_top`` most frequent terms are named. Taught in notebook 02, §5."""
    fig, ax = plt.subplots(figsize=(6.5, 5))
    ax.loglog(ranks["rank"], ranks["count"], ".", ms=3, color=BAR_COLOUR, label="tokens")
    x = np.array([1, ranks["rank"].max()], dtype=float)
    ax.loglog(x, 10 ** fit["intercept"] * x ** fit["slope"], color="#C44E52", lw=1.5,
              label=f"OLS line: slope {fit['slope']:.2f}, R² {fit['r_squared']:.2f}")
    if mle is not None:
        curve = count.zipf_model_curve(mle, float(ranks["count"].max()))
        ax.loglog(curve["rank"], curve["count"], color="#55A868", lw=1.8, ls="--",
                  label=(f"power-law MLE (counts ≥ {mle['xmin']:.0f}): s = {mle['s']:.2f} "
                         f"[{mle['s_low']:.2f}, {mle['s_high']:.2f}]"))
    for r in ranks.head(label_top).itertuples():
        ax.annotate(r.term, (r.rank, r.count), textcoords="offset points", xytext=(5, 2),
                    fontsize=8)
    ax.set_xlabel("rank (log scale)")
    ax.set_ylabel("count (log scale)")
    ax.legend(loc="lower left", fontsize=8)
    fig.tight_layout()
    return fig


def wordcloud_image(frequencies: Mapping[str, float], *, font_path: str | Path,
                    random_state: int = 0, width: int = 900, height: int = 500,
                    max_words: int = 100) -> np.ndarray:
    """An RGB array (height × width × 3) of a word cloud of ``frequencies``.

    Uses ``WordCloud.generate_from_frequencies`` on our own counts (no tokenising by
    wordcloud), the CJK font at ``font_path`` (:func:`helpers.figures.plotting.setup_fonts`),
    horizontal words only and a fixed ``random_state``, so the same input gives the
    same image.
    """
    cloud = WordCloud(font_path=str(font_path), width=width, height=height,
                      max_words=max_words, background_color="white", prefer_horizontal=1.0,
                      colormap="Dark2", random_state=random_state, margin=4)
    return cloud.generate_from_frequencies(dict(frequencies)).to_array()


def plot_wordcloud(frequencies: Mapping[str, float], *, font_path: str | Path,
                   random_state: int = 0, title: str = "", max_words: int = 100) -> Figure:
    """One word cloud (:func:`wordcloud_image`) as a figure."""
    fig, ax = plt.subplots(figsize=(9, 5))
    ax.imshow(wordcloud_image(frequencies, font_path=font_path, random_state=random_state,
                              max_words=max_words), interpolation="bilinear")
    ax.set_title(title)
    ax.axis("off")
    fig.tight_layout()
    return fig


def plot_wordclouds(frequencies: pd.DataFrame, *, font_path: str | Path,
                    random_state: int = 0, group: str = "doc", ncols: int = 3,
                    max_words: int = 40, titles: Mapping[str, str] | None = None) -> Figure:
    """Small multiples: one word cloud per ``group`` of a
    :func:`helpers.analysis.count.term_frequencies` table (columns ``group``, term, count),
    groups in order of first appearance, all with the same ``random_state``."""
    names = list(dict.fromkeys(frequencies[group]))
    nrows = -(-len(names) // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(min(12.0, 4.0 * ncols), 2.6 * nrows),
                             squeeze=False)
    for ax, name in zip(axes.flat, names, strict=False):
        part = frequencies[frequencies[group] == name]
        ax.imshow(wordcloud_image(dict(zip(part["term"], part["count"], strict=True)),
                                  font_path=font_path, random_state=random_state,
                                  width=600, height=380, max_words=max_words),
                  interpolation="bilinear")
        ax.set_title((titles or {}).get(name, str(name)), fontsize=11)
    for ax in axes.flat:
        ax.axis("off")
    fig.tight_layout()
    return fig
