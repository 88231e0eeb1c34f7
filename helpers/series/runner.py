"""Execute the tutorial notebooks from fresh kernels: ``python -m helpers.series.runner``.

Finds ``notebooks/[0-9][0-9]_*.ipynb`` (sorted) and runs each one top to bottom in
a new ``python3`` kernel whose working directory is the notebooks folder, with
``PYTHONHASHSEED=0`` and matplotlib's headless inline backend (see
``KERNEL_MPLBACKEND``) so that runs are reproducible.

Modes
-----
default (``make run``)
    Leaves the source notebooks untouched and writes, under the results folder
    (``$POLICING_RESULTS_DIR``, default ``<repo>/results``):

    * ``notebooks/<name>.ipynb`` -- the executed notebook;
    * ``html/<name>.html`` -- a static HTML export (images embedded; not with ``--no-html``);
    * ``run_summary.csv`` -- one row per notebook: ``notebook, status, n_cells,
      n_errors, seconds, corpus, corpus_sha256, peak_mb`` (which corpus ran, by folder
      and content digest; ``parameters``: the ``-p`` values it ran with, ``NAME=VALUE``
      joined by ``; ``; ``peak_mb`` is the largest resident memory of the notebook's
      kernel processes; seconds and peak_mb are the only columns that vary between runs).

``--in-place`` (``make notebooks``)
    Developer mode: creates the ``.ipynb`` of any ``NN_*.py`` script that has
    none yet, then syncs each notebook with its jupytext pair (the newer
    file's inputs win, as ``jupytext --sync`` does), executes it, writes it back
    over the source ``.ipynb`` (execution counts 1..n, no timing metadata) and
    re-writes the paired ``.py:percent`` file. A notebook that fails is *not*
    written back, so its committed outputs stay as they were.

``-p NAME VALUE`` (repeatable) sets a parameter, as papermill's ``-p`` does: in every
notebook whose ``parameters`` cell assigns ``NAME``, a cell tagged
``injected-parameters`` with ``NAME = VALUE`` is inserted after that cell (VALUE is
Python source, e.g. ``-p SEEDS "(1, 2, 3)"`` or ``-p K_RANGE "range(3, 8)"``); the
parameters each notebook ran with are recorded in ``run_summary.csv``. A name that no
notebook has is a usage error, and so is ``-p`` with ``--in-place`` (sources keep their
own parameters). ``--quick`` sets :data:`QUICK` (fewer seeds, shuffles, sweeps and
resamples, each written in terms of the notebook's own value) wherever a notebook has
them, under any ``-p``: a run that checks the series works on a corpus, in a fraction of
the time, and whose numbers are not the results, so its kernels skip the claim checks
about the bundled corpus (``$POLICING_QUICK``; ``make run QUICK=1``).

``--only NN`` restricts the run to notebooks whose two-digit prefix is NN
(repeatable, or comma-separated). ``--jobs N`` runs N notebooks at a time, each in
its own process and kernel (default: ``$POLICING_JOBS`` or the number of cores;
``--jobs 1`` is a serial run; a pool starts the notebooks that took longest in the
last run's ``run_summary.csv`` first, and each worker also writes its notebook's HTML
page). Notebooks do not depend on one another, kernels get
the same fixed environment, and results are written per notebook, so a parallel run
writes exactly the files a serial run writes (tested). A line is printed when each
notebook starts and when it ends, with its seconds. ``--notebooks-dir`` points at another folder
(used by the tests). One line is printed per notebook; the exit status is 1 if
any notebook raised, 2 for a usage error (e.g. ``--only`` matching nothing).
"""

from __future__ import annotations

import argparse
import ast
import csv
import hashlib
import multiprocessing
import os
import re
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

import nbformat
import zmq
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from nbconvert import HTMLExporter
from traitlets.config import Config

from helpers import check
from helpers.paths import ROOT, corpus_dir, results_dir
from helpers.series.memory import PeakMemory

__all__ = [
    "CELL_TIMEOUT",
    "KERNEL_ENV",
    "KERNEL_MPLBACKEND",
    "NotebookResult",
    "execute",
    "find_new_scripts",
    "find_notebooks",
    "inject_parameters",
    "main",
    "parameter_names",
]

