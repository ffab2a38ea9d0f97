"""The whole data root: find it, then load -> validate -> build every file, collecting problems.

root/
  targets.yaml        the plan (required)
  data/<YEAR>.yaml    the actuals of one year each
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sciplan.core.i18n import _, set_unit_word
from sciplan.core.problem import Problem, RootNotFound, in_order
from sciplan.core.records import Catalogue, Project, YearData, project_of
from sciplan.store.snapshot import DATA, TARGETS, Snapshot, snapshot, year_files

ENV_ROOT = "SCIPLAN_ROOT"


def find_root(explicit: Path | str | None = None, start: Path | None = None) -> Path:
    """`--root`, else `$SCIPLAN_ROOT`, else the first of the current folder and its parents
    that holds targets.yaml (as git finds .git)."""
    given = explicit or os.environ.get(ENV_ROOT) or None
    if given:
        root = Path(given).expanduser()
        try:
            if not root.exists():
                raise RootNotFound(_("{root}: no such folder").format(root=given))
            if not root.is_dir():
                raise RootNotFound(
                    _("{root}: is a file, not the folder that holds targets.yaml").format(root=given),
                    code="root-is-a-file",
                    root=given,
                )
            if not (root / TARGETS).exists():
                raise RootNotFound(
                    _("{root}: no targets.yaml here; a data root holds targets.yaml and data/").format(root=given)
                )
        except OSError as exc:  # a folder without read or search permission
            raise RootNotFound(_unreadable(given, exc)) from None
        return root
    try:
        here = (start or Path.cwd()).resolve()
    except OSError as exc:  # the current folder was deleted or cannot be read
        raise RootNotFound(_unreadable(".", exc)) from None
    for folder in (here, *here.parents):
        try:
            if (folder / TARGETS).exists():  # even a broken one (a folder, unreadable): loading says why
                return folder
        except OSError as exc:  # cannot tell: never pass over it to a root further up
            raise RootNotFound(_unreadable(folder, exc)) from None
    raise RootNotFound(
        _("no targets.yaml in {folder} or any folder above it").format(folder=here), code="no-root", folder=here
    )


def _unreadable(folder: object, exc: OSError) -> str:
    return _("{root}: cannot read the folder: {reason}").format(root=folder, reason=exc.strerror or exc)


def load_project(root: Path, snap: Snapshot | None = None) -> Project:
    """Load every file of the root (as read into `snap`, else read now). Never raises for bad
    data: problems are collected."""
    # Imported here, not above: a cache hit never parses, and pydantic and yaml cost start-up time.
    from sciplan.load.parser import parse_source
    from sciplan.validate.catalogue import catalogue as read_catalogue
    from sciplan.validate.catalogue import written_ids
    from sciplan.validate.datashape import data_shape
    from sciplan.validate.schema import DataFile, TargetsFile
    from sciplan.validate.structure import validate
    from sciplan.validate.yeardata import year_data

    snap = snap or snapshot(root)
    problems: list[Problem] = []
    catalogue: Catalogue | None = None
    broken: frozenset[str] = frozenset()
    broken_milestones: frozenset[str] = frozenset()
    documents = {}  # file -> Document, to locate the rules' findings (Project.problem)

    doc, found = parse_source(snap.files[TARGETS], TARGETS)
    problems += found
    if doc is not None:
        documents[TARGETS] = doc
        shape, found, set_aside = validate(TargetsFile, doc)
        problems += found
        broken = set_aside.get("indicators", frozenset())
        if shape is not None:
            catalogue, found = read_catalogue(shape, doc, set_aside)
            problems += found
            set_unit_word(catalogue.unit_word)  # the messages from here on call the units as the plan does
        # a milestone written but unreadable (a bad due:) has its one error there, none in data files
        built = {m.id for m in catalogue.milestones} if catalogue is not None else set()
        broken_milestones = written_ids(doc, "milestones") - built

    years: dict[int, YearData] = {}
    for year, file in _data_files(snap, problems):
        doc, found = parse_source(snap.files[file], file)
        problems += found
        if doc is None:
            continue
        documents[file] = doc
        # Read without pydantic when datashape.py can vouch for the file (a valid one, as pydantic reads it:
        # tests/test_datashape.py); else pydantic says what is wrong, located, and what it sets aside.
        shape, set_aside = data_shape(doc.data), {}
        if shape is None:
            shape, found, set_aside = validate(DataFile, doc)
            problems += found
        if shape is None:
            continue
        data, found = year_data(
            shape, doc, year, catalogue, broken, set_aside.get("actuals", frozenset()), broken_milestones
        )
        problems += found
        years[year] = data
    if catalogue is not None:
        catalogue = with_decimals(catalogue, years)
    years = dict(sorted(years.items()))
    return project_of(root, catalogue, years, in_order(problems), _documents=documents)


def with_decimals(catalogue: Catalogue, years: dict[int, YearData]) -> Catalogue:
    """Each indicator's `decimals`, fixed once for every year: as targets.yaml says, else the
    default for its unit and the figures written for it (core/numbers.py), so the same target
    reads the same way in every year's scorecard."""
    from sciplan.core.numbers import default_decimals

    indicators = {}
    for ident, ind in catalogue.indicators.items():
        if ind.decimals is None:
            figures: list[Any] = [a.value for y in years.values() if (a := y.actuals.get(ident)) is not None]
            figures += [a.value for y in years.values() for u in y.units.values() if (a := u.get(ident)) is not None]
            for entry in ind.targets.values():
                if entry.target.kind in ("level", "increase"):
                    figures += [entry.target.amount] + ([entry.target.stretch] if entry.target.stretch else [])
            indicators[ident] = ind._replace(decimals=default_decimals(ind.unit, figures))
        else:
            indicators[ident] = ind
    return catalogue._replace(indicators=indicators)


