"""HTML exports of the notebooks open offline and show Chinese without a system font.

``helpers.series.runner.export_html`` renders through the project's ``offline`` nbconvert
template: no script, stylesheet or font is fetched from the network (nbconvert's
``lab`` template alone loads require.js and MathJax from cdnjs), and an embedded
subset of Noto Sans CJK SC covers every Chinese character on the page.
"""

from __future__ import annotations

import base64
import io
import re
from pathlib import Path

import nbformat
from fontTools.ttLib import TTFont
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from helpers.figures.plotting import CJK_SUBSET_FAMILY
from helpers.series import runner

KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
REMOTE = re.compile(r"""(?:\bsrc|\bhref)\s*=\s*["']?(?:https?:)?//|url\(\s*["']?(?:https?:)?//|"""
                    r"""@import\s+["']?(?:https?:)?//""", re.IGNORECASE)


def notebook() -> nbformat.NotebookNode:
    cells = [new_markdown_cell("# 情指行 *qíng zhǐ xíng* and $x^2$"),
             new_code_cell("print('两队一室')",
                           outputs=[new_output("stream", name="stdout", text="两队一室\n")]),
             new_code_cell("table", outputs=[new_output(
                 "execute_result", execution_count=2,
                 data={"text/html": "<table><tr><td>枫桥经验</td></tr></table>",
                       "text/plain": "枫桥经验"})])]
    return new_notebook(cells=cells, metadata={"kernelspec": KERNELSPEC})


def embedded_font(html: str) -> TTFont:
    match = re.search(r"url\(data:font/otf;base64,([A-Za-z0-9+/=]+)\)", html)
    assert match, "no embedded @font-face"
    return TTFont(io.BytesIO(base64.b64decode(match.group(1))))


def test_export_references_nothing_on_the_network() -> None:
    html = runner.export_html(notebook(), "t", Path("."))
    assert not REMOTE.search(html), REMOTE.search(html)
    assert "cdnjs" not in html and "require.min.js" not in html
    assert "两队一室" in html and "枫桥经验" in html


def test_embedded_font_covers_every_chinese_character() -> None:
    html = runner.export_html(notebook(), "t", Path("."))
    cmap = embedded_font(html).getBestCmap()
    chinese = {ch for ch in "情指行两队一室枫桥经验"}
    assert chinese <= {chr(code) for code in cmap}
    assert f'"{CJK_SUBSET_FAMILY}"' in html.split("</head>")[0]


def test_the_check_can_fail() -> None:
    assert REMOTE.search('<script src="https://cdnjs.cloudflare.com/x.js"></script>')
    assert REMOTE.search("<link href='//fonts.example/x.css'>")
    assert REMOTE.search("@font-face { src: url(https://x/y.woff) }")


def code_inputs(html: str) -> list[str]:
    return re.findall(r'<div class="cm-editor cm-s-jupyter">(.*?)</div>\s*</div>', html, re.S)


def test_code_input_is_escaped_as_nbconverts_sanitised_lab_template_shows_it() -> None:
    """The ``offline`` template skips ``clean_html`` on code input (Pygments escapes it):
    every code block is byte-for-byte what nbconvert's ``lab`` template, which sanitises
    it with bleach, makes of it, also for source that looks like markup."""
    from nbconvert import HTMLExporter

    nb = notebook()
    nb.cells.append(new_code_cell('s = "</pre><script>alert(1)</script>" & 3 < 4  # 公安 \'x\''))
    ours = runner.export_html(nb, "t", Path("."))
    lab, _ = HTMLExporter(template_name="lab").from_notebook_node(nb)
    assert len(code_inputs(ours)) == 3
    assert code_inputs(ours) == code_inputs(lab)
    assert "<script>alert" not in ours


def test_a_page_is_converted_once_and_kept_by_content(monkeypatch) -> None:
    """The second export of the same executed notebook is the stored page, byte for byte
    what a conversion gives; a changed output (or name) is converted again."""
    calls = []
    convert = runner._convert_html

    def counting(*args):
        calls.append(args[1])
        return convert(*args)

    monkeypatch.setattr(runner, "_convert_html", counting)
    nb = notebook()
    first = runner.export_html(nb, "t", Path("."))
    again = runner.export_html(nbformat.from_dict(nb), "t", Path("."))
    assert calls == ["t"] and again == first == convert(nb, "t", Path("."))
    changed = nbformat.from_dict(nb)
    changed.cells[1].outputs[0].text = "两队一室 changed\n"
    assert "两队一室 changed" in runner.export_html(changed, "t", Path("."))
    runner.export_html(nb, "other", Path("."))
    assert calls == ["t", "t", "other"]


def test_the_export_key_covers_the_template_and_packages(monkeypatch, tmp_path: Path) -> None:
    import shutil
    from importlib import metadata

    nb = notebook()
    key = runner.export_key(nb, "t", Path("."))
    assert runner.export_key(nbformat.from_dict(nb), "t", Path(".")) == key
    assert runner.export_key(nb, "t", tmp_path) != key, "another folder"
    copy = tmp_path / "templates"
    shutil.copytree(runner.TEMPLATES, copy)
    monkeypatch.setattr(runner, "TEMPLATES", copy)
    assert runner.export_key(nb, "t", Path(".")) == key, "same template files, same key"
    index = copy / "offline" / "index.html.j2"
    index.write_text(index.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert runner.export_key(nb, "t", Path(".")) != key
    key = runner.export_key(nb, "t", Path("."))
    real = metadata.version
    monkeypatch.setattr(metadata, "version",  # nbconvert upgraded: another key
                        lambda dist: "99.0" if dist == "nbconvert" else real(dist))
    assert runner.export_key(nb, "t", Path(".")) != key
    monkeypatch.setattr(metadata, "version", real)
    assert runner.export_key(nb, "t", Path(".")) == key
    changed = tmp_path / "runner.py"  # the exporting code, edited
    changed.write_bytes(Path(runner.__file__).read_bytes() + b"\n# edited\n")
    monkeypatch.setattr(runner, "__file__", str(changed))
    assert runner.export_key(nb, "t", Path(".")) != key


def test_a_changed_markdown_image_is_converted_again(tmp_path: Path) -> None:
    """``embed_images`` inlines a markdown cell's local image: its bytes are in the key."""
    import base64 as b64

    from PIL import Image

    def png(colour: str) -> bytes:
        buffer = io.BytesIO()
        Image.new("RGB", (2, 2), colour).save(buffer, format="PNG")
        return buffer.getvalue()

    red, blue = png("red"), png("blue")
    (tmp_path / "fig.png").write_bytes(red)
    nb = notebook()
    nb.cells.append(new_markdown_cell("![a figure](fig.png)"))
    first = runner.export_html(nb, "t", tmp_path)
    assert b64.b64encode(red).decode() in first
    (tmp_path / "fig.png").write_bytes(blue)
    again = runner.export_html(nb, "t", tmp_path)
    assert b64.b64encode(blue).decode() in again and again != first
