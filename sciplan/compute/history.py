"""`history`: one figure through the commits that touched its year file.

The commits come from one `git log --follow` (a moved file is followed), the versions of targets.yaml
and the year file from one `git cat-file --batch-check` and one `git cat-file --batch`; each version is
read by sciplan's own loader once per pair of blobs and remembered in the cache by their hashes, and the
whole answer by HEAD, file and figure. A row is a commit where the figure, its stage, source or note
differs from every parent's (so a merge counts only when it changed the figure itself); an indicator
whose id changed while its name stayed is followed by its name.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, NamedTuple

from sciplan.compute.figures import Figure, actuals_period, by_period
from sciplan.core.chars import CONTROL
from sciplan.core.i18n import _
from sciplan.core.problem import Problem, SciplanError, errors

if TYPE_CHECKING:
    from sciplan.core.records import Catalogue
    from sciplan.store.git import Repository


class Revision(NamedTuple):
    commit: str
    short: str
    date: str
    author: str
    message: str
    path: str  # the year file's path (from the repository's top) at this commit
    figure: Figure | None
    derived: dict[str, tuple[Fraction, str | None]]  # formula indicators computed from it: value, stage


class State(NamedTuple):
    """What one version of the year file says (with the catalogue of its commit)."""

    figures: dict[str, Figure]  # by path text (actuals.x, months.6.x)
    # the figures not in the file, computed (by formula, from parts or summed from the units) for each span it
    # holds, by the same path text: months.9.rd_intensity stays what it was when October's figures come
    derived: dict[str, tuple[Fraction, str | None]]
    names: dict[str, str]  # id -> name in that commit's targets.yaml
    problem: str | None  # the first error that kept its figures out
    span: str = "actuals"  # the key part of what its actuals cover: actuals (the year), months.6, days.<iso>


class Log(NamedTuple):
    revisions: list[Revision]
    broken: list[tuple[str, str]]  # (short hash, the problem) of versions that could not be read
    shallow: bool


def history(
    repo: Repository, year: int, ident: str, name: str, month: int | None = None, day: str | None = None
) -> Log:
    """Every commit (oldest first) where the figure of `ident` (known as `name`) in `year` changed
    — its value, stage, source or note. `month` picks the figure at the end of that month (the
    1–N月 figure: an open year's actuals as of that month's end, or `months: N`), `day` an as_of
    within a month (an ISO date); neither, the whole year's. A figure of another span is another
    figure: a month's roll-over is never a revision."""
    from sciplan.store.snapshot import DATA, TARGETS

    if repo.head is None:
        raise SciplanError(_("the repository has no commits yet: the data has no history to show"))
    head_commit, shallow_text = repo.head, "true" if repo.shallow() else "false"
    path = _year_path(repo, year)
    remembered = _Remembered(repo, (head_commit, shallow_text, path, year, ident, name, month, day))
    if remembered.log is not None:
        return remembered.log
    out = repo.run(
        "log", "--follow", "--format=%x1e%H%x1f%h%x1f%ad%x1f%an%x1f%s%x1f%P", "--date=short",
        "--name-status", "HEAD", "--", path,
    )  # fmt: skip
    commits = []
    for record in out.split("\x1e")[1:]:
        head, *rest = record.strip("\n").split("\n")
        full, short, date, author, subject, parent_text = head.split("\x1f")
        # a commit's author and message are anyone's text: no escape sequence or bidi control reaches a terminal
        author, subject = CONTROL.sub("\ufffd", author), CONTROL.sub("\ufffd", subject)
        here, before = path, path
        for line in rest:
            parts = line.split("\t")
            if len(parts) == 3 and parts[0][:1] in "RC":
                before, here = parts[1], parts[2]
            elif len(parts) == 2 and not parts[1].startswith(path + "/"):  # not a file inside a folder of its name
                here = before = parts[1]
        commits.append((full, short, date, author, subject, parent_text.split(), here, before))
        path = before  # older commits know the file by its older name

    def targets_of(p: str) -> str:
        folder = p.rsplit("/", 2)[0] + "/" if p.count("/") >= 2 else ""
        return folder + TARGETS if p.rsplit("/", 2)[-2:-1] == [DATA] else repo.prefix + TARGETS

    names: list[str] = []
    for full, _s, _d, _a, _m, parents, here, before in commits:
        names += [f"{full}:{here}", f"{full}:{targets_of(here)}"]
        for p in parents:
            names += [f"{p}:{before}", f"{p}:{targets_of(before)}"]
    from sciplan.store.git import FOLDER

    oids = repo.object_ids(names)
    states = _States(repo, year)
    states.prefetch([o for o in oids.values() if o != FOLDER])
    key = f"days.{day}.{ident}" if day else f"months.{month}.{ident}" if month and month != 12 else f"actuals.{ident}"
    span = key.rsplit(".", 1)[0]
    revisions: list[Revision] = []
    broken: list[tuple[str, str]] = []

    def figure_at(commit: str, p: str) -> tuple[State | None, Figure | tuple | None]:
        """The version's figure; for an indicator computed by its formula (not in the file), its value
        and stage as computed there — `("=", value, stage)` — when the version's actuals are of the span."""
        pair = (oids.get(f"{commit}:{targets_of(p)}"), oids.get(f"{commit}:{p}"))
        if pair[1] is None:
            return None, None
        if pair[1] == FOLDER:  # the year file is a folder at this commit: what the working tree would say
            return State({}, {}, {}, "1:1: unreadable: " + _("is a folder, not a file")), None
        state = states.get(pair)
        own = (
            ident
            if ident in state.names or name not in state.names.values()
            else next(i for i, n in state.names.items() if n == name)
        )
        figure = state.figures.get(f"{span}.{own}")
        if figure is None and f"{span}.{own}" in state.derived:
            return state, ("=", *state.derived[f"{span}.{own}"])
        return state, figure

    for full, short, date, author, subject, parents, here, before in reversed(commits):
        state, figure = figure_at(full, here)
        if state is not None and state.problem is not None:
            broken.append((short, state.problem))
            continue
        earlier = [figure_at(p, before) for p in parents]
        earlier = [(s, f) for s, f in earlier if s is None or s.problem is None]
        if earlier and any(f == figure for _s, f in earlier):
            continue
        if not earlier and figure is None:
            continue
        # what is computed from the figure, in the same span
        derived = {k[len(span) + 1 :]: v for k, v in state.derived.items() if k.startswith(span + ".")} if state else {}
        shown = figure if isinstance(figure, Figure) else None  # a computed value is in `derived`
        revisions.append(Revision(full, short, date, author, subject, here, shown, derived))
    states.save()
    log = Log(revisions, broken, shallow_text == "true")
    remembered.save(log)
    return log


