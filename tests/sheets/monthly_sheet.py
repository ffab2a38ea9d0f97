"""A 统计局 月报 as the bureau receives it, built for the import tests: the same table as .xlsx (openpyxl,
merged two-row header), as a GBK CSV, as an HTML table and as tab-separated text served as ".xls".

    python tests/sheets/monthly_sheet.py     writes tests/sheets/月报.xls, 月报.et and 月报.ods from the .xlsx with
                                     LibreOffice (soffice --headless --convert-to); they are committed, so the
                                     tests need no LibreOffice. 月报.et is the BIFF8 workbook LibreOffice
                                     writes for .xls, under WPS's extension; 月报-wps.et holds the same
                                     workbook in the compound file WPS writes (wps_et.py).
                                     百分比.xls, 百分比.ods: build_percent_xlsx's table (figures in 0.00% and
                                     0% number formats) as LibreOffice writes it for .xls and .ods.
    加密.xlsx                        a password-protected workbook (password "secret"): a small .xlsx encrypted once
                                     with msoffcrypto-tool (OOXMLFile(...).encrypt), ECMA-376 agile encryption as
                                     Excel and WPS write it; committed, the tests need no msoffcrypto.

The figures (hand-written; the tests' expected values are written out again by hand in test_import.py):
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).parent
TITLE = "2023年1-6月主要经济指标"
NOTE = "单位：万元"
# label, unit (计量单位), 6月 value, 6月 growth, 1-6月 value, 1-6月 growth; None = blank
ROWS: list[tuple] = [
    ("一、规模以上工业", None, None, None, None, None),
    ("规模以上工业总产值", "亿元", 210.5, 8.1, 1180.25, 7.6),
    ("#高新技术产业产值", "亿元", 95.2, 12.0, 530.4, 11.2),
    ("二、科技创新", None, None, None, None, None),
    ("技术合同交易额(亿元)", None, 1.1, "——", 6.35, 15.0),
    ("研发经费支出", "亿元", "——", "——", "——", "——"),
    ("专利授权量", "件", 320, 5.0, 1850, 6.2),
    ("#发明专利授权量", "件", 40, "/", 236, 9.3),
    ("社会消费品零售总额", "亿元", 100, 5.0, 600, 4.8),
    ("三、金融", None, "5月", None, "1-5月累计", None),  # a section one month behind
    ("苏科贷", None, 1100, "——", 6500, "——"),  # in 万元, the header note's unit
    ("注：1.规模以上工业统计范围为年主营业务收入2000万元及以上的工业法人单位。", None, None, None, None, None),
]


def build_xlsx(path: Path) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "月报"
    ws.append([TITLE])
    ws.merge_cells("A1:F1")
    ws.append([NOTE])
    ws.append(["指标名称", "计量单位", "6月", None, "1-6月累计", None])
    ws.append([None, None, "绝对值", "增长%", "绝对值", "增长%"])
    ws.merge_cells("A3:A4")
    ws.merge_cells("B3:B4")
    ws.merge_cells("C3:D3")
    ws.merge_cells("E3:F3")
    for row in ROWS:
        ws.append(list(row))
    wb.save(path)
    return path


def build_percent_xlsx(path: Path) -> Path:
    """R&D intensity 0.0262 formatted 0.00% (Excel shows 2.62%) in a % row; 技术合同成交额 0.062 formatted 0.00%
    (6.20%) in a 亿元 row, 签订科技合作协议 0.56 formatted 0% (56%) in a 项 row; 专利授权量 1850, General."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "主要指标"
    for row in [["泰兴市2022年1-10月主要经济指标"], ["指标名称", "计量单位", "1-10月"],
                ["全社会研发经费投入强度", "%", 0.0262], ["技术合同成交额", "亿元", 0.062],
                ["签订科技合作协议", "项", 0.56], ["专利授权量", "件", 1850]]:  # fmt: skip
        ws.append(row)
    ws["C3"].number_format = ws["C4"].number_format = "0.00%"
    ws["C5"].number_format = "0%"
    wb.save(path)
    return path


def _flat_rows() -> list[list[str]]:
    """The table as text rows: a two-row header whose top cells are not repeated (as a CSV export writes it)."""
    rows = [
        [TITLE],
        [NOTE],
        ["指标名称", "计量单位", "6月", "", "1-6月累计", ""],
        ["", "", "绝对值", "增长%", "绝对值", "增长%"],
    ]
    for row in ROWS:
        rows.append(["" if c is None else str(c) for c in row])
    return rows


def csv_bytes(encoding: str = "gbk") -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(_flat_rows())
    return out.getvalue().encode(encoding)


def tsv_bytes() -> bytes:
    return "\r\n".join("\t".join(r) for r in _flat_rows()).encode("utf-8")


def html_bytes() -> bytes:
    """What a download button serves as 月报.xls: an HTML table in GBK, merged header cells as spans."""
    cells = []
    for row in ROWS:
        cells.append("<tr>" + "".join(f"<td>{'' if c is None else c}</td>" for c in row) + "</tr>")
    page = f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head>
<body><table border="1">
<tr><td colspan="6">{TITLE}</td></tr>
<tr><td colspan="6">{NOTE}</td></tr>
<tr><th rowspan="2">指标名称</th><th rowspan="2">计量单位</th>
<th colspan="2">6月</th><th colspan="2">1-6月累计</th></tr>
<tr><th>绝对值</th><th>增长%</th><th>绝对值</th><th>增长%</th></tr>
{"".join(cells)}
</table></body></html>"""
    return page.encode("gbk")


def main() -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        sys.exit("LibreOffice (soffice) is needed to write the .xls and .ods fixtures")
    with tempfile.TemporaryDirectory() as tmp:
        percent = build_percent_xlsx(Path(tmp) / "百分比.xlsx")
        for kind in ("xls", "ods"):
            subprocess.run(
                [soffice, "--headless", "--convert-to", kind, "--outdir", tmp, str(percent)],
                check=True,
                capture_output=True,
                timeout=180,
            )
            shutil.copy(Path(tmp) / f"百分比.{kind}", HERE / f"百分比.{kind}")
        source = build_xlsx(Path(tmp) / "月报.xlsx")
        for kind in ("xls", "ods"):
            subprocess.run(
                [soffice, "--headless", "--convert-to", kind, "--outdir", tmp, str(source)],
                check=True,
                capture_output=True,
                timeout=180,
            )
            shutil.copy(Path(tmp) / f"月报.{kind}", HERE / f"月报.{kind}")
        shutil.copy(Path(tmp) / "月报.xls", HERE / "月报.et")
    print("wrote 月报.xls, 月报.et, 月报.ods, 百分比.xls, 百分比.ods")


if __name__ == "__main__":
    main()
