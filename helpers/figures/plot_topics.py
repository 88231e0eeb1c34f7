"""Figures and the interactive LDAvis view for the topic models of notebook 03.

Every figure function takes pandas objects from :mod:`helpers.analysis.topics` and returns a
matplotlib Figure; nothing is estimated here. Labels mix Chinese and English, so call
:func:`helpers.figures.plotting.setup_fonts` first; export with
:func:`helpers.figures.plotting.save_figure`.

The LDAvis view (Sievert & Shirley 2014) is built with ``pyLDAvis.prepare`` from our own
topic-word and document-topic matrices (not ``pyLDAvis.gensim_models``, which reads a
gensim model, re-infers document topics with gensim's stateful random generator and
uses all CPU cores), with ``sort_topics=False`` so LDAvis numbers topics as we do, and
one process. :func:`ldavis_html` writes a self-contained page: the d3 and LDAvis
JavaScript and CSS that pyLDAvis ships in its ``js/`` folder are inlined, so the page
renders with no network.
"""

from __future__ import annotations

import html
import json
import textwrap
from collections.abc import Mapping
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from helpers.figures import figure_cache
from helpers.figures.plotting import MAX_WIDTH_IN, cjk_font_face_css
from helpers.paths import figure_path
from helpers.text.lexicon import label as term_label

CHOSEN_COLOUR = "#C44E52"
BASE_COLOUR = "#4C72B0"
#: Panels of :func:`plot_k_selection`: criterion of :func:`helpers.analysis.topics.k_selection`, title.
K_PANELS: tuple[tuple[str, str], ...] = (
    ("c_v", "coherence c_v"),
    ("c_npmi", "coherence c_npmi"),
    ("u_mass", "coherence u_mass"),
    ("exclusivity", "exclusivity (FREX, top 10)"),
    ("heldout_perplexity", "held-out perplexity (completion)"),
    ("n_stable", "topics above the shuffled-text null"),
)


def topic_name(topic: int, labels: Mapping[int, str] | None = None, width: int = 28, *,
               wrap: bool = False) -> str:
    """``"T3 · Grassroots policing"``, or ``"T3"`` without a (real) label.

    ``labels`` maps topic → label, e.g. ``attach_labels(...).label.to_dict()``. The label
    is shortened to ``width`` characters, or with ``wrap=True`` broken into lines of at
    most ``width`` characters (the topic number on a line of its own).
    """
    if not labels or topic not in labels or str(labels[topic]).startswith(f"T{topic} "):
        return f"T{topic}"
    label = str(labels[topic])
    if wrap:
        return f"T{topic}\n" + textwrap.fill(label, width, break_long_words=False)
    return f"T{topic} · {textwrap.shorten(label, width, placeholder='…')}"


# --------------------------------------------------------------------------- choosing K
def plot_k_selection(scores: pd.DataFrame, runs: pd.DataFrame, chosen_k: int) -> Figure:
    """Six panels, one per criterion of :func:`helpers.analysis.topics.k_selection`, against K.

    Line and bars: mean over seeds ± one standard error (``KSelection.scores``); dots:
    each seed (``KSelection.runs``); dashed line: the chosen K. Each title says which
    direction is better. In the last panel the grey line is K itself (every topic
    above the null).
    """
    fig, axes = plt.subplots(2, 3, figsize=(12, 6.4), sharex=True)
    for ax, (criterion, title) in zip(axes.flat, K_PANELS, strict=True):
        part = scores[scores.criterion == criterion].sort_values("k")
        ax.errorbar(part.k, part["mean"], yerr=part.se.fillna(0), color=BASE_COLOUR,
                    marker="o", ms=4, capsize=3, zorder=3, label="mean ± 1 SE")
        ax.scatter(runs.k, runs[criterion], s=10, color="#8C8C8C", alpha=0.7, zorder=2,
                   label="single seed")
        if criterion == "n_stable":
            ax.plot(part.k, part.k, color="#B0B0B0", lw=1, ls=":", label="K (all topics)")
        ax.axvline(chosen_k, color=CHOSEN_COLOUR, ls="--", lw=1.2)
        better = part.better.iloc[0] if len(part) else ""
        ax.set_title(f"{title}\n({better} is better)", fontsize=10)
        ax.grid(alpha=0.3)
    for ax in axes[1]:
        ax.set_xlabel("number of topics K")
    axes[0, 0].set_xticks(sorted(runs.k.unique()))
    axes[0, 0].legend(fontsize=8, loc="best")
    axes[1, 2].legend(fontsize=8, loc="best")
    fig.suptitle(f"Choosing K: mean ± 1 SE over seeds (line), single seeds (dots), "
                 f"chosen K = {chosen_k} (dashed)", fontsize=11)
    figure_cache.tight_layout(fig)
    return fig


