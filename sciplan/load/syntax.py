"""libyaml's syntax errors told in the words of the usual slip behind them: a tab, an input-method
slip (slips.py) on or above the line where parsing broke, a hint for libyaml's parser-state wording."""

from __future__ import annotations

from typing import Any

from sciplan.core.problem import Problem


def syntax_problem(exc: Any, text: str, file: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = (exc.problem or "invalid YAML").strip()
    lines = text.splitlines()
    at = lines[line - 1][column - 1 : column] if 0 < line <= len(lines) else ""
    if at == "\t" or "'\\t'" in problem:
        return Problem(
            file,
            line,
            column,
            "error",
            "tab",
            "tab character where YAML needs spaces; indent with spaces only",
        )
    slip = _slip_before(lines, line)
    if slip is not None:  # the likely cause, on its own line (libyaml often stops on the next one)
        return Problem(file, slip[0], slip[1], "error", "yaml-syntax", slip[2])
    if exc.context:
        problem = f"{problem} ({exc.context.strip()}"
        if exc.context_mark and exc.context_mark is not mark:
            problem += f" started at line {exc.context_mark.line + 1}"
        problem += ")"
    hint = next((h for words, h in _SYNTAX_HINTS if all(w in problem for w in words)), None)
    if hint:
        problem += f"; {hint}"
    return Problem(file, line, column, "error", "yaml-syntax", problem)


def _slip_before(lines: list[str], line: int) -> tuple[int, int, str] | None:
    """The nearest input-method slip (slips.py) at or above the line where parsing broke."""
    from sciplan.load.slips import line_slip

    for number in range(min(line, len(lines)), 0, -1):
        found = line_slip(lines[number - 1])
        if found is not None:
            return number, found[0], found[1]
    return None


# libyaml's words name the parser's state, not the usual slip behind it: say the likely slip too.
_SYNTAX_HINTS = (
    (
        ("mapping values are not allowed",),
        "is this line indented deeper than the one above, or is ': ' in an unquoted value?",
    ),
    (("did not find expected key",), "the keys of one mapping must start in the same column"),
    (("could not find expected ':'",), "each line of a mapping is 'key: value'"),
    (("did not find expected '-'",), "the items of a list each start with '- ' in the same column"),
    (("unexpected end of stream", "quoted scalar"), "a quote is opened and never closed"),
)
