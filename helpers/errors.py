"""Errors raised for bad input: each names the file, where (row/line) if known, and the fix."""

from __future__ import annotations

from pathlib import Path


class CorpusError(ValueError):
    """A problem with the corpus files or the manifest that the user can fix.

    The message always starts with the file (relative to the corpus folder when
    possible), then the row or line where known, the problem, and a suggested fix.
    """

    def __init__(
        self,
        path: str | Path,
        problem: str,
        *,
        where: str | None = None,
        fix: str | None = None,
    ) -> None:
        self.path = str(path)
        self.problem = problem
        self.where = where
        self.fix = fix
        location = f"{self.path}, {where}" if where else self.path
        message = f"{location}: {problem}"
        if fix:
            message += f" Fix: {fix}"
        super().__init__(message)
