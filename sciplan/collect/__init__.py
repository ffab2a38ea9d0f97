"""Collecting figures from the sub-units (板块): fill-in workbooks that go out (`template`), and the
same workbooks read back when they return filled (`returned`, used by `sciplan import`).

The two sides share the layout below, so what one writes the other can find without guessing: the
sheet the unit fills, the row of its column headers, the columns, and a hidden sheet that records
what the file is (region, year, month, unit) and which indicator each row holds.
"""

from __future__ import annotations

FORMAT = "sciplan-template"  # the first value of the hidden sheet: this file is a sciplan template
VERSION = 1
MARK = "sciplan fill-in template"  # in the workbook's properties (comments): a file sciplan wrote
SHEET = "报送表"  # the sheet the unit fills
META = "sciplan"  # the hidden sheet
DEFINED_NAME = "sciplan_template"  # a defined name over the hidden sheet's records
HEADER_ROW = 3  # 0-based row of the column headers: title, deadline/instructions, then the headers
FIRST_ROW = HEADER_ROW + 1  # the first indicator's row (0-based)

# The columns (0-based): 指标, 单位, 全年目标（分解）, 1–N月累计 (to fill), 去年同期, 备注 (free text).
NAME, UNIT, TARGET, FIGURE, PREVIOUS, NOTE = range(6)
