"""The command line: parses options, calls the core, prints, turns outcomes into exit codes.

Exit codes: 0 ok; 1 data problems (invalid or incomplete files, or statuses `--fail-on` asked to
fail on); 2 usage errors. Tables go to stdout, diagnostics to stderr. Nothing else in sciplan
prints for the user or exits, except sciplan.process, which turns what ends a run (broken pipes,
Ctrl-C, a failing output) into one line and an exit code. Heavy modules are imported inside the commands that need them:
start-up time is part of the experience.
"""

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from sciplan import __version__
from sciplan.helptext import LocalizedGroup
from sciplan.i18n import N_, _
from sciplan.problem import UsageError, errors
from sciplan.process import fail, print_problems, reporting, run, usage_errors

if TYPE_CHECKING:
    from sciplan.render import CsvStyle
    from sciplan.views import View


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


# ---- shared plumbing ------------------------------------------------------------------------


def _emit(fmt: OutputFormat, style: "CsvStyle", view: "View") -> None:
    from sciplan.render import render

    render(view, fmt.value, csv=style)


def _csv_style(fmt: OutputFormat, bom: bool, header: CsvHeader | None, encoding: CsvEncoding | None) -> "CsvStyle":
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


# ---- commands -------------------------------------------------------------------------------


@app.command(
    help=N_(
        "The year's scorecard: every indicator against its target, and the shortfalls in words.\n"
        "\n"
        "Per indicator: target, actual, attainment (完成率), gap, YoY, rank among peers, pace (序时进度).\n"
        "\n"
        "Then the shortfalls in words, the year's milestones and a count per status."
    )
)
def status(
    year: YearArgument,
    root: RootOption = None,
    no_cache: NoCacheOption = False,
    fmt: FormatOption = OutputFormat.table,
    sort: Annotated[
        SortOrder,
        typer.Option("--sort", help=N_("catalogue: the order of targets.yaml; status: problems first.")),
    ] = SortOrder.catalogue,
    fail_on: Annotated[
        str | None,
        typer.Option(
            "--fail-on",
            metavar="STATUSES",
            show_default=False,
            help=N_("Exit 1 when any indicator has one of these statuses, e.g. short,near,missing."),
        ),
    ] = None,
    unit: Annotated[
        str | None,
        typer.Option(
            "--unit",
            metavar="NAME",
            show_default=False,
            help=N_("A sub-unit's (乡镇/园区) scorecard: its share of the targets, ranked among the units."),
        ),
    ] = None,
    parts: Annotated[bool, typer.Option("--parts", help=N_("Show each total's parts indented under it."))] = False,
    month: Annotated[
        int | None,
        typer.Option(
            "--month",
            min=1,
            max=12,
            metavar="N",
            show_default=False,
            help=N_("The scorecard at the end of month N (1–12), from the figures under months: (default: as_of)."),
        ),
    ] = None,
    bom: BomOption = False,
    header: HeaderOption = None,
    encoding: EncodingOption = None,
) -> None:
    with reporting():
        from sciplan import query
        from sciplan.compute.status import STATUSES, scorecard
        from sciplan.views import status as status_view

        style = _csv_style(fmt, bom, header, encoding)
        failing_on = query.fail_on(fail_on, STATUSES)
        project, _catalogue, findings = query.valid(root, not no_cache, (year, year - 1))  # growth, YoY
        card = scorecard(project, year, unit, month)
        print_problems(query.year_warnings(project, findings, year))
        results = card.sorted_by_attention() if sort is SortOrder.status else card.results
        _emit(fmt, style, status_view.view(card, results, parts=parts))
        hits = [r for r in card.results if r.status in failing_on]
        if hits:
            names = ", ".join(sorted({r.status for r in hits}))
            counted = (
                _("1 indicator {statuses} (--fail-on {option})")
                if len(hits) == 1
                else _("{n} indicators {statuses} (--fail-on {option})")
            )
            fail(counted.format(n=len(hits), statuses=names, option=fail_on), 1)


