"""No bundled-corpus facts in library code or notebook code cells.

Localities, labels, levels and examples come from the manifest, the metadata or a
notebook's ``parameters`` cell, never from names typed into code. This test takes the
bundled manifest's article ids and locality names (English, and Chinese of two or more
characters) and looks for them

* in every string literal of ``helpers/`` that is not a docstring (comments and
  docstrings may use the bundled corpus as an example);
* in every notebook code cell, comments stripped — the ``if BUNDLED:`` blocks that
  check claims about the bundled corpus included: they take the ids, places and values
  they need from ``corpus/bundled_facts.json`` (``check.bundled_facts``).

The one allowed literal is a cleaning rule for the dateline of any Xinhua-sourced
article (``（新华社北京1月10日电 记者…）``): a pattern of a news agency's house style,
not a fact about one text.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import pytest

from helpers.paths import ROOT
from helpers.text import corpus

ALLOWED = {("clean.py", "新华社")}  # the Xinhua dateline pattern (see the module docstring)
GENERIC = {"National", "Unspecified", "全国", "不详"}  # level words, not places
#: In notebooks the English level labels count as names (they are the bundled manifest's
#: localities); 全国 and 不详 stay generic (全国公安工作会议 is a meeting's name).
GENERIC_IN_NOTEBOOKS = {"全国", "不详"}


def bundled_pattern(generic: set[str] = GENERIC) -> re.Pattern[str]:
    manifest = corpus.load_manifest(ROOT / "corpus")
    names = set(manifest.article_id) | set(manifest.locality.dropna())
    names |= {v for v in manifest.locality_zh.dropna() if len(v) >= 2}
    names = {n for n in names if n and n not in generic} | {"Xinhua", "新华社"}
    return re.compile("|".join(sorted(map(re.escape, names), key=len, reverse=True)))


def docstring_nodes(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def library_hits(pattern: re.Pattern[str]) -> list[str]:
    hits = []
    for path in sorted((ROOT / "helpers").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = docstring_nodes(tree)
        for node in ast.walk(tree):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                    and id(node) not in skip):
                for match in pattern.finditer(node.value):
                    if (path.name, match.group()) not in ALLOWED:
                        hits.append(f"{path.relative_to(ROOT)}:{node.lineno}: {match.group()}")
    return hits


def notebook_hits(pattern: re.Pattern[str], path: Path) -> list[str]:
    hits = []
    for number, cell in enumerate(nbformat.read(path, as_version=4).cells, start=1):
        if cell.cell_type != "code":
            continue
        for line in cell.source.splitlines():
            code = line.split("#", 1)[0]
            hits += [f"{path.name} cell {number}: {m.group()}" for m in pattern.finditer(code)]
    return hits


def test_library_code_names_no_bundled_article_or_place() -> None:
    assert library_hits(bundled_pattern()) == []


@pytest.mark.parametrize("path", sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")),
                         ids=lambda p: p.stem)
def test_notebook_code_names_no_bundled_article_or_place(path: Path) -> None:
    assert notebook_hits(bundled_pattern(GENERIC_IN_NOTEBOOKS), path) == []


def test_the_scan_can_fail(tmp_path: Path) -> None:
    pattern = bundled_pattern()
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell('example = corpus.before_after("tianshui", 5)'),
        nbformat.v4.new_code_cell('if BUNDLED:\n    check.equal(top, "Qiqihar")\nx = 1'),
        nbformat.v4.new_code_cell('check.equal(top, FACTS["place"])  # e.g. Qiqihar'),
    ])
    path = tmp_path / "99_bad.ipynb"
    nbformat.write(nb, path)
    assert notebook_hits(pattern, path) == ["99_bad.ipynb cell 1: tianshui",
                                            "99_bad.ipynb cell 2: Qiqihar"]
