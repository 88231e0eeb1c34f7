"""The figure cache: same bytes as drawing, a key that changes with anything drawn and
not with anything else, and a figure left as it would be without the cache."""

from __future__ import annotations

import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib as mpl  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from helpers import paths  # noqa: E402
from helpers.figures import figure_cache, plotting  # noqa: E402


@pytest.fixture(autouse=True)
def _cache_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """`make test` switches the figure cache off for the notebooks; these tests test it."""
    monkeypatch.setenv(figure_cache.CACHE_ENV, "on")
    plotting.setup_fonts()


def make(scale: float = 1.0, *, layout: str = "cached") -> plt.Figure:
    """Two panels with Chinese labels, a colorbar and a note, laid out as asked."""
    fig, axes = plt.subplots(1, 2, figsize=(8, 4))
    image = axes[0].imshow(np.arange(40).reshape(5, 8) * scale)
    axes[0].set_title("公安改革 · policing reform")
    fig.colorbar(image, ax=axes[0])
    axes[1].barh(range(5), [3, 1, 4, 1, 5])
    axes[1].set_yticks(range(5), [f"城市{i} · city {i}" for i in range(5)])
    fig.text(0.01, 0.01, "note")
    if layout == "cached":
        figure_cache.tight_layout(fig, rect=(0, 0.02, 1, 1))
    elif layout == "direct":
        fig.tight_layout(rect=(0, 0.02, 1, 1))
    return fig


def entries(suffix: str) -> list[str]:
    folder = paths.cache_dir() / "figures"
    return sorted(p.name for p in folder.glob(f"*{suffix}")) if folder.is_dir() else []


def test_the_key_ignores_the_figure_number_and_sees_data_and_settings() -> None:
    first, second = make(), make()  # pyplot numbers 1 and 2 (or later)
    assert figure_cache.figure_key(first) == figure_cache.figure_key(second)
    assert figure_cache.figure_key(make(2.0)) != figure_cache.figure_key(first)
    key = figure_cache.figure_key(first)
    with mpl.rc_context({"savefig.dpi": 200}):
        assert figure_cache.figure_key(first) != key
    assert figure_cache.figure_key(first, "layout") != key
    plt.close("all")


def test_hashing_a_figure_leaves_it_unchanged() -> None:
    """CallbackRegistry.__getstate__ advances its id counter: the pickler undoes that,
    so a figure hashed (or copied) any number of times keys the same."""
    fig = make()
    keys = {figure_cache.figure_key(fig) for _ in range(3)}
    assert len(keys) == 1
    cid = fig.axes[0].callbacks.connect("xlim_changed", print)
    assert cid == make().axes[0].callbacks.connect("xlim_changed", print)  # never hashed
    plt.close("all")


def test_cached_png_is_the_drawn_png_and_is_read_back(monkeypatch: pytest.MonkeyPatch) -> None:
    drawn = figure_cache.render_png(make())
    assert figure_cache.png_bytes(make()) == drawn  # miss: drawn and stored
    assert len(entries(".png")) == 1

    def refuse(fig: plt.Figure) -> bytes:
        raise AssertionError("drawn although cached")

    monkeypatch.setattr(figure_cache, "render_png", refuse)
    assert figure_cache.png_bytes(make()) == drawn  # hit: not drawn
    plt.close("all")


def test_a_truncated_png_entry_is_drawn_again() -> None:
    fig = make()
    drawn = figure_cache.png_bytes(fig)
    (entry,) = (paths.cache_dir() / "figures").glob("*.png")
    entry.write_bytes(drawn[: len(drawn) // 2])
    assert figure_cache.png_bytes(make()) == drawn
    assert entry.read_bytes() == drawn
    plt.close("all")


def test_switched_off_nothing_is_stored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(figure_cache.CACHE_ENV, "off")
    drawn = figure_cache.png_bytes(make())
    assert drawn == figure_cache.render_png(make(layout="direct"))
    figure_cache.shown_png(drawn, 2 / 3)
    assert entries("") == []
    assert figure_cache.png_bytes(make(), cache_figures=True) == drawn  # the flag wins
    assert len(entries(".png")) == 1
    plt.close("all")


def test_cached_layout_is_matplotlibs_and_the_figure_ends_the_same() -> None:
    direct, cold = make(layout="direct"), make()
    assert entries(".json")  # the layout was stored
    warm = make()
    for fig in (cold, warm):
        assert vars(fig.subplotpars) == vars(direct.subplotpars)
        assert [ax.get_position().bounds for ax in fig.axes] == \
               [ax.get_position().bounds for ax in direct.axes]
    # the PNG key after a stored layout is the key after a computed one: a warm run
    # finds the PNGs of a cold one
    assert figure_cache.figure_key(warm) == figure_cache.figure_key(cold)
    assert figure_cache.render_png(warm) == figure_cache.render_png(direct)
    plt.close("all")


def test_a_layout_that_warns_warns_every_time_and_is_not_stored() -> None:
    for _ in range(2):
        fig = plt.figure(figsize=(4, 3))
        fig.add_axes((0.1, 0.1, 0.8, 0.8)).set_title("no subplot spec")
        with pytest.warns(UserWarning, match="not compatible with tight_layout"):
            figure_cache.tight_layout(fig)
    assert entries(".json") == []
    plt.close("all")


def test_an_unpicklable_figure_is_drawn_every_time() -> None:
    fig, ax = plt.subplots(figsize=(4, 3))
    ax.plot([1, 10, 100])
    ax.secondary_yaxis("right", functions=(lambda y: y * 2, lambda y: y / 2))
    assert figure_cache.figure_key(fig) is None
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        figure_cache.tight_layout(fig)
    assert figure_cache.png_bytes(fig) == figure_cache.render_png(fig)
    assert entries("") == []
    plt.close("all")


def test_shown_png_is_cached_by_content() -> None:
    png = figure_cache.render_png(make())
    shown = figure_cache.shown_png(png, 2 / 3)
    assert shown.startswith(b"\x89PNG") and len(shown) < len(png)
    assert figure_cache.shown_png(png, 2 / 3) == shown
    assert len(entries(".png")) == 1
    assert figure_cache.shown_png(png, 1.0) != shown
    plt.close("all")


def test_save_figure_writes_the_cached_bytes() -> None:
    first = plotting.save_figure(make(), "test_figure_cache", "panels")
    data = first.read_bytes()
    first.unlink()
    second = plotting.save_figure(make(), "test_figure_cache", "panels")
    assert second.read_bytes() == data == figure_cache.render_png(make(layout="direct"))
    plt.close("all")
