"""The target language (SPEC 3): every form, its threshold, and exact arithmetic."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction as F

import pytest

from sciplan.validate.targets import parse_target
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
        ("abc", "家", "target", "cannot read target 'abc'; write one of: 50, >= 50"),
        ("15%", "家", "target", "for growth over last year write +15%"),
        ("+0.2pp", "家", "target", "percentage points (pp) apply only to indicators in %"),
        ("60..50", "家", "target", "the stretch (after ..) must be above the floor"),
        ("xx", "家", "placeholder", "'xx' is a template placeholder"),
        ("+xx%", "家", "placeholder", "'+xx%' is a template placeholder"),
        (">= 86件", "家", "unit", "is in 件, but this indicator is measured in 家"),
        ("50余", "家", "target", "a target is exact"),
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


def test_new_n_is_ambiguous_and_refused():
    """新增50家 is the level 50 for a flow but an increase for a stock: write 50 or +50."""
    with pytest.raises(BadValue, match="cannot read target"):
        parse_target("新增50家", "家", "up")
