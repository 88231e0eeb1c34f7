"""A figure's layout and PNG, kept in the content-keyed cache so a re-run draws nothing.

Laying a figure out (``tight_layout`` measures every text), saving it (drawing, the
tight-bbox pass, the PNG encoding) and scaling it for the notebook are most of what a
re-run of a notebook spends on its figures: 0.3–3 s per figure, 28 figures in the series.
Each is done once and kept under ``cache/figures/``:

* :func:`tight_layout` — the subplot parameters ``Figure.tight_layout`` arrives at
  (JSON), computed on a copy of the figure and applied as matplotlib applies them;
* :func:`png_bytes` — the PNG as :func:`render_png` writes it;
* :func:`shown_png` — the PNG scaled to the notebook's resolution.

The keys of the first two (:func:`figure_key`) are a sha256 over

* the figure itself, serialised with :mod:`pickle` for hashing only (never stored, never
  loaded): every artist with its data, texts, fonts named, colours, sizes and transforms;
  left out are a transform's back-references to its parents, keyed by memory address in
  matplotlib's own pickling (the children, which are kept, say the same), and the
  figure's pyplot number (the count of figures opened before it); callback registries
  are pickled without advancing their id counters (matplotlib's own pickling does);
* everything outside the figure that drawing reads: all of matplotlib's ``rcParams``, the
  fonts matplotlib knows (file, family, style, weight), the save options, and the
  versions of matplotlib, FreeType, Pillow, NumPy and mplfonts, and this module's source.

The same figure built again (same data, same code) has the same key, and a figure that
differs in anything drawn has another. A figure that cannot be pickled (an artist holding
a lambda, e.g. a secondary axis with conversion functions) has no key and is laid out
and drawn every time. The layout is computed on a copy so that the figure afterwards is
the same whether its layout came from the cache or not (measuring texts creates ticks
and moves titles, which would change the PNG's key, not the PNG).
``POLICING_FIGURE_CACHE=off`` (or ``cache_figures=False``) bypasses the cache, as
``make test`` does, so that both nbval passes draw every figure.

Used by :func:`helpers.figures.plotting.save_figure` and every plot function of
:mod:`helpers.figures` (not taught in a notebook: it changes no output, only the time of
a re-run); nothing here is read at import time.
"""

from __future__ import annotations

import copyreg
import functools
import importlib.metadata
import io
import itertools
import pickle
import warnings
from pathlib import Path

import matplotlib as mpl
from matplotlib import font_manager
from matplotlib.cbook import CallbackRegistry
from matplotlib.figure import Figure
from matplotlib.layout_engine import PlaceHolderLayoutEngine, TightLayoutEngine
from matplotlib.transforms import TransformNode

from helpers import cache

#: Environment variable that switches the figure cache off (``off``, ``0``, ``false``, ``no``).
CACHE_ENV = "POLICING_FIGURE_CACHE"
#: Options of every saved figure: cropped to its content, no software version in the PNG.
SAVE_OPTIONS = {"format": "png", "bbox_inches": "tight", "metadata": {"Software": None}}
_KEY_FORMAT = "figure-png-1"
_PACKAGES = ("matplotlib", "pillow", "numpy", "mplfonts")
_PNG_START, _PNG_END = b"\x89PNG\r\n\x1a\n", b"IEND\xaeB`\x82"


def cache_enabled(cache_figures: bool | None = None) -> bool:
    """Whether figures are read from / written to the cache: ``cache_figures`` if given,
    else on unless ``$POLICING_FIGURE_CACHE`` is ``off``, ``0``, ``false`` or ``no``
    (as :func:`helpers.analysis.topics.cache_enabled` for fitted topics)."""
    return cache.switched_on(CACHE_ENV, cache_figures)


def _subclasses(cls: type) -> set[type]:
    found: set[type] = set()
    for sub in cls.__subclasses__():
        found |= {sub, *_subclasses(sub)}
    return found


