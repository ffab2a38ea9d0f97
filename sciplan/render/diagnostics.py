"""Problems as machines read them: `check --format json` and GitHub workflow commands."""

from __future__ import annotations

import posixpath

from sciplan.core.problem import Problem


def problems_json(problems: list[Problem]) -> dict:
    def item(p: Problem) -> dict:
        return {"file": p.file, "line": p.line, "column": p.column, "code": p.code, "message": p.message}

    errors = [item(p) for p in problems if p.severity == "error"]
    warnings = [item(p) for p in problems if p.severity == "warning"]
    return {"status": "fail" if errors else "ok", "errors": errors, "warnings": warnings}


def github_annotation(problem: Problem, base: str = ".") -> str:
    """`::error file=…,line=…,col=…,title=…::message`, escaped as GitHub requires.

    `base` is the data root relative to the workspace, since GitHub resolves `file` there.
    """
    file = posixpath.normpath(posixpath.join(base.replace("\\", "/"), problem.file))
    props = ",".join(
        f"{k}={_escape_property(str(v))}"
        for k, v in (
            ("file", file),
            ("line", problem.line),
            ("col", problem.column),
            ("title", f"sciplan {problem.code}"),
        )
    )
    return f"::{problem.severity} {props}::{_escape_data(problem.message)}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def summary(problems: list[Problem]) -> str:
    """`2 errors, 1 warning in 2 files`."""
    from sciplan.core.i18n import _

    n_err = sum(p.severity == "error" for p in problems)
    n_warn = len(problems) - n_err
    files = len({p.file for p in problems})
    parts = []
    if n_err:
        parts.append((_("1 error") if n_err == 1 else _("{n} errors")).format(n=n_err))
    if n_warn:
        parts.append((_("1 warning") if n_warn == 1 else _("{n} warnings")).format(n=n_warn))
    where = _("{problems} in 1 file") if files == 1 else _("{problems} in {n} files")
    return where.format(problems=_(", ").join(parts), n=files)
