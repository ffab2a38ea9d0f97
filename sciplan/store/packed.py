"""The loaded project's bulk, as a cache entry keeps it: values packed per year and the catalogue's
indicators, each turned into records only when a command reads it (store/cache.py writes and checks
the entry; this module only unpacks what it already trusts)."""

from __future__ import annotations

import marshal
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any

from sciplan.core.problem import SciplanError


class Packed(Mapping):
    """A year's values, kept as marshal bytes of plain values until first read, then as the plain
    dict they stand for; each record (an `Actual`) is built when its key is read, not before, so
    `trend` of one indicator in a province builds ten records, not ten years of every indicator.
    `depth` is 1 for indicator -> Actual, 2 for name (or month) -> indicator -> Actual."""

    __slots__ = ("_blob", "_built", "_depth", "_plain")

    def __init__(self, blob: bytes, depth: int):
        self._blob, self._depth = blob, depth
        self._plain: dict | None = None
        self._built: dict[Any, Any] = {}

    @classmethod
    def of(cls, values: Mapping, depth: int) -> Packed:
        if isinstance(values, Packed):
            return values

        def flat(actuals: Mapping) -> dict:
            return {k: _flat(a) for k, a in actuals.items()}

        plain = flat(values) if depth == 1 else {name: flat(inner) for name, inner in values.items()}
        return cls(marshal.dumps(plain), depth)

    def _load(self) -> dict:
        if self._plain is None:
            try:  # the entry's checksum was checked, so this fails only for a forged entry
                plain = marshal.loads(self._blob)
                if type(plain) is not dict or (self._depth == 2 and any(type(v) is not dict for v in plain.values())):
                    raise ValueError
            except Exception:
                raise _damaged() from None
            self._plain = plain
        return self._plain

    def __getitem__(self, key: Any) -> Any:
        built = self._built
        if key in built:
            return built[key]
        plain = self._load()[key]
        value = _Actuals(plain) if self._depth == 2 else _actual(plain)
        built[key] = value
        return value

    def __contains__(self, key: object) -> bool:
        return key in self._load()

    def __iter__(self) -> Iterator:
        return iter(self._load())

    def __len__(self) -> int:
        return len(self._load())


class Lazy(Mapping):
    """The catalogue's indicators from an entry, and each indicator's targets: each kept as marshal
    bytes and decoded when first read, so `trend` of one indicator of 100,000 decodes one, not the
    catalogue, and `status 2022` decodes each indicator's targets of 2022 and 2021, not of every
    year (at 100k the decoded tree of every target was 260 MB; its bytes are 54)."""

    __slots__ = ("_built", "_decode", "_plain")

    def __init__(self, plain: dict, decode: Any):
        self._plain, self._decode = plain, decode
        self._built: dict[Any, Any] = {}

    def __getitem__(self, key: Any) -> Any:
        built = self._built
        if key in built:
            return built[key]
        plain = self._plain
        node = plain[key]
        try:
            value = built[key] = self._decode(node)
        except Exception:  # the entry's checksum held: only a forged entry gets here
            raise _damaged() from None
        plain[key] = None  # its bytes are not needed again (the key stays: iterating, `in`)
        return value

    def __contains__(self, key: object) -> bool:
        return key in self._plain

    def __iter__(self) -> Iterator:
        return iter(self._plain)

    def __len__(self) -> int:
        return len(self._plain)


class _Actuals(Mapping):
    """One name's (a peer's, a unit's, a month's) values in a `Packed` of depth 2: records built
    when read."""

    __slots__ = ("_built", "_plain")

    def __init__(self, plain: dict):
        self._plain = plain
        self._built: dict[Any, Any] = {}

    def __getitem__(self, key: Any) -> Any:
        built = self._built
        if key in built:
            return built[key]
        value = built[key] = _actual(self._plain[key])
        return value

    def __contains__(self, key: object) -> bool:
        return key in self._plain

    def __iter__(self) -> Iterator:
        return iter(self._plain)

    def __len__(self) -> int:
        return len(self._plain)


def _actual(plain: Any) -> Any:
    from sciplan.core.records import Actual  # a lookup in sys.modules after the first

    try:
        return Actual(Decimal(plain[0]), *plain[1:])
    except Exception:
        raise _damaged() from None


def _damaged() -> SciplanError:
    return SciplanError("a cache entry is damaged; read the files again", code="cache-damaged")


def _flat(actual: Any) -> tuple:
    return (str(actual.value), actual.approximate, actual.estimated, actual.note, actual.source, actual.stage)
