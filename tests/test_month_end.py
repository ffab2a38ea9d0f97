"""Month ends and the unit of a change, each said once (core/dates.py, Indicator.change_unit): issue 18."""

import datetime as dt

import pytest

from sciplan.core.dates import days_in_month, is_month_end, month_end
from sciplan.core.records import Indicator


@pytest.mark.parametrize(
    ("year", "month", "last"),
    [(2024, 2, dt.date(2024, 2, 29)), (2023, 2, dt.date(2023, 2, 28)), (2022, 9, dt.date(2022, 9, 30)),
     (2022, 12, dt.date(2022, 12, 31)), (1900, 2, dt.date(1900, 2, 28)), (2000, 2, dt.date(2000, 2, 29))],
)  # fmt: skip
def test_month_end(year, month, last):
    assert month_end(year, month) == last
    assert days_in_month(year, month) == last.day
    assert is_month_end(last) and not is_month_end(last - dt.timedelta(days=1))


def test_a_change_is_in_pp_for_an_indicator_in_percent_else_in_percent():
    assert Indicator("rd", "研发投入强度", "%").change_unit == "pp"
    assert Indicator("firms", "新增高企", "家").change_unit == "%"
