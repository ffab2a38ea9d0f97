"""Writing files safely: atomically (temp file + rename) and never over what the user wrote.

Two ways to put a file in place, and neither ever replaces a file sciplan was not told it may:

- `create(path, data)`: a new file only. The content is written to a temporary file beside it,
  then hard-linked to its name, which fails if anything took the name meanwhile (`FileExists`):
  the check and the creation are one step of the filesystem, so no race can clobber a file.
- `replace(path, data, ours)`: a file that is there, only if `ours(path)` still says so at the last
  moment before the rename (`NotOurs` otherwise); a file that vanished meanwhile is created.

A temporary file is named `.<name>.<random>.tmp`; `stale_temporaries` finds the ones a killed run left.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from sciplan.core.i18n import _
from sciplan.core.problem import SciplanError


class FileExists(SciplanError):
    pass


class NotOurs(SciplanError):
    """The file to be replaced is no longer the one sciplan wrote (edited meanwhile, or someone else's)."""


class CannotWrite(SciplanError):
    pass


def write_new(path: Path, text: str | bytes, *, force: bool = False, force_hint: str = "") -> None:
    """Write `text` (or bytes) to `path` in one step. Refuses to replace an existing file unless `force`
    (`force_hint` tells the user how, where a command offers it).

    The content goes to a temporary file in the same folder first; a hard link (or, with
    `force`, a rename) then puts it in place, so a crash never leaves half a file and a file
    that appears meanwhile is not clobbered.
    """
    _make_folder(path)
    refusal = _("{path} already exists; sciplan never overwrites it").format(path=path) + force_hint
    if path.exists() and not force:
        raise FileExists(refusal)
    try:
        if force:
            replace(path, text, lambda _path: True)
        else:
            create(path, text)
    except FileExists:
        raise FileExists(refusal) from None


def _make_folder(path: Path) -> None:
    """The folders on the way to `path`, made if missing (their errors worded like the file's own)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise cannot_write(path, exc) from None
    except UnicodeEncodeError:
        raise unnameable(path) from None


def put(path: Path, data: str | bytes, ours: Callable[[Path], bool]) -> None:
    """A new file at `path` (its folders made), or one in place of the file there only while `ours(path)`
    holds: `FileExists` or `NotOurs` otherwise, nothing written."""
    _make_folder(path)
    if os.path.lexists(path):
        replace(path, data, ours)
    else:
        create(path, data)


def create(path: Path, data: str | bytes) -> None:
    """Write a new file at `path`; `FileExists` (nothing written) if anything is there, even if it
    appeared a moment ago. `CannotWrite` says why writing failed (a full disk, a read-only folder)."""
    with _temporary(path, data) as tmp:
        try:
            os.link(tmp, path)  # fails if `path` exists: no clobbering, even in a race
        except FileExistsError:
            raise FileExists(_("{path} already exists").format(path=path)) from None
        except OSError:
            if os.path.lexists(path):  # a filesystem without hard links: the narrowest check there is
                raise FileExists(_("{path} already exists").format(path=path)) from None
            _rename(tmp, path)


def replace(path: Path, data: str | bytes, ours: Callable[[Path], bool]) -> None:
    """Write `data` over the file at `path`, only while `ours(path)` holds: it is asked once more when
    the new content is ready, just before the rename (`NotOurs` then, the file untouched). A file
    that is gone by then is created as by `create`."""
    with _temporary(path, data) as tmp:
        if not os.path.lexists(path):
            try:
                os.link(tmp, path)
                return
            except OSError:
                pass  # it came back meanwhile (or no hard links here): judge it below
            if not os.path.lexists(path):
                _rename(tmp, path)
                return
        if not ours(path):
            raise NotOurs(_("{path} is not the file sciplan wrote there").format(path=path))
        _rename(tmp, path)


def _rename(tmp: str, path: Path) -> None:
    try:
        os.replace(tmp, path)
    except OSError as exc:
        raise cannot_write(path, exc) from None


@contextlib.contextmanager
def _temporary(path: Path, data: str | bytes) -> Iterator[str]:
    """The content in a temporary file beside `path` (synced to disk), removed afterwards whatever happened."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{_fitting(path.name)}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise cannot_write(path, exc) from None
    except UnicodeEncodeError:  # LC_ALL=C with PYTHONUTF8=0: file names are ASCII, 泰兴市 cannot be one
        raise unnameable(path) from None
    try:
        try:
            with contextlib.suppress(OSError, AttributeError):  # mkstemp makes 0600: give what open() would
                os.fchmod(fd, 0o666 & ~_umask())
            raw = data if isinstance(data, bytes) else data.encode("utf-8")  # "\n" stays "\n" on every OS
            with os.fdopen(fd, "wb") as out:
                out.write(raw)
                out.flush()
                os.fsync(out.fileno())
        except OSError as exc:  # a full disk, a quota: say which file
            raise cannot_write(path, exc) from None
        yield tmp
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


_NAME_ROOM = 255 - len(".") - len(".abcdefgh.tmp")  # a file name has 255 bytes; the temporary's adds 14


def _fitting(name: str) -> str:
    """`name`, cut so that its temporary file's name fits where the name itself does (255 bytes)."""
    while len(name.encode("utf-8", "surrogateescape")) > _NAME_ROOM:
        name = name[:-1]
    return name


def cannot_write(path: Path, exc: OSError) -> CannotWrite:
    return CannotWrite(_("cannot write {path}: {why}").format(path=path, why=exc.strerror or exc))


def unnameable(path: Path) -> CannotWrite:
    encoding = sys.getfilesystemencoding()
    return CannotWrite(
        _(
            "cannot write {path}: file names here are {encoding}, which cannot hold this name; "
            "run with PYTHONUTF8=1 or a UTF-8 locale (LANG=C.UTF-8)"
        ).format(path=path, encoding=encoding)
    )


def _umask() -> int:
    mask = os.umask(0o022)  # the only way to read it is to set it: put it straight back
    os.umask(mask)
    return mask


_TEMPORARY = re.compile(r"\.(?P<name>.+)\.[a-z0-9_]{8}\.tmp")


def stale_temporaries(folder: Path, names: set[str]) -> list[Path]:
    """The temporary files of `names` (`.<name>.<random>.tmp`) in `folder`: what a run killed while
    writing left behind. Only call this where no other run can be writing (under the folder's lock)."""
    try:
        with os.scandir(folder) as entries:
            found = [e.name for e in entries if e.name.endswith(".tmp")]
    except OSError:
        return []
    stale = []
    for entry in found:
        m = _TEMPORARY.fullmatch(entry)
        if m and m.group("name") in {_fitting(name) for name in names}:  # a long name's is cut
            stale.append(folder / entry)
    return stale
