"""Figures that show Chinese glyphs on any machine, and exports to ``results/``.

The CJK font comes from a pip dependency, ``mplfonts``, which ships Noto Sans CJK SC
(SIL Open Font License). We register that file with matplotlib directly; we do not
run ``mplfonts init`` (it rewrites matplotlib's config) and we never use SimHei
(not freely licensed, although mplfonts also ships it).
"""

from __future__ import annotations

import base64
import functools
import io
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path

import matplotlib as mpl
import pandas as pd
from matplotlib import font_manager
from matplotlib.figure import Figure

from helpers import cache
from helpers.figures import figure_cache
from helpers.paths import figure_path, table_path
from helpers.text import lexicon as lexicon_module

FONT_FILE = "NotoSansCJKsc-Regular.otf"
FONT_FAMILY = "Noto Sans CJK SC"


#: The label of a plotted term for which no gloss is known.
NO_GLOSS = "(no gloss)"
#: The note under a figure whose labels carry bracketed glosses.
GLOSS_NOTE = "(in brackets): a gloss of a word outside the lexicon"


@functools.cache
def general_glosses() -> dict[str, str]:
    """Short English glosses of general words of official Chinese prose that are not
    lexicon terms (``helpers/data/general_glosses.csv``: term, gloss). Read on first use,
    never at import; no fact about any one corpus."""
    source = resources.files("helpers") / "data" / "general_glosses.csv"
    with resources.as_file(source) as path:
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
    return dict(zip(table.term, table.gloss, strict=True))


def term_labels(terms: Iterable[object], *, glosses: Mapping[str, str] | None = None,
                lexicon: pd.DataFrame | None = None) -> dict[str, str]:
    """Term → figure label with a short English gloss, for every term given (in order).

    Lexicon terms: ``"term · label"`` (the lexicon's short ``label`` column, never cut),
    unless ``glosses`` names the term. Other terms: ``"term · (gloss)"`` from ``glosses``
    (checked first) or :func:`general_glosses`; the brackets mark a gloss that is not a
    lexicon entry (:data:`GLOSS_NOTE`). No gloss known: ``"term · (no gloss)"``
    (:data:`NO_GLOSS`), so a figure never pretends to gloss what it does not; Latin-only
    terms without a gloss stay as they are. Pass the glosses of one corpus (its place
    names, its formulas) as ``glosses=``."""
    known = lexicon_module.labels(lexicon)
    extra = {**general_glosses(), **(glosses or {})}
    out = {}
    for term in dict.fromkeys(str(t) for t in terms):
        if term in known and not (glosses and term in glosses):
            out[term] = f"{term} · {known[term]}"
        elif term in extra:
            out[term] = f"{term} · ({extra[term]})"
        elif term.isascii():
            out[term] = term
        else:
            out[term] = f"{term} · {NO_GLOSS}"
    return out


def place_glosses(articles: pd.DataFrame) -> dict[str, str]:
    """Chinese place name → ``"place: English name"`` (and 大X → ``"place: greater X"``:
    大X names a region by its centre), from the corpus metadata (columns ``locality_zh``
    and ``locality`` of :func:`helpers.text.corpus.load_articles`, where both are given),
    to pass as ``glosses=`` to :func:`term_labels`: the places of *this* corpus, not a list."""
    if not {"locality_zh", "locality"} <= set(articles.columns):
        return {}
    known = articles.dropna(subset=["locality_zh", "locality"])
    out = {}
    for zh, en in zip(known.locality_zh.astype(str), known.locality.astype(str), strict=True):
        if zh.strip() and en.strip():
            out[zh], out[f"大{zh}"] = f"place: {en}", f"place: greater {en}"
    return out


