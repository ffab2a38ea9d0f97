"""Step 4, view: computed results -> what each command shows, as one list of typed rows.

A `View` is a title, columns, rows, notes and the JSON document's top level. Each row is a
NamedTuple of exact values (Fraction, int, str, bool, None, or nested rows such as a target),
plus the text people read (`shown`) and styles, both computed when the row is built, in the
interface's language. Every output format reads the same rows: table, markdown and plain show
`shown`, CSV writes the exact value at each column's key, JSON writes the rows themselves. A CSV
column's key is the path of its value in the JSON row (`target.text`), so what one format shows
is in all of them.

`display` writes exact numbers for people (rounding happens there and only there); `words` holds
the shared wording (status words, markers, target and actual texts).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any, Generic, Literal, NamedTuple, TypeVar

from sciplan.core.numbers import exact

Justify = Literal["left", "right", "center"]
EMPTY: Mapping[str, str] = {}


class Column(NamedTuple):
    key: str  # the CSV header, and the path of the value in a JSON row ("target.text")
    header: str  # for people
    justify: Justify = "left"
    only: Literal["csv", "table", "people"] | None = None  # people: table, markdown and plain, not CSV
    drop: int = 0  # in a narrow terminal, columns with the highest `drop` go first (0: always shown)


class Note(NamedTuple):
    """A line printed under the table (not in CSV or JSON): a heading, a list item or a plain line."""

    text: str
    style: str | None = None
    kind: Literal["heading", "item", "line"] = "line"


class Section(NamedTuple):
    """A heading row (an indicator group, a plan) in table, markdown and plain output."""

    title: str


class Texts(MutableMapping[str, str]):
    """A row's `shown`, written when first read: formatting every figure for people is most of
    building a row, and JSON and CSV never read it (a warm 100k-indicator `status -f json` spent
    a quarter of its time writing texts nobody saw). `make` is called once, in the interface's
    language of the run; after that this is the dict it returned."""

    __slots__ = ("_make", "_texts")

    def __init__(self, make: Callable[[], dict[str, str]]):
        self._make: Callable[[], dict[str, str]] | None = make
        self._texts: dict[str, str] | None = None

    def made(self) -> dict[str, str]:
        """The texts, as a dict (made now if they were not yet)."""
        texts = self._texts
        if texts is None:
            assert self._make is not None
            texts = self._texts = self._make()
            self._make = None
        return texts

    def __getitem__(self, key: str) -> str:
        return self.made()[key]

    def __setitem__(self, key: str, value: str) -> None:
        self.made()[key] = value

    def __delitem__(self, key: str) -> None:
        del self.made()[key]

    def __contains__(self, key: object) -> bool:
        return key in self.made()

    def __iter__(self) -> Iterator[str]:
        return iter(self.made())

    def __len__(self) -> int:
        return len(self.made())

    def __repr__(self) -> str:
        return repr(self.made())


class Later(Sequence[Note]):
    """A view's notes, made when first read: only the formats people read show notes, and JSON and
    CSV never read them (a warm 100k-indicator `status -f json` spent a fifth of its time in
    shortfall sentences nobody saw). `make` is called once, in the interface's language of the
    run; after that this is the list it returned."""

    __slots__ = ("_made", "_make")

    def __init__(self, make: Callable[[], list[Note]]):
        self._make: Callable[[], list[Note]] | None = make
        self._made: list[Note] | None = None

    def _notes(self) -> list[Note]:
        made = self._made
        if made is None:
            assert self._make is not None
            made = self._made = self._make()
            self._make = None
        return made

    def __getitem__(self, index: Any) -> Any:
        return self._notes()[index]

    def __iter__(self) -> Iterator[Note]:
        return iter(self._notes())

    def __len__(self) -> int:
        return len(self._notes())

    def __repr__(self) -> str:
        return repr(self._notes())


class Each:
    """A list in a document whose items become JSON values only when written: `make(item)` for
    each item, in order (json.dumps sees it as that list). With `rows`, `make(item)` is a view's
    row and the item is `as_json` of it: render/json.py writes such a row straight from its fields."""

    __slots__ = ("items", "make", "rows")

    def __init__(self, items: Iterable[Any], make: Callable[[Any], Any], *, rows: bool = False):
        self.items, self.make, self.rows = items, make, rows

    def __iter__(self) -> Iterator[Any]:
        make = self.make
        if self.rows:
            return (as_json(make(item)) for item in self.items)
        return (make(item) for item in self.items)


Row = TypeVar("Row")  # a view's row type: a NamedTuple of exact values, with `shown` and `styles`


@dataclass
class View(Generic[Row]):
    """What one command shows. `rows` are typed rows (NamedTuples with `shown` and `styles`): a
    `View[ResultRow]` keeps its row type through to the renderers, which take any `View`;
    `document` turns them into the command's JSON document (SPEC 5.1, 5.10)."""

    title: str
    columns: list[Column]
    rows: list[Row]
    notes: Sequence[Note] = field(default_factory=list)  # a list, or `Later`
    document: Callable[[View[Row]], dict[str, Any]] | None = None
    section: Callable[[Row], str | None] | None = None  # a row's heading: a new one starts a section

    def json(self) -> dict[str, Any]:
        assert self.document is not None, "a view without a JSON document"
        return self.document(self)

    def shown(self, fmt: str) -> list[Column]:
        """The columns format `fmt` shows."""
        people = fmt in ("table", "markdown", "plain")
        return [c for c in self.columns if c.only is None or c.only == fmt or (c.only == "people" and people)]

    def layout(self, fmt: str) -> list[Any]:
        """Rows with a `Section` before each new heading (for the formats people read)."""
        if self.section is None:
            return list(self.rows)
        from sciplan.core.i18n import _

        out: list[Any] = []
        current: object = object()
        for row in self.rows:
            if getattr(row, "depth", 0) == 0:  # parts stay under their total
                title = self.section(row)
                if title != current and (title is not None or out):
                    out.append(Section(title or _("(no group)")))
                current = title
            out.append(row)
        return out


