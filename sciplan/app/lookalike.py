"""a 报送表 reaching the generic import (.ods, hidden sheet gone): refused, never the region's figures.

A sub-unit's returned form that reached the generic import (attacker trial 6): saved as .ods by
LibreOffice, or an .xlsx whose hidden `sciplan` sheet was deleted. Read as a 统计局 table its figures were
written as the region's own, replacing them. A sheet that looks like a 报送表 (the hidden sheet's record, the
title `<unit> 2022年1–6月科技工作主要指标报送表` or its English, the `全年目标（分解）` header) is refused at
its cell: a sub-unit's figures are never the region's totals."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from sciplan.core.i18n import _

FORMAT = "sciplan-template"  # the hidden sheet's first value (app/returned.py)
TITLE = re.compile(r"科技工作主要指标报送表|key S&T indicators, .* \(return form\)", re.I)
HEADERS = ("全年目标（分解）", "full-year target (this unit's share)")
LOOK = 6  # the rows where the title and headers stand


def returned_form(sheets: Iterable[Any], shown: str, units: Iterable[str]) -> tuple[str, str] | None:
    """(FILE!SHEET!CELL, message) for the first sheet that looks like a returned 报送表, else None."""
    from sciplan.app.importing import printable
    from sciplan.load.sheets import cell_name

    for sheet in sheets:
        for r, row in enumerate(sheet.rows[:LOOK]):
            for c, value in enumerate(row):
                text = str(value).strip() if isinstance(value, str) else ""
                hidden = sheet.name == "sciplan" and (r, c) == (0, 1) and text == FORMAT
                if hidden or TITLE.search(text) or text.casefold() in HEADERS:
                    whose = next((u for u in units if u and any(u in str(v) for v in sheet.rows[0] if v)), None)
                    return f"{shown}!{printable(sheet.name)}!{cell_name(r, c)}", _message(whose)
    return None


def refuse_returned_form(sheets: list[Any], shown: str, units: Iterable[str]) -> None:
    """SheetProblems at the cell of a sheet that looks like a returned 报送表."""
    from sciplan.app.importmapping import SheetProblems
    from sciplan.validate.statsheet import SheetProblem

    form = returned_form(sheets, shown, units)
    if form is not None:
        raise SheetProblems([SheetProblem(form[0], "import-returned-form", form[1])])


def _message(unit: str | None) -> str:
    said = (
        _("this is {unit}'s returned form (报送表), not a table of the region's figures").format(unit=unit)
        if unit
        else _("this is a sub-unit's returned form (报送表), not a table of the region's figures")
    )
    return said + _(
        "; its figures are never taken as the region's. Import the form as the .xlsx sciplan sent (saved as "
        "Excel .xlsx, its hidden sheet kept), or send the form out again with sciplan template"
    )