def article_labels(articles: pd.DataFrame) -> dict[str, str]:
    """Article id → readable figure name, the one naming of articles in every figure:
    the locality; where a locality has several articles, its genre in brackets
    (``"Changzhou (practitioner essay)"``) or, without distinct genres, a number in corpus
    order (``"Changzhou 2"``); the id where the metadata has no locality.
    Taught in notebook 02, §1 (and used by 04 and 06)."""
    localities = (articles["locality"] if "locality" in articles.columns
                  else pd.Series([None] * len(articles), index=articles.index))
    genres = (articles["genre"] if "genre" in articles.columns
              else pd.Series([None] * len(articles), index=articles.index))
    out, seen = {}, {}
    for article_id, place in zip(articles["article_id"], localities, strict=True):
        if place is None or pd.isna(place) or not str(place).strip():
            out[article_id] = str(article_id)
            continue
        mine = genres[localities == place]
        seen[place] = seen.get(place, 0) + 1
        if len(mine) == 1:
            out[article_id] = str(place)
        elif mine.map(lambda g: isinstance(g, str) and bool(g.strip())).all() and mine.is_unique:
            out[article_id] = f"{place} ({mine.iloc[seen[place] - 1]})"
        else:
            out[article_id] = f"{place} {seen[place]}"
    return out


def cjk_font_path() -> Path:
    """Path of Noto Sans CJK SC inside the installed ``mplfonts`` package."""
    path = Path(str(resources.files("mplfonts") / "fonts" / FONT_FILE))
    if not path.is_file():
        raise FileNotFoundError(f"{path}: Noto Sans CJK SC not found in the mplfonts package; "
                                "reinstall the pinned requirements (make run / make test).")
    return path


def setup_fonts() -> Path:
    """Register Noto Sans CJK SC with matplotlib and make it the default family.

    Returns the font file's path, which is also what ``WordCloud(font_path=...)``
    needs. Also sets a fixed figure DPI and turns off the Unicode minus sign (not in
    the CJK font), so figures look the same on every machine. Idempotent.
    """
    path = cjk_font_path()
    if FONT_FAMILY not in {f.name for f in font_manager.fontManager.ttflist}:
        font_manager.fontManager.addfont(str(path))
    mpl.rcParams["font.family"] = "sans-serif"
    mpl.rcParams["font.sans-serif"] = [FONT_FAMILY, "DejaVu Sans"]
    mpl.rcParams["axes.unicode_minus"] = False
    mpl.rcParams["figure.dpi"] = 100
    mpl.rcParams["savefig.dpi"] = 150
    mpl.rcParams["svg.hashsalt"] = "policing-reform"
    return path


#: Font family name of the embedded CJK subsets (LDAvis page, HTML exports, the book).
CJK_SUBSET_FAMILY = "Noto Sans CJK SC (subset)"


def cjk_font_face_css(text: str, *, family: str = CJK_SUBSET_FAMILY) -> str:
    """A CSS ``@font-face`` rule embedding Noto Sans CJK SC cut down to the characters of
    ``text`` (a data: URL, no network), for HTML views that must show Chinese glyphs on
    machines without a CJK font. Deterministic: same text, same bytes.

    Use ``font-family: "<family>", sans-serif`` on the elements that show the text.
    The subset is cached by content (:func:`cjk_subset_base64`).
    """
    data = cjk_subset_base64("".join(sorted({ch for ch in text if not ch.isspace()})))
    return (f'@font-face {{ font-family: "{family}"; '
            f'src: url(data:font/otf;base64,{data}) format("opentype"); }}')


def cjk_subset_base64(chars: str) -> str:
    """Noto Sans CJK SC cut down to ``chars`` (OpenType, base64), as
    :func:`cjk_font_face_css` embeds it.

    Cutting the 16 MB font takes about a second per page (most of an HTML export, and
    the same again for every page of the book), so the result is kept in the cache
    (``cache/fonts/``), keyed by the characters, the font file (name, size, mtime) and
    the fontTools version: a re-run whose pages show the same characters cuts nothing.
    """
    import fontTools

    path = cjk_font_path()
    stat = path.stat()
    key = cache.content_key("cjk-subset-1", fontTools.version, path.name,
                            f"{stat.st_size}:{stat.st_mtime_ns}", chars)
    return cache.cached_json("fonts", key, lambda: _subset_base64(path, chars))


