"""The check of a root after one year file's edit (`set`, `import`), without loading the root again: the
project as last checked, from the cache, with that year read anew from the edited text, and every cross-file
rule run on it — what `check` would find in the root with the edited file, the same problems.

Only the edited year is parsed and validated (datashape.py's pydantic-free reading where it can vouch for the
file, pydantic's otherwise); the other files are those whose bytes the cache's key was hashed from, read into
the project that key names, and the rules' findings about them are located on demand (a file is parsed only
when a rule reports something in it). Used only where it is exactly `check`: the cache holds the root as it is
on disk, targets.yaml has no error (so no indicator or milestone was set aside, which the year's reading
would need), and the year file is one the root already had. Otherwise None: the caller loads the root whole.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sciplan.core.problem import Problem, in_order
from sciplan.store.snapshot import TARGETS, Snapshot, year_of_file


class _Documents(dict):  # type: ignore[type-arg]
    """The parsed files by name, each parsed from the snapshot's bytes the first time a rule locates a
    problem in it (Project.problem asks `get`)."""

    def __init__(self, snap: Snapshot, **given: Any):
        super().__init__(given)
        self.snap = snap

    def get(self, file: str, default: Any = None) -> Any:
        if file not in self and isinstance(self.snap.files.get(file), bytes):
            from sciplan.load.parser import parse_source

            doc, _problems = parse_source(self.snap.files[file], file)
            self[file] = doc
        return super().get(file, default)


def after_edit(
    root: Path, snap: Snapshot, file: str, new: bytes, parsed: tuple[Any, list[Problem]] | None = None
) -> tuple[Any, list[Problem], list[Problem]] | None:
    """(the project with `file` as `new`, the rules' findings on it, every problem `check` reports of the
    root as it is), or None when the cache cannot say it exactly. `parsed`: `new` parsed already (the
    writer's proof read it), as loading would parse it."""
    from sciplan.core.records import ValidProject, project_of
    from sciplan.store import cache

    year = year_of_file(file)
    if year is None or not cache.enabled() or not isinstance(snap.files.get(file), bytes):
        return None
    from sciplan.app.loader import cached_checked

    hit = cached_checked(root, cache.key(snap))
    if hit is None:
        return None
    project, findings = hit
    if not isinstance(project, ValidProject) or year not in project.years:
        return None
    if any(p.file == TARGETS and p.severity == "error" for p in project.problems):
        return None  # set-aside indicators or milestones would change how the year is read
    before = in_order(project.problems + findings)
    data, problems, doc = _year(file, new, year, project.catalogue, parsed)
    years = dict(project.years)
    if data is None:
        del years[year]
    else:
        years[year] = data
    edited = Snapshot({**snap.files, file: new}, snap.listing, snap.misplaced)
    documents = _Documents(edited, **({file: doc} if doc is not None else {}))
    after = project_of(
        root,
        project.catalogue,
        years,
        in_order([p for p in project.problems if p.file != file] + problems),
        _documents=documents,
    )
    from sciplan.check import rules

    return after, rules.run(after, rules.RULES, include_loading=False), before


def _year(
    file: str, new: bytes, year: int, catalogue: Any, parsed: tuple[Any, list[Problem]] | None
) -> tuple[Any, list[Problem], Any]:
    """The year read from `new` as loading reads it (loader.load_project): (YearData or None, problems, doc)."""
    from sciplan.load.parser import parse_source
    from sciplan.validate.datashape import data_shape
    from sciplan.validate.yeardata import year_data

    doc, problems = parsed if parsed is not None else parse_source(new, file)
    if doc is None:
        return None, problems, None
    shape = data_shape(doc.data)
    set_aside: frozenset[str] = frozenset()
    if shape is None:  # pydantic says what is wrong, located, and what it sets aside
        from sciplan.validate.schema import DataFile
        from sciplan.validate.structure import validate

        shape, found, aside = validate(DataFile, doc)
        problems = problems + found
        set_aside = aside.get("actuals", frozenset())
        if shape is None:
            return None, problems, doc
    data, found = year_data(shape, doc, year, catalogue, frozenset(), set_aside, frozenset())
    return data, problems + found, doc


def checked(root: Path, file: Any, text: str) -> tuple[list[Problem], Any]:
    """Check the root as it would be with `text` in `file` (a YamlFile), as `check` does: quickly when the
    cache knows the root as it is (`after_edit`), else by loading it whole. NotWritten (app/recording.py)
    with the new errors, and the warnings of a likely unit slip, the edit would bring; else (the other new
    warnings, the project as it will be)."""
    from sciplan.app.recording import NotWritten
    from sciplan.store.snapshot import snapshot

    snap = snapshot(root)
    new = file.encoded(text)
    # the text the writer's proof parsed is what loading parses of `new` (UTF-8 without a NUL byte, which
    # loading refuses before it parses: such a text is parsed from the bytes here)
    parsed = file.parsed(text) if "\x00" not in text and text.strip() else None
    quick = after_edit(root, snap, file.file, new, parsed) if file.raw is not None else None
    cached: list[Problem] | None
    if quick is not None:
        project, findings, cached = quick
    else:
        from sciplan.app.loader import load_project
        from sciplan.check import rules

        cached = _cached_problems(root, snap)  # the problems of the files as they are, if known without loading
        snap.files[file.file] = new
        if file.file.split("/")[-1] not in (snap.listing or ()) and not isinstance(snap.listing, Problem):
            snap = snap._replace(listing=tuple(sorted((*(snap.listing or ()), file.file.split("/")[-1]))))
        project = load_project(root, snap)
        findings = rules.run(project, rules.RULES, include_loading=False)
    after = project.problems + findings
    # a 10× jump from last year's same period, or a fall to under a tenth of an earlier month's 1–N月累计:
    # a unit or decimal-point slip, whichever the direction (万元 typed into a 亿元 indicator is the common one)
    blocking = [p for p in after if p.severity == "error" or p.code in ("jump", "month-slip")]
    if blocking or cached is not None:  # what was wrong before is not this edit's doing ...
        from sciplan.app.loader import all_problems

        before = {(p.file, p.code, p.message) for p in (cached if cached is not None else all_problems(root))}
        # ... but sciplan writes into no file `check` refuses (a `year: 2021` in 2022.yaml): its errors stay
        blocking = [
            p
            for p in blocking
            if (p.file, p.code, p.message) not in before or (p.file == file.file and p.severity == "error")
        ]
        if blocking:
            own = all((p.file, p.code, p.message) in before for p in blocking)
            raise NotWritten([p.as_error() for p in blocking], file.file if own else None)
        return [p for p in after if (p.file, p.code, p.message) not in before], project
    return [p for p in after if p.file == file.file], project  # the file's warnings: the rest did not change


def _cached_problems(root: Path, snap: Any) -> list[Problem] | None:
    """`check`'s problems of the root as read, when the cache holds them (None: not without loading)."""
    from sciplan.store import cache

    if not cache.enabled():
        return None
    found = cache.read(root, "problems", cache.key(snap))
    return found if isinstance(found, list) else None
