"""Figures of helpers.figures.plot_words: labels, layout, glyphs and deterministic word clouds."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from helpers.analysis import count  # noqa: E402
from helpers.figures import plot_words, plotting
from helpers.text import lexicon


@pytest.fixture(autouse=True)
def _fonts() -> Iterator[None]:
    plotting.setup_fonts()
    yield
    plt.close("all")


def save_without_glyph_warnings(fig: plt.Figure, path: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph … missing from font(s)" would raise
        fig.savefig(path)


def test_term_label_adds_a_short_gloss_for_lexicon_terms() -> None:
    label = lexicon.label("情指行", width=20)
    assert label.startswith("情指行 · ")
    assert len(label.split(" · ", 1)[1]) <= 20
    assert lexicon.label("公安") == "公安"
    assert lexicon.label("公安", glosses={"公安": "public security"}) == "公安 · public security"
    assert lexicon.label("情指行", glosses={}) == "情指行"


def test_bars_put_the_first_row_on_top(tmp_path: Path) -> None:
    table = pd.DataFrame({"term": ["公安", "两队一室", "改革"], "rate": [3.0, 2.0, 1.0]})
    fig = plot_words.plot_term_bars(table, title="top 顶部")
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels[-1] == "公安 · (public security)"  # matplotlib counts from the bottom
    assert labels[0] == "改革 · (reform)"
    assert labels[1].startswith("两队一室 · ") and "(" not in labels[1]  # lexicon label
    assert fig.axes[0].get_xlabel() == "rate per 10,000 tokens"
    save_without_glyph_warnings(fig, tmp_path / "bars.png")


def test_every_term_gets_a_gloss_or_says_it_has_none() -> None:
    labels = plotting.term_labels(["情指行", "公安", "甲乙", "N", "常州"],
                                  glosses={"常州": "Changzhou"})
    assert labels["情指行"] == lexicon.label("情指行")  # the lexicon's short label
    assert labels["公安"] == "公安 · (public security)"  # bracketed: not a lexicon term
    assert labels["甲乙"] == "甲乙 · (no gloss)"
    assert labels["N"] == "N"
    assert labels["常州"] == "常州 · (Changzhou)"
    assert not any(label.endswith("…") for label in labels.values())


def test_place_glosses_and_article_names_come_from_the_metadata() -> None:
    articles = pd.DataFrame({"article_id": ["a1", "a2", "b", "c"],
                             "locality": ["Alpha", "Alpha", "Beta", None],
                             "locality_zh": ["甲城", "甲城", "乙城", None]})
    assert plotting.place_glosses(articles) == {"甲城": "place: Alpha", "大甲城": "place: greater Alpha",
                                                "乙城": "place: Beta", "大乙城": "place: greater Beta"}
    assert plotting.article_labels(articles) == {"a1": "Alpha 1", "a2": "Alpha 2",
                                                  "b": "Beta", "c": "c"}
    assert plotting.place_glosses(articles[["article_id"]]) == {}


def test_glossed_word_cloud_keys_and_figure_note(tmp_path: Path) -> None:
    words = plot_words.glossed_frequencies({"公安": 5, "甲乙": 2, "改革": 3}, n=2)
    assert words == {"公安 · (public security)": 5, "改革 · (reform)": 3}
    fig = plot_words.plot_wordcloud({"公安": 5, "改革": 3}, font_path=plotting.setup_fonts(),
                                    max_words=2)
    assert plotting.GLOSS_NOTE in [t.get_text() for t in fig.texts]
    assert plotting.figure_problems(fig) == []
    save_without_glyph_warnings(fig, tmp_path / "cloud.png")


def test_small_multiples_hide_unused_panels() -> None:
    table = pd.DataFrame({"doc": ["a", "a", "b", "c", "d"], "term": list("甲乙丙丁戊"),
                          "tfidf": [2.0, 1.0, 1.0, 1.0, 1.0]})
    fig = plot_words.plot_bars_by_group(table, value="tfidf", ncols=3, titles={"a": "A 甲"})
    visible = [ax for ax in fig.axes if ax.get_visible()]
    assert len(fig.axes) == 6 and len(visible) == 4
    assert visible[0].get_title() == "A 甲" and visible[1].get_title() == "b"
    assert "own x scale" in fig._suptitle.get_text()  # the panels' scales differ: said


def test_dispersion_plot_rows_and_article_labels(tmp_path: Path) -> None:
    tokenized = pd.DataFrame({"article_id": ["a", "b"], "locality": ["X", "Y"],
                              "paragraph_no": [1, 1], "tokens": [["甲", "乙"], ["甲"]]})
    spans = count.article_spans(tokenized)
    positions = count.term_positions(tokenized, ["甲", "乙"])
    fig = plot_words.plot_dispersion(positions, spans, ["甲", "乙"], names={"a": "Alpha"},
                                     title="where")
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["甲 · (no gloss)", "乙 · (no gloss)"]
    secondary = ax.child_axes[0]  # the article names along the top
    top = [t.get_text() for t in secondary.get_xticklabels()]
    assert top == ["Alpha", "b"] and ax.get_title() == "where"
    assert all(t.get_rotation() == 90 for t in secondary.get_xticklabels())
    assert ax.get_xlim() == (0.0, 3.0)
    assert len(ax.collections) == 2  # one scatter per term
    save_without_glyph_warnings(fig, tmp_path / "dispersion.png")


def test_zipf_plot_reports_the_slope() -> None:
    ranks = count.rank_frequency(pd.Series({"甲": 12, "乙": 6, "丙": 4, "丁": 3}))
    fig = plot_words.plot_zipf(ranks, count.zipf_fit(ranks))
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert "slope -1.00" in legend[1]
    assert fig.axes[0].get_xscale() == "log"


def test_wordcloud_is_deterministic_and_draws_something() -> None:
    font = plotting.setup_fonts()
    freqs = {"公安": 10, "两队一室": 6, "枫桥经验": 4, "改革": 3}
    first = plot_words.wordcloud_image(freqs, font_path=font, random_state=1, width=300,
                                       height=200)
    again = plot_words.wordcloud_image(freqs, font_path=font, random_state=1, width=300,
                                       height=200)
    assert first.shape == (200, 300, 3)
    assert np.array_equal(first, again)
    assert (first < 200).any()  # some non-white pixels: words were drawn


def test_wordcloud_small_multiples_one_panel_per_group() -> None:
    font = plotting.setup_fonts()
    table = pd.DataFrame({"doc": ["a", "a", "b"], "term": ["公安", "改革", "警务"],
                          "count": [3, 1, 2]})
    fig = plot_words.plot_wordclouds(table, font_path=font, ncols=2, titles={"b": "B 乙"})
    assert len(fig.axes) == 2
    assert [len(ax.images) for ax in fig.axes] == [1, 1]
    assert fig.axes[1].get_title() == "B 乙"
