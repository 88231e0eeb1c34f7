"""Shared bits of the benchmark scripts: paths, machine facts, tables, subprocess runs.

Not a test module and not part of ``helpers``: the scripts in this folder are run by
hand (``.venv/bin/python benchmarks/<script>.py``) and print a table and write
``benchmarks/results/<name>.csv``. Every ratio compares two measurements taken in the
same run, on the same machine, so that the machine's speed cancels out.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from helpers.series import memory

if TYPE_CHECKING:
    import pandas as pd

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
DATA = BENCH / "data"
RESULTS = BENCH / "results"
#: Replicated corpus sizes in MB (10^6 bytes of UTF-8) built by make_corpus.py.
SIZES = (1, 10, 50)
LABEL = ("REPLICATED SEED TEXT: the bundled paragraphs repeated to reach a size. "
         "For throughput measurements only, never for findings.")


def corpus_file(size_mb: int) -> Path:
    """The replicated corpus of ``size_mb`` MB (made by ``benchmarks/make_corpus.py``)."""
    path = DATA / f"replicated_seed_{size_mb}MB.txt"
    if not path.exists():
        sys.exit(f"{path} is missing. Run: .venv/bin/python benchmarks/make_corpus.py "
                 f"--sizes {size_mb}")
    return path


def cores() -> int:
    """CPU cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()


def machine() -> dict[str, object]:
    """Facts printed above every table: cores, CPU model, Python, load average."""
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return {"cores": cores(), "cpu": model or platform.processor(),
            "python": platform.python_version(),
            "load_avg_1min": round(os.getloadavg()[0], 2)}


def _vm_hwm_kib(pid: int | str) -> int | None:
    """Peak resident set (``VmHWM``, KiB) of a live process from ``/proc``, or None."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return None


def _descendants(root: int) -> list[int]:
    """Process ids below ``root`` (children, grandchildren, …), from ``/proc/*/stat``."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = [], [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent]
        found.extend(children)
        frontier.extend(children)
    return found


class PeakMemory(memory.PeakMemory):
    """Peak resident memory of this process and of every descendant (pool workers, Dask
    nannies and workers), sampled every ``interval`` seconds from ``/proc/<pid>/status``
    ``VmHWM`` (each process's own high-water mark, so sampling misses at most the
    growth of a worker's last ``interval``).

    Why not ``getrusage().ru_maxrss``: on Linux a process started by fork + exec keeps
    its parent's high-water mark at the time of the fork (a child of a 300 MB process
    reports ≥ 300 MB), and ``RUSAGE_CHILDREN`` only covers children already waited for.
    Use as a context manager; ``result()`` gives MB for the parent and the largest
    descendant.

    ``root``: watch the descendants of that process instead of this one's (see
    :func:`run_json` with ``sample_descendants``): the sampling thread then runs in the
    benchmark's parent, so the measured process has no extra thread (a thread would make
    ``helpers.scale`` start its pool with "spawn" instead of "fork", as it does under
    Jupyter).
    """

    def __init__(self, interval: float = 0.2, root: int | None = None) -> None:
        super().__init__(interval, root)
        self.workers: dict[int, int] = {}

    def _sample(self) -> None:
        for pid in _descendants(self.root):
            kib = _vm_hwm_kib(pid)
            if kib is not None:
                self.workers[pid] = max(self.workers.get(pid, 0), kib)

    def result(self) -> dict[str, float]:
        """``peak_rss_parent_mb`` (this process) and ``peak_rss_worker_mb`` (largest
        descendant; 0 when there was none), in MB of 2^20 bytes."""
        parent = _vm_hwm_kib("self") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        worker = max(self.workers.values(), default=0)
        return {"peak_rss_parent_mb": round(parent / 1024, 1),
                "peak_rss_worker_mb": round(worker / 1024, 1),
                "n_worker_processes": len(self.workers)}


def cpu_seconds() -> float:
    """User + system CPU seconds of this process and of its children waited for (pool
    workers are, at pool shutdown). Unlike wall time, this does not grow when other
    programs compete for the cores, so it shows the work a configuration does."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def own_peak_mb() -> float:
    """This process's own peak resident memory (``VmHWM``), MB of 2^20 bytes."""
    kib = _vm_hwm_kib("self") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(kib / 1024, 1)


def run_json(args: Sequence[str], env: dict[str, str] | None = None, *,
             sample_descendants: bool = False) -> dict:
    """Run ``python <args>`` in a fresh process and return the JSON object it prints
    on its last stdout line (its stderr passes through).

    ``sample_descendants``: sample the peak memory of the process's descendants from
    here (:class:`PeakMemory` with ``root``) and add ``peak_rss_worker_mb`` and
    ``n_worker_processes`` to the result (the process reports its own peak)."""
    started = time.perf_counter()
    command = [sys.executable, *args]
    environment = {**os.environ, **(env or {})}
    if sample_descendants:
        child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                 text=True, env=environment, cwd=ROOT)
        with PeakMemory(root=child.pid) as memory:
            stdout, stderr = child.communicate()
        proc = subprocess.CompletedProcess(command, child.returncode, stdout, stderr)
    else:
        proc = subprocess.run(command, capture_output=True, text=True, env=environment,
                              cwd=ROOT)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise RuntimeError(f"benchmark step failed ({proc.returncode}): {' '.join(args)}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    if sample_descendants:
        result["peak_rss_worker_mb"] = round(max(memory.workers.values(), default=0) / 1024, 1)
        result["n_worker_processes"] = len(memory.workers)
    result.setdefault("process_seconds", round(time.perf_counter() - started, 2))
    return result


def write_table(name: str, table: pd.DataFrame, title: str) -> Path:
    """Print ``table`` under a heading with the machine facts; write it to
    ``benchmarks/results/<name>.csv``."""
    import pandas as pd

    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.csv"
    table.to_csv(path, index=False)
    facts = machine()
    print(f"\n## {title}\n({facts['cores']} cores, {facts['cpu']}, Python {facts['python']}, "
          f"load average now {facts['load_avg_1min']})\n")
    with pd.option_context("display.width", 200, "display.max_columns", 30,
                           "display.max_colwidth", 60):
        print(table.to_string(index=False))
    print(f"\n→ {path.relative_to(ROOT)}")
    return path


def mb(nbytes: int) -> float:
    """Bytes → MB (10^6)."""
    return nbytes / 1e6
