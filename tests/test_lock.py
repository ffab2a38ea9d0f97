"""The output folder's lock (store.lock): `flock` on the folder on POSIX, `msvcrt.locking` on Windows, the
same meaning on both: the second run waits for the first, and nothing is left beside the documents
(issue 17: Windows had no lock at all)."""

from __future__ import annotations

import errno
import os
import sys
import tempfile
import threading
import time
import types

import pytest

from sciplan.store.lock import folder_lock, windows_lock_file


def _fake_msvcrt(calls: list[tuple[str, int, int]], busy: int = 0) -> types.ModuleType:
    """msvcrt as Windows has it: locking(fd, mode, n) locks n bytes from the file's position; LK_LOCK
    fails with EDEADLOCK after its ten tries while another run holds the byte (`busy` times here)."""
    fake = types.ModuleType("msvcrt")
    fake.LK_LOCK, fake.LK_UNLCK = 1, 0  # type: ignore[attr-defined]
    left = [busy]

    def locking(fd: int, mode: int, n: int) -> None:
        calls.append(("lock" if mode == 1 else "unlock", os.lseek(fd, 0, os.SEEK_CUR), n))
        if mode == 1 and left[0]:
            left[0] -= 1
            raise OSError(errno.EDEADLK, "Resource deadlock avoided")

    fake.locking = locking  # type: ignore[attr-defined]
    return fake


@pytest.fixture
def windows(tmp_path, monkeypatch):
    """`import fcntl` fails, as on Windows; the temporary folder is the test's own."""
    monkeypatch.setitem(sys.modules, "fcntl", None)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "temp"))
    (tmp_path / "temp").mkdir()
    return tmp_path


def test_the_windows_path_waits_locks_the_first_byte_and_unlocks(windows, monkeypatch):
    """Without fcntl (Windows), the lock is msvcrt's: the first byte of the folder's lock file in the
    temporary folder, tried again while another run holds it (twice busy here: three tries), released
    at the block's end; nothing is made in the folder itself."""
    calls: list[tuple[str, int, int]] = []
    monkeypatch.setitem(sys.modules, "msvcrt", _fake_msvcrt(calls, busy=2))
    folder = windows / "report"
    folder.mkdir()
    with folder_lock(folder) as held:
        assert held is True
        assert calls == [("lock", 0, 1)] * 3
    assert calls[-1] == ("unlock", 0, 1) and len(calls) == 4
    assert list(folder.iterdir()) == []
    (made,) = (windows / "temp").iterdir()
    assert made == windows_lock_file(folder) and made.name.startswith("sciplan-")


def test_every_way_of_naming_a_folder_takes_the_same_lock_file(windows):
    folder = windows / "report"
    folder.mkdir()
    (windows / "link").symlink_to(folder)
    same = {windows_lock_file(p) for p in (folder, windows / "link", windows / "report" / ".." / "report")}
    assert len(same) == 1
    assert windows_lock_file(windows / "other") not in same


def test_the_windows_path_of_the_report_folder(windows, monkeypatch):
    """The report folder's manifest is written under the Windows lock, and the lock released after."""
    from sciplan.store.owned import owned

    calls: list[tuple[str, int, int]] = []
    monkeypatch.setitem(sys.modules, "msvcrt", _fake_msvcrt(calls))
    with owned(windows / "out", ["a.md"]) as folder:
        assert calls == [("lock", 0, 1)]
        folder.write({"a.md": b"# a\n"}, force=False)
    assert calls == [("lock", 0, 1), ("unlock", 0, 1)]
    assert (windows / "out" / "a.md").read_bytes() == b"# a\n"
    assert sorted(p.name for p in (windows / "out").iterdir()) == [".sciplan-report", "a.md"]


def test_a_windows_error_other_than_busy_is_said(windows, monkeypatch):
    fake = types.ModuleType("msvcrt")
    fake.LK_LOCK, fake.LK_UNLCK = 1, 0  # type: ignore[attr-defined]

    def locking(fd: int, mode: int, n: int) -> None:
        raise OSError(errno.EIO, "Input/output error")

    fake.locking = locking  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "msvcrt", fake)
    with pytest.raises(OSError) as info, folder_lock(windows):
        pass
    assert info.value.errno == errno.EIO


@pytest.mark.skipif(sys.platform == "win32", reason="flock: the POSIX path")
def test_the_posix_path_makes_the_second_holder_wait(tmp_path):
    """Two runs into one folder: the second holds the lock only once the first let go."""
    order: list[str] = []

    def other() -> None:
        with folder_lock(tmp_path):
            order.append("second")

    with folder_lock(tmp_path) as held:
        assert held is True
        thread = threading.Thread(target=other)
        thread.start()
        time.sleep(0.3)
        order.append("first done")
    thread.join(timeout=10)
    assert order == ["first done", "second"]
    assert list(tmp_path.iterdir()) == []
