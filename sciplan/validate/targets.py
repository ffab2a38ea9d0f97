"""The target language (SPEC 3): `50`, `>= 50`, `≥50`, `> 260`, `50..60`, `+15%`, `+0.2pp`, `+40`,
`rank <= 2`, and the same in a plan's own words: `超260家`, `50家以上`, `不少于150家`, `增长15%以上`,
`提高0.2个百分点`, `3-5个`, `列全市前3`.

A `Target` is what was written; `Target.resolve` turns it into a threshold once the previous
year's actual is known. All arithmetic is exact (`Fraction`): `+10%` on 10 is exactly 11.
"""

from __future__ import annotations

import re
from decimal import Decimal

from sciplan.core.i18n import _
from sciplan.core.records import Resolved, Target  # the records it reads targets into (Resolved re-exported)
from sciplan.validate import phrasings, wording
from sciplan.validate.readers import FORMS, Reading, bad, cannot_read, plain
from sciplan.validate.values import BadValue, finite, number_text

__all__ = ["FORMS", "Resolved", "Target", "parse_target"]

_SYMBOLS = {"≥": ">=", "≤": "<=", "=>": ">=", "=<": "<="}

# Each phrasing, its pattern and its handler is a row of phrasings.TABLE; what stays here is the order of
# the stages and the fallbacks around them. A pattern must match the whole target (fullmatch), and its groups
# are expanded from that match: a search would find a shorter span (确保50 in 确保50家以上) and leave the rest
# behind as a "unit".
_N = r"(?P<n>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)"
_U = r"(?P<u>\D*?)"  # the unit written after the number, if any
_DOWN_WORDS = r"(?:下降|降低|减少)"
# Words that only say how hard the bureau tries (确保300家 is 300家), dropped before reading the rest.
_MODAL = re.compile(r"(?:全年|年内|今年|力争|确保|争取|实现)+(?=.)")
_bad = bad


# Where a plan's sentence turns from what it measures to the target: 有效期内高企|超260家,
# 技术合同成交额|增长15%以上, R&D经费占GDP比重|达到2.8%.
_TURN = re.compile(
    "新增|净增|增长|提高|提升|增加|上升|下降|降低|减少|突破|超过|超|高于|大于|不少于|不低于|不小于|至少|达到|达|"
    "不超过|不高于|不大于|控制在|低于|少于|小于|同比|较上年|比上年|较去年|比去年|翻|列|位居|保持|确保|力争"
)


def parse_target(raw: object, unit: str, direction: str, kind: str = "flow") -> Target:
    """Read a target as written (int, Decimal or text) for an indicator in `unit`. The indicator's
    `kind` decides what 新增N means: the year's flow of N for a flow, N more than last year for a stock.

    A target copied whole from a plan's sentence (`全年新增高企50家`, `有效期内高企超260家`,
    `力争签订产学研协议40项以上`, `征集不少于200个创业项目参赛`) is read from its one number, the
    comparison its words give and the unit after it (wording.py); the text shown stays as written.
    A target for part of the year (`力争首季度科技型中小企业达到300家`) is a level judged at that
    month's end, shown as `一季度末 ≥ 300` — never silently a whole-year target.

    Raises `BadValue` with code `target`, `placeholder` or `unit`.

    A province writes the same few thousand texts (`+8%`, `>= 120`) for 100,000 indicator-years: each
    is read once per unit, direction and kind, and the (immutable) Target shared. The type is part of
    the key (True == 1, Decimal("1.0") == 1 would otherwise meet); failures are not kept.
    """
    if phrasings.tracing_active():  # explaining: every row read again, none taken from the memo
        return _parse_target(raw, unit, direction, kind)
    memo_key = (type(raw), str(raw) if isinstance(raw, Decimal) else raw, unit, direction, kind)
    try:
        return _MEMO[memo_key]
    except KeyError:
        pass
    except TypeError:  # unhashable (a list where a target belongs): read, and refused, below
        return _parse_target(raw, unit, direction, kind)
    target = _parse_target(raw, unit, direction, kind)
    if len(_MEMO) < 100_000:
        _MEMO[memo_key] = target
    return target


