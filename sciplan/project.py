"""The whole data root: find it, then load -> validate -> build every file, collecting problems.

root/
  targets.yaml        the plan (required)
  data/<YEAR>.yaml    the actuals of one year each
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from sciplan.i18n import _
from sciplan.problem import Problem, RootNotFound, in_order
from sciplan.records import Catalogue, Project, YearData

TARGETS = "targets.yaml"
DATA = "data"
ENV_ROOT = "SCIPLAN_ROOT"
_YEAR_FILE = re.compile(r"(\d{4})\.ya?ml", re.IGNORECASE)
_YAML = (".yaml", ".yml")


def find_root(explicit: Path | str | None = None, start: Path | None = None) -> Path:
    """`--root`, else `$SCIPLAN_ROOT`, else the first of the current folder and its parents
    that holds targets.yaml (as git finds .git)."""
    given = explicit or os.environ.get(ENV_ROOT) or None
    if given:
        root = Path(given).expanduser()
        if not root.exists():
            raise RootNotFound(_("{root}: no such folder").format(root=given))
        if not root.is_dir():
            raise RootNotFound(
                _("{root}: is a file; --root names the folder that holds targets.yaml").format(root=given)
            )
        if not (root / TARGETS).exists():
            raise RootNotFound(
                _("{root}: no targets.yaml here; a data root holds targets.yaml and data/").format(root=given)
            )
        return root
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / TARGETS).exists():  # even a broken one (a folder, unreadable): loading says why
            return folder
    raise RootNotFound(
        _(
            "no targets.yaml in {folder} or any folder above it; run sciplan inside a data root or pass "
            "--root DIR (or set SCIPLAN_ROOT)"
        ).format(folder=here)
    )


def load_project(root: Path) -> Project:
    """Read every file under the root. Never raises for bad data: problems are collected."""
    # Imported here, not above: a cache hit never parses, and pydantic and yaml cost start-up time.
    from sciplan.load import read_document
    from sciplan.validate import build
    from sciplan.validate.schema import DataFile, TargetsFile, validate

    problems: list[Problem] = []
    catalogue: Catalogue | None = None
    broken: frozenset[str] = frozenset()
    broken_milestones: frozenset[str] = frozenset()

    doc, found = read_document(root / TARGETS, TARGETS)
    problems += found
    if doc is not None:
        shape, found, set_aside = validate(TargetsFile, doc)
        problems += found
        broken = set_aside.get("indicators", frozenset())
        if shape is not None:
            catalogue, found = build.catalogue(shape, doc, set_aside)
            problems += found
        # a milestone written but unreadable (a bad due:) has its one error there, none in data files
        built = {m.id for m in catalogue.milestones} if catalogue is not None else set()
        broken_milestones = build.written_ids(doc, "milestones") - built

    years: dict[int, YearData] = {}
    for year, path in _data_files(root, problems):
        file = f"{DATA}/{path.name}"
        doc, found = read_document(path, file)
        problems += found
        if doc is None:
            continue
        shape, found, set_aside = validate(DataFile, doc)
        problems += found
        if shape is None:
            continue
        data, found = build.year_data(
            shape, doc, year, catalogue, broken, set_aside.get("actuals", frozenset()), broken_milestones
        )
        problems += found
        years[year] = data
    if catalogue is not None:
        catalogue = with_decimals(catalogue, years)
    return Project(root=root, catalogue=catalogue, years=dict(sorted(years.items())), problems=in_order(problems))


def with_decimals(catalogue: Catalogue, years: dict[int, YearData]) -> Catalogue:
    """Each indicator's `decimals`, fixed once for every year: as targets.yaml says, else the
    default for its unit and the figures written for it (views/display.py), so the same target
    reads the same way in every year's scorecard."""
    from sciplan.views.display import default_decimals

    indicators = {}
    for ident, ind in catalogue.indicators.items():
        if ind.decimals is None:
            figures: list = [a.value for y in years.values() if (a := y.actuals.get(ident)) is not None]
            figures += [a.value for y in years.values() for u in y.units.values() if (a := u.get(ident)) is not None]
            for entry in ind.targets.values():
                if entry.target.kind in ("level", "increase"):
                    figures += [entry.target.amount] + ([entry.target.stretch] if entry.target.stretch else [])
            indicators[ident] = ind._replace(decimals=default_decimals(ind.unit, figures))
        else:
            indicators[ident] = ind
    return catalogue._replace(indicators=indicators)


