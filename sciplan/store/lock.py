"""One run at a time in an output folder: an exclusive lock for the length of a block, with the same meaning
on POSIX and on Windows. The lock is waited for, however long another run holds it, and released when the
block ends (by the system too, if the process dies). Nothing is left beside the documents:

- POSIX: `flock` on the folder itself (an open folder is a file descriptor like any other).
- Windows: a folder cannot be opened as a file, so `msvcrt.locking` locks the first byte of a lock file in
  the temporary folder whose name is the folder's path, hashed: every run into that folder names the same file.

Where a folder cannot be locked (NFS locks only files open for writing), `flock` on `.sciplan-report.lock`
beside the documents, which stays and says what it is. Where the filesystem keeps no locks at all (some
network mounts), the block runs unlocked, as it did before locks.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import importlib
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

# where a folder cannot be locked (NFS), the lock file beside the documents, saying what it is
LOCK_FILE = ".sciplan-report.lock"
LOCK_TEXT = b"sciplan report: this folder's lock (a network filesystem cannot lock the folder itself)\n"
# what a filesystem without locks answers (EBADF: a folder that cannot be locked)
_NO_LOCKS = {errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EINVAL, errno.EBADF}
# what msvcrt.locking says when the byte stayed locked through its ten tries (a second apart)
_STILL_LOCKED = {errno.EDEADLK, getattr(errno, "EDEADLOCK", errno.EDEADLK), errno.EACCES}


def _module(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


WAIT_SECONDS = 60.0  # how long a run waits for another's lock before it gives up (SCIPLAN_LOCK_WAIT)


def _wait_seconds() -> float:
    try:
        return max(0.0, float(os.environ.get("SCIPLAN_LOCK_WAIT", WAIT_SECONDS)))
    except ValueError:
        return WAIT_SECONDS


def _flock_waiting(fcntl: Any, fd: int, on_wait: Callable[[], None] | None) -> None:
    """flock(LOCK_EX), but never a silent or endless wait: when another holds the lock (a second run, a
    `flock report …` around this very run, a run stopped with Ctrl-Z) say so once, then try again
    for WAIT_SECONDS and give up with an OSError saying why."""
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return
    except BlockingIOError:
        pass
    if on_wait is not None:
        on_wait()
    deadline = time.monotonic() + _wait_seconds()
    while True:
        time.sleep(0.1)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise OSError(errno.EWOULDBLOCK, _held_message()) from None


def _held_message() -> str:
    from sciplan.core.i18n import _

    return _("another process still holds the folder's lock (another sciplan report, or a flock around this one)")


@contextlib.contextmanager
def folder_lock(folder: Path, on_wait: Callable[[], None] | None = None) -> Iterator[bool]:
    """Hold the exclusive lock of `folder` for the block, waiting for it (`on_wait` is called once when
    another holds it). Yields whether it is locked (False: the filesystem keeps no locks). OSError when
    the lock cannot be taken, or is still held after WAIT_SECONDS."""
    fcntl: Any = _module("fcntl")
    if fcntl is not None:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0))
        try:
            try:
                _flock_waiting(fcntl, fd, on_wait)
            except OSError as exc:
                if exc.errno == errno.EBADF:  # NFS: only a file open for writing can be locked
                    with _file_locked(fcntl, folder / LOCK_FILE) as held:
                        yield held
                    return
                if exc.errno not in _NO_LOCKS:
                    raise
                yield False
                return
            yield True
        finally:
            os.close(fd)  # closing releases the lock
        return
    msvcrt: Any = _module("msvcrt")
    if msvcrt is None:  # pragma: no cover - neither POSIX nor Windows
        yield False
        return
    path = windows_lock_file(folder)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOINHERIT", 0), 0o644)
    try:
        with _windows_locked(msvcrt, fd) as held:
            yield held
    finally:
        os.close(fd)


@contextlib.contextmanager
def _file_locked(fcntl: Any, path: Path) -> Iterator[bool]:
    """`flock` on the lock file beside the documents, for a filesystem that cannot lock a folder (NFS
    locks only what is open for writing; the lock file is then shared by every machine that mounts it).
    It stays, and says what it is: an empty lock file is one an earlier version left, which a run on a
    filesystem that locks folders removes."""
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError as exc:
            if exc.errno not in _NO_LOCKS:
                raise
            yield False
            return
        if os.fstat(fd).st_size == 0:
            with contextlib.suppress(OSError):
                os.write(fd, LOCK_TEXT)
        yield True
    finally:
        os.close(fd)


def windows_lock_file(folder: Path) -> Path:
    """The lock file of `folder` on Windows: in the temporary folder, named by the folder's full path
    (case-folded, as Windows names are), so that every run into the folder takes the same one."""
    key = os.path.normcase(os.path.abspath(os.path.realpath(folder)))
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:24]
    return Path(tempfile.gettempdir()) / f"sciplan-{digest}.lock"


@contextlib.contextmanager
def _windows_locked(msvcrt: Any, fd: int) -> Iterator[bool]:
    """msvcrt locks bytes from the file's position: the first byte, which every run names alike.
    LK_LOCK tries for ten seconds, then fails: it is tried again, as flock waits."""
    while True:
        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_LOCK, 1)
            break
        except OSError as exc:
            if exc.errno in _STILL_LOCKED:
                continue
            if exc.errno in _NO_LOCKS:
                yield False
                return
            raise
    try:
        yield True
    finally:
        with contextlib.suppress(OSError):
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
