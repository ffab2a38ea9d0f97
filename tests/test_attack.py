"""Attacks found after issue 9 was closed: each one a user could hit, reproduced as a test."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import REPO


def _c_locale_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG", "PYTHONIO", "PYTHONUTF8"))}
    env.update(LC_ALL="C", PYTHONUTF8="0", SCIPLAN_CACHE_DIR=str(tmp_path / "cache"))
    return env


def test_report_under_an_ascii_file_system_encoding_says_why_it_cannot_write(tmp_path):
    """`LC_ALL=C PYTHONUTF8=0` makes file names ASCII: the report's name (泰兴市-2022-…) cannot be
    made. One error line and exit 1, never a UnicodeEncodeError traceback, and nothing half-written."""
    root = tmp_path / "root"
    root.mkdir()
    shutil.copyfile(REPO / "targets.yaml", root / "targets.yaml")
    shutil.copytree(REPO / "data", root / "data")
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "sciplan", "report", "2022", "--only", "md", "--root", str(root), "--out", str(out)],
        env=_c_locale_env(tmp_path), capture_output=True, timeout=120, check=False,
    )  # fmt: skip
    stderr = proc.stderr.decode("ascii", "replace")
    assert "Traceback" not in stderr, stderr
    assert proc.returncode == 1, stderr
    lines = stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("sciplan: error: cannot write "), stderr
    assert "PYTHONUTF8=1" in lines[0]  # says how to get file names that can hold Chinese
    assert not out.exists() or not any(out.iterdir())


def test_a_link_out_of_the_root_is_not_read_so_its_secret_is_not_echoed(tmp_path, run_cli):
    """A pull request can commit data/2016.yaml as a symbolic link to ~/.git-credentials: `check` in CI
    would echo its first line into the log. A link that leads out of the root is refused unread; one
    that stays inside (data/2022.yaml -> ../drafts/2022.yaml) is read as before."""
    secret = tmp_path / "credentials"
    secret.write_text("token: ghp_SECRET\n", encoding="utf-8")
    root = tmp_path / "root"
    (root / "data").mkdir(parents=True)
    shutil.copyfile(REPO / "targets.yaml", root / "targets.yaml")
    (root / "drafts").mkdir()
    shutil.copyfile(REPO / "data" / "2022.yaml", root / "drafts" / "2022.yaml")
    (root / "data" / "2022.yaml").symlink_to(Path("..") / "drafts" / "2022.yaml")
    (root / "data" / "2016.yaml").symlink_to(secret)
    result = run_cli("check", "--no-cache", "--root", str(root))
    assert "ghp_SECRET" not in result.stdout + result.stderr
    assert result.exit_code == 1
    assert "data/2016.yaml:1:1: error[unreadable]: is a symbolic link to " in result.stderr
    assert "data/2022.yaml" not in result.stderr  # the link inside the root is read: no problem there
    (root / "data" / "2016.yaml").unlink()
    (root / "targets.yaml").rename(root / "plan.yaml")
    (root / "targets.yaml").symlink_to(secret)  # the plan too
    result = run_cli("check", "--no-cache", "--root", str(root))
    assert "ghp_SECRET" not in result.stdout + result.stderr
    assert "targets.yaml:1:1: error[unreadable]: is a symbolic link to " in result.stderr


def test_a_noncharacter_in_a_name_is_refused_before_it_reaches_word_or_excel(tmp_path, run_cli):
    """YAML's "\\uffff" escape lets U+FFFF into a name; XML (docx, xlsx) cannot hold it, so `report`
    ended in a ValueError traceback while `check` passed. It is refused where it is written."""
    root = tmp_path / "root"
    root.mkdir()
    shutil.copytree(REPO / "data", root / "data")
    plan = (REPO / "targets.yaml").read_text(encoding="utf-8")
    assert "    name: 有效期内国家高新技术企业\n" in plan
    plan = plan.replace("    name: 有效期内国家高新技术企业\n", '    name: "有效期内\\uffff国家高新技术企业"\n', 1)
    (root / "targets.yaml").write_text(plan, encoding="utf-8")
    result = run_cli("check", "--no-cache", "--root", str(root))
    assert result.exit_code == 1
    assert "error[control-character]" in result.stderr and "U+FFFF (not a character)" in result.stderr
    result = run_cli("report", "2022", "--no-cache", "--root", str(root), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1 and "Traceback" not in result.stderr
