"""Figures for the cross-locality comparison (notebook 04) and formulations (notebook 05).

Every function takes the pandas objects returned by :mod:`helpers.compare` or
:mod:`helpers.formulations` and returns a matplotlib Figure; nothing is computed here
beyond layout. Labels mix Chinese and English, so call
:func:`helpers.plotting.setup_fonts` first. Export with :func:`helpers.plotting.save_figure`.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from scipy.cluster.hierarchy import dendrogram

from helpers import compare
from helpers.lexicon import glosses
from helpers.lexicon import label as term_label

LEVEL_COLOURS = {"central": "#C44E52", "local": "#4C72B0"}


def _wrap(text: str, width: int) -> str:
    """Wrap at spaces and after en dashes, never inside a word."""
    lines = textwrap.wrap(text.replace("–", "– "), width, break_long_words=False)
    return "\n".join(line.replace("– ", "–") for line in lines) or text


def _theme_tick(theme: str, width: int = 16) -> str:
    """Chinese theme name on the first line, the English name wrapped below it."""
    zh = compare.THEME_ZH.get(theme)
    return f"{zh}\n{_wrap(theme, width)}" if zh else _wrap(theme, width)


def plot_theme_heatmap(rates: pd.DataFrame, *, order: Sequence[str] | None = None,
                       labels: Mapping[str, str] | None = None) -> Figure:
    """Locality × theme heatmap of rates per 10,000 characters, each cell annotated with
    the rate and its bootstrap interval.

    Input: :func:`helpers.compare.theme_rates` (group column ``locality``); ``order`` of
    the rows; ``labels``: locality → row label (e.g. ``"常州 Changzhou"``).
    """
    rate = compare.rate_matrix(rates, order=order)
    low = compare.rate_matrix(rates, value="low", order=order)
    high = compare.rate_matrix(rates, value="high", order=order)
    labels = labels or {}
    fig, ax = plt.subplots(figsize=(17, 0.75 * len(rate) + 2.6))
    image = ax.imshow(rate.to_numpy(), cmap="Blues", aspect="auto")
    vmax = float(np.nanmax(rate.to_numpy())) or 1.0
    for i, loc in enumerate(rate.index):
        for j, theme in enumerate(rate.columns):
            value = rate.at[loc, theme]
            ax.text(j, i, f"{value:.0f}\n[{low.at[loc, theme]:.0f}–{high.at[loc, theme]:.0f}]",
                    ha="center", va="center", fontsize=7.5,
                    color="white" if value > 0.6 * vmax else "black")
    ax.set_xticks(range(rate.shape[1]),
                  [_theme_tick(t) for t in rate.columns],
                  fontsize=8)
    ax.set_yticks(range(rate.shape[0]), [labels.get(loc, loc) for loc in rate.index])
    ax.tick_params(axis="x", top=True, bottom=False, labeltop=True, labelbottom=False)
    ax.set_title("Reform themes per 10,000 characters, with 95% bootstrap interval over "
                 "paragraphs\n各地改革主题（每万字词频）", pad=12)
    fig.colorbar(image, ax=ax, fraction=0.02, pad=0.01, label="rate per 10,000 characters")
    fig.tight_layout()
    return fig


def plot_level_rates(rates: pd.DataFrame, *, group: str = "level") -> Figure:
    """Theme rates of two (or more) groups side by side: a dot per group and theme with
    its bootstrap interval. Input: :func:`helpers.compare.theme_rates` by ``group``."""
    themes = sorted(rates.theme.unique())
    groups = sorted(rates[group].unique())
    fig, ax = plt.subplots(figsize=(10, 0.45 * len(themes) + 1.5))
    for k, name in enumerate(groups):
        part = rates[rates[group] == name].set_index("theme").reindex(themes)
        y = np.arange(len(themes)) + (k - (len(groups) - 1) / 2) * 0.25
        colour = LEVEL_COLOURS.get(name, f"C{k}")
        ax.errorbar(part.rate, y, xerr=[part.rate - part.low, part.high - part.rate], fmt="o",
                    color=colour, ecolor=colour, capsize=2, label=name)
    ax.set_yticks(range(len(themes)), [compare.theme_label(t, sep=" · ") for t in themes])
    ax.invert_yaxis()
    ax.set_xlabel("rate per 10,000 characters (95% bootstrap interval over paragraphs)")
    ax.set_title("Central vs local texts 中央与地方文本的主题比较")
    ax.legend(loc="lower right")
    ax.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    return fig


def plot_keyness(top: pd.DataFrame, *, group: str = "locality", ncols: int = 3,
                 order: Sequence[str] | None = None,
                 labels: Mapping[str, str] | None = None) -> Figure:
    """Small multiples: the most distinctive terms of each group.

    Input: :func:`helpers.compare.top_keyness`; panels follow ``order`` (default: sorted).
    Bars are G² (longest = most reliably over-used); the number after each bar is the
    log-ratio (effect size, in doublings). Lexicon terms carry their English gloss.
    """
    present = set(top[group])
    names = [g for g in (order or []) if g in present]
    names += sorted(present - set(names))
    nrows = -(-len(names) // ncols)
    gloss = glosses()
    fig, axes = plt.subplots(nrows, ncols, figsize=(5.2 * ncols, 2.9 * nrows), squeeze=False)
    for ax, name in zip(axes.flat, names, strict=False):
        part = top[top[group] == name].iloc[::-1]
        ax.barh(range(len(part)), part.g2, color="#4C72B0")
        ax.set_yticks(range(len(part)), [term_label(t, width=24, glosses=gloss)
                                         for t in part.term], fontsize=8.5)
        for y, (g2, lr) in enumerate(zip(part.g2, part.log_ratio, strict=True)):
            ax.text(g2, y, f" {lr:+.1f}", va="center", fontsize=7.5)
        ax.set_xlim(0, part.g2.max() * 1.3)
        ax.set_title((labels or {}).get(name, name), fontsize=10)
        ax.tick_params(axis="x", labelsize=8)
    for ax in list(axes.flat)[len(names):]:
        ax.axis("off")
    fig.suptitle("Most distinctive terms of each locality vs the rest (bars: G²; numbers: "
                 "log-ratio)\n各地关键词（对数似然比）", fontsize=11)
    fig.tight_layout()
    return fig


def plot_similarity(similarity: pd.DataFrame, *, title: str = "") -> Figure:
    """Annotated heatmap of a square similarity table (e.g. cosine of TF-IDF vectors)."""
    n = len(similarity)
    fig, ax = plt.subplots(figsize=(0.62 * n + 3.2, 0.55 * n + 2))
    image = ax.imshow(similarity.to_numpy(), cmap="viridis", vmin=0, vmax=1)
    for i in range(n):
        for j in range(n):
            value = similarity.iat[i, j]
            ax.text(j, i, f"{value:.2f}", ha="center", va="center", fontsize=7,
                    color="black" if value > 0.6 else "white")
    ax.set_xticks(range(n), similarity.columns, rotation=60, ha="right", fontsize=8)
    ax.set_yticks(range(n), similarity.index, fontsize=8)
    ax.set_title(title)
    fig.colorbar(image, ax=ax, fraction=0.04, pad=0.02)
    fig.tight_layout()
    return fig


def plot_dendrogram(merges: pd.DataFrame, labels: Sequence[str]) -> Figure:
    """Dendrogram of :func:`helpers.compare.average_linkage` (leaves = ``labels``)."""
    fig, ax = plt.subplots(figsize=(9, 4.5))
    dendrogram(merges.to_numpy(dtype=float), labels=list(labels), orientation="right", ax=ax,
               color_threshold=0, above_threshold_color="#4C72B0")
    ax.set_xlabel("cosine distance (1 − similarity), average linkage")
    ax.set_title("Articles clustered by TF-IDF vocabulary 文章聚类")
    ax.tick_params(axis="y", labelsize=9)
    fig.tight_layout()
    return fig


def plot_ca_map(ca: compare.CAResult, *, n_terms: int = 20,
                row_labels: Mapping[str, str] | None = None) -> Figure:
    """Correspondence-analysis map: rows (articles) as labelled points and the
    ``n_terms`` columns (terms) that contribute most to the two dimensions, in grey."""
    rows, cols = ca.rows, ca.columns
    contribution = cols.ctr_dim1 * ca.inertia.inertia[0] + cols.ctr_dim2 * ca.inertia.inertia[1]
    top = cols.loc[contribution.sort_values(ascending=False, kind="stable").index[:n_terms]]
    fig, ax = plt.subplots(figsize=(10, 8))
    ax.axhline(0, color="#cccccc", lw=0.8)
    ax.axvline(0, color="#cccccc", lw=0.8)
    ax.scatter(top.dim1, top.dim2, s=10, color="#999999")
    for term, row in top.iterrows():
        ax.annotate(str(term), (row.dim1, row.dim2), fontsize=8, color="#666666",
                    xytext=(3, -3), textcoords="offset points")
    ax.scatter(rows.dim1, rows.dim2, s=40, color="#C44E52", zorder=3)
    ax.margins(x=0.1, y=0.06)
    for name, row in rows.iterrows():
        ax.annotate((row_labels or {}).get(name, name), (row.dim1, row.dim2), fontsize=9,
                    color="#C44E52", xytext=(4, 4), textcoords="offset points", zorder=4)
    share = ca.inertia.share
    ax.set_xlabel(f"dimension 1 ({share[0]:.0%} of inertia)")
    ax.set_ylabel(f"dimension 2 ({share[1]:.0%} of inertia)")
    ax.set_title("Correspondence analysis of articles × terms 对应分析\n"
                 "red: articles; grey: the terms contributing most to the two dimensions")
    fig.tight_layout()
    return fig


def plot_presence(presence: pd.DataFrame, *, labels: Mapping[str, str] | None = None,
                  gloss: Mapping[str, str] | None = None) -> Figure:
    """Formulation × locality presence matrix (:func:`helpers.formulations.presence_matrix`):
    dark = quoted there, light = used without quotation marks, white = absent."""
    gloss = glosses() if gloss is None else gloss
    n_rows, n_cols = presence.shape
    fig, ax = plt.subplots(figsize=(0.75 * n_cols + 4.5, 0.22 * n_rows + 1.8))
    cmap = ListedColormap(["#ffffff", "#9ecae1", "#08519c"])
    ax.imshow(presence.to_numpy(), cmap=cmap, vmin=0, vmax=2, aspect="auto",
              interpolation="nearest")
    ax.set_xticks(range(n_cols), [(labels or {}).get(c, c) for c in presence.columns],
                  rotation=45, ha="left", fontsize=8.5)
    ax.tick_params(axis="x", top=True, bottom=False, labeltop=True, labelbottom=False)
    ax.set_yticks(range(n_rows), [term_label(t, width=32, glosses=gloss) for t in presence.index],
                  fontsize=7.5)
    ax.set_xticks(np.arange(-0.5, n_cols), minor=True)
    ax.set_yticks(np.arange(-0.5, n_rows), minor=True)
    ax.grid(which="minor", color="#dddddd", lw=0.5)
    ax.tick_params(which="minor", length=0)
    ax.legend(handles=[Patch(color="#08519c", label="quoted 加引号"),
                       Patch(color="#9ecae1", label="used, not quoted 未加引号")],
              loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8)
    fewest = int((presence > 0).sum(axis=1).min()) if n_rows else 0
    ax.set_title(f"Formulations used by {fewest} or more localities 提法的扩散", pad=10)
    fig.tight_layout()
    return fig


def plot_overlap(jaccard: pd.DataFrame, *, labels: Mapping[str, str] | None = None) -> Figure:
    """Annotated heatmap of the locality × locality Jaccard overlap of formulations."""
    names = [(labels or {}).get(c, c) for c in jaccard.columns]
    diagonal = np.eye(len(jaccard), dtype=bool)
    values = np.where(diagonal, np.nan, jaccard.to_numpy(dtype=float))
    vmax = max(float(np.nanmax(values)), 0.01)
    fig, ax = plt.subplots(figsize=(8.5, 7))
    image = ax.imshow(values, cmap="Oranges", vmin=0, vmax=vmax)
    for i in range(len(jaccard)):
        for j in range(len(jaccard)):
            ax.text(j, i, "—" if i == j else f"{values[i, j]:.2f}", ha="center", va="center",
                    fontsize=8, color="white" if i != j and values[i, j] > 0.7 * vmax
                    else "black")
    ax.set_xticks(range(len(names)), names, rotation=45, ha="right", fontsize=8.5)
    ax.set_yticks(range(len(names)), names, fontsize=8.5)
    ax.set_title("Shared formulations: Jaccard overlap 提法重合度")
    fig.colorbar(image, ax=ax, fraction=0.04, pad=0.02, label="|A ∩ B| / |A ∪ B|")
    fig.tight_layout()
    return fig