_MEMO: dict[tuple, Target] = {}


def _parse_target(raw: object, unit: str, direction: str, kind: str) -> Target:
    if isinstance(raw, str):
        month, rest = wording.period(raw)
        if month is not None:
            return _within_year(raw, rest, month, unit, direction, kind)
    try:
        with phrasings.attempt():
            return _parse(raw, unit, direction, kind)
    except BadValue as exc:
        if exc.code not in ("target", "unit") or not isinstance(raw, str):
            raise
        first = exc  # a "unit" may be the object after the number: 争取2家企业获批省级工程技术研究中心
    compact = _compact(raw)
    worded = compact is not None and re.search(r"[\u4e00-\u9fff]", compact) and not re.search(r"[+<>=]|\.\.", compact)
    at = phrasings.mark()
    reading = wording.read(compact, unit, kind) if worded and compact is not None else None
    if reading is not None:
        try:
            with phrasings.attempt():
                return _parse(reading.form, unit, direction, kind)._replace(text=raw)
        except BadValue as exc:
            if exc.code != "target":  # a unit or a placeholder: that error says what to fix, of the sentence
                raise BadValue(exc.code, exc.message.replace(repr(reading.form), repr(raw))) from None
    phrasings.rollback(at)
    for turn in _TURN.finditer(raw):
        subject, rest = raw[: turn.start()], raw[turn.start() :]
        if not subject.strip() or re.search(r"\d", subject):
            continue
        for cut in (rest, _NEW_SUBJECT.sub(r"\g<word>", rest, count=1)):
            try:
                with phrasings.attempt():
                    return _parse(cut, unit, direction, kind)._replace(text=raw)
            except BadValue:
                continue
    if _NEW_SUBJECT.match(raw):  # 新增高企50家: what is counted sits between 新增 and the number
        try:
            with phrasings.attempt():
                return _parse(_NEW_SUBJECT.sub(r"\g<word>", raw, count=1), unit, direction, kind)._replace(text=raw)
        except BadValue:
            pass
    generic = _("cannot read target {raw!r}; write one of: {forms}").format(raw=raw, forms=_(FORMS))
    if first.code != "target":
        raise first from None
    if first.message == generic or wording.VAGUE_RANK.search(raw):  # the one fix for this sentence, not every form
        raise _bad(wording.fix(raw, unit, direction)) from None
    raise first from None


# How a target for part of the year is shown: 一季度末 ≥ 300.
_PERIOD_LABELS = {3: "一季度末", 9: "三季度末"}
_OP_SIGNS = {">=": "≥", ">": ">", "<=": "≤", "<": "<"}


def period_label(month: int) -> str:
    return _PERIOD_LABELS.get(month, f"{month}月末")


def _within_year(raw: str, rest: str, month: int, unit: str, direction: str, kind: str) -> Target:
    """`力争首季度科技型中小企业达到300家`: at least 300 at the end of March, shown `一季度末 ≥ 300`."""
    target = parse_target(rest, unit, direction, kind) if rest.strip() else None
    if target is None or target.kind != "level":
        raise _bad(
            _(
                "{raw!r}: a target for part of the year is a level at that month's end; write {label} ≥ 300 "
                "with the plan's figure"
            ).format(raw=raw, label=period_label(month))
        )
    amount = plain(target.amount)
    shown = f"{period_label(month)} {_OP_SIGNS[target.op]} {amount}"
    if target.stretch is not None:
        shown += f"..{plain(target.stretch)}"
    return target._replace(text=shown, month=month)


def _compact(raw: str) -> str | None:
    try:
        return re.sub(r"\s+", "", number_text(raw))
    except BadValue:
        return None


_NEW_SUBJECT = re.compile(r"(?:全年|年内|今年)?(?P<word>新增|净增)[^\d+\-<>=.,]+?(?=\d)")


