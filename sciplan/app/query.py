"""What each command asks of a data root, decided here rather than on the command line: which
problems block which command, which plan and indicator a name means, which year `compare` shows.

Every refusal is an exception the command line turns into one line and an exit code: InvalidData
(exit 1), SciplanError (1), UsageError (2, with a did-you-mean where a name was mistyped).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from sciplan.core.i18n import _
from sciplan.core.problem import InvalidData, Problem, SciplanError, UsageError, did_you_mean, errors

if TYPE_CHECKING:
    from sciplan.core.records import Catalogue, Indicator, Plan, Project, ValidProject


def load(root: Path | None, use_cache: bool = True) -> tuple[Project, list[Problem]]:
    """The project and the cross-file rules' findings (cached while the files are unchanged)."""
    from sciplan.app.loader import find_root, load_checked

    return load_checked(find_root(root), use_cache=use_cache)


class Checked(NamedTuple):
    """A root whose files a command may compute from: the project, its catalogue, the cross-file rules'
    findings, and the files left unread because of their errors (the command says so; see `valid`)."""

    project: ValidProject
    catalogue: Catalogue
    findings: list[Problem]
    unread: list[str]


def checked(root: Path | None, use_cache: bool = True, years: tuple[int, ...] | None = None) -> Checked:
    """The project, its catalogue and the rules' findings; InvalidData if a file the command reads
    has an error: no number is computed from broken data. With `years`, the command reads only
    targets.yaml and those years' files: an error elsewhere (an `xx` left in an old year) blocks
    nothing, and that file is listed in `unread` (the command line warns of each, pointing at
    `sciplan check`). Prints nothing."""
    from sciplan.core.records import ValidProject
    from sciplan.store.snapshot import year_of_file

    project, findings = load(root, use_cache)
    # the rules' errors block as the files' own do (a formula giving 10^27 is no figure to show), but
    # a final year's missing actual is the `missing` status the scorecard exists to show
    blocking = errors(project.problems) + [p for p in errors(findings) if p.code != "missing-actual"]
    unread: list[str] = []
    if years is not None:
        # a misnamed file (数据.yaml) may hold any year, the needed one too: it still blocks
        unread = sorted({p.file for p in blocking if year_of_file(p.file) not in (None, *years)})
        blocking = [p for p in blocking if p.file not in unread]
    if blocking or not isinstance(project, ValidProject):  # no catalogue only with an error
        raise InvalidData(blocking or project.problems)
    return Checked(project, project.catalogue, findings, unread)


def valid(
    root: Path | None, use_cache: bool = True, years: tuple[int, ...] | None = None
) -> tuple[ValidProject, Catalogue, list[Problem]]:
    """`checked` without the list of unread files (prints nothing; sciplan.api returns a warning for each)."""
    project, catalogue, findings, _unread = checked(root, use_cache, years)
    return project, catalogue, findings


def valid_plan(root: Path | None, use_cache: bool = True) -> tuple[ValidProject, Catalogue]:
    """The project and its catalogue, or InvalidData if targets.yaml has an error. For commands that
    read only the plan (indicators, init): a broken data file must not stop an analyst from listing
    the targets or starting next year's file."""
    from sciplan.core.records import ValidProject
    from sciplan.store.snapshot import TARGETS

    project, _findings = load(root, use_cache)
    own = [p for p in project.problems if p.file == TARGETS]
    if errors(own) or not isinstance(project, ValidProject):
        raise InvalidData(own if errors(own) else project.problems)
    return project, project.catalogue


def year_warnings(project: Project, findings: list[Problem], year: int) -> list[Problem]:
    """The warnings about the year shown (a likely unit mix-up, …): `status` prints them."""
    data = project.years.get(year)
    return [] if data is None else [p for p in findings if p.file == data.file and p.severity == "warning"]


def indicator(catalogue: Catalogue, ident: str) -> Indicator:
    """The indicator named by id or by name (exact, or a unique part of one), or a usage error that
    lists the candidates (several match) or suggests the nearest id or name (none does)."""
    found = catalogue.find(ident)
    if len(found) == 1:
        return found[0]
    if found:
        listed = ", ".join(f"{i.id} ({i.name})" for i in found[:8]) + (", …" if len(found) > 8 else "")
        raise UsageError(
            _("{ident!r} matches {n} indicators: {listed}; give the id").format(
                ident=ident, n=len(found), listed=listed
            )
        )
    names = list(catalogue.indicators) + [i.name for i in catalogue.indicators.values()]
    hint = did_you_mean(ident, names) or _("; `sciplan indicators` lists them")
    raise UsageError(_("no indicator {ident!r}").format(ident=ident) + hint)


