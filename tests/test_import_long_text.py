"""A text longer than a cell holds, in an .xlsx sent to `sciplan import` (issue 17): Excel keeps at most
32,767 characters in a cell, and a 297 KB file whose sheet held 300,000,000 characters inline cost 40 s
and 0.9 GB before calamine had read it. Such a text, inline or shared, is one located line, found by
streaming the XML before calamine reads it; a text of 32,767 characters is read as before."""

from __future__ import annotations

import io
import os
import resource
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
import xlsxwriter

from conftest import write_root

TARGETS = "region: 测试区\nindicators:\n  tech_contract_value: {name: 技术合同成交额, unit: 亿元}\n"
Y2022 = "year: 2022\nas_of: 2022-06-30\nactuals:\n  tech_contract_value: 5.6\n"
ROWS = [["泰兴市2022年1-6月主要科技指标"], ["指标名称", "计量单位", "1-6月累计"], ["技术合同成交额", "亿元", 5.7]]


@pytest.fixture
def root(tmp_path) -> Path:
    return write_root(tmp_path / "root", TARGETS, {2022: Y2022})


def workbook(path: Path, cell: bytes | None = None, shared: Callable[[io.RawIOBase], None] | None = None) -> Path:
    """A workbook as Excel writes it (shared strings) with row 9 added: `cell` (A9's XML) as written, or a
    cell showing a new shared string whose <si> `shared` writes, streamed (it may be hundreds of MB)."""
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = wb.add_worksheet("主要指标")
    for r, row in enumerate(ROWS):
        ws.write_row(r, 0, row)
    wb.close()
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    strings = src.read("xl/sharedStrings.xml")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                added = cell if shared is None else b'<c r="A9" t="s"><v>%d</v></c>' % strings.count(b"<si>")
                end = data.index(b"</sheetData>")
                data = data[:end] + b'<row r="9">' + (added or b"") + b"</row>" + data[end:]
            if info.filename == "xl/sharedStrings.xml" and shared is not None:
                end = data.index(b"</sst>")
                with out.open(info.filename, "w", force_zip64=True) as f:
                    f.write(data[:end])
                    shared(f)
                    f.write(data[end:])
                continue
            out.writestr(info, data)
    return path


def inline(text: bytes) -> bytes:
    return b'<c r="A9" t="inlineStr"><is><t>' + text + b"</t></is></c>"


MEMORY = 400 * 1024 * 1024  # the address space the process may take (0.9 GB were needed before)


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """sciplan in a process of its own, in at most MEMORY of address space."""
    env = {**os.environ, "SCIPLAN_LANG": "en", "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "sciplan", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY)),
    )


LONG = (
    "表.xlsx!主要指标!A9: error[import-long-text]: the cell holds over 32,767 characters, more than a cell holds "
    "in Excel; shorten it (or leave it out of the table), then import"
)


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        (b"A" * 32_767, False),  # Excel's limit: read as before
        (b"A" * 32_768, True),
        ("字".encode() * 32_767, False),  # 98,301 bytes, 32,767 characters
        ("字".encode() * 32_768, True),
        (b"&amp;" * 32_767, False),  # an entity is one character: 163,835 bytes, 32,767 characters
        (b"&amp;" * 32_768, True),
    ],
    ids=["32767", "32768", "zh-32767", "zh-32768", "entities-32767", "entities-32768"],
)
def test_an_inline_text_over_what_a_cell_holds(root, tmp_path, run_cli, text, refused):
    path = workbook(tmp_path / "表.xlsx", inline(text))
    result = run_cli("import", str(path), "--dry-run", "--root", str(root))
    if refused:
        assert (result.exit_code, result.stderr.splitlines()[0]) == (1, LONG)
    else:
        assert "import-long-text" not in result.stderr and result.exit_code == 0, result
        assert "5.6 → 5.7" in result.stdout


def test_rich_text_counts_all_its_runs(root, tmp_path, run_cli):
    """Two runs of 20,000 characters: 40,000 in the cell, though no run is over the limit."""
    run_xml = b"<r><rPr><b/></rPr><t>" + b"B" * 20_000 + b"</t></r>"
    cell = b'<c r="A9" t="inlineStr"><is>' + run_xml * 2 + b"</is></c>"
    result = run_cli("import", str(workbook(tmp_path / "表.xlsx", cell)), "--dry-run", "--root", str(root))
    assert (result.exit_code, result.stderr.splitlines()[0]) == (1, LONG)


@pytest.mark.parametrize(("count", "refused"), [(32_767, False), (32_768, True)])
def test_a_shared_string_over_what_a_cell_holds_is_named_by_its_cell(root, tmp_path, run_cli, count, refused):
    path = workbook(tmp_path / "表.xlsx", shared=lambda f: f.write(b"<si><t>" + b"C" * count + b"</t></si>"))
    result = run_cli("import", str(path), "--dry-run", "--root", str(root))
    if refused:
        assert (result.exit_code, result.stderr.splitlines()[0]) == (1, LONG)
    else:
        assert result.exit_code == 0 and "import-long-text" not in result.stderr, result


def _huge(f: io.RawIOBase, n: int = 300_000_000) -> None:
    block = b"A" * (1 << 20)
    while n:
        f.write(block[: min(n, len(block))])
        n -= min(n, len(block))


@pytest.mark.skipif(not hasattr(resource, "RLIMIT_AS") or sys.platform == "darwin", reason="RLIMIT_AS: Linux")
@pytest.mark.parametrize("where", ["inline", "shared"])
def test_three_hundred_million_characters_cost_seconds_not_a_gigabyte(root, tmp_path, where):
    """The attacker's 297 KB file: 300,000,000 × A in one cell (40 s and 0.9 GB before). Refused at the
    cell in a few seconds within 400 MB of address space (the XML is streamed: a few MB are read of it)."""
    path = tmp_path / "表.xlsx"
    if where == "inline":

        def text(f: io.RawIOBase) -> None:
            f.write(b"<t>")
            _huge(f)
            f.write(b"</t>")

        # the inline cell streamed into the sheet, as the attacker's file has it
        workbook(path, b"")
        with zipfile.ZipFile(path) as src:
            parts = {i.filename: src.read(i.filename) for i in src.infolist()}
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
            for name, data in parts.items():
                if name != "xl/worksheets/sheet1.xml":
                    out.writestr(name, data)
                    continue
                head, tail = data.split(b'<row r="9"></row>')
                with out.open(name, "w", force_zip64=True) as f:
                    f.write(head + b'<row r="9"><c r="A9" t="inlineStr"><is>')
                    text(f)
                    f.write(b"</is></c></row>" + tail)
    else:

        def si(f: io.RawIOBase) -> None:
            f.write(b"<si><t>")
            _huge(f)
            f.write(b"</t></si>")

        workbook(path, shared=si)
    assert path.stat().st_size < 400_000
    start = time.monotonic()
    result = run("import", str(path), "--dry-run", "--root", str(root))
    took = time.monotonic() - start
    assert (result.returncode, result.stderr.splitlines()[0]) == (1, LONG), result
    assert took < 10, took  # 2 s on a busy machine
