"""The command line (group.py the group, options.py the shared options, view_commands.py and file_commands.py
the commands, commands.py all of them): parses options, calls sciplan.api (or, for the commands that write,
the app layer), prints, turns outcomes into exit codes.

Exit codes: 0 ok; 1 data problems (invalid or incomplete files, or statuses `--fail-on` asked to
fail on); 2 usage errors. Tables go to stdout, diagnostics to stderr. Nothing else in sciplan
prints for the user or exits, except sciplan.cli.process, which turns what ends a run (broken pipes,
Ctrl-C, a failing output) into one line and an exit code. Heavy modules are imported inside the commands that need them:
start-up time is part of the experience. So is typer's own import (about a third of a warm run on the demo):
a read command's plain command line is run by quick.py without it, and this package imports typer only
when `app` or `main` is asked for.
"""

import sys
from typing import Any

__all__ = ["app", "main"]


def main() -> None:
    """Entry point of the `sciplan` script and `python -m sciplan`: a read command's plain command line
    straight (quick.py), any other through typer. Ctrl-C while Python still imports ends in one line."""
    try:
        from sciplan.cli import process, quick

        plain = quick.parse(sys.argv[1:])
        if plain is None:
            from sciplan.cli.commands import app
    except KeyboardInterrupt:
        sys.stderr.write("sciplan: error: interrupted\n")
        raise SystemExit(130) from None
    process.run(quick.runner(plain) if plain is not None else app)


def __getattr__(name: str) -> Any:
    if name == "app":  # the typer app, with every command registered
        from sciplan.cli.commands import app

        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