def _parse(raw: object, unit: str, direction: str, kind: str) -> Target:
    up = direction != "down"
    if isinstance(raw, bool) or not isinstance(raw, (int, Decimal, str)):
        raise _bad(_("expected a target such as {forms}").format(forms=_(FORMS)))
    text = raw if isinstance(raw, str) else plain(Decimal(raw))
    if not isinstance(raw, str):
        try:
            return Target(text, "level", ">=" if up else "<=", finite(Decimal(raw), text))
        except BadValue as exc:
            raise _bad(exc.message) from None
    try:
        compact = number_text(raw)
    except BadValue as exc:
        raise _bad(exc.message) from None
    for symbol, op in _SYMBOLS.items():
        compact = compact.replace(symbol, op)
    compact = re.sub(r"\s+", "", compact)
    if not compact:
        raise _bad(_("empty target; write one of: {forms}").format(forms=_(FORMS)))
    compact = _symbolic(compact, kind, raw)
    slip = _slip(raw, compact, up)
    if slip is not None:
        raise slip

    target = phrasings.first("form", compact, Reading(raw, text, unit, up, kind))
    if target is not None:
        return target  # type: ignore[no-any-return]
    if re.fullmatch(r"[^.]*\d\s*[-~～—至到]\s*\d[^.]*", compact):
        raise _bad(_("cannot read target {raw!r}; write a range as 3..5 (确保 3, 力争 5)").format(raw=raw))
    raise cannot_read(raw)


def _symbolic(compact: str, kind: str, raw: object) -> str:
    """A plan's own wording as the symbolic form it means (`确保50家以上` -> `>=50家`); other text as is.
    The `words` rows of phrasings.TABLE, 确保X、力争Y before 确保 is dropped as a mere modal."""
    reading = Reading(raw, "", "", True, kind)
    found = phrasings.first("words", compact, reading, on="compact")
    if found is not None:
        return found  # type: ignore[no-any-return]
    compact = _MODAL.sub("", compact, count=1) if _MODAL.match(compact) else compact
    found = phrasings.first("words", compact, reading, on="stripped")
    return compact if found is None else found  # type: ignore[no-any-return]


def _slip(raw: object, compact: str, up: bool) -> BadValue | None:
    """The error for a common slip, with its fix (else the target is read on, and if it is in no
    known form the error lists every form)."""
    fall = re.search(rf"{_DOWN_WORDS}(?:不超过|不高于|控制在){_N}%", compact)
    if fall:
        n = fall.group("n")
        if up:
            hint = _(
                "cannot read target {raw!r}; for a fall of at most {n}% write -{n}% "
                "(where higher is better, -{n}% accepts down to last year × {kept})"
            )
        else:
            hint = _(
                "cannot read target {raw!r}; {fall} reads as a fall of at least {n}% where lower is better; "
                "or write the level you accept, e.g. <= 0.5"
            )
        return _bad(hint.format(raw=raw, n=n, kept=_kept(n), fall=f"-{n}%"))
    about = re.fullmatch(rf"{_N}{_U}左右", compact)
    if about:
        n, u = about.group("n"), about.group("u")
        return _bad(
            _(
                "cannot read target {raw!r}: 左右 (about) is read after a growth rate (增长15%左右 is +15%); "
                "for a level write {n}{u} (at least {n}) or a range such as {n}..{high}"
            ).format(raw=raw, n=n, u=u, high=_plus_tenth(n))
        )
    if re.search(r"[一二两三四五六七八九十百千]", compact) and not re.search(r"\d", compact):
        return _bad(
            _("cannot read target {raw!r}; write the number in digits (50家以上, not 五十家以上)").format(raw=raw)
        )
    return None


def _kept(n: str) -> str:
    share = (100 - Decimal(n)) / 100
    return format(share.normalize(), "f")


def _plus_tenth(n: str) -> str:
    high = Decimal(n.replace(",", "")) * Decimal("1.1")
    return format(high.normalize(), "f")
