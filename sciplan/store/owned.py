"""An output folder and the manifest of the files sciplan wrote there: locked, intent first, atomic.

The manifest (`.sciplan-report`) maps each file name to the SHA-256 of what sciplan wrote there: a file
whose hash is listed is sciplan's and untouched, safe to refresh; any other file is never replaced
(without --force). A marker inside the file would not do: the Word draft is meant to be edited, and
an edited draft still carries the marker.

What keeps the manifest true whatever happens to a run:

- One run at a time. A run holds an exclusive lock (store.lock: `flock` on the folder itself, on Windows
  `msvcrt.locking`; no lock file is left beside the documents) from reading the manifest to writing it
  back, so two runs into one folder never lose each other's entries: the second waits, then reads what
  the first wrote.
- Written atomically (a temporary file, then a rename): a killed run or a full disk leaves the old
  manifest or the new one, never half of one.
- The intent first. The new files' hashes join the manifest (beside the old ones) before any file is
  written, so whatever a run killed halfway left in place (the old version or the new), the next
  run knows it as sciplan's. Once the files are in place, each keeps only its new hash.
- Temporary files a killed run left (`.<name>.<random>.tmp`) are removed by the next run, under the lock.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path

from sciplan.store.atomic import (
    CannotWrite,
    FileExists,
    NotOurs,
    cannot_write,
    put,
    replace,
    stale_temporaries,
    unnameable,
)
from sciplan.store.lock import LOCK_FILE, folder_lock

MANIFEST = ".sciplan-report"
OLD_LOCK = LOCK_FILE  # the lock file of earlier versions: an empty one is removed (store.lock's NFS one is not)
_MAX_MANIFEST_BYTES = 4 * 1024 * 1024  # thousands of entries; anything larger is not a manifest of ours
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


class Refused(FileExists):
    """A file in the way that is not sciplan's (or no longer): nothing more is written."""

    def __init__(self, path: Path) -> None:
        from sciplan.core.i18n import _

        super().__init__(
            _("{path} already exists and is not the file sciplan wrote there (edited, or someone else's)").format(
                path=path
            ),
            code="report-file-edited",
            path=path,
        )


