"""`sciplan extract`: read the targets out of a plan document (工作要点 / 工作思路) for a person to review,
and `--apply` the reviewed file to targets.yaml."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from sciplan.cli.group import app
from sciplan.cli.options import Where, command_options, text_option, year_option
from sciplan.cli.process import print_problems
from sciplan.core.i18n import N_, _
from sciplan.core.problem import SciplanError, UsageError


@app.command(
    "extract",
    help=N_(
        "Read the targets and milestones out of a plan document (.docx, .pdf with text, .txt) into a review file.\n"
        "\n"
        "Finds the plan part (the heading given with --from, else the part titled 工作思路 / 工作要点 / 目标任务 / "
        "主要目标, else the whole text), proposes each target in sciplan's forms with the indicator it matches "
        "(or a new one), each milestone with its due, and lists every clause with a number it could not read. "
        "Edit accept: true|false in the review, then: sciplan extract --apply REVIEW.yaml."
    ),
)
@command_options
def extract_command(
    plan: Annotated[
        Path | None,
        typer.Argument(metavar="[PLAN]", show_default=False, help=N_("The plan document: .docx, .pdf or .txt.")),
    ] = None,
    year: Annotated[
        int | None, year_option(N_("The year the plan is for (default: the year its heading names)."))
    ] = None,
    heading: Annotated[
        str | None,
        typer.Option("--from", metavar="HEADING", show_default=False, help=N_("Read the part under this heading.")),
    ] = None,
    out: Annotated[
        Path | None, text_option("--out", "REVIEW.yaml", N_("Write the review file here (default: print it)."))
    ] = None,
    apply: Annotated[
        Path | None,
        text_option("--apply", "REVIEW.yaml", N_("Write the accepted proposals of a review file into targets.yaml.")),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help=N_("Replace an existing review file."))] = False,
    explain: Annotated[
        bool,
        typer.Option(
            "--explain",
            help=N_(
                "For each target proposed, print which rows of the phrasing table read it and how "
                "(the review then goes only to --out)."
            ),
        ),
    ] = False,
    *,
    where: Where,
) -> None:
    if apply is not None:
        if plan is not None:
            raise UsageError(_("--apply takes the review file only; give the plan or --apply, not both"))
        _apply(apply, where.root, where.use_cache)
        return
    if plan is None:
        raise UsageError(_("give the plan document (sciplan extract PLAN.docx) or --apply REVIEW.yaml"))
    _extract(plan, year, heading, out, force, where.root, where.use_cache, explain)


def _indicators(root: Path | None, use_cache: bool) -> dict:
    """The catalogue's indicators, to match clauses against; none when there is no data root."""
    from sciplan.app.loader import find_root
    from sciplan.app.query import valid_plan
    from sciplan.core.problem import RootNotFound

    try:
        found = find_root(root)
    except RootNotFound:
        if root is not None:
            raise
        return {}
    _project, catalogue = valid_plan(found, use_cache)
    return dict(catalogue.indicators)


def _extract(
    plan: Path,
    year: int | None,
    heading: str | None,
    out: Path | None,
    force: bool,
    root: Path | None,
    use_cache: bool,
    explain: bool = False,
) -> None:
    from sciplan.app.extract import propose
    from sciplan.app.review import review_text
    from sciplan.load.documents import read

    paragraphs = read(plan)
    indicators = _indicators(root, use_cache)
    proposals = propose(paragraphs, indicators, year, heading)
    text = review_text(proposals, plan)
    if explain:
        from sciplan.app.extract import explanation

        sys.stdout.write(explanation(proposals, indicators))
    if out is None:
        if not explain:
            sys.stdout.write(text)
    else:
        from sciplan.store.atomic import write_new

        write_new(out, text, force=force, force_hint=_(" (use --force to replace it)"))
    counts = _("{targets} targets, {milestones} milestones, {unread} clauses not understood").format(
        targets=len(proposals.targets), milestones=len(proposals.milestones), unread=len(proposals.unread)
    )
    where = proposals.part or _("the whole text")
    print(_("read {where} ({year}): {counts}").format(where=where, year=proposals.year, counts=counts), file=sys.stderr)
    if out is not None:
        print(_("review {file}, then: sciplan extract --apply {file}").format(file=out), file=sys.stderr)


def _apply(review_path: Path, root: Path | None, use_cache: bool) -> None:
    from sciplan.app.loader import find_root
    from sciplan.app.query import valid_plan
    from sciplan.app.review import BadReview, apply_plan, plan_apply, read_review

    found = find_root(root)
    project, _catalogue = valid_plan(found, use_cache)
    shown = str(review_path)
    try:
        review, doc = read_review(review_path, shown)
        plan = plan_apply(review, doc, shown, project)
    except BadReview as exc:
        print_problems(exc.problems)
        raise SciplanError(_("{file}: nothing written to targets.yaml").format(file=shown)) from None
    written = apply_plan(found, plan)
    if not written:
        message = _("nothing to write: targets.yaml already holds the {n} accepted targets").format(n=plan.present)
        if plan.present_milestones:
            message += _(" and the {n} accepted milestones").format(n=plan.present_milestones)
        print(message, file=sys.stderr)
        return
    if plan.targets:
        print(
            _("targets.yaml: {n} targets written ({new} new indicators); {present} were there already").format(
                n=len(plan.targets), new=len(plan.new), present=plan.present
            ),
            file=sys.stderr,
        )
    if plan.milestones:
        print(
            _("targets.yaml: {n} milestones written; {present} were there already").format(
                n=len(plan.milestones), present=plan.present_milestones
            ),
            file=sys.stderr,
        )