def _subset_base64(path: Path, chars: str) -> str:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.layout_features = []  # plain glyphs: no vertical forms or ligatures needed
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=chars)
    buffer = io.BytesIO()
    with TTFont(path, recalcTimestamp=False) as font:  # closes the font file
        subsetter.subset(font)
        font.save(buffer)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


#: Figure limits a journal page and a notebook column can show legibly: at most
#: ``MAX_WIDTH_IN`` inches wide (× 150 dpi = 1,800 px), text of at least
#: ``MIN_FONT_PT`` points, and no label cut with an ellipsis.
MAX_WIDTH_IN = 12.0
MAX_HEIGHT_IN = 20.0
MIN_FONT_PT = 7.0
CUT_MARKS = ("…", "...")


class FigureError(ValueError):
    """A figure a reader could not read: too wide, text too small, or a label cut."""


def figure_problems(fig: Figure) -> list[str]:
    """What makes ``fig`` unreadable, one line per problem (empty list: none).

    Checks the size (``MAX_WIDTH_IN`` × ``MAX_HEIGHT_IN`` inches), every visible
    text's size (≥ ``MIN_FONT_PT``) and that no visible text ends with "…" or
    "..." (a cut label: shorten it with a short label column instead). Used by
    :func:`save_figure`, so every figure of the series is held to it under nbval.
    """
    problems = []
    width, height = fig.get_size_inches()
    if width > MAX_WIDTH_IN + 1e-9 or height > MAX_HEIGHT_IN + 1e-9:
        problems.append(f"size {width:.1f} × {height:.1f} in exceeds "
                        f"{MAX_WIDTH_IN:g} × {MAX_HEIGHT_IN:g} in")
    seen = set()
    for text in fig.findobj(lambda a: hasattr(a, "get_text") and hasattr(a, "get_fontsize")):
        label = text.get_text().strip()
        if not label or not text.get_visible() or id(text) in seen:
            continue
        seen.add(id(text))
        if text.get_fontsize() < MIN_FONT_PT:
            problems.append(f"text {label[:30]!r} is {text.get_fontsize():.1f} pt "
                            f"(< {MIN_FONT_PT:g} pt)")
        if label.endswith(CUT_MARKS):
            problems.append(f"label cut with an ellipsis: {label[-40:]!r}")
    return problems


def save_figure(fig: Figure, notebook: str, name: str, *,
                cache_figures: bool | None = None) -> Path:
    """Save ``fig`` as ``results/figures/<notebook>/<name>.png`` and return the path.

    PNG metadata is fixed (no software version or date) so files are reproducible. The
    PNG comes from the figure cache when this very figure was saved before
    (:func:`helpers.figures.figure_cache.png_bytes`; ``cache_figures=False`` or
    ``POLICING_FIGURE_CACHE=off`` draws it regardless): the same bytes either way.
    Raises :class:`FigureError` listing :func:`figure_problems` before saving, so an
    unreadable figure fails its notebook instead of reaching a reader.

    In a notebook (IPython with matplotlib's inline backend) the saved PNG is also shown,
    scaled to the notebook's resolution, and ``fig`` is closed, so the ``plt.show()``
    that follows draws it no second time (:func:`show_saved`).
    """
    problems = figure_problems(fig)
    if problems:
        raise FigureError(f"figure {notebook}/{name} is not readable: " + "; ".join(problems)
                          + ". Fix: fewer panels per row, larger text, or a short label.")
    path = figure_path(notebook, name)
    path.write_bytes(figure_cache.png_bytes(fig, cache_figures=cache_figures))
    show_saved(fig, path, cache_figures=cache_figures)
    return path


