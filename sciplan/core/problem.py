"""Problems found in the data, and the few exceptions that stop a run.

A problem in a file is a *value* (`Problem`), collected across all files so one run shows
everything. An exception (`SciplanError`) is for what stops the run: no data root, a year that
does not exist, data too broken to compute on. Only the CLI turns them into exit codes.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

from sciplan.core.chars import LINE_CONTROL

Severity = Literal["error", "warning"]


class Problem(NamedTuple):
    """One finding, located in a file. `str()` is the stable compiler-style first line."""

    file: str  # relative to the data root, with forward slashes
    line: int  # 1-based
    column: int  # 1-based
    severity: Severity
    code: str  # short and stable: editors, CI and tests key on it
    message: str

    def __str__(self) -> str:
        text = f"{self.file}:{self.line}:{self.column}: {self.severity}[{self.code}]: {self.message}"
        # One line, always: files and keys are checked on load, but a file name is not.
        return LINE_CONTROL.sub(lambda m: repr(m.group())[1:-1], text)

    def as_error(self) -> Problem:
        """The same finding raised to an error (`check --strict`)."""
        return Problem(self.file, self.line, self.column, "error", self.code, self.message)


def in_order(problems: list[Problem]) -> list[Problem]:
    """targets.yaml first (its errors explain many in the data files), then by file and position."""
    return sorted(problems, key=lambda p: (p.file != "targets.yaml", p))


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


class BadValue(ValueError):
    """A value or unit that cannot be read. `code` is the diagnostic code."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


class SciplanError(Exception):
    """Stops the run. `exit_code` 1 is a data problem, 2 a usage problem.

    Its message speaks of the data, never of the command line's options: where what was asked
    came from an option (a year, a month, a folder), `code` names the case and `fields` hold its
    values, and the command line words it with the option's name (cli/errors.py)."""

    exit_code = 1
    code: str | None = None
    fields: dict[str, object] = {}  # noqa: RUF012 - replaced, never mutated
    warnings: list[Problem] = []  # noqa: RUF012 - the warnings found before the run stopped; replaced, never mutated

    def __init__(self, *args: object, code: str | None = None, **fields: object) -> None:
        super().__init__(*args)
        if code is not None:
            self.code, self.fields = code, fields


class UsageError(SciplanError):
    exit_code = 2


class RootNotFound(SciplanError):
    pass


class InvalidData(SciplanError):
    """The files have errors, so nothing may be computed from them."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        from sciplan.core.i18n import _

        n = len(errors(problems))
        one, many = _("1 error in the data; nothing was computed"), _("{n} errors in the data; nothing was computed")
        super().__init__((one if n == 1 else many).format(n=n))


def did_you_mean(word: str, choices: list[str]) -> str:
    """` (did you mean 'value'?)` when a choice is close to `word`, else empty."""
    import difflib

    from sciplan.core.i18n import _

    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return _(" (did you mean {word!r}?)").format(word=close[0]) if close else ""
