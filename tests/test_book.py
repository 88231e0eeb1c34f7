"""The book (``make book``) builds offline and reads offline in a real browser.

The book is built from the committed notebooks into a temporary folder. Headless
Chromium (``.ci/run`` installs Debian's ``chromium``) then opens the landing page,
the glossary and every notebook page from ``file://`` URLs inside a network namespace
with no interfaces (``unshare -n``, where it works) and with every request sent to a
dead proxy. For each page:

* Chromium's network log must hold no request that leaves the machine (only
  ``file:`` and ``data:`` URLs);
* every image must have loaded (``naturalWidth > 0``);
* the embedded Noto Sans CJK subset must have been loaded and used — the page's
  Chinese characters have nowhere else to come from on a machine without CJK fonts.

A probe script is added to a copy of each page; it writes what it measured into the
DOM, which ``--dump-dom`` prints.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from helpers.figures.plotting import CJK_SUBSET_FAMILY
from helpers.series import book
from tests.test_ldavis_browser import find_browser, no_network_prefix

PROBE = """
<script>
window.addEventListener("load", async () => {
  await document.fonts.ready;
  const images = Array.from(document.images).map(i => ({src: i.src.slice(0, 80),
                                                        ok: i.complete && i.naturalWidth > 0}));
  const fonts = Array.from(document.fonts).map(f => ({family: f.family, status: f.status}));
  const pre = document.createElement("pre");
  pre.id = "probe";
  pre.textContent = JSON.stringify({images, fonts, chinese: /[\\u4e00-\\u9fff]/.test(
    document.body.innerText)});
  document.body.appendChild(pre);
});
</script>
"""


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


def browse(browser: str, page: Path, profile: Path, netlog: Path) -> dict:
    import subprocess

    probe = page.with_name(page.stem + "__probe.html")
    probe.write_text(page.read_text(encoding="utf-8").replace("</body>", PROBE + "</body>"),
                     encoding="utf-8")
    command = [*no_network_prefix(), browser, "--headless", "--no-sandbox", "--disable-gpu",
               "--disable-dev-shm-usage", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run",
               "--disable-extensions", "--disable-default-apps",
               "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
               f"--user-data-dir={profile}", f"--log-net-log={netlog}",
               "--virtual-time-budget=15000", "--dump-dom", probe.as_uri()]
    result = subprocess.run(command, capture_output=True, text=True, timeout=240)
    probe.unlink()
    assert result.returncode == 0, result.stderr[-2000:]
    match = re.search(r'<pre id="probe"[^>]*>(.*?)</pre>', result.stdout, re.S)
    assert match, f"{page.name}: the probe did not run:\n{result.stdout[:2000]}"
    return json.loads(match.group(1).replace("&quot;", '"').replace("&amp;", "&"))


def requested_urls(netlog: Path) -> set[str]:
    """URLs the *page* requested, from Chromium's network log.

    Chromium itself (time sync, component updates) asks the network too, with no
    origin (``"initiator": "not an origin"``); those requests are not the page's and
    fail here anyway. Every request with a page origin is kept.
    """
    events = json.loads(netlog.read_text(encoding="utf-8", errors="replace"))["events"]
    urls: dict[int, str] = {}
    from_page: set[int] = set()
    for event in events:
        params = event.get("params") or {}
        source = event["source"]["id"]
        if "url" in params:
            urls.setdefault(source, params["url"])
        if "initiator" in params and params["initiator"] != "not an origin":
            from_page.add(source)
    return {urls[source] for source in from_page if source in urls}


def test_book_pages_render_offline_with_the_embedded_font(built: Path, tmp_path: Path) -> None:
    browser = find_browser()
    for page in pages(built):
        netlog = tmp_path / f"{page.stem}.netlog.json"
        seen = browse(browser, page, tmp_path / f"profile_{page.stem}", netlog)
        leaving = sorted(u for u in requested_urls(netlog)
                         if not u.startswith(("file:", "data:", "blob:", "about:", "chrome:")))
        assert not leaving, f"{page.name} asked the network for {leaving[:5]}"
        broken = [i["src"] for i in seen["images"] if not i["ok"]]
        assert not broken, f"{page.name}: images that did not load: {broken[:5]}"
        assert seen["chinese"], f"{page.name}: no Chinese text on the page"
        used = {f["family"].strip('"') for f in seen["fonts"] if f["status"] == "loaded"}
        assert CJK_SUBSET_FAMILY in used, f"{page.name}: embedded CJK font not used: {seen['fonts']}"


def test_the_network_check_can_fail(tmp_path: Path) -> None:
    """A page that loads a script from the web is caught by the network log."""
    browser = find_browser()
    page = tmp_path / "remote.html"
    page.write_text('<!DOCTYPE html><html><body><p>情指行</p>'
                    '<script src="https://cdn.example.org/x.js"></script></body></html>',
                    encoding="utf-8")
    netlog = tmp_path / "remote.netlog.json"
    seen = browse(browser, page, tmp_path / "profile", netlog)
    assert seen["chinese"]
    assert any(u.startswith("https://cdn.example.org/") for u in requested_urls(netlog))