class _Remembered:
    """The whole answer for one commit, file and figure: a second `history` of an unchanged HEAD
    reads it back, running no git but `rev-parse`."""

    PART = "history-log"

    def __init__(self, repo: Repository, question: tuple):
        from sciplan.store import cache
        from sciplan.store.snapshot import Snapshot

        self.repo = repo
        self.fingerprint = None
        self.log: Log | None = None
        if cache.enabled():
            code = cache.key(Snapshot({}, None))
            self.fingerprint = cache.key(Snapshot({"q": repr((code, question)).encode()}, None))
            plain = cache.read(repo.root, self.PART, self.fingerprint)
            if plain is not None:
                try:
                    self.log = _log_of(plain)
                except (TypeError, ValueError):
                    self.log = None

    def save(self, log: Log) -> None:
        from sciplan.store import cache

        if self.fingerprint is not None:
            cache.write(self.repo.root, self.PART, self.fingerprint, _plain_log(log))


def _plain_log(log: Log) -> tuple:
    revisions = [
        (*r[:6], None if r.figure is None else (str(r.figure.value), *r.figure[1:]),
         {k: (v.numerator, v.denominator, s) for k, (v, s) in r.derived.items()})
        for r in log.revisions
    ]  # fmt: skip
    return (revisions, [list(b) for b in log.broken], log.shallow)


def _log_of(plain: tuple) -> Log:
    revisions, broken, shallow = plain
    return Log(
        [
            Revision(
                r[0], r[1], r[2], r[3], r[4], r[5], None if r[6] is None else Figure(Decimal(r[6][0]), *r[6][1:]),
                {k: (Fraction(n, d), s) for k, (n, d, s) in r[7].items()},
            )
            for r in revisions
        ],
        [(a, b) for a, b in broken],
        bool(shallow),
    )  # fmt: skip


def _year_path(repo: Repository, year: int) -> str:
    """The year file's path from the repository's top, as the working tree (else HEAD) names it."""
    from sciplan.store.snapshot import DATA

    for suffix in (".yaml", ".yml", ".YAML", ".YML"):
        if (repo.root / DATA / f"{year}{suffix}").exists():
            return f"{repo.prefix}{DATA}/{year}{suffix}"
    _targets, data, _has = repo.entries("HEAD")
    for entry in data:
        if entry.path.rsplit("/", 1)[-1].split(".")[0] == str(year):
            return entry.path
    raise SciplanError(
        _("{file} is not in the working tree or at HEAD: it has no history here").format(
            file=f"{repo.prefix}{DATA}/{year}.yaml"
        )
    )


