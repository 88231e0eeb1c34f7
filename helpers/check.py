"""Claims checked by the notebook: a sentence in markdown is held to the numbers by code.

A markdown cell that states a result ("three topics beat the null", "K = 8", "the
highest rate is …") is followed by a small code cell that asserts it::

    if BUNDLED:
        check.claim(stable_topics == ["T1", "T8"], "two topics beat the null")

``claim`` prints nothing when the statement holds and raises :class:`ClaimError`
(an ``AssertionError``) naming the claim and the actual value when it does not, so a
result that changes under a stale sentence fails the notebook under nbval. Claims
about the bundled corpus are gated on :func:`is_bundled` (another corpus has other
numbers); the notebooks set ``BUNDLED = check.is_bundled(CORPUS)`` in their first cell.

Inputs: a condition (or an actual value and an expected one). Outputs: ``None`` or
an exception. Taught in every notebook (first in ``00_corpus_tour``, §1).
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path
from typing import Any

from helpers.paths import ROOT, corpus_dir

__all__ = ["ClaimError", "at_least", "at_most", "between", "bundled_facts", "claim", "close",
           "equal", "is_bundled"]


class ClaimError(AssertionError):
    """A claim made in a notebook's text is not true of the data it was run on."""


#: Set (to any non-empty value) in the kernels of a ``--quick`` run: see :func:`is_bundled`.
QUICK_ENV = "POLICING_QUICK"


def is_bundled(corpus: str | os.PathLike[str] | None = None) -> bool:
    """True when ``corpus`` (argument > ``$POLICING_CORPUS_DIR`` > default) is the bundled one.

    The bundled corpus is ``<repo>/corpus``; any other folder, even a copy, is a user's
    corpus for which the bundled claims are not checked. Nor are they in a quick run
    (``python -m helpers.series.runner --quick`` sets ``$POLICING_QUICK`` in its kernels):
    fewer seeds and sweeps give other numbers than the ones the prose describes.
    """
    if os.environ.get(QUICK_ENV):
        return False
    return corpus_dir(corpus) == (ROOT / "corpus").resolve()


#: The facts of the bundled corpus that the notebooks' prose states: article ids, place
#: names and expected values, per notebook, so that no code cell types them.
FACTS_FILE = "bundled_facts.json"


def bundled_facts(notebook: str) -> dict[str, Any]:
    """What notebook ``notebook`` says about the bundled corpus: name → value (an article
    id, a place, a list, a number), from ``corpus/bundled_facts.json``, read when called.

    The claim cells use these values only under ``if BUNDLED:``, so a user's corpus never
    needs them; the notebook's code names no bundled article or place. A missing
    notebook entry raises ``KeyError`` naming the file. Taught in notebook 00, §1.
    """
    path = bundled_root() / FACTS_FILE
    facts = json.loads(path.read_text(encoding="utf-8"))
    if notebook not in facts:
        raise KeyError(f"{path}: no facts for notebook {notebook!r}. Fix: add an entry "
                       f"{notebook!r} with the values its claim cells check.")
    return facts[notebook]


def _fail(message: str, detail: str) -> None:
    raise ClaimError(f"claim not true of this corpus: {message} ({detail}). "
                     "Fix: rewrite the sentence above to match the output, or the analysis.")


def claim(condition: object, message: str = "claim") -> None:
    """Raise :class:`ClaimError` with ``message`` unless ``condition`` is truthy."""
    if not bool(condition):
        _fail(message, "condition is false")


def equal(actual: object, expected: object, message: str = "claim") -> None:
    """``actual == expected`` (lists, strings, ints …), else the error shows both."""
    if actual != expected:
        _fail(message, f"expected {expected!r}, got {actual!r}")


def close(actual: float, expected: float, message: str = "claim", *,
          tol: float | None = None, decimals: int | None = None) -> None:
    """``actual`` rounds to ``expected`` (``decimals``) or lies within ``tol`` of it.

    With neither given, ``expected`` is compared at the number of decimals it is
    written with in the text (``0.38`` → two decimals).
    """
    value = float(actual)
    if math.isnan(value):
        _fail(message, f"expected {expected!r}, got NaN")
    if tol is not None:
        if abs(value - expected) > tol:
            _fail(message, f"expected {expected!r} ± {tol}, got {value!r}")
        return
    if decimals is None:
        text = repr(float(expected))
        decimals = len(text.split(".")[1]) if "." in text and "e" not in text else 0
    if round(value, decimals) != round(float(expected), decimals):
        _fail(message, f"expected {expected!r} at {decimals} decimals, got {value!r}")


def between(actual: float, low: float, high: float, message: str = "claim") -> None:
    """``low <= actual <= high``."""
    if not (low <= float(actual) <= high):
        _fail(message, f"expected a value in [{low}, {high}], got {actual!r}")


def at_least(actual: float, bound: float, message: str = "claim") -> None:
    """``actual >= bound``."""
    if not float(actual) >= bound:
        _fail(message, f"expected at least {bound!r}, got {actual!r}")


def at_most(actual: float, bound: float, message: str = "claim") -> None:
    """``actual <= bound``."""
    if not float(actual) <= bound:
        _fail(message, f"expected at most {bound!r}, got {actual!r}")


def bundled_root() -> Path:
    """The bundled corpus folder (for tests and documentation)."""
    return (ROOT / "corpus").resolve()
