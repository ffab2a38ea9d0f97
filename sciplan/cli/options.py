"""The options the commands share, declared once and checked once: two bundles, `Where` (`--root`,
`--no-cache`: every command that reads a data root) and `Output` (those, and `-f`, `--bom`, `--header`,
`--encoding`: every view command), which `command_options` expands where a command declares one and
hands it as one value; and the helpers every year, month, id and text option is declared with."""

import functools
import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from sciplan.cli.shared import (  # noqa: F401 - the values of the options, typer-free (shared.py)
    CheckFormat,
    CsvEncoding,
    CsvHeader,
    FileKind,
    Output,
    OutputFormat,
    SortOrder,
    Where,
    call,
    csv_style,
    fail_on_statuses,
    report_kinds,
)
from sciplan.core.i18n import N_

RootOption = Annotated[
    Path | None,
    typer.Option(
        "--root",
        envvar="SCIPLAN_ROOT",
        show_default=False,
        help=N_(
            "Data root (the folder with targets.yaml and data/). Default: this folder or the nearest "
            "parent holding targets.yaml."
        ),
    ),
]
FormatOption = Annotated[
    OutputFormat,
    typer.Option(
        "--format",
        "-f",
        case_sensitive=False,
        help=N_("table (rich), markdown or plain (tabulate), csv (RFC 4180, UTF-8) or json."),
    ),
]
BomOption = Annotated[
    bool,
    typer.Option(
        "--bom", help=N_("With --format csv: start with a UTF-8 byte-order mark, so Excel and WPS read Chinese.")
    ),
]


HeaderOption = Annotated[
    CsvHeader | None,
    typer.Option(
        "--header",
        case_sensitive=False,
        show_default=False,
        help=N_("With --format csv: key (default: the JSON keys programs read) or zh (words, in Chinese)."),
    ),
]
EncodingOption = Annotated[
    CsvEncoding | None,
    typer.Option(
        "--encoding",
        case_sensitive=False,
        show_default=False,
        help=N_(
            "With --format csv: utf-8 (default), or gbk / gb18030 for an old Excel that reads the system code page."
        ),
    ),
]
NoCacheOption = Annotated[
    bool,
    typer.Option(
        "--no-cache", help=N_("Read every file again instead of reusing the checked data of unchanged files.")
    ),
]


def year_option(help: str, name: str = "--year", *short: str) -> Any:
    """`--year N` (or `--from`, `--to`: 1900–2200), optional: `Annotated[int | None, year_option(N_("…"))] = None`."""
    return typer.Option(name, *short, min=1900, max=2200, show_default=False, help=help)


def year_argument(help: str) -> Any:
    """An optional `[YEAR]` argument (1900–2200): `Annotated[int | None, year_argument(N_("…"))] = None`."""
    return typer.Argument(metavar="[YEAR]", min=1900, max=2200, show_default=False, help=help)


def id_argument(help: str, metavar: str = "ID") -> Any:
    """An indicator's or a plan's id (`ID`, or `[ID]` when optional): `Annotated[str, id_argument(N_("…"))]`."""
    return typer.Argument(metavar=metavar, show_default=False, help=help)


def text_option(name: str, metavar: str, help: str) -> Any:
    """An optional option holding text or a path:
    `Annotated[str | None, text_option("--unit", "NAME", N_("…"))] = None`."""
    return typer.Option(name, metavar=metavar, show_default=False, help=help)


def month_option(help: str, *short: str) -> Any:
    """`--month N` (1–12), optional: `Annotated[int | None, month_option(N_("…"))] = None`."""
    return typer.Option("--month", *short, min=1, max=12, metavar="N", show_default=False, help=help)


OutFolderOption = Annotated[
    Path, typer.Option("--out", metavar="DIR", help=N_("The folder to write into (created if needed)."))
]
YearArgument = Annotated[
    int,
    typer.Argument(metavar="YEAR", min=1900, max=2200, show_default=False, help=N_("The year, e.g. 2022 (1900–2200).")),
]


# The shared options, declared once: (parameter, its option, its default), for each bundle.
_WHERE: tuple[tuple[str, Any, Any], ...] = (("root", RootOption, None), ("no_cache", NoCacheOption, False))
_FORMAT: tuple[tuple[str, Any, Any], ...] = (
    ("fmt", FormatOption, OutputFormat.table),
    ("bom", BomOption, False),
    ("header", HeaderOption, None),
    ("encoding", EncodingOption, None),
)
_BUNDLES: dict[type, tuple[tuple[str, Any, Any], ...]] = {Where: _WHERE, Output: _WHERE + _FORMAT}


def command_options(func: Callable[..., None]) -> Callable[..., None]:
    """A command that takes the shared options as one value, as sqlite-utils shares `output_options`:
    `func` declares a parameter of type `Where` (`--root`, `--no-cache`) or `Output` (those, `-f`,
    `--bom`, `--header`, `--encoding`) where those options go in its --help, and gets them read and
    checked as that one value. It runs inside `reporting()`: what stops it becomes one line and an
    exit code."""
    parameters: list[inspect.Parameter] = []
    bundles: dict[str, type] = {}
    for p in inspect.signature(func, eval_str=True).parameters.values():
        shared = next((options for bundle, options in _BUNDLES.items() if p.annotation is bundle), None)
        if shared is None:
            parameters.append(p)
            continue
        bundles[p.name] = p.annotation
        parameters += [inspect.Parameter(n, p.kind, default=d, annotation=a) for n, a, d in shared]

    @functools.wraps(func)
    def command(**given: Any) -> None:
        call(func, bundles, given)

    command.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]  # what typer reads
    command.__annotations__ = {p.name: p.annotation for p in parameters}
    return command


view_command = command_options  # a view command takes `out: Output`
