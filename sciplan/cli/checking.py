"""What `check` does once its command line is read: quick.py calls it straight when a plain command line
needs no parser, file_commands.py declares it to typer. None of it needs typer, whose import and building
of every command was a sixth of a cold `check --no-cache` on a 1,000-indicator root (issue 19)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from sciplan.cli.process import ended, print_problems
from sciplan.cli.shared import CheckFormat, Where
from sciplan.core.internal import INTERNAL_ERROR
from sciplan.core.problem import errors


def check(strict: bool, fmt: CheckFormat | None, *, where: Where) -> None:
    if fmt is None:
        fmt = CheckFormat.github if os.environ.get("GITHUB_ACTIONS") == "true" else CheckFormat.text
    import sciplan.api as sp
    from sciplan.core.i18n import language
    from sciplan.render.diagnostics import github_annotation, problems_json, summary

    problems = sp.check(where.root, strict=strict, use_cache=where.use_cache, lang=language())
    failed = bool(errors(problems))
    if fmt is CheckFormat.json:
        from sciplan.render import print_json

        print_json(problems_json(problems))
    elif fmt is CheckFormat.github:
        base = os.path.relpath(sp.find_root(where.root), Path.cwd())
        for p in problems:
            print(github_annotation(p, base))
    else:
        print_problems(problems)
        if problems:
            print(f"sciplan: {summary(problems)}", file=sys.stderr)
    if any(p.code == "internal-error" for p in problems):  # a rule failed: a bug, not the data's fault
        raise ended(INTERNAL_ERROR)
    if failed:
        raise ended(1)