def plot_convergence(trace: pd.DataFrame, chosen_k: int) -> Figure:
    """Log-likelihood per token and topic change against Gibbs sweeps, one line per K
    (grey: the other K of the range), the chosen K highlighted. Input:
    :func:`helpers.analysis.topics.convergence_traces` (or
    :func:`helpers.analysis.topics.tomotopy_convergence` tables concatenated with a ``k``
    column). A gensim trace (columns ``pass``, ``topic_change``) has no likelihood: only
    the topic-change panel is drawn, against passes."""
    step = trace.columns[0]
    panels = ["ll_per_word", "topic_change"] if "ll_per_word" in trace else ["topic_change"]
    fig, axes = plt.subplots(1, len(panels), figsize=(11 if len(panels) == 2 else 6, 4),
                             squeeze=False)
    axes = dict(zip(panels, axes[0], strict=True))
    others_labelled = False
    for k, part in trace.groupby("k"):
        chosen = k == chosen_k
        label = f"K = {k}" if chosen else (None if others_labelled else "other K")
        others_labelled = others_labelled or not chosen
        style = {"color": CHOSEN_COLOUR if chosen else "#B0B0B0", "lw": 2 if chosen else 0.8,
                 "zorder": 3 if chosen else 2, "label": label}
        for column, ax in axes.items():
            ax.plot(part[step], part[column], **style)
    axes["topic_change"].set_yscale("log")
    axes["topic_change"].set_title("Topic change between snapshots\n"
                                   "(mean total-variation distance)", fontsize=10)
    axes["topic_change"].set_ylabel("topic change (log scale)")
    if "ll_per_word" in axes:
        axes["ll_per_word"].set_title("Log-likelihood per token\n(higher is better)", fontsize=10)
        axes["ll_per_word"].set_ylabel("log-likelihood per token (nats)")
    for ax in axes.values():
        ax.set_xlabel("Gibbs sweeps" if step == "iteration" else "passes")
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8)
    figure_cache.tight_layout(fig)
    return fig


# --------------------------------------------------------------------------- stability
def plot_stability(stability: pd.DataFrame,
                   labels: Mapping[int, str] | None = None) -> Figure:
    """Per-topic stability across all seed pairs against the shuffled-text null: bar =
    mean centred similarity, black tick = the worst pair, dashed line = the null's 95th
    percentile (a topic is stable only to its right). Input:
    :func:`helpers.analysis.topics.topic_stability` with ``null_q95``."""
    order = stability.index[::-1]
    fig, ax = plt.subplots(figsize=(8, 0.45 * len(order) + 1.2))
    colours = [BASE_COLOUR if stability.loc[t, "stable"] else "#DD8452" for t in order]
    ax.barh([topic_name(t, labels, 45) for t in order], stability.loc[order, "stability"],
            color=colours)
    ax.scatter(stability.loc[order, "min_stability"], range(len(order)), marker="|", s=200,
               color="black", label="worst seed pair", zorder=3)
    threshold = float(stability.null_q95.iloc[0])
    if not np.isnan(threshold):
        ax.axvline(threshold, color="black", ls="--", lw=1,
                   label=f"shuffled-text null, 95th pct ({threshold:.2f})")
    ax.set_xlim(min(0.0, float(stability.min_stability.min())), 1)
    ax.set_xlabel("similarity of matched topics across seeds (cosine of topic minus corpus)")
    ax.set_title("Topic stability across seeds (blue: above the null, orange: not)",
                 fontsize=10)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1))
    figure_cache.tight_layout(fig)
    return fig