@app.command(
    "check",
    help=N_(
        "Validate every file under the root and report every problem in one run.\n"
        "\n"
        "For CI and pre-commit: exit 0 when the files are valid and complete, 1 when not."
    ),
)
def check_command(
    root: RootOption = None,
    no_cache: NoCacheOption = False,
    strict: Annotated[bool, typer.Option("--strict", help=N_("Treat warnings as errors."))] = False,
    fmt: Annotated[
        CheckFormat | None,
        typer.Option(
            "--format",
            "-f",
            case_sensitive=False,
            show_default=False,
            help=N_(
                "text (default; silent when all is well), json, or github (workflow commands; "
                "the default when GITHUB_ACTIONS=true)."
            ),
        ),
    ] = None,
) -> None:
    if fmt is None:
        fmt = CheckFormat.github if os.environ.get("GITHUB_ACTIONS") == "true" else CheckFormat.text
    with reporting():
        from sciplan.project import all_problems, find_root
        from sciplan.render.diagnostics import github_annotation, problems_json, summary

        root_dir = find_root(root)
        problems = all_problems(root_dir, use_cache=not no_cache)
        if strict:
            problems = [p.as_error() for p in problems]
        failed = bool(errors(problems))
        if fmt is CheckFormat.json:
            from sciplan.render import print_json

            print_json(problems_json(problems))
        elif fmt is CheckFormat.github:
            base = os.path.relpath(root_dir, Path.cwd())
            for p in problems:
                print(github_annotation(p, base))
        else:
            print_problems(problems)
            if problems:
                print(f"sciplan: {summary(problems)}", file=sys.stderr)
    if failed:
        raise typer.Exit(1)


@app.command(help=N_("The catalogue: every indicator with its unit, kind, direction and targets by year."))
def indicators(
    root: RootOption = None,
    no_cache: NoCacheOption = False,
    fmt: FormatOption = OutputFormat.table,
    bom: BomOption = False,
    header: HeaderOption = None,
    encoding: EncodingOption = None,
) -> None:
    with reporting():
        from sciplan import query
        from sciplan.views import indicators as indicators_view

        style = _csv_style(fmt, bom, header, encoding)
        _project, catalogue = query.valid_plan(root, not no_cache)
        _emit(fmt, style, indicators_view.view(catalogue))


@app.command(
    help=N_(
        "One indicator over the years, with its compound annual growth (年均增长).\n"
        "\n"
        "Target, actual, attainment, status and YoY per year, with a chart.\n"
        "\n"
        "Growth of percentage indicators (unit %) is in percentage points per year."
    )
)
def trend(
    indicator: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            show_default=False,
            help=N_("The indicator: its id (hightech_total), its name, or a unique part of the name."),
        ),
    ],
    month_year: Annotated[
        int | None,
        typer.Argument(
            metavar="[YEAR]",
            min=1900,
            max=2200,
            show_default=False,
            help=N_("With --months: the year (default: the latest with monthly figures)."),
        ),
    ] = None,
    months: Annotated[
        bool,
        typer.Option(
            "--months",
            help=N_("One year month by month (1–N月累计), beside last year's same months and the 序时进度 line."),
        ),
    ] = False,
    start: Annotated[
        int | None,
        typer.Option(
            "--from",
            min=1900,
            max=2200,
            show_default=False,
            help=N_("First year (default: the first with data or a target)."),
        ),
    ] = None,
    end: Annotated[
        int | None,
        typer.Option(
            "--to",
            min=1900,
            max=2200,
            show_default=False,
            help=N_("Last year (default: the last with data or a target)."),
        ),
    ] = None,
    root: RootOption = None,
    no_cache: NoCacheOption = False,
    fmt: FormatOption = OutputFormat.table,
    bom: BomOption = False,
    header: HeaderOption = None,
    encoding: EncodingOption = None,
) -> None:
    with reporting():
        from sciplan import query
        from sciplan.compute.trend import trend as compute_trend
        from sciplan.views import trend as trend_view

        style = _csv_style(fmt, bom, header, encoding)
        if start is not None and end is not None and start > end:
            raise UsageError(_("--from {start} is after --to {end}").format(start=start, end=end))
        if month_year is not None and not months:
            raise UsageError(_("a YEAR goes with --months; for a span of years use --from and --to"))
        if months and (start is not None or end is not None):
            raise UsageError(_("--months shows one year: give it as YEAR, not --from/--to"))
        project, catalogue, _findings = query.valid(root, not no_cache)
        if months:
            from sciplan.compute.trend import monthly
            from sciplan.views import monthly as monthly_view

            _emit(fmt, style, monthly_view.view(monthly(project, query.indicator(catalogue, indicator), month_year)))
            return
        result = compute_trend(project, query.indicator(catalogue, indicator), start, end)
        _emit(fmt, style, trend_view.view(result))


