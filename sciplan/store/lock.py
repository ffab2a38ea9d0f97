"""An exclusive lock on an open file for the length of a block: `flock` on POSIX, `msvcrt.locking` on
Windows, with the same meaning on both. The lock is waited for, however long another run holds it;
it is released when the block ends (and by the system if the process dies). Where the filesystem
keeps no locks (some network mounts), the block runs unlocked, as it would have before locks."""

from __future__ import annotations

import contextlib
import errno
import importlib
import os
from collections.abc import Iterator
from types import ModuleType
from typing import Any

# what a filesystem without locks answers
_NO_LOCKS = {errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EINVAL}
# what msvcrt.locking says when the byte stayed locked through its ten tries (a second apart)
_STILL_LOCKED = {errno.EDEADLK, getattr(errno, "EDEADLOCK", errno.EDEADLK), errno.EACCES}


def _module(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


@contextlib.contextmanager
def exclusive(fd: int) -> Iterator[bool]:
    """Hold an exclusive lock on the open file `fd` for the block, waiting for it. Yields whether the
    file is locked (False: the filesystem keeps no locks). OSError when locking fails otherwise."""
    fcntl: Any = _module("fcntl")
    if fcntl is not None:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError as exc:
            if exc.errno not in _NO_LOCKS:
                raise
            yield False
            return
        try:
            yield True
        finally:
            with contextlib.suppress(OSError):
                fcntl.flock(fd, fcntl.LOCK_UN)
        return
    msvcrt: Any = _module("msvcrt")
    if msvcrt is None:  # pragma: no cover - neither POSIX nor Windows
        yield False
        return
    # Windows locks a range of bytes from the file's position: the first byte, which every run names
    # alike (a byte past the end may be locked). LK_LOCK tries for ten seconds, then fails: try again.
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
