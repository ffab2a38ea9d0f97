"""A target as a plan's sentence writes it, read into the target language (SPEC 3).

Plans put the verb and its object before the number (`全年组织对接活动30次以上`, `征集不少于200个创业
项目参赛`, `年内建立2条…生产线`), say how hard they try (`力争`, `争取`, `确保`), write 过 for 超
(`全年纳税过3000万元`), 30余人 for at least 30, and sometimes set a target for part of the year
(`力争首季度科技型中小企业达到300家`, `上半年…`, `前三季度…`, `6月底前…`). `read` finds the one number
of such a sentence, the comparison its words give, the unit after it, and the period it is for; what
stands around them (the subject, the object, the modal words) only says what is counted.

`read` returns the symbolic form (`>=40项`, `>3000万元`, `120家..150家`) that targets.py reads; the
text shown stays the plan's own sentence.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from sciplan.core.i18n import _
from sciplan.validate import phrasings, readers
from sciplan.validate.readers import unit_of
from sciplan.validate.values import normalize

NUMBER = readers.NUMBER  # app/clauses.py reads a clause's number with it
_NUMBER = re.compile(NUMBER)
_unit_of = unit_of  # and its unit

# The period a target is for, when it is part of the year, and the words just before the number: the
# `period` and `sentence` rows of phrasings.TABLE.
# Words that stand for the whole year: no period.
_WHOLE_YEAR = re.compile(r"(?:12月(?:底|末)前?|年底前?|年末|全年|年内|今年|本年度?)")
_SUFFIX = re.compile(r"(?P<q>及以上|以上|及以内|以内|及以下|以下|左右)")


class Reading(NamedTuple):
    form: str  # the symbolic target (`>=40项`), for targets.py
    month: int | None = None  # the month at whose end a target for part of the year is judged


def period(text: str) -> tuple[int | None, str]:
    """The month a target for part of the year is judged at (首季度 -> 3, 上半年 -> 6, 6月底前 -> 6),
    and the text without the words that said it; (None, text) for a whole-year target."""
    for row in phrasings.BY_STAGE["period"]:
        m = row.match(text)
        if m is None:
            continue
        found = row.handler(m, None)
        phrasings.note(row, m.group())
        rest = text[: m.start()] + text[m.end() :]
        return (None if found == 12 else found), rest
    return None, text


def read(text: str, unit: str, kind: str = "flow") -> Reading | None:
    """A plan's sentence (spaces removed, digits ASCII) as a symbolic target, or None when it is not
    one sentence with one target in it."""
    month, text = period(text)
    text = _WHOLE_YEAR.sub("", text)
    context = readers.Reading(text, text, unit, True, kind)
    form = phrasings.first("sentence", text, context, on="text") or _single(text, unit, kind)
    return None if form is None else Reading(form, month)


def _single(text: str, unit: str, kind: str) -> str | None:
    numbers = list(_NUMBER.finditer(text))
    if len(numbers) != 1:
        return None
    number = numbers[0]
    lead, rest = text[: number.start()], text[number.end() :]
    n = number.group()
    if lead.endswith(("近", "约", "第", "前")):
        return None  # 近500 as a target, 第3 or 前3 (a rank): not a level
    more = ""
    if rest[:1] in ("余", "多"):  # 30余人: at least 30
        more, rest = "以上", rest[1:]
    written_unit = _unit_of(rest, unit)
    rest = rest[len(written_unit) :]
    suffix = ""
    if s := _SUFFIX.match(rest):
        suffix, rest = s.group("q"), rest[s.end() :]
    if re.search(r"以上|以下|以内|左右|[<>=≤≥]", rest):
        return None  # a second qualifier after the object: not one target
    parts = readers.Parts(lead, n, written_unit, suffix or more, kind)
    form = _sentence_rows(parts)
    return None if form is readers.REFUSE else form


def _sentence_rows(parts: readers.Parts) -> str | None:
    """The `sentence` rows read around the number: on the words before it, else on the qualifier after it
    (in the table's order)."""
    for row in phrasings.BY_STAGE["sentence"]:
        if row.on == "text":
            continue
        m = row.match(parts.lead if row.on == "lead" else parts.suffix)
        if m is None:
            continue
        result = row.handler(m, parts)
        if result is None:
            continue
        phrasings.note(row, m.group() or parts.lead + parts.n + parts.unit + parts.suffix)
        return result  # type: ignore[no-any-return]
    return None


# Words that place the region among its peers without a position: the plan means a rank (前N).
VAGUE_RANK = re.compile(r"第一方阵|第一梯队|前列|领先|上游|第一序列")


def fix(raw: str, unit: str, direction: str) -> str:
    """The message naming the one accepted form closest to an unreadable target (`写作：40项以上`)."""
    compact = re.sub(r"\s+", "", normalize(raw))
    if m := VAGUE_RANK.search(compact):
        return _(
            "cannot read target {raw!r}: {words} names no position; write the rank the plan means, "
            "e.g. 位居全市前3 (rank <= 3)"
        ).format(raw=raw, words=m.group())
    numbers = list(re.finditer(NUMBER, compact))
    if len(numbers) == 1:
        n = numbers[0].group()
        after = compact[numbers[0].end() :]
        written = _unit_of(after, unit) or unit
        form = f"{n}{written}以上" if direction != "down" else f"{n}{written}以内"
    elif len(numbers) > 1:
        return _(
            "cannot read target {raw!r}: it holds {count} numbers; a target has one (write 50..60 for 确保50、力争60)"
        ).format(raw=raw, count=len(numbers))
    else:
        form = f"50{unit}以上" if direction != "down" else f"3{unit}以内"
    return _("cannot read target {raw!r}; write: {fix}").format(raw=raw, fix=form)
