"""Deadlines as plans write them (`due:` of a milestone): `2022-03-31`, `2022Q1`, `2022-03`, and the
words of a 工作要点: `2023年底`, `年底前`, `2023年6月`, `6月底`, `2023年第四季度`, `四季度`, `上半年`,
`下半年`, `年内`. Each is read as the last day of its period (a quarter, a month, a half, the year).

A deadline without its year (`年底前`, `6月底`, `四季度`) takes the plan's year: the milestone's own
`year:`, else the one year targets.yaml sets targets for (a single year's 工作要点). Without either
it is refused, with the two ways to say it.
"""

from __future__ import annotations

import datetime as dt
import re

from sciplan.core.chars import quoted
from sciplan.core.dates import month_end
from sciplan.core.i18n import _
from sciplan.validate.values import BadValue, normalize

_CN = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_MONTH_NUMBER = r"(?:1[0-2]|0?[1-9]|十[一二]|[一二三四五六七八九十])"
_YEAR = r"(?:(?P<year>\d{4})年?)?"
_BY = r"(?:之?前|以前|为止)?"  # 年底前, 6月底之前: by then, the same deadline
_WORDS = (
    ("year", re.compile(rf"{_YEAR}(?:年底|年末|年内|底|末|内|全年|年)?{_BY}")),
    ("half", re.compile(rf"{_YEAR}(?P<half>上|下)半年(?:末|底)?{_BY}")),
    ("quarter", re.compile(rf"{_YEAR}(?:第)?(?P<q>[1-4一二三四首])季度(?:末|底)?{_BY}")),
    ("month", re.compile(rf"{_YEAR}(?P<m>{_MONTH_NUMBER})月(?:份)?(?:底|末|前)?{_BY}")),
    ("day", re.compile(rf"{_YEAR}(?P<m>{_MONTH_NUMBER})月(?P<d>\d{{1,2}})日{_BY}")),
)
FORMS = "2022-03-31, 2022Q1, 2022-03, 2023年底, 2023年6月, 2023年第四季度, 2023年上半年, 年内"


def parse_due(raw: object, year: int | None = None) -> dt.date:
    """The last day of the period `raw` names. `year` is the plan's year, for words without one
    (`年底前`); None when it is not known. Raises BadValue (code `due`)."""
    text = normalize(str(raw)) if isinstance(raw, (str, int)) and not isinstance(raw, bool) else ""
    text = re.sub(r"\s+", "", text)
    try:
        if m := re.fullmatch(r"(\d{4})[Qq]([1-4])", text):
            return _last_day(int(m.group(1)), int(m.group(2)) * 3)
        if m := re.fullmatch(r"(\d{4})-(\d{1,2})", text):
            return _last_day(int(m.group(1)), int(m.group(2)))
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return dt.date.fromisoformat(text)
        for form, pattern in _WORDS:
            m = pattern.fullmatch(text)
            if m and re.search(r"\d|[年月季]", text):  # not an empty or a bare 前
                return _words(form, m, year, raw)
    except BadValue:
        raise
    except ValueError:  # 2023-02-30, 2023年6月31日: no such day
        pass
    raise BadValue("due", _("{text} is not a deadline; write one of: {forms}").format(text=_shown(raw), forms=FORMS))


def _words(form: str, m: re.Match, year: int | None, raw: object) -> dt.date:
    if m.group("year"):
        year = int(m.group("year"))
    if year is None:
        raise BadValue(
            "due",
            _(
                "{text} does not say which year; write the year in it ({example}) "
                "or give the milestone a year: (e.g. year: 2023)"
            ).format(text=_shown(raw), example=_with_year(m.group(0))),
        )
    if form == "year":
        return dt.date(year, 12, 31)
    if form == "half":
        return _last_day(year, 6 if m.group("half") == "上" else 12)
    if form == "quarter":
        q = m.group("q")
        return _last_day(year, 3 * (int(q) if q.isdigit() else 1 if q == "首" else _CN[q]))
    month = _month(m.group("m"))
    if form == "month":
        return _last_day(year, month)
    return dt.date(year, month, int(m.group("d")))


def _month(text: str) -> int:
    if text.isdigit():
        return int(text)
    if text.startswith("十"):
        return 10 + _CN.get(text[1:], 0)
    return _CN[text]


def _last_day(year: int, month: int) -> dt.date:
    return month_end(year, month)


def _with_year(text: str) -> str:
    return ("2023" if text.startswith("年") else "2023年") + text


def _shown(raw: object) -> str:
    return quoted(raw) if isinstance(raw, str) else repr(raw)  # a 10 MB deadline is not echoed whole
