"""Step 4: output. One module per format, all fed the same `Grid` (or JSON document).

A `Grid` is a table whose cells carry both the text people read (table, markdown, plain) and
the exact value machines read (csv), so the formats cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, NamedTuple

FORMATS = ("table", "markdown", "plain", "csv", "json")
Format = Literal["table", "markdown", "plain", "csv", "json"]


class Cell(NamedTuple):
    text: str  # shown to people
    raw: object = None  # written to CSV; None means use `text`
    style: str | None = None  # rich style name, e.g. "green"

    @property
    def csv(self) -> str:
        raw = self.text if self.raw is None else self.raw
        return "" if raw is None else str(raw)


class Column(NamedTuple):
    header: str
    key: str  # CSV header: stable, machine-friendly
    justify: Literal["left", "right", "center"] = "left"
    only: Literal["csv", "table"] | None = None  # e.g. ids only in CSV, bar charts only in rich tables
    drop: int = 0  # in a narrow terminal, columns with the highest `drop` go first (0: always shown)


class Section(NamedTuple):
    """A heading row (an indicator group)."""

    title: str


class Note(NamedTuple):
    """A line printed under the table (not in CSV): a heading, a list item or a plain line."""

    text: str
    style: str | None = None
    kind: Literal["heading", "item", "line"] = "line"


@dataclass
class Grid:
    title: str
    columns: list[Column]
    rows: list[list[Cell] | Section] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)

    def shown(self, fmt: str) -> tuple[list[Column], list[list[Cell] | Section]]:
        """The columns (and rows cut to them) that format `fmt` shows."""
        keep = [i for i, c in enumerate(self.columns) if c.only in (None, fmt)]
        rows = [r if isinstance(r, Section) else [r[i] for i in keep] for r in self.rows]
        return [self.columns[i] for i in keep], rows


def render(grid: Grid, fmt: str, *, bom: bool = False) -> None:
    """Print `grid` to stdout in `fmt` (table, markdown, plain or csv)."""
    if fmt == "table":
        from sciplan.render.table import print_table

        print_table(grid)
    elif fmt in ("markdown", "plain"):
        from sciplan.render.text import print_text

        print_text(grid, fmt)
    elif fmt == "csv":
        from sciplan.render.csv import print_csv

        print_csv(grid, bom=bom)
    else:
        raise ValueError(f"not a grid format: {fmt}")


def print_json(document: object) -> None:
    from sciplan.render.json import print_json as _print

    _print(document)
