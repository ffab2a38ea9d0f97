"""The output folder's lock (store.lock): flock on POSIX, msvcrt.locking on Windows, the same meaning on
both: the second run waits for the first (issue 17: Windows had no lock at all)."""

from __future__ import annotations

import errno
import os
import sys
import threading
import time
import types

import pytest

from sciplan.store.lock import exclusive


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


def test_the_windows_path_waits_locks_the_first_byte_and_unlocks(tmp_path, monkeypatch):
    """Without fcntl (Windows), the lock is msvcrt's: the first byte, tried again while another run
    holds it (twice busy here: three tries), released at the block's end."""
    calls: list[tuple[str, int, int]] = []
    monkeypatch.setitem(sys.modules, "fcntl", None)  # `import fcntl` fails, as on Windows
    monkeypatch.setitem(sys.modules, "msvcrt", _fake_msvcrt(calls, busy=2))
    fd = os.open(tmp_path / "lock", os.O_RDWR | os.O_CREAT)
    try:
        os.write(fd, b"x")  # the position is past the first byte: the lock still names byte 0
        with exclusive(fd) as held:
            assert held is True
            assert calls == [("lock", 0, 1)] * 3
        assert calls[-1] == ("unlock", 0, 1) and len(calls) == 4
    finally:
        os.close(fd)


def test_the_windows_path_of_the_report_folder(tmp_path, monkeypatch):
    """The report folder's manifest is written under the Windows lock, and the lock released after."""
    from sciplan.store.owned import LOCK, owned

    calls: list[tuple[str, int, int]] = []
    monkeypatch.setitem(sys.modules, "fcntl", None)
    monkeypatch.setitem(sys.modules, "msvcrt", _fake_msvcrt(calls))
    with owned(tmp_path / "out", ["a.md"]) as folder:
        assert calls == [("lock", 0, 1)]
        folder.write({"a.md": b"# a\n"}, force=False)
    assert calls == [("lock", 0, 1), ("unlock", 0, 1)]
    assert (tmp_path / "out" / LOCK).exists() and (tmp_path / "out" / "a.md").read_bytes() == b"# a\n"


def test_a_windows_error_other_than_busy_is_said(tmp_path, monkeypatch):
    fake = types.ModuleType("msvcrt")
    fake.LK_LOCK, fake.LK_UNLCK = 1, 0  # type: ignore[attr-defined]

    def locking(fd: int, mode: int, n: int) -> None:
        raise OSError(errno.EBADF, "Bad file descriptor")

    fake.locking = locking  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "fcntl", None)
    monkeypatch.setitem(sys.modules, "msvcrt", fake)
    fd = os.open(tmp_path / "lock", os.O_RDWR | os.O_CREAT)
    try:
        with pytest.raises(OSError) as info, exclusive(fd):
            pass
        assert info.value.errno == errno.EBADF
    finally:
        os.close(fd)


@pytest.mark.skipif(sys.platform == "win32", reason="flock: the POSIX path")
def test_the_posix_path_makes_the_second_holder_wait(tmp_path):
    """Two opens of the lock file (two runs): the second holds the lock only once the first let go."""
    order: list[str] = []
    first = os.open(tmp_path / "lock", os.O_RDWR | os.O_CREAT)
    second = os.open(tmp_path / "lock", os.O_RDWR | os.O_CREAT)

    def other() -> None:
        with exclusive(second):
            order.append("second")

    try:
        with exclusive(first):
            thread = threading.Thread(target=other)
            thread.start()
            time.sleep(0.3)
            order.append("first done")
        thread.join(timeout=10)
        assert order == ["first done", "second"]
    finally:
        os.close(first)
        os.close(second)
