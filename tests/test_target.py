"""The target language (SPEC 3): every form, its threshold, and exact arithmetic."""

from __future__ import annotations

import contextlib
from decimal import Decimal
from fractions import Fraction as F

import pytest

from sciplan.validate.targets import FORMS, parse_target
from sciplan.validate.values import BadValue


@pytest.mark.parametrize(
    ("written", "unit", "direction", "kind", "op", "amount", "stretch"),
    [
        (50, "家", "up", "level", ">=", "50", None),  # a bare number: at least
        (50, "家", "down", "level", "<=", "50", None),  # ... at most when lower is better
        (Decimal("2.8"), "%", "up", "level", ">=", "2.8", None),
        (">= 50", "家", "up", "level", ">=", "50", None),
        ("≥50", "家", "up", "level", ">=", "50", None),
        ("> 260", "家", "up", "level", ">", "260", None),
        ("<= 0.5", "吨", "down", "level", "<=", "0.5", None),
        ("≤0.5", "吨", "down", "level", "<=", "0.5", None),
        ("< 3", "次", "down", "level", "<", "3", None),
        ("50..60", "家", "up", "level", ">=", "50", "60"),
        ("3 .. 5", "个", "up", "level", ">=", "3", "5"),
        ("0.5..0.45", "吨", "down", "level", "<=", "0.5", "0.45"),
        ("+15%", "亿元", "up", "growth", ">=", "15", None),
        ("-3%", "吨", "down", "growth", "<=", "-3", None),
        ("+0.2pp", "%", "up", "points", ">=", "0.2", None),
        ("+0.2个百分点", "%", "up", "points", ">=", "0.2", None),
        ("+40", "家", "up", "increase", ">=", "40", None),
        ("-40", "家", "down", "increase", "<=", "-40", None),
        ("rank <= 2", "家", "up", "rank", "<=", "2", None),
        ("rank < 3", "家", "up", "rank", "<=", "2", None),
        (">= 11.5亿元", "万元", "up", "level", ">=", "115000", None),  # money converts
        (">= 2.8%", "%", "up", "level", ">=", "2.8", None),  # a % target may say %
        ("＞２６０", "家", "up", "level", ">", "260", None),  # full-width forms
    ],
)
def test_forms(written, unit, direction, kind, op, amount, stretch):
    t = parse_target(written, unit, direction)
    assert (t.kind, t.op, t.amount) == (kind, op, Decimal(amount))
    assert t.stretch == (None if stretch is None else Decimal(stretch))
    assert t.text == str(written)


@pytest.mark.parametrize(
    ("written", "unit", "code", "fragment"),
    [
        ("abc", "家", "target", "cannot read target 'abc'; write: 50家以上"),  # the one fix, not every form
        ("15%", "家", "target", "for growth over last year write +15%"),
        ("+0.2pp", "家", "target", "percentage points (pp) apply only to indicators in %"),
        ("60..50", "家", "target", "the stretch (after ..) must be above the floor"),
        ("xx", "家", "placeholder", "'xx' is a template placeholder"),
        ("+xx%", "家", "placeholder", "'+xx%' is a template placeholder"),
        (">= 86件", "家", "unit", "is in 件, but this indicator is measured in 家"),
        ("近50", "家", "target", "a target is exact"),
        ("rank <= 0", "家", "target", "a position of 1 or more"),
        ("-100%", "家", "target", "leaves nothing"),
        ("", "家", "target", "empty target"),
        (True, "家", "target", "expected a target"),
    ],
)
def test_bad_targets(written, unit, code, fragment):
    with pytest.raises(BadValue) as info:
        parse_target(written, unit, "up")
    assert info.value.code == code
    assert fragment in info.value.message


def test_down_range_stretch_must_be_lower():
    with pytest.raises(BadValue, match="must be below the ceiling"):
        parse_target("0.45..0.5", "吨", "down")


def test_growth_threshold_is_exact():
    """+10% on 10 is exactly 11 — with binary floats 10 * 1.1 is 11.000000000000002."""
    assert parse_target("+10%", "家", "up").resolve(F(10)).value == 11
    assert parse_target("+15%", "亿元", "up").resolve(F(126, 10)).value == F(1449, 100)  # 14.49


def test_points_threshold_is_exact():
    """+0.2pp on 2.6 is exactly 2.8 (2.6 + 0.2 is 2.8000000000000003 in floats)."""
    assert parse_target("+0.2pp", "%", "up").resolve(F(26, 10)).value == F(28, 10)


def test_reduction_and_increase():
    assert parse_target("-3%", "吨", "down").resolve(F(52, 100)).value == F(5044, 10000)
    assert parse_target("+40", "家", "up").resolve(F(227)).value == 267
    assert parse_target("-40", "家", "down").resolve(F(227)).value == 187


