"""Issue 20's bad input "a file that changed on disk" for the commands that write figures (`set`, `import`):
whatever another editor or a concurrent run does to the year file while sciplan works — edits it, deletes it,
puts a link in its place, creates it when sciplan was to start it, or changes it in the last moment before
the rename — the run ends with one clear line and exit 1, and nothing of sciplan's is written."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sciplan.app import recording

OPEN_2022 = """\
year: 2022
final: false
as_of: 2022-06-30
actuals:
  firms: 20   # 上半年
  loans: 6000
"""
REFUSED = "data/{year}.yaml changed on disk since sciplan read it; nothing written, run the command again"


@pytest.fixture
def root(base_root):
    (base_root / "data" / "2022.yaml").write_text(OPEN_2022, encoding="utf-8")
    return base_root


def meanwhile(monkeypatch, action):
    """Do `action` after sciplan has read and checked the year file, before it writes."""
    real = recording._check

    def checked(root_, file, text):
        found = real(root_, file, text)
        action()
        return found

    monkeypatch.setattr(recording, "_check", checked)


def refused(result, year: int = 2022) -> None:
    assert result.exit_code == 1, result
    lines = result.stderr.strip().splitlines()
    assert lines[-1] == "sciplan: error: " + REFUSED.format(year=year)
    assert "Traceback" not in result.stderr
    assert sum(line.startswith("sciplan: error:") for line in lines) == 1  # one message, not one per cause


def no_temporaries(root: Path) -> None:
    assert [p.name for p in (root / "data").iterdir() if p.name.endswith(".tmp")] == []


def set_figure(run_cli, root, year: int = 2022, *more: str):
    return run_cli("set", "firms", "25", "--year", str(year), *more, "--root", str(root))


def test_set_edited_meanwhile(root, run_cli, monkeypatch):
    theirs = OPEN_2022.replace("firms: 20", "firms: 21")
    meanwhile(monkeypatch, lambda: (root / "data" / "2022.yaml").write_text(theirs, encoding="utf-8"))
    refused(set_figure(run_cli, root))
    assert (root / "data" / "2022.yaml").read_text(encoding="utf-8") == theirs
    no_temporaries(root)


def test_set_deleted_meanwhile(root, run_cli, monkeypatch):
    meanwhile(monkeypatch, (root / "data" / "2022.yaml").unlink)
    refused(set_figure(run_cli, root))
    assert not (root / "data" / "2022.yaml").exists()  # not brought back by sciplan
    no_temporaries(root)


def test_set_file_replaced_by_a_link_meanwhile(root, run_cli, monkeypatch, tmp_path):
    elsewhere = tmp_path / "elsewhere.yaml"
    elsewhere.write_text(OPEN_2022, encoding="utf-8")  # the same bytes, but no longer the file read

    def relink():
        (root / "data" / "2022.yaml").unlink()
        os.symlink(elsewhere, root / "data" / "2022.yaml")

    meanwhile(monkeypatch, relink)
    refused(set_figure(run_cli, root))
    assert os.path.islink(root / "data" / "2022.yaml")
    assert elsewhere.read_text(encoding="utf-8") == OPEN_2022


def test_set_new_year_file_that_appeared_meanwhile(root, run_cli, monkeypatch):
    theirs = "year: 2023\nas_of: 2023-02-28\nactuals:\n  firms: 4   # 别人先建的\n"
    meanwhile(monkeypatch, lambda: (root / "data" / "2023.yaml").write_text(theirs, encoding="utf-8"))
    refused(set_figure(run_cli, root, 2023, "--month", "2"), 2023)
    assert (root / "data" / "2023.yaml").read_text(encoding="utf-8") == theirs
    no_temporaries(root)


def test_set_changed_in_the_last_moment(root, run_cli, monkeypatch):
    """Changed after the new text went to the temporary file, just before the rename."""
    theirs = OPEN_2022 + "# 最后一刻改的\n"
    real_fsync = os.fsync

    def fsync(fd):
        real_fsync(fd)
        (root / "data" / "2022.yaml").write_text(theirs, encoding="utf-8")

    monkeypatch.setattr(os, "fsync", fsync)
    refused(set_figure(run_cli, root))
    assert (root / "data" / "2022.yaml").read_text(encoding="utf-8") == theirs
    no_temporaries(root)


def test_set_dry_run_writes_nothing_and_is_not_refused(root, run_cli, monkeypatch):
    theirs = OPEN_2022 + "# 别人改的\n"
    meanwhile(monkeypatch, lambda: (root / "data" / "2022.yaml").write_text(theirs, encoding="utf-8"))
    result = set_figure(run_cli, root, 2022, "--dry-run")
    assert result.exit_code == 0, result
    assert (root / "data" / "2022.yaml").read_text(encoding="utf-8") == theirs


# ---- import -------------------------------------------------------------------------------------------

TABLE = "指标名称,计量单位,1-6月累计\n新增高企,家,25\n"


def import_table(run_cli, root, tmp_path, year: int = 2022):
    table = tmp_path / "月报.csv"
    table.write_text(TABLE, encoding="utf-8")
    return run_cli("import", str(table), "--year", str(year), "--month", "6", "--root", str(root))


def test_import_edited_meanwhile(root, run_cli, monkeypatch, tmp_path):
    theirs = OPEN_2022.replace("loans: 6000", "loans: 6100")
    meanwhile(monkeypatch, lambda: (root / "data" / "2022.yaml").write_text(theirs, encoding="utf-8"))
    refused(import_table(run_cli, root, tmp_path))
    assert (root / "data" / "2022.yaml").read_text(encoding="utf-8") == theirs
    assert not (root / "import").exists()  # the mapping's starter neither: nothing written
    no_temporaries(root)


def test_import_deleted_meanwhile(root, run_cli, monkeypatch, tmp_path):
    meanwhile(monkeypatch, (root / "data" / "2022.yaml").unlink)
    refused(import_table(run_cli, root, tmp_path))
    assert not (root / "data" / "2022.yaml").exists()
    assert not (root / "import").exists()


def test_import_new_year_file_that_appeared_meanwhile(root, run_cli, monkeypatch, tmp_path):
    theirs = "year: 2023\nas_of: 2023-06-30\nactuals:\n  firms: 4\n"
    meanwhile(monkeypatch, lambda: (root / "data" / "2023.yaml").write_text(theirs, encoding="utf-8"))
    refused(import_table(run_cli, root, tmp_path, 2023), 2023)
    assert (root / "data" / "2023.yaml").read_text(encoding="utf-8") == theirs
    assert not (root / "import").exists()


def test_import_mapping_that_appeared_meanwhile(root, run_cli, monkeypatch, tmp_path):
    """A concurrent import from the same source wrote its starter mapping first: it stands, and so does
    the year file; the one line says which file."""
    theirs = "# 别人的读法\n"

    def starter():
        (root / "import").mkdir()
        (root / "import" / "月报.yaml").write_text(theirs, encoding="utf-8")

    meanwhile(monkeypatch, starter)
    result = import_table(run_cli, root, tmp_path)
    assert result.exit_code == 1, result
    assert result.stderr.strip().splitlines()[-1] == (
        "sciplan: error: import/月报.yaml changed on disk since sciplan read it; nothing written, run the command again"
    )
    assert (root / "import" / "月报.yaml").read_text(encoding="utf-8") == theirs
    assert (root / "data" / "2022.yaml").read_text(encoding="utf-8") == OPEN_2022


def test_import_mapping_that_appeared_while_the_figures_were_written(root, run_cli, monkeypatch, tmp_path):
    """In the moment between the year file's write and the starter's: the figures are written, theirs stands."""
    theirs = "# 别人的读法\n"
    real = recording.write

    def write(changes):
        done = real(changes)
        (root / "import").mkdir()
        (root / "import" / "月报.yaml").write_text(theirs, encoding="utf-8")
        return done

    monkeypatch.setattr(recording, "write", write)
    result = import_table(run_cli, root, tmp_path)
    assert result.exit_code == 0, result
    assert "sciplan: warning: import/月报.yaml appeared while sciplan wrote the figures; it is left as it is" in (
        result.stderr
    )
    assert (root / "import" / "月报.yaml").read_text(encoding="utf-8") == theirs
    assert "  firms: 25   # 上半年\n" in (root / "data" / "2022.yaml").read_text(encoding="utf-8")
