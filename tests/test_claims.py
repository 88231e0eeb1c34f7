"""The notebooks' claim checks bite: a claim edited to be false fails the notebook.

Every number or comparison stated in a notebook's markdown is held by a
``check.*`` call in a code cell (helpers/check.py). This test takes the real
notebooks, finds their claim checks, and

* counts them (each notebook of the series makes checked claims);
* edits one claim of a real notebook so that it is false, executes the edited
  copy from a fresh kernel, and expects it to stop with ``ClaimError`` — the same
  failure nbval reports when a result changes under a stale sentence.
"""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import nbformat
import pytest

from helpers.paths import ROOT
from helpers.series import runner

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
CHECKS = {"claim", "equal", "close", "between", "at_least", "at_most"}


def _check_calls_in(tree: ast.AST) -> list[ast.Call]:
    return [node for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name) and node.func.value.id == "check"
            and node.func.attr in CHECKS]


def _check_calls(source: str) -> list[ast.Call]:
    try:
        return _check_calls_in(ast.parse(source))
    except SyntaxError:  # IPython magics
        return []


def _falsify(call: ast.Call) -> bool:
    """Edit ``call`` in place so that the claim it checks is false; False if it cannot."""
    name = call.func.attr  # type: ignore[union-attr]
    if name == "claim":
        call.args[0] = ast.UnaryOp(op=ast.Not(), operand=call.args[0])
        return True
    shift = {"equal": 1_000_003, "close": 1_000_003, "between": 1_000_003,
             "at_least": 1_000_003, "at_most": -1_000_003}[name]
    if name == "equal":
        call.args[1] = ast.List(elts=[call.args[1], ast.Constant(shift)], ctx=ast.Load())
        return True
    if len(call.args) < 2:
        return False
    call.args[1] = ast.BinOp(left=call.args[1], op=ast.Add(), right=ast.Constant(shift))
    return True


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_notebook_checks_its_claims(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    n = sum(len(_check_calls(c.source)) for c in nb.cells if c.cell_type == "code")
    assert n >= 3, f"{path.name}: only {n} claim checks; prose numbers must be asserted"


def test_a_false_claim_fails_the_notebook(tmp_path: Path) -> None:
    """Notebook 00 (the fastest) with its first claim check made false stops there."""
    source = ROOT / "notebooks" / "00_corpus_tour.ipynb"
    nb = nbformat.read(source, as_version=4)
    falsified = None
    for position, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or not _check_calls(cell.source):
            continue
        tree = ast.parse(cell.source)
        calls = _check_calls_in(tree)
        if calls and _falsify(calls[0]):
            cell.source = ast.unparse(tree)
            falsified = position
            break
    else:
        pytest.fail("notebook 00 has no claim check to falsify")
    folder = tmp_path / "notebooks"
    folder.mkdir()
    shutil.copy(ROOT / "notebooks" / "jupytext.toml", folder)
    edited = folder / source.name
    nbformat.write(nb, edited)
    executed, result = runner.execute(edited, cwd=folder)
    assert not result.ok
    assert "ClaimError" in result.message
    errors = [i for i, c in enumerate(executed.cells) if c.cell_type == "code"
              and any(o.get("output_type") == "error" for o in c.get("outputs", []))]
    assert errors == [falsified], "the notebook must stop at the falsified claim, not before"
