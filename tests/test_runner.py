"""helpers.series.runner on throwaway notebooks: outputs, summary, in-place mode, errors."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import jupytext
import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from helpers.paths import ROOT
from helpers.series import runner

KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}


def write_notebook(path: Path, *sources: str) -> None:
    cells = [new_markdown_cell(f"# {path.stem}")] + [new_code_cell(s) for s in sources]
    nbformat.write(new_notebook(cells=cells, metadata={"kernelspec": KERNELSPEC}), path)


@pytest.fixture
def nb_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "notebooks"
    folder.mkdir()
    shutil.copy(ROOT / "notebooks" / "jupytext.toml", folder)
    write_notebook(
        folder / "01_ok.ipynb",
        "import os\nfrom pathlib import Path\nprint(Path.cwd().name)",
        "print(os.environ['PYTHONHASHSEED'], os.environ['MPLBACKEND'])\n"
        "print(Path(os.environ['POLICING_RESULTS_DIR']).is_absolute())",
        "import matplotlib.pyplot as plt\nfig, ax = plt.subplots(figsize=(1, 1))\n"
        "_ = ax.plot([0, 1])\nplt.show()",
    )
    write_notebook(folder / "02_fails.ipynb", "print('before')", "1 / 0", "print('never')")
    (folder / "helper_not_numbered.ipynb").write_text("not a notebook")  # must be ignored
    return folder


def printed(nb: nbformat.NotebookNode) -> str:
    """Everything the notebook's code cells printed, in order."""
    return "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)


def test_find_notebooks_sorted_and_filtered(nb_dir: Path) -> None:
    assert [p.name for p in runner.find_notebooks(nb_dir)] == ["01_ok.ipynb", "02_fails.ipynb"]
    assert [p.name for p in runner.find_notebooks(nb_dir, ["02"])] == ["02_fails.ipynb"]


def test_default_mode_writes_results_and_reports_failure(nb_dir: Path, capfd) -> None:
    sources = {p: p.read_bytes() for p in nb_dir.iterdir()}
    assert runner.main(["--notebooks-dir", str(nb_dir)]) == 1
    out = runner.results_dir()
    executed = nbformat.read(out / "notebooks" / "01_ok.ipynb", as_version=4)
    assert printed(executed) == f"notebooks\n0 {runner.KERNEL_MPLBACKEND}\nTrue\n"
    figure_cell = [c for c in executed.cells if c.cell_type == "code"][-1]
    assert [o.output_type for o in figure_cell.outputs] == ["display_data"], "plt.show() lost"
    assert "image/png" in figure_cell.outputs[0].data
    html = (out / "html" / "01_ok.html").read_text(encoding="utf-8")
    assert "data:image/png;base64," in html
    assert (out / "html" / "02_fails.html").is_file()
    with (out / "run_summary.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == list(runner.SUMMARY_FIELDS)
    assert [row[:4] for row in rows[1:]] == [
        ["01_ok.ipynb", "ok", "3", "0"],
        ["02_fails.ipynb", "error", "3", "1"],
    ]
    assert all(float(row[4]) >= 0 for row in rows[1:])
    assert {row[5] for row in rows[1:]} == {"corpus"}, "which corpus ran"
    assert {row[6] for row in rows[1:]} == {runner.corpus_digest(ROOT / "corpus")}
    if Path("/proc/self/status").exists():  # the kernel's memory high-water mark, in MB
        assert all(float(row[7]) > 10 for row in rows[1:]), rows
    assert {p: p.read_bytes() for p in nb_dir.iterdir()} == sources, "sources were modified"
    lines = capfd.readouterr().out.splitlines()
    assert sorted(line for line in lines if line.startswith("start")) == [
        "start 01_ok.ipynb", "start 02_fails.ipynb"]
    (ok_line,) = [line for line in lines if line.startswith("ok    ")]
    (error_line,) = [line for line in lines if line.startswith("error ")]
    assert ok_line.startswith("ok    01_ok.ipynb") and ok_line.endswith(" s")
    assert " MB peak " in ok_line
    assert error_line.startswith("error 02_fails.ipynb") and "ZeroDivisionError" in error_line


def test_parallel_run_writes_what_a_serial_run_writes(nb_dir: Path, tmp_path: Path,
                                                      monkeypatch) -> None:
    (nb_dir / "02_fails.ipynb").unlink()
    write_notebook(nb_dir / "02_random.ipynb",
                   "import random\nrandom.seed(3)\nprint(random.random(), hash('policing'))")
    write_notebook(nb_dir / "03_more.ipynb", "print(sorted({'b', 'a', 'c'}))")
    written = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"results_{jobs}"
        monkeypatch.setenv("POLICING_RESULTS_DIR", str(out))
        assert runner.main(["--notebooks-dir", str(nb_dir), "--jobs", jobs]) == 0
        written[jobs] = {p.relative_to(out).as_posix(): p.read_bytes()
                         for p in sorted(out.rglob("*")) if p.is_file()
                         and p.name != "run_summary.csv"}
    assert len(written["1"]) == 6
    assert written["1"] == written["2"]


def test_in_place_mode_rewrites_notebook_and_pair(nb_dir: Path) -> None:
    failing = (nb_dir / "02_fails.ipynb").read_bytes()
    assert runner.main(["--notebooks-dir", str(nb_dir), "--in-place"]) == 1
    nb = nbformat.read(nb_dir / "01_ok.ipynb", as_version=4)
    assert [c.execution_count for c in nb.cells if c.cell_type == "code"] == [1, 2, 3]
    assert all("execution" not in c.metadata for c in nb.cells), "timing metadata stored"
    script = (nb_dir / "01_ok.py").read_text(encoding="utf-8")
    assert script == jupytext.writes(jupytext.read(nb_dir / "01_ok.ipynb"), fmt="py:percent")
    assert (nb_dir / "02_fails.ipynb").read_bytes() == failing, "failed notebook overwritten"
    assert not (runner.results_dir() / "run_summary.csv").exists()


def test_in_place_mode_creates_notebooks_from_new_scripts(nb_dir: Path) -> None:
    (nb_dir / "03_new.py").write_text("# %%\nprint(6 * 7)\n", encoding="utf-8")
    assert runner.main(["--notebooks-dir", str(nb_dir), "--in-place", "--only", "03"]) == 0
    nb = nbformat.read(nb_dir / "03_new.ipynb", as_version=4)
    assert printed(nb) == "42\n"
    script = (nb_dir / "03_new.py").read_text(encoding="utf-8")
    assert script == jupytext.writes(jupytext.read(nb_dir / "03_new.ipynb"), fmt="py:percent")


def test_only_selects_and_validates(nb_dir: Path) -> None:
    assert runner.main(["--notebooks-dir", str(nb_dir), "--only", "01"]) == 0
    assert runner.main(["--notebooks-dir", str(nb_dir), "--only", "07"]) == 2
    with pytest.raises(SystemExit) as exc:
        runner.main(["--notebooks-dir", str(nb_dir), "--only", "1"])
    assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        runner.main(["--notebooks-dir", str(nb_dir), "--jobs", "0"])
    assert exc.value.code == 2


def test_no_notebooks_is_not_an_error(tmp_path: Path) -> None:
    assert runner.main(["--notebooks-dir", str(tmp_path)]) == 0