@app.command(
    help=N_(
        "Multi-year plans: progress from the baseline towards each end target.\n"
        "\n"
        "Progress against the time elapsed, observed and required annual rates, and a category.\n"
        "\n"
        "Categories: achieved, on track, accelerate, limited, deteriorating, insufficient data."
    )
)
def plan(
    plan_id: Annotated[
        str | None,
        typer.Argument(
            metavar="[ID]", show_default=False, help=N_("A plan id from targets.yaml (default: every plan).")
        ),
    ] = None,
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            min=1900,
            max=2200,
            show_default=False,
            help=N_("Evaluate the plan as it stood in this year (default: with the latest data)."),
        ),
    ] = None,
    root: RootOption = None,
    no_cache: NoCacheOption = False,
    fmt: FormatOption = OutputFormat.table,
    bom: BomOption = False,
    header: HeaderOption = None,
    encoding: EncodingOption = None,
) -> None:
    with reporting():
        from sciplan import query
        from sciplan.compute.plans import evaluate_plan
        from sciplan.render import render
        from sciplan.views import plans as plans_view

        style = _csv_style(fmt, bom, header, encoding)
        project, catalogue, _findings = query.valid(root, not no_cache)
        progress = [evaluate_plan(project, p, year) for p in query.plans(catalogue, plan_id, year)]
        if fmt in (OutputFormat.json, OutputFormat.csv):  # one document, one table (plans as a column)
            render(plans_view.view(catalogue.region, progress), fmt.value, csv=style)
        else:  # a table per plan
            for i, one in enumerate(progress):
                if i:
                    print()
                render(plans_view.view(catalogue.region, [one]), fmt.value)


@app.command(
    help=N_(
        "How the region stands against its peers: value, rank and growth of each region.\n"
        "\n"
        "Each region's value, rank, YoY and annual growth over the last N years (年均增长), with a chart."
    )
)
def compare(
    indicator: Annotated[
        str,
        typer.Argument(
            metavar="ID", show_default=False, help=N_("The indicator: its id, name or a unique part of it.")
        ),
    ],
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            min=1900,
            max=2200,
            show_default=False,
            help=N_("The year (default: the latest complete year in which peers report the indicator)."),
        ),
    ] = None,
    years: Annotated[int, typer.Option("--years", min=1, max=50, help=N_("Span of the annual growth rate."))] = 3,
    root: RootOption = None,
    no_cache: NoCacheOption = False,
    fmt: FormatOption = OutputFormat.table,
    bom: BomOption = False,
    header: HeaderOption = None,
    encoding: EncodingOption = None,
) -> None:
    with reporting():
        from sciplan import query
        from sciplan.compute.peers import compare as compute_compare
        from sciplan.views import compare as compare_view

        style = _csv_style(fmt, bom, header, encoding)
        project, catalogue, _findings = query.valid(root, not no_cache)
        ind = query.indicator(catalogue, indicator)
        result = compute_compare(project, ind, query.compare_year(project, ind, year), years)
        _emit(fmt, style, compare_view.view(result, catalogue.region))