def test_growth_without_base_is_unresolved():
    resolved = parse_target("+15%", "亿元", "up").resolve(None)
    assert resolved.value is None and resolved.op == ">="


def test_level_ignores_previous():
    resolved = parse_target("50..60", "家", "up").resolve(F(999))
    assert (resolved.op, resolved.value, resolved.stretch) == (">=", 50, 60)


@pytest.mark.parametrize(
    ("written", "unit", "direction", "kind", "op", "amount", "stretch"),
    [
        ("超260家", "家", "up", "level", ">", "260", None),  # 有效期内高企超260家
        ("超过260", "家", "up", "level", ">", "260", None),
        ("50家以上", "家", "up", "level", ">=", "50", None),  # 新招引科技孵化项目50个以上
        ("不少于150家", "家", "up", "level", ">=", "150", None),  # 不少于150家的高企后备培育库
        ("至少20场", "场", "up", "level", ">=", "20", None),
        ("不超过0.5", "吨", "down", "level", "<=", "0.5", None),
        ("0.5以下", "吨", "down", "level", "<=", "0.5", None),
        ("增长15%以上", "亿元", "up", "growth", ">=", "15", None),  # 技术合同成交额增长xx%以上
        ("下降3%", "吨", "down", "growth", "<=", "-3", None),
        ("提高0.2个百分点", "%", "up", "points", ">=", "0.2", None),
        ("3-5个", "个", "up", "level", ">=", "3", "5"),  # 招引3-5个高层次人才创新创业项目
        ("10～15", "个", "up", "level", ">=", "10", "15"),
        ("列全市前3", "家", "up", "rank", "<=", "3", None),
        ("第1", "家", "up", "rank", "<=", "1", None),
        ("1,240以上", "件", "up", "level", ">=", "1240", None),
    ],
)
def test_a_plans_own_wording(written, unit, direction, kind, op, amount, stretch):
    """Targets pasted from a 工作要点 read as their symbolic forms; the text is kept as written."""
    t = parse_target(written, unit, direction)
    assert (t.kind, t.op, t.amount) == (kind, op, Decimal(amount))
    assert t.stretch == (None if stretch is None else Decimal(stretch))
    assert t.text == written


# The wording table of README "Targets" (issue 12): each row, each form, with its meaning worked out by
# hand from the plan's words. Columns: written, unit, kind, direction -> kind, op, amount, stretch.
@pytest.mark.parametrize(
    ("written", "unit", "ind_kind", "kind", "op", "amount", "stretch"),
    [
        # 确保X、力争Y: at least X, stretch Y (the 300..350 form), however the two are joined
        ("确保300家、力争350家", "家", "stock", "level", ">=", "300", "350"),
        ("确保300力争350", "家", "stock", "level", ">=", "300", "350"),
        ("确保300家，力争350家", "家", "stock", "level", ">=", "300", "350"),  # full-width comma
        ("确保1.5亿元；力争2亿元", "万元", "flow", "level", ">=", "15000", "20000"),  # 1.5亿元 = 15000万元
        # 力争 alone is the target itself: at least
        ("力争1000家", "家", "stock", "level", ">=", "1000", None),
        # 突破 / 超过 / 超: strictly more
        ("突破1000亿元", "亿元", "flow", "level", ">", "1000", None),
        ("超过1000", "家", "stock", "level", ">", "1000", None),
        ("超1000", "家", "stock", "level", ">", "1000", None),
        # at least, including the doubled forms that failed with a unit error (确保50 + 家以上)
        ("达到2.8%以上", "%", "ratio", "level", ">=", "2.8", None),
        ("不少于150项以上", "项", "flow", "level", ">=", "150", None),
        ("确保50家以上", "家", "flow", "level", ">=", "50", None),
        ("不少于150家以上", "家", "stock", "level", ">=", "150", None),
        ("不低于24期", "期", "flow", "level", ">=", "24", None),
        ("20场以上", "场", "flow", "level", ">=", "20", None),
        ("年内10项以上", "项", "flow", "level", ">=", "10", None),
        # at most
        ("控制在3%以内", "%", "ratio", "level", "<=", "3", None),
        ("不超过20天", "天", "ratio", "level", "<=", "20", None),
        ("0.5吨以下", "吨", "ratio", "level", "<=", "0.5", None),
        ("30天以内", "天", "ratio", "level", "<=", "30", None),
        # rank, in Chinese or Arabic numerals: 第N and 前N both mean rank <= N
        ("列全市第一", "家", "stock", "rank", "<=", "1", None),
        ("位居全市第二", "家", "stock", "rank", "<=", "2", None),
        ("保持全市前三", "家", "stock", "rank", "<=", "3", None),
        ("全市前5", "家", "stock", "rank", "<=", "5", None),
        ("进入全省前十", "家", "stock", "rank", "<=", "10", None),
        ("全市前十二", "家", "stock", "rank", "<=", "12", None),  # 十二 = 10 + 2
        # percentage points
        ("提高1个百分点", "%", "ratio", "points", ">=", "1", None),
        ("提升1个百分点", "%", "ratio", "points", ">=", "1", None),
        ("增加1个百分点", "%", "ratio", "points", ">=", "1", None),
        ("降低0.5个百分点", "%", "ratio", "points", ">=", "-0.5", None),
        # growth over last year; 左右 and 同比/较上年 change nothing
        ("增长15%左右", "亿元", "flow", "growth", ">=", "15", None),
        ("同比增长15%", "亿元", "flow", "growth", ">=", "15", None),
        ("较上年增长15%", "亿元", "flow", "growth", ">=", "15", None),
        ("力争增长15%以上", "亿元", "flow", "growth", ">=", "15", None),
        # doubling: 翻一番 is ×2 (+100%), 翻两番 ×4 (+300%)
        ("翻一番", "亿元", "flow", "growth", ">=", "100", None),
        ("翻两番", "亿元", "flow", "growth", ">=", "300", None),
        ("实现翻番", "亿元", "flow", "growth", ">=", "100", None),
        # 新增: the year's own count for a flow, an increase over last year for a stock; 净增 always the latter
        ("新增50家", "家", "flow", "level", ">=", "50", None),
        ("全年新增50家以上", "家", "flow", "level", ">=", "50", None),
        ("新增40家", "家", "stock", "increase", ">=", "40", None),
        ("净增40家", "家", "stock", "increase", ">=", "40", None),
        # falls
        ("下降5%", "吨", "ratio", "growth", ">=", "-5", None),
        ("降低5%", "吨", "ratio", "growth", ">=", "-5", None),
    ],
)
def test_the_wording_table(written, unit, ind_kind, kind, op, amount, stretch):
    t = parse_target(written, unit, "up", ind_kind)
    assert (t.kind, t.op, t.amount) == (kind, op, Decimal(amount))
    assert t.stretch == (None if stretch is None else Decimal(stretch))
    assert t.text == written  # shown as written: 左右 keeps its wording