#: Seconds one cell may run before the notebook is declared failed.
CELL_TIMEOUT = 600
#: Kernel used for every notebook (resolves to the running interpreter's ipykernel).
KERNEL_NAME = "python3"
#: matplotlib backend inside notebook kernels. ipykernel's inline backend renders
#: with Agg (headless, deterministic) *and* displays every figure left open at the
#: end of a cell, which is what ``plt.show()`` in a notebook relies on. With plain
#: ``MPLBACKEND=Agg`` inherited by a kernel, ``plt.show()`` silently shows nothing
#: and executed notebooks and HTML exports lose their figures. Processes that are
#: not kernels (pytest itself, scripts) keep ``MPLBACKEND=Agg`` from the Makefile.
KERNEL_MPLBACKEND = "module://matplotlib_inline.backend_inline"
#: One BLAS/OpenMP thread per process. Parallelism is a process per core (the runner's
#: notebooks, the fits' pools, the test workers); OpenBLAS's own threads on top of that
#: oversubscribe the cores and spin: one `make test` pass on 2 cores took 229 s with
#: OpenBLAS's default of a thread per core and 184 s (1.3 CPU-min less) with one.
SINGLE_THREADED = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
#: Environment every notebook kernel gets, whatever the caller's environment says.
#: ``POLICING_KERNEL_HASHSEED`` changes the kernels' hash seed (used by the test that
#: re-executes notebooks under another seed to show outputs do not depend on it).
KERNEL_ENV = {"PYTHONHASHSEED": os.environ.get("POLICING_KERNEL_HASHSEED", "0"),
              "MPLBACKEND": KERNEL_MPLBACKEND, **SINGLE_THREADED}
#: Columns of ``run_summary.csv``.
SUMMARY_FIELDS = ("notebook", "status", "n_cells", "n_errors", "seconds", "corpus",
                  "corpus_sha256", "parameters", "peak_mb")
#: ``--quick``: parameter → Python source evaluated after the notebook's own parameters,
#: so it can use their values. Fewer of everything that only repeats work (seeds, null
#: shuffles, Gibbs sweeps, bootstrap and simulation draws); no threshold, K or corpus
#: setting changes, so every code path of a full run is still taken.
QUICK = {
    "SEEDS": "SEEDS[:3]",  # 03: three seeds keep the spread across seeds defined
    "NULL_SHUFFLES": "min(NULL_SHUFFLES, 1)",  # 03: shuffled corpora per K
    "ITERATIONS": "min(ITERATIONS, 100)",  # 03: Gibbs sweeps per fit
    "N_BOOT": "min(N_BOOT, 200)",  # 03, 04: bootstrap draws
    "COVERAGE_SIMS": "min(COVERAGE_SIMS, 200)",  # 02: coverage simulation
    "ZIPF_NULL_SIMS": "min(ZIPF_NULL_SIMS, 10)",  # 02: exact-Zipf texts
    "N_SUPPORT": "min(N_SUPPORT, 50)",  # 04: clustering resamples
    "WF_BOOT": "min(WF_BOOT, 10)",  # 06: Wordfish bootstrap replicates
    "DMR_ITERATIONS": "min(DMR_ITERATIONS, 100)",  # 06: DMR Gibbs sweeps
}
#: Tag of the cell holding a notebook's parameters, and of the cell ``-p`` inserts after it.
PARAMETERS_TAG, INJECTED_TAG = "parameters", "injected-parameters"
#: ANSI colour codes, stripped from error messages printed by the runner.
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def _kernel_config() -> Config:
    """Kernel-manager settings: CurveZMQ-encrypted kernel channels when available.

    Besides being safer, this silences ipykernel's "running over TCP without
    encryption" warning on every kernel start. Without libsodium in pyzmq, fall
    back to jupyter_client's default (unencrypted loopback TCP).
    """
    policy = "auto" if zmq.has("curve") else "disabled"
    return Config({"KernelManager": {"transport_encryption": policy}})


