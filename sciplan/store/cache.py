"""A content-addressed cache of checked data roots, so an unchanged root is not parsed again.

The key is a BLAKE2b hash over everything the result depends on: the bytes of targets.yaml and of
every data file exactly as they were read for loading (sources.Snapshot: each file is read once), the
names in data/, why a file could not be read, sciplan's version, the size and time of its own source
files, and the Python version. A changed file changes the key, so a stale entry is never served.

An entry is data, never code: plain values (str, int, lists, dicts, tuples) written with `marshal`,
from which only the records listed in `_RECORDS` are rebuilt. Before anything is decoded, the
entry must be a regular file owned by the user and writable by no one else, in a folder of the same
kind, and start with the format's magic, the key and a checksum of the rest (read through in pieces,
never held whole); an entry that fails any of this (corrupt, truncated, planted, from another version)
is ignored and rewritten. The rest is a spine (the project's shape and small parts, decoded on reading)
and a heap: the catalogue's indicators and each year's values in buckets (store/packed.py), read from
the open entry when a command reads a key in them.

Entries live outside the data root: in $SCIPLAN_CACHE_DIR, else $XDG_CACHE_HOME/sciplan, else
$HOME/.cache/sciplan (each must be an absolute path; else there is no cache), one pair of files per
data root and interface language (so zh and en are both warm), in a folder created private (0700).
Writing is atomic and best-effort: a read-only home just means no cache. `--no-cache` or
SCIPLAN_NO_CACHE=1 turn it off. The two entries of a root are its problems (all `check` needs,
small) and the loaded project, whose hundreds of thousands of values are read bucket by bucket only
when a command reads them (`Packed`): `sciplan status 2022` of a province pays for two years, `sciplan
trend ID` for one indicator's buckets.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import stat
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import sciplan
from sciplan.core import i18n
from sciplan.core.problem import Problem
from sciplan.store.packed import Heap, HeapWriter, Lazy, Packed, actual, flat, pack
from sciplan.store.snapshot import Snapshot

try:  # built into CPython; importing hashlib would first load OpenSSL (2.5 ms of every start-up)
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - other Pythons
    from hashlib import blake2b

MAGIC = b"sciplan-cache-5\n"  # then the key (32 bytes), a checksum of the rest (4 bytes), the rest:
# the spine's length (8 bytes), the spine (marshal), the heap
_KEY = slice(len(MAGIC), len(MAGIC) + 32)
_HEAD = len(MAGIC) + 36
SMALL = 8 << 20  # an entry up to this size is read whole; a larger one keeps its file open to read by parts


def enabled() -> bool:
    return os.environ.get("SCIPLAN_NO_CACHE", "") in ("", "0")


def folder() -> Path | None:
    """Where entries live; None when no absolute place is given (a relative XDG_CACHE_HOME is
    ignored, as the XDG spec says; without a HOME there is no cache rather than one in /.cache)."""
    explicit = os.environ.get("SCIPLAN_CACHE_DIR")
    if explicit:
        return Path(explicit) if os.path.isabs(explicit) else None
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(xdg):
        return Path(xdg) / "sciplan"
    home = os.path.expanduser("~") if os.name == "nt" else os.environ.get("HOME", "")
    if not os.path.isabs(home) or os.path.dirname(home) == home:  # unset, relative, or "/"
        return None
    return Path(home) / ".cache" / "sciplan"


def key(snap: Snapshot) -> str:
    """The fingerprint of a root as read, and of the code that reads it."""
    h = blake2b(MAGIC, digest_size=32)

    def field(tag: bytes, data: bytes) -> None:  # length-prefixed: no two inputs hash alike
        h.update(tag + len(data).to_bytes(8, "little") + data)

    code = _code_stamp(os.path.dirname(sciplan.__file__))
    field(b"V", f"{sciplan.__version__}|{sys.version}|{i18n.language()}|{code}".encode())  # messages are in it
    for name, source in snap.files.items():
        field(b"F", _utf8(name))
        field(b"B", source) if isinstance(source, bytes) else field(b"P", _utf8(str(source)))
    if snap.listing is None:
        field(b"N", _utf8("\0".join(snap.misplaced)))
    elif isinstance(snap.listing, Problem):
        field(b"U", _utf8(str(snap.listing)))
    else:
        field(b"D", _utf8("\0".join(snap.listing)))
    return h.hexdigest()


def _utf8(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")  # a name that is not UTF-8 still hashes


def _code_stamp(folder: str) -> str:
    """Size and time of every source file of sciplan (and compiled catalog, whose messages are in the
    entries): an edited checkout never reads old entries."""
    stamp = []
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.endswith((".py", ".mo")):
                st = entry.stat()
                stamp.append(f"{entry.name}|{st.st_size}|{st.st_mtime_ns}")
            elif entry.is_dir() and not entry.name.startswith(("_", ".")):
                stamp.append(entry.name + "/" + _code_stamp(entry.path))
    return ";".join(sorted(stamp))


def _entry(root: Path, part: str) -> Path | None:
    """The entry of a root, or None when there is no cache folder or it lies inside the root."""
    place = folder()
    if place is None:
        return None
    try:
        real_root, real_place = root.resolve(), place.resolve()
    except (OSError, RuntimeError):  # a symlink loop on the way
        return None
    if real_place == real_root or real_root in real_place.parents:  # the root is the user's own files
        return None
    name = blake2b(os.fsencode(str(real_root)), digest_size=16).hexdigest()
    # one pair per language: entries hold messages, and switching --lang must not evict the other's
    return place / f"{name}-{i18n.language()}.{part}.cache"


def _check(payload: bytes) -> bytes:
    """A checksum against damage (a truncated or flipped entry), 4x faster than a hash: trust in an
    entry comes from who owns it (`_trusted`), not from this."""
    from zlib import crc32

    return crc32(payload).to_bytes(4, "little")


def _trusted(st: os.stat_result) -> bool:
    """Owned by the user and writable by no one else: an entry nobody else could have planted."""
    if stat.S_IMODE(st.st_mode) & (stat.S_IWGRP | stat.S_IWOTH):
        return False
    return not hasattr(os, "getuid") or st.st_uid == os.getuid()


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def read(root: Path, part: str, fingerprint: str) -> Any | None:
    """The payload stored as `part` for `root` under this fingerprint, or None."""
    entry = _entry(root, part)
    if entry is None:
        return None
    try:
        if not (stat.S_ISDIR((st := os.stat(entry.parent)).st_mode) and _trusted(st)):
            return None
        with open(os.open(entry, os.O_RDONLY | _NOFOLLOW), "rb") as f:  # never a link, never a wait
            st = os.fstat(f.fileno())
            if not (stat.S_ISREG(st.st_mode) and _trusted(st)):
                return None
            head = f.read(_HEAD)
            if head[: len(MAGIC)] != MAGIC or head[_KEY].hex() != fingerprint:
                return None
            rest = st.st_size - _HEAD
            data = f.read() if rest <= SMALL else None
            if (_check(data) if data is not None else _checked_through(f)) != head[-4:]:  # truncated or damaged
                return None
            # a large entry's heap is read from this same file, as checked (a later run renames another over it)
            heap = Heap(rest, data=data) if data is not None else Heap(rest, fd=os.dup(f.fileno()), base=_HEAD)
    except OSError:  # absent, or not ours to read
        return None
    try:
        spine_length = int.from_bytes(heap.read(0, 8), "little")
        spine = heap.read(8, spine_length)
        return _decode(marshal.loads(spine), heap.after(8 + spine_length))
    except Exception:  # well-formed but not what sciplan writes: as if there were none
        return None


def _checked_through(f: Any) -> bytes:
    """`_check` of the rest of the open file `f`, read in pieces (a province's entry is 155 MB: never
    held whole)."""
    from zlib import crc32

    crc, piece = 0, bytearray(1 << 20)
    while n := f.readinto(piece):
        crc = crc32(memoryview(piece)[:n], crc)
    return crc.to_bytes(4, "little")


def write(root: Path, part: str, fingerprint: str, payload: Any) -> None:
    """Store the payload (atomically: a temp file renamed); give up quietly when not possible."""
    import tempfile

    target = _entry(root, part)
    if target is None:
        return
    from zlib import crc32

    heap = HeapWriter()
    try:
        spine = marshal.dumps(_encode(payload, heap))
    except (TypeError, ValueError):  # holds something that is not plain data: keep no entry
        return
    parts = [len(spine).to_bytes(8, "little"), spine, *heap.parts]
    crc = 0
    for data in parts:
        crc = crc32(data, crc)
    try:
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _trusted(os.stat(target.parent)):  # someone else's folder: never write there
            return
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".entry.", suffix=".tmp")  # mode 0600
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(MAGIC + bytes.fromhex(fingerprint) + crc.to_bytes(4, "little"))
                f.writelines(parts)
            os.replace(tmp, target)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
    except OSError:
        pass


# ---- plain data -------------------------------------------------------------------------------
# An entry holds only None, bool, int, str, bytes, lists, dicts and tuples. A tuple is a tagged
# node: (tag, *fields), the tag an int below. Decoding builds nothing but these.

(_TUPLE, _DECIMAL, _FRACTION, _DATE, _FROZENSET, _PROXY, _EMPTY, _PACKED, _PROJECT, _TARGET, _LAZY, _TREES) = range(12)
_RECORD = 12
_LEAVES = frozenset((str, int, bool, type(None)))


def _records() -> tuple[type[Any], ...]:  # NamedTuple classes
    from sciplan.core.formula import BinOp, Formula, Neg, Num, Ref
    from sciplan.core.records import (
        Actual,
        Catalogue,
        Indicator,
        Milestone,
        MilestoneProgress,
        Plan,
        Target,
        TargetEntry,
        YearData,
    )

    return (
        *(Problem, Catalogue, Indicator, TargetEntry, Plan, Milestone, MilestoneProgress, YearData, Actual),
        *(Target, Formula, Num, Ref, Neg, BinOp),
    )


def _encode(obj: Any, heap: HeapWriter) -> Any:
    import datetime as dt
    from fractions import Fraction
    from types import MappingProxyType

    from sciplan.core.records import Project, Target, TargetEntry, ValidProject

    records = _records()
    codes = {cls: _RECORD + i for i, cls in enumerate(records)}
    year_data, catalogue, indicator = records[7], records[1], records[2]
    at = indicator._fields.index("targets")

    def enc(x: Any) -> Any:
        t = type(x)
        if t in _LEAVES:
            return x
        if t is list:
            return [enc(i) for i in x]
        if t is dict:
            return {enc(k): enc(v) for k, v in x.items()}
        if (
            t is TargetEntry
            and type(x.target) is Target
            and type(x.target.amount) is Decimal
            and x.target.month is None
        ):
            # One flat node for the commonest record (a target per indicator and year): 3x faster to read.
            g = x.target
            stretch = None if g.stretch is None else str(g.stretch)
            return (_TARGET, g.text, g.kind, g.op, str(g.amount), stretch, x.source, x.note, enc(x.units))
        if t is catalogue:  # its indicators in buckets, decoded one by one as they are read (packed.Packed)
            return (codes[t], enc(x.region), (_TREES, *pack(x.indicators, heap, enc)), *map(enc, x[2:]))
        if t is indicator and x.targets:  # its targets decoded year by year as they are read (packed.Lazy)
            targets = (_LAZY, {enc(k): marshal.dumps(enc(v)) for k, v in x.targets.items()})
            return (codes[t], *map(enc, x[:at]), targets, *map(enc, x[at + 1 :]))
        if t is year_data:  # its values in buckets, read as they are read (packed.Packed)
            fields: list[Any] = []
            for name, value in zip(t._fields, x, strict=True):
                if name == "actuals":
                    fields.append((_PACKED, *pack(value, heap, flat)))
                elif name in ("peers", "units", "months"):
                    fields.append({enc(k): (_PACKED, *pack(inner, heap, flat)) for k, inner in value.items()})
                else:
                    fields.append(enc(value))
            return (codes[t], *fields)
        if t in codes:
            return (codes[t], *map(enc, x))
        if t is tuple:
            return (_TUPLE, *map(enc, x))
        if t is Decimal:
            return (_DECIMAL, str(x))
        if t is Fraction:
            return (_FRACTION, x.numerator, x.denominator)
        if t is dt.date:
            return (_DATE, x.toordinal())
        if t is frozenset:
            return (_FROZENSET, [enc(i) for i in x])
        if t is MappingProxyType:
            return (_PROXY, enc(dict(x))) if x else (_EMPTY,)
        if t is Packed or t is Lazy:  # from an entry read before: written out again in full
            return enc(dict(x.items()))
        if t is Project or t is ValidProject:  # without its root (set on reading) and the bytes it was loaded from
            return (_PROJECT, enc(x.catalogue), enc(x.years), enc(x.problems))
        raise TypeError(f"not plain data: {t.__name__}")

    return enc(obj)


def _decode(obj: Any, heap: Heap) -> Any:
    import datetime as dt
    from fractions import Fraction
    from types import MappingProxyType

    from sciplan.core.records import EMPTY, Target, TargetEntry, project_of

    records = _records()
    sizes = [len(cls._fields) + 1 for cls in records]
    new = tuple.__new__
    leaf = _LEAVES  # the common case, kept out of calls: a province has 100,000 nodes

    def dec(x: Any) -> Any:
        t = type(x)
        if t is tuple:
            tag = x[0]
            if type(tag) is not int:
                raise ValueError("not an entry of sciplan's")
            if tag >= _RECORD:
                if len(x) != sizes[tag - _RECORD]:
                    raise ValueError("not an entry of sciplan's")
                return new(records[tag - _RECORD], [v if type(v) in leaf else dec(v) for v in x[1:]])
            if tag == _TARGET:
                _, text, kind, op, amount, stretch, source, note, units = x
                if type(amount) is not str or not (stretch is None or type(stretch) is str):
                    raise ValueError("not an entry of sciplan's")
                target = new(Target, (text, kind, op, Decimal(amount), stretch and Decimal(stretch), None))
                return new(TargetEntry, (target, source, note, dec(units)))
            if tag == _DECIMAL and type(x[1]) is str:
                return Decimal(x[1])
            if tag == _EMPTY:
                return EMPTY
            if tag == _TUPLE:
                return tuple(v if type(v) in leaf else dec(v) for v in x[1:])
            if tag == _PROXY:
                return MappingProxyType(dec(x[1]))
            if tag == _FRACTION and type(x[1]) is int and type(x[2]) is int:
                return Fraction(x[1], x[2])
            if tag == _DATE and type(x[1]) is int:
                return dt.date.fromordinal(x[1])
            if tag == _FROZENSET:
                return frozenset(dec(x[1]))
            if tag == _LAZY and type(x[1]) is dict:
                return Lazy(x[1], unpack)
            if tag == _PACKED and len(x) == 6:
                return Packed(heap, x[1:], actual)
            if tag == _TREES and len(x) == 6:
                return Packed(heap, x[1:], dec)
            if tag == _PROJECT:
                return project_of(Path(), dec(x[1]), dec(x[2]), dec(x[3]))
        elif t is dict:
            return {k if type(k) in leaf else dec(k): v if type(v) in leaf else dec(v) for k, v in x.items()}
        elif t is list:
            return [v if type(v) in leaf else dec(v) for v in x]
        elif t in leaf:
            return x
        raise ValueError(f"not an entry of sciplan's: {t.__name__}")

    def unpack(node: Any) -> Any:  # a node of a Lazy: kept as marshal bytes until read
        if type(node) is not bytes:
            raise ValueError("not an entry of sciplan's")
        return dec(marshal.loads(node))

    return dec(obj)
