"""Figures a reader can read: size, text size and uncut labels, checked at save time."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from helpers.figures import plotting  # noqa: E402
from helpers.text import lexicon  # noqa: E402


def test_a_readable_figure_saves(tmp_path) -> None:
    plotting.setup_fonts()  # Chinese labels: the CJK font, whatever ran before this test
    fig, ax = plt.subplots(figsize=(8, 4))
    ax.barh(["情指行 · integrated command", "两队一室 · two teams"], [3, 2])
    ax.set_title("Readable")
    assert plotting.figure_problems(fig) == []
    path = plotting.save_figure(fig, "test_figures", "readable")
    assert path.is_file() and path.stat().st_size > 0
    plt.close(fig)


@pytest.mark.parametrize(("make", "problem"), [
    (lambda: plt.subplots(figsize=(16, 4)), "exceeds"),
    (lambda: plt.subplots(figsize=(6, 24)), "exceeds"),
])
def test_oversized_figures_are_refused(make, problem) -> None:
    fig, ax = make()
    ax.plot([0, 1])
    with pytest.raises(plotting.FigureError, match=problem):
        plotting.save_figure(fig, "test_figures", "too_big")
    plt.close(fig)


def test_cut_labels_and_tiny_text_are_refused() -> None:
    fig, ax = plt.subplots(figsize=(6, 3))
    ax.set_yticks([0, 1], ["full label", "市县主战 · city and county bureaus as…"])
    ax.text(0.5, 0.5, "tiny", fontsize=5)
    problems = plotting.figure_problems(fig)
    assert any("ellipsis" in p for p in problems)
    assert any("tiny" in p and "pt" in p for p in problems)
    with pytest.raises(plotting.FigureError, match="not readable"):
        plotting.save_figure(fig, "test_figures", "cut")
    plt.close(fig)


def test_lengths_plot_takes_any_admin_level() -> None:
    lengths = pd.DataFrame({"article_id": ["a", "b", "c"], "locality_zh": ["甲", "乙", "丙"],
                            "locality": ["A", "B", "C"], "n_chars": [100, 200, 300],
                            "admin_level": ["county", "prefecture", None]})
    paragraphs = pd.DataFrame({"locality": ["A", "B", "C"], "n_chars": [50, 60, 70],
                               "is_heading": [False, False, False]})
    plotting.setup_fonts()
    fig = plotting.plot_lengths(lengths, paragraphs)
    assert plotting.figure_problems(fig) == []
    plt.close(fig)


def test_every_plotted_term_gets_a_gloss_or_says_it_has_none() -> None:
    from helpers.figures import plot_compare

    articles = pd.DataFrame({"article_id": ["a1", "a2", "b1"], "locality": ["A", "A", "B"],
                             "locality_zh": ["甲", "甲", "乙"], "genre": ["essay", "news", "essay"]})
    names = plotting.term_labels(["甲", "大乙", "治理", "无此词"],
                                 glosses=plotting.place_glosses(articles))
    assert names == {"甲": "甲 · (place: A)", "大乙": "大乙 · (place: greater B)",
                     "治理": "治理 · (governance)", "无此词": "无此词 · (no gloss)"}
    assert plot_compare.article_order(articles, ["B", "A"]) == ["b1", "a1", "a2"]
    assert plotting.article_labels(articles) == {"a1": "A (essay)", "a2": "A (news)",
                                                     "b1": "B"}


def test_every_figure_in_the_committed_notebooks_opens_within_the_size_limits() -> None:
    """Every PNG shown in a committed notebook or solution (the figures a reader sees,
    present in a fresh clone before anything runs) opens and is no larger than the limits
    ``save_figure`` enforces (× 150 dpi, plus the tight bounding box's padding)."""
    import base64
    import io
    import json

    from PIL import Image

    from helpers.paths import ROOT

    limit = (plotting.MAX_WIDTH_IN * 150 + 60, plotting.MAX_HEIGHT_IN * 150 + 60)
    notebooks = sorted([*(ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"),
                        *(ROOT / "solutions").glob("[0-9][0-9]_*.ipynb")])
    n_images = 0
    for path in notebooks:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        for k, cell in enumerate(cells):
            for output in cell.get("outputs", []):
                data = output.get("data", {}).get("image/png")
                if data is None:
                    continue
                raw = base64.b64decode("".join(data) if isinstance(data, list) else data)
                with Image.open(io.BytesIO(raw)) as image:
                    image.verify()
                with Image.open(io.BytesIO(raw)) as image:
                    width, height = image.size
                where = f"{path.name} cell {k}: {width}×{height} px"
                assert width <= limit[0] and height <= limit[1], where
                assert min(width, height) >= 200, f"{where} is too small"
                n_images += 1
    assert n_images >= 30, f"only {n_images} figures in the committed notebooks"


def test_general_glosses_are_one_file_of_general_words_outside_the_lexicon() -> None:
    """One source of bracketed glosses: ``helpers/data/general_glosses.csv``, read on
    first use; a lexicon term never needs one (its label wins), and every gloss is short."""
    glosses = plotting.general_glosses()
    assert glosses and all(term.strip() and gloss.strip() for term, gloss in glosses.items())
    assert not set(glosses) & set(lexicon.labels())
    assert all(len(gloss) <= 28 for gloss in glosses.values())
    assert plotting.term_labels(["公安"], glosses={"公安": "override"}) == {
        "公安": "公安 · (override)"}


def test_notebook_06_figures_gloss_their_words() -> None:
    from helpers.figures import plot_beyond

    plotting.setup_fonts()
    shift = pd.DataFrame({"term": ["公安", "无此词"], "direction": ["A", "B"],
                          "contribution": [0.02, 0.01], "share": [0.6, 0.3]})
    fig = plot_beyond.plot_wordshift(shift, glosses={"无此词": "made up"})
    ticks = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert ticks == ["无此词 · (made up)", "公安 · (public security)"]
    assert plotting.GLOSS_NOTE in [t.get_text() for t in fig.texts]
    assert plotting.figure_problems(fig) == []
    plt.close(fig)
    titles = plot_beyond.topic_titles({1: ["治理", "无此词", "公安"]}, n=2)
    assert titles == {1: "T1\n治理 · (governance)\n无此词 · (no gloss)"}


def test_per_text_figures_stay_within_the_limits_on_a_large_corpus(tmp_path, monkeypatch) -> None:
    """120 texts (a user's corpus, ×10 the bundled one): the dendrogram, the x-ray and the
    Wordfish positions stay saveable (size and font limits) and say what they leave out."""
    from helpers.analysis import compare, patterns
    from helpers.figures import plot_beyond, plot_compare

    monkeypatch.setenv("POLICING_RESULTS_DIR", str(tmp_path))
    plotting.setup_fonts()
    rng = np.random.default_rng(0)
    docs = [f"d{i:03d}" for i in range(120)]
    tokens = pd.DataFrame({"article_id": docs,
                           "tokens": [list(rng.choice(["甲", "乙", "丙", "丁"], 30)) for _ in docs]})
    where = patterns.positions(tokens, ["甲", "乙"])
    fig = plot_beyond.plot_xray(where, ncols=2)
    assert "40 of 120 texts" in fig._supxlabel.get_text()
    plotting.save_figure(fig, "test", "xray_large")
    theta = np.sort(rng.normal(size=120))
    table = pd.DataFrame({"doc": docs, "theta": theta, "lower": theta - 0.2, "upper": theta + 0.2})
    table.loc[::7, "lower"] = theta[::7] + 0.1  # a fit stopped early: theta below its interval
    fig = plot_beyond.plot_positions(table, pd.Series(theta, index=docs))
    assert "45 of 120 texts" in fig.axes[0].get_xlabel()
    assert "bootstrap interval" in fig.axes[0].get_xlabel()
    hessian = plot_beyond.plot_positions(table.assign(se_theta=0.1))
    assert "Hessian interval" in hessian.axes[0].get_xlabel()
    plotting.save_figure(fig, "test", "positions_large")
    x = rng.normal(size=(120, 5))
    similarity = pd.DataFrame(x @ x.T / 5, index=docs, columns=docs)
    fig = plot_compare.plot_dendrogram(compare.average_linkage(similarity), docs)
    plotting.save_figure(fig, "test", "dendrogram_large")


def test_a_saved_figure_is_shown_from_its_file_in_a_notebook(monkeypatch) -> None:
    """Under the inline backend in a kernel, save_figure shows the saved PNG scaled to
    the figure's dpi, with the figure's repr as text (as the inline backend shows a
    figure), and closes the figure so plt.show() does not draw it again; elsewhere it
    shows nothing."""
    import IPython
    import IPython.display
    from PIL import Image

    plotting.setup_fonts()
    fig, ax = plt.subplots(figsize=(6, 3))
    ax.plot([0, 1], [1, 0])
    shown = []
    path = plotting.save_figure(fig, "test_figures", "shown")  # Agg, no kernel: not shown
    assert plt.fignum_exists(fig.number) and shown == []
    monkeypatch.setattr(plotting.mpl, "get_backend",
                        lambda: "module://matplotlib_inline.backend_inline")
    monkeypatch.setattr(IPython, "get_ipython", lambda: object())
    monkeypatch.setattr(IPython.display, "display", lambda data, raw: shown.append(data))
    assert plotting.show_saved(fig, path)
    (data,) = shown
    assert data["text/plain"] == repr(fig)
    saved = Image.open(path).size
    displayed = Image.open(io.BytesIO(data["image/png"])).size
    assert displayed == (round(saved[0] * 100 / 150), round(saved[1] * 100 / 150))
    assert not plt.fignum_exists(fig.number), "closed: plt.show() draws it no second time"
