"""Peak memory of a process tree, sampled from ``/proc`` (Linux; 0 elsewhere).

The runner records each notebook's kernel peak with :class:`PeakMemory`
(``run_summary.csv`` column ``peak_mb``); the benchmarks subclass it to record every
worker. Standard library only, so importing it costs a measured process nothing.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

#: Seconds between two reads of the memory high-water marks.
MEMORY_POLL = 0.25


def _children(pid: int) -> list[int]:
    """Direct children of process ``pid`` (Linux ``/proc``; empty elsewhere)."""
    found: list[int] = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            text = (task / "children").read_text()
            found.extend(int(c) for c in text.split())
    except OSError:
        pass
    return found


def _high_water_mb(pid: int) -> float:
    """``VmHWM`` of process ``pid`` in MB (0 if it is gone or ``/proc`` is missing)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0.0


class PeakMemory:
    """Samples, from a thread, the largest ``VmHWM`` among the descendants of ``root``
    (default: this process).

    The kernel is a child of the process that executes the notebook (one notebook at
    a time per process), so its tree is what the notebook costs. A high-water mark
    only grows, so polling every ``interval`` seconds (:data:`MEMORY_POLL`) misses at
    most what the kernel adds in its last interval. ``peak`` is in MB; subclasses
    (the benchmarks' sampler) override :meth:`_sample` to record more.
    """

    def __init__(self, interval: float = MEMORY_POLL, root: int | None = None) -> None:
        self.peak = 0.0
        self.interval = interval
        self.root = os.getpid() if root is None else root
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> None:
        todo, seen = _children(self.root), set()
        while todo:
            pid = todo.pop()
            if pid not in seen:
                seen.add(pid)
                self.peak = max(self.peak, _high_water_mb(pid))
                todo.extend(_children(pid))

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self._sample()

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
