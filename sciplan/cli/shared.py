"""The shared options' values, without typer: the choices as the command line spells them, the two
bundles `Where` (`--root`, `--no-cache`) and `Output` (those, `-f`, `--bom`, `--header`, `--encoding`), how
a command gets them as one checked value (`call`), and the checks of option texts (`--fail-on`, `--only`).
options.py declares the options to typer; quick.py reads the read commands' own command lines with these
same values without importing typer (start-up time is part of the experience)."""

from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from sciplan.core.i18n import _
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


# The bundles' parameters as a command receives them, in the order --help lists them.
WHERE_NAMES = ("root", "no_cache")
FORMAT_NAMES = ("fmt", "bom", "header", "encoding")


def call(func: Callable[..., None], bundles: dict[str, type], given: dict[str, Any]) -> None:
    """Run `func` with the parsed options `given` (as click hands them: `root`, `no_cache`, `fmt` …),
    each bundle (`name` -> Where or Output) read and checked into its one value, inside `reporting()`:
    what stops it becomes one line and an exit code."""
    from sciplan.cli.process import reporting

    with reporting():
        for name, bundle in bundles.items():
            where = Where(given.pop("root"), not given.pop("no_cache"))
            if bundle is Output:
                fmt, bom, header, encoding = (given.pop(n) for n in FORMAT_NAMES)
                given[name] = Output(*where, fmt, csv_style(fmt, bom, header, encoding))
            else:
                given[name] = where
        func(**given)


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