class _States:
    """Each version of the year file read once: by the pair of blob hashes (targets.yaml, year
    file), from the cache when it was read before."""

    PART = "history"

    def __init__(self, repo: Repository, year: int):
        from sciplan.store import cache
        from sciplan.store.snapshot import Snapshot

        self.repo, self.year = repo, year
        self.fingerprint = cache.key(Snapshot({}, None)) if cache.enabled() else None
        stored = cache.read(repo.root, self.PART, self.fingerprint) if self.fingerprint else None
        self.plain: dict = stored if isinstance(stored, dict) else {}
        self.added = False
        self.catalogues: dict[str | None, tuple[Catalogue | None, str | None]] = {}
        self.states: dict[tuple, State] = {}

    def prefetch(self, oids: list[str]) -> None:
        """Read every blob not yet known, all in one `git cat-file --batch`."""
        known = {o for key in self.plain for o in key.split(":")[:2]}
        self.repo.blobs([o for o in oids if o not in known])

    def get(self, pair: tuple[str | None, str | None]) -> State:
        if pair in self.states:
            return self.states[pair]
        key = f"{pair[0]}:{pair[1]}:{self.year}"
        plain = self.plain.get(key)
        if plain is None:
            plain = self._read(pair)
            self.plain[key] = plain
            self.added = True
        figs, derived, names, problem, span = plain
        state = State(
            {k: Figure(Decimal(v[0]), *v[1:]) for k, v in figs.items()},
            {k: (Fraction(n, d), s) for k, (n, d, s) in derived.items()},
            names,
            problem,
            span,
        )
        self.states[pair] = state
        return state

    def _catalogue(self, oid: str | None) -> tuple[Catalogue | None, str | None]:
        """The catalogue of a version of targets.yaml (read once per blob), or why there is none."""
        from sciplan.load.parser import parse_source
        from sciplan.store.snapshot import TARGETS
        from sciplan.validate.catalogue import catalogue
        from sciplan.validate.schema import TargetsFile
        from sciplan.validate.structure import validate

        if oid not in self.catalogues:
            blob = self.repo.blobs([oid]).get(oid) if oid else None
            found: Catalogue | None = None
            doc, problems = parse_source(blob if blob is not None else b"", TARGETS)
            if blob is not None and doc is not None:
                shape, more, set_aside = validate(TargetsFile, doc)
                problems += more
                if shape is not None:
                    found, more = catalogue(shape, doc, set_aside)
                    problems += more
            bad = errors(problems)
            why = _("no targets.yaml") if blob is None else _first(bad) if bad or found is None else None
            self.catalogues[oid] = (found, why)
        return self.catalogues[oid]

    def _read(self, pair: tuple[str | None, str | None]) -> tuple:
        from sciplan.compute.figures import path_text
        from sciplan.compute.observed import observed
        from sciplan.compute.periods import at_month
        from sciplan.core.records import ValidProject, project_of
        from sciplan.load.parser import parse_source
        from sciplan.store.snapshot import DATA
        from sciplan.validate.schema import DataFile
        from sciplan.validate.structure import validate
        from sciplan.validate.yeardata import year_data

        targets_oid, year_oid = pair
        cat, why = self._catalogue(targets_oid)
        if cat is None:
            return ({}, {}, {}, f"targets.yaml: {why}", "actuals")
        name = f"{DATA}/{self.year}.yaml"
        doc, problems = parse_source(self.repo.blobs([year_oid or ""]).get(year_oid or "", b""), name)
        data = None
        if doc is not None:
            shape, found, set_aside = validate(DataFile, doc)
            problems += found
            if shape is not None:
                data, found = year_data(shape, doc, self.year, cat, frozenset(), set_aside.get("actuals", frozenset()))
                problems += found
        bad = errors(problems)
        if bad or data is None:
            return ({}, {}, {}, _first(bad), "actuals")
        project = project_of(self.repo.root, cat, {self.year: data}, [])
        assert isinstance(project, ValidProject)  # a catalogue was read
        figs = {path_text(k): (str(f.value), *f[1:]) for k, f in by_period(data).items()}
        span = ".".join(str(p) for p in actuals_period(data)) or "actuals"
        summed = {i for values in (*data.units.values(), *(u for m in data.unit_months.values() for u in m.values()))
                  for i in values}  # fmt: skip
        computed = [i.id for i in cat.indicators.values() if i.formula is not None or i.parts or i.id in summed]
        views: list[tuple[str, ValidProject | None]] = [(span, project)]
        views += [
            (f"months.{m}", at_month(project, self.year, m))
            for m in sorted(set(data.months) | set(data.unit_months))
            if f"months.{m}" != span and not (m == 12 and data.complete)
        ]
        derived = {}
        for where, view in views:
            for ident in computed if view is not None else ():
                got = observed(view, ident, self.year)  # type: ignore[arg-type]
                if got is not None and got.via is not None:
                    derived[f"{where}.{ident}"] = (got.value.numerator, got.value.denominator, got.stage)
        return (figs, derived, {i.id: i.name for i in cat.indicators.values()}, None, span)

    def save(self) -> None:
        from sciplan.store import cache

        if self.added and self.fingerprint:
            cache.write(self.repo.root, self.PART, self.fingerprint, self.plain)


def _first(problems: list[Problem]) -> str:
    """The first problem, without its file (the commit names it): `3:7: yaml-syntax: …`."""
    if not problems:
        return "?"
    p = problems[0]
    return f"{p.line}:{p.column}: {p.code}: {p.message}"
