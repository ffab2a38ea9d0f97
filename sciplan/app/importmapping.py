"""The mapping file of a source, `import/<name>.yaml`, as `sciplan import` reads it: its settings (validated,
located at the setting), whether they fit the file received, and the starter written the first time."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sciplan.core.chars import name_key
from sciplan.core.i18n import _
from sciplan.core.problem import SciplanError
from sciplan.core.records import Catalogue
from sciplan.validate.statsheet import CUMULATIVE, Layout, SheetProblem, Table, is_cumulative

IMPORT_DIR = "import"


class SheetProblems(SciplanError):
    """Rows of the received tables that cannot be imported; nothing was written."""

    def __init__(self, problems: list[SheetProblem]):
        self.problems = problems
        n = len(problems)
        one, many = _("1 error in the table; nothing was written"), _("{n} errors in the table; nothing was written")
        super().__init__((one if n == 1 else many).format(n=n))

    def lines(self) -> list[str]:
        return [f"{p.cell}: error[{p.code}]: {p.message}" for p in self.problems]


def read_mapping(path: Path, catalogue: Catalogue) -> tuple[Layout, dict[str, str]]:
    """The source's settings and its label -> id overrides ("" for a row not to import); MappingProblems,
    located at the setting, when one cannot be meant (validate/mapping.py)."""
    if not path.exists():
        return Layout(), {}
    from sciplan.load.parser import parse
    from sciplan.store.snapshot import read_source
    from sciplan.validate import mapping

    shown = f"{IMPORT_DIR}/{path.name}"
    raw = read_source(path, shown)
    if not isinstance(raw, bytes):
        raise SciplanError(str(raw))
    doc, problems = parse(raw.decode("utf-8-sig", errors="replace"), shown)
    if doc is None:
        raise SciplanError(str(problems[0]))
    shape, problems = mapping.validate(doc)
    for label, ident in ((shape.rows or {}) if shape is not None else {}).items():
        if ident is not None and ident not in catalogue.indicators:
            message = _("rows: {label}: unknown indicator {id!r}").format(label=label, id=ident)
            problems.append(doc.problem(("rows", label), "unknown-indicator", message))
    if shape is None or problems:
        raise MappingProblems(
            shown, [SheetProblem(f"{p.file}:{p.line}:{p.column}", p.code, p.message) for p in problems]
        )
    layout = Layout(
        shape.sheet, shape.header_row, shape.value_column, shape.scale, tuple(shape.missing or ()), shape.stage
    )
    overrides = {name_key(label): ident or "" for label, ident in (shape.rows or {}).items()}
    return layout, overrides


def settings_fit(map_path: Path, settings: Layout, sheets: list[Any], shown: str) -> None:
    """The mapping's sheet: and header_row: must name a sheet and a row the file has: said at the setting."""
    from sciplan.core.chars import quoted

    chosen = [s for s in sheets if settings.sheet is None or s.name == settings.sheet]
    problem = None
    if not chosen:
        line, col = setting_position(map_path, "sheet")
        message = _("sheet: {name} is no sheet of {file} (its sheets: {names})").format(
            name=quoted(settings.sheet or ""), file=shown, names=", ".join(quoted(s.name) for s in sheets)
        )
        problem = SheetProblem(f"{IMPORT_DIR}/{map_path.name}:{line}:{col}", "mapping-sheet", message)
    elif settings.header_row is not None and all(settings.header_row > len(s.rows) for s in chosen):
        line, col = setting_position(map_path, "header_row")
        message = _("header_row: {row} is past the last row of {file} (it has {n} rows)").format(
            row=settings.header_row, file=f"{shown}!{chosen[0].name}", n=max(len(s.rows) for s in chosen)
        )
        problem = SheetProblem(f"{IMPORT_DIR}/{map_path.name}:{line}:{col}", "mapping-header-row", message)
    if problem is not None:
        raise MappingProblems(f"{IMPORT_DIR}/{map_path.name}", [problem])


class MappingProblems(SheetProblems):
    """Settings of a mapping file that cannot be meant; nothing was read or written."""

    def __init__(self, file: str, problems: list[SheetProblem]):
        super().__init__(problems)
        n = len(problems)
        one, many = _("1 error in {file}; nothing was written"), _("{n} errors in {file}; nothing was written")
        self.args = ((one if n == 1 else many).format(n=n, file=file),)


def _column_role(header: str) -> str:
    """How the starter names the column read: by its role (累计) when it is the year's cumulative column, so
    that next month's sheet (1-9月累计) is read the same way; else by the header's lowest, own line."""
    if is_cumulative(header):
        return CUMULATIVE
    return header.rsplit("|", maxsplit=1)[-1]


def setting_position(path: Path, key: str) -> tuple[int, int]:
    """Where a setting of a mapping file is written (line, column of its value), 1-based."""
    from sciplan.load.parser import parse

    doc, _problems = parse(path.read_text(encoding="utf-8-sig", errors="replace"), str(path))
    if doc is None:
        return 1, 1
    return doc.position((key,))


def starter(name: str, sheet: str, table: Table, layout: Layout) -> str:
    """The commented mapping file written the first time a source is imported (validate/mapping.py)."""
    from sciplan.validate.mapping import starter

    return starter(name, sheet, table.header_row, _column_role(table.value_header), layout.scale)