# --------------------------------------------------------------------------- top terms
def plot_top_terms(topic_word: pd.DataFrame, *, n: int = 8,
                   labels: Mapping[int, str] | None = None,
                   glosses: Mapping[str, str] | None = None, columns: int = 3) -> Figure:
    """Small multiples: the ``n`` most probable terms of every topic (bars = p(term |
    topic)); lexicon terms carry their short English label (:func:`helpers.text.lexicon.label`,
    never cut; ``glosses`` replaces the lookup). Panel titles wrap long topic labels."""
    k = len(topic_word)
    rows = int(np.ceil(k / columns))
    fig, axes = plt.subplots(rows, columns, figsize=(3.95 * columns, 2.9 * rows))
    for ax, topic in zip(np.atleast_1d(axes).flat, topic_word.index, strict=False):
        top = topic_word.loc[topic].sort_values(ascending=False, kind="stable").head(n)[::-1]
        names = [term_label(t, glosses=glosses) for t in top.index]
        ax.barh(names, top.to_numpy(), color=BASE_COLOUR)
        ax.set_title(topic_name(topic, labels, 40, wrap=True), fontsize=9)
        ax.tick_params(axis="y", labelsize=8)
        ax.tick_params(axis="x", labelsize=7)
    for ax in list(np.atleast_1d(axes).flat)[k:]:
        ax.axis("off")
    fig.suptitle("Most probable terms per topic, p(term | topic)", fontsize=11)
    figure_cache.tight_layout(fig)
    return fig


# --------------------------------------------------------------------------- localities
def plot_locality_heatmap(shares: pd.DataFrame, *,
                          labels: Mapping[int, str] | None = None,
                          names: Mapping[str, str] | None = None) -> Figure:
    """Locality × topic heatmap of mean topic shares, each cell annotated with the share
    and its interval. Input: :func:`helpers.analysis.topics.pooled_locality_shares` (or
    :func:`helpers.analysis.topics.locality_topic_shares`), filtered to the topics to show;
    ``names``: locality → row label (e.g. ``"常州 Changzhou"``)."""
    names = names or {}
    share = shares.pivot(index="locality", columns="topic", values="share")
    low = shares.pivot(index="locality", columns="topic", values="low")
    high = shares.pivot(index="locality", columns="topic", values="high")
    n_docs = shares.groupby("locality").n_docs.first()
    fig, ax = plt.subplots(figsize=(min(MAX_WIDTH_IN, 1.05 * share.shape[1] + 3.2),
                                    0.62 * share.shape[0] + 2.2))
    image = ax.imshow(share.to_numpy(), cmap="Blues", vmin=0, vmax=max(0.6, share.max().max()),
                      aspect="auto")
    for i, loc in enumerate(share.index):
        for j, topic in enumerate(share.columns):
            value = share.loc[loc, topic]
            ax.text(j, i, f"{value:.2f}\n[{low.loc[loc, topic]:.2f}, {high.loc[loc, topic]:.2f}]",
                    ha="center", va="center", fontsize=7,
                    color="white" if value > 0.4 else "black")
    ax.set_xticks(range(share.shape[1]),
                  [topic_name(t, labels, 12, wrap=True) for t in share.columns],
                  fontsize=7)
    ax.set_yticks(range(share.shape[0]),
                  [f"{names.get(loc, loc)} (n={n_docs[loc]})" for loc in share.index], fontsize=9)
    ax.set_title("Mean topic share of a text's paragraphs, pooled over seeds; 95% interval "
                 "(seed and paragraph resampling)", fontsize=10)
    fig.colorbar(image, ax=ax, fraction=0.03, pad=0.02, label="mean topic share")
    figure_cache.tight_layout(fig)
    return fig


# --------------------------------------------------------------------------- LDAvis
def ldavis_prepare(topic_word: pd.DataFrame, doc_topic: pd.DataFrame,
                   doc_lengths: pd.Series | np.ndarray, term_frequency: pd.Series, *,
                   n_terms: int = 20):
    """``pyLDAvis.prepare`` on our own matrices: topics keep our numbers (1..K,
    ``sort_topics=False``), one process (``n_jobs=1``), PCoA on Jensen-Shannon distances,
    ``n_terms`` terms per bar chart. Returns pyLDAvis' ``PreparedData``."""
    import pyLDAvis

    terms = list(topic_word.columns)
    return pyLDAvis.prepare(topic_word.to_numpy(), doc_topic.to_numpy(),
                            np.asarray(doc_lengths, dtype=float), terms,
                            term_frequency.reindex(terms).to_numpy(dtype=float), R=n_terms,
                            sort_topics=False, n_jobs=1, start_index=1, mds="pcoa")


