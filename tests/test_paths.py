"""helpers.paths: argument > environment variable > default, and safe output paths."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import paths

DIRS = [
    (paths.corpus_dir, "POLICING_CORPUS_DIR", "corpus"),
    (paths.cache_dir, "POLICING_CACHE_DIR", "cache"),
    (paths.results_dir, "POLICING_RESULTS_DIR", "results"),
]


def test_root_is_the_repository() -> None:
    assert (paths.ROOT / "helpers" / "paths.py").is_file()
    assert (paths.ROOT / "pyproject.toml").is_file()


@pytest.mark.parametrize(("func", "var", "default"), DIRS)
def test_default_when_variable_unset_or_empty(func, var, default, monkeypatch) -> None:
    monkeypatch.delenv(var, raising=False)
    assert func() == paths.ROOT / default
    monkeypatch.setenv(var, "  ")
    assert func() == paths.ROOT / default


@pytest.mark.parametrize(("func", "var", "default"), DIRS)
def test_variable_beats_default_and_argument_beats_variable(
    func, var, default, monkeypatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(var, str(tmp_path / "from-env"))
    assert func() == tmp_path / "from-env"
    assert func(tmp_path / "from-arg") == tmp_path / "from-arg"
    assert not (tmp_path / "from-env").exists(), "locating a folder must not create it"


def test_relative_values_are_made_absolute(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("POLICING_RESULTS_DIR", "out")
    assert paths.results_dir() == tmp_path / "out"
    assert paths.cache_dir("c") == tmp_path / "c"


def test_table_and_figure_paths_create_their_folders(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("POLICING_RESULTS_DIR", str(tmp_path))
    table = paths.table_path("02_wordclouds", "top_terms")
    figure = paths.figure_path("02_wordclouds", "cloud")
    assert table == tmp_path / "tables" / "02_wordclouds" / "top_terms.csv"
    assert figure == tmp_path / "figures" / "02_wordclouds" / "cloud.png"
    assert table.parent.is_dir() and figure.parent.is_dir()
    assert not table.exists() and not figure.exists()


@pytest.mark.parametrize("bad", ["", ".", "..", "a/b", "../x", "a\\b"])
def test_names_cannot_escape_the_results_folder(bad: str) -> None:
    with pytest.raises(ValueError, match="plain file-name part"):
        paths.table_path(bad, "t")
    with pytest.raises(ValueError, match="plain file-name part"):
        paths.figure_path("01_x", bad)
