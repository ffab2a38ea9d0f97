"""The options the commands share, declared once and checked once: two bundles, `Where` (`--root`,
`--no-cache`: every command that reads a data root) and `Output` (those, and `-f`, `--bom`, `--header`,
`--encoding`: every view command), which `command_options` expands where a command declares one and
hands it as one value; and the helpers every year, month, id and text option is declared with."""

import functools
import inspect
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple

import typer

from sciplan.core.i18n import N_, _
from sciplan.core.problem import UsageError

if TYPE_CHECKING:
    from sciplan.api import Table
    from sciplan.render.style import CsvStyle
    from sciplan.views import View


# The choices of the options, as the command line spells them.
OutputFormat = StrEnum("OutputFormat", "table markdown plain csv json")
CheckFormat = StrEnum("CheckFormat", "text json github")
SortOrder = StrEnum("SortOrder", "catalogue status")
FileKind = StrEnum("FileKind", "targets data")
CsvHeader = StrEnum("CsvHeader", "key zh")
CsvEncoding = StrEnum("CsvEncoding", [("utf_8", "utf-8"), ("gbk", "gbk"), ("gb18030", "gb18030")])


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


class Where(NamedTuple):
    """Where the data are: `--root` and `--no-cache`, for every command that reads a data root."""

    root: Path | None
    use_cache: bool


class Output(NamedTuple):
    """The options every view command shares, read and checked once: where the data are (`--root`,
    `--no-cache`) and how the view is written (`-f`, and for CSV `--bom`, `--header`, `--encoding`).
    `--lang` is on every command already (helptext.py): `lang` is the language it chose."""

    root: Path | None
    use_cache: bool
    format: OutputFormat
    csv: "CsvStyle"

    @property
    def lang(self) -> str:
        from sciplan.core.i18n import language

        return language()

    def write(self, table: "Table[Any]") -> None:
        """A table of sciplan.api: its warnings on stderr, then its view in the format asked for (the
        formats people read show its pages, when it has them: a table per plan, one after another)."""
        from sciplan.cli.process import print_warnings

        print_warnings(table.problems)
        people = self.format not in (OutputFormat.json, OutputFormat.csv)
        for i, view in enumerate(table.pages if people and table.pages else (table.view,)):
            if i:
                print()
            self.show(view)

    def show(self, view: "View") -> None:
        from sciplan.render import render

        render(view, self.format.value, csv=self.csv)


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
        from sciplan.cli.process import reporting

        with reporting():
            for name, bundle in bundles.items():
                where = Where(given.pop("root"), not given.pop("no_cache"))
                if bundle is Output:
                    fmt, bom, header, encoding = (given.pop(n) for n, _a, _d in _FORMAT)
                    given[name] = Output(*where, fmt, csv_style(fmt, bom, header, encoding))
                else:
                    given[name] = where
            func(**given)

    command.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]  # what typer reads
    command.__annotations__ = {p.name: p.annotation for p in parameters}
    return command


view_command = command_options  # a view command takes `out: Output`


def csv_style(fmt: OutputFormat, bom: bool, header: CsvHeader | None, encoding: CsvEncoding | None) -> "CsvStyle":
    from sciplan.render.style import CsvStyle

    if bom and fmt is not OutputFormat.csv:
        raise UsageError(_("--bom applies to --format csv only"))
    for name, given in (("--header", header), ("--encoding", encoding)):
        if given is not None and fmt is not OutputFormat.csv:
            raise UsageError(_("{option} applies to --format csv only").format(option=name))
    if bom and encoding not in (None, CsvEncoding.utf_8):
        raise UsageError(
            _("--bom marks UTF-8; with --encoding {encoding} leave it out").format(encoding=encoding.value)
        )
    return CsvStyle(bom, (header or CsvHeader.key).value, (encoding or CsvEncoding.utf_8).value)


def fail_on_statuses(text: str | None, statuses: tuple[str, ...]) -> set[str]:
    """`--fail-on short,near`: the statuses that fail the run. An empty list would make a CI gate
    silently pass, so it is a usage error, as an unknown status is."""
    if text is None:
        return set()
    chosen = {s.strip() for s in text.split(",") if s.strip()}
    unknown = chosen - set(statuses)
    if unknown:
        raise UsageError(
            _("--fail-on: unknown status {names}; choose from {choices}").format(
                names=", ".join(sorted(unknown)), choices=", ".join(statuses)
            )
        )
    if not chosen:
        raise UsageError(_("--fail-on: name at least one status: {choices}").format(choices=", ".join(statuses)))
    return chosen


def report_kinds(text: str | None) -> tuple[str, ...]:
    """`--only docx,xlsx` -> ("docx", "xlsx"), in the report's order of kinds; None -> all four."""
    from sciplan.report import KINDS

    if text is None:
        return KINDS
    asked = {part.strip().lower().lstrip(".") for part in text.split(",") if part.strip()}
    unknown = sorted(asked - set(KINDS))
    if unknown or not asked:
        choices = ", ".join(KINDS)
        if unknown:
            message = _("--only: unknown kind {kinds}; choose from {choices}").format(
                kinds=", ".join(unknown), choices=choices
            )
        else:
            message = _("--only: name at least one kind; choose from {choices}").format(choices=choices)
        raise UsageError(message)
    return tuple(k for k in KINDS if k in asked)
