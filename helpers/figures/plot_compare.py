"""Figures for the cross-locality comparison (notebook 04) and formulations (notebook 05).

Every function takes the pandas objects returned by :mod:`helpers.analysis.compare` or
:mod:`helpers.analysis.formulations` and returns a matplotlib Figure; nothing is computed here
beyond layout. Labels mix Chinese and English, so call
:func:`helpers.figures.plotting.setup_fonts` first. Export with :func:`helpers.figures.plotting.save_figure`.
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

from helpers.analysis import compare
from helpers.figures import figure_cache, plotting

LEVEL_COLOURS = {"non-local": "#C44E52", "local": "#4C72B0"}

def article_order(articles: pd.DataFrame, order: Sequence[str]) -> list[str]:
    """Article ids sorted by ``order`` of their localities (e.g. the keys of
    :func:`helpers.analysis.compare.locality_labels`), manifest order within a locality:
    the one order of every article-level figure and table in notebooks 04 and 05."""
    rank = {loc: i for i, loc in enumerate(order)}
    keyed = sorted(enumerate(zip(articles.article_id, articles.locality, strict=True)),
                   key=lambda item: (rank.get(item[1][1], len(rank)), item[0]))
    return [article_id for _, (article_id, _) in keyed]


def _wrap(text: str, width: int) -> str:
    """Wrap at spaces and after en dashes, never inside a word."""
    lines = textwrap.wrap(text.replace("–", "– "), width, break_long_words=False)
    return "\n".join(line.replace("– ", "–") for line in lines) or text


def _theme_tick(theme: str, width: int = 16) -> str:
    """Chinese theme name on the first line, the English name wrapped below it."""
    zh = compare.theme_names_zh().get(theme)
    return f"{zh}\n{_wrap(theme, width)}" if zh else _wrap(theme, width)


def plot_theme_heatmap(rates: pd.DataFrame, *, order: Sequence[str] | None = None,
                       labels: Mapping[str, str] | None = None) -> Figure:
    """Theme × locality heatmap of rates per 10,000 characters, each cell annotated with
    the rate and its bootstrap interval over that text's paragraphs.

    Input: :func:`helpers.analysis.compare.theme_rates` (group column ``locality``); ``order`` of
    the columns; ``labels``: locality → column label (e.g. ``"常州 Changzhou"``). Themes
    are rows (bilingual labels read horizontally). Taught in notebook 04, §1.
    """
    rate = compare.rate_matrix(rates, order=order).T
    low = compare.rate_matrix(rates, value="low", order=order).T
    high = compare.rate_matrix(rates, value="high", order=order).T
    labels = labels or {}
    n_themes, n_places = rate.shape
    fig, ax = plt.subplots(figsize=(min(12.0, 0.85 * n_places + 4.2), 0.62 * n_themes + 2.2))
    image = ax.imshow(rate.to_numpy(), cmap="Blues", aspect="auto")
    vmax = float(np.nanmax(rate.to_numpy())) or 1.0
    for i, theme in enumerate(rate.index):
        for j, loc in enumerate(rate.columns):
            value = rate.at[theme, loc]
            ax.text(j, i, f"{value:.0f}\n[{low.at[theme, loc]:.0f}–{high.at[theme, loc]:.0f}]",
                    ha="center", va="center", fontsize=8,
                    color="white" if value > 0.6 * vmax else "black")
    ax.set_yticks(range(n_themes), [compare.theme_label(t, sep=" · ") for t in rate.index],
                  fontsize=9)
    ax.set_xticks(range(n_places), [labels.get(loc, loc).replace(" ", "\n", 1)
                                    for loc in rate.columns], fontsize=9)
    ax.tick_params(axis="x", top=True, bottom=False, labeltop=True, labelbottom=False)
    method = (f", {str(rates.method.iloc[0]).replace('_', '-')}" if "method" in rates
              and len(rates) else "")
    ax.set_title("Reform themes per 10,000 characters [95% interval over the text's own "
                 f"paragraphs{method}]\n各地文本的改革主题（每万字）", pad=12, fontsize=11)
    fig.colorbar(image, ax=ax, fraction=0.03, pad=0.01, label="hits per 10,000 characters")
    figure_cache.tight_layout(fig)
    return fig


def plot_level_contrast(units: pd.DataFrame, contrast: pd.DataFrame, *,
                        per: float = 10_000) -> Figure:
    """Each article's theme rate as a dot (non-local red diamonds, local blue circles),
    the two pooled rates as bars, and the permutation p-value of each theme.

    Input: ``units`` from :func:`helpers.analysis.compare.article_theme_counts` with a ``level``
    column (:func:`helpers.analysis.compare.add_level`); ``contrast`` from
    :func:`helpers.analysis.compare.level_contrast`. Shows the unit the test relabels: articles.
    Taught in notebook 04, §4.
    """
    themes = list(contrast.theme)
    data = units.assign(rate=per * units.hits / units.n_chars.where(units.n_chars > 0))
    fig, ax = plt.subplots(figsize=(10.5, 0.5 * len(themes) + 1.8))
    for level, offset, marker in [("local", 0.13, "o"), ("non-local", -0.13, "D")]:
        part = data[data.level == level]
        y = part.theme.map({t: i for i, t in enumerate(themes)}) + offset
        ax.scatter(part.rate, y, s=26, marker=marker, color=LEVEL_COLOURS[level], alpha=0.75,
                   label=f"{level} article", zorder=3)
        pooled = contrast["nonlocal_rate" if level == "non-local" else "local_rate"]
        ax.scatter(pooled, np.arange(len(themes)) + offset, marker="|", s=260,
                   color=LEVEL_COLOURS[level], linewidths=2.2, zorder=4,
                   label=f"{level}: pooled rate")
    right = float(np.nanmax(data.rate)) * 1.05 if len(data) else 1.0
    for i, p in enumerate(contrast.p_permutation):
        ax.text(right, i, f"p = {p:.2f}", va="center", fontsize=8.5)
    ax.set_xlim(-0.02 * right, right * 1.16)
    ax.set_yticks(range(len(themes)), [compare.theme_label(t, sep=" · ") for t in themes],
                  fontsize=9)
    ax.invert_yaxis()
    ax.set_xlabel("hits per 10,000 characters of each article (p: exact permutation test "
                  "over articles)")
    ax.set_title("Non-local vs local texts, article by article 非地方与地方文本", fontsize=11)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=4, fontsize=8,
              frameon=False)  # above the panel: it never covers a dot or a p-value
    ax.set_title(ax.get_title(), fontsize=11, pad=26)
    ax.grid(axis="x", alpha=0.3)
    figure_cache.tight_layout(fig)
    return fig


def plot_keyness(top: pd.DataFrame, *, group: str = "locality", ncols: int = 3,
                 order: Sequence[str] | None = None,
                 labels: Mapping[str, str] | None = None,
                 glosses: Mapping[str, str] | None = None) -> Figure:
    """Small multiples: the most distinctive terms of each group.

    Input: :func:`helpers.analysis.compare.top_keyness`; panels follow ``order`` (default: sorted),
    and a group of ``order`` with no row gets an empty panel that says no term passes.
    Bars are G² (longest = most surprising count); the numbers after each bar are the
    log-ratio and, in brackets, the conservative log-ratio LRC (effect sizes, in
    doublings). If the table has a ``passes`` column (q_bh < 0.05 and LRC > 0), terms that
    do not pass are drawn as hollow grey bars marked "n.s.". Every term carries a gloss
    (:func:`helpers.figures.plotting.term_labels`; ``glosses`` adds to it). Taught in
    notebook 04 (§2, keyness).
    """
    names_of = plotting.term_labels(top.term, glosses=glosses)
    present = set(top[group])
    names = [g for g in (order or []) if g is not None]
    names += sorted(present - set(names))
    nrows = max(1, -(-len(names) // ncols))
    passes = top["passes"] if "passes" in top else pd.Series(True, index=top.index)
    lrc = top["lrc"] if "lrc" in top else pd.Series(np.nan, index=top.index)
    slots = int(top.groupby(group).size().max()) if len(top) else 1  # same bar height
    fig, axes = plt.subplots(nrows, ncols, figsize=(min(12.0, 4.0 * ncols), 2.9 * nrows),
                             squeeze=False)
    for ax, name in zip(axes.flat, names, strict=False):
        ax.set_title((labels or {}).get(name, name), fontsize=10)
        part = top[top[group] == name].iloc[::-1]
        if part.empty:
            ax.text(0.5, 0.5, "no term passes\nq < 0.05 and LRC > 0", ha="center",
                    va="center", fontsize=9, color="0.35", transform=ax.transAxes)
            ax.set_xticks([])
            ax.set_yticks([])
            continue
        ok = passes.loc[part.index].to_numpy(dtype=bool)
        ys = np.arange(len(part)) + slots - len(part)  # rank 1 at the top
        ax.barh(ys[ok], part.g2[ok], color="#4C72B0")
        ax.barh(ys[~ok], part.g2[~ok], color="white", edgecolor="0.55", hatch="///",
                linewidth=0.8)
        ax.set_yticks(ys, [names_of[str(t)] for t in part.term], fontsize=8)
        ax.set_ylim(-0.6, slots - 0.4)
        for y, g2, lr, bound, good in zip(ys, part.g2, part.log_ratio, lrc.loc[part.index],
                                          ok, strict=True):
            note = f" {lr:+.1f}" + ("" if np.isnan(bound) else f" [{bound:+.1f}]")
            ax.text(g2, y, note + ("" if good else " n.s."), va="center", fontsize=7.5,
                    color="black" if good else "0.45")
        ax.set_xlim(0, part.g2.max() * 1.7)
        ax.tick_params(axis="x", labelsize=8)
        ax.set_xlabel("G² (log-likelihood)", fontsize=8)
    for ax in list(axes.flat)[len(names):]:
        ax.axis("off")
    handles = [Patch(color="#4C72B0", label="q_BH < 0.05 and LRC > 0")]
    if not passes.all():
        handles.append(Patch(facecolor="white", edgecolor="0.55", hatch="///",
                             label="does not pass (n.s.)"))
    fig.legend(handles=handles, loc="lower right", fontsize=8, frameon=False)
    fig.text(0.01, 0.005, plotting.GLOSS_NOTE, fontsize=8, color="0.35")
    fig.suptitle("Most distinctive terms of each locality vs the rest (bars: G²; numbers: "
                 "log-ratio [LRC])\n各地关键词（对数似然比）", fontsize=11)
    figure_cache.tight_layout(fig, rect=(0, 0.03, 1, 1))
    return fig


def plot_similarity(similarity: pd.DataFrame, *, title: str = "",
                    label: str = "cosine similarity",
                    names: Mapping[str, str] | None = None) -> Figure:
    """Annotated heatmap of a square similarity table (e.g. cosine of TF-IDF vectors).

    The diagonal (each text with itself, always 1) is masked and left blank, and the
    colour scale spans the off-diagonal range only, so the differences between pairs
    are visible; ``label`` names the colour bar; ``names``: row id → tick label (e.g.
    :func:`helpers.figures.plotting.article_labels`). Taught in notebook 04, §3.
    """
    n = len(similarity)
    values = similarity.to_numpy(dtype=float).copy()
    np.fill_diagonal(values, np.nan)
    finite = values[~np.isnan(values)]
    vmin, vmax = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
    vmax = vmax if vmax > vmin else vmin + 1e-9
    cell = min(0.7, 8.0 / max(n, 1))  # inches per row/column: the figure stays <= 12 in wide
    fig, ax = plt.subplots(figsize=(cell * n + 4.0, cell * n + 2.4))
    image = ax.imshow(np.ma.masked_invalid(values), cmap="viridis", vmin=vmin, vmax=vmax)
    if cell >= 0.45:  # room for a number in each cell; otherwise the colours carry it
        for i in range(n):
            for j in range(n):
                if i == j:
                    continue
                value = values[i, j]
                ax.text(j, i, f"{value:.2f}", ha="center", va="center", fontsize=8,
                        color="black" if value > vmin + 0.6 * (vmax - vmin) else "white")
    ticks = 9 if cell >= 0.45 else 7.5
    ticklabels = [(names or {}).get(x, str(x)) for x in similarity.index]
    ax.set_xticks(range(n), ticklabels, rotation=50, ha="right", fontsize=ticks)
    ax.set_yticks(range(n), ticklabels, fontsize=ticks)
    ax.set_title(title, fontsize=11)
    fig.colorbar(image, ax=ax, fraction=0.04, pad=0.02,
                 label=f"{label} (off-diagonal range; diagonal masked)")
    figure_cache.tight_layout(fig)
    return fig


def plot_dendrogram(merges: pd.DataFrame, labels: Sequence[str], *,
                    support: Mapping[frozenset[str], float] | None = None,
                    min_support: float | None = None,
                    names: Mapping[str, str] | None = None) -> Figure:
    """Dendrogram of :func:`helpers.analysis.compare.average_linkage` (leaves = ``labels``).

    ``support`` (clade as a frozenset of leaf labels → share of resamples in which it
    appears, e.g. from :func:`helpers.analysis.compare.clade_support`) is written at each merge;
    clades below ``min_support`` are drawn in grey, so that a reader sees at once which
    branches the data support. ``names``: leaf label → tick label (e.g.
    :func:`helpers.figures.plotting.article_labels`; the support keys stay the leaf labels). Taught in notebook 04, §3.
    """
    n_leaves = len(labels)
    # 0.42 in a leaf up to the page height; beyond ~175 leaves the names cannot be read
    fig, ax = plt.subplots(figsize=(9.5, min(0.42 * n_leaves + 1.8, plotting.MAX_HEIGHT_IN)))
    tree = dendrogram(merges.to_numpy(dtype=float), labels=list(labels), orientation="right",
                      ax=ax, color_threshold=0, above_threshold_color="#4C72B0")
    if support is not None:
        n = len(labels)
        position = {leaf: 5.0 + 10.0 * k for k, leaf in enumerate(tree["leaves"])}
        members: dict[int, frozenset[str]] = {i: frozenset([labels[i]]) for i in range(n)}
        for k, row in enumerate(merges.itertuples(index=False)):
            node = n + k
            members[node] = members[row.left] | members[row.right]
            position[node] = (position[row.left] + position[row.right]) / 2
            value = support.get(members[node])
            if value is None or len(members[node]) == n or n > 40:  # > 40: no room
                continue
            weak = min_support is not None and value < min_support
            ax.annotate(f"{value:.0%}", (row.distance, position[node]), xytext=(3, 3),
                        textcoords="offset points", fontsize=8.5,
                        color="#999999" if weak else "#1f3b73")
    ax.set_xlabel("cosine distance (1 − similarity), average linkage"
                  + ("; numbers: clade support over paragraph resamples"
                     if support and n_leaves <= 40 else ""))
    ax.set_title("Articles clustered by TF-IDF vocabulary 文章聚类", fontsize=11)
    if names:
        ax.set_yticklabels([names.get(leaf, leaf) for leaf in tree["ivl"]])
    ax.tick_params(axis="y", labelsize=9 if n_leaves <= 40 else 7)
    if n_leaves > 175:
        ax.set_yticks([])
        ax.set_ylabel(f"{n_leaves} texts (too many to name; see the similarity table)")
    figure_cache.tight_layout(fig)
    return fig


def plot_ca_map(ca: compare.CAResult, *, n_terms: int = 20,
                row_labels: Mapping[str, str] | None = None,
                glosses: Mapping[str, str] | None = None) -> Figure:
    """Correspondence-analysis map: rows (articles) as labelled points (``row_labels``:
    id → name, e.g. :func:`helpers.figures.plotting.article_labels`) and the ``n_terms`` columns (terms) that
    contribute most to the two dimensions, in grey, each with a gloss
    (:func:`helpers.figures.plotting.term_labels`). Labels are placed so that no two
    overlap. Notebook 04, §3."""
    rows, cols = ca.rows, ca.columns
    contribution = cols.ctr_dim1 * ca.inertia.inertia[0] + cols.ctr_dim2 * ca.inertia.inertia[1]
    top = cols.loc[contribution.sort_values(ascending=False, kind="stable").index[:n_terms]]
    fig, ax = plt.subplots(figsize=(10, 8))
    ax.axhline(0, color="#cccccc", lw=0.8)
    ax.axvline(0, color="#cccccc", lw=0.8)
    ax.scatter(top.dim1, top.dim2, s=10, color="#999999")
    ax.scatter(rows.dim1, rows.dim2, s=40, color="#C44E52", zorder=3)
    ax.margins(x=0.1, y=0.06)
    names_of = plotting.term_labels(list(top.index), glosses=glosses)
    _place_labels(ax, [((row_labels or {}).get(name, name), row.dim1, row.dim2)
                       for name, row in rows.iterrows()], color="#C44E52", fontsize=9)
    _place_labels(ax, [(names_of[str(term)], row.dim1, row.dim2)
                       for term, row in top.iterrows()], color="#555555", fontsize=8)
    share = ca.inertia.share
    ax.set_xlabel(f"dimension 1 ({share[0]:.0%} of inertia)")
    ax.set_ylabel(f"dimension 2 ({share[1]:.0%} of inertia)")
    ax.set_title("Correspondence analysis of articles × terms 对应分析\n"
                 "red: articles; grey: the terms contributing most to the two dimensions")
    fig.text(0.01, 0.005, plotting.GLOSS_NOTE, fontsize=8, color="0.35")
    figure_cache.tight_layout(fig, rect=(0, 0.02, 1, 1))
    return fig


def _place_labels(ax: plt.Axes, points: Sequence[tuple[str, float, float]], *, color: str,
                  fontsize: float) -> None:
    """Label points without overlap: each label takes the first of eight positions around
    its point whose box meets no label placed before it (deterministic, greedy)."""
    renderer = ax.figure.canvas.get_renderer()
    candidates = [((4, 4), "left", "bottom"), ((4, -4), "left", "top"),
                  ((-4, 4), "right", "bottom"), ((-4, -4), "right", "top"),
                  ((0, 7), "center", "bottom"), ((0, -7), "center", "top"),
                  ((8, 0), "left", "center"), ((-8, 0), "right", "center")]
    placed = [t.get_window_extent(renderer) for t in ax.texts]
    for text, x, y in points:
        for k, (offset, ha, va) in enumerate(candidates):
            label = ax.annotate(text, (x, y), xytext=offset, textcoords="offset points",
                                ha=ha, va=va, fontsize=fontsize, color=color, zorder=4)
            box = label.get_window_extent(renderer)
            if k == len(candidates) - 1 or not any(box.overlaps(other) for other in placed):
                placed.append(box)
                break
            label.remove()


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
    fig.colorbar(image, ax=ax, fraction=0.04, pad=0.02, label="Jaccard index |A ∩ B| / |A ∪ B| (diagonal masked)")
    figure_cache.tight_layout(fig)
    return fig


# --------------------------------------------------------------------------- notebook 05
def plot_presence_panel(presence: pd.DataFrame, *, labels: Mapping[str, str] | None = None,
                        term_labels: Mapping[str, str] | None = None,
                        title: str = "") -> Figure:
    """One readable panel of a formulation × locality presence matrix
    (:func:`helpers.analysis.formulations.presence_matrix`, or a subset of its rows, e.g. one
    origin class): dark = quoted there, light = used without quotation marks, white =
    absent. ``labels``: locality → column label; ``term_labels``: formulation → row
    label (e.g. :func:`helpers.text.lexicon.label`, never cut); unlisted rows show the
    formulation itself. Used in notebook 05, §5.
    """
    n_rows, n_cols = presence.shape
    rows = [(term_labels or {}).get(t, t) for t in presence.index]
    width = 0.5 * n_cols + 0.085 * max((len(r) for r in rows), default=10) + 2.4
    fig, ax = plt.subplots(figsize=(min(width, 12.0), min(0.3 * n_rows + 2.0, 20.0)))
    cmap = ListedColormap(["#ffffff", "#9ecae1", "#08519c"])
    ax.imshow(presence.to_numpy(), cmap=cmap, vmin=0, vmax=2, aspect="auto",
              interpolation="nearest")
    ax.set_xticks(range(n_cols), [(labels or {}).get(c, c) for c in presence.columns],
                  rotation=45, ha="left", fontsize=9)
    ax.tick_params(axis="x", top=True, bottom=False, labeltop=True, labelbottom=False)
    ax.set_yticks(range(n_rows), rows, fontsize=9)
    ax.set_xticks(np.arange(-0.5, n_cols), minor=True)
    ax.set_yticks(np.arange(-0.5, n_rows), minor=True)
    ax.grid(which="minor", color="#dddddd", lw=0.5)
    ax.tick_params(which="minor", length=0)
    ax.legend(handles=[Patch(color="#08519c", label="quoted 加引号"),
                       Patch(color="#9ecae1", label="used, not quoted 未加引号")],
              loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8.5)
    ax.set_title(title, pad=10, fontsize=11)
    if any(" · (" in r for r in rows):  # a gloss written for the figure, not a lexicon entry
        fig.text(0.01, 0.005, plotting.GLOSS_NOTE, fontsize=8, color="0.35")
        figure_cache.tight_layout(fig, rect=(0, 0.02, 1, 1))
    else:
        figure_cache.tight_layout(fig)
    return fig
