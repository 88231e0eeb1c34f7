"""How the cost of the whole series grows with the corpus (issue 14, target 5).

For each ``--factors`` entry F, builds a corpus folder of F × the bundled corpus's
article count with :func:`helpers.synthetic.remix_folder` (the bundled paragraphs
re-mixed into invented articles of 8–16 body paragraphs, about the bundled articles'
length, so text reuse between articles is real and heavy), then runs the whole series
on it the way ``make run CORPUS=folder`` does: ``python -m helpers.series.runner``
in a fresh process, ``POLICING_CORPUS_DIR`` set to the folder, results and cache in a
temporary folder (a cold run: empty token and topic caches), ``--jobs`` notebooks at
a time. Per notebook it records the runner's seconds and the peak resident memory of
the notebook's kernel (``VmHWM`` of the largest kernel process, sampled by the
runner), read from the runner's console lines as each notebook ends, so a run stopped
by ``--timeout`` still records the notebooks that finished.

Output: ``results/growth.csv`` (one row per factor and notebook, plus a ``TOTAL`` row:
the runner's wall time) and, with two or more factors, the growth exponent of each
notebook between consecutive factors (``log(t2 / t1) / log(F2 / F1)``: 1 = linear,
> 1 = faster than linear; fixed costs such as kernel start-up pull it below 1;
``complete`` is False when the notebook stopped early at either size, and then the
exponent is only a lower bound). ``--from-csv`` recomputes the exponents of a CSV.
**Synthetic articles: for cost measurements only, never for findings.**

Usage: ``.venv/bin/python benchmarks/growth.py [--factors 1 10] [--jobs 2]
[--timeout 1800] [--name growth]``; ``--append`` adds rows to an existing CSV.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pandas as pd
from _common import ROOT, _descendants, machine, write_table

from helpers import synthetic
from helpers.text import corpus

#: Body paragraphs per synthetic article (the bundled articles have 11.8 on average).
PER_ARTICLE = (8, 16)
#: A runner console line for a finished notebook.
_LINE = re.compile(r"^(ok|error)\s+(\S+\.ipynb)\s+(\d+) code cells\s+(\d+) MB peak\s+"
                   r"([\d.]+) s")


def build(factor: int, folder: Path) -> dict[str, object]:
    """Write the ×``factor`` folder; return its size."""
    paragraphs = corpus.load_paragraphs(ROOT / "corpus")
    n_articles = factor * int(paragraphs.article_id.nunique())
    metadata = synthetic.remix_folder(paragraphs, folder, n_articles=n_articles,
                                      per_article=PER_ARTICLE)
    n_bytes = sum(p.stat().st_size for p in folder.glob("*.txt"))
    return {"factor": factor, "n_articles": len(metadata), "corpus_bytes": n_bytes}


def run_series(folder: Path, work: Path, jobs: int, timeout: float) -> tuple[list[dict], float,
                                                                             str]:
    """The runner on ``folder``; ``(rows per finished notebook, wall seconds, status)``."""
    env = dict(os.environ, POLICING_CORPUS_DIR=str(folder),
               POLICING_RESULTS_DIR=str(work / "results"),
               POLICING_CACHE_DIR=str(work / "cache"), PYTHONHASHSEED="0", MPLBACKEND="Agg")
    command = [sys.executable, "-m", "helpers.series.runner", "--jobs", str(jobs)]
    rows: list[dict] = []
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, bufsize=1)
    stopped = threading.Event()

    def stop() -> None:
        """The runner and everything below it (kernels run in sessions of their own,
        so a process group would not reach them): the deepest first."""
        stopped.set()
        tree = list(reversed([process.pid, *_descendants(process.pid)]))
        for sig in (signal.SIGTERM, signal.SIGKILL):  # pool workers may outlive SIGTERM
            for pid in tree:
                try:
                    os.kill(pid, sig)
                except ProcessLookupError:
                    pass
            time.sleep(5)

    timer = threading.Timer(timeout, stop)
    timer.start()
    assert process.stdout is not None
    try:
        for line in process.stdout:
            print("   ", line.rstrip(), flush=True)
            match = _LINE.match(line)
            if match:
                rows.append({"notebook": match.group(2).removesuffix(".ipynb"),
                             "status": match.group(1), "seconds": float(match.group(5)),
                             "peak_mb": int(match.group(4))})
    finally:
        timer.cancel()
        process.wait()
    status = "timeout" if stopped.is_set() else "ok"
    if status == "ok" and process.returncode != 0:
        status = f"exit {process.returncode}"
    return rows, time.perf_counter() - started, status


def exponents(table: pd.DataFrame) -> pd.DataFrame:
    """Growth exponent of each notebook's seconds between consecutive factors."""
    out = []
    factors = sorted(table.factor.unique())
    for low, high in zip(factors[:-1], factors[1:], strict=True):
        a = table[table.factor == low].set_index("notebook")
        b = table[table.factor == high].set_index("notebook")
        for name in sorted(set(a.index) & set(b.index)):
            t1, t2 = a.seconds[name], b.seconds[name]
            if t1 > 0 and t2 > 0:
                # a notebook that stopped early (error, timeout) at the larger size
                # gives a lower bound of its exponent
                complete = a.status[name] == "ok" and b.status[name] == "ok"
                out.append({"notebook": name, "from": low, "to": high,
                            "seconds_from": t1, "seconds_to": t2,
                            "exponent": round(math.log(t2 / t1) / math.log(high / low), 2),
                            "complete": complete})
    return pd.DataFrame(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factors", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=1800.0,
                        help="seconds after which a series run is stopped")
    parser.add_argument("--name", default="growth")
    parser.add_argument("--from-csv", action="store_true",
                        help="only recompute the exponents of results/<name>.csv")
    parser.add_argument("--append", action="store_true",
                        help="add to results/<name>.csv instead of replacing it")
    args = parser.parse_args()
    if args.from_csv:
        growth = exponents(pd.read_csv(ROOT / "benchmarks" / "results" / f"{args.name}.csv"))
        write_table(f"{args.name}_exponents", growth,
                    "Growth exponent of seconds between factors (1 = linear)")
        return
    facts = machine()
    print(f"({facts['cores']} cores, {facts['cpu']}, Python {facts['python']})")
    rows = []
    for factor in args.factors:
        with tempfile.TemporaryDirectory(prefix=f"growth_x{factor}_") as tmp:
            work = Path(tmp)
            size = build(factor, work / "corpus")
            load = round(os.getloadavg()[0], 2)
            print(f"x{factor}: {size['n_articles']} articles, "
                  f"{size['corpus_bytes'] / 1e6:.2f} MB; load average {load}", flush=True)
            found, wall, status = run_series(work / "corpus", work, args.jobs, args.timeout)
            load_after = round(os.getloadavg()[0], 2)
            base = {**size, "jobs": args.jobs, "load_before": load, "load_after": load_after,
                    "cores": facts["cores"]}
            rows += [{**base, **row} for row in sorted(found, key=lambda r: r["notebook"])]
            rows.append({**base, "notebook": "TOTAL", "status": status,
                         "seconds": round(wall, 1),
                         "peak_mb": max((r["peak_mb"] for r in found), default=0)})
    table = pd.DataFrame(rows)
    target = ROOT / "benchmarks" / "results" / f"{args.name}.csv"
    if args.append and target.exists():
        old = pd.read_csv(target)
        table = pd.concat([old[~old.factor.isin(args.factors)], table], ignore_index=True)
    table = table.sort_values(["factor", "notebook"], kind="stable").reset_index(drop=True)
    write_table(args.name, table, "Series cost per notebook by corpus size (synthetic)")
    growth = exponents(table)
    if not growth.empty:
        write_table(f"{args.name}_exponents", growth,
                    "Growth exponent of seconds between factors (1 = linear)")


if __name__ == "__main__":
    main()
