"""``make lab``: CJK font CSS for JupyterLab and trusted repository notebooks."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import nbformat
from fontTools.ttLib import TTFont
from nbformat.sign import MemorySignatureStore, NotebookNotary

from helpers.paths import ROOT
from helpers.series import lab


def test_prepare_writes_css_and_the_font_it_names(tmp_path: Path) -> None:
    config = lab.prepare(tmp_path / "jupyter")
    css = (config / "custom" / "custom.css").read_text(encoding="utf-8")
    (font_file,) = re.findall(r'url\("([^"]+)"\)', css)
    assert "://" not in font_file, "the font must be served locally"
    font = TTFont(config / "custom" / font_file, lazy=True)
    cmap = font.getBestCmap()
    assert all(ord(ch) in cmap for ch in "公安工作现代化情指行两队一室")
    for variable in ("--jp-content-font-family", "--jp-code-font-family", "--jp-ui-font-family"):
        assert re.search(variable + r":[^;]*" + re.escape(lab.LAB_FONT_FAMILY), css), variable
    assert lab.prepare(tmp_path / "jupyter") == config  # idempotent


def test_repository_notebooks_become_trusted(tmp_path: Path) -> None:
    folder = tmp_path / "notebooks"
    folder.mkdir()
    source = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))[0]
    shutil.copy(source, folder / source.name)
    notary = NotebookNotary(store_factory=MemorySignatureStore, secret=b"test")
    nb = nbformat.read(folder / source.name, as_version=4)
    assert not notary.check_signature(nb)
    assert lab.trust_notebooks(folder, notary) == [folder / source.name]
    assert notary.check_signature(nbformat.read(folder / source.name, as_version=4))


def test_jupyterlab_knows_the_custom_css_flag() -> None:
    from jupyterlab.labapp import LabApp

    assert "custom-css" in LabApp.flags