@app.command(
    help=N_(
        "Sub-units (乡镇/园区) side by side, against their shares of the targets.\n"
        "\n"
        "Each unit's actual against its share of the target, its status and rank, and the region's total."
    )
)
def units(
    year: YearArgument,
    indicator: Annotated[
        str | None,
        typer.Argument(
            metavar="[ID]", show_default=False, help=N_("One indicator in detail (default: all the units have).")
        ),
    ] = None,
    root: RootOption = None,
    no_cache: NoCacheOption = False,
    fmt: FormatOption = OutputFormat.table,
    bom: BomOption = False,
    header: HeaderOption = None,
    encoding: EncodingOption = None,
) -> None:
    with reporting():
        from sciplan import query
        from sciplan.compute.units import units_view
        from sciplan.views import units as units_views

        style = _csv_style(fmt, bom, header, encoding)
        project, catalogue, _findings = query.valid(root, not no_cache, (year, year - 1))
        query.has_units(catalogue)
        view = units_view(project, year, query.indicator(catalogue, indicator) if indicator else None)
        if indicator or fmt in (OutputFormat.csv, OutputFormat.json):
            _emit(fmt, style, units_views.detail(view, catalogue.region))
        else:
            _emit(fmt, style, units_views.matrix(view, catalogue.region))


