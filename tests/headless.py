"""One headless Chromium for many pages, driven over the DevTools protocol on a pipe.

``--remote-debugging-pipe`` makes Chromium read protocol commands from file descriptor 3
and write replies and events to descriptor 4, each message JSON followed by a NUL byte
(no port, no WebSocket client). :class:`Browser` starts one Chromium, and
:meth:`Browser.visit` opens a page in a new tab of its own browser context (no cache,
cookies or storage shared with another page), waits for its ``load`` event, evaluates a
probe expression in it and returns the probe's value with every URL the tab requested
(``Network.requestWillBeSent``: the page, its subresources, fonts and images, ``data:``
URLs included). Starting Chromium once instead of once per page (``--dump-dom``) saves
about a second per page.

Used by ``tests/test_book.py`` and ``tests/test_ldavis_browser.py`` (one browser per module).
"""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

#: Flags of every headless run: no first-run work, no background requests of Chromium's
#: own, and every request of a page sent to a dead proxy (loopback excepted).
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-first-run", "--disable-extensions", "--disable-default-apps",
         "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>")


_MOVE_FDS = ("import os, sys; os.dup2(int(sys.argv[1]), 3); os.dup2(int(sys.argv[2]), 4); "
             "os.execv(sys.argv[3], sys.argv[3:])")


class BrowserError(RuntimeError):
    """Chromium exited, answered with an error, or did not answer in time."""


class Browser:
    """A headless Chromium started with ``command_prefix`` (e.g. ``unshare -n``).

    Use as a context manager; ``profile`` is its user-data folder.
    """

    def __init__(self, executable: str, profile: Path, command_prefix: list[str] | None = None,
                 timeout: float = 60.0) -> None:
        self.timeout = timeout
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()

        # Chromium wants the pipe on descriptors 3 and 4: a tiny Python moves them there
        # before exec (Popen's pass_fds keeps descriptors under their own numbers only,
        # and dash cannot redirect descriptors above 9).
        self.process = subprocess.Popen(
            [*(command_prefix or []), sys.executable, "-I", "-S", "-c", _MOVE_FDS,
             str(to_chrome_r), str(from_chrome_w), executable, *FLAGS,
             "--remote-debugging-pipe", f"--user-data-dir={profile}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            pass_fds=(to_chrome_r, from_chrome_w))
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._buffer = b""
        self._next_id = 0
        self._events: list[dict[str, Any]] = []

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self.process.poll() is None:
            try:
                self.send("Browser.close")
            except BrowserError:
                pass
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        for fd in (self._to_chrome, self._from_chrome):
            try:
                os.close(fd)
            except OSError:
                pass
        if self.process.stderr:
            self.process.stderr.close()

    # ------------------------------------------------------------------ protocol
    def _read_message(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise BrowserError(f"no answer from Chromium within {self.timeout:.0f} s")
            ready, _, _ = select.select([self._from_chrome], [], [], left)
            if not ready:
                continue
            chunk = os.read(self._from_chrome, 1 << 16)
            if not chunk:
                err = self.process.stderr.read().decode(errors="replace") if (
                    self.process.poll() is not None and self.process.stderr) else ""
                raise BrowserError(f"Chromium closed its pipe (exit {self.process.poll()}): "
                                   f"{err[-2000:]}")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)

    def send(self, method: str, session: str | None = None, **params: object) -> dict:
        """Send a command and return its ``result`` (events seen meanwhile are kept)."""
        self._next_id += 1
        message: dict[str, object] = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self._to_chrome, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + self.timeout
        while True:
            reply = self._read_message(deadline)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise BrowserError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            if "method" in reply:
                self._events.append(reply)

    def wait_for(self, method: str, session: str) -> dict:
        """The first event ``method`` of ``session`` (from the kept events, or the pipe)."""
        deadline = time.monotonic() + self.timeout
        while True:
            for i, event in enumerate(self._events):
                if event["method"] == method and event.get("sessionId") == session:
                    return self._events.pop(i)
            self._events.append(self._read_message(deadline))

    # ------------------------------------------------------------------ pages
    def visit(self, url: str, probe: str) -> tuple[Any, list[str]]:
        """Open ``url`` in a fresh context, wait for ``load``, evaluate ``probe``.

        ``probe``: a JavaScript expression (a promise is awaited) whose value is returned
        by value. Returns ``(value, requested URLs in order)``. The tab and its context
        are closed afterwards.
        """
        context = self.send("Target.createBrowserContext")["browserContextId"]
        target = self.send("Target.createTarget", url="about:blank",
                           browserContextId=context)["targetId"]
        session = self.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        try:
            self.send("Network.enable", session)
            self.send("Page.enable", session)
            self.send("Page.navigate", session, url=url)
            self.wait_for("Page.loadEventFired", session)
            answer = self.send("Runtime.evaluate", session, expression=probe,
                               awaitPromise=True, returnByValue=True)
            if "exceptionDetails" in answer:
                raise BrowserError(f"{url}: the probe raised {answer['exceptionDetails']}")
            requested = [e["params"]["request"]["url"] for e in self._events
                         if e.get("sessionId") == session
                         and e["method"] == "Network.requestWillBeSent"]
        finally:
            self._events = [e for e in self._events if e.get("sessionId") != session]
            self.send("Target.closeTarget", targetId=target)
            self.send("Target.disposeBrowserContext", browserContextId=context)
        return answer["result"].get("value"), requested
