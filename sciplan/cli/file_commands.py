"""The commands about the root's files: check them, start them (init, new), write their schemas
and the year's report."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from sciplan.cli.group import app
from sciplan.cli.options import (
    CheckFormat,
    FileKind,
    OutFolderOption,
    RootOption,
    Where,
    YearArgument,
    command_options,
    month_option,
    year_argument,
    year_option,
)
from sciplan.cli.process import reporting
from sciplan.core.i18n import N_, _
from sciplan.core.problem import UsageError


@app.command(
    "check",
    help=N_(
        "Validate every file under the root and report every problem in one run.\n"
        "\n"
        "For CI and pre-commit: exit 0 when the files are valid and complete, 1 when not."
    ),
)
@command_options
def check_command(
    where: Where,
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
    from sciplan.cli.checking import check

    check(strict, fmt, where=where)


@app.command(
    help=N_(
        "Write data/YEAR.yaml: every indicator targeted that year, as an empty actual to fill in.\n"
        "\n"
        "Without YEAR, in an empty folder, start a data root there (as `sciplan new .`).\n"
        "Refuses to overwrite an existing file."
    )
)
@command_options
def init(
    year: Annotated[
        int | None,
        year_argument(
            N_("The year whose data file to start. Without it, in an empty folder: start a data root there.")
        ),
    ] = None,
    *,
    where: Where,
) -> None:
    from sciplan.app import query
    from sciplan.cli.scaffold_year import year_skeleton
    from sciplan.store.atomic import FileExists, write_new

    if year is None:
        _start_here(where.root)
        return
    project, catalogue = query.valid_plan(where.root, where.use_cache)
    from sciplan.store.places import refuse_outside

    refuse_outside(project.root, project.root / "data", "data")
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

    from sciplan.cli.scaffold_root import write_starter
    from sciplan.core.i18n import language
    from sciplan.core.problem import UsageError

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
    year: Annotated[int | None, year_option(N_("The first plan year (default: this year)."))] = None,
) -> None:
    with reporting():
        import datetime as dt

        from sciplan.cli.scaffold_root import write_starter
        from sciplan.core.i18n import language

        name = region or folder.resolve().name
        written = write_starter(folder, name, year or dt.date.today().year, language())
        print(
            _("wrote {n} files in {folder}: {files}").format(
                n=len(written),
                folder=folder,
                files=_(", ").join(path.relative_to(folder).as_posix() for path in written),
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

        from sciplan.validate.editors import schemas

        documents = {k: json.dumps(s, ensure_ascii=False, indent=2) + "\n" for k, s in schemas().items()}
        if not write:
            assert kind is not None
            from sciplan.render.json import write_json

            write_json(documents[kind.value])
            return
        from sciplan.app.loader import find_root
        from sciplan.store.atomic import write_new
        from sciplan.store.places import refuse_outside

        folder = find_root(root) / "schema"
        refuse_outside(folder.parent, folder, "schema")
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
@command_options
def report(
    year: YearArgument,
    where: Where,
    out: OutFolderOption = Path("report"),
    only: Annotated[
        str | None,
        typer.Option("--only", metavar="KINDS", show_default=False, help=N_("Write only these: docx,xlsx,html,md.")),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help=N_("Replace existing files, even ones edited since sciplan wrote them."))
    ] = False,
    month: Annotated[
        int | None,
        month_option(N_("The report as it stood at the end of month N (1–12), from the figures under months:.")),
    ] = None,
) -> None:
    import sciplan.api as sp
    from sciplan.cli.options import report_kinds
    from sciplan.core.i18n import language

    kinds = report_kinds(only)  # in the interface language chosen at start-up (--lang, SCIPLAN_LANG, …)
    written = sp.report(
        where.root, year, out, kinds=kinds, month=month, force=force, use_cache=where.use_cache, lang=language()
    )
    for path in written:
        print(_("wrote {path}").format(path=path), file=sys.stderr)
