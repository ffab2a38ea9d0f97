"""The loaded project's bulk, as a cache entry keeps it: the catalogue's indicators and each year's
values in buckets after the entry's spine, each bucket read and turned into records only when a command
reads a key in it (store/cache.py writes the entry and checks it whole before anything is decoded; this
module only unpacks what it already trusts).

A mapping of n keys is stored as its keys sorted in buckets of BUCKET (each bucket: marshal bytes of
{key: plain value}), the first key of each bucket, where each bucket lies, and the keys in their own
order. `trend` of one indicator in a province reads one bucket per year and field (a few kB each) and
not the 155 MB entry; `status 2022` reads the buckets of two years, as it read those years before.
"""

from __future__ import annotations

import contextlib
import marshal
import os
from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from typing import Any

from sciplan.core.problem import SciplanError

BUCKET = 128  # keys a bucket holds
_REFS = "Q"  # each bucket's (offset, length) in the heap, as unsigned 64-bit numbers


class Heap:
    """The entry's bulk, after its spine: bytes read by (offset, length), from memory (a small entry,
    read whole) or from the entry's open file (a large one), which stays the file that was checked
    even when a later run replaces it (the replacing is a rename)."""

    __slots__ = ("_base", "_data", "_fd", "_size")

    def __init__(self, size: int, data: bytes | None = None, fd: int | None = None, base: int = 0):
        self._size, self._data, self._fd, self._base = size, data, fd, base

    def read(self, offset: Any, length: Any) -> bytes:
        if type(offset) is not int or type(length) is not int or offset < 0 or length < 0:
            raise _damaged()
        if offset + length > self._size:
            raise _damaged()
        if self._data is not None:
            return self._data[offset : offset + length]
        assert self._fd is not None
        try:
            got = os.pread(self._fd, length, self._base + offset)
        except OSError:
            raise _damaged() from None
        if len(got) != length:  # cut short since it was checked
            raise _damaged()
        return got

    def after(self, start: int) -> Heap:
        """The part of this heap from `start` on (the heap proper, after the entry's spine)."""
        if not 0 <= start <= self._size:
            raise _damaged()
        if self._data is not None:
            return Heap(self._size - start, data=self._data[start:])
        assert self._fd is not None
        return Heap(self._size - start, fd=os.dup(self._fd), base=self._base + start)

    def __del__(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)


class HeapWriter:
    """The bulk of an entry being written: what `add` is given, one after another."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.size = 0

    def add(self, data: bytes) -> tuple[int, int]:
        self.parts.append(data)
        self.size += len(data)
        return self.size - len(data), len(data)


def pack(values: Mapping, heap: HeapWriter, plain: Callable[[Any], Any]) -> tuple:
    """`values` written into `heap` in buckets (each value as `plain` makes it): the node the entry's
    spine holds, from which `Packed` reads them back."""
    keys = list(values)
    sortable = all(type(k) is str for k in keys)
    ordered = sorted(keys) if sortable else keys
    size = BUCKET if sortable else max(1, len(keys))  # keys of other types: one bucket, found by its dict
    refs = array(_REFS)
    firsts = []
    for i in range(0, len(ordered), size):
        chunk = ordered[i : i + size]
        refs.extend(heap.add(marshal.dumps({k: plain(values[k]) for k in chunk})))
        firsts.append(chunk[0])
    return (len(keys), firsts if sortable else None, refs.tobytes(), *heap.add(marshal.dumps(keys)))


class Packed(Mapping):
    """A mapping kept in an entry's buckets (`pack`): a bucket is read from the heap when a key in it is
    first read, and each value built (`build`: an `Actual`, an indicator) when read, not before."""

    __slots__ = ("_all", "_buckets", "_build", "_built", "_firsts", "_heap", "_keys", "_n", "_refs")

    def __init__(self, heap: Heap, node: tuple, build: Callable[[Any], Any]):
        n, firsts, refs, keys_at, keys_length = node
        if type(n) is not int or type(refs) is not bytes or len(refs) % 16:
            raise ValueError("not an entry of sciplan's")
        if firsts is not None and (type(firsts) is not list or any(type(k) is not str for k in firsts)):
            raise ValueError("not an entry of sciplan's")
        self._refs = array(_REFS)
        self._refs.frombytes(refs)
        if firsts is not None and len(firsts) * 2 != len(self._refs):
            raise ValueError("not an entry of sciplan's")
        self._heap, self._n, self._firsts, self._build = heap, n, firsts, build
        self._keys: Any = (keys_at, keys_length)  # read when first iterated
        self._buckets: dict[int, dict] = {}
        self._all: dict | None = None  # every bucket in one dict, once most were read
        self._built: dict[Any, Any] = {}

    def _bucket(self, key: Any) -> dict | None:
        """The bucket `key` would be in (None: no bucket can hold it)."""
        if self._all is not None:
            return self._all
        firsts, count = self._firsts, len(self._refs) // 2
        if firsts is None:
            at = 0
        elif type(key) is not str:
            return None
        else:
            at = bisect_right(firsts, key) - 1
        if not 0 <= at < count:
            return None
        if at not in self._buckets:
            self._read(at)
            if 2 * len(self._buckets) > count >= 4:  # most of it read (a whole year): one dict from now on
                for i in range(count):
                    if i not in self._buckets:
                        self._read(i)
                self._all = {}
                for i in range(count):
                    self._all.update(self._buckets[i])
                self._buckets.clear()
                return self._all
        return self._buckets[at]

    def _read(self, at: int) -> None:
        raw = self._heap.read(self._refs[2 * at], self._refs[2 * at + 1])
        try:
            bucket = marshal.loads(raw)
        except Exception:
            raise _damaged() from None
        if type(bucket) is not dict:
            raise _damaged()
        self._buckets[at] = bucket

    def __getitem__(self, key: Any) -> Any:
        built = self._built
        if key in built:
            return built[key]
        bucket = self._bucket(key)
        if bucket is None or key not in bucket:
            raise KeyError(key)
        try:
            value = built[key] = self._build(bucket[key])
        except SciplanError:
            raise
        except Exception:  # the entry's checksum held: only a forged entry gets here
            raise _damaged() from None
        return value

    def __contains__(self, key: object) -> bool:
        bucket = self._bucket(key)
        return bucket is not None and key in bucket

    def _key_list(self) -> list:
        if type(self._keys) is tuple:
            try:
                keys = marshal.loads(self._heap.read(*self._keys))
            except SciplanError:
                raise
            except Exception:
                raise _damaged() from None
            if type(keys) is not list or len(keys) != self._n:
                raise _damaged()
            self._keys = keys
        return self._keys

    def __iter__(self) -> Iterator:
        return iter(self._key_list())

    def __len__(self) -> int:
        return self._n


class Lazy(Mapping):
    """An indicator's targets from an entry: each year's kept as marshal bytes and decoded when first
    read, so `status 2022` decodes each indicator's targets of 2022 and 2021, not of every year."""

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


def actual(plain: Any) -> Any:
    """An `Actual` from its plain form (`flat`)."""
    from sciplan.core.records import Actual  # a lookup in sys.modules after the first

    try:
        return Actual(Decimal(plain[0]), *plain[1:])
    except Exception:
        raise _damaged() from None


def flat(actual: Any) -> tuple:
    """An `Actual` as plain data: its value as written (`2.650` stays `2.650`), then its other fields."""
    return (str(actual.value), actual.approximate, actual.estimated, actual.note, actual.source, actual.stage)


def _damaged() -> SciplanError:
    return SciplanError("a cache entry is damaged; read the files again", code="cache-damaged")