def plans(catalogue: Catalogue, plan_id: str | None, year: int | None) -> list[Plan]:
    """The plan `plan_id` (default: every plan), checked against the year it is evaluated in."""
    chosen = list(catalogue.plans)
    if plan_id is not None:
        chosen = [p for p in chosen if p.id == plan_id]
        if not chosen:
            known = [p.id for p in catalogue.plans]
            listed = _("; plans: {ids}").format(ids=", ".join(known)) if known else ""
            raise UsageError(_("no plan {ident!r}").format(ident=plan_id) + (did_you_mean(plan_id, known) or listed))
    if not chosen:
        raise SciplanError(_("targets.yaml has no plans; add them under plans:"))
    if year is not None:
        early = [p for p in chosen if year < p.baseline]
        if early:
            fields = {"year": year, "plan": early[0].id, "baseline": early[0].baseline}
            raise UsageError(
                _("{year} is before the baseline year of {plan} ({baseline})").format(**fields),
                code="year-before-baseline",
                **fields,
            )
    return chosen


def compare_year(project: ValidProject, ind: Indicator, year: int | None) -> int:
    """The year `compare` shows: the one asked for, which peers must report, else the latest complete
    year in which they do. A year whose peers' figures are only under `peers: months:` (a roll-over moved
    them) is named with the month to ask for."""
    from sciplan.compute.peers import default_year, peer_years

    reported = peer_years(project, ind.id)
    if year is not None and year not in reported and (months := _peer_months(project, ind.id, year)):
        fields = {"name": ind.name, "year": year, "id": ind.id, "month": months[-1]}
        raise SciplanError(
            _(
                "{name}: in {year} the peer regions report it only at the end of month {month} (peers: months:); "
                "compare the regions at that month's end"
            ).format(**fields),
            code="peers-by-month",
            **fields,
        )
    if not reported:
        raise SciplanError(
            _("no peer region reports {name}; add their values under peers: in data/<YEAR>.yaml").format(name=ind.name)
        )
    if year is None:
        chosen = default_year(project, ind.id)
        assert chosen is not None  # some year is reported
        return chosen
    if year not in reported:
        raise SciplanError(
            _("no peer region reports {name} in {year}; they do in {years}").format(
                name=ind.name, year=year, years=", ".join(map(str, reported))
            )
        )
    return year


def _peer_months(project: ValidProject, ident: str, year: int) -> list[int]:
    """The months of `year` at whose end peer regions report `ident` (`peers: months: N:`)."""
    data = project.years.get(year)
    months = data.peer_months if data is not None else {}
    return sorted(m for m, regions in months.items() if any(ident in values for values in regions.values()))


def compare_at(project: ValidProject, ind: Indicator, year: int | None, month: int | None) -> tuple[ValidProject, int]:
    """The project and year `compare` shows: with `month`, the year (asked for, else the latest) as it
    stood at that month's end — the peers' figures of `peers: months: N:` in place of theirs."""
    from sciplan.compute.periods import month_view

    if month is None:
        return project, compare_year(project, ind, year)
    if year is None:
        year = max((y for y in project.years if month in project.years[y].peer_months), default=None) or max(
            project.years, default=None
        )
        if year is None:
            raise SciplanError(_("no data/<YEAR>.yaml here: say which year"))
    view = month_view(project, year, month)
    return view, compare_year(view, ind, year)


def has_units(catalogue: Catalogue) -> None:
    """`units` needs sub-units listed in targets.yaml."""
    if not catalogue.units:
        raise SciplanError(_("targets.yaml lists no units; add them under units: (e.g. units: [高新区, 黄桥镇])"))


def plan_of(root: Path | None, use_cache: bool = True) -> tuple[ValidProject, Catalogue]:
    """As `valid_plan`, but on a cache miss it reads targets.yaml alone (the project holds no year): for the
    commands that write figures, which check the whole root as it will be anyway."""
    from sciplan.app.loader import find_root, load_project
    from sciplan.core.records import ValidProject
    from sciplan.store import cache
    from sciplan.store.snapshot import TARGETS, Snapshot, snapshot

    root_dir = find_root(root)
    snap = snapshot(root_dir)
    if use_cache and cache.enabled() and cache.read(root_dir, "project", cache.key(snap)) is not None:
        return valid_plan(root_dir, use_cache)
    project = load_project(root_dir, Snapshot({TARGETS: snap.files[TARGETS]}, ()))
    own = [p for p in project.problems if p.file == TARGETS]
    if errors(own) or not isinstance(project, ValidProject):
        raise InvalidData(own if errors(own) else project.problems)
    return project, project.catalogue