def load_checked(root: Path, *, use_cache: bool = True) -> tuple[Project, list[Problem]]:
    """The project and the findings of every cross-file rule (check/rules.py), from the cache when the
    root's files are unchanged since they were last checked."""
    from sciplan.store import cache

    snap = snapshot(root)
    fingerprint = cache.key(snap) if use_cache and cache.enabled() else None
    if fingerprint is not None:
        hit = cache.read(root, "project", fingerprint)
        if hit is not None:
            project, findings = hit
            project.root = root
            set_unit_word(project.catalogue.unit_word if project.catalogue is not None else None)
            _last_hit[:] = [(str(root), fingerprint, hit)]
            return project, findings
    return _load_and_check(root, snap, fingerprint)


_last_hit: list[tuple[str, str, Any]] = []  # the cache entry load_checked read last, for `cached_checked`


def cached_checked(root: Path, fingerprint: str) -> tuple[Project, list[Problem]] | None:
    """The cache's project and findings under `fingerprint` (None: not there): the entry `load_checked` just
    read, once, when it is that one (`set` reads the plan, then checks the edit on the same entry), so a
    large root's entry is not read twice."""
    from sciplan.store import cache

    if _last_hit and _last_hit[0][:2] == (str(root), fingerprint):
        hit = _last_hit.pop()[2]
    else:
        hit = cache.read(root, "project", fingerprint)
    return hit if isinstance(hit, tuple) else None


def all_problems(root: Path, *, use_cache: bool = True) -> list[Problem]:
    """Every problem `sciplan check` reports: loading's and the rules'. A repeated check of
    unchanged files reads only this small list from the cache."""
    from sciplan.store import cache

    snap = snapshot(root)
    fingerprint = cache.key(snap) if use_cache and cache.enabled() else None
    if fingerprint is not None:
        hit = cache.read(root, "problems", fingerprint)
        if hit is not None:
            problems: list[Problem] = hit
            return problems
    project, findings = _load_and_check(root, snap, fingerprint)
    return in_order(project.problems + findings)


def _load_and_check(root: Path, snap: Snapshot, fingerprint: str | None) -> tuple[Project, list[Problem]]:
    """Load and check the snapshot; store the result under the fingerprint of that same snapshot,
    so it describes exactly the bytes that were hashed, whatever happened to the files since."""
    from sciplan.check import rules
    from sciplan.store import cache

    project = load_project(root, snap)
    findings = rules.run(project, rules.RULES, include_loading=False)
    project._documents.clear()  # they served to locate the findings: free the parsed files
    if fingerprint is not None:
        cache.write(root, "problems", fingerprint, in_order(project.problems + findings))
        cache.write(root, "project", fingerprint, (project, findings))
    return project, findings


def _data_files(snap: Snapshot, problems: list[Problem]) -> list[tuple[int, str]]:
    """Each year's file as named in the snapshot; a problem for data/ itself or a misnamed file."""
    if isinstance(snap.listing, Problem):
        problems.append(snap.listing)
        return []
    if snap.listing is None:
        hint = _("; {files} belong in data/").format(files=", ".join(snap.misplaced)) if snap.misplaced else ""
        message = _("no data/ folder beside targets.yaml: no actuals yet") + hint
        problems.append(Problem(TARGETS, 1, 1, "warning", "no-data", message))
        return []
    found, misnamed = year_files(snap.listing)
    problems += misnamed
    return [(year, f"{DATA}/{name}") for year, name in found]