@dataclass(frozen=True)
class NotebookResult:
    """Outcome of executing one notebook."""

    name: str  #: file name, e.g. ``"01_corpus.ipynb"``
    status: str  #: ``"ok"`` or ``"error"``
    n_cells: int  #: number of code cells in the notebook
    n_errors: int  #: number of code cells with an error output (0 when ok)
    seconds: float  #: wall time, for the console only
    message: str = ""  #: first line of the error, for the console only
    #: peak resident memory (MB) of the largest process of the notebook's kernel tree
    #: (``VmHWM``; 0 where ``/proc`` is unavailable), for the console and summary only
    peak_mb: float = 0.0
    #: the ``-p`` parameters injected into this notebook, ``NAME=VALUE; ...`` (sorted)
    parameters: str = ""

    @property
    def ok(self) -> bool:
        """True if every cell ran without raising."""
        return self.status == "ok"


def find_notebooks(notebooks_dir: Path, only: Sequence[str] = ()) -> list[Path]:
    """Sorted ``NN_*.ipynb`` files of ``notebooks_dir``, restricted to prefixes ``only``."""
    found = sorted(notebooks_dir.glob("[0-9][0-9]_*.ipynb"))
    if only:
        wanted = set(only)
        found = [p for p in found if p.name[:2] in wanted]
    return found


def find_new_scripts(notebooks_dir: Path, only: Sequence[str] = ()) -> list[Path]:
    """``NN_*.py`` scripts of ``notebooks_dir`` that have no ``.ipynb`` yet."""
    found = sorted(notebooks_dir.glob("[0-9][0-9]_*.py"))
    found = [p for p in found if not p.with_suffix(".ipynb").exists()]
    if only:
        found = [p for p in found if p.name[:2] in set(only)]
    return found


def _count_errors(nb: nbformat.NotebookNode) -> int:
    """Number of code cells that have at least one ``error`` output."""
    return sum(
        1
        for cell in nb.cells
        if cell.cell_type == "code"
        and any(out.get("output_type") == "error" for out in cell.get("outputs", []))
    )


def _parameters_cell(nb: nbformat.NotebookNode) -> int | None:
    """Index of the first code cell tagged ``parameters``, or None."""
    return next((i for i, cell in enumerate(nb.cells) if cell.cell_type == "code"
                 and PARAMETERS_TAG in cell.get("metadata", {}).get("tags", [])), None)


def parameter_names(nb: nbformat.NotebookNode) -> set[str]:
    """Names assigned in the notebook's ``parameters`` cell (``A = 1``, ``A, B = 1, 2``);
    empty when it has none."""
    index = _parameters_cell(nb)
    if index is None:
        return set()
    names: set[str] = set()
    for node in ast.walk(ast.parse(nb.cells[index].source)):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
    return names


def inject_parameters(nb: nbformat.NotebookNode, parameters: Mapping[str, str]
                      ) -> tuple[nbformat.NotebookNode, dict[str, str]]:
    """A copy of ``nb`` with the ``parameters`` it has set in a new cell after its
    ``parameters`` cell (tagged ``injected-parameters``, as papermill does).

    ``parameters``: name → Python source of the value. Names the notebook's parameters
    cell does not assign are left out. Returns ``(notebook, the parameters applied)``;
    the notebook is ``nb`` itself when none applies.
    """
    applied = {name: parameters[name] for name in sorted(parameters)
               if name in parameter_names(nb)}
    if not applied:
        return nb, {}
    index = _parameters_cell(nb)
    assert index is not None  # applied is empty without a parameters cell
    source = "# Parameters set with `python -m helpers.series.runner -p NAME VALUE`\n" + \
        "\n".join(f"{name} = {value}" for name, value in applied.items())
    cell = nbformat.v4.new_code_cell(source, metadata={"tags": [INJECTED_TAG]})
    cell.id = INJECTED_TAG  # a fixed id (nbformat would draw a random one)
    out = nbformat.from_dict(nb)  # a copy: the notebook read from disk stays as it was
    out.cells.insert(index + 1, cell)
    return out, applied