def load_checked(root: Path, *, use_cache: bool = True) -> tuple[Project, list[Problem]]:
    """The project and the findings of every cross-file rule (validate/rules.py), from the cache when the
    root's files are unchanged since they were last checked."""
    from sciplan import cache

    fingerprint = cache.key(root, _inputs(root)) if use_cache and cache.enabled() else None
    if fingerprint is not None:
        hit = cache.read(root, "project", fingerprint)
        if hit is not None:
            project, findings = hit
            project.root = root
            return project, findings
    return _load_and_check(root, fingerprint)


def all_problems(root: Path, *, use_cache: bool = True) -> list[Problem]:
    """Every problem `sciplan check` reports: loading's and the rules'. A repeated check of
    unchanged files reads only this small list from the cache."""
    from sciplan import cache

    fingerprint = cache.key(root, _inputs(root)) if use_cache and cache.enabled() else None
    if fingerprint is not None:
        hit = cache.read(root, "problems", fingerprint)
        if hit is not None:
            return hit
    project, findings = _load_and_check(root, fingerprint)
    return in_order(project.problems + findings)


def _load_and_check(root: Path, fingerprint: str | None) -> tuple[Project, list[Problem]]:
    from sciplan import cache
    from sciplan.validate import rules

    project = load_project(root)
    findings = rules.run(project, rules.RULES, include_loading=False)
    if fingerprint is not None and cache.key(root, _inputs(root)) != fingerprint:
        fingerprint = None  # a file changed while it was read: keep no entry that might be stale
    if fingerprint is not None:
        cache.write(root, "problems", fingerprint, in_order(project.problems + findings))
        cache.write(root, "project", fingerprint, (cache.pack(project), findings))
    return project, findings


def _inputs(root: Path) -> list[tuple[str, Path]]:
    """Every file load_project reads (by name as shown), for the cache key."""
    files = [(TARGETS, root / TARGETS)]
    folder = root / DATA
    if folder.is_dir():
        files += [(f"{DATA}/{p.name}", p) for p in sorted(folder.iterdir()) if p.suffix.lower() in _YAML]
    else:  # a year file beside targets.yaml changes the no-data warning
        files += [(p.name, p) for p in sorted(root.iterdir()) if _YEAR_FILE.fullmatch(p.name)]
    return files


def _data_files(root: Path, problems: list[Problem]) -> list[tuple[int, Path]]:
    folder = root / DATA
    if not folder.is_dir():
        misplaced = sorted(p.name for p in root.iterdir() if _YEAR_FILE.fullmatch(p.name)) if root.is_dir() else []
        hint = _("; {files} belong in data/").format(files=", ".join(misplaced)) if misplaced else ""
        message = _("no data/ folder beside targets.yaml: no actuals yet") + hint
        problems.append(Problem(TARGETS, 1, 1, "warning", "no-data", message))
        return []
    files: dict[int, Path] = {}
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() not in _YAML:
            continue
        m = _YEAR_FILE.fullmatch(path.name)
        file = f"{DATA}/{path.name}"
        if not m:
            problems.append(
                Problem(
                    file,
                    1,
                    1,
                    "error",
                    "file-name",
                    _("data files are named by year, e.g. data/2021.yaml; rename {name}").format(name=path.name),
                )
            )
        elif int(m.group(1)) in files:
            problems.append(
                Problem(
                    file,
                    1,
                    1,
                    "error",
                    "file-name",
                    _("year {year} also has data/{other}; keep one file per year").format(
                        year=m.group(1), other=files[int(m.group(1))].name
                    ),
                )
            )
        else:
            files[int(m.group(1))] = path
    return sorted(files.items())
