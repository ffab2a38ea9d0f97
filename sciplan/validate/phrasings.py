"""The target parser as one table: each row a phrasing a plan (or sciplan's own form) writes a target in, the
pattern that finds it, the handler that reads it (readers.py), and example sentences with what they read as.

The rows are tried in their order, stage by stage (targets.py and wording.py run the stages):

* `period`: a target for part of the year (首季度…, 上半年…, 6月底前…): the month it is judged at;
* `sentence`: a plan's whole sentence around its one number, from the words just before it
  (`力争签订产学研协议40项以上`), read into sciplan's form;
* `words`: a plan's short wording (`超260家`, `增长15%以上`, `列全市第二`) read into sciplan's form;
* `form`: sciplan's own forms (`>= 50`, `50..60`, `+15%`, `+0.2pp`, `+40`, `rank <= 2`) read into a Target.

README's tables of target phrasings are generated from this table, and every example of every row is a test
(tests/test_phrasings.py: `python tests/test_phrasings.py` rewrites README's tables). `explain` tells which
rows read a target, for `sciplan extract --explain`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, NamedTuple

from sciplan.core.records import Target
from sciplan.validate import readers as h
from sciplan.validate.readers import NUMBER


class Example(NamedTuple):
    written: str
    unit: str  # the indicator's
    reads: str | None  # the target in sciplan's forms (`shown`), None: refused
    kind: str = "flow"
    direction: str = "up"


class Phrasing(NamedTuple):
    key: str
    stage: str  # period, sentence, words, form
    on: str  # what the pattern is matched against (see `subject`)
    pattern: re.Pattern[str]
    handler: Callable[..., Any]
    meaning: str  # English, for README and --explain
    meaning_zh: str
    examples: tuple[Example, ...]

    def match(self, text: str) -> re.Match[str] | None:
        """`lead` and `period` rows are found anywhere in their text (the words before the number end with
        theirs); the others must match the whole text."""
        return self.pattern.search(text) if self.on in ("lead", "period") else self.pattern.fullmatch(text)


def _row(key: str, stage: str, on: str, pattern: str, handler: Callable[..., Any], meaning: str, zh: str,
         *examples: tuple[Any, ...]) -> Phrasing:  # fmt: skip
    return Phrasing(key, stage, on, re.compile(pattern), handler, meaning, zh, tuple(Example(*e) for e in examples))


_N = r"(?P<n>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)"
_M = _N.replace("?P<n>", "?P<m>")
_U = r"(?P<u>\D*?)"  # the unit written after the number, if any
_SINCE = r"(?:同比|较上年|比上年|较去年|比去年|较上年度|比上年度)?"
_ABOUT = r"(?:以上|及以上|左右)?"
_UP = r"(?:增长|提高|提升|增加|上升)"
_DOWN = r"(?:下降|降低|减少)"
_SIGNED = r"(?P<sign>[+-])(?P<num>\d+(?:\.\d+)?|\.\d+)"

TABLE: tuple[Phrasing, ...] = (
    # ---- period: the month a target for part of the year is judged at --------------------------------
    _row("period.q1", "period", "period", r"(?:首季度|第一季度|一季度|1季度)(?:末|底)?(?:前)?", h.period_month(3),
         "a target for the first quarter: judged at the end of March, shown 一季度末 ≥ N; pending before",
         "一季度的阶段目标：按3月末判断，显示为 一季度末 ≥ N；期末前为待报",
         ("力争首季度科技型中小企业达到300家", "家", "一季度末 ≥ 300")),
    _row("period.h1", "period", "period", r"(?:上半年|前两季度|二季度末|第二季度末|年中)(?:末|底)?(?:前)?",
         h.period_month(6), "a target for the first half: judged at the end of June",
         "上半年的阶段目标：按6月末判断", ("上半年科技型中小企业达到300家", "家", "6月末 ≥ 300")),
    _row("period.q3", "period", "period", r"(?:前三季度|三季度末|第三季度末)(?:前)?", h.period_month(9),
         "a target for the first three quarters: judged at the end of September", "前三季度的阶段目标：按9月末判断",
         ("前三季度科技型中小企业达到300家", "家", "三季度末 ≥ 300")),
    _row("period.month", "period", "period", r"(?P<m>1[0-2]|[1-9])月(?:份)?(?:底|末|末前|底前|前)",
         h.period_month(None), "a target due by a month's end: judged at that month's end (12月底前: the year)",
         "某月底前的目标：按该月末判断（12月底前即全年）", ("6月底前科技型中小企业达到300家", "家", "6月末 ≥ 300")),
    # ---- sentence: a plan's sentence, read around its one number ----------------------------------------
    _row("sentence.stretch", "sentence", "text",
         rf"\D*?(?:确保)?(?P<a>\D*?)(?P<n>{NUMBER})(?P<u>\D*?)(?:以上)?[、,，;；]+\D*?力争\D*?(?P<m>{NUMBER})(?P<v>\D*?)(?:以上)?",
         h.sentence_stretch, "the figure to reach (确保) and the one to strive for (力争): the N..M form",
         "确保值与力争值：即 N..M", ("确保新增120家、力争150家", "家", "120..150"),
         ("研发投入强度达到2.8%以上、力争3%", "%", "2.8..3", "ratio")),
    _row("sentence.span", "sentence", "text", r"(?s).*\d.*[-~～—–至到].*\d.*", h.sentence_span,
         "a span of two figures: at least the first, striving for the second",
         "两个数的区间：不少于前者，力争后者", ("招引3-5个高层次人才创新创业项目", "个", "3..5")),
    _row("sentence.change", "sentence", "lead",
         r"(?:同比|较上年度?|比上年度?|较去年|比去年)?(?:增长|提高|提升|增加|上升|下降|降低|减少|新增|净增)$",
         h.sentence_change, "a change over last year just before the number: read on as `words` reads it",
         "数字前是比上年的变化：按下面的写法读", ("技术合同成交额增长15%以上", "亿元", "+15%"),
         ("研发投入强度提高0.2个百分点", "%", "+0.2pp", "ratio")),
    _row("sentence.at-most", "sentence", "lead",
         r"(?:不超过|不高于|不大于|控制在|降至|降到|下降到|降低到|压减至|减少到)$",
         h.comparison("<="), "at most N: a verb and its object may stand before the word", "不超过N",
         ("创新券兑现金额不超过1000万元", "万元", "<= 1000")),
    _row("sentence.at-least", "sentence", "lead",
         r"(?:不少于|不低于|不小于|至少|达到|提高到|提高至|提升到|提升至|增加到|增至|达)$", h.comparison(">="),
         "at least N (新增…达到N on a stock: N more than last year)", "不少于N（存量指标的“新增…达到N”为比上年多N）",
         ("征集不少于200个创业项目参赛", "个", ">= 200"), ("高企数量增至450家", "家", ">= 450"),
         ("R&D经费占GDP比重达到2.8%", "%", ">= 2.8", "ratio")),
    _row("sentence.more", "sentence", "lead", r"(?:突破|超过|高于|大于|多于|超|过)$", h.comparison(">"),
         "more than N (strict; 过 as 超)", "大于N（严格；“过”即“超”）", ("全年纳税过3000万元", "万元", "> 3000"),
         ("有效期内高企超260家", "家", "> 260", "stock")),
    _row("sentence.less", "sentence", "lead", r"(?:低于|少于|小于|不足)$", h.comparison("<"), "less than N (strict)",
         "小于N（严格）", ("专利纠纷案件少于10件", "件", "< 10")),
    _row("sentence.turned", "sentence", "lead", r"(?s)(?=.{1,3}$)(?:不|未|下降|降低|减少|压减|控制)", h.sentence_turned,
         "a word that turns the meaning just before the number: refused, never read silently",
         "数字前紧挨着改变含义的词：拒绝，决不悄悄读成目标", ("控制5家", "家", None)),
    _row("sentence.new", "sentence", "lead", r"新增|净增", h.sentence_new,
         "新增 before what is counted and its number: the indicator's kind decides (below)",
         "“新增”后接计数对象和数字：由指标类型决定（见下）", ("全年新增高企50家", "家", ">= 50"),
         ("全年新增高企50家", "家", "+50", "stock")),
    _row("sentence.and-above", "sentence", "suffix", r"及以上|以上", h.sentence_at_least,
         "at least N: a verb and its object may stand before the number (30余人: at least 30)",
         "不少于N：数字前可有动词和宾语（“30余人”为不少于30）", ("全年组织对接活动30次以上", "次", ">= 30"),
         ("解决技术难题10项以上", "项", ">= 10"),
         ("完成订单5000万元以上", "万元", ">= 5000"), ("新招引科创项目150家以上", "家", ">= 150"),
         ("力争签订产学研协议40项以上", "项", ">= 40"), ("年内力争获批创新联合体2家以上", "家", ">= 2"),
         ("争取上级资金支持3000万元以上", "万元", ">= 3000"), ("力争决赛项目落地率30%以上", "%", ">= 30", "ratio"),
         ("申报人选30余人", "人", ">= 30")),
    _row("sentence.and-below", "sentence", "suffix", r"及以内|以内|及以下|以下", h.sentence_at_most,
         "at most N", "不超过N", ("审批办结时间10天以内", "天", "<= 10", "flow", "down")),
    _row("sentence.bare", "sentence", "lead", r"", h.sentence_bare,
         "a bare figure after a verb and its object: at least N (at most where lower is better)",
         "动词和宾语后的数字：不少于N（越低越好的指标为不超过N）",
         ("年内建立2条激光通信终端自动化生产线", "条", ">= 2"),
         ("签订高质量科技合作协议60项", "项", ">= 60")),
    # ---- words: a plan's wording, read into sciplan's form ----------------------------------------------
    _row("words.stretch", "words", "compact", rf"确保{_N}{_U}[、,;]?力争{_M}(?P<v>\D*?)(?:以上)?",
         h.expand(r"\g<n>\g<u>..\g<m>\g<v>"), "at least N, stretch M (the N..M form)", "不少于N，力争M（即 N..M）",
         ("确保300家、力争350家", "家", "300..350", "stock"), ("确保300力争350", "家", "300..350"),
         ("确保1.5亿元；力争2亿元", "万元", "15000..20000")),
    _row("words.rank", "words", "stripped",
         r"(?:列|位列|位居|稳居|居|保持|进入|排名|排在|争创)?(?:全国|全省|全市|全区|全县|同类地区)?"
         r"(?:第|前)(?P<n>\d+|[一二两三四五六七八九十]{1,3})(?:名|位)?(?:以内)?", h.words_rank,
         "a rank among the peers, in Chinese or Arabic numerals (第N and 前N both mean rank <= N)",
         "在周边地区中的位次，中文或阿拉伯数字（第N、前N均为 rank <= N）", ("列全市第一", "家", "rank <= 1"),
         ("位居全市第二", "家", "rank <= 2"), ("保持全市前三", "家", "rank <= 3"), ("全市前5", "家", "rank <= 5")),
    _row("words.doubling", "words", "stripped", rf"{_SINCE}(?:实现)?翻(?P<k>[一两二三四]?)番", h.words_doubling,
         "doubling: 翻一番 is +100%, 翻两番 +300%", "翻番：翻一番为 +100%，翻两番为 +300%",
         ("翻一番", "亿元", "+100%"), ("翻两番", "亿元", "+300%")),
    _row("words.new", "words", "stripped", rf"(?P<word>新增|净增){_N}{_U}(?P<more>以上|及以上)?", h.words_new,
         "新增N on a flow: at least N (the year's flow); 新增/净增N on a stock: N more than last year",
         "流量指标的“新增N”：不少于N；存量指标的“新增/净增N”：比上年多N", ("新增50家", "家", ">= 50"),
         ("新增40家", "家", "+40", "stock"), ("净增40家", "家", "+40", "stock")),
    _row("words.more", "words", "stripped", rf"(?:突破|超过|超|高于|大于){_N}{_U}(?:以上)?", h.expand(r">\g<n>\g<u>"),
         "more than N (strict: N itself is not 超N)", "大于N（严格：恰为N不算“超N”）",
         ("突破1000亿元", "亿元", "> 1000"), ("超过1000", "家", "> 1000"), ("超1000", "家", "> 1000")),
    _row("words.at-least", "words", "stripped", rf"(?:不少于|不低于|不小于|至少|达到|达){_N}{_U}(?:及以上|以上)?",
         h.expand(r">=\g<n>\g<u>"), "at least N", "不少于N", ("达到2.8%以上", "%", ">= 2.8", "ratio"),
         ("不少于150项以上", "项", ">= 150"), ("不低于24期", "期", ">= 24")),
    _row("words.and-above", "words", "stripped", rf"{_N}{_U}(?:及以上|以上)", h.expand(r">=\g<n>\g<u>"),
         "at least N (确保, 力争, 全年, 年内 in front change nothing)",
         "不少于N（前面的确保、力争、全年、年内不改变含义）",
         ("50家以上", "家", ">= 50"), ("确保50家以上", "家", ">= 50"), ("力争1000家以上", "家", ">= 1000")),
    _row("words.at-most", "words", "stripped", rf"(?:不超过|不高于|不大于|控制在){_N}{_U}(?:及以内|以内|及以下|以下)?",
         h.expand(r"<=\g<n>\g<u>"), "at most N", "不超过N", ("控制在3%以内", "%", "<= 3", "ratio"),
         ("不超过20天", "天", "<= 20")),
    _row("words.and-below", "words", "stripped", rf"{_N}{_U}(?:及以下|以下|及以内|以内)", h.expand(r"<=\g<n>\g<u>"),
         "at most N", "不超过N", ("0.5以下", "%", "<= 0.5", "ratio"), ("30天以内", "天", "<= 30")),
    _row("words.less", "words", "stripped", rf"(?:低于|少于|小于){_N}{_U}", h.expand(r"<\g<n>\g<u>"),
         "less than N (strict)", "小于N（严格）", ("低于3%", "%", "< 3", "ratio", "down")),
    _row("words.points-up", "words", "stripped", rf"{_SINCE}{_UP}{_N}(?:个百分点|pp){_ABOUT}", h.expand(r"+\g<n>pp"),
         "percentage points over last year, for % indicators", "比上年提高的百分点，用于 % 指标",
         ("提高1个百分点", "%", "+1pp", "ratio"), ("提升1个百分点", "%", "+1pp", "ratio")),
    _row("words.points-down", "words", "stripped", rf"{_SINCE}{_DOWN}{_N}(?:个百分点|pp){_ABOUT}",
         h.expand(r"-\g<n>pp"), "percentage points below last year", "比上年降低的百分点",
         ("降低0.5个百分点", "%", "-0.5pp", "ratio")),
    _row("words.growth", "words", "stripped", rf"{_SINCE}{_UP}{_N}%{_ABOUT}", h.expand(r"+\g<n>%"),
         "growth over last year (左右 keeps its wording in the text shown)", "比上年增长（“左右”在显示时保留）",
         ("增长15%左右", "亿元", "+15%"), ("同比增长15%", "亿元", "+15%"), ("较上年增长15%", "亿元", "+15%")),
    _row("words.fall", "words", "stripped", rf"{_SINCE}{_DOWN}{_N}%{_ABOUT}", h.expand(r"-\g<n>%"),
         "a fall from last year", "比上年下降", ("下降5%", "吨", "-5%", "ratio"), ("降低5%", "吨", "-5%", "ratio")),
    _row("words.increase", "words", "stripped", rf"{_SINCE}{_UP}{_N}{_U}{_ABOUT}", h.expand(r"+\g<n>\g<u>"),
         "so many more than last year, in the indicator's unit", "比上年多N（按指标单位）",
         ("提高2件", "件", "+2", "ratio"), ("增加40家", "家", "+40", "stock")),
    _row("words.decrease", "words", "stripped", rf"{_SINCE}{_DOWN}{_N}{_U}{_ABOUT}", h.expand(r"-\g<n>\g<u>"),
         "so many fewer than last year, in the indicator's unit", "比上年少N（按指标单位）",
         ("较上年减少3天", "天", "-3", "stock", "down")),
    _row("words.span", "words", "stripped", rf"{_N}{_U}[-~～—至到]{_M}(?P<v>.*)", h.expand(r"\g<n>\g<u>..\g<m>\g<v>"),
         "a span: at least the first, striving for the second", "区间：不少于前者，力争后者",
         ("3-5个", "个", "3..5"), ("10～15", "个", "10..15")),
    # ---- form: sciplan's own forms ---------------------------------------------------------------------
    _row("form.rank", "form", "form", r"(?:rank|位次|排名)(?P<op><=|<)(?P<num>\d+)", h.form_rank,
         "among the year's peers (or, for a sub-unit, the other units); rank 1 is best",
         "在当年周边地区（板块则在各板块）中的位次，第1最好", ("rank <= 2", "家", "rank <= 2"),
         ("rank < 3", "家", "rank <= 2")),
    _row("form.range", "form", "form", r"(?P<low>.+?)\.\.(?P<high>.+)", h.form_range,
         "must reach 50 (确保), striving for 60 (力争); met rows say whether the stretch was reached",
         "确保50、力争60；完成时注明是否达到力争目标", ("50..60", "家", "50..60"),
         ("1.5..2亿元", "万元", "15000..20000")),
    _row("form.growth", "form", "form", rf"{_SIGNED}%", h.form_growth,
         "growth over last year's actual: `+15%` is a threshold of last year × 1.15",
         "比上年实际增长：`+15%` 的门槛为上年 × 1.15", ("+15%", "亿元", "+15%"), ("-3%", "吨", "-3%")),
    _row("form.points", "form", "form", rf"{_SIGNED}(?:pp|个百分点)", h.form_points,
         "percentage points over last year, for % indicators", "比上年提高的百分点，用于 % 指标",
         ("+0.2pp", "%", "+0.2pp", "ratio"), ("+0.2个百分点", "%", "+0.2pp", "ratio")),
    _row("form.increase", "form", "form", r"(?P<sign>[+-])(?P<rest>.+)", h.form_increase,
         "an absolute increase over last year (-40 a decrease)", "比上年净增（-40 为减少）",
         ("+40", "家", "+40", "stock"), ("-40", "家", "-40", "stock")),
    _row("form.level", "form", "form", r"(?P<op>>=|<=|>|<)?(?P<num>.+)", h.form_level,
         "a level: at least N when no comparison is written (at most N when direction: down); `>` is strict",
         "水平值：未写比较符时为不少于N（direction: down 时为不超过N）；`>` 为严格大于",
         ("50", "家", ">= 50"), (">= 50", "家", ">= 50"), ("≥50", "家", ">= 50"), ("> 260", "家", "> 260"),
         ("<= 0.5", "%", "<= 0.5", "ratio"), ("< 3", "%", "< 3", "ratio"), ("50", "天", "<= 50", "flow", "down")),
)  # fmt: skip

STAGES = ("period", "sentence", "words", "form")
BY_STAGE: dict[str, tuple[Phrasing, ...]] = {s: tuple(r for r in TABLE if r.stage == s) for s in STAGES}


def first(stage: str, text: str, reading: Any, on: str | None = None) -> Any:
    """The reading of the first row of `stage` (of the rows matched against `on`, when given) whose pattern
    matches `text` and whose handler reads it; None when none does. Each row that read is noted (`tracing`)."""
    for row in BY_STAGE[stage]:
        if on is not None and row.on != on:
            continue
        m = row.match(text)
        if m is None:
            continue
        result = row.handler(m, reading)
        if result is None:
            continue
        note(row, m.group() or text)
        return result
    return None


# ---- explain: which rows read a target --------------------------------------------------------------


class Trace:
    """The rows that read a target (`read`, in order: period, sentence, words, form), and those of tries
    that failed on the way (`tried`)."""

    def __init__(self) -> None:
        self.read: list[tuple[Phrasing, str]] = []
        self.tried: list[tuple[Phrasing, str]] = []


_TRACE: ContextVar[Trace | None] = ContextVar("sciplan_phrasings_trace", default=None)


def note(row: Phrasing, matched: str) -> None:
    trace = _TRACE.get()
    if trace is not None:
        trace.read.append((row, matched))


def tracing_active() -> bool:
    return _TRACE.get() is not None


def mark() -> int:
    trace = _TRACE.get()
    return len(trace.read) if trace is not None else 0


def rollback(at: int) -> None:
    """The rows noted since `at` did not read the target after all."""
    trace = _TRACE.get()
    if trace is not None:
        trace.tried += trace.read[at:]
        del trace.read[at:]


@contextmanager
def attempt() -> Iterator[None]:
    """A try at reading that may fail: the rows it noted are set aside when it does."""
    at = mark()
    try:
        yield
    except Exception:
        rollback(at)
        raise


@contextmanager
def tracing() -> Iterator[Trace]:
    """The rows that read the targets parsed inside."""
    trace = Trace()
    token = _TRACE.set(trace)
    try:
        yield trace
    finally:
        _TRACE.reset(token)


def shown(target: Target) -> str:
    """A target in sciplan's own forms: `>= 40`, `> 3000`, `120..150`, `+15%`, `+0.2pp`, `+40`,
    `rank <= 3`, `一季度末 ≥ 300`."""
    amount = h.plain(target.amount)
    if target.month is not None:
        return target.text
    if target.kind == "rank":
        return f"rank <= {amount}"
    if target.kind in ("growth", "points", "increase"):
        suffix = {"growth": "%", "points": "pp", "increase": ""}[target.kind]
        return f"{'+' if target.amount >= 0 else ''}{amount}{suffix}"
    if target.stretch is not None:
        return f"{amount}..{h.plain(target.stretch)}"
    return f"{target.op} {amount}"
