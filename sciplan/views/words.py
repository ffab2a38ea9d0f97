"""The wording every view shares: status words and markers, and the texts of a target, an actual,
a YoY, a rank and a pace. One place per language: every text goes through `_()`."""

from __future__ import annotations

import datetime as dt
import re
from fractions import Fraction
from functools import lru_cache
from typing import TYPE_CHECKING

from sciplan.core.i18n import N_, _, language
from sciplan.core.numbers import (
    distinct_places,
    fmt,
    fmt_change,
    fmt_pace,
    fmt_points,
    fmt_share,
    places_for,
    round_half_up,
    terminating_places,
)
from sciplan.core.records import with_word

if TYPE_CHECKING:
    from sciplan.compute.status import Result
    from sciplan.core.records import Indicator

MARKERS = {
    "met": "✓",
    "near": "~",
    "short": "✗",
    "pending": "…",
    "missing": "!",
    "unknown": "?",
    "untargeted": "·",
}
STATUS_WORDS = {
    "met": N_("met"),
    "near": N_("near"),
    "short": N_("short"),
    "pending": N_("pending"),
    "missing": N_("missing"),
    "unknown": N_("unknown"),
    "untargeted": N_("untargeted"),
}
STYLES = {
    "met": "green",
    "near": "yellow",
    "short": "red",
    "missing": "bold red",
    "pending": "blue",
    "unknown": "magenta",
    "untargeted": "dim",
}
LIGHTS = {"green": "green", "yellow": "yellow", "red": "red"}
# Chinese says what the light means (正常 / 滞后 / 严重滞后), not its colour: a table pasted into Word
# or printed in black and white keeps it, and 滞后 reads as the finding it is.
LIGHT_WORDS = {"green": N_("green"), "yellow": N_("yellow"), "red": N_("red")}
SYMBOLS = {">=": "≥", ">": ">", "<=": "≤", "<": "<"}


def marker(status: str) -> str:
    """`✓ met`: the marker, then the status word."""
    return f"{MARKERS[status]} {_(STATUS_WORDS[status])}"


def places(r: Result) -> int:
    """Decimals to show a row's target, actual and gap alike: the indicator's `decimals` (fixed once
    for every year, project.with_decimals), and more where rounding would make a missed threshold
    look equal to the actual."""
    resolved = r.resolved
    threshold = resolved.value if resolved else None
    actual = r.actual.value if r.actual else None
    shown = r.indicator.decimals
    if shown is None:  # a catalogue built before decimals were fixed (an old cache entry)
        shown = places_for(threshold, resolved.stretch if resolved else None, actual, cap=2)
    return distinct_places(actual, threshold, shown)


_RANK_WRITTEN = re.compile(r"rank\s*(<=|<|≤)\s*(\d+)")
_POINTS_WRITTEN = re.compile(r"([+-]?\d+(?:\.\d+)?)\s*pp")


def written(text: str) -> str:
    """A target as written in targets.yaml, in the interface language: sciplan's own symbolic forms
    (`+1pp`, `rank <= 2`) in words (`+1个百分点`, `前2位`); a plan's own wording stays as written."""
    return _written_in(text, language())


@lru_cache(maxsize=1024)  # a plan has few distinct target texts (`+8%` on thousands of rows)
def _written_in(text: str, lang: str) -> str:
    text = text.strip()
    if _("pp") != "pp":
        text = _POINTS_WRITTEN.sub(lambda m: m.group(1) + _("pp"), text)
    rank = _RANK_WRITTEN.fullmatch(text)
    if rank:
        n = int(rank.group(2)) - (1 if rank.group(1) == "<" else 0)
        return rank_words(n) if _("rank ≤ {n}") != "rank ≤ {n}" else text
    return text


def as_target(text: str, name: str) -> str:
    """A target as written, without the indicator's own name in front: a plan's sentence copied whole
    (`技术合同成交额增长15%以上`) shows as `增长15%以上` in a column or clause that already names it."""
    shown = written(text)
    if name and shown.startswith(name) and len(shown) > len(name):
        rest = shown[len(name) :].lstrip("：:，, ")
        return rest or shown
    return shown