def execute(path: Path, cwd: Path, parameters: Mapping[str, str] | None = None, *,
            quick: bool = False) -> tuple[nbformat.NotebookNode, NotebookResult]:
    """Run the notebook at ``path`` in a fresh kernel started in ``cwd``.

    ``parameters`` (name → Python source) are injected first (:func:`inject_parameters`);
    ``quick``: the kernel gets ``$POLICING_QUICK`` (the bundled claims are not checked,
    :func:`helpers.check.is_bundled`); this process's environment is left as it was.
    Execution stops at the first failing cell (nbclient's default); the partly
    executed notebook is returned either way so that the error can be inspected.
    """
    nb, applied = inject_parameters(nbformat.read(path, as_version=4), parameters or {})
    client = NotebookClient(
        nb,
        timeout=CELL_TIMEOUT,
        kernel_name=KERNEL_NAME,
        resources={"metadata": {"path": str(cwd)}},
        record_timing=False,  # no per-cell timestamps in stored notebooks
        config=_kernel_config(),
    )
    started = time.perf_counter()
    message = ""
    with PeakMemory() as memory:
        try:
            if quick:
                client.execute(env={**os.environ, check.QUICK_ENV: "1"})
            else:
                client.execute()
        except CellExecutionError as exc:
            message = str(exc).strip().splitlines()[-1] if str(exc).strip() else repr(exc)
        except (CellTimeoutError, DeadKernelError, RuntimeError) as exc:
            message = f"{type(exc).__name__}: {exc}".splitlines()[0]
    seconds = time.perf_counter() - started
    message = _ANSI.sub("", message)
    n_errors = _count_errors(nb)
    if message and n_errors == 0:
        n_errors = 1  # a timeout or dead kernel leaves no error output behind
    result = NotebookResult(
        name=path.name,
        status="error" if message else "ok",
        n_cells=sum(1 for cell in nb.cells if cell.cell_type == "code"),
        n_errors=n_errors,
        seconds=seconds,
        message=message,
        peak_mb=memory.peak,
        parameters="; ".join(f"{name}={value}" for name, value in applied.items()),
    )
    return nb, result


#: nbconvert template folder of the offline HTML export (extends JupyterLab's ``lab``).
TEMPLATES = Path(__file__).resolve().parent / "templates"


def notebook_text(nb: nbformat.NotebookNode) -> str:
    """Every character a rendered notebook can show: sources and text/HTML outputs."""
    parts: list[str] = []
    for cell in nb.cells:
        parts.append(cell.source)
        for out in cell.get("outputs", []):
            parts.append(out.get("text", ""))
            data = out.get("data", {})
            for mime in ("text/plain", "text/html", "text/markdown"):
                value = data.get(mime, "")
                parts.append("".join(value) if isinstance(value, list) else value)
    return "".join(parts)


#: Distributions whose files shape an HTML export (templates, theme CSS, highlighting,
#: markdown, the HTML rewriting, the font subset): their versions are part of its key.
EXPORT_PACKAGES = ("nbconvert", "nbformat", "jupyterlab", "jupyterlab_pygments", "pygments",
                   "mistune", "beautifulsoup4", "bleach", "tinycss2", "jinja2", "markupsafe",
                   "fonttools", "mplfonts")
#: Images that a markdown cell takes from a file (``![..](path)``, ``<img src="path">``),
#: which ``embed_images`` inlines: their bytes are part of the page's key.
_LOCAL_IMAGE = re.compile(r"""!\[[^\]]*\]\(\s*<?([^)\s>]+)|<img\b[^>]*\bsrc\s*=\s*["']([^"']+)""",
                          re.IGNORECASE)


def _exporter() -> HTMLExporter:
    return HTMLExporter(template_name="offline", embed_images=True,
                        extra_template_basedirs=[str(TEMPLATES)])


def _template_files(exporter: HTMLExporter) -> list[bytes | str]:
    """Name and bytes of every file of the templates the exporter resolves (the project's
    ``offline``, nbconvert's ``lab`` and ``base``, wherever Jupyter's search path finds
    them): the files directly in each template folder and under its ``static/``."""
    parts: list[bytes | str] = []
    for folder in map(Path, exporter.template_paths):
        if not folder.is_dir():
            continue
        files = [f for f in folder.iterdir() if f.is_file()]
        if (folder / "static").is_dir():
            files += [f for f in (folder / "static").rglob("*") if f.is_file()]
        for path in sorted(files):
            parts += [f"{folder.name}/{path.relative_to(folder).as_posix()}", path.read_bytes()]
    return parts


def _local_images(nb: nbformat.NotebookNode, notebooks_dir: Path) -> list[bytes | str]:
    """Reference and bytes (or "missing") of each local file a markdown cell shows."""
    parts: list[bytes | str] = []
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for match in _LOCAL_IMAGE.finditer(cell.source):
            ref = match.group(1) or match.group(2)
            if re.match(r"(?i)(data|https?|attachment|file):|//", ref):
                continue
            path = Path(notebooks_dir) / ref
            parts += [ref, path.read_bytes() if path.is_file() else "missing"]
    return parts


