"""Where the project's folders are: corpus, cache (derived, disposable) and results.

Each folder can be moved with an environment variable, so that tests and CI can
write somewhere temporary without touching the repository:

=====================  =========================  ======================
folder                 environment variable       default
=====================  =========================  ======================
corpus (input)         ``POLICING_CORPUS_DIR``    ``<repo>/corpus``
cache (derived)        ``POLICING_CACHE_DIR``     ``<repo>/cache``
results (derived)      ``POLICING_RESULTS_DIR``   ``<repo>/results``
=====================  =========================  ======================

An explicit ``path`` argument beats the environment variable, which beats the
default. Relative paths are resolved against the current working directory at
the time of the call (the runner exports absolute paths to notebook kernels).
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = [
    "DATA_DIR",
    "ROOT",
    "cache_dir",
    "corpus_dir",
    "figure_path",
    "results_dir",
    "table_path",
]

#: The repository root (the folder holding ``helpers/``, ``notebooks/``, ``corpus/``).
ROOT: Path = Path(__file__).resolve().parents[1]

#: The package's own data folder (lexicon, stopword lists, formulation origins).
DATA_DIR: Path = Path(__file__).resolve().parent / "data"


def _pick(path: str | os.PathLike[str] | None, env_var: str, default: Path) -> Path:
    """Return ``path`` if given, else ``$env_var`` if set and non-empty, else ``default``."""
    if path is not None:
        return Path(path).expanduser().resolve()
    value = os.environ.get(env_var, "").strip()
    if value:
        return Path(value).expanduser().resolve()
    return default


def corpus_dir(path: str | os.PathLike[str] | None = None) -> Path:
    """The corpus folder: ``path`` > ``$POLICING_CORPUS_DIR`` > ``<repo>/corpus``.

    The folder is only located, never created: the corpus is input data.
    """
    return _pick(path, "POLICING_CORPUS_DIR", ROOT / "corpus")


def cache_dir(path: str | os.PathLike[str] | None = None) -> Path:
    """The cache folder for derived, disposable data.

    ``path`` > ``$POLICING_CACHE_DIR`` > ``<repo>/cache``. Not created here.
    """
    return _pick(path, "POLICING_CACHE_DIR", ROOT / "cache")


def results_dir(path: str | os.PathLike[str] | None = None) -> Path:
    """The results folder (tables, figures, executed notebooks, HTML).

    ``path`` > ``$POLICING_RESULTS_DIR`` > ``<repo>/results``. Not created here.
    """
    return _pick(path, "POLICING_RESULTS_DIR", ROOT / "results")


def _check_part(kind: str, value: str) -> str:
    """Refuse names that would escape their folder (``..``, separators, empty)."""
    if not value or value in {".", ".."} or "/" in value or "\\" in value:
        raise ValueError(
            f"{kind} name {value!r} must be a plain file-name part "
            "(no '/', '\\\\', '.' or '..'); e.g. '02_wordclouds'."
        )
    return value


def table_path(notebook: str, name: str) -> Path:
    """``results_dir()/tables/<notebook>/<name>.csv``, with its parent folders created.

    Example: ``table_path("02_wordclouds", "top_terms")`` ends in
    ``tables/02_wordclouds/top_terms.csv``.
    """
    target = results_dir() / "tables" / _check_part("notebook", notebook)
    target = target / f"{_check_part('table', name)}.csv"
    target.parent.mkdir(parents=True, exist_ok=True)
    return target


def figure_path(notebook: str, name: str) -> Path:
    """``results_dir()/figures/<notebook>/<name>.png``, with its parent folders created.

    Example: ``figure_path("02_wordclouds", "cloud")`` ends in
    ``figures/02_wordclouds/cloud.png``.
    """
    target = results_dir() / "figures" / _check_part("notebook", notebook)
    target = target / f"{_check_part('figure', name)}.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    return target