_OWN_FORM = re.compile(r"[\s\d.,+\-<>=%p]*|rank\s*(?:<=|<|≤)\s*\d+")


def target_words(text: str, ind: Indicator | None) -> str:
    """A target of targets.yaml as `diff` shows it, as status writes targets: sciplan's own forms in the
    interface language (`+1.5pp` 提高1.5个百分点 / a rise of 1.5 pp, `rank <= 3` 前3位 / rank ≤ 3, `>= 140`
    ≥ 140, `2.7..2.8` ≥ 2.7（力争2.8）, `+20%` 增长20% / growth 20%); a plan's own words stay as written."""
    from sciplan.core.problem import BadValue
    from sciplan.validate.readers import plain
    from sciplan.validate.targets import parse_target

    if ind is None or not _OWN_FORM.fullmatch(text.strip()):
        return written(text)
    try:
        t = parse_target(text, ind.unit, ind.direction, ind.kind)
    except BadValue:
        return written(text)
    x = plain(abs(t.amount))
    if t.month is not None:
        return written(text)
    if t.kind == "rank":
        return rank_words(int(t.amount))
    if t.kind == "growth":
        return (_("growth {x}%") if t.amount >= 0 else _("a fall of {x}%")).format(x=x)
    if t.kind == "points":
        return (_("a rise of {x} pp") if t.amount >= 0 else _("a fall of {x} pp")).format(x=x)
    if t.kind == "increase":
        more = _("an increase of {x} {unit}") if t.amount >= 0 else _("a decrease of {x} {unit}")
        return more.format(x=x, unit=ind.unit)
    level = f"{SYMBOLS.get(t.op, t.op)} {plain(t.amount)}"
    return level + (_(" (力争 {stretch})").format(stretch=plain(t.stretch)) if t.stretch is not None else "")


def rank_words(n: int) -> str:
    """A rank target in words: `第1位` (first place: 列全市第一), `前3位` (保持全市前三)."""
    return _("first place") if n == 1 else _("rank ≤ {n}").format(n=n)


def target_text(r: Result, shown: int, printed: str | None = None) -> str:
    """`≥ 50`, `≥ 50..60`, `+15% → ≥ 9,016`, `+15% (no 2021 actual)`, `—` without a target.
    `printed`: the row's attainment as printed, when written already (`threshold_places`)."""
    t, resolved = r.target, r.resolved
    if t is None or resolved is None:
        return "—"
    symbol = SYMBOLS[resolved.op]
    if t.kind == "rank":
        return rank_words(int(t.amount))
    if resolved.value is None and getattr(r, "base_zero", False):
        return _("{target} (on {year}'s 0)").format(target=written(t.text), year=r.year - 1)
    if resolved.value is None:
        return _("{target} (no {year} actual)").format(target=as_target(t.text, r.indicator.name), year=r.year - 1)
    level = f"{symbol} {fmt(resolved.value, threshold_places(r, shown, printed))}"
    if resolved.stretch is not None:
        stretch = resolved.stretch
        level += _(" (力争 {stretch})").format(stretch=fmt(stretch, 0 if stretch.denominator == 1 else shown))
    if t.kind == "level":
        return level
    return f"{as_target(t.text, r.indicator.name)} → {level}"


def threshold_places(r: Result, shown: int, printed: str | None = None) -> int:
    """Decimals for a threshold: `goal_places` of its value, its actual and its printed attainment
    (`printed`, when the caller has written it: `fmt_share` of the row's attainment, or "")."""
    resolved, actual = r.resolved, r.actual
    if resolved is None or resolved.value is None:
        return shown
    exact = terminating_places(resolved.value, 6)
    if exact is not None:  # as goal_places writes it, without working out its digits again
        return 0 if exact == 0 else max(shown, exact)
    if printed is None:
        printed = fmt_share(r.attainment, near=r.near) if r.attainment is not None else ""
    return goal_places(resolved.value, resolved.op, None if actual is None else actual.value, printed, shown)


