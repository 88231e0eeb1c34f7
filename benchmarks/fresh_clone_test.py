"""Target 2 of the performance issue: ``make test`` on a fresh clone, ≤ 240 s on 2 cores.

Clones the committed ``HEAD`` of this repository into a temporary folder (``git clone``:
no ``.venv``, ``cache/`` or ``results/``) and runs ``make test`` there as one timed
process, the way CI does after installing Chromium. The phases are read from its output:

* ``setup_s``: everything outside pytest's two timed passes (venv from the pins,
  bytecode, pytest start-up);
* ``pass1_s``: unit tests + strict nbval of every notebook and solution (pytest's own
  figure), ``pass1_tests``;
* ``pass2_s``: nbval again under another kernel hash seed, ``pass2_tests``;
* ``total_s``: the whole ``make test`` process, and ``target_s`` (240).

``chromium``: whether a Chromium was on ``PATH`` (without one, the browser tests skip and
the suite is about 15 s shorter; CI installs it). ``uv_cache``: whether uv's download
cache already held the wheels (a fresh CI machine has none: add the downloads). No ratio:
the target is in seconds; the machine's speed is given by ``loop_s``, a fixed pure-Python
loop timed at the start (about 1.5 s on the machine of the seventh session).

Usage: ``.venv/bin/python benchmarks/fresh_clone_test.py`` → ``results/fresh_clone_test.csv``
(one row appended per run).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pandas as pd
from _common import RESULTS, ROOT, machine, write_table

PASSED = re.compile(r"=+ (?P<n>\d+) passed.*? in (?P<s>[\d.]+)s")
TARGET_S = 240


def loop_seconds() -> float:
    started = time.perf_counter()
    total = 0
    for i in range(20_000_000):
        total += i
    return time.perf_counter() - started


def main() -> None:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, check=True,
                            capture_output=True, text=True).stdout.strip()
    uv_cache = (Path.home() / ".cache" / "uv").is_dir()
    loop = loop_seconds()
    work = Path(tempfile.mkdtemp(prefix="fresh_clone_"))
    clone = work / "repo"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    started = time.perf_counter()
    proc = subprocess.run(["make", "test"], cwd=clone, capture_output=True, text=True)
    total = time.perf_counter() - started
    out = proc.stdout + proc.stderr
    passes = [(int(m["n"]), float(m["s"])) for m in PASSED.finditer(out)]
    if proc.returncode != 0 or len(passes) != 2:
        print(out[-4000:])
        raise SystemExit(f"make test failed (exit {proc.returncode})")
    (n1, s1), (n2, s2) = passes
    row = {"commit": commit, "cores": machine()["cores"], "loop_s": round(loop, 2),
           "chromium": shutil.which("chromium") is not None, "uv_cache": uv_cache,
           "setup_s": round(total - s1 - s2, 1), "pass1_s": s1, "pass1_tests": n1,
           "pass2_s": s2, "pass2_tests": n2, "total_s": round(total, 1),
           "target_s": TARGET_S, "met": total <= TARGET_S}
    path = RESULTS / "fresh_clone_test.csv"
    table = pd.DataFrame([row])
    if path.exists():
        table = pd.concat([pd.read_csv(path), table], ignore_index=True)
    write_table("fresh_clone_test", table, "make test on a fresh clone (target ≤ 240 s)")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