def test_wording_thresholds_by_hand():
    """The thresholds the wording means, worked out by hand."""
    assert parse_target("翻一番", "亿元", "up").resolve(F(120)).value == 240  # 120 × 2
    assert parse_target("翻两番", "亿元", "up").resolve(F(120)).value == 480  # 120 × 4
    assert parse_target("净增40家", "家", "up", "stock").resolve(F(227)).value == 267  # 227 + 40
    assert parse_target("新增50家", "家", "up", "flow").resolve(F(227)).value == 50  # the flow itself
    assert parse_target("较上年增长15%", "亿元", "up").resolve(F(20)).value == 23  # 20 × 1.15
    assert parse_target("下降5%", "吨", "down", "ratio").resolve(F(2)).value == F(19, 10)  # 2 × 0.95
    assert parse_target("增长15%左右", "亿元", "up").text == "增长15%左右"


def test_down_direction_reads_the_same_words():
    t = parse_target("下降5%", "吨", "down", "ratio")
    assert (t.kind, t.op, t.amount) == ("growth", "<=", Decimal(-5))  # at most last year × 0.95
    t = parse_target("控制在0.5吨以内", "吨", "down", "ratio")
    assert (t.op, t.amount) == ("<=", Decimal("0.5"))


@pytest.mark.parametrize(
    ("written", "direction", "ind_kind", "message"),
    [
        (  # was: write +下降不超过5%
            "下降不超过5%",
            "up",
            "flow",
            "cannot read target '下降不超过5%'; for a fall of at most 5% write -5% "
            "(where higher is better, -5% accepts down to last year × 0.95)",
        ),
        (
            "下降不超过5%",
            "down",
            "ratio",
            "cannot read target '下降不超过5%'; -5% reads as a fall of at least 5% where lower is better; "
            "or write the level you accept, e.g. <= 0.5",
        ),
        (  # was: is in 家左右
            "10家左右",
            "up",
            "flow",
            "cannot read target '10家左右': 左右 (about) is read after a growth rate (增长15%左右 is +15%); "
            "for a level write 10家 (at least 10) or a range such as 10..11",
        ),
        (
            "五十家以上",
            "up",
            "flow",
            "cannot read target '五十家以上'; write the number in digits (50家以上, not 五十家以上)",
        ),
        (
            "新增5家",
            "up",
            "ratio",
            "'新增5家': 新增 counts firms or items; for a ratio write a level (>= 2.8) or +0.2pp",
        ),
    ],
)
def test_slips_get_the_right_fix(written, direction, ind_kind, message):
    with pytest.raises(BadValue) as info:
        parse_target(written, "家", direction, ind_kind)
    assert info.value.message == message


