"""The commands about the data's history in git: flat (one fact per line, a git textconv), diff (the
figures that changed between revisions, and what flipped) and history (one figure through its
commits)."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from sciplan.cli.app import app
from sciplan.cli.options import RootOption
from sciplan.i18n import N_, _
from sciplan.problem import SciplanError, errors
from sciplan.process import print_problems, reporting


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
        from sciplan.sources import MAX_FILE_BYTES, read_source
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
    from sciplan.problem import RootNotFound
    from sciplan.project import find_root, load_checked
    from sciplan.sources import TARGETS

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