# The fields of each row type written with a decimal point even when whole: rates and shares (172.0, not 172).
FLOATS: dict[type, tuple[str, ...]] = {}

# Fields of a row that are for people only: never in JSON or CSV.
HIDDEN = frozenset({"shown", "styles", "depth", "approximate_word"})  # approximate_word: for the prose only


def text(row: Any, key: str) -> str:
    """What people read in column `key` of `row`: its `shown` text, else its value written plainly."""
    shown = getattr(row, "shown", EMPTY)
    if key in shown:
        return shown[key]
    direct = _DIRECT.get(type(row))
    if direct is None:
        t = type(row)
        direct = _DIRECT[t] = frozenset(n for _i, n, point in _plan(t) if not point) if hasattr(t, "_fields") else EMPTY
    if key in direct and type(value := getattr(row, key)) in _PLAIN:  # as JSON writes it: no need to make the rest
        return "" if value is None else str(value)
    last = _LAST
    if last[0] is not row:  # a table reads a row's cells one after another: its JSON made once
        last[:] = [row, as_json(row)]
    value = value_at(last[1], key)
    return "" if value is None else str(value)


_LAST: list[Any] = [None, None]  # the row `text` read last, and its JSON
# A row type's fields JSON writes as they are (a text, a whole number): `text` reads them straight
_DIRECT: dict[type, Any] = {}


def style(row: Any, key: str) -> str | None:
    return getattr(row, "styles", EMPTY).get(key)


def as_json(row: Any) -> Any:
    """A row (or any value in one) as JSON: NamedTuples as objects without their people-only
    fields, numbers exact (core.numbers.exact: every digit of a figure, 15 significant digits of a
    quotient that never ends), whole numbers as integers unless the row's `FLOATS` lists the field:
    rates and shares are always written with a decimal point (172.0)."""
    t = type(row)
    if t in _PLAIN:
        return row
    if t is Fraction:
        return exact(row)
    plan = _PLANS.get(t)
    if plan is None:
        if not (isinstance(row, tuple) and hasattr(row, "_fields")):
            return _other(row)
        plan = _PLANS[t] = _plan(t)
    out = {}
    for i, name, with_point in plan:
        value = row[i]
        if with_point:
            out[name] = _point(value)
        else:
            out[name] = value if type(value) in _PLAIN else as_json(value)
    return out


# Values written as they are (the commonest, kept out of calls: 100,000 rows of ~30 fields)
_PLAIN = frozenset((str, int, bool, type(None)))
# A NamedTuple type's fields as JSON writes them: (index, name, written with a point), found once
_PLANS: dict[type, list[tuple[int, str, bool]]] = {}


def json_fields(t: type) -> list[tuple[int, str, bool]]:
    """The fields `as_json` writes of a row type (a NamedTuple): (index, name, written with a point)."""
    plan = _PLANS.get(t)
    if plan is None:
        plan = _PLANS[t] = _plan(t)
    return plan


def _plan(t: type) -> list[tuple[int, str, bool]]:
    floats = FLOATS.get(t, ())
    return [(i, name, name in floats) for i, name in enumerate(t._fields) if name not in HIDDEN]  # type: ignore[attr-defined]


def _other(row: Any) -> Any:
    if isinstance(row, (Fraction, float, Decimal)):
        return exact(row)
    if isinstance(row, (list, tuple)):
        return [as_json(v) for v in row]
    if isinstance(row, dict):
        return {str(k): as_json(v) for k, v in row.items()}
    return row


def _point(value: Any) -> Any:
    return None if value is None else exact(value, point=True)


def value_at(document: Any, key: str) -> Any:
    """The value at a dotted path (`target.text`) of a JSON row; None when a step is missing."""
    for part in key.split("."):
        if not isinstance(document, dict):
            return None
        document = document.get(part)
    return document


def csv_value(value: Any) -> str:
    """A JSON value as a CSV cell: exactly the number JSON writes, booleans as true/false."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):  # a float read back from JSON text: as JSON wrote it
        return repr(value)
    return str(value)
