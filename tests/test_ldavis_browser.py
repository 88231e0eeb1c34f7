"""The offline LDAvis page renders in a real browser with the network switched off.

Headless Chromium (Debian package ``chromium``; ``.ci/run`` installs it; one browser for
the module, driven by :mod:`tests.headless`) opens the page written by
:func:`helpers.figures.plot_topics.save_ldavis` from a ``file://`` URL, with every
request sent to a dead proxy and, where ``unshare -n`` works, inside a network namespace
with no interfaces. Once the page has loaded, the topic circles LDAvis draws
(``<circle class="dot" id="<visid>-topic<k>">``) must be in its DOM, and the page may
have requested nothing beyond ``file:`` and ``data:`` URLs.

Without Chromium the test is skipped on a developer machine (with the reason) and fails
in CI (``CI`` set), where it must run.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from helpers.figures import plot_topics
from tests.headless import Browser

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
K = 5
VISID = "ldavis_browser_test"


def find_browser() -> str:
    for name in BROWSERS:
        path = shutil.which(name)
        if path:
            return path
    if os.environ.get("CI"):
        pytest.fail("headless Chromium is required in CI: .ci/run installs the Debian "
                    "package 'chromium' before make test")
    pytest.skip("Chromium not installed (Debian: apt-get install chromium); "
                "it is installed and required in CI")


def no_network_prefix() -> list[str]:
    """``unshare -n`` (a network namespace with only a down loopback) when it works here."""
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "-n", "true"], capture_output=True).returncode == 0:
        return [unshare, "-n"]
    return []


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    with Browser(find_browser(), tmp_path_factory.mktemp("chromium"),
                 no_network_prefix()) as running:
        yield running


def dom_after_load(browser: Browser, page: Path) -> tuple[str, list[str]]:
    """The page's DOM once it has loaded, and the URLs it requested."""
    return browser.visit(page.as_uri(), "document.documentElement.outerHTML")


@pytest.fixture
def ldavis_page(tmp_path: Path) -> Path:
    """An LDAvis page of a small random model with Chinese terms, written like the notebook's."""
    rng = np.random.default_rng(3)
    terms = [f"词{i}" for i in range(40)]
    phi = pd.DataFrame(rng.dirichlet(np.full(40, 0.2), size=K),
                       index=pd.RangeIndex(1, K + 1, name="topic"), columns=terms)
    theta = pd.DataFrame(rng.dirichlet(np.ones(K), size=20))
    frequency = pd.Series(rng.integers(1, 30, 40), index=terms)
    prepared = plot_topics.ldavis_prepare(phi, theta, rng.integers(10, 60, 20), frequency)
    path = plot_topics.save_ldavis(prepared, "ldavis_test", visid=VISID)
    assert path.name == "ldavis.html" and path.parent.name == "ldavis_test"
    return path


def test_ldavis_renders_offline_in_headless_chromium(ldavis_page: Path, browser: Browser) -> None:
    dom, requested = dom_after_load(browser, ldavis_page)
    circles = re.findall(r'<circle\b[^>]*\bclass="dot"[^>]*>', dom)
    ids = sorted(re.search(r'\bid="([^"]+)"', c).group(1) for c in circles)
    assert ids == sorted(f"{VISID}-topic{k}" for k in range(1, K + 1)), dom[:3000]
    assert "Intertopic Distance Map" in dom  # the left panel's title, drawn by LDAvis
    assert "词" in dom  # the terms' bar chart, with the Chinese vocabulary intact
    assert [u for u in requested if not u.startswith(("file:", "data:"))] == []


def test_a_page_that_needs_the_network_does_not_render(tmp_path: Path, browser: Browser) -> None:
    """The check can fail: a script from the web is blocked, so nothing is drawn."""
    page = tmp_path / "remote.html"
    page.write_text('<!DOCTYPE html><html><body><div id="x"></div>'
                    '<script src="https://d3js.org/d3.v5.min.js"></script>'
                    '<script>d3.select("#x").append("svg").append("circle")'
                    '.attr("class", "dot");</script></body></html>', encoding="utf-8")
    dom, requested = dom_after_load(browser, page)
    assert '<div id="x"></div>' in dom
    assert "<circle" not in dom
    assert "https://d3js.org/d3.v5.min.js" in requested