def export_key(nb: nbformat.NotebookNode, name: str, notebooks_dir: Path) -> str:
    """Content key of :func:`export_html`'s page: the executed notebook (as JSON), its
    name and folder, the local image files its markdown shows, every file of the
    templates it is rendered with, the versions of :data:`EXPORT_PACKAGES` and the
    source of the code that converts (this module and :mod:`helpers.figures.plotting`,
    which cuts the font) — everything the page is made from."""
    from importlib import metadata, util

    from helpers import cache

    versions = []
    for dist in EXPORT_PACKAGES:
        try:
            versions.append(f"{dist}=={metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{dist} absent")
    # the font-cutting module's file, found without importing it (and matplotlib with it)
    plotting = util.find_spec("helpers.figures.plotting")
    code = [Path(path).read_bytes() for path in (__file__, plotting and plotting.origin) if path]
    return cache.content_key("html-export-2", nbformat.writes(nb), name, str(notebooks_dir),
                             *_local_images(nb, notebooks_dir), *versions,
                             *_template_files(_exporter()), *code)


def export_html(nb: nbformat.NotebookNode, name: str, notebooks_dir: Path) -> str:
    """Static HTML page of an executed notebook that opens offline.

    JupyterLab's look (nbconvert's ``lab`` template) through the project's
    ``offline`` template: output and markdown images inlined as base64
    (``embed_images=True``), CSS inlined, no require.js / MathJax / mermaid / widget
    scripts from a CDN, and the Chinese characters of the page set in an embedded
    subset of Noto Sans CJK SC (from the ``mplfonts`` package), so that a machine
    without network or CJK fonts shows the page as intended. LaTeX math is shown as
    its source (no MathJax).

    Converting takes about a second per notebook (a seventh of a warm ``make run`` on
    two cores), and a re-run of unchanged notebooks gives byte-identical notebooks,
    so the page is kept in the cache (``cache/html/``) under :func:`export_key`: the
    same executed notebook, template and packages give the stored page, anything else
    a new conversion. Delete ``cache/`` (``make clean``) to convert everything again.
    """
    from helpers import cache

    return cache.cached_json("html", export_key(nb, name, notebooks_dir),
                             lambda: _convert_html(nb, name, notebooks_dir))


def _convert_html(nb: nbformat.NotebookNode, name: str, notebooks_dir: Path) -> str:
    from helpers.figures.plotting import CJK_SUBSET_FAMILY, cjk_font_face_css

    exporter = _exporter()
    resources = {"metadata": {"name": name, "path": str(notebooks_dir)},
                 "cjk_font_css": cjk_font_face_css(notebook_text(nb)),
                 "cjk_font_family": CJK_SUBSET_FAMILY}
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    return body


def _sync_pair(path: Path) -> None:
    """``jupytext --sync`` one notebook (pairing from ``notebooks/jupytext.toml``)."""
    subprocess.run(
        [sys.executable, "-m", "jupytext", "--sync", "--quiet", str(path)],
        check=True,
    )


