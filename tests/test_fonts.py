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

from helpers import plotting, segment  # noqa: E402


def test_setup_fonts_registers_noto_sans_cjk() -> None:
    path = plotting.setup_fonts()
    assert path.name == "NotoSansCJKsc-Regular.otf"
    assert "mplfonts" in path.parts
    found = font_manager.findfont(font_manager.FontProperties(family=plotting.FONT_FAMILY),
                                  fallback_to_default=False)
    assert Path(found) == path
    assert plotting.setup_fonts() == path  # idempotent


def test_font_covers_top_500_tokens() -> None:
    cmap = TTFont(plotting.cjk_font_path(), fontNumber=0, lazy=True).getBestCmap()
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
