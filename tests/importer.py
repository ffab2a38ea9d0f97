"""`sciplan import` of returned templates, until the import command of issue 20 calls its hook.

`run_import(*args)` runs `sciplan.cli.collect.import_returned` as `sciplan import FILE… [--year Y]
[--month N] [--dry-run] --root DIR` does: same output, same exit codes, in the language of the environment.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from typer.testing import CliRunner

from conftest import Run
from sciplan.cli.collect import import_returned
from sciplan.cli.process import fail, reporting
from sciplan.core import i18n

_app = typer.Typer(add_completion=False)


@_app.command()
def _import(
    files: Annotated[list[Path], typer.Argument()],
    year: Annotated[int | None, typer.Option("--year")] = None,
    month: Annotated[int | None, typer.Option("--month")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run")] = False,
    root: Annotated[Path | None, typer.Option("--root")] = None,
) -> None:
    with reporting():
        if not import_returned(files, year, month, dry_run, root, True):
            fail("not returned templates", 2)


def run_import(*args: str) -> Run:
    i18n.set_language(i18n.choose_language(None, None))
    try:
        result = CliRunner().invoke(_app, list(args), catch_exceptions=False)
    finally:
        i18n.set_language("en")
    return Run(result.exit_code, result.stdout, result.stderr, result.stdout_bytes)
