"""The 统计局's monthly table README's "Figures in" imports: `2022年1-10月主要经济指标.xlsx`, as a district's
科技局 receives it (a merged title, a two-row header 10月 | 1-10月累计 over 绝对值 | 增长%, section rows, `#` rows
for a part of the row above, ——  for a figure not compiled, a footnote). The figures are illustrative, like the
demo's data.

    python examples/monthly_sheet.py      rewrites examples/2022年1-10月主要经济指标.xlsx (committed: README's
                                          commands and tests/test_readme_import.py use it as it is)
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

HERE = Path(__file__).parent
SHEET = HERE / "2022年1-10月主要经济指标.xlsx"
TITLE = "泰兴市2022年1-10月主要经济指标"
# label, 计量单位, 10月 figure, 10月 growth %, 1-10月累计 figure, 1-10月 growth %
ROWS: list[tuple] = [
    ("一、工业", None, None, None, None, None),
    ("规模以上工业总产值", "亿元", 160.3, 8.0, 1520.7, 7.1),
    ("#高新技术产业产值", "亿元", 52.1, 11.3, 496.3, 10.8),
    ("二、科技创新", None, None, None, None, None),
    ("技术合同成交额", "亿元", 0.6, "——", 6.2, "——"),
    ("专利授权量", "件", 131, 5.6, 1308, 4.9),
    ("#发明专利授权量", "件", 35, 12.9, 352, 10.0),
    ("全社会研发经费支出", "亿元", "——", "——", "——", "——"),
    ("三、国内贸易", None, None, None, None, None),
    ("社会消费品零售总额", "亿元", 55.2, 3.1, 512.4, 4.2),
    ("注：1.规模以上工业统计范围为年主营业务收入2000万元及以上的工业法人单位。", None, None, None, None, None),
    ("    2.专利数据来源于市市场监督管理局；“——”表示该项不统计月度数据。", None, None, None, None, None),
]


def build(path: Path = SHEET) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.properties.creator = "泰兴市统计局"
    wb.properties.created = wb.properties.modified = dt.datetime(2022, 11, 15, 9, 0)
    ws = wb.active
    ws.title = "主要指标"
    ws.append([TITLE])
    ws.append(["指标名称", "计量单位", "10月", None, "1-10月累计", None])
    ws.append([None, None, "绝对值", "增长%", "绝对值", "增长%"])
    for cells in ("A1:F1", "A2:A3", "B2:B3", "C2:D2", "E2:F2"):
        ws.merge_cells(cells)
    for row in ROWS:
        ws.append(list(row))
    ws.column_dimensions["A"].width = 24
    wb.save(path)
    return path


if __name__ == "__main__":
    print(f"wrote {build()}")
