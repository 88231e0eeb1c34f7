"""How long does the venv take on a fresh machine: pip against uv, same pins, cold caches.

Builds three throwaway virtual environments from ``requirements.txt`` +
``requirements-dev.txt`` in one run — one with ``python -m venv`` + ``pip install
--no-cache-dir``, one with ``uv venv`` + ``uv pip install --no-cache``, and one with
the Makefile's ``uv pip install --no-cache --compile-bytecode`` — and times each as a
whole process. Then compares ``pip freeze`` of each uv venv with pip's: the Makefile uses
uv only if it reaches the same packages at the same versions.

``import_s``: what the venv costs every process afterwards — the median of three fresh
processes importing the notebooks' stack (pandas, matplotlib, gensim, IPython) with
``PYTHONDONTWRITEBYTECODE=1`` (as on this project's machines). pip compiles ``.pyc`` files
when it installs; plain uv does not, so without ``--compile-bytecode`` every process
compiles the stack from source again.

Needs a ``uv`` executable (``pip install uv``; path via ``--uv``). Network: the
package registry. Writes ``benchmarks/results/venv_build.csv``.

Usage: ``.venv/bin/python benchmarks/venv_build.py --uv /path/to/uv``
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
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


def import_seconds(python: Path, repeat: int = 3) -> float:
    """Median wall seconds of a fresh process importing the notebooks' stack."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "MPLBACKEND": "Agg"}
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run([str(python), "-c", IMPORTS], check=True, env=env)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


IMPORTS = "import pandas, matplotlib.pyplot, gensim, IPython"


def frozen(python: Path) -> set[str]:
    out = subprocess.run([str(python), "-m", "pip", "freeze", "--exclude-editable"],
                         capture_output=True, text=True, check=False).stdout
    return {line.strip().lower().replace("_", "-") for line in out.splitlines()
            if line.strip() and not line.startswith("-e ")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uv", default=shutil.which("uv") or "uv")
    parser.add_argument("--python", default=shutil.which("python3") or sys.executable,
                        help="interpreter of every venv (default: python3 on PATH)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="venv_bench_"))
    rows = []
    pip_venv = work / "pip"
    seconds = timed([args.python, "-m", "venv", str(pip_venv)])
    seconds += timed([str(pip_venv / "bin" / "python"), "-m", "pip", "install", "-q",
                      "--no-cache-dir", *REQUIREMENTS])
    rows.append({"tool": "pip", "seconds": round(seconds, 1)})
    rows[-1]["import_s"] = round(import_seconds(pip_venv / "bin" / "python"), 2)
    sets = {"pip": frozen(pip_venv / "bin" / "python")}
    for tool, extra in (("uv", []), ("uv --compile-bytecode", ["--compile-bytecode"])):
        venv = work / tool.replace(" ", "_")
        seconds = timed([args.uv, "venv", "-q", "--python", args.python, str(venv)])
        seconds += timed([args.uv, "pip", "install", "-q", "--no-cache", *extra, "--python",
                          str(venv / "bin" / "python"), *REQUIREMENTS])
        rows.append({"tool": tool, "seconds": round(seconds, 1),
                     "import_s": round(import_seconds(venv / "bin" / "python"), 2)})
        subprocess.run([args.uv, "pip", "install", "-q", "--python", str(venv / "bin" / "python"),
                        "pip"], check=True)  # so that `pip freeze` can list the uv venv
        sets[tool] = frozen(venv / "bin" / "python")
    for packages in sets.values():
        packages.discard(next((p for p in packages if p.startswith("pip==")), ""))
    table = pd.DataFrame(rows)
    table["ratio_to_pip"] = (table.seconds / table.seconds.iloc[0]).round(3)
    table["packages"] = [len(sets[tool]) for tool in table.tool]
    table["same_packages_as_pip"] = [sets[tool] == sets["pip"] for tool in table.tool]
    write_table("venv_build", table, "Fresh venv from the pins: pip vs uv (cold caches)")
    for tool, packages in sets.items():
        if packages != sets["pip"]:
            print(f"only pip (vs {tool}):", sorted(sets["pip"] - packages))
            print(f"only {tool}:", sorted(packages - sets["pip"]))
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
