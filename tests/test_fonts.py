"""Figures show Chinese glyphs from a font the project's own dependencies ship."""

from __future__ import annotations

import warnings
from collections import Counter
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from fontTools.ttLib import TTFont  # noqa: E402
from matplotlib import font_manager  # noqa: E402

from helpers.figures import plotting  # noqa: E402
from helpers.text import segment


def test_setup_fonts_registers_noto_sans_cjk() -> None:
    path = plotting.setup_fonts()
    assert path.name == "NotoSansCJKsc-Regular.otf"
    assert "mplfonts" in path.parts
    found = font_manager.findfont(font_manager.FontProperties(family=plotting.FONT_FAMILY),
                                  fallback_to_default=False)
    assert Path(found) == path
    assert plotting.setup_fonts() == path  # idempotent


def test_font_covers_top_500_tokens() -> None:
    with TTFont(plotting.cjk_font_path(), fontNumber=0, lazy=True) as font:
        cmap = font.getBestCmap()
    counts = Counter(t for tokens in segment.tokenize_paragraphs().tokens for t in tokens)
    top = [token for token, _ in counts.most_common(500)]
    assert len(top) == 500
    missing = sorted({ch for token in top for ch in token if ord(ch) not in cmap})
    assert not missing, f"characters without a glyph: {missing}"


def test_chinese_figure_renders_without_missing_glyphs(tmp_path: Path) -> None:
    plotting.setup_fonts()
    fig, ax = plt.subplots()
    ax.set_title("情指行 一体化 · 两队一室 · 专业+机制+大数据")
    ax.bar(["枫桥经验", "扫黑除恶"], [3, -1])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph … missing from font(s)" would raise
        fig.savefig(tmp_path / "check.png")
    plt.close(fig)
    assert (tmp_path / "check.png").stat().st_size > 1000


def test_embedded_font_subset_covers_its_text_and_is_deterministic() -> None:
    import base64
    import io
    import re

    text = "情指行 两队一室 枫桥经验 专业+机制+大数据"
    css = plotting.cjk_font_face_css(text)
    assert css == plotting.cjk_font_face_css(text)  # same bytes every run
    data = base64.b64decode(re.search(r"base64,([A-Za-z0-9+/=]+)\)", css).group(1))
    cmap = TTFont(io.BytesIO(data)).getBestCmap()
    assert all(ord(ch) in cmap for ch in text if not ch.isspace())
    assert ord("警") not in cmap  # a subset, not the whole 16 MB font
    assert len(data) < 200_000


def test_ldavis_page_embeds_a_font_for_its_terms() -> None:
    import re

    import numpy as np
    import pandas as pd

    from helpers.figures import plot_topics

    rng = np.random.default_rng(0)
    terms = ["情指行", "两队一室", "枫桥经验", "反诈"]
    phi = pd.DataFrame(rng.dirichlet(np.ones(4), size=2),
                       index=pd.RangeIndex(1, 3, name="topic"), columns=terms)
    theta = pd.DataFrame(rng.dirichlet(np.ones(2), size=5))
    prepared = plot_topics.ldavis_prepare(phi, theta, rng.integers(10, 20, 5),
                                          pd.Series([5, 4, 3, 2], index=terms))
    page = plot_topics.ldavis_html(prepared, visid="v")
    assert "@font-face" in page and '#v text, #v { font-family: "LDAvisCJK"' in page
    fetches = re.findall(r"(?:src=|href=|url\()\s*[\"']?https?://", page)
    assert not fetches  # nothing the page would load from the network


def test_font_subsets_are_cached_by_content(tmp_path, monkeypatch) -> None:
    """The cached subset is the one a fresh cut gives; a warm call cuts nothing; a
    corrupt entry is rebuilt; other characters are another entry."""
    monkeypatch.setenv("POLICING_CACHE_DIR", str(tmp_path))
    chars = "情指行两队一室"
    first = plotting.cjk_subset_base64(chars)
    assert first == plotting._subset_base64(plotting.cjk_font_path(), chars)
    (entry,) = (tmp_path / "fonts").glob("*.json")
    cuts = []
    monkeypatch.setattr(plotting, "_subset_base64", lambda *a: cuts.append(a) or "rebuilt")
    assert plotting.cjk_subset_base64(chars) == first and cuts == [], "a warm call cut again"
    entry.write_text('{"key": "trunc', encoding="utf-8")
    assert plotting.cjk_subset_base64(chars) == "rebuilt" and len(cuts) == 1
    plotting.cjk_subset_base64(chars + "警")
    assert len(cuts) == 2 and len(list((tmp_path / "fonts").glob("*.json"))) == 2
