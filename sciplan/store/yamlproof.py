"""The span writer's proof for a large file, entry by entry (see sciplan/store/yamledit.py).

Every change the writer made lies inside one entry of a top-level block mapping (`actuals: … ind_5: …`,
`months: … 3: {…}`), or adds entries after that mapping's last one. libyaml's scan of the old file says
where each entry starts and ends, so the file is the same but for those entries: each changed entry is
parsed again, old and new text on their own, and must read as the old entry plus the edits, at the same
indent. A 5 MB file is then scanned once and a few lines parsed, not the whole file twice. Anything else
(a change on a section's own line, a new section, a flow-style section) returns False: the caller proves
it on the sections or the whole file instead.
"""

from __future__ import annotations

import bisect
from typing import Any

from sciplan.store.yamlscan import Node, Scan, line_end, line_start
from sciplan.store.yamltext import Delete, Edit, Put

Change = tuple[int, int, str]


def by_entries(text: str, scan: Scan, edits: list[Edit], changes: list[Change], file: str) -> bool:
    """True when every change is proven entry by entry; False when this proof does not apply. Raises
    nothing: a proof that fails here is tried again, and refused, by the caller's."""
    root = scan.root
    if root is None or not scan.root_block_map or any(e.path[0] not in root.items for e in edits):
        return False  # a new section: proven on the sections
    if not all(isinstance(e, (Put, Delete)) for e in edits):
        return False  # an item added to a list: proven on the sections
    regions: dict[tuple[Any, int], list[Change]] = {}
    entries: dict[Any, _Entries] = {}
    for start, end, written in changes:
        found = None
        for section, (_key, value) in root.items.items():
            if value.kind != "map" or value.flow or not value.items:
                continue
            if section not in entries:
                entries[section] = _Entries(text, value)
            spans = entries[section]
            n = spans.at(start)  # the entry starting at or before the change
            if n >= 0:
                _k, r0, r1 = spans[n]
                last = n == len(spans) - 1
                if r0 <= start and (end < r1 or (end == r1 and (start < r1 or last))):
                    found = (section, n)
            if found:
                break
        if found is None:
            return False
        regions.setdefault(found, []).append((start, end, written))
    covered: set[tuple[Any, Any]] = set()
    for (section, n), inside in regions.items():
        spans = entries[section]
        key, r0, r1 = spans[n]
        indent = root.items[section][1].col
        old_text = text[r0:r1]
        new_text = _apply(text, r0, r1, inside)
        if new_text and r1 < len(text) and not new_text.endswith("\n"):
            return False
        old, got = _read(old_text, indent, file), _read(new_text, indent, file)
        if old is None or got is None or list(old) != [key]:
            return False
        known = root.items[section][1].items
        mine = [
            e
            for e in edits
            if len(e.path) >= 2
            and e.path[0] == section
            and (e.path[1] == key or (n == len(spans) - 1 and e.path[1] not in known))
        ]
        covered |= {(e.path[0], e.path[1]) for e in mine}
        if not _same(got, _expected(old, [_relative(e) for e in mine])):
            return False
    return all(len(e.path) >= 2 and (e.path[0], e.path[1]) in covered for e in edits)


class _Entries:
    """The entries of a block mapping: entry n is its key and the span of its lines, from the start of the
    key's line to the end of the value's last line. Worked out for the entries asked about only: a section of
    60,000 entries is bisected by where its keys start, not measured line by line."""

    def __init__(self, text: str, mapping: Node):
        self.text = text
        self.mapping = mapping
        self.keys = list(mapping.items)  # no new object per entry: the collector is not woken
        self.key_starts = [kn.start for kn, _vn in mapping.items.values()]

    def __len__(self) -> int:
        return len(self.keys)

    def __getitem__(self, n: int) -> tuple[Any, int, int]:
        key = self.keys[n]
        kn, vn = self.mapping.items[key]
        return key, line_start(self.text, kn.start), line_end(self.text, vn.end)

    def at(self, index: int) -> int:
        """The last entry whose line starts at or before `index` (-1: none): the last whose key does, or
        the next when `index` lies in the indent before that one's key."""
        n = bisect.bisect_right(self.key_starts, index) - 1
        if n + 1 < len(self.keys) and line_start(self.text, self.key_starts[n + 1]) <= index:
            n += 1
        return n


def _apply(text: str, r0: int, r1: int, changes: list[Change]) -> str:
    out, at = [], r0
    for start, end, written in sorted(changes):
        out += [text[at:start], written]
        at = end
    out.append(text[at:r1])
    return "".join(out)


def _read(text: str, indent: int, file: str) -> dict | None:
    """An entry's lines on their own: a block mapping at `indent` (nothing for none), else None."""
    from sciplan.load.parser import parse
    from sciplan.store.yamltext import EditRefused

    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        return {}
    try:
        scan = Scan(text, None, set())
    except EditRefused:
        return None
    if scan.anchors or not scan.root_block_map or scan.root is None or scan.root.col != indent:
        return None
    doc, _problems = parse(text, file)
    return doc.data if doc is not None and isinstance(doc.data, dict) else None


def _relative(edit: Edit) -> Edit:
    return Put(edit.path[1:], edit.value) if isinstance(edit, Put) else Delete(edit.path[1:])


def _expected(old: dict, edits: list[Edit]) -> dict:
    from sciplan.store.yamledit import _expected as expected

    return expected(old, edits)


def _same(a: Any, b: Any) -> bool:
    from sciplan.store.yamledit import _same as same

    return same(a, b)