#: State that does not change a drawing but would change the key: a transform's
#: ``_parents`` (a dict keyed by ``id()``) and a pyplot figure's ``_number`` (1, 2, … in
#: the order figures were opened in the process).
_UNDRAWN = {TransformNode: ("_parents",), Figure: ("_number",)}


#: State left out of a figure's copy: a copy restored to pyplot would be a new open
#: figure (shown by the inline backend at the end of the cell).
_UNCOPIED = {Figure: ("_restore_to_pylab",)}


def _reducer(names: tuple[str, ...]):
    def reduce(obj: object) -> tuple:
        state = dict(obj.__getstate__())
        for name in names:
            state.pop(name, None)
        return copyreg.__newobj__, (type(obj),), state
    return reduce


def _reduce_registry(registry: CallbackRegistry) -> tuple:
    """A callback registry's own pickle, its id counter left where it was.

    ``CallbackRegistry.__getstate__`` takes the next callback id from the counter, so
    every pickling would advance it: a figure pickled twice (copied for its layout, then
    hashed) would differ from one pickled once."""
    state = registry.__getstate__()
    registry._cid_gen = itertools.count(state["_cid_gen"])
    return copyreg.__newobj__, (type(registry),), state


def _pickle(fig: Figure, omit: dict[type, tuple[str, ...]]) -> bytes:
    """``fig`` pickled without the attributes ``omit`` names for each class (and without
    advancing its callback registries' counters)."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=5)
    # the C pickler consults dispatch_table by exact type, so every subclass is listed
    table = dict(copyreg.dispatch_table)
    table.update({cls: _reduce_registry
                  for cls in (CallbackRegistry, *_subclasses(CallbackRegistry))})
    for base, names in omit.items():
        table.update({cls: _reducer(names) for cls in (base, *_subclasses(base))})
    pickler.dispatch_table = table
    pickler.dump(fig)
    return buffer.getvalue()


def _figure_pickle(fig: Figure) -> bytes:
    """``fig`` pickled for hashing, without the state of :data:`_UNDRAWN`."""
    return _pickle(fig, _UNDRAWN)


@functools.cache
def _environment() -> str:
    """Versions and this module's source: what drawing depends on besides rcParams."""
    versions = []
    for name in _PACKAGES:
        try:
            versions.append(f"{name}={importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            versions.append(f"{name}=absent")
    from matplotlib import ft2font

    versions.append(f"freetype={ft2font.__freetype_version__}")
    return "\n".join([*versions, Path(__file__).read_text(encoding="utf-8")])


def _fonts() -> str:
    """The fonts matplotlib can pick from (a font registered later changes the key)."""
    entries = sorted((f.fname, f.name, f.style, f.variant, str(f.weight), str(f.stretch))
                     for f in font_manager.fontManager.ttflist)
    return repr(entries)


def figure_key(fig: Figure, purpose: str = "png", options: object = SAVE_OPTIONS
               ) -> str | None:
    """The cache key of what ``purpose`` (``"png"``, ``"layout"``) makes of ``fig`` with
    ``options`` (see the module docstring), or None when ``fig`` cannot be pickled."""
    try:
        content = _figure_pickle(fig)
    except Exception:  # unpicklable artists raise PicklingError, AttributeError, TypeError…
        return None
    settings = repr(sorted((name, repr(value)) for name, value in mpl.rcParams.items()))
    return cache.content_key(_KEY_FORMAT, purpose, content, settings, _fonts(), repr(options),
                             _environment())


def render_png(fig: Figure) -> bytes:
    """``fig`` drawn and encoded as PNG with :data:`SAVE_OPTIONS` (no cache)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, **SAVE_OPTIONS)
    return buffer.getvalue()


def _complete_png(data: bytes) -> bool:
    return data.startswith(_PNG_START) and data.endswith(_PNG_END)


def png_bytes(fig: Figure, *, cache_figures: bool | None = None) -> bytes:
    """``fig`` as PNG bytes, identical to :func:`render_png`'s: from ``cache/figures/``
    when the same figure was drawn before, else drawn and stored there.

    ``cache_figures``: True/False force the cache on/off; None (default) follows
    ``$POLICING_FIGURE_CACHE``. A truncated cache file is drawn again."""
    key = figure_key(fig) if cache_enabled(cache_figures) else None
    if key is None:
        return render_png(fig)
    return cache.cached_bytes("figures", key, lambda: render_png(fig), suffix=".png",
                              valid=_complete_png)


#: The subplot parameters a layout sets (``Figure.subplotpars``).
_SUBPLOT_PARAMS = ("left", "bottom", "right", "top", "wspace", "hspace")


def _apply_tight(fig: Figure, params: dict[str, float], options: dict[str, object]) -> None:
    """Set ``params`` as ``Figure.tight_layout(**options)`` sets the parameters it finds
    (its engine in place while adjusting, then none, as it leaves the figure)."""
    fig.set_layout_engine(TightLayoutEngine(**options))
    fig.subplots_adjust(**params)
    fig.set_layout_engine("none")


def _tight_params(fig: Figure, options: dict[str, object]) -> tuple[dict[str, float], list]:
    """The subplot parameters of ``Figure.tight_layout(**options)`` and its warnings,
    found on a copy of ``fig`` (``fig`` itself is not touched)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    copy = pickle.loads(_pickle(fig, _UNCOPIED))  # noqa: S301 - our own bytes, this process
    FigureCanvasAgg(copy)  # the canvas the inline and Agg backends measure text with
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        copy.tight_layout(**options)
    params = {name: float(getattr(copy.subplotpars, name)) for name in _SUBPLOT_PARAMS}
    return params, caught


def tight_layout(fig: Figure, *, pad: float = 1.08, h_pad: float | None = None,
                 w_pad: float | None = None, rect: tuple[float, ...] | None = None,
                 cache_figures: bool | None = None) -> None:
    """``fig.tight_layout(pad=, h_pad=, w_pad=, rect=)`` with its subplot parameters from
    ``cache/figures/<key>.json`` when this figure was laid out before.

    The figure afterwards is the same with and without the cache. A layout that warned
    (e.g. "Tight layout not applied") is not stored, so its warning shows every time;
    a figure with another layout engine, or that cannot be pickled, is laid out by
    matplotlib directly. ``cache_figures`` as in :func:`png_bytes`. Used by every plot
    function of :mod:`helpers.figures`."""
    options = {"pad": pad, "h_pad": h_pad, "w_pad": w_pad,
               "rect": None if rect is None else tuple(rect)}
    engine = fig.get_layout_engine()
    usable = engine is None or isinstance(engine, TightLayoutEngine | PlaceHolderLayoutEngine)
    key = (figure_key(fig, "layout", options)
           if usable and cache_enabled(cache_figures) else None)
    if key is None:
        fig.tight_layout(**options)
        return
    caught: list = []

    def build() -> dict[str, float]:
        params, warned = _tight_params(fig, options)
        caught.extend(warned)
        return params

    params = cache.cached_json("figures", key, build, keep=lambda _: not caught)
    for warning in caught:  # computed now, and it warned: say so, as matplotlib would
        warnings.warn_explicit(warning.message, warning.category, warning.filename,
                               warning.lineno)
    _apply_tight(fig, params, options)


def shown_png(png: bytes, scale: float, *, cache_figures: bool | None = None) -> bytes:
    """``png`` scaled by ``scale`` (area averaging) for display in a notebook, cached by
    the PNG's bytes, the scale and the Pillow version (``cache/figures/``);
    ``cache_figures`` as in :func:`png_bytes`."""
    import PIL
    from PIL import Image

    def build() -> bytes:
        with Image.open(io.BytesIO(png)) as image:
            size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
            shown = image.resize(size, Image.Resampling.BOX) if scale != 1 else image.copy()
        buffer = io.BytesIO()
        shown.save(buffer, format="PNG")
        return buffer.getvalue()

    if not cache_enabled(cache_figures):
        return build()
    key = cache.content_key("shown-png-1", png, repr(float(scale)), PIL.__version__)
    return cache.cached_bytes("figures", key, build, suffix=".png", valid=_complete_png)
