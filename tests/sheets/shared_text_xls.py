"""The .xls of tests/test_import_zip_budget.py: one text of 32,000 characters shown by 2,098 cells, as
LibreOffice writes it in BIFF8 (the text once in the SST record and the CONTINUE records after it, each cell
a LABELSST record pointing at it). A 341 KB .xls of this kind with 20,000 such cells cost calamine 1.9 GB.

    python tests/sheets/shared_text_xls.py    writes tests/sheets/共享文字.xls (committed: the tests need
                                              neither this script nor LibreOffice)

The workbook: the table 泰兴市2022年1-10月主要经济指标 / 指标名称 计量单位 1-10月 增长% / 技术合同成交额 亿元 6.2 3,
then from row 5 rows of 20 cells (A…T) each showing the long text, 2,098 cells (104 full rows and 18 cells
of row 109)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import xlsxwriter

HERE = Path(__file__).parent
CELLS, WIDTH = 2_098, 20


def main() -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        sys.exit("LibreOffice (soffice) is needed to write the .xls")
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "共享文字.xlsx"
        wb = xlsxwriter.Workbook(str(source))
        ws = wb.add_worksheet("Sheet1")
        rows = [
            ["泰兴市2022年1-10月主要经济指标"],
            ["指标名称", "计量单位", "1-10月", "增长%"],
            ["技术合同成交额", "亿元", 6.2, 3],
        ]
        for r, row in enumerate(rows):
            ws.write_row(r, 0, row)
        text = "A" * 32_000
        for n in range(CELLS):
            ws.write_string(4 + n // WIDTH, n % WIDTH, text)
        wb.close()
        subprocess.run([soffice, "--headless", "--convert-to", "xls", "--outdir", tmp, str(source)], check=True)
        shutil.copy(Path(tmp) / "共享文字.xls", HERE / "共享文字.xls")


if __name__ == "__main__":
    main()