def test_anything_else_names_one_fix_and_every_listed_form_reads():
    """A refusal names the one fix for that sentence (issue 23), not the list of every form; every
    example of the list (FORMS, which `--explain` prints) reads."""
    with pytest.raises(BadValue) as info:
        parse_target("尽快完成", "家", "up")
    assert info.value.message == "cannot read target '尽快完成'; write: 50家以上"
    examples = ("不少于50家", "超260家", "控制在3%以内", "确保50家、力争60家", "增长15%", "下降5%", "提高0.2个百分点")
    for example in (*examples, "净增40家", "列全市第二", "保持全市前三", "翻一番"):
        assert example in FORMS
        parse_target(
            example, "%" if example in ("控制在3%以内", "提高0.2个百分点") else "家", "up", "stock"
        )  # each reads


def test_growth_wording_on_a_count_is_not_a_unit_error():
    """较上年增长15% once suggested +较上年增长15%; it reads now, and a bare 15% still says to add +."""
    assert parse_target("较上年增长15%", "家", "up").kind == "growth"
    with pytest.raises(BadValue, match=r"for growth over last year write \+15%"):
        parse_target("15%", "家", "up")


def test_every_example_in_the_readme_wording_table_reads():
    """README's table of a plan's own wording (issue 12) promises each written form: each must read."""
    import re
    from pathlib import Path

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    table = readme.split("A plan's own wording reads as written", 1)[1].split("\n\n", 2)[1]
    rows = [line.split(" | ")[0] for line in table.splitlines()[2:]]
    examples = [e for row in rows for e in re.findall(r"`([^`]+)`", row)]
    assert len(examples) >= 30
    for example in examples:
        if "/" in example or example.endswith("…"):  # 提高 / 提升 / 增加 1个百分点; 上半年… (a pattern)
            continue
        kind = "stock" if example in ("新增40家", "净增40家") else "flow"
        readings = []
        for unit in ("家", "%", "亿元", "项", "期", "天", "个", "件", "次", "条", "人", "万元"):  # the unit written
            with contextlib.suppress(BadValue):
                readings.append(parse_target(example, unit, "up", kind))
        assert readings, example


@pytest.mark.parametrize(
    ("written", "unit", "kind", "expected"),
    [
        # a plan's whole sentence, copied as is: read from where it turns to the target (hand-read)
        ("全年新增高企50家", "家", "flow", ("level", ">=", Decimal(50), None)),
        ("技术合同成交额增长15%以上", "亿元", "flow", ("growth", ">=", Decimal(15), None)),
        ("R&D经费占GDP比重达到2.8%", "%", "ratio", ("level", ">=", Decimal("2.8"), None)),
        ("有效期内高企超260家", "家", "stock", ("level", ">", Decimal(260), None)),
        ("有效期内高企净增40家", "家", "stock", ("increase", ">=", Decimal(40), None)),
        ("有效期内高企新增40家", "家", "stock", ("increase", ">=", Decimal(40), None)),
        ("高企数确保300家、力争350家", "家", "stock", ("level", ">=", Decimal(300), Decimal(350))),
        ("研发投入强度提高0.2个百分点", "%", "ratio", ("points", ">=", Decimal("0.2"), None)),
    ],
)
def test_a_target_copied_with_its_subject(written, unit, kind, expected):
    target = parse_target(written, unit, "up", kind)
    assert (target.kind, target.op, target.amount, target.stretch) == expected
    assert target.text == written  # shown as the plan wrote it


@pytest.mark.parametrize(
    "written",
    [
        "高企50件",  # no word that turns to a target, and 件 is not 家
        "2021年高企超260家",  # a digit before the turn: the number might be the target's, so not guessed
    ],
)
def test_a_subject_is_dropped_only_when_it_is_plainly_words(written):
    with pytest.raises(BadValue) as info:
        parse_target(written, "家", "up", "stock")
    assert info.value.code in ("target", "unit")


@pytest.mark.parametrize(
    ("written", "unit", "direction", "expected"),
    [
        # so many more than last year, in the indicator's own unit: 万人发明专利拥有量提高2件
        ("提高2件", "件", "up", ("increase", ">=", Decimal(2))),
        ("增加40家", "家", "up", ("increase", ">=", Decimal(40))),
        # fewer, where lower is better: at most last year's − 3
        ("较上年减少3天", "天", "down", ("increase", "<=", Decimal(-3))),
    ],
)
def test_more_or_fewer_in_the_indicators_unit(written, unit, direction, expected):
    target = parse_target(written, unit, direction, "ratio" if unit == "件" else "stock")
    assert (target.kind, target.op, target.amount) == expected
