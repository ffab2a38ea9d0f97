"""Reading a data root: every file exactly once, into a `Snapshot`.

The cache key is hashed from the snapshot and loading parses the very same bytes, so no change to
the files while sciplan runs (A -> B -> A) can store B's result under A's key. Nothing is read before
its size is known: a file over MAX_FILE_BYTES is refused from its `stat`. A file that cannot be read
is kept as the one problem that says why (a folder, a pipe, a broken link...), and that message is
part of the key too, so a folder replaced by a pipe is never reported as a folder.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path
from typing import NamedTuple

from sciplan.core.i18n import _
from sciplan.core.problem import Problem

TARGETS = "targets.yaml"
DATA = "data"
MAX_FILE_BYTES = 64 * 1024 * 1024
YEAR_FILE = re.compile(r"(\d{4})\.ya?ml", re.IGNORECASE)
YAML = (".yaml", ".yml")

Source = bytes | Problem  # a file's bytes, or why they could not be read


class Snapshot(NamedTuple):
    """What a data root held when it was read: all that loading and the cache key depend on."""

    files: dict[str, Source]  # by name as shown: targets.yaml and each year file that is parsed
    # The YAML names in data/ (as shown); why data/ could not be listed; None: there is no data/.
    listing: tuple[str, ...] | Problem | None
    misplaced: tuple[str, ...] = ()  # without data/: the year files beside targets.yaml


def snapshot(root: Path) -> Snapshot:
    folder = root / DATA
    inside = (os.path.realpath(root), os.path.realpath(folder))
    files = {TARGETS: read_source(root / TARGETS, TARGETS, inside)}
    from sciplan.store.places import leads_out

    outside = leads_out(root, folder)
    if outside is not None:  # data -> /etc: nothing read there (and nothing written by set or import)
        message = _("is a symbolic link to {target}, outside the data root; sciplan reads no file there")
        return Snapshot(files, Problem(DATA, 1, 1, "error", "unreadable", message.format(target=shown(outside))))
    try:
        if not stat.S_ISDIR(os.stat(folder).st_mode):
            return Snapshot(files, None, _misplaced(root))
        with os.scandir(folder) as entries:
            names = sorted(e.name for e in entries if e.name.lower().endswith(YAML))
    except OSError as exc:
        if exc.errno in (errno.ENOENT, errno.ENOTDIR, errno.ELOOP):  # no data/ (a broken link is none)
            return Snapshot(files, None, _misplaced(root))
        reason = _("cannot read the folder: {reason}").format(reason=_reason(exc))
        return Snapshot(files, Problem(DATA, 1, 1, "error", "unreadable", reason))
    listing = tuple(shown(name) for name in names)
    for _year, name in year_files(listing)[0]:
        files[f"{DATA}/{name}"] = read_source(folder / name, f"{DATA}/{name}", inside)
    return Snapshot(files, listing)


def _misplaced(root: Path) -> tuple[str, ...]:
    try:
        with os.scandir(root) as entries:
            return tuple(sorted(shown(e.name) for e in entries if YEAR_FILE.fullmatch(e.name)))
    except OSError:  # a root that can be entered but not listed: no hint, no harm
        return ()


def year_files(listing: tuple[str, ...]) -> tuple[list[tuple[int, str]], list[Problem]]:
    """The data file of each year among the YAML names in data/, and a problem for every other one."""
    files: dict[int, str] = {}
    problems = []
    for name in listing:
        m = YEAR_FILE.fullmatch(name)
        file = f"{DATA}/{name}"
        if not m:
            message = _("data files are named by year, e.g. data/2021.yaml; rename {name}").format(name=name)
        elif int(m.group(1)) in files:
            message = _("year {year} also has data/{other}; keep one file per year").format(
                year=m.group(1), other=files[int(m.group(1))]
            )
        else:
            files[int(m.group(1))] = name
            continue
        problems.append(Problem(file, 1, 1, "error", "file-name", message))
    return sorted(files.items()), problems


def read_source(path: Path, file: str, inside: tuple[str, ...] = ()) -> Source:
    """The bytes of one file, read once; or the problem that says why they cannot be. With `inside`
    (the real root and data/), a symbolic link that leads out of them is not followed: a link
    committed as data/2016.yaml -> ~/.git-credentials would otherwise be echoed into a CI log."""
    try:
        wrong = _not_a_file(os.stat(path))
        if wrong:
            return Problem(file, 1, 1, "error", *wrong)
        if inside and os.path.islink(path):  # a file that would be read: where does the link lead?
            real = os.path.realpath(path)
            if not any(real.startswith(place.rstrip(os.sep) + os.sep) for place in inside):
                message = _("is a symbolic link to {target}, outside the data root; sciplan reads no file there")
                return Problem(file, 1, 1, "error", "unreadable", message.format(target=shown(real)))
        # Non-blocking: if a pipe took the file's place since the stat, opening it must not wait.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        return Problem(file, 1, 1, "error", "unreadable", _why_not(path, exc))
    try:
        with open(fd, "rb") as f:
            st = os.fstat(fd)  # the file opened, which is the one read
            wrong = _not_a_file(st)
            if wrong:
                return Problem(file, 1, 1, "error", *wrong)
            raw = f.read(st.st_size + 1)
            if len(raw) > st.st_size:  # it grew since: read on, but never past the limit
                raw += f.read(MAX_FILE_BYTES + 1 - len(raw))
                if len(raw) > MAX_FILE_BYTES:
                    return Problem(file, 1, 1, "error", *_too_large())
            return raw
    except OSError as exc:
        return Problem(file, 1, 1, "error", "unreadable", _cannot_read(exc))


def _too_large() -> tuple[str, str]:
    return "too-large", _("file is over {n} bytes; sciplan reads files up to that size").format(n=MAX_FILE_BYTES)


def _cannot_read(exc: OSError) -> str:
    return _("cannot read the file: {reason}").format(reason=_reason(exc))


def _not_a_file(st: os.stat_result) -> tuple[str, str] | None:
    """(code, message) when what the stat describes cannot be read as a data file."""
    mode = st.st_mode
    if stat.S_ISREG(mode):
        return _too_large() if st.st_size > MAX_FILE_BYTES else None
    if stat.S_ISDIR(mode):
        return "unreadable", _("is a folder, not a file")
    if stat.S_ISFIFO(mode):  # reading a pipe or a device could wait forever
        return "unreadable", _("is a named pipe (FIFO), not a file")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "unreadable", _("is a device, not a file")
    if stat.S_ISSOCK(mode):
        return "unreadable", _("is a socket, not a file")
    return "unreadable", _("is a special file, not a file")


def _why_not(path: Path, exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return _("is a symbolic link that leads back to itself (a loop); point it at a file")
    if exc.errno == errno.ENOENT and os.path.islink(path):
        try:
            target = shown(os.readlink(path))
        except OSError:
            target = "?"
        return _("is a symbolic link to {target} whose target does not exist").format(target=target)
    return _cannot_read(exc)


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def shown(name: str) -> str:
    """A file name as it can be printed: bytes that are not UTF-8 (a GBK name from a Windows zip,
    kept by Python as surrogates) and control characters become escapes, e.g. `\\xb2`."""
    if name.isprintable():
        return name
    text = name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" if ord(c) < 256 else f"\\u{ord(c):04x}" for c in text)


def year_of_file(file: str) -> int | None:
    """The year a data file holds (`data/2020.yaml` -> 2020), None for targets.yaml and the rest."""
    folder, _, name = file.rpartition("/")
    m = YEAR_FILE.fullmatch(name)
    return int(m.group(1)) if m and folder == DATA else None
