"""The book (``make book``) builds offline and reads offline in a real browser.

The book is built from the committed notebooks into a temporary folder. One headless
Chromium (``.ci/run`` installs Debian's ``chromium``; :mod:`tests.headless` drives it over
the DevTools protocol) then opens the landing page, the glossary and every notebook page
from ``file://`` URLs, each in a fresh browser context, inside a network namespace with
no interfaces (``unshare -n``, where it works) and with every request sent to a dead
proxy. For each page:

* no request of the page may leave the machine (only ``file:`` and ``data:`` URLs);
* every image must have loaded (``naturalWidth > 0``);
* the embedded Noto Sans CJK subset must have been loaded and used — the page's
  Chinese characters have nowhere else to come from on a machine without CJK fonts.

A probe expression evaluated in the loaded page measures the images and fonts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers.figures.plotting import CJK_SUBSET_FAMILY
from helpers.series import book
from tests.headless import Browser
from tests.test_ldavis_browser import find_browser, no_network_prefix

#: Evaluated in each loaded page (after layout, once its fonts have settled).
PROBE = """(async () => {
  document.body.getBoundingClientRect();
  await document.fonts.ready;
  return {
    images: Array.from(document.images).map(i => ({src: i.src.slice(0, 80),
                                                   ok: i.complete && i.naturalWidth > 0})),
    fonts: Array.from(document.fonts).map(f => ({family: f.family, status: f.status})),
    chinese: /[\\u4e00-\\u9fff]/.test(document.body.innerText),
  };
})()"""
#: Schemes that stay on this machine.
LOCAL = ("file:", "data:", "blob:", "about:", "chrome:")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("book") / "html"
    index = book.build_book(book.ROOT / "notebooks", out)
    assert index == out / "index.html" and index.is_file()
    return out


def pages(out: Path) -> list[Path]:
    return [out / "index.html", out / "glossary.html",
            *sorted((out / "notebooks").glob("[0-9][0-9]_*.html"))]


def test_every_notebook_has_a_page(built: Path) -> None:
    notebooks = sorted(p.stem for p in (book.ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    assert sorted(p.stem for p in (built / "notebooks").glob("*.html")) == notebooks
    index = (built / "index.html").read_text(encoding="utf-8")
    for stem in notebooks:
        assert f"notebooks/{stem}.html" in index, f"landing page does not link {stem}"
    assert "glossary.html" in index
    for page in sorted((built / "notebooks").glob("*.html")):
        assert 'href="../glossary.html' in page.read_text(encoding="utf-8"), (
            f"{page.name} does not link the methods glossary")


def test_no_page_references_the_network(built: Path) -> None:
    remote = re.compile(r"""(?:\bsrc|\bhref)\s*=\s*["'](?:https?:)?//|url\(\s*["']?https?://""")
    for page in pages(built):
        html = page.read_text(encoding="utf-8")
        assert not remote.search(html), (page.name, remote.search(html))
    for css in (built / "_static").rglob("*.css"):
        text = css.read_text(encoding="utf-8", errors="replace")
        assert not re.search(r"url\(\s*[\"']?https?://|@import\s+[\"']?(?:url\()?https?:", text), css


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    with Browser(find_browser(), tmp_path_factory.mktemp("chromium"),
                 no_network_prefix()) as running:
        yield running


def test_book_pages_render_offline_with_the_embedded_font(built: Path, browser: Browser) -> None:
    for page in pages(built):
        seen, requested = browser.visit(page.as_uri(), PROBE)
        leaving = sorted(u for u in requested if not u.startswith(LOCAL))
        assert not leaving, f"{page.name} asked the network for {leaving[:5]}"
        broken = [i["src"] for i in seen["images"] if not i["ok"]]
        assert not broken, f"{page.name}: images that did not load: {broken[:5]}"
        assert seen["chinese"], f"{page.name}: no Chinese text on the page"
        used = {f["family"].strip('"') for f in seen["fonts"] if f["status"] == "loaded"}
        assert CJK_SUBSET_FAMILY in used, f"{page.name}: embedded CJK font not used: {seen['fonts']}"


def test_the_network_check_can_fail(tmp_path: Path, browser: Browser) -> None:
    """A page that loads a script from the web is caught, and so is its missing image."""
    page = tmp_path / "remote.html"
    page.write_text('<!DOCTYPE html><html><body><p>情指行</p><img src="missing.png">'
                    '<script src="https://cdn.example.org/x.js"></script></body></html>',
                    encoding="utf-8")
    seen, requested = browser.visit(page.as_uri(), PROBE)
    assert seen["chinese"]
    assert [u for u in requested if not u.startswith(LOCAL)] == ["https://cdn.example.org/x.js"]
    assert [i["ok"] for i in seen["images"]] == [False]