class NotAManifest(FileExists):
    """Someone's file (or folder, or link) under the manifest's name: never replaced, --force or not."""

    def __init__(self, path: Path) -> None:
        from sciplan.core.i18n import _

        super().__init__(
            _(
                "{path} already exists and is not the list of files sciplan keeps there; it is never replaced "
                "(move it away, or write into another folder)"
            ).format(path=path),
            code="report-manifest-foreign",
            path=path,
        )


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Folder:
    """An output folder, locked for this run: `ours(path)` tells sciplan's untouched files, `write`
    puts files in place."""

    def __init__(self, path: Path, known: dict[str, set[str]]) -> None:
        self.path = path
        self.known = known  # file name -> the hashes of what sciplan wrote there

    def ours(self, path: Path) -> bool:
        """Whether the file at `path` is one sciplan wrote, unchanged since (a regular file, not a link)."""
        written = self.known.get(path.name)
        if not written:
            return False
        found = _file_digest(path)
        return found is not None and found in written

    def check(self, names: list[str], force: bool) -> None:
        """Refuse (`Refused`, nothing written) when any of `names` is taken by a file that is not sciplan's."""
        for name in names:
            path = self.path / name
            if not force and os.path.lexists(path) and not self.ours(path):
                raise Refused(path)

    def write(self, files: dict[str, bytes], force: bool) -> None:
        """Put `files` (by name) in place: new ones created exclusively, sciplan's own replaced only while
        they are still sciplan's (any file with `force`). `Refused` when a file not sciplan's took a name
        meanwhile: it stays as it is."""
        before = {name: set(hashes) for name, hashes in self.known.items()}
        new = {name: digest(data) for name, data in files.items()}
        for name, value in new.items():
            self.known.setdefault(name, set()).add(value)
        self._save()  # the intent, before any file: a run killed below leaves files the next run knows
        written: list[str] = []
        try:
            for name, data in files.items():
                path = self.path / name
                try:
                    put(path, data, (lambda _path: True) if force else self.ours)
                except (FileExists, NotOurs):
                    raise Refused(path) from None
                written.append(name)
        finally:
            for name, value in new.items():
                kept = {value} if name in written else before.get(name, set())
                if kept:
                    self.known[name] = kept
                else:
                    self.known.pop(name, None)
            with contextlib.suppress(CannotWrite):  # the intent stays: both versions still count as ours
                self._save()

    def _save(self) -> None:
        entries = {name: _one_or_all(hashes) for name, hashes in sorted(self.known.items()) if hashes}
        text = json.dumps(entries, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        path = self.path / MANIFEST
        replace(path, text, lambda _path: True)


def _one_or_all(hashes: set[str]) -> str | list[str]:
    return next(iter(hashes)) if len(hashes) == 1 else sorted(hashes)


@contextlib.contextmanager
def owned(folder: Path, names: list[str]) -> Iterator[Folder]:
    """The output `folder` (made if missing), locked against other runs while the block runs; temporary
    files left by a killed run (of `names`, the manifest, or any file the manifest lists) removed."""
    for name in names:  # LC_ALL=C with PYTHONUTF8=0: say so before anything is made, not halfway
        try:
            os.fsencode(folder / name)
        except UnicodeEncodeError:
            raise unnameable(folder / name) from None
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise cannot_write(folder, exc) from None
    with _locked(folder):
        known = _read(folder)
        if known is None:
            raise NotAManifest(folder / MANIFEST)
        for stale in stale_temporaries(folder, {*names, *known, MANIFEST}):
            with contextlib.suppress(OSError):
                stale.unlink()
        _remove_old_lock(folder)
        yield Folder(folder, known)


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """An exclusive lock on the folder for the block (store.lock: `flock` on the folder itself, on Windows
    `msvcrt.locking` of a file in the temporary folder): nothing is created beside the documents."""
    with contextlib.ExitStack() as stack:
        try:
            stack.enter_context(folder_lock(folder, lambda: _say_waiting(folder)))
        except OSError as exc:
            raise cannot_write(folder, exc) from None
        yield


def _say_waiting(folder: Path) -> None:
    """One line while another run holds the folder: a wait is never silent."""
    import sys

    from sciplan.core.chars import quoted
    from sciplan.core.i18n import _

    said = _("waiting for another run writing into {folder} …").format(folder=quoted(str(folder)))
    sys.stderr.write("sciplan: " + said + "\n")
    sys.stderr.flush()


def _remove_old_lock(folder: Path) -> None:
    """The empty lock file an earlier version left beside the documents (under the lock: no run of
    this version uses it). A file of that name with anything in it is not ours and stays."""
    path = folder / OLD_LOCK
    with contextlib.suppress(OSError):
        st = os.lstat(path)
        if stat.S_ISREG(st.st_mode) and st.st_size == 0:
            path.unlink()


def _read(folder: Path) -> dict[str, set[str]] | None:
    """The manifest's entries (none when there is no manifest), or None when the file of its name is not
    a manifest sciplan wrote (each name to a SHA-256, or a list of them, as `_save` writes it): someone's
    notes, a folder, a link, a file that cannot be read."""
    if not os.path.lexists(folder / MANIFEST):
        return {}
    raw = _regular_bytes(folder / MANIFEST, _MAX_MANIFEST_BYTES)
    if raw is None:
        return None
    try:
        data = json.loads(raw.decode("utf-8"))
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    known: dict[str, set[str]] = {}
    for name, value in data.items():
        hashes = value if isinstance(value, list) else [value]
        if not hashes or not all(isinstance(h, str) and _SHA256.fullmatch(h) for h in hashes):
            return None
        known[str(name)] = set(hashes)
    return known


_SHA256 = re.compile("[0-9a-f]{64}")


def _file_digest(path: Path) -> str | None:
    raw = _regular_bytes(path, None)
    return None if raw is None else digest(raw)


def _regular_bytes(path: Path, limit: int | None) -> bytes | None:
    """The bytes of a regular file (never through a link, never waiting on a pipe); None otherwise."""
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | getattr(os, "O_BINARY", 0))
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or (limit is not None and st.st_size > limit):
            os.close(fd)  # a folder, a pipe, a device: open() would refuse a folder's descriptor
            return None
    except OSError:
        os.close(fd)
        return None
    with open(fd, "rb") as f:
        try:
            return f.read()
        except OSError:
            return None
