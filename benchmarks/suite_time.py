"""Time of running every notebook, cold and warm, against the floor of starting kernels
(target: warm ≤ 2× the floor). The runner uses one process per core in every run, so
the floor is the same parallel layout with import-only notebooks.

Runs of ``python -m helpers.series.runner`` (the command behind ``make run``), each with
``POLICING_RESULTS_DIR`` in a temporary folder, so the repository is not touched: one
cold run, then ``--repeat`` (default 3) warm runs, each followed by a floor run, so
that a shared machine speeding up or slowing down during the benchmark moves both
sides of the ratio (medians are reported):

* cold: ``POLICING_CACHE_DIR`` → an empty temporary folder (no token cache, no jieba
  dictionary cache);
* warm: the same cache and results folders again, as a second ``make run`` finds them
  (the cold run's ``run_summary.csv`` lets the runner start the longest notebooks first);
* floor: one trivial notebook per real notebook (same file name, in a temporary
  folder passed as ``--notebooks-dir``) whose only cell imports the stack —
  ``helpers`` (and its modules corpus, segment, count, plotting), pandas,
  matplotlib.pyplot, jieba, gensim — and runs nothing else.

The runner prints one line per notebook with its execution seconds; they are parsed
into the table. ``total_s`` is the wall time of the whole runner process (also HTML
exports, ``run_summary.csv``, interpreter start).

Usage: ``.venv/bin/python benchmarks/suite_time.py [--only 00 01] [--repeat 3]`` →
``results/suite_time.csv`` (medians) and ``results/suite_time_pairs.csv`` (each warm
run's wall time beside the floor run after it, and their ratio).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
from _common import ROOT, write_table

LINE = re.compile(r"^(?P<status>ok|error)\s+(?P<name>\S+\.ipynb)\s+(?P<cells>\d+) code cells"
                  r"(?:\s+\d+ MB peak)?\s+(?P<seconds>[\d.]+) s")  # the runner's end line
FLOOR_CELL = """\
import helpers
from helpers.analysis import count
from helpers.figures import plotting
from helpers.text import corpus, segment
import pandas as pd
import matplotlib.pyplot as plt
import jieba
import gensim"""


def run_runner(cache: Path, results: Path, extra: list[str]) -> tuple[float, pd.DataFrame]:
    """Run the runner; return its wall time and a table name, status, cells, seconds."""
    env = {**os.environ, "POLICING_CACHE_DIR": str(cache), "POLICING_RESULTS_DIR": str(results),
           "PYTHONHASHSEED": "0", "MPLBACKEND": "Agg"}
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "helpers.series.runner", *extra], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    wall = time.perf_counter() - started
    rows = [m.groupdict() for line in proc.stdout.splitlines() if (m := LINE.match(line))]
    if not rows:
        sys.stderr.write(proc.stdout + proc.stderr)
        raise RuntimeError(f"runner printed no notebook line (exit {proc.returncode})")
    table = pd.DataFrame(rows).astype({"cells": int, "seconds": float})
    # the runner runs notebooks in parallel and prints them as they finish: sort by name
    return wall, table.sort_values("name", ignore_index=True)


def write_floor(notebooks: list[str], folder: Path) -> None:
    """One import-only notebook per real notebook name."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in notebooks:
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_code_cell(FLOOR_CELL)]
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                     "language": "python"}
        nbformat.write(nb, folder / name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", default=[], metavar="NN",
                        help="two-digit prefixes of the notebooks to run (default: all)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="warm and floor runs, alternating (default 3; medians kept)")
    args = parser.parse_args()
    only = [arg for nn in args.only for arg in ("--only", nn)]
    pairs, warms, floors = [], [], []
    with tempfile.TemporaryDirectory(prefix="bench_suite_") as tmp:
        tmp_path = Path(tmp)
        cache = tmp_path / "cache"
        cache.mkdir()
        print("… cold run", file=sys.stderr, flush=True)
        cold_wall, cold = run_runner(cache, tmp_path / "results", only)
        write_floor(list(cold.name), tmp_path / "floor")
        # Warm and floor alternate, so that a machine that speeds up or slows down
        # during the benchmark (a shared one does) moves both sides of the ratio.
        for repeat in range(1, args.repeat + 1):
            print(f"… warm run {repeat}", file=sys.stderr, flush=True)
            warms.append(run_runner(cache, tmp_path / "results", only))
            print(f"… floor run {repeat}", file=sys.stderr, flush=True)
            floors.append(run_runner(tmp_path / "cache_floor", tmp_path / "results_floor",
                                     ["--notebooks-dir", str(tmp_path / "floor")]))
            pairs.append({"repeat": repeat, "warm_s": round(warms[-1][0], 1),
                          "floor_s": round(floors[-1][0], 1),
                          "warm_over_floor": round(warms[-1][0] / floors[-1][0], 2)})
    warm_wall = float(np.median([w for w, _ in warms]))
    floor_wall = float(np.median([f for f, _ in floors]))
    warm = warms[0][1].assign(seconds=np.median([t.seconds for _, t in warms], axis=0))
    warm["status"] = ["ok" if all(t.status.iloc[i] == "ok" for _, t in warms) else "error"
                      for i in range(len(warm))]
    floor = floors[0][1].assign(seconds=np.median([t.seconds for _, t in floors], axis=0))
    table = cold[["name", "cells", "status"]].copy()
    table["cold_s"] = cold.seconds.values
    table["warm_status"] = warm.status.values
    table["warm_s"] = warm.seconds.values
    table["floor_s"] = floor.seconds.values
    table["warm_over_floor"] = (table.warm_s / table.floor_s).round(2)
    table["cold_over_warm"] = (table.cold_s / table.warm_s).round(2)
    total = {"name": "TOTAL (execution)", "cells": table.cells.sum(),
             "status": "ok" if (table.status == "ok").all() else "errors",
             "cold_s": round(table.cold_s.sum(), 1), "warm_status": "",
             "warm_s": round(table.warm_s.sum(), 1), "floor_s": round(table.floor_s.sum(), 1)}
    total["warm_over_floor"] = round(total["warm_s"] / total["floor_s"], 2)
    total["cold_over_warm"] = round(total["cold_s"] / total["warm_s"], 2)
    wall = {"name": "runner wall time (incl. HTML)", "cells": table.cells.sum(), "status": "",
            "cold_s": round(cold_wall, 1), "warm_status": "", "warm_s": round(warm_wall, 1),
            "floor_s": round(floor_wall, 1), "warm_over_floor": round(warm_wall / floor_wall, 2),
            "cold_over_warm": round(cold_wall / warm_wall, 2)}
    table = pd.concat([table, pd.DataFrame([total, wall])], ignore_index=True)
    write_table("suite_time", table, "Notebook suite: cold, warm (median of "
                f"{args.repeat}), and the kernel+imports floor (median of {args.repeat})")
    write_table("suite_time_pairs", pd.DataFrame(pairs),
                "Runner wall time, each warm run and the floor run after it")


if __name__ == "__main__":
    main()
