"""The value language of data files (SPEC 2.3): numbers, units, money, placeholders, wording."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sciplan.validate.values import BadValue, parse_value


@pytest.mark.parametrize(
    ("raw", "unit", "value", "approximate"),
    [
        (86, "家", "86", ""),
        (Decimal("2.65"), "%", "2.65", ""),
        ("86", "家", "86", ""),
        ("86家", "家", "86", ""),
        ("86 家", "家", "86", ""),
        ("46.8%", "%", "46.8", ""),
        ("1,240", "件", "1240", ""),
        ("12,345,678.5", "元", "12345678.5", ""),
        ("1.24亿元", "万元", "12400", ""),  # 1.24 × 10⁸ 元 = 12,400 万元
        ("7840万元", "亿元", "0.784", ""),
        ("628.34万元", "元", "6283400", ""),
        ("0.92亿元", "万元", "9200", ""),
        ("11.2亿", "万元", "112000", ""),  # the shorthand of summaries: 亿 for 亿元
        ("3万", "元", "30000", ""),
        ("８６", "家", "86", ""),  # full-width digits
        ("４６．８％", "%", "46.8", ""),
        ("100余", "家", "100", "余"),
        ("100多家", "家", "100", "多"),
        ("近100", "家", "100", "近"),
        ("100+", "家", "100", "+"),
        ("约6040万元", "万元", "6040", "约"),
        ("500套左右", "套", "500", "左右"),  # 左右 after the unit
        ("500左右", "套", "500", "左右"),
        ("-5", "家", "-5", ""),
        ("+40", "家", "40", ""),
        ("0", "家", "0", ""),
    ],
)
def test_reads(raw, unit, value, approximate):
    q = parse_value(raw, unit)
    assert q.value == Decimal(value)
    assert q.approximate == approximate  # the word it was written with: reports write it back


def test_money_conversion_is_exact():
    """1.24亿元 is 12400万元 exactly, not 12399.999999999998."""
    assert parse_value("1.24亿元", "万元").value == Decimal(12400)
    assert str(parse_value("0.1亿元", "万元").value) == "1000"  # no exponent form


@pytest.mark.parametrize(
    "raw", ["x", "xx", "xxx", "x.xx", "xx%", "xxx家", "XX", "20xx", "近xx万元", "xx.x亿元", "xx余"]
)
def test_placeholders_are_never_numbers(raw):
    with pytest.raises(BadValue) as info:
        parse_value(raw, "家")
    assert info.value.code == "placeholder"
    # the message says what to write instead
    assert info.value.message == (
        f"{raw!r} is a template placeholder, not a number; write the figure, or null if it is not reported yet"
    )


@pytest.mark.parametrize(
    ("raw", "unit", "code"),
    [
        ("86件", "家", "unit"),
        ("86%", "家", "unit"),
        ("2.65", "亿元", None),
        ("abc", "家", "not-a-number"),
        ("yes", "家", "not-a-number"),  # YAML 1.2: 'yes' is text, and text that is no number
        ("—", "家", "not-a-number"),
        ("12,40", "家", "not-a-number"),
        ("1.2.3", "家", "not-a-number"),
        (True, "家", "type"),
        (Decimal("NaN"), "%", "nan"),
        (Decimal("Infinity"), "%", "nan"),
        ([1], "家", "type"),
        (Decimal("1e999999"), "家", "out-of-range"),  # an exact fraction of it would take megabytes
        (10**20, "家", "out-of-range"),
        ("1" + "0" * 5000, "家", "out-of-range"),
        ("0.00000000001", "%", "out-of-range"),  # 10⁻¹¹
        ("1e-999999", "%", "not-a-number"),
        ("1e5", "家", "not-a-number"),
        ("1:20", "家", "not-a-number"),  # not "in :20"
        ("2024-01-01", "家", "not-a-number"),
        ("1_000", "家", "not-a-number"),
        ("50-60", "家", "not-a-number"),
        ("0x37", "家", "not-a-number"),  # not a placeholder
    ],
)
def test_refuses(raw, unit, code):
    if code is None:
        assert parse_value(raw, unit).value == Decimal("2.65")
        return
    with pytest.raises(BadValue) as info:
        parse_value(raw, unit)
    assert info.value.code == code


def test_dash_hints_at_null():
    with pytest.raises(BadValue, match="write null for a value not reported yet"):
        parse_value("-", "家")


@pytest.mark.parametrize(
    ("raw", "unit", "value"),
    [
        ("1.2万件", "件", "12000"),  # 1.2 × 10⁴
        ("0.26万", "家", "2600"),  # a bare 万 multiplies too
        ("3.5万人次", "人次", "35000"),
        ("1.5亿", "件", "150000000"),  # 亿 is a multiplier where it is not money: 1.5 × 10⁸
        ("12000平方米", "万平方米", "1.2"),  # and the other way: 12000 / 10⁴
        ("2亿人次", "万人次", "20000"),  # 2 × 10⁸ / 10⁴
        ("11.2亿", "万元", "112000"),  # money still converts as money: 11.2 × 10⁴ 万元
    ],
)
def test_wan_and_yi_multiply_any_unit(raw, unit, value):
    assert parse_value(raw, unit).value == Decimal(value)


@pytest.mark.parametrize(
    ("raw", "unit", "message"),
    [
        (
            "86件",
            "家",
            "'86件' is in 件, but this indicator is measured in 家; write 86家 or 86 "
            "(or correct the indicator's unit in targets.yaml)",
        ),
        (
            "86%",
            "家",
            "'86%' is in %, but this indicator is measured in 家; write the figure in 家 (e.g. 86), "
            "not a percentage (or correct the indicator's unit in targets.yaml)",
        ),
        (
            "2.5家",
            "%",
            "'2.5家' is in 家, but this indicator is measured in %; write a percentage such as 2.5% or 2.5 "
            "(or correct the indicator's unit in targets.yaml)",
        ),
        (
            "3万件",
            "家",
            "'3万件' is in 万件, but this indicator is measured in 家; write 30000家 or 30000 "
            "(or correct the indicator's unit in targets.yaml)",
        ),
    ],
)
def test_unit_mismatch_says_what_to_write(raw, unit, message):
    with pytest.raises(BadValue) as info:
        parse_value(raw, unit)
    assert (info.value.code, info.value.message) == ("unit", message)
