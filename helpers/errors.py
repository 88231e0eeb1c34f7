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


class CorpusErrors(CorpusError):
    """Several problems found in one pass, reported together.

    ``problems`` holds one :class:`CorpusError` per problem; the message lists them,
    one per line, numbered, each with its file, row or line, and fix. Raised by the
    corpus loaders so that a manifest with five mistakes costs one run, not five.
    """

    def __init__(self, problems: list[CorpusError]) -> None:
        self.problems = list(problems)
        first = self.problems[0]
        self.path, self.problem, self.where, self.fix = (first.path, first.problem,
                                                         first.where, first.fix)
        lines = [f"{len(self.problems)} problems; fix them all, then load again:"]
        lines += [f"  {i}. {p}" for i, p in enumerate(self.problems, start=1)]
        ValueError.__init__(self, "\n".join(lines))


def raise_all(problems: list[CorpusError]) -> None:
    """Raise the one problem as itself, several as :class:`CorpusErrors`; none: return."""
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise CorpusErrors(problems)
