"""The validated plan and results, as immutable records: what the compute step works on.

Records are NamedTuples rather than dataclasses: they are as readable, and defining a dataclass
costs half a millisecond of start-up each.

They hold no pydantic or YAML types, so the core can be used (and cached) without either.
Numbers are exact: `Decimal` as written, converted into the indicator's unit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal, NamedTuple

from sciplan.core.formula import Formula
from sciplan.core.numbers import fraction_of
from sciplan.core.problem import Problem

Op = Literal[">=", ">", "<=", "<"]
Kind = Literal["level", "growth", "points", "increase", "rank"]


class Resolved(NamedTuple):
    """A target made concrete for one year: `actual op value` must hold."""

    op: Op
    value: Fraction | None  # None when it cannot be resolved (growth without a base)
    stretch: Fraction | None = None  # 力争 level of a range target


class Target(NamedTuple):
    text: str  # as written, for display and JSON
    kind: Kind
    op: Op
    amount: Decimal  # the level; the percent, pp or increase over last year; the rank
    stretch: Decimal | None = None
    month: int | None = None  # a target for part of the year (一季度末 ≥ 300): judged at that month's end

    @property
    def needs_base(self) -> bool:
        return self.kind in ("growth", "points", "increase")

    def resolve(self, previous: Fraction | None) -> Resolved:
        """The threshold for a year whose previous actual is `previous` (None if unknown)."""
        amount = fraction_of(self.amount)
        stretch = None if self.stretch is None else fraction_of(self.stretch)
        if self.kind in ("level", "rank"):
            return Resolved(self.op, amount, stretch)
        if previous is None:
            return Resolved(self.op, None)
        if self.kind == "growth":
            if previous <= 0:  # growth on nothing or on a loss has no meaning, as YoY has none
                return Resolved(self.op, None)
            return Resolved(self.op, previous * (1 + amount / 100))
        return Resolved(self.op, previous + amount)  # points and increase

    def __str__(self) -> str:
        return self.text


EMPTY: Mapping[Any, Any] = MappingProxyType({})  # the default of mapping fields: immutable, so safe to share


class TargetEntry(NamedTuple):
    target: Target
    source: str | None = None
    note: str | None = None
    units: Mapping[str, Target] = EMPTY  # the target split across sub-units


class Plan(NamedTuple):
    """A multi-year plan (e.g. 科技创新三年行动计划 2021—2023): end targets from a baseline year."""

    id: str
    name: str
    baseline: int
    end: int
    targets: dict[str, TargetEntry]


class Milestone(NamedTuple):
    """A qualitative task (发布《…办法》) due by a date; `due_text` as written (2022Q1)."""

    id: str
    task: str
    due: dt.date
    due_text: str
    owner: str | None = None
    note: str | None = None


class MilestoneProgress(NamedTuple):
    done: dt.date | None = None
    note: str | None = None


class Indicator(NamedTuple):
    id: str
    name: str
    unit: str
    kind: str = "flow"  # flow | stock | ratio
    direction: str = "up"  # up | down
    name_en: str | None = None
    group: str | None = None
    note: str | None = None
    decimals: int | None = None
    formula: Formula | None = None
    profile: tuple[Fraction, ...] | None = None  # cumulative % expected by each month's end
    parts: tuple[str, ...] = ()  # indicators that add up to this one
    targets: Mapping[int, TargetEntry] = EMPTY
    owner: str | None = None  # the 科室 that answers for it (责任科室), as milestones have
    aliases: tuple[str, ...] = ()  # other names in received tables (`sciplan import` matches rows by them)

    @property
    def percent(self) -> bool:
        """Ratios in % change in percentage points, not percent."""
        return self.unit == "%"

    @property
    def change_unit(self) -> str:
        """The unit its growth is written in: pp for an indicator in %, else % (YoY, annual rates)."""
        return "pp" if self.percent else "%"

    @property
    def up(self) -> bool:
        return self.direction != "down"


class Catalogue(NamedTuple):
    """targets.yaml: the region and its indicators, in display order."""

    region: str
    indicators: dict[str, Indicator]
    near: Fraction = Fraction(90)
    pace_yellow: Fraction = Fraction(10)  # pp behind 序时进度
    pace_red: Fraction = Fraction(30)
    on_track: Fraction = Fraction(95, 100)  # observed / required rate of a plan
    accelerate: Fraction = Fraction(60, 100)
    plans: tuple[Plan, ...] = ()
    milestones: tuple[Milestone, ...] = ()
    units: tuple[str, ...] = ()  # sub-units (乡镇/园区), which add up to the region

    def find(self, text: str) -> list[Indicator]:
        """The indicators `text` names: an id, an exact name (Chinese or English), else every
        indicator whose name contains it (`高新技术企业` finds 有效期内国家高新技术企业 and more)."""
        text = text.strip()
        if text in self.indicators:
            return [self.indicators[text]]
        folded = text.casefold()
        exact = [i for i in self.indicators.values() if folded in (i.name.casefold(), (i.name_en or "").casefold())]
        if exact or not folded:
            return exact
        return [
            i for i in self.indicators.values() if folded in i.name.casefold() or folded in (i.name_en or "").casefold()
        ]

    lang: str | None = None  # the interface language the plan fixes (zh, en), if any
    unit_word: str | None = None  # what Chinese output calls a sub-unit (板块 by default; 分中心, 街道 …)


# Approximate values keep their side of the number (SPEC 2.3): 近500 is a little under 500 (it never
# meets >= 500), 500余 / 500多 / 500+ a little over, 约500 / 500左右 on neither side. Reports write the
# word the file used; "≈" marks a figure computed from approximate ones.
UNDER, OVER = frozenset({"近"}), frozenset({"余", "多", "+"})
PREFIX_WORDS = frozenset({"近", "约", "≈"})  # written before the number; the others after it (左右 after the unit)


def side(word: str) -> int:
    """-1 for a value a little under its number (近), +1 a little over (余, 多, +), 0 otherwise."""
    return -1 if word in UNDER else 1 if word in OVER else 0


def with_word(number: str, word: str, unit: str = "") -> str:
    """`近500套`, `500余套`, `500套左右`, `约500套`: a shown figure with the word its value was written with."""
    if not word:
        return number + unit
    if word in PREFIX_WORDS:
        return word + number + unit
    if word == "左右":
        return number + unit + word
    return number + word + unit


# The stages a statistical figure passes through (DOMAIN.md, data timing), earliest first:
# 预计数 (the year-end estimate) → 快报 (flash) → 年报 (the statistical survey) → 公报 (the bulletin).
# The codes are what JSON carries; a file may write the Chinese word or the English code.
STAGES = ("estimate", "flash", "annual", "bulletin")
STAGE_WORDS = {"estimate": "预计", "flash": "快报", "annual": "年报", "bulletin": "公报"}  # as files write them
STAGE_CODES = {**{word: code for code, word in STAGE_WORDS.items()}, **{code: code for code in STAGES}}
PROVISIONAL = frozenset(("estimate", "flash"))  # to be revised: marked * wherever figures are shown


def written_stage(figure: Any) -> str | None:
    """The stage code of a figure as a year's file writes it (`{value: 6.2, stage: 快报}`, `estimated: true`)
    or of a stage word given (快报 -> flash); None when none is said."""
    if isinstance(figure, str):
        return STAGE_CODES.get(figure.strip())
    if not isinstance(figure, dict):
        return None
    stage = STAGE_CODES.get(str(figure.get("stage", "")).strip())
    return stage or ("estimate" if figure.get("estimated") is True else None)


def earliest_stage(stages: list[str | None]) -> str | None:
    """The least settled of the stages given (a value computed from an estimate is an estimate)."""
    known = [s for s in stages if s is not None]
    return min(known, key=STAGES.index) if known else None


class Actual(NamedTuple):  # a tuple: there are hundreds of thousands of them in a province's files
    value: Decimal
    approximate: str = ""  # the word of a value written as 100余, 近100, 100+, 约100 ("" when exact)
    estimated: bool = False  # a preliminary figure (预计数): stage "estimate"
    note: str | None = None
    source: str | None = None
    stage: str | None = None  # one of STAGES, when the file says (estimated: true is "estimate")


class YearData(NamedTuple):
    """data/<YEAR>.yaml."""

    year: int
    file: str
    final: bool = False
    as_of: dt.date | None = None
    source: str | None = None
    note: str | None = None
    # Mappings, not necessarily dicts: from the cache they unpack on first read (cache.Packed).
    actuals: Mapping[str, Actual] = EMPTY
    unreadable: frozenset[str] = frozenset()  # given, but with an error (already reported)
    milestones: Mapping[str, MilestoneProgress] = EMPTY
    peers: Mapping[str, Mapping[str, Actual]] = EMPTY  # region -> indicator -> value
    units: Mapping[str, Mapping[str, Actual]] = EMPTY  # sub-unit -> indicator -> value
    months: Mapping[int, Mapping[str, Actual]] = EMPTY  # month N -> indicator -> figure at the end of N
    # `peers: months:` and `units: months:`: month N -> region or unit -> indicator -> figure at the end of N
    peer_months: Mapping[int, Mapping[str, Mapping[str, Actual]]] = EMPTY
    unit_months: Mapping[int, Mapping[str, Mapping[str, Actual]]] = EMPTY

    @property
    def month(self) -> int | None:
        """The month the actuals run to (1–N月): 12 for a complete year, as_of's month for a year
        under way, None when an open year gives no as_of (the period is unknown)."""
        if self.complete:
            return 12
        return self.as_of.month if self.as_of is not None else None

    @property
    def complete(self) -> bool:
        """Figures cover the whole year: it is final, or reported as of 31 December. Only such a
        year is comparable with a full-year target in a multi-year plan."""
        return self.final or (
            self.as_of is not None and (self.as_of.month, self.as_of.day) == (12, 31) and self.as_of.year == self.year
        )


@dataclass
class Project:
    """A data root as loaded: whatever could be read, and every problem found on the way."""

    root: Path
    catalogue: Catalogue | None
    years: dict[int, YearData]
    problems: list[Problem]
    # file -> its parsed document (load.Document): where the rules locate their findings;
    # never cached: a cache hit holds its findings already
    _documents: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    # compute.observed's values, computed once per (year, unit) in dependency order; not copied by
    # dataclasses.replace (a month's view of a year is another project with other values)
    _observed: dict[Any, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def problem(
        self,
        file: str,
        path: tuple[str | int, ...],
        code: str,
        message: str,
        *,
        severity: str = "error",
        key: bool = False,
    ) -> Problem:
        """A problem located at `path` in `file`, at the position its document recorded when the
        loaded bytes were parsed (never a second parse or read, which could find the file changed).
        A file that could not be parsed has no positions: its first line."""
        doc = self._documents.get(file)
        if doc is None:
            return Problem(file, 1, 1, severity, code, message)  # type: ignore[arg-type]
        found: Problem = doc.problem(path, code, message, severity=severity, key=key)
        return found


@dataclass
class ValidProject(Project):
    """A project whose targets.yaml was read: it has its catalogue. Loading makes one whenever it
    can (project.load, cache); query.valid narrows to it, so computing never checks for None."""

    catalogue: Catalogue


def project_of(
    root: Path, catalogue: Catalogue | None, years: dict[int, YearData], problems: list[Problem], **kw: Any
) -> Project:
    """A ValidProject when the catalogue was built, else a Project."""
    if catalogue is None:
        return Project(root, None, years, problems, **kw)
    return ValidProject(root, catalogue, years, problems, **kw)