def goal_places(threshold: Fraction | None, op: str, actual: Fraction | None, printed: str, shown: int) -> int:
    """One figure, one value: a threshold is printed with the digits that write it exactly (a +15%
    target on 12.5亿元 is `≥ 14.375` in status, trend, the report's table, its sentences and the
    workbook, in June and at the year's end alike), so it always reproduces the printed attainment
    (9.05 / 14.375 = 63.0%; 14.38 would give 62.9%). A whole number is written whole, as the plan
    writes it (`≥ 8000` 万元 beside 6670.50, in every year and file, whatever decimals the figures
    bring); else at least the indicator's own decimals (`≥ 2.80`); a threshold that no six decimals
    write (a growth in pp on a computed ratio) takes the fewest that still give the printed
    attainment (`reproducing_places`)."""
    if threshold is None:
        return shown
    exact = terminating_places(threshold, 6)
    if exact == 0:
        return 0
    if exact is not None:
        return max(shown, exact)
    return reproducing_places(threshold, op, actual, printed, shown)


def reproducing_places(
    threshold: Fraction | None, op: str, actual: Fraction | None, printed: str, shown: int, limit: int = 6
) -> int:
    """The fewest decimals from `shown` at which `threshold`, rounded, still gives the attainment
    `printed` (`50.5%`) of `actual` (an at-least target's A / T × 100)."""
    if threshold is None or actual is None or not op.startswith(">") or not printed.endswith("%"):
        return shown
    printed = printed[:-1]
    decimals = len(printed.partition(".")[2])
    while shown < limit:
        rounded = round_half_up(threshold, shown)
        if rounded == threshold or (rounded > 0 and fmt(actual / rounded * 100, decimals) == printed):
            break
        shown += 1
    return shown


def actual_text(r: Result, shown: int, *, unit: str = "") -> str:
    """`86`, `近100` / `100余` / `约100` (the word the file used; `≈100` when computed from such
    figures), `2.58*` (an estimate, 预计数)."""
    if r.actual is None:
        return "—"
    text = with_word(fmt(r.actual.value, shown), r.actual.approximate, unit)
    if r.actual.provisional:
        text += _(_STAGE_SUFFIX[r.actual.stage or "estimate"]) if unit else "*"
    if r.actual.derived and not unit:
        text += "†"
    return text


def change_text(change: Fraction | None, percent: bool, shown: int) -> str:
    """A YoY: `+21.1%` for amounts (one decimal, a digit more where rounding would hide the change:
    `-1.4%`), `-0.07pp` for % indicators (the decimals the ratio shows: `fmt_points`).
    `status`, `trend`, `units` and `compare` all write it so."""
    if change is None:
        return "—"
    if percent:
        return fmt_points(change, shown) + _("pp")
    return fmt_change(change, 1) + "%"


def status_text(r: Result) -> str:
    """`✓ met`; for a range target also whether the stretch (力争) was reached."""
    if r.stretch_met is None:
        return marker(r.status)
    return marker(r.status) + (_(", stretch") if r.stretch_met else _(", below stretch"))


def rank_text(r: Result) -> str:
    return "" if r.rank is None else f"{r.rank.position}/{r.rank.of}"


def pace_text(r: Result) -> str:
    """`red -32.5pp`: the light, then how far completion is ahead of (+) or behind (-) 序时进度, with
    one decimal (`fmt_pace`), as the report's tables, sentences and workbook write it."""
    if r.pace is None:
        return ""
    return f"{_(LIGHT_WORDS[r.pace.light])} {fmt_pace(r.pace.gap)}{_('pp')}"


def rate_text(rate: Fraction | None, unit: str) -> str:
    """An annual rate with its sign: `+26.55%`, `+0.15pp`."""
    if rate is None:
        return "—"
    return fmt_change(Fraction(rate), 2) + {"pp": _("pp"), " pp": _(" pp")}.get(unit, unit)


