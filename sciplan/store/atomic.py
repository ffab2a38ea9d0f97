"""Writing files safely: atomically (temp file + rename) and never over what the user wrote."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from pathlib import Path

from sciplan.core.problem import SciplanError


class FileExists(SciplanError):
    pass


def write_new(path: Path, text: str | bytes, *, force: bool = False, force_hint: str = "") -> None:
    """Write `text` (or bytes) to `path` in one step. Refuses to replace an existing file unless `force`
    (`force_hint` tells the user how, where a command offers it).

    The content goes to a temporary file in the same folder first; a hard link (or, with
    `force`, a rename) then puts it in place, so a crash never leaves half a file and a file
    that appears meanwhile is not clobbered.
    """
    try:
        _write(path, text, force, force_hint)
    except OSError as exc:  # a read-only folder, a full disk: say which file
        raise CannotWrite(f"cannot write {path}: {exc.strerror or exc}") from None
    except UnicodeEncodeError:  # LC_ALL=C with PYTHONUTF8=0: file names are ASCII, 泰兴市 cannot be one
        encoding = sys.getfilesystemencoding()
        raise CannotWrite(
            f"cannot write {path}: file names here are {encoding}, which cannot hold this name; "
            "run with PYTHONUTF8=1 or a UTF-8 locale (LANG=C.UTF-8)"
        ) from None


class CannotWrite(SciplanError):
    pass


def _umask() -> int:
    mask = os.umask(0o022)  # the only way to read it is to set it: put it straight back
    os.umask(mask)
    return mask


def _write(path: Path, text: str | bytes, force: bool, force_hint: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() and not force:
        raise FileExists(f"{path} already exists; sciplan never overwrites it{force_hint}")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with contextlib.suppress(OSError, AttributeError):  # mkstemp makes 0600: give what open() would
            os.fchmod(fd, 0o666 & ~_umask())
        data = text if isinstance(text, bytes) else text.encode("utf-8")  # "\n" stays "\n" on every OS
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if force:
            os.replace(tmp, path)
            return
        try:
            os.link(tmp, path)  # fails if `path` exists: no clobbering, even in a race
        except FileExistsError:
            raise FileExists(f"{path} already exists; sciplan never overwrites it{force_hint}") from None
        except OSError:  # a filesystem without hard links
            if path.exists():
                raise FileExists(f"{path} already exists; sciplan never overwrites it{force_hint}") from None
            os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
