"""The `sciplan` command group: the typer app, its `--version`, and click's usage errors in
sciplan's one-line style."""

from typing import Annotated

import typer

from sciplan import __version__
from sciplan.cli.helptext import LocalizedGroup
from sciplan.cli.process import usage_errors
from sciplan.core.i18n import N_


class CommandLine(LocalizedGroup):
    """sciplan's commands; click's own usage errors end in sciplan's one-line style (process.py)."""

    def main(self, *args, standalone_mode: bool = True, **kwargs):
        return usage_errors(super().main, standalone_mode, *args, **kwargs)


app = typer.Typer(
    name="sciplan",
    cls=CommandLine,
    help=N_(
        "Track a science & technology bureau's plan targets against its results.\n\n"
        "Reads targets.yaml (the plan) and data/<YEAR>.yaml (each year's actuals) from a data root."
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"sciplan {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help=N_("Show the version and exit."))
    ] = False,
) -> None:
    """Track a science & technology bureau's plan targets against its results."""
