"""The span writer's reading of a file: one pass of libyaml's events giving the top-level sections and, in
the sections asked for, every node with its span (see sciplan/store/yamledit.py)."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
from types import MappingProxyType
from typing import Any, cast

from sciplan.core.i18n import _
from sciplan.load.scalars import read_scalar
from sciplan.store.yamltext import EditRefused, Key, KeyPath

# ---- the nodes of a file, with their spans ------------------------------------------------------------


_NO_ITEMS = cast(dict, MappingProxyType({}))  # read-only: a write into it fails loudly


class Node:
    __slots__ = ("col", "end", "flow", "items", "keycol", "kind", "start", "text_null")

    def __init__(
        self, kind: str, start: int, col: int, flow: bool = False, end: int | None = None, built: bool = False
    ):
        self.kind = kind  # "scalar", "map", "seq", "alias"
        self.start = start
        self.end = start if end is None else end
        self.col = col
        self.flow = flow
        # of a collection built: key (or position) -> (key node, value node); of a scalar, or a collection
        # not built (its span alone), none, and no dict of its own (60,000 of them in a 5 MB file's section)
        self.items: dict[Key, tuple[Node, Node]] = {} if built else _NO_ITEMS
        self.keycol = 0  # column of the key whose value this is
        self.text_null = False  # a null written as nothing (`months:`)


class _Frame:
    __slots__ = ("inside", "is_map", "node", "path", "pending")

    def __init__(self, node: Node, is_map: bool, path: KeyPath, prefixes: set[KeyPath] | None):
        self.node = node
        self.is_map = is_map
        self.pending: tuple[Key, Node] | None = None  # a key waiting for its value
        self.path = path
        # the keys (or positions) of the collections in it to build (None: all); the others get their span alone
        n = len(path)
        self.inside = None if prefixes is None else {p[n] for p in prefixes if len(p) > n and p[:n] == path}


class Scan:
    """One pass of libyaml's events over a file: the top-level keys and where they stand; nodes with
    their spans are built only inside the top-level sections asked for (a 5 MB file is scanned, not
    built)."""

    def __init__(self, text: str, wanted: set[Key] | None, paths: set[KeyPath] | None = None):
        """With `paths`, mappings are built only along them; the other collections in them get their span
        alone (a light node), so a section of 60,000 entries costs one node per entry, not per value."""
        import yaml

        prefixes = None if paths is None else {p[:n] for p in paths for n in range(1, len(p) + 1)}
        self.root: Node | None = None
        self.tops: list[tuple[Key, int]] = []  # top-level key, index where the key starts
        self.anchors = False
        self.root_block_map = False

        def fail(event: Any, code: str, message: str) -> None:
            raise EditRefused(message)

        loader = yaml.CSafeLoader(text) if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader(text)
        with collector_paused():
            self._read(text, wanted, prefixes, loader, fail)

    def _read(self, text: str, wanted: set[Key] | None, prefixes: set[KeyPath] | None, loader: Any, fail: Any) -> None:
        import yaml

        scalar, alias = yaml.ScalarEvent, yaml.AliasEvent
        map_start, seq_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
        map_end, seq_end = yaml.MappingEndEvent, yaml.SequenceEndEvent
        get = loader.get_event
        kinds = (scalar, alias, (map_start, seq_start), (map_end, seq_end))
        # no `&` or `*` anywhere: no anchor or alias can be written, and the events of the collections not
        # built (most of a large file) need no look at their anchors
        maybe_anchors = "&" in text or "*" in text
        stack: list[_Frame] = []
        documents = 0
        last_end = 0
        try:
            while True:
                event = get()
                kind = type(event)
                if kind is scalar or kind is alias:
                    if kind is alias or event.anchor:
                        self.anchors = True
                    last_end = event.end_mark.index
                    if not stack:
                        node = Node("scalar", event.start_mark.index, event.start_mark.column)
                        node.text_null = kind is scalar and not event.value and not event.style
                        self.root = node
                    else:
                        m = event.start_mark
                        end_index = event.end_mark.index
                        node = Node("scalar" if kind is scalar else "alias", m.index, m.column, False, end_index)
                        value = read_scalar(event, fail) if kind is scalar else None
                        if value is None:
                            node.text_null = kind is scalar and not event.value and not event.style
                        frame = stack[-1]
                        if frame.is_map and frame.pending is None:  # a key: its value comes next
                            key = value if isinstance(value, (str, int)) and not isinstance(value, bool) else str(value)
                            frame.pending = (key, node)
                            if len(stack) == 1:
                                self.tops.append((key, node.start))
                        else:
                            self._place(stack, node, value)
                elif kind is map_start or kind is seq_start:
                    if event.anchor:
                        self.anchors = True
                    is_map = kind is map_start
                    m = event.start_mark
                    if not stack:
                        self.root = Node(
                            "map" if is_map else "seq", m.index, m.column, bool(event.flow_style), None, True
                        )
                        self.root_block_map = is_map and not event.flow_style
                        stack.append(_Frame(self.root, is_map, (), prefixes))
                        continue
                    top = stack[-1]
                    if (
                        len(stack) == 1
                        and top.is_map
                        and wanted is not None
                        and (top.pending is None or top.pending[0] not in wanted)
                    ):  # a section not asked for: read to its end, nothing built
                        end, inner_end, found = _skip(get, maybe_anchors, *kinds)
                        self.anchors = self.anchors or found
                        last_end = _after(end, inner_end, last_end)
                        top.pending = None
                        continue
                    step = top.pending[0] if top.is_map and top.pending is not None else len(top.node.items)
                    light = top.inside is not None and step not in top.inside
                    built = Node("map" if is_map else "seq", m.index, m.column, bool(event.flow_style), None, not light)
                    if light:  # its span alone: what it holds is not built
                        end, inner_end, found = _skip(get, maybe_anchors, *kinds)
                        if found:
                            self.anchors = True
                        last_end = _after(end, inner_end, last_end)
                        built.end = end.end_mark.index if built.flow else last_end
                        self._place(stack, built, None)
                        continue
                    stack.append(_Frame(built, is_map, (*top.path, step), prefixes))
                elif kind is map_end or kind is seq_end:
                    frame = stack.pop()
                    if event.end_mark.index > event.start_mark.index:  # a flow collection's `}` or `]`
                        last_end = event.end_mark.index
                    node = frame.node
                    if node.flow:
                        node.end = event.end_mark.index
                    if stack:
                        self._place(stack, node, None)
                elif kind is yaml.DocumentStartEvent:
                    documents += 1
                    if documents > 1:
                        raise EditRefused(_("the file holds more than one YAML document"))
                elif kind is yaml.StreamEndEvent:
                    break
        except yaml.YAMLError as exc:
            raise EditRefused(
                _("the file is not valid YAML ({why}); run `sciplan check`").format(why=first_line(exc))
            ) from None
        finally:
            loader.dispose()

    def _place(self, stack: list[_Frame], node: Node, value: Any) -> None:
        frame = stack[-1]
        parent = frame.node
        assert parent is not None
        if not frame.is_map:
            parent.items[len(parent.items)] = (node, node)
        elif frame.pending is None:  # a key
            key = value if isinstance(value, (str, int)) and not isinstance(value, bool) else str(value)
            frame.pending = (key, node)
            if len(stack) == 1:
                self.tops.append((key, node.start))
            return
        else:
            key, key_node = frame.pending
            node.keycol = key_node.col
            parent.items[key] = (key_node, node)
            frame.pending = None
        if not parent.flow:
            parent.end = max(parent.end, node.end)


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector off while a file's nodes are built and used: they hold no cycles, and on a
    5 MB file its passes over hundreds of thousands of them cost a third of the edit. Back on afterwards
    (if it was on), once they are freed."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _skip(
    get: Any, maybe_anchors: bool, scalar: type, alias: type, starts: tuple, ends: tuple
) -> tuple[Any, Any, bool]:
    """Read the events of a collection whose start was just read, to its end: (its end event, the last
    scalar, alias or flow collection's end inside it (None: none), whether an anchor or alias is among them).
    The loop of a 5 MB file's 400,000 events: as little as can be done per event (the event types given)."""
    depth, last, anchors = 1, None, False
    while True:
        event = get()
        kind = type(event)
        if kind is scalar:
            last = event
            if maybe_anchors and event.anchor:
                anchors = True
        elif kind in ends:
            depth -= 1
            if depth == 0:
                return event, last, anchors
            if event.end_mark.index > event.start_mark.index:  # a flow collection's `}` or `]`
                last = event
        elif kind in starts:
            depth += 1
            if maybe_anchors and event.anchor:
                anchors = True
        elif kind is alias:
            last, anchors = event, True
        else:  # libyaml ends no stream inside a collection
            raise EditRefused(_("the file is not valid YAML ({why}); run `sciplan check`").format(why=kind.__name__))


def _after(end: Any, inner: Any, last_end: int) -> int:
    """Where the last thing read ends, after a collection read by `_skip`: its own `}` or `]`, else the
    last scalar, alias or flow collection inside it, else what was read before it."""
    if end.end_mark.index > end.start_mark.index:
        return int(end.end_mark.index)
    return int(inner.end_mark.index) if inner is not None else last_end


def first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def find(node: Node | None, path: KeyPath) -> Node | None:
    for key in path:
        if node is None or node.kind != "map" or key not in node.items:
            return None
        node = node.items[key][1]
    return node


def line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def line_end(text: str, index: int) -> int:
    """Index just after the line break that ends the line holding `index` (len(text) if none)."""
    if index > 0 and text[index - 1] == "\n":
        return index
    n = text.find("\n", index)
    return len(text) if n < 0 else n + 1
