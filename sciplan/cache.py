"""A content-addressed cache of checked data roots, so an unchanged root is not parsed again.

The key is a BLAKE2b hash over everything the result depends on: the bytes and names of targets.yaml
and every file in data/, sciplan's version and the size and time of its own source files, and the
Python version. A changed file changes the key, so a stale entry is never served; an entry that
cannot be read (corrupt, truncated, from another version) is ignored and rewritten.

Entries live outside the data root (it is a git repository the user owns): in $SCIPLAN_CACHE_DIR,
else $XDG_CACHE_HOME/sciplan, else ~/.cache/sciplan, one file per data root. Writing is atomic
and best-effort: a read-only home just means no cache. `--no-cache` or SCIPLAN_NO_CACHE=1 turn
it off. Each root has two entries: its problems (all `check` needs, small) and the loaded project,
whose hundreds of thousands of values are stored packed and unpacked year by year only when a
command reads that year (`Packed`), so `sciplan status 2022` of a province pays for two years.
"""

from __future__ import annotations

import contextlib
import dataclasses
import marshal
import os
import pickle
import sys
from collections.abc import Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import sciplan
from sciplan import i18n

try:  # built into CPython; importing hashlib would first load OpenSSL (2.5 ms of every start-up)
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - other Pythons
    from hashlib import blake2b

FORMAT = b"sciplan-cache-1"


def enabled() -> bool:
    return os.environ.get("SCIPLAN_NO_CACHE", "") in ("", "0")


def folder() -> Path:
    if os.environ.get("SCIPLAN_CACHE_DIR"):
        return Path(os.environ["SCIPLAN_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "sciplan"


def key(root: Path, files: list[tuple[str, Path]]) -> str:
    """The fingerprint of a root's files and of the code that reads them."""
    h = blake2b(FORMAT, digest_size=32)
    h.update(f"{sciplan.__version__}|{sys.version}|{i18n.language()}".encode())  # messages are in it
    h.update(_code_stamp(os.path.dirname(sciplan.__file__)).encode())
    for name, path in files:
        h.update(b"\0" + name.encode() + b"\0")
        try:
            if not path.is_file():  # a folder or a pipe: loading reports it; reading a pipe would block
                h.update(b"not a regular file")
                continue
            h.update(path.read_bytes())
        except OSError as exc:  # unreadable: its problem is part of the result too
            h.update(f"unreadable:{type(exc).__name__}".encode())
    return h.hexdigest()


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


def _entry(root: Path, part: str) -> Path:
    return folder() / f"{blake2b(str(root.resolve()).encode(), digest_size=16).hexdigest()}.{part}.pickle"


def read(root: Path, part: str, fingerprint: str) -> Any | None:
    """The payload stored as `part` for `root` under this fingerprint, or None."""
    entry = _entry(root, part)
    if not entry.is_file():  # absent; or a pipe, which would block the read
        return None
    try:
        with open(entry, "rb") as f:
            magic, stored, payload = pickle.load(f)
    except Exception:  # absent, corrupt or from another version: as if there were none
        return None
    return payload if magic == FORMAT and stored == fingerprint else None


def write(root: Path, part: str, fingerprint: str, payload: Any) -> None:
    """Store the payload (atomically: a temp file renamed); give up quietly when not possible."""
    import tempfile

    target = _entry(root, part)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".entry.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                pickle.dump((FORMAT, fingerprint, payload), f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, target)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
    except OSError:
        pass


# ---- packed values --------------------------------------------------------------------------

Values = dict  # indicator -> Actual; or region/unit -> indicator -> Actual


class Packed(Mapping):
    """A year's values, kept as marshal bytes until first read, then as the dict they stand for.

    Pickles as its bytes. `depth` is 1 for indicator -> Actual, 2 for name (or month) -> indicator -> Actual.
    """

    __slots__ = ("_blob", "_data", "_depth")

    def __init__(self, blob: bytes, depth: int):
        self._blob, self._depth, self._data = blob, depth, None

    @classmethod
    def of(cls, values: Mapping, depth: int) -> Packed:
        if isinstance(values, Packed):
            return values

        def flat(actuals: Mapping) -> dict:
            return {k: _encode(a) for k, a in actuals.items()}

        plain = flat(values) if depth == 1 else {name: flat(inner) for name, inner in values.items()}
        return cls(marshal.dumps(plain), depth)

    def _load(self) -> dict:
        if self._data is None:
            from sciplan.records import Actual

            def actuals(plain: dict) -> dict:
                return {k: Actual(Decimal(v[0]), *v[1:]) for k, v in plain.items()}

            plain = marshal.loads(self._blob)
            self._data = actuals(plain) if self._depth == 1 else {n: actuals(v) for n, v in plain.items()}
        return self._data

    def __getitem__(self, key: Any) -> Any:
        return self._load()[key]

    def __iter__(self) -> Iterator:
        return iter(self._load())

    def __len__(self) -> int:
        return len(self._load())

    def __reduce__(self) -> tuple:
        return (Packed, (self._blob, self._depth))


def _encode(actual: Any) -> tuple:
    return (str(actual.value), actual.approximate, actual.estimated, actual.note, actual.source)


def pack(project: Any) -> Any:
    """A copy of the project whose years hold their values packed (see Packed)."""
    years = {
        y: d._replace(
            actuals=Packed.of(d.actuals, 1),
            peers=Packed.of(d.peers, 2),
            units=Packed.of(d.units, 2),
            months=Packed.of(d.months, 2),
        )
        for y, d in project.years.items()
    }
    return dataclasses.replace(project, years=years, _documents={})
