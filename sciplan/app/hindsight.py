"""What a plan writes about the past: a part headed as a review (一、2024年工作回顾, 工作总结, 完成情况,
存在的问题) and a sentence led by an earlier year (`2024年，全县新认定高企32家`) report results, they set no
target. `extract` proposes what it reads there unaccepted, with the reason, so nothing is dropped and
nothing of last year is written as this year's target."""

from __future__ import annotations

import re

from sciplan.app.clauses import LEAD_ORDINAL
from sciplan.core.chars import escaped_controls
from sciplan.core.i18n import _

# The words a plan names its own forward parts with (工作要点, 主要目标 …): such a heading is never a review.
PLAN_WORDS = ("工作思路", "工作要点", "目标任务", "主要目标", "工作计划", "工作打算", "工作安排")

_LOOKING_BACK = re.compile(
    r"回顾|总结|完成情况|进展情况|主要成效|工作成效|取得的成[绩效]|主要成绩|工作成绩|存在的?问题|问题和不足|短板和不足|困难和问题"
)
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
# A sentence led by a year (or by 去年 / 过去一年): `2024年，…`, `截至2024年底，…`; not `2024年基础上…`.
_LED_BY_YEAR = re.compile(r"^(?:截至|截止|到|在)?((?:19|20)\d{2})\s*年(?:度)?(?!基础|的基础|水平)")
_LED_BY_LAST_YEAR = re.compile(r"^(?:去年|过去一年|过去的一年|一年来)")


def looks_back(heading: str, year: int) -> bool:
    """A heading of a part that reviews the past: it says so (工作回顾, 完成情况 …) or names only years before
    the plan's; a heading naming the plan's year or a plan part (2024年工作回顾和2025年工作打算) does not."""
    years = [int(y) for y in _YEAR.findall(heading)]
    if any(y >= year for y in years) or any(w in heading for w in PLAN_WORDS):
        return False
    return bool(_LOOKING_BACK.search(heading)) or any(y < year for y in years)


def led_by_past(sentence: str, year: int) -> int | None:
    """The earlier year a sentence is led by (`2024年，全县…` in a plan for 2025), else None."""
    text = LEAD_ORDINAL.sub("", re.sub(r"\s+", "", sentence))
    if m := _LED_BY_YEAR.match(text):
        return int(m.group(1)) if int(m.group(1)) < year else None
    return year - 1 if _LED_BY_LAST_YEAR.match(text) else None


def names_the_plan_year(clause: str, year: int) -> bool:
    """A clause that turns to the plan's year or later (`2025年力争40家`, `今年力争…`) after one led by the past."""
    return (
        any(int(y) >= year for y in _YEAR.findall(clause)) or re.match(r"(?:今年|本年度?)", clause.strip()) is not None
    )


def why_past(heading: str | None, year: int, earlier: int | None) -> str:
    """The note beside a proposal read from the past: the part's heading or the year the sentence is led by."""
    if heading is not None:
        return _("read under {heading!r}, a review of the past: not a target for {year}").format(
            heading=heading, year=year
        )
    return _("the sentence reports {earlier}, not a target for {year}").format(earlier=earlier, year=year)


def comment(note: str) -> str:
    """A proposal's note as the comment after its `accept:` in the review file (one line, no control character)."""
    return "  # " + escaped_controls(" ".join(note.split())) if note else ""
