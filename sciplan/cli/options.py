"""The options the commands share (root, cache, output format, CSV style, year), and checking that
the ones given go together."""

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from sciplan.core.i18n import N_, _
from sciplan.core.problem import UsageError

if TYPE_CHECKING:
    from sciplan.render import CsvStyle
    from sciplan.views import View


class OutputFormat(StrEnum):
    table = "table"
    markdown = "markdown"
    plain = "plain"
    csv = "csv"
    json = "json"


class CheckFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


class SortOrder(StrEnum):
    catalogue = "catalogue"
    status = "status"


class FileKind(StrEnum):
    targets = "targets"
    data = "data"


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


class CsvHeader(StrEnum):
    key = "key"
    zh = "zh"


class CsvEncoding(StrEnum):
    utf_8 = "utf-8"
    gbk = "gbk"
    gb18030 = "gb18030"


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
YearArgument = Annotated[
    int,
    typer.Argument(metavar="YEAR", min=1900, max=2200, show_default=False, help=N_("The year, e.g. 2022 (1900–2200).")),
]


def emit(fmt: OutputFormat, style: "CsvStyle", view: "View") -> None:
    from sciplan.render import render

    render(view, fmt.value, csv=style)


def csv_style(fmt: OutputFormat, bom: bool, header: CsvHeader | None, encoding: CsvEncoding | None) -> "CsvStyle":
    from sciplan.render import CsvStyle

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
