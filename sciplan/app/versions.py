"""What `diff` and `history` ask of a data root in git: the project at a revision, in the index or in
the working tree, checked as `check` checks it; the comparison of two of them; one figure's commits.

A Python caller gets values (`diff(root, "HEAD~1")` is a `Changes`); errors are exceptions:
`InvalidAtRevision` (the data at a revision has errors, each located with the revision named),
`store.git.GitError` and `store.git.BadRevision`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from sciplan.core.i18n import _
from sciplan.core.problem import Problem, SciplanError, UsageError, errors

if TYPE_CHECKING:
    from sciplan.compute.history import Log
    from sciplan.compute.revisions import Comparison
    from sciplan.core.records import Catalogue, Indicator, Project, ValidProject
    from sciplan.store.git import Repository


class InvalidAtRevision(SciplanError):
    """The data at a revision has errors: no figure is compared with broken data (exit 1)."""

    def __init__(self, label: str, problems: list[Problem]):
        super().__init__(
            _("the data at {rev} has errors; figures are compared only between valid data").format(rev=label)
        )
        self.problems = problems  # located as `REV:data/2022.yaml:3:5`


class FigureHistory(NamedTuple):
    indicator: Indicator
    catalogue: Catalogue
    year: int
    month: int | None  # the figure at the end of month N (an open year's actuals: its as_of month)
    day: str | None  # an open year's as_of within a month (ISO date), when that is the span followed
    log: Log


class Changes(NamedTuple):
    comparison: Comparison
    old: ValidProject
    new: ValidProject
    old_label: str
    new_label: str


def diff(
    root: Path | str, rev: str | None = None, rev2: str | None = None, *, staged: bool = False, use_cache: bool = True
) -> Changes:
    """No rev: the working tree against HEAD; one: that commit against the working tree; two: rev against
    rev2; `staged`: the index against rev (default HEAD)."""
    from sciplan.compute.revisions import compare
    from sciplan.store.git import INDEX, Repository

    if staged and rev2 is not None:
        raise UsageError(_("the index is compared with one revision; give at most one"), code="staged-two-revisions")
    root = Path(root)
    repo = Repository(root)
    old_label = rev or "HEAD"
    old = project_at(repo, repo.commit(old_label), old_label, "rev0", use_cache)
    if staged:
        new_label = _("the index")
        new = project_at(repo, INDEX, new_label, "rev1", use_cache)
    elif rev2 is not None:
        new_label = rev2
        new = project_at(repo, repo.commit(rev2), rev2, "rev1", use_cache)
    else:
        new_label = _("the working tree")
        new = working_tree(root, use_cache)
    return Changes(compare(old, new), old, new, old_label, new_label)


def project_at(repo: Repository, commit: str, label: str, slot: str = "rev0", use_cache: bool = True) -> ValidProject:
    """The project at a commit (or store.git.INDEX), checked; cached by the bytes of its files under
    `slot` (one entry a slot: the two sides of a diff keep theirs)."""
    from sciplan.app.loader import load_project
    from sciplan.check import rules
    from sciplan.store import cache

    snap, _oids = repo.snapshot(commit, label)
    fingerprint = cache.key(snap) if use_cache and cache.enabled() else None
    hit = cache.read(repo.root, slot, fingerprint) if fingerprint else None
    if hit is not None:
        project, findings = hit
    else:
        project = load_project(repo.root, snap)
        findings = rules.run(project, rules.RULES, include_loading=False)
        project._documents.clear()
        if fingerprint:
            cache.write(repo.root, slot, fingerprint, (project, findings))
    return _valid(project, findings, f"{label}:{repo.prefix}", label)


def working_tree(root: Path, use_cache: bool = True) -> ValidProject:
    from sciplan.app.loader import load_checked

    project, findings = load_checked(root, use_cache=use_cache)
    return _valid(project, findings, "", _("the working tree"))


def _valid(project: Project, findings: list[Problem], prefix: str, label: str) -> ValidProject:
    from sciplan.core.records import ValidProject

    blocking = errors(project.problems) + [p for p in errors(findings) if p.code != "missing-actual"]
    if blocking or not isinstance(project, ValidProject):
        raise InvalidAtRevision(label, [p._replace(file=prefix + p.file) for p in blocking or project.problems])
    return project


def history(
    root: Path | str, indicator: str, year: int | None = None, month: int | None = None, *, use_cache: bool = True
) -> FigureHistory:
    """The commits that changed one figure (compute.history.Log), with the indicator, the year and
    the span followed: `month` as asked, else an open year's as_of (the 1–9月 figure); a whole year's."""
    from sciplan.app import query
    from sciplan.app.loader import load_checked
    from sciplan.compute.figures import actuals_period
    from sciplan.compute.history import history as walk
    from sciplan.core.problem import InvalidData
    from sciplan.core.records import ValidProject
    from sciplan.store.git import Repository

    root = Path(root)
    repo = Repository(root)
    project, _findings = load_checked(root, use_cache=use_cache)
    if not isinstance(project, ValidProject):
        raise InvalidData(project.problems)
    ind: Indicator = query.indicator(project.catalogue, indicator)
    if year is None:
        reported = [
            y for y, d in project.years.items() if ind.id in d.actuals or any(ind.id in m for m in d.months.values())
        ]
        if not reported and not project.years:
            raise SciplanError(_("no data/<YEAR>.yaml here: say which year"), code="history-no-year")
        year = max(reported or project.years)
    day = None
    data = project.years.get(year)
    if month is None and data is not None:
        # an open year's figure is the one of its span now (1–9月): earlier spans are other figures (--month 6)
        span = actuals_period(data)
        if span[:1] == ("months",):
            month = span[1]
        elif span[:1] == ("days",):
            day = span[1]
    log: Log = walk(repo, year, ind.id, ind.name, month, day)
    return FigureHistory(ind, project.catalogue, year, month, day, log)


__all__ = [
    "Changes",
    "FigureHistory",
    "InvalidAtRevision",
    "Repository",
    "diff",
    "history",
    "project_at",
    "working_tree",
]
