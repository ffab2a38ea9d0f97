"""libyaml's syntax errors told in the words of the usual slip behind them: a tab, an input-method
slip (slips.py) on or above the line where parsing broke, a hint for libyaml's parser-state wording."""

from __future__ import annotations

from typing import Any

from sciplan.core.i18n import N_, _
from sciplan.core.problem import Problem

# libyaml's own words (PyYAML's problem and context): English as libyaml says them, Chinese from the catalog
_LIBYAML = frozenset(
    (
        N_("did not find expected ',' or ']'"),
        N_("did not find expected ',' or '}'"),
        N_("did not find expected key"),
        N_("could not find expected ':'"),
        N_("did not find expected '-' indicator"),
        N_("did not find expected node content"),
        N_("mapping values are not allowed in this context"),
        N_("block sequence entries are not allowed in this context"),
        N_("found character that cannot start any token"),
        N_("found unexpected end of stream"),
        N_("found unknown escape character"),
        N_("found undefined tag handle"),
        N_("exceeded maximum nesting depth"),
        N_("found unexpected ':'"),
        N_("invalid YAML"),
        N_("while parsing a flow sequence"),
        N_("while parsing a flow mapping"),
        N_("while parsing a block mapping"),
        N_("while parsing a block collection"),
        N_("while parsing a block node"),
        N_("while parsing a flow node"),
        N_("while scanning a simple key"),
        N_("while scanning a quoted scalar"),
        N_("while scanning a plain scalar"),
        N_("while increasing flow level"),
        N_("while scanning a block scalar"),
        N_("while scanning an anchor"),
        N_("while scanning an alias"),
        N_("while scanning a tag"),
        N_("while parsing a node"),
    )
)


def _words(text: str) -> str:
    return _(text) if text in _LIBYAML else text


def syntax_problem(exc: Any, text: str, file: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    raw_problem = (exc.problem or "invalid YAML").strip()
    problem = _words(raw_problem)
    lines = text.splitlines()
    at = lines[line - 1][column - 1 : column] if 0 < line <= len(lines) else ""
    if at == "\t" or "'\\t'" in problem:
        return Problem(
            file,
            line,
            column,
            "error",
            "tab",
            _("tab character where YAML needs spaces; indent with spaces only"),
        )
    slip = _slip_before(lines, line)
    if slip is not None:  # the likely cause, on its own line (libyaml often stops on the next one)
        return Problem(file, slip[0], slip[1], "error", "yaml-syntax", slip[2])
    if exc.context:
        context = _words(exc.context.strip())
        if exc.context_mark and exc.context_mark is not mark:
            context = _("{context} started at line {line}").format(context=context, line=exc.context_mark.line + 1)
        problem = f"{problem} ({context})"
    english = f"{raw_problem} {exc.context or ''}"
    hint = next((h for words, h in _SYNTAX_HINTS if all(w in english for w in words)), None)
    if hint:
        problem += f"; {_(hint)}"
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
        N_("is this line indented deeper than the one above, or is ': ' in an unquoted value?"),
    ),
    (("did not find expected key",), N_("the keys of one mapping must start in the same column")),
    (("could not find expected ':'",), N_("each line of a mapping is 'key: value'")),
    (("did not find expected '-'",), N_("the items of a list each start with '- ' in the same column")),
    (("unexpected end of stream", "quoted scalar"), N_("a quote is opened and never closed")),
)
