"""The offline LDAvis page renders in a real browser with the network switched off.

Headless Chromium (Debian package ``chromium``; ``.ci/run`` installs it) opens the page
written by :func:`helpers.figures.plot_topics.save_ldavis` from a ``file://`` URL, with every
request sent to a dead proxy and, where ``unshare -n`` works, inside a network namespace
with no interfaces. ``--dump-dom`` prints the DOM after the page's scripts ran; the topic
circles LDAvis draws (``<circle class="dot" id="<visid>-topic<k>">``) must be there.

Without Chromium the test is skipped on a developer machine (with the reason) and fails
in CI (``CI`` set), where it must run.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from helpers.figures import plot_topics

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


def dump_dom(browser: str, page: Path, profile: Path) -> str:
    command = [*no_network_prefix(), browser, "--headless", "--no-sandbox", "--disable-gpu",
               "--disable-dev-shm-usage", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run",
               "--disable-extensions", "--disable-default-apps",
               "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
               f"--user-data-dir={profile}", "--virtual-time-budget=10000",
               "--dump-dom", page.as_uri()]
    result = subprocess.run(command, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, f"chromium failed ({result.returncode}): {result.stderr[-2000:]}"
    return result.stdout


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


def test_ldavis_renders_offline_in_headless_chromium(ldavis_page: Path, tmp_path: Path) -> None:
    browser = find_browser()
    dom = dump_dom(browser, ldavis_page, tmp_path / "profile")
    circles = re.findall(r'<circle\b[^>]*\bclass="dot"[^>]*>', dom)
    ids = sorted(re.search(r'\bid="([^"]+)"', c).group(1) for c in circles)
    assert ids == sorted(f"{VISID}-topic{k}" for k in range(1, K + 1)), dom[:3000]
    assert "Intertopic Distance Map" in dom  # the left panel's title, drawn by LDAvis
    assert "词" in dom  # the terms' bar chart, with the Chinese vocabulary intact


def test_a_page_that_needs_the_network_does_not_render(tmp_path: Path) -> None:
    """The check can fail: a script from the web is blocked, so nothing is drawn."""
    browser = find_browser()
    page = tmp_path / "remote.html"
    page.write_text('<!DOCTYPE html><html><body><div id="x"></div>'
                    '<script src="https://d3js.org/d3.v5.min.js"></script>'
                    '<script>d3.select("#x").append("svg").append("circle")'
                    '.attr("class", "dot");</script></body></html>', encoding="utf-8")
    dom = dump_dom(browser, page, tmp_path / "profile")
    assert '<div id="x"></div>' in dom
    assert "<circle" not in dom
