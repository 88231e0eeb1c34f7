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
    assert {row[7] for row in rows[1:]} == {""}, "no -p parameters"
    if Path("/proc/self/status").exists():  # the kernel's memory high-water mark, in MB
        assert all(float(row[8]) > 10 for row in rows[1:]), rows
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
                   "import random\nrandom.seed(3)\nprint(random.random(), hash('policing'))",
                   "print(sorted({'b', 'a', 'c'}))")
    written = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"results_{jobs}"
        monkeypatch.setenv("POLICING_RESULTS_DIR", str(out))
        assert runner.main(["--notebooks-dir", str(nb_dir), "--jobs", jobs]) == 0
        written[jobs] = {p.relative_to(out).as_posix(): p.read_bytes()
                         for p in sorted(out.rglob("*")) if p.is_file()
                         and p.name != "run_summary.csv"}
    assert len(written["1"]) == 4  # two notebooks, two pages
    assert written["1"] == written["2"]


def test_no_html_writes_notebooks_and_summary_only(nb_dir: Path) -> None:
    (nb_dir / "02_fails.ipynb").unlink()
    assert runner.main(["--notebooks-dir", str(nb_dir), "--no-html", "--jobs", "1"]) == 0
    out = runner.results_dir()
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == [
        "notebooks/01_ok.ipynb", "run_summary.csv"]


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


def parameterised(path: Path, parameters: str, *later: str) -> None:
    """A notebook whose first code cell is tagged ``parameters``."""
    cells = [new_markdown_cell(f"# {path.stem}"),
             new_code_cell(parameters, metadata={"tags": ["parameters"]}),
             *[new_code_cell(s) for s in later]]
    nbformat.write(new_notebook(cells=cells, metadata={"kernelspec": KERNELSPEC}), path)


def test_parameter_names_and_injection_leave_the_source_alone(tmp_path: Path) -> None:
    path = tmp_path / "01_p.ipynb"
    parameterised(path, "SEEDS = (1, 2)  # seeds\nA, (B, C) = 1, (2, 3)\nprint('no name')",
                  "print(SEEDS)")
    nb = nbformat.read(path, as_version=4)
    assert runner.parameter_names(nb) == {"SEEDS", "A", "B", "C"}
    injected, applied = runner.inject_parameters(nb, {"SEEDS": "(7,)", "OTHER": "1"})
    assert applied == {"SEEDS": "(7,)"}, "a name the notebook lacks is left out"
    assert [c.metadata.get("tags", []) for c in injected.cells[1:3]] == [
        ["parameters"], [runner.INJECTED_TAG]]
    assert injected.cells[2].source.endswith("\nSEEDS = (7,)")
    assert injected.cells[2].id == runner.INJECTED_TAG, "a fixed id, not a random one"
    nbformat.validate(injected)
    assert len(nb.cells) == 3, "the notebook read from disk is not changed"
    assert runner.inject_parameters(nb, {"OTHER": "1"}) == (nb, {})
    plain = new_notebook(cells=[new_code_cell("SEEDS = 1")])
    assert runner.parameter_names(plain) == set(), "untagged cells hold no parameters"


def test_parameters_are_set_where_they_exist_and_recorded(nb_dir: Path) -> None:
    for path in nb_dir.glob("0*.ipynb"):
        path.unlink()
    parameterised(nb_dir / "01_seeds.ipynb", "SEEDS = (1, 2)", "print(SEEDS)")
    parameterised(nb_dir / "02_other.ipynb", "N = 3", "print(N)")
    argv = ["--notebooks-dir", str(nb_dir), "--jobs", "1", "-p", "SEEDS", "(5, 6, 7)"]
    assert runner.main(argv) == 0
    out = runner.results_dir()
    assert printed(nbformat.read(out / "notebooks" / "01_seeds.ipynb", as_version=4)) == \
        "(5, 6, 7)\n"
    assert printed(nbformat.read(out / "notebooks" / "02_other.ipynb", as_version=4)) == "3\n"
    with (out / "run_summary.csv").open(encoding="utf-8", newline="") as handle:
        rows = {r["notebook"]: r["parameters"] for r in csv.DictReader(handle)}
    assert rows == {"01_seeds.ipynb": "SEEDS=(5, 6, 7)", "02_other.ipynb": ""}


@pytest.mark.parametrize("extra", [["-p", "NOPE", "1"]])
def test_a_parameter_no_notebook_has_is_a_usage_error(nb_dir: Path, extra, capfd) -> None:
    assert runner.main(["--notebooks-dir", str(nb_dir), *extra]) == 2
    assert "no notebook has a parameter named NOPE" in capfd.readouterr().err


@pytest.mark.parametrize("extra", [["-p", "SEEDS", "(1, 2"], ["-p", "1X", "1"],
                                   ["--in-place", "-p", "SEEDS", "(1,)"]])
def test_bad_parameters_are_usage_errors(nb_dir: Path, extra) -> None:
    with pytest.raises(SystemExit) as exc:
        runner.main(["--notebooks-dir", str(nb_dir), *extra])
    assert exc.value.code == 2


def test_a_pool_starts_the_longest_notebooks_of_the_last_run_first(tmp_path: Path) -> None:
    paths = [tmp_path / f"0{i}_n.ipynb" for i in range(5)]
    last = {"00_n.ipynb": 2.0, "01_n.ipynb": 9.5, "02_n.ipynb": 4.0, "03_n.ipynb": 9.5}
    order = [p.name for p in runner.longest_first(paths, last)]
    assert order == ["04_n.ipynb", "01_n.ipynb", "03_n.ipynb", "02_n.ipynb", "00_n.ipynb"]
    assert runner.longest_first(paths, {}) == paths, "no earlier run: by name"
    summary = tmp_path / "run_summary.csv"
    assert runner.previous_seconds(summary) == {}
    result = runner.NotebookResult("01_n.ipynb", "ok", 3, 0, 9.54)
    runner.write_summary([result], summary)
    assert runner.previous_seconds(summary) == {"01_n.ipynb": 9.5}
    summary.write_text("not,a\nsummary", encoding="utf-8")
    assert runner.previous_seconds(summary) == {}
