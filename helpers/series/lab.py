"""JupyterLab for this repository: ``python -m helpers.series.lab`` (``make lab``).

Two things a plain ``jupyter lab`` gets wrong here:

* **Chinese glyphs.** On a machine with no CJK system font, markdown, code and
  tables show empty boxes (tofu). ``prepare`` writes a project-local Jupyter
  configuration folder (``<cache>/jupyter``) whose ``custom/custom.css`` declares Noto
  Sans CJK SC — the font file shipped by the ``mplfonts`` package, copied next to the
  CSS — as the fallback of JupyterLab's content, code and UI fonts. Lab is started
  with ``--custom-css`` and ``JUPYTER_CONFIG_DIR`` pointing there (so Lab settings
  changed during ``make lab`` are kept in that folder, not in your home directory).
* **Trust.** Notebook 03's LDAvis view is an HTML iframe, which JupyterLab strips from
  untrusted notebooks. The repository's own notebooks are signed as trusted
  (``jupyter trust``, in your Jupyter data folder) before Lab starts.

Nothing is fetched from the network. Inputs: the notebooks folder; outputs: the
configuration folder (``prepare``) and a running Lab (``main``).
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

import nbformat
from nbformat.sign import NotebookNotary

from helpers.figures.plotting import cjk_font_path
from helpers.paths import ROOT, cache_dir

__all__ = ["custom_css", "main", "prepare", "trust_notebooks"]

LAB_FONT_FAMILY = "Noto Sans CJK SC (project)"


def custom_css(font_file: str) -> str:
    """CSS that makes ``font_file`` (next to the CSS) the CJK fallback of every Lab font."""
    family = f'"{LAB_FONT_FAMILY}"'
    return "\n".join([
        "/* Written by helpers.series.lab: Noto Sans CJK SC (SIL OFL) from the mplfonts package. */",
        f'@font-face {{ font-family: {family}; src: url("{font_file}") format("opentype"); }}',
        ":root {",
        "  --jp-content-font-family: system-ui, -apple-system, 'Segoe UI', Helvetica, Arial,"
        f" sans-serif, {family};",
        "  --jp-ui-font-family: system-ui, -apple-system, 'Segoe UI', Helvetica, Arial,"
        f" sans-serif, {family};",
        f"  --jp-code-font-family: Menlo, Consolas, 'DejaVu Sans Mono', monospace, {family};",
        "}",
        "",
    ])


def prepare(config_dir: Path | None = None) -> Path:
    """Write ``<config_dir>/custom/custom.css`` and the font beside it; return ``config_dir``."""
    config_dir = cache_dir() / "jupyter" if config_dir is None else config_dir
    custom = config_dir / "custom"
    custom.mkdir(parents=True, exist_ok=True)
    font = cjk_font_path()
    target = custom / font.name
    if not target.exists() or target.stat().st_size != font.stat().st_size:
        shutil.copyfile(font, target)
    (custom / "custom.css").write_text(custom_css(font.name), encoding="utf-8")
    return config_dir


def trust_notebooks(notebooks: Path = ROOT / "notebooks",
                    notary: NotebookNotary | None = None) -> list[Path]:
    """Sign every ``NN_*.ipynb`` of ``notebooks`` as trusted; return the paths signed."""
    notary = NotebookNotary() if notary is None else notary
    signed = []
    for path in sorted(notebooks.glob("[0-9][0-9]_*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        if not notary.check_signature(nb):
            notary.sign(nb)
        signed.append(path)
    return signed


def main(argv: Sequence[str] | None = None) -> int:
    """Prepare the fonts, trust the notebooks and replace this process with JupyterLab."""
    args = list(sys.argv[1:] if argv is None else argv)
    config_dir = prepare()
    trusted = trust_notebooks()
    print(f"lab: {len(trusted)} notebooks trusted; CJK font CSS in {config_dir / 'custom'}")
    os.environ["JUPYTER_CONFIG_DIR"] = str(config_dir)
    jupyter = Path(sys.executable).with_name("jupyter")
    os.chdir(ROOT / "notebooks")
    root = ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
    os.execv(str(jupyter), [str(jupyter), "lab", "--custom-css", *root, *args])
    return 0  # not reached


if __name__ == "__main__":
    sys.exit(main())