def percent_text(x: Fraction | float | None) -> str:
    return "—" if x is None else f"{fmt(Fraction(x), 1)}%"


def date_text(day: dt.date) -> str:
    """A date in a title or sentence: `2022-09-30`; in Chinese `9月30日` (the year is the title's)."""
    return _("{year}-{month:02d}-{day:02d}").format(year=day.year, month=day.month, day=day.day)


def full_date_text(day: dt.date) -> str:
    """A date with its year: `2022-05-10`; in Chinese `2022年5月10日`."""
    # not date_text's message id: its Chinese leaves the year to the title
    return _("{year:04d}-{month:02d}-{day:02d}").format(year=day.year, month=day.month, day=day.day)


_QUARTERS = {"1": N_("{year}Q1"), "2": N_("{year}Q2"), "3": N_("{year}Q3"), "4": N_("{year}Q4")}


def due_text(written: str) -> str:
    """A deadline as the plan wrote it, in the interface's words: `2021Q4` reads `2021年第四季度` in
    Chinese, `2022-03` `2022年3月`, `2022-03-31` `2022年3月31日`; words (2023年底) stay as written."""
    text = written.strip()
    if m := re.fullmatch(r"(\d{4})\s*[Qq]([1-4])", text):
        return _(_QUARTERS[m[2]]).format(year=m[1])
    if m := re.fullmatch(r"(\d{4})-(\d{2})", text):
        return _("{year}-{month:02d}").format(year=m[1], month=int(m[2]))
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text):
        try:
            return full_date_text(dt.date(int(m[1]), int(m[2]), int(m[3])))
        except ValueError:  # validation refuses such a date; shown as written all the same
            return written
    return written


_STAGE_SUFFIX = {"estimate": N_(" (预计)"), "flash": N_(" (快报)")}
_STAGE_NOTES = {
    "estimate": N_("* estimated (预计数), to be revised"),
    "flash": N_("* flash figures (快报), to be revised"),
}


STAGE_SHORT = {"estimate": N_("estimate"), "flash": N_("flash"), "annual": N_("annual"), "bulletin": N_("bulletin")}


def stage_word(stage: str | None) -> str:
    """A stage in the interface's words: `预计`; in English `estimate`."""
    return "" if stage is None else _(STAGE_SHORT[stage])


def estimated_note() -> str:
    return _(_STAGE_NOTES["estimate"])


def stage_notes(marked: list[tuple[str, str]]) -> list[str]:
    """The `*` footnotes of the figures still to be revised, given as (name, stage): one stage says
    which it is (`* estimated (预计数), to be revised`); two name their figures each."""
    stages = [s for s in ("estimate", "flash") if any(stage == s for _name, stage in marked)]
    if len(stages) == 1:
        return [_(_STAGE_NOTES[stages[0]])]
    return [
        _("{note}: {names}").format(
            note=_(_STAGE_NOTES[s]), names=_(", ").join(dict.fromkeys(n for n, stage in marked if stage == s))
        )
        for s in stages
    ]


def provisional_stage(observed: object) -> str | None:
    """The stage that puts a `*` on a figure (estimate, flash), or None."""
    if observed is None or not getattr(observed, "provisional", False):
        return None
    return getattr(observed, "stage", None) or "estimate"


MONTHS = (N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"), N_("July"),
          N_("August"), N_("September"), N_("October"), N_("November"), N_("December"))  # fmt: skip


def mid_month_period(year: int, end: dt.date, flow: bool) -> str:
    """A span that ends within a month, as the summaries and the report write it: a flow's
    `2022年1月1日–9月15日` (1 January–15 September 2022), a level's `2022年9月15日`."""
    month = _(MONTHS[end.month - 1])
    if flow:
        return _("1 January–{day} {month} {year}").format(day=end.day, month=month, year=year)
    return _("{day} {month} {year}").format(day=end.day, month=month, year=year)
