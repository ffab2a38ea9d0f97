"""A folder of the data root committed as a symbolic link that leads out of it (`data -> /etc`,
`schema -> ~/.config`, `import -> ~`) is refused with a located message: nothing is read or written
there (issue 17). Links that stay inside the root work as folders."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import build_root

READ_REFUSED = "is a symbolic link to {target}, outside the data root; sciplan reads no file there"
WRITE_REFUSED = "{folder}: is a symbolic link to {target}, outside the data root; sciplan writes no file there"


@pytest.fixture
def linked(tmp_path) -> tuple[Path, Path]:
    """A root whose data/ is a link to a folder outside it (holding the root's own year files)."""
    root = build_root(tmp_path / "root")
    outside = tmp_path / "elsewhere"
    (root / "data").rename(outside)
    (root / "data").symlink_to(outside)
    return root, outside


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_check_reports_a_data_folder_that_leads_out(run_cli, linked):
    root, outside = linked
    result = run_cli("check", "--root", str(root), "--no-cache")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == "data:1:1: error[unreadable]: " + READ_REFUSED.format(target=outside)


@pytest.mark.parametrize(
    "args",
    [
        ["status", "2021"],
        ["init", "2023"],
        ["set", "firms", "60", "--year", "2021", "--dry-run"],
        ["set", "firms", "60", "--year", "2021"],
    ],
)
def test_no_command_reads_or_writes_through_it(run_cli, linked, args):
    root, outside = linked
    before = files(outside)
    result = run_cli(*args, "--root", str(root), "--no-cache")
    assert result.exit_code == 1, result
    assert "outside the data root" in result.stderr
    assert result.stdout == ""  # the figures out there are not shown either
    assert files(outside) == before


def test_in_chinese(run_cli, linked):
    root, outside = linked
    result = run_cli("init", "2023", "--root", str(root), "--lang", "zh")
    assert result.exit_code == 1
    assert f"data：这是指向数据目录之外 {outside} 的符号链接；sciplan 不在数据目录之外写入文件" in result.stderr


def test_schema_write_through_a_link_out_is_refused(run_cli, tmp_path):
    root = build_root(tmp_path / "root")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (root / "schema").symlink_to(outside)
    result = run_cli("schema", "--write", "--root", str(root))
    assert result.exit_code == 1
    assert result.stderr == "sciplan: error: " + WRITE_REFUSED.format(folder="schema", target=outside) + "\n"
    assert list(outside.iterdir()) == []


def test_import_mappings_through_a_link_out_are_refused(run_cli, tmp_path):
    import openpyxl

    root = build_root(tmp_path / "root")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (root / "import").symlink_to(outside)
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in [["2021年1-12月主要指标"], ["指标名称", "计量单位", "1-12月累计"], ["新增高企", "家", 90]]:
        ws.append(row)
    sheet = tmp_path / "表.xlsx"
    wb.save(sheet)
    result = run_cli("import", str(sheet), "--year", "2021", "--root", str(root))
    assert result.exit_code == 1, result
    assert result.stderr == "sciplan: error: " + WRITE_REFUSED.format(folder="import", target=outside) + "\n"
    assert list(outside.iterdir()) == []


def test_a_data_link_inside_the_root_is_a_folder(run_cli, tmp_path):
    root = build_root(tmp_path / "root")
    (root / "data").rename(root / "years")
    (root / "data").symlink_to(root / "years")
    assert run_cli("check", "--root", str(root), "--no-cache").exit_code == 0
    assert run_cli("set", "firms", "60", "--year", "2021", "--root", str(root)).exit_code == 0
    assert "firms: 60" in (root / "years" / "2021.yaml").read_text(encoding="utf-8")