def corpus_digest(folder: Path) -> str:
    """sha256 over every file of a corpus folder (relative paths and bytes, sorted)."""
    digest = hashlib.sha256()
    if folder.is_dir():
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest.update(path.relative_to(folder).as_posix().encode("utf-8") + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _shown_path(folder: Path) -> str:
    """A corpus folder as recorded: relative to the repository when inside it."""
    try:
        return folder.relative_to(ROOT).as_posix()
    except ValueError:
        return str(folder)


def write_summary(results: Sequence[NotebookResult], target: Path,
                  corpus: Path | None = None) -> None:
    """Write ``run_summary.csv``: one row per notebook, sorted, ``\\n`` line ends."""
    folder = corpus_dir(corpus)
    shown, digest = _shown_path(folder), corpus_digest(folder)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(SUMMARY_FIELDS)
        for r in sorted(results, key=lambda r: r.name):
            writer.writerow([r.name, r.status, r.n_cells, r.n_errors, f"{r.seconds:.1f}",
                             shown, digest, r.parameters, f"{r.peak_mb:.0f}"])


def previous_seconds(summary: Path) -> dict[str, float]:
    """Seconds of each notebook in an earlier ``run_summary.csv`` (empty when there is
    none or it cannot be read): what :func:`longest_first` orders by."""
    try:
        with summary.open(encoding="utf-8", newline="") as handle:
            return {row["notebook"]: float(row["seconds"]) for row in csv.DictReader(handle)}
    except (OSError, KeyError, TypeError, ValueError):
        return {}


def longest_first(paths: Sequence[Path], seconds: Mapping[str, float]) -> list[Path]:
    """``paths`` in the order a pool should start them: the longest of the last run
    first, notebooks it did not run before all of them (their cost is unknown), names
    breaking ties. Seven notebooks on two workers, started by name, left one worker
    running the last notebook alone for about 5 s; longest first shortens the run by
    about that. Only the start order changes: each notebook's files are the same."""
    return sorted(paths, key=lambda p: (-seconds.get(p.name, float("inf")), p.name))


def _execute_announced(path: Path, cwd: Path, parameters: Mapping[str, str], quick: bool,
                       export: bool) -> tuple[nbformat.NotebookNode, NotebookResult, str | None]:
    """:func:`execute`, with a console line when the notebook starts, and its HTML page
    (:func:`export_html`) when ``export``: made where the notebook ran, so in a pool
    the pages are made in parallel too."""
    print(f"start {path.name}", flush=True)
    nb, result = execute(path, cwd, parameters, quick=quick)
    return nb, result, export_html(nb, path.stem, cwd) if export else None


def _execute_all(paths: Sequence[Path], cwd: Path, jobs: int,
                 parameters: Mapping[str, str] | None = None, quick: bool = False,
                 export: bool = False, seconds: Mapping[str, float] | None = None):
    """Yield ``(path, executed notebook, result, html or None)`` as notebooks finish.

    With ``jobs == 1`` (or one notebook) everything runs in this process, in order;
    otherwise in a pool of ``jobs`` spawned processes, each notebook in its own kernel,
    started :func:`longest_first` by the ``seconds`` of an earlier run.
    """
    if jobs == 1 or len(paths) == 1:
        for path in paths:
            yield path, *_execute_announced(path, cwd, parameters or {}, quick, export)
        return
    # spawn, not helpers.pools' forkserver: run as ``python -m helpers.series.runner``,
    # a forkserver worker would import this module twice (runpy warns), and spawning two
    # workers costs about 1 s once per run
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=min(jobs, len(paths)), mp_context=context) as pool:
        futures = {pool.submit(_execute_announced, path, cwd, dict(parameters or {}), quick,
                               export): path
                   for path in longest_first(paths, seconds or {})}
        for future in as_completed(futures):
            yield futures[future], *future.result()


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m helpers.series.runner",
        description="Execute the NN_*.ipynb notebooks from fresh kernels.",
    )
    parser.add_argument(
        "--in-place",
        action="store_true",
        help="write executed notebooks back over the sources and re-sync the .py pairs",
    )
    parser.add_argument(
        "-p", "--parameter",
        action="append",
        nargs=2,
        default=[],
        metavar=("NAME", "VALUE"),
        help="set a parameter of every notebook that has it (VALUE: Python source, e.g. "
             "-p SEEDS '(1, 2, 3)'); repeatable",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="fewer seeds, sweeps and resamples (QUICK) wherever a notebook has them: "
             "checks that the series runs, numbers are not results",
    )
    parser.add_argument(
        "--no-html",
        action="store_true",
        help="skip the HTML pages (html/): executed notebooks and run_summary.csv only",
    )
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="NN",
        help="run only notebooks with this two-digit prefix (repeatable, or 01,03)",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=int(os.environ.get("POLICING_JOBS", "0") or 0) or (os.cpu_count() or 1),
        metavar="N",
        help="notebooks executed at a time, one process each (default: $POLICING_JOBS "
             "or the number of cores; 1 = serial)",
    )
    parser.add_argument(
        "--notebooks-dir",
        type=Path,
        default=ROOT / "notebooks",
        help="folder holding the notebooks (default: <repo>/notebooks)",
    )
    args = parser.parse_args(argv)
    only = [part.strip() for item in args.only for part in item.split(",") if part.strip()]
    bad = [nn for nn in only if len(nn) != 2 or not nn.isdigit()]
    if bad:
        parser.error(f"--only takes two-digit prefixes such as 01, not {', '.join(bad)}")
    args.only = only
    if args.jobs < 1:
        parser.error("--jobs takes a positive number of notebooks")
    args.notebooks_dir = args.notebooks_dir.expanduser().resolve()
    parameters: dict[str, str] = {}
    for name, value in args.parameter:
        if not name.isidentifier():
            parser.error(f"-p takes a parameter name such as SEEDS, not {name!r}")
        try:
            ast.parse(value, mode="eval")
        except SyntaxError:
            parser.error(f"-p {name}: {value!r} is not a Python expression (quote strings: "
                         f"-p {name} '\"text\"')")
        parameters[name] = value
    if (parameters or args.quick) and args.in_place:
        parser.error("-p and --quick cannot be used with --in-place (sources keep their own "
                     "parameters)")
    args.parameters = {**QUICK, **parameters} if args.quick else parameters
    args.explicit = set(parameters)
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; returns the process exit status."""
    args = _parse_args(argv)
    notebooks_dir: Path = args.notebooks_dir
    if not notebooks_dir.is_dir():
        print(f"runner: no such notebooks folder: {notebooks_dir}", file=sys.stderr)
        return 2
    if args.in_place:
        for script in find_new_scripts(notebooks_dir, args.only):
            _sync_pair(script)  # creates NN_name.ipynb from a script written first
            print(f"new   {script.with_suffix('.ipynb').name} created from {script.name}")
    paths = find_notebooks(notebooks_dir, args.only)
    if args.only and not paths:
        print(f"runner: no notebook matches --only {','.join(args.only)}", file=sys.stderr)
        return 2
    if not paths:
        print(f"runner: no NN_*.ipynb notebooks in {notebooks_dir}; nothing to do")
        return 0

    if args.parameters:
        known = set().union(*(parameter_names(nbformat.read(p, as_version=4)) for p in paths))
        unknown = sorted(args.explicit - known)
        if unknown:
            print(f"runner: no notebook has a parameter named {', '.join(unknown)} "
                  f"(see each notebook's `parameters` cell)", file=sys.stderr)
            return 2

    out = results_dir()
    # Kernels inherit this process's environment: fix the seed and backend, and pass
    # the results folder as an absolute path (kernels run with cwd = notebooks/).
    os.environ.update(KERNEL_ENV)
    os.environ["POLICING_RESULTS_DIR"] = str(out)

    if args.in_place:
        for path in paths:
            _sync_pair(path)  # take the newer side's inputs before executing
    results: list[NotebookResult] = []
    executed = _execute_all(paths, notebooks_dir, args.jobs, args.parameters, args.quick,
                            export=not (args.in_place or args.no_html),
                            seconds=previous_seconds(out / "run_summary.csv"))
    for path, nb, result, html in executed:
        results.append(result)
        stem = path.stem
        if args.in_place:
            if result.ok:
                nbformat.write(nb, path)
                _sync_pair(path)  # the .ipynb is now newer: rewrite the .py from it
        else:
            (out / "notebooks").mkdir(parents=True, exist_ok=True)
            nbformat.write(nb, out / "notebooks" / path.name)
            if html is not None:
                (out / "html").mkdir(parents=True, exist_ok=True)
                (out / "html" / f"{stem}.html").write_text(html, encoding="utf-8")
        line = (
            f"{result.status:<5} {path.name:<40} {result.n_cells:>3} code cells"
            f" {result.peak_mb:6.0f} MB peak {result.seconds:7.1f} s"
        )
        if not result.ok:
            kept = ("stored outputs kept" if args.in_place
                    else f"see {out / ('notebooks' if args.no_html else 'html')}")
            line += f"  ({result.n_errors} error; {kept}) {result.message}"
        print(line, flush=True)

    if not args.in_place:
        write_summary(results, out / "run_summary.csv")
        print(f"runner: wrote {out}")
    failed = [r.name for r in results if not r.ok]
    if failed:
        print(f"runner: {len(failed)} of {len(results)} notebooks failed: {', '.join(failed)}")
        return 1
    print(f"runner: all {len(results)} notebooks ran without errors")
    return 0


if __name__ == "__main__":
    sys.exit(main())
