"""The span writer's reading of a file: one pass of libyaml's events giving the top-level sections and, in
the sections asked for, every node with its span (see sciplan/store/yamledit.py)."""

from __future__ import annotations

from typing import Any

from sciplan.core.i18n import _
from sciplan.load.scalars import read_scalar
from sciplan.store.yamltext import EditRefused, Key, KeyPath

# ---- the nodes of a file, with their spans ------------------------------------------------------------


class Node:
    __slots__ = ("col", "end", "flow", "items", "keycol", "kind", "start", "text_null")

    def __init__(self, kind: str, start: int, col: int, flow: bool = False):
        self.kind = kind  # "scalar", "map", "seq", "alias"
        self.start = start
        self.end = start
        self.col = col
        self.flow = flow
        self.items: dict[Key, tuple[Node, Node]] = {}  # of a mapping: key -> (key node, value node)
        self.keycol = 0  # column of the key whose value this is
        self.text_null = False  # a null written as nothing (`months:`)


class _Frame:
    __slots__ = ("is_map", "light", "node", "path", "pending")

    def __init__(self, node: Node | None, is_map: bool, path: KeyPath = (), light: bool = False):
        self.node = node
        self.is_map = is_map
        self.pending: tuple[Key, Node] | None = None  # a key waiting for its value
        self.path = path
        self.light = light  # the node's span only: what it holds is not built


class Scan:
    """One pass of libyaml's events over a file: the top-level keys and where they stand; nodes with
    their spans are built only inside the top-level sections asked for (a 5 MB file is scanned, not
    built)."""

    def __init__(self, text: str, wanted: set[Key] | None, paths: set[KeyPath] | None = None):
        """With `paths`, mappings are built only along them; the other collections in them get their span
        alone (a light node), so a section of 60,000 entries costs one node per entry, not per value."""
        import yaml

        prefixes = None if paths is None else {p[:n] for p in paths for n in range(1, len(p) + 1)}
        last_end = 0
        self.root: Node | None = None
        self.tops: list[tuple[Key, int]] = []  # top-level key, index where the key starts
        self.anchors = False
        self.root_block_map = False

        def fail(event: Any, code: str, message: str) -> None:
            raise EditRefused(message)

        loader = yaml.CSafeLoader(text) if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader(text)
        scalar, alias = yaml.ScalarEvent, yaml.AliasEvent
        map_start, seq_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
        map_end, seq_end = yaml.MappingEndEvent, yaml.SequenceEndEvent
        stack: list[_Frame] = []
        documents = 0
        try:
            while True:
                event = loader.get_event()
                kind = type(event)
                if kind is scalar or kind is alias:
                    if kind is alias or event.anchor:
                        self.anchors = True
                    last_end = event.end_mark.index
                    if stack and (stack[-1].node is None or stack[-1].light):
                        continue
                    if not stack:
                        node = Node("scalar", event.start_mark.index, event.start_mark.column)
                        node.text_null = kind is scalar and not event.value and not event.style
                        self.root = node
                    elif stack[-1].node is not None:
                        m = event.start_mark
                        node = Node("scalar" if kind is scalar else "alias", m.index, m.column)
                        node.end = event.end_mark.index
                        value = read_scalar(event, fail) if kind is scalar else None
                        node.text_null = kind is scalar and value is None and not event.value and not event.style
                        self._place(stack, node, value)
                elif kind is map_start or kind is seq_start:
                    if event.anchor:
                        self.anchors = True
                    is_map = kind is map_start
                    m = event.start_mark
                    if not stack:
                        self.root = Node("map" if is_map else "seq", m.index, m.column, bool(event.flow_style))
                        self.root_block_map = is_map and not event.flow_style
                        stack.append(_Frame(self.root, is_map))
                        continue
                    top = stack[-1]
                    skip = (
                        top.node is None
                        or top.light
                        or (
                            len(stack) == 1
                            and top.is_map
                            and wanted is not None
                            and (top.pending is None or top.pending[0] not in wanted)
                        )
                    )
                    kind_name = "map" if is_map else "seq"
                    built = None if skip else Node(kind_name, m.index, m.column, bool(event.flow_style))
                    path: KeyPath = ()
                    light = False
                    if built is not None and top.node is not None:
                        step = top.pending[0] if top.is_map and top.pending is not None else len(top.node.items)
                        path = (*top.path, step)
                        light = prefixes is not None and path not in prefixes
                    stack.append(_Frame(built, is_map, path, light))
                elif kind is map_end or kind is seq_end:
                    frame = stack.pop()
                    if event.end_mark.index > event.start_mark.index:  # a flow collection's `}` or `]`
                        last_end = event.end_mark.index
                    if frame.node is not None:
                        if frame.node.flow:
                            frame.node.end = event.end_mark.index
                        elif frame.light:
                            frame.node.end = last_end
                        if stack:
                            self._place(stack, frame.node, None)
                    elif stack and stack[-1].node is not None and not stack[-1].light:
                        stack[-1].pending = None  # a section not asked for ended
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
