"""How long does the venv take on a fresh machine: pip against uv, same pins, cold caches.

Builds two throwaway virtual environments from ``requirements.txt`` +
``requirements-dev.txt`` in one run — one with ``python -m venv`` + ``pip install
--no-cache-dir``, one with ``uv venv`` + ``uv pip install --no-cache`` — and times
each as a whole process. Then compares ``pip freeze`` of the two: the Makefile uses uv
only if it reaches the same packages at the same versions.

Needs a ``uv`` executable (``pip install uv``; path via ``--uv``). Network: the
package registry. Writes ``benchmarks/results/venv_build.csv``.

Usage: ``.venv/bin/python benchmarks/venv_build.py --uv /path/to/uv``
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
from _common import ROOT, write_table

REQUIREMENTS = ["-r", str(ROOT / "requirements.txt"), "-r", str(ROOT / "requirements-dev.txt")]


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def frozen(python: Path) -> set[str]:
    out = subprocess.run([str(python), "-m", "pip", "freeze", "--exclude-editable"],
                         capture_output=True, text=True, check=False).stdout
    return {line.strip().lower().replace("_", "-") for line in out.splitlines()
            if line.strip() and not line.startswith("-e ")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uv", default=shutil.which("uv") or "uv")
    parser.add_argument("--python", default=shutil.which("python3") or sys.executable,
                        help="interpreter of both venvs (default: python3 on PATH)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="venv_bench_"))
    rows = []
    pip_venv = work / "pip"
    seconds = timed([args.python, "-m", "venv", str(pip_venv)])
    seconds += timed([str(pip_venv / "bin" / "python"), "-m", "pip", "install", "-q",
                      "--no-cache-dir", *REQUIREMENTS])
    rows.append({"tool": "pip", "seconds": round(seconds, 1)})
    uv_venv = work / "uv"
    seconds = timed([args.uv, "venv", "-q", "--python", args.python, str(uv_venv)])
    seconds += timed([args.uv, "pip", "install", "-q", "--no-cache", "--python",
                      str(uv_venv / "bin" / "python"), *REQUIREMENTS])
    rows.append({"tool": "uv", "seconds": round(seconds, 1)})
    subprocess.run([args.uv, "pip", "install", "-q", "--python", str(uv_venv / "bin" / "python"),
                    "pip"], check=True)  # so that `pip freeze` can list the uv venv
    pip_set, uv_set = frozen(pip_venv / "bin" / "python"), frozen(uv_venv / "bin" / "python")
    uv_set.discard(next((p for p in uv_set if p.startswith("pip==")), ""))
    pip_set.discard(next((p for p in pip_set if p.startswith("pip==")), ""))
    table = pd.DataFrame(rows)
    table["ratio_to_pip"] = (table.seconds / table.seconds.iloc[0]).round(3)
    table["packages"] = [len(pip_set), len(uv_set)]
    table["same_packages_as_pip"] = [True, pip_set == uv_set]
    write_table("venv_build", table, "Fresh venv from the pins: pip vs uv (cold caches)")
    if pip_set != uv_set:
        print("only pip:", sorted(pip_set - uv_set))
        print("only uv:", sorted(uv_set - pip_set))
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
