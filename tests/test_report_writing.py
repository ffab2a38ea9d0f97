"""`sciplan report` writes only where it was asked, and replaces only its own untouched files: a file that
appears (or is edited) between the decision and the write survives; the folder's manifest survives a
killed run, a full disk and two runs at once; folders that are files or links out of the root are
refused before anything is written (issue 17, "Nothing written where it was not asked")."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from conftest import build_root

MD = "测试区-2021-targets-and-results.md"
HTML = "测试区-2021-targets-and-results.html"
REFUSED = "already exists and is not the file sciplan wrote there (edited, or someone else's); use --force"


@pytest.fixture
def root(tmp_path) -> Path:
    return build_root(tmp_path / "root")


def report(run_cli, root: Path, out: Path, *extra: str):
    args = ("report", "2021", "--root", str(root), "--out", str(out), "--only", "md,html", "--lang", "en")
    return run_cli(*args, *extra)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# ---- a file that appears between the decision and the write ------------------------------------


def _after_first_sync(monkeypatch, action) -> None:
    """Run `action` once, after the check and while the first file is being written (every write of
    sciplan's syncs its temporary file to disk first)."""
    real = os.fsync
    done = []

    def fsync(fd: int) -> None:
        real(fd)
        if not done:
            done.append(True)
            action()

    monkeypatch.setattr(os, "fsync", fsync)


def test_a_file_that_appears_after_the_check_is_never_overwritten(run_cli, root, tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    _after_first_sync(monkeypatch, lambda: (out / MD).write_text("mine\n", encoding="utf-8"))
    result = report(run_cli, root, out)
    assert result.exit_code == 1, result
    assert f"{out / MD} {REFUSED}" in result.stderr
    assert (out / MD).read_text(encoding="utf-8") == "mine\n"  # the user's file, as they wrote it
    assert leftovers(out) == []
    monkeypatch.undo()
    again = report(run_cli, root, out)  # still the user's: refused, never taken for sciplan's own
    assert again.exit_code == 1 and REFUSED in again.stderr
    assert (out / MD).read_text(encoding="utf-8") == "mine\n"


def test_a_file_of_ours_edited_after_the_check_is_not_replaced(run_cli, root, tmp_path, monkeypatch):
    out = tmp_path / "out"
    assert report(run_cli, root, out).exit_code == 0
    edited = (out / MD).read_text(encoding="utf-8") + "my own paragraph\n"
    _after_first_sync(monkeypatch, lambda: (out / MD).write_text(edited, encoding="utf-8"))
    result = report(run_cli, root, out)
    assert result.exit_code == 1, result
    assert f"{out / MD} {REFUSED}" in result.stderr
    assert (out / MD).read_text(encoding="utf-8") == edited


# ---- the manifest through a full disk, a killed run and two runs at once ------------------------


def test_a_full_disk_halfway_leaves_files_sciplan_still_knows(run_cli, root, tmp_path, monkeypatch):
    """The disk fills up while the second file is written: one line, exit 1, no temporary file; the
    next run recognises the file written before the failure as its own (no --force needed)."""
    out = tmp_path / "out"
    real = tempfile.mkstemp

    def mkstemp(*args, **kwargs):
        if str(kwargs.get("prefix", "")).startswith(f".{MD}."):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    result = report(run_cli, root, out)
    assert result.exit_code == 1, result
    assert result.stderr == f"sciplan: error: cannot write {out / MD}: No space left on device\n"
    assert (out / HTML).exists() and not (out / MD).exists()
    assert leftovers(out) == []
    monkeypatch.undo()
    again = report(run_cli, root, out)
    assert again.exit_code == 0, again
    assert leftovers(out) == []


def test_a_full_disk_before_any_file_writes_nothing(run_cli, root, tmp_path, monkeypatch):
    out = tmp_path / "out"

    def mkstemp(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    result = report(run_cli, root, out)
    assert result.exit_code == 1, result
    assert "No space left on device" in result.stderr and "Traceback" not in result.stderr
    assert not (out / MD).exists() and not (out / HTML).exists() and leftovers(out) == []


SCRIPT = """
import os, runpy, sys, time
import hashlib, signal
sys.argv = ["sciplan", *sys.argv[1:]]
mode, out = os.environ["HOOK"], os.environ["OUT"]
if mode == "kill":  # killed the moment the second file is being written
    real = os.fsync
    def fsync(fd):
        real(fd)
        if os.path.exists(os.path.join(out, os.environ["FIRST"])):
            os.kill(os.getpid(), signal.SIGKILL)
    os.fsync = fsync
elif mode == "slow":  # every hash takes a while: two runs overlap between reading and writing the manifest
    real_sha = hashlib.sha256
    def sha256(*args, **kwargs):
        start = time.monotonic()
        time.sleep(float(os.environ["DELAY"]))
        with open(os.environ["LOG"], "a") as log:
            log.write(f"{os.getpid()} {start} {time.monotonic()}\\n")
        return real_sha(*args, **kwargs)
    hashlib.sha256 = sha256
runpy.run_module("sciplan", run_name="__main__")
"""


def _process(root: Path, out: Path, hook: str, *args: str, **env: str) -> subprocess.Popen:
    argv = [sys.executable, "-c", SCRIPT, "report", "--root", str(root), "--out", str(out), "--lang", "en", *args]
    environ = {**os.environ, "HOOK": hook, "OUT": str(out), "NO_COLOR": "1", **env}
    return subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environ)


def test_a_killed_run_leaves_files_sciplan_still_knows(root, tmp_path, run_cli):
    """SIGKILL between the first file and the second: the next run refreshes the first without --force,
    writes the rest and removes the temporary file the killed run left."""
    out = tmp_path / "out"
    proc = _process(root, out, "kill", "2021", "--only", "md,html", FIRST=HTML)
    proc.communicate(timeout=120)
    assert proc.returncode == -9  # killed, as planned
    assert (out / HTML).exists() and not (out / MD).exists()
    again = report(run_cli, root, out)
    assert again.exit_code == 0, again
    assert (out / MD).exists()
    assert leftovers(out) == []


def test_two_runs_at_once_keep_each_others_entries(root, tmp_path, run_cli):
    """Two processes write different files into one folder at the same time: the manifest is merged under
    the folder's lock, so a third run knows both files as sciplan's."""
    out = tmp_path / "out"
    out.mkdir()
    log = str(tmp_path / "hashes.log")
    first = _process(root, out, "slow", "2021", "--only", "md", DELAY="1.5", LOG=log)
    second = _process(root, out, "slow", "2020", "--only", "md", DELAY="1.5", LOG=log)
    for proc in (first, second):
        _stdout, stderr = proc.communicate(timeout=120)
        assert proc.returncode == 0, stderr.decode()
    manifest = json.loads((out / ".sciplan-report").read_text(encoding="utf-8"))
    assert sorted(manifest) == ["测试区-2020-targets-and-results.md", MD]
    for year in ("2020", "2021"):
        again = run_cli("report", year, "--root", str(root), "--out", str(out), "--only", "md", "--lang", "en")
        assert again.exit_code == 0, again
    assert leftovers(out) == []


def test_a_second_run_waits_for_the_first(root, tmp_path):
    """The lock is held from reading the manifest to writing it: the hashing of the two runs (all of it
    inside that span, each hash made slow) never interleaves; one run's comes wholly before the other's."""
    out = tmp_path / "out"
    out.mkdir()
    log = tmp_path / "hashes.log"
    runs = [_process(root, out, "slow", "2021", "--only", "md", DELAY="0.5", LOG=str(log)) for _ in range(2)]
    for proc in runs:
        _stdout, stderr = proc.communicate(timeout=120)
        assert proc.returncode == 0, stderr.decode()
    spans = sorted(
        (float(start), float(end), pid)
        for pid, start, end in (line.split() for line in log.read_text().split("\n") if line)
    )
    pids = [pid for _start, _end, pid in spans]
    assert len(set(pids)) == 2
    first = [span for span in spans if span[2] == pids[0]]
    second = [span for span in spans if span[2] != pids[0]]
    assert max(end for _start, end, _pid in first) <= min(start for start, _end, _pid in second)


def test_nothing_but_the_documents_and_the_manifest_is_left(run_cli, root, tmp_path):
    """The lock is taken on the folder itself: after a run the folder holds the documents and the
    manifest (`.sciplan-report`), no lock file that would look like a crashed run; an empty lock file an
    earlier version left is removed, a file of that name with something in it is not ours and stays."""
    out = tmp_path / "out"
    assert report(run_cli, root, out).exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == sorted([".sciplan-report", MD, HTML])
    (out / ".sciplan-report.lock").write_bytes(b"")  # as sciplan before this version left it
    assert report(run_cli, root, out).exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == sorted([".sciplan-report", MD, HTML])
    (out / ".sciplan-report.lock").write_text("mine\n", encoding="utf-8")
    assert report(run_cli, root, out).exit_code == 0
    assert (out / ".sciplan-report.lock").read_text(encoding="utf-8") == "mine\n"


def test_where_a_folder_cannot_be_locked_the_lock_file_is_used(run_cli, root, tmp_path, monkeypatch):
    """NFS locks only what is open for writing (flock on the folder fails with EBADF): the run locks the
    lock file instead, which stays there and says what it is (removing it would let a third run in
    beside a waiting one)."""
    import fcntl
    import stat

    real = fcntl.flock
    locked = []

    def flock(fd: int, operation: int) -> None:
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            raise OSError(errno.EBADF, os.strerror(errno.EBADF))
        locked.append(fd)
        real(fd, operation)

    monkeypatch.setattr(fcntl, "flock", flock)
    out = tmp_path / "out"
    assert report(run_cli, root, out).exit_code == 0
    assert len(locked) == 1 and (out / ".sciplan-report.lock").exists()
    assert report(run_cli, root, out).exit_code == 0  # the next run: the same file, kept
    assert len(locked) == 2 and (out / ".sciplan-report.lock").exists()
    assert "a network filesystem cannot lock the folder" in (out / ".sciplan-report.lock").read_text(encoding="utf-8")


# ---- where the report goes ----------------------------------------------------------------------


def test_out_naming_a_file_says_so_and_writes_nothing(run_cli, root, tmp_path):
    out = tmp_path / "notes.txt"
    out.write_text("mine\n", encoding="utf-8")
    result = report(run_cli, root, out)
    assert result.exit_code == 1
    assert result.stderr == (
        f"sciplan: error: {out} is a file, not a folder; give a folder to write into (it is made if missing)\n"
    )
    assert out.read_text(encoding="utf-8") == "mine\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt", "root"]


@pytest.mark.parametrize(
    "kind", ["notes", "json of another tool", "a link to a file", "a folder", "a manifest listing no hash"]
)
def test_a_file_under_the_manifests_name_that_sciplan_did_not_write_is_never_replaced(run_cli, root, tmp_path, kind):
    """Attacker trial 6: `.sciplan-report` holding someone's notes was silently replaced by the manifest
    (and a link to a file by a regular file). Only a manifest of sciplan's (names to SHA-256) is."""
    out = tmp_path / "out"
    out.mkdir()
    manifest = out / ".sciplan-report"
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me\n", encoding="utf-8")
    if kind == "notes":
        manifest.write_text("my notes, not sciplan\n", encoding="utf-8")
    elif kind == "json of another tool":
        manifest.write_text('{"version": 3, "files": ["a.md"]}\n', encoding="utf-8")
    elif kind == "a link to a file":
        manifest.symlink_to(precious)
    elif kind == "a folder":
        manifest.mkdir()
    else:
        manifest.write_text('{"a.md": "not a hash"}\n', encoding="utf-8")
    before = {p.name: (p.is_symlink(), p.is_dir()) for p in out.iterdir()}
    result = report(run_cli, root, out)
    assert result.exit_code == 1, result
    assert result.stderr == (
        f"sciplan: error: {manifest} already exists and is not the list of files sciplan keeps there; it is "
        "never replaced (move it away, or write into another folder)\n"
    )
    assert report(run_cli, root, out, "--force").exit_code == 1  # --force replaces documents, not this
    assert {p.name: (p.is_symlink(), p.is_dir()) for p in out.iterdir()} == before  # nothing written
    assert precious.read_text(encoding="utf-8") == "keep me\n"
    if kind == "notes":
        assert manifest.read_text(encoding="utf-8") == "my notes, not sciplan\n"


def test_sciplans_own_manifest_is_kept_up_to_date(run_cli, root, tmp_path):
    out = tmp_path / "out"
    assert report(run_cli, root, out).exit_code == 0
    assert report(run_cli, root, out).exit_code == 0  # its own manifest, read and written again
    (out / MD).unlink()
    (out / HTML).unlink()
    (out / ".sciplan-report").write_text("{}\n", encoding="utf-8")  # listing nothing: still a manifest
    assert report(run_cli, root, out).exit_code == 0


def test_out_below_a_file_says_which(run_cli, root, tmp_path):
    (tmp_path / "notes.txt").write_text("mine\n", encoding="utf-8")
    out = tmp_path / "notes.txt" / "report"
    result = run_cli("report", "2021", "--root", str(root), "--out", str(out), "--only", "md", "--lang", "zh")
    assert result.exit_code == 1
    notes = tmp_path / "notes.txt"
    assert result.stderr == f"sciplan: error: {out}：{notes} 是文件，不是文件夹；请给出要写入的文件夹\n"


def test_the_default_report_folder_linked_out_of_the_root_is_refused(run_cli, root, tmp_path, monkeypatch):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (root / "report").symlink_to(outside)
    monkeypatch.chdir(root)
    result = run_cli("report", "2021", "--only", "md", "--lang", "en")
    assert result.exit_code == 1
    assert result.stderr == (
        f"sciplan: error: report: is a symbolic link to {outside}, outside the data root; "
        "sciplan writes no file there\n"
    )
    assert list(outside.iterdir()) == []


def test_a_link_on_the_way_out_of_the_root_is_refused(run_cli, root, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (root / "docs").symlink_to(outside)
    result = report(run_cli, root, root / "docs" / "report")
    assert result.exit_code == 1 and "outside the data root" in result.stderr
    assert list(outside.iterdir()) == []


def test_a_link_inside_the_root_and_a_folder_named_outside_are_fine(run_cli, root, tmp_path):
    (root / "reports-2021").mkdir()
    (root / "report").symlink_to(root / "reports-2021")
    assert report(run_cli, root, root / "report").exit_code == 0
    assert (root / "reports-2021" / MD).exists()
    elsewhere = tmp_path / "shared" / "out"  # a folder the user names outside the root is theirs to choose
    assert report(run_cli, root, elsewhere).exit_code == 0
    assert (elsewhere / MD).exists()


def test_out_up_from_the_root_names_a_folder_outside_it(run_cli, root, tmp_path, monkeypatch):
    """`report --out ../x` run in the root is a folder the user names outside it (no link on the way):
    it was refused as "a symbolic link … outside the data root" (trial, 2026-11-30). After a link, `..`
    still goes where the kernel takes it, and a link out of the root on the way is still refused."""
    monkeypatch.chdir(root)
    written = run_cli("report", "2021", "--only", "md", "--lang", "en", "--out", "../made-here")
    assert written.exit_code == 0, written.stderr
    assert (tmp_path / "made-here" / MD).exists()
    outside = tmp_path / "elsewhere" / "deep"
    outside.mkdir(parents=True)
    (root / "docs").symlink_to(outside)  # docs/.. is tmp_path/elsewhere to the kernel, not the root
    refused = run_cli("report", "2021", "--only", "md", "--lang", "en", "--out", "docs/../x")
    assert refused.exit_code == 1 and "outside the data root" in refused.stderr
    assert not (tmp_path / "elsewhere" / "x").exists() and not (root / "x").exists()


def test_templates_force_never_replaces_a_file_that_took_a_templates_place(run_cli, tmp_path, monkeypatch):
    """`sciplan template --force` replaces only templates: a user's file that takes a template's place
    after the check (saved over it) survives, and the run says so."""
    from conftest import REPO

    out = tmp_path / "out"
    assert run_cli("template", "2022", "--root", str(REPO), "--out", str(out)).exit_code == 0
    names = sorted(p.name for p in out.iterdir() if p.suffix == ".xlsx")
    assert len(names) == 3

    def theirs() -> None:
        for name in names:
            (out / name).write_bytes(b"mine")

    _after_first_sync(monkeypatch, theirs)
    result = run_cli("template", "2022", "--root", str(REPO), "--out", str(out), "--force")
    assert result.exit_code == 1, result
    assert result.stderr.endswith("_2022年1-9月报送表.xlsx exists and sciplan did not write it: it is never replaced\n")
    assert [(out / name).read_bytes() for name in names] == [b"mine"] * 3


def test_a_root_reached_through_a_link_is_still_guarded(run_cli, root, tmp_path, monkeypatch):
    """Working in `~/work -> /srv/roots/x` (a link to the root): report/ leading elsewhere is still refused,
    and a real report/ is written as usual."""
    door = tmp_path / "door"
    door.symlink_to(root)
    monkeypatch.chdir(door)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (root / "report").symlink_to(outside)
    refused = run_cli("report", "2021", "--only", "md", "--lang", "en")
    assert refused.exit_code == 1 and "report: is a symbolic link to" in refused.stderr
    assert list(outside.iterdir()) == []
    (root / "report").unlink()
    assert run_cli("report", "2021", "--only", "md", "--lang", "en").exit_code == 0
    assert (root / "report" / MD).exists()


def test_only_with_an_unknown_kind_in_chinese(run_cli, root, tmp_path):
    result = run_cli(
        "report", "2021", "--root", str(root), "--out", str(tmp_path / "out"), "--only", "pdf", "--lang", "zh"
    )
    assert result.exit_code == 2
    assert result.stderr == "sciplan: error[usage]: --only：没有 pdf 这种文件；可选 docx, xlsx, html, md\n"
    assert not (tmp_path / "out").exists()


def test_template_file_names_are_never_hidden_an_option_or_too_long():
    from sciplan.report.template import Template, file_name

    def named(unit: str) -> str:
        return file_name(Template("泰兴市", 2022, 9, unit, []))

    assert named("-rf") == "rf_2022年1-9月报送表.xlsx"
    assert named(".hidden") == "hidden_2022年1-9月报送表.xlsx"
    # "_2022年1-9月报送表.xlsx": 1 + 4 + 3 + 3 + 3 + 9 + 5 = 28 bytes, so 227 bytes of the unit: 75 characters
    long = named("园" * 100)
    assert long == "园" * 75 + "_2022年1-9月报送表.xlsx"
    assert len(long.encode()) == 253