@app.command(
    help=N_(
        "Write data/YEAR.yaml: every indicator targeted that year, as an empty actual to fill in.\n"
        "\n"
        "Without YEAR, in an empty folder, start a data root there (as `sciplan new .`).\n"
        "Refuses to overwrite an existing file."
    )
)
def init(
    year: Annotated[
        int | None,
        typer.Argument(
            metavar="[YEAR]",
            min=1900,
            max=2200,
            show_default=False,
            help=N_("The year whose data file to start. Without it, in an empty folder: start a data root there."),
        ),
    ] = None,
    root: RootOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    with reporting():
        from sciplan import query
        from sciplan.files import FileExists, write_new
        from sciplan.skeleton import year_skeleton

        if year is None:
            _start_here(root)
            return
        project, catalogue = query.valid_plan(root, not no_cache)
        path = project.root / "data" / f"{year}.yaml"
        for other in sorted((project.root / "data").glob("*")):
            if other.name != path.name and other.name.lower() in (f"{year}.yaml", f"{year}.yml"):  # one a year
                raise FileExists(
                    _("{other} already holds {year}; sciplan never writes a second file for a year").format(
                        other=other, year=year
                    )
                )
        text, listed = year_skeleton(catalogue, year)
        write_new(path, text)
        print(_("wrote {path}: {listed}").format(path=path, listed=listed), file=sys.stderr)


def _start_here(root: Path | None) -> None:
    """`sciplan init` without a year: a new data root in the folder, if it is empty (hidden files
    such as .git aside); anywhere else the year is what is missing."""
    import datetime as dt

    from sciplan.i18n import language
    from sciplan.problem import UsageError
    from sciplan.starter import write_starter

    folder = root or Path.cwd()
    if folder.is_dir() and any(not p.name.startswith(".") for p in folder.iterdir()):
        raise UsageError(
            _(
                "name the year whose data file to start (e.g. sciplan init 2024); without a year, init starts "
                "a data root only in an empty folder (or use sciplan new DIR)"
            )
        )
    written = write_starter(folder, folder.resolve().name, dt.date.today().year, language())
    print(_("wrote {n} files in {folder}: a new data root").format(n=len(written), folder=folder), file=sys.stderr)


@app.command(
    help=N_(
        "Start a data root: a commented targets.yaml with every target form, data/, the schemas, a\n"
        "pre-commit hook and a GitHub workflow running `sciplan check`.\n"
        "\n"
        "Refuses to overwrite anything."
    )
)
def new(
    folder: Annotated[
        Path,
        typer.Argument(
            metavar="DIR", show_default=False, help=N_("The folder of the new data root (made if missing).")
        ),
    ],
    region: Annotated[
        str | None,
        typer.Option("--region", show_default=False, help=N_("The region's name (default: the folder's name).")),
    ] = None,
    year: Annotated[
        int | None,
        typer.Option(
            "--year", min=1900, max=2200, show_default=False, help=N_("The first plan year (default: this year).")
        ),
    ] = None,
) -> None:
    with reporting():
        import datetime as dt

        from sciplan.i18n import language
        from sciplan.starter import write_starter

        name = region or folder.resolve().name
        written = write_starter(folder, name, year or dt.date.today().year, language())
        print(
            _("wrote {n} files in {folder}: {files}").format(
                n=len(written),
                folder=folder,
                files="targets.yaml, data/, schema/, .pre-commit-config.yaml, .github/workflows/sciplan.yml",
            ),
            file=sys.stderr,
        )


@app.command(
    help=N_(
        "Print the JSON Schema (draft-07) of targets.yaml or data/<YEAR>.yaml, for editors.\n"
        "\n"
        "Point yaml-language-server at it with a first line such as\n"
        "`# yaml-language-server: $schema=schema/targets.schema.json`."
    )
)
def schema(
    kind: Annotated[
        FileKind | None,
        typer.Argument(show_default=False, help=N_("targets or data. Without it, --write writes both.")),
    ] = None,
    write: Annotated[
        bool,
        typer.Option(
            "--write", help=N_("Write schema/targets.schema.json and schema/data.schema.json under the root.")
        ),
    ] = False,
    force: Annotated[bool, typer.Option("--force", help=N_("With --write: replace existing files."))] = False,
    root: RootOption = None,
) -> None:
    with reporting():
        if kind is None and not write:
            raise UsageError(_("schema: name the file kind (targets or data), or use --write"))
        import json

        from sciplan.validate.schema import schemas

        documents = {k: json.dumps(s, ensure_ascii=False, indent=2) + "\n" for k, s in schemas().items()}
        if not write:
            assert kind is not None
            from sciplan.render.json import write_json

            write_json(documents[kind.value])
            return
        from sciplan.files import write_new
        from sciplan.project import find_root

        folder = find_root(root) / "schema"
        for name, text in documents.items():
            if kind is not None and name != kind.value:
                continue
            path = folder / f"{name}.schema.json"
            if path.exists() and path.read_text(encoding="utf-8") == text:
                continue
            write_new(path, text, force=force, force_hint=" (use --force to replace it)")
            print(_("wrote {path}").format(path=path), file=sys.stderr)


@app.command(
    help=N_(
        "Write the year's report: a Word draft, a spreadsheet, an offline HTML page with charts, Markdown.\n"
        "\n"
        "The Word draft is laid out as a government document (GB/T 9704): 一、主要指标完成情况,\n"
        "二、重点任务推进情况, 三、存在的短板和不足 (a draft from the figures), 四、plan progress.\n"
        "An existing file is replaced only when sciplan wrote it and nobody changed it since, or with --force."
    )
)
def report(
    year: YearArgument,
    root: RootOption = None,
    no_cache: NoCacheOption = False,
    out: Annotated[
        Path, typer.Option("--out", metavar="DIR", help=N_("The folder to write into (created if needed)."))
    ] = Path("report"),
    only: Annotated[
        str | None,
        typer.Option("--only", metavar="KINDS", show_default=False, help=N_("Write only these: docx,xlsx,html,md.")),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help=N_("Replace existing files, even ones edited since sciplan wrote them."))
    ] = False,
) -> None:
    with reporting():
        from sciplan import query
        from sciplan.report import parse_only, write_report

        kinds = parse_only(only)  # in the interface language chosen at start-up (--lang, SCIPLAN_LANG, …)
        project, _catalogue, _findings = query.valid(root, not no_cache)
        from sciplan.i18n import _

        for path in write_report(project, year, out, kinds, force=force):
            print(_("wrote {path}").format(path=path), file=sys.stderr)


def main() -> None:
    """Entry point of the `sciplan` script and `python -m sciplan`."""
    run(app)
