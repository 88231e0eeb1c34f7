"""Build the HTML book of the executed notebooks: ``python -m helpers.series.book`` (``make book``).

Inputs: the book's pages in ``<repo>/book/`` (``conf.py``, ``index.md`` with the
learning path, ``glossary.md``) and a folder of executed notebooks — by default the
committed ``notebooks/NN_*.ipynb`` (their stored outputs are the reference results),
or ``results/notebooks/`` after ``make run``. Output: ``<results>/book/index.html``
and one page per notebook.

The sources are staged in ``<cache>/book/src`` (derived, safe to delete) with a
``_static/cjk-font.css`` that embeds Noto Sans CJK SC (from ``mplfonts``) cut down to
the characters of the pages, so Chinese renders on machines without a CJK font.
Nothing is fetched from the network: notebooks are not executed, widget and require.js
scripts are switched off in ``conf.py``, and the theme's assets come from installed
packages (``tests/test_book.py`` opens the pages in headless Chromium with the network
off to prove it).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import nbformat

from helpers.figures.plotting import CJK_SUBSET_FAMILY, cjk_font_face_css
from helpers.paths import ROOT, cache_dir, results_dir

__all__ = ["BOOK_SOURCE", "build_book", "font_css", "main", "stage"]

#: The book's own pages (configuration, landing page, glossary).
BOOK_SOURCE = ROOT / "book"


def _notebook_text(path: Path) -> str:
    from helpers.series.runner import notebook_text

    return notebook_text(nbformat.read(path, as_version=4))


def font_css(text: str) -> str:
    """The book's ``cjk-font.css``: the font subset and rules that use it as a fallback."""
    stack = f'"{CJK_SUBSET_FAMILY}"'
    return "\n".join([
        cjk_font_face_css(text),
        ":root {",
        f"  --pst-font-family-base: system-ui, -apple-system, 'Segoe UI', Helvetica, Arial,"
        f" sans-serif, {stack};",
        "  --pst-font-family-heading: var(--pst-font-family-base);",
        f"  --pst-font-family-monospace: 'SFMono-Regular', Menlo, Consolas, 'DejaVu Sans Mono',"
        f" monospace, {stack};",
        "}",
        f"body {{ font-family: var(--pst-font-family-base), {stack}; }}",
        f"pre, code, kbd, samp {{ font-family: var(--pst-font-family-monospace), {stack}; }}",
        "",
    ])


#: Executed solution notebooks (committed outputs), one page each in the book.
SOLUTIONS = ROOT / "solutions"


#: Links written for the repository that point elsewhere in the book's layout.
_BOOK_LINKS = {"](../book/glossary.md)": "](../glossary.md)"}


def _copy_for_book(path: Path, target: Path) -> None:
    """Copy a notebook, rewriting repository links to the book's layout (markdown only)."""
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for old, new in _BOOK_LINKS.items():
                cell.source = cell.source.replace(old, new)
    nbformat.write(nb, target)


def stage(notebooks: Path, target: Path, *, source: Path = BOOK_SOURCE,
          solutions: Path = SOLUTIONS) -> Path:
    """Copy the book pages, the ``NN_*.ipynb`` of ``notebooks`` and of ``solutions``
    into ``target`` (``notebooks/`` and ``solutions/`` below it).

    Returns ``target`` (emptied first). Raises ``FileNotFoundError`` naming the folder
    when it holds no numbered notebooks.
    """
    found = sorted(notebooks.glob("[0-9][0-9]_*.ipynb"))
    if not found:
        raise FileNotFoundError(f"{notebooks}: no NN_*.ipynb notebooks to put in the book. "
                                "Fix: run `make run` first, or pass --notebooks notebooks")
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("_build", "__pycache__"))
    (target / "notebooks").mkdir()
    text = [p.read_text(encoding="utf-8") for p in sorted(source.glob("*.md"))]
    for path in found:
        _copy_for_book(path, target / "notebooks" / path.name)
        text.append(_notebook_text(path))
    (target / "solutions").mkdir()
    for path in sorted(solutions.glob("[0-9][0-9]_*.ipynb")):
        shutil.copy2(path, target / "solutions" / path.name)
        text.append(_notebook_text(path))
    static = target / "_static"
    static.mkdir(exist_ok=True)
    (static / "cjk-font.css").write_text(font_css("".join(text)), encoding="utf-8")
    return target


def build_book(notebooks: Path | None = None, out: Path | None = None) -> Path:
    """Stage and build the book; return the path of its ``index.html``.

    ``notebooks`` defaults to ``results/notebooks`` when ``make run`` has written it,
    else the committed ``notebooks/``; ``out`` defaults to ``<results>/book``.
    """
    if notebooks is None:
        executed = results_dir() / "notebooks"
        notebooks = executed if any(executed.glob("[0-9][0-9]_*.ipynb")) else ROOT / "notebooks"
    out = results_dir() / "book" if out is None else out
    src = stage(notebooks, cache_dir() / "book" / "src")
    doctrees = cache_dir() / "book" / "doctrees"
    if out.exists():
        shutil.rmtree(out)
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-E", "-d", str(doctrees),
               str(src), str(out)]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"sphinx-build failed ({result.returncode}):\n{result.stderr[-4000:]}")
    return out / "index.html"


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``python -m helpers.series.book [--notebooks DIR] [--out DIR]``."""
    parser = argparse.ArgumentParser(prog="python -m helpers.series.book",
                                     description="Build the offline HTML book.")
    parser.add_argument("--notebooks", type=Path, default=None,
                        help="folder of executed NN_*.ipynb (default: results/notebooks "
                             "if make run wrote it, else notebooks/)")
    parser.add_argument("--out", type=Path, default=None, help="default: results/book")
    args = parser.parse_args(argv)
    index = build_book(args.notebooks, args.out)
    print(f"book: open {index}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