def show_saved(fig: Figure, path: Path, *, cache_figures: bool | None = None) -> bool:
    """Show the PNG at ``path`` (``fig`` as saved) in a notebook instead of drawing
    ``fig`` again, and close ``fig``; True if shown.

    Only under matplotlib's inline backend in an IPython kernel; elsewhere (scripts,
    tests, other backends) nothing happens and False is returned. The image is the saved
    one scaled by ``fig.dpi / savefig.dpi`` (150 → 100 dpi: the size the inline backend
    shows; area averaging, whose PNGs are a third smaller than Lanczos's;
    :func:`helpers.figures.figure_cache.shown_png`, cached) and published as the inline
    backend publishes a figure: ``image/png`` with ``repr(fig)`` as ``text/plain``. A
    second drawing at the inline resolution cost 0.3–0.6 s per figure (28 figures in the
    series); scaling costs 0.05–0.2 s, nothing when cached.
    """
    if "inline" not in str(mpl.get_backend()):
        return False
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:  # pragma: no cover - the inline backend comes with IPython
        return False
    if get_ipython() is None:
        return False

    saved_dpi = mpl.rcParams["savefig.dpi"]
    scale = fig.dpi / (fig.dpi if saved_dpi == "figure" else float(saved_dpi))
    shown = figure_cache.shown_png(path.read_bytes(), scale, cache_figures=cache_figures)
    display({"image/png": shown, "text/plain": repr(fig)}, raw=True)
    import matplotlib.pyplot as plt

    plt.close(fig)
    return True


def save_table(table: pd.DataFrame | pd.Series, notebook: str, name: str, *,
               index: bool = False) -> Path:
    """Write ``table`` as UTF-8 CSV to ``results/tables/<notebook>/<name>.csv``."""
    path = table_path(notebook, name)
    table.to_csv(path, index=index, encoding="utf-8", lineterminator="\n")
    return path


def plot_lengths(lengths: pd.DataFrame, paragraphs: pd.DataFrame) -> Figure:
    """Two panels: characters per article (bars) and paragraph lengths per locality.

    Inputs: :func:`helpers.text.corpus.length_table` and
    :func:`helpers.text.corpus.load_paragraphs`. Labels are Chinese and English, so call
    :func:`setup_fonts` first. Jitter uses a fixed seed (deterministic figure).
    """
    import matplotlib.pyplot as plt
    import numpy as np

    known = {"prefecture": "#4C72B0", "district": "#DD8452", "national": "#55A868",
             "unspecified": "#8C8C8C"}
    spare = ["#C44E52", "#8172B3", "#937860", "#DA8BC3", "#CCB974", "#64B5CD"]
    levels = sorted(lengths.admin_level.fillna("unspecified").astype(str).unique())
    others = [level for level in levels if level not in known]
    colours = {level: known.get(level) or spare[others.index(level) % len(spare)]
               for level in levels}
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 5.2),
                                      gridspec_kw={"width_ratios": [1.15, 1]})
    order = lengths.iloc[::-1]
    left.barh([f"{r.article_id} · {r.locality_zh}" for r in order.itertuples()], order.n_chars,
              color=[colours[str(a)] for a in order.admin_level.fillna("unspecified")])
    left.set_xlabel("characters of clean text (字数)")
    left.set_title("Article length 文章长度")
    for level, colour in colours.items():
        left.bar(0, 0, color=colour, label=level)
    left.set_xlim(0, lengths.n_chars.max() * 1.4)  # room for the legend
    left.legend(title="admin level", loc="lower right", fontsize=8)

    body = paragraphs[~paragraphs.is_heading]
    localities = list(dict.fromkeys(lengths.locality))
    names = dict(zip(lengths.locality, lengths.locality_zh, strict=False))
    rng = np.random.default_rng(0)
    for i, loc in enumerate(localities):
        values = body.loc[body.locality == loc, "n_chars"].to_numpy()
        right.scatter(values, i + rng.uniform(-0.18, 0.18, len(values)), s=14, alpha=0.6,
                      color="#4C72B0")
        right.plot([np.median(values)] * 2, [i - 0.3, i + 0.3], color="black", lw=2)
    right.set_yticks(range(len(localities)), [f"{names[loc]} {loc}" for loc in localities])
    right.invert_yaxis()
    right.set_xlabel("characters per paragraph (段落字数); bar = median")
    right.set_title("Paragraph length by locality 各地段落长度")
    figure_cache.tight_layout(fig)
    return fig