def ldavis_assets() -> dict[str, str]:
    """The d3 and LDAvis JavaScript and CSS shipped in pyLDAvis' package ``js/`` folder."""
    from pyLDAvis import urls

    return {name: Path(path).read_text(encoding="utf-8")
            for name, path in (("d3", urls.D3_LOCAL), ("ldavis", urls.LDAVIS_LOCAL),
                               ("css", urls.LDAVIS_CSS_LOCAL))}


def ldavis_html(prepared, *, visid: str = "ldavis_03", title: str = "LDAvis") -> str:
    """A self-contained HTML page of the LDAvis view: no external URL.

    d3 is run inside a function where ``define``/``module`` are undefined, so it always
    sets the global ``d3`` (also inside pages that load require.js, such as notebooks
    exported to HTML); LDAvis then runs on it. ``visid`` fixes the element id (pyLDAvis
    would draw a random one), so the page is identical between runs. The terms'
    Chinese glyphs come from an embedded subset of Noto Sans CJK SC
    (:func:`helpers.figures.plotting.cjk_font_face_css`), so they render without a system font.
    """
    if not visid.replace("_", "").isalnum():
        raise ValueError(f"visid {visid!r}: use letters, digits and underscores only")
    assets = ldavis_assets()
    data = prepared.to_json().replace("</", "<\\/")
    terms = "".join(prepared.topic_info["Term"].astype(str))
    font_css = (cjk_font_face_css(terms, family="LDAvisCJK")
                + '\n#' + visid + ' text, #' + visid + ' { font-family: "LDAvisCJK", sans-serif; }')
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>{html.escape(title)}</title>\n<style>\n{assets['css']}\n{font_css}\n</style>\n"
        "</head>\n"
        "<body>\n"
        "<script>\n(function (define, module, exports) {\n"
        f"{assets['d3']}\n}}).call(window);\n</script>\n"
        f"<script>\n{assets['ldavis']}\n</script>\n"
        f"<div id={json.dumps(visid)} style=\"background-color:white;\"></div>\n"
        "<script>\n"
        f"new LDAvis({json.dumps('#' + visid)}, {data});\n"
        "</script>\n</body>\n</html>\n"
    )


def save_ldavis(prepared, notebook: str, name: str = "ldavis", *,
                visid: str = "ldavis_03") -> Path:
    """Write :func:`ldavis_html` to ``results/figures/<notebook>/<name>.html`` (next to the
    notebook's PNG figures) and return the path."""
    path = figure_path(notebook, name).with_suffix(".html")
    path.write_text(ldavis_html(prepared, visid=visid, title=f"{notebook}: {name}"),
                    encoding="utf-8")
    return path


#: Shown above the LDAvis iframe: JupyterLab strips iframes from untrusted notebooks, so
#: this text is what a reader of an untrusted copy sees, and it says what to do.
LDAVIS_FALLBACK = ("Interactive LDAvis view. If nothing appears below, this notebook is not "
                   "trusted here (JupyterLab removes its iframe): open "
                   "results/figures/03_topic_models/ldavis.html in a browser (it works "
                   "offline), or trust the notebook (make lab does; or run jupyter trust "
                   "notebooks/03_topic_models.ipynb) and reload.")


def ldavis_iframe(page: str, *, width: int = 1250, height: int = 880) -> str:
    """``page`` (from :func:`ldavis_html`) inside an ``<iframe srcdoc=…>``, for display in
    a notebook (``IPython.display.HTML``): its scripts and CSS stay out of the notebook.
    A line of text (:data:`LDAVIS_FALLBACK`) above it survives sanitising, so an untrusted
    notebook says where the view is instead of showing a blank cell."""
    return (f'<div><p style="font-size:90%;color:#555">{html.escape(LDAVIS_FALLBACK)}</p>'
            f'<iframe srcdoc="{html.escape(page, quote=True)}" width="{width}" '
            f'height="{height}" style="border:1px solid #ddd"></iframe></div>')
