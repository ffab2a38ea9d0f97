"""The commands about the data's history in git: flat (one fact per line, a git textconv), diff (the
figures that changed between revisions, and what flipped) and history (one figure through its
commits)."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from sciplan.cli.group import app
from sciplan.cli.options import Output, RootOption, month_option, view_command, year_option
from sciplan.cli.process import print_problems, reporting
from sciplan.core.i18n import N_, _
from sciplan.core.problem import SciplanError, errors


@app.command(
    "flat",
    help=N_(
        "Print a data file as one fact per line (actuals.hightech_total = 268 家 [预计]).\n"
        "\n"
        "As a git textconv it makes git diff, git log -p and git log -G show figures:\n"
        'git config diff.sciplan.textconv "sciplan flat --textconv"'
    ),
)
def flat_command(
    file: Annotated[
        Path, typer.Argument(metavar="FILE", show_default=False, help=N_("targets.yaml or data/<YEAR>.yaml."))
    ],
    root: RootOption = None,
    textconv: Annotated[
        bool,
        typer.Option(
            "--textconv",
            help=N_("For git: never fail on the data; a file that cannot be read as YAML is printed as it is."),
        ),
    ] = False,
) -> None:
    with reporting():
        from sciplan.store.snapshot import MAX_FILE_BYTES, read_source
        from sciplan.views.flat import flat

        source = read_source(file, file.name)
        if not isinstance(source, bytes):
            raise SciplanError(str(source).replace(f"{file.name}:1:1: error[", f"{file}: error[", 1))
        if len(source) > MAX_FILE_BYTES:  # pragma: no cover - read_source refuses it already
            raise SciplanError(_("{file}: too large").format(file=file))
        lines, problems = flat(str(file), source, _catalogue_for(file, root))
        if lines is None:
            if not textconv:
                print_problems(problems)
                raise typer.Exit(1)
            sys.stdout.write(source.decode("utf-8", "replace"))
            print_problems(problems)
            return
        sys.stdout.write("".join(line + "\n" for line in lines))
        if problems and not textconv:
            print_problems(problems)
            if errors(problems):
                raise typer.Exit(1)


def _catalogue_for(file: Path, root: Path | None):
    """The catalogue the file's values are read against: --root's, else the data root the file lies
    in, else the one around the current folder (where git runs a textconv); None when there is none."""
    from sciplan.app.loader import find_root, load_checked
    from sciplan.core.problem import RootNotFound
    from sciplan.store.snapshot import TARGETS

    candidates: list[Path | None] = []
    if root is not None:
        candidates.append(root)
    else:
        here = file.absolute().parent
        candidates += [folder for folder in (here, here.parent) if (folder / TARGETS).is_file()]
        candidates.append(None)
    for candidate in candidates:
        try:
            found = find_root(candidate)
        except RootNotFound:
            if root is not None:
                raise
            continue
        project, _findings = load_checked(found)
        return project.catalogue
    return None


@app.command(
    "diff",
    help=N_(
        "The figures that changed between two revisions, and every status, pace light or rank that flips.\n"
        "\n"
        "No REV: the working tree against HEAD. One REV: that commit against the working tree. Two: REV against\n"
        "REV2. --staged: what the next commit records (the index against HEAD, or against REV)."
    ),
)
@view_command
def diff_command(
    rev: Annotated[
        str | None, typer.Argument(metavar="[REV]", show_default=False, help=N_("A commit (HEAD~1, a tag, a hash)."))
    ] = None,
    rev2: Annotated[
        str | None, typer.Argument(metavar="[REV2]", show_default=False, help=N_("A second commit."))
    ] = None,
    staged: Annotated[
        bool, typer.Option("--staged", "--cached", help=N_("Compare the index (what git commit records)."))
    ] = False,
    *,
    out: Output,
) -> None:
    from sciplan.app.loader import find_root
    from sciplan.app.versions import InvalidAtRevision, diff
    from sciplan.views.changes import diff_view

    try:
        changes = diff(find_root(out.root), rev, rev2, staged=staged, use_cache=out.use_cache)
    except InvalidAtRevision as exc:
        print_problems(exc.problems)
        raise SciplanError(str(exc)) from None
    out.show(diff_view(changes.comparison, changes.new.catalogue, changes.old_label, changes.new_label))


@app.command(
    "history",
    help=N_(
        "One figure through its commits: when its value, stage, source or note changed, and by how much.\n"
        "\n"
        "Ends with the total revision from the first estimate to the latest figure, and the knock-on\n"
        "change of each indicator computed from it."
    ),
)
@view_command
def history_command(
    ident: Annotated[
        str, typer.Argument(metavar="ID", show_default=False, help=N_("An indicator: its id, or its name."))
    ],
    year: Annotated[int | None, year_option(N_("The year (default: the latest with a figure)."))] = None,
    month: Annotated[int | None, month_option(N_("The figure at the end of month N (months:)."))] = None,
    *,
    out: Output,
) -> None:
    from sciplan.app.loader import find_root
    from sciplan.app.versions import history
    from sciplan.views.changes import history_view

    found = history(find_root(out.root), ident, year, month, use_cache=out.use_cache)
    out.show(history_view(found.log, found.indicator, found.catalogue, found.year, found.month, found.day))
