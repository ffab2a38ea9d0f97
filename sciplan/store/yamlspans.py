"""The span writer's edits as replacements of spans of the old text (see sciplan/store/yamledit.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sciplan.core.i18n import _
from sciplan.store.yamlscan import Node, find, line_end, line_start
from sciplan.store.yamltext import (
    EditRefused,
    Key,
    KeyPath,
    Verbatim,
    block_lines,
    data_of,
    flow_text,
    scalar_text,
)


class Spans:
    """The edits as replacements of spans of the old text: (start, end, text)."""

    def __init__(self, doc: Any, scan: Any):
        self.doc = doc
        self.text = doc.text
        self.nl = doc.newline
        self.root = scan.root if scan is not None else None
        self.replace: dict[tuple[int, int], str] = {}
        self.inserts: dict[int, list[tuple[Any, KeyPath]]] = {}  # position -> [(maker, path)]
        self.pending: dict[KeyPath, dict] = {}  # new mappings being filled: path -> dict
        self.grown: set[int] = set()  # mappings a key is added to
        # flow mappings changed: id -> (mapping, keys deleted, [(key, value, path)] added)
        self.flow: dict[int, tuple[Node, set[Key], list[tuple[Key, Any, KeyPath]]]] = {}
        self.gone: dict[int, set[Key]] = {}  # mapping -> keys deleted from it
        self.emptied: list[tuple[Node, int]] = []  # block mappings that may be left empty, where `{}` goes
        # lists added to: path -> (how an item is written, the items written)
        self.lists: dict[KeyPath, tuple[Callable[[Any, str], str], list[str]]] = {}

    def refuse(self, path: KeyPath, why: str) -> None:
        from sciplan.load.parser import dotted

        raise EditRefused(
            _("{file}: not written: cannot edit {path} in place ({why})").format(
                file=self.doc.file, path=dotted(path), why=why
            )
        )

    def put(self, path: KeyPath, value: Any, uncomment: bool = False) -> None:
        # into a mapping created by an earlier edit of this batch?
        for n in range(len(path) - 1, 0, -1):
            if path[:n] in self.pending:
                target = self.pending[path[:n]]
                for key in path[n:-1]:
                    target = target.setdefault(key, {})
                target[path[-1]] = value
                return
        node = self.root
        key_node = None
        for n, key in enumerate(path):
            if node is None:  # an empty file
                self._new_section(path, value)
                return
            if node.kind == "alias":
                self.refuse(path, _("an alias"))
            if node.kind == "seq":
                self.refuse(path, _("a list"))
            if node.kind == "scalar":
                if node.text_null or self.text[node.start : node.end] in ("~", "null", "Null", "NULL"):
                    self._fill_null(path[:n], node, path[n:], value)
                    return
                self.refuse(path, _("a value where a mapping should be"))
            if key not in node.items:
                self._add(node, path[: n + 1], path[n + 1 :], value)
                return
            key_node, node = node.items[key]
        assert node is not None and key_node is not None
        if node.kind == "scalar" or (node.kind in ("map", "seq") and node.flow and "\n" not in self._span(node)):
            self._replace(node, flow_text(value), path)
            comment = trailing_comment(self.text, node.end) if uncomment else None
            if comment is not None:
                self.replace[comment] = ""
            return
        if node.kind in ("map", "seq") and not node.flow:  # a block collection: from the colon to its last line
            colon = self.text.find(":", key_node.end)
            end = line_end(self.text, node.end)
            if colon < 0 or (colon, end) in self.replace or self.text[key_node.end : colon].strip() != "":
                self.refuse(path, _("a block mapping or list"))
            self.replace[(colon + 1, end)] = " " + flow_text(value) + self.doc.newline
            return
        self.refuse(path, _("a block mapping or list"))

    def append(self, path: KeyPath, value: Any, comment: str = "") -> None:
        """Add `value` at the end of the list at `path` (yamledit.Append), in the list's own style."""
        if path not in self.lists:
            self._open_list(path, value)
        if path in self.lists:
            make, items = self.lists[path]
            items.append(make(value, comment))

    def _open_list(self, path: KeyPath, value: Any) -> None:
        """Where the items added to the list at `path` go, and how each is written."""
        node = find(self.root, path)
        if node is None and len(path) > 1:
            self.put(path, Verbatim("[" + flow_text(value) + "]", [data_of(value)]))  # a new list in a mapping
            return
        if node is None:  # a new section: `key:` and the list under it, at the end of the file
            self._block_list(path, len(self.text), 2, False, f"{scalar_text(path[0])}:{self.nl}")
        elif node.kind == "scalar" and (node.text_null or self._span(node) in ("~", "null", "Null", "NULL")):
            self._clear(node, path)  # `key:` or `key: null`: a block list under the key
            self._block_list(path, line_end(self.text, node.end), node.keycol + 2, False)
        elif node.kind != "seq":
            self.refuse(path, _("a value where a list should be"))
        elif node.flow and not node.items and "\n" not in self._span(node):  # `[]`: a block list under its key
            self._clear(node, path)
            self._block_list(path, line_end(self.text, node.end), node.keycol + 2, False)
        elif node.flow:  # `[a, b]`: `, c` before its `]` (a flow list holds no comment)
            items: list[str] = []
            self.lists[path] = (lambda v, _c: ", " + flow_text(v), items)
            self._insert(node.end - 1, lambda: "".join(items), path)
        else:
            first = node.items[0][1] if node.items else None
            block = first is not None and first.kind == "map" and not first.flow
            self._block_list(path, line_end(self.text, node.end), node.col, block)

    def _clear(self, node: Node, path: KeyPath) -> None:
        """Remove a value (`[]`, `~`) and the space before it: the list goes on the lines below its key."""
        start = node.start - 1 if node.start and self.text[node.start - 1] == " " else node.start
        if not node.text_null:
            if (start, node.end) in self.replace:
                self.refuse(path, _("edited twice"))
            self.replace[(start, node.end)] = ""

    def _block_list(self, path: KeyPath, pos: int, indent: int, block: bool, head: str = "") -> None:
        """Items of a block list written at `pos`, `- ` at `indent`: a mapping in flow style on one line with
        its comment (key by key, in block style, when the list's items are written so)."""
        pad, nl = " " * indent, self.nl

        def line(value: Any, comment: str) -> str:
            note = "  # " + " ".join(comment.split()) if comment.strip() else ""
            if block and isinstance(value, dict) and value:
                keys = [f"{scalar_text(k)}: {flow_text(v)}" for k, v in value.items()]
                return f"{pad}- {keys[0]}{note}{nl}" + "".join(f"{pad}  {k}{nl}" for k in keys[1:])
            return f"{pad}- {flow_text(value)}{note}{nl}"

        items: list[str] = []
        self.lists[path] = (line, items)
        self._insert(pos, lambda: head + "".join(items), path)

    def _span(self, node: Node) -> str:
        return self.text[node.start : node.end]

    def _replace(self, node: Node, text: str, path: KeyPath) -> None:
        if node.text_null:
            text = " " + text
        if (node.start, node.end) in self.replace:
            self.refuse(path, _("edited twice"))
        self.replace[(node.start, node.end)] = text

    def _nest(self, rest: KeyPath, value: Any) -> Any:
        for key in reversed(rest):
            value = {key: value}
        return value

    def _add(self, mapping: Node, key_path: KeyPath, rest: KeyPath, value: Any) -> None:
        """Add key_path[-1] (a new key) to `mapping`, holding rest -> value."""
        if mapping is self.root:
            self._new_section(key_path + rest, value)
            return
        self.grown.add(id(mapping))
        key = key_path[-1]
        new_value = self._nest(rest, value)
        if isinstance(new_value, dict):
            self.pending[key_path] = new_value
            new_value = self.pending[key_path]
        if mapping.flow:
            self.flow.setdefault(id(mapping), (mapping, set(), []))[2].append((key, new_value, key_path))
            return
        values = [v for _k, v in mapping.items.values()]
        last = values[-1]
        pos = line_end(self.text, deep_end(last))
        indent = mapping.col
        step = next((v.col - mapping.col for v in values if v.kind == "map" and not v.flow), 2)
        flow_children = any(v.kind == "map" and v.flow for v in values)
        nl = self.nl
        self._insert(
            pos,
            lambda k=key, v=new_value, i=indent, s=step, f=flow_children: block_lines(
                k, v, i, s if s > 0 else 2, nl, f
            ),
            key_path,
        )

    def _fill_null(self, at: KeyPath, node: Node, rest: KeyPath, value: Any) -> None:
        new_value = self._nest(rest, value)
        self.pending[at] = new_value
        if not node.text_null:
            self._insert_replace(node, lambda v=new_value: flow_text(v), at)
            return
        pos = line_end(self.text, node.start)
        indent = node.keycol + 2
        nl = self.nl

        def make(v=new_value, i=indent):
            return "".join(block_lines(k, x, i, 2, nl, False) for k, x in v.items())

        self._insert(pos, make, at)

    def _insert_replace(self, node: Node, maker, path: KeyPath) -> None:
        self.replace[(node.start, node.end)] = maker  # type: ignore[assignment]

    def _new_section(self, path: KeyPath, value: Any) -> None:
        key = path[0]
        new_value = self._nest(path[1:], value)
        if isinstance(new_value, dict):
            self.pending[(key,)] = new_value
        nl = self.nl
        self._insert(len(self.text), lambda k=key, v=new_value: block_lines(k, v, 0, 2, nl, False), (key,))

    def _insert(self, pos: int, maker, path: KeyPath) -> None:
        self.inserts.setdefault(pos, []).append((maker, path))

    def delete(self, path: KeyPath) -> None:
        *parents, key = path
        mapping = find(self.root, tuple(parents))
        if mapping is None or mapping.kind != "map" or key not in mapping.items:
            return  # nothing to delete
        keys = list(mapping.items)
        key_node, value_node = mapping.items[key]
        if mapping.flow:
            self.flow.setdefault(id(mapping), (mapping, set(), []))[1].add(key)
            return
        start = line_start(self.text, key_node.start)
        if self.text[start : key_node.start].strip():
            self.refuse(path, _("not on a line of its own"))
        end = line_end(self.text, deep_end(value_node))
        self._delete_span((start, end), path)
        gone = self.gone.setdefault(id(mapping), set())
        gone.add(key)
        if gone == set(keys) and parents:  # left empty, unless a key is added to it: `key: {}`
            parent = find(self.root, tuple(parents[:-1]))
            assert parent is not None
            owner_key = parent.items[parents[-1]][0]
            self.emptied.append((mapping, self.text.find(":", owner_key.end) + 1))

    def _delete_span(self, span: tuple[int, int], path: KeyPath) -> None:
        if span in self.replace:
            self.refuse(path, _("edited twice"))
        self.replace[span] = ""

    def _flow_changes(self, mapping: Node, deleted: set[Key], added: list[tuple[Key, Any, KeyPath]]) -> None:
        """A flow mapping's deletions and additions: each deleted item goes with the separator after
        it (before it, at the end); added items follow the last item kept, `, key: value` each."""
        items = list(mapping.items.items())
        kept = [k for k, _n in items if k not in deleted]
        n = 0
        while n < len(items):
            if items[n][0] not in deleted:
                n += 1
                continue
            run_end = n
            while run_end + 1 < len(items) and items[run_end + 1][0] in deleted:
                run_end += 1
            if run_end + 1 < len(items):  # an item follows the run: up to its key
                span = (items[n][1][0].start, items[run_end + 1][1][0].start)
            elif n > 0:  # the run ends the mapping: from the end of the item before it
                span = (items[n - 1][1][1].end, items[run_end][1][1].end)
            else:
                span = (items[0][1][0].start, items[run_end][1][1].end)
            self._delete_span(span, (items[n][0],))
            n = run_end + 1
        if added:
            pos = items[-1][1][1].end if items else mapping.start + 1
            first = not kept

            def make(added=added, first=first):
                parts = [f"{scalar_text(k)}: {flow_text(v)}" for k, v, _p in added]
                return ("" if first else ", ") + ", ".join(parts)

            self._insert(pos, make, added[0][2])

    def apply(self) -> str:
        for mapping, deleted, added in self.flow.values():
            self._flow_changes(mapping, deleted, added)
        for mapping, colon in self.emptied:
            if id(mapping) not in self.grown:
                self._insert(colon, lambda: " {}", ())
        changes: list[tuple[int, int, str]] = []
        for (start, end), text in self.replace.items():
            changes.append((start, end, text() if callable(text) else text))
        for pos, makers in self.inserts.items():
            # at one place, keys of a deeper mapping first: they end the mapping the others follow
            text = "".join(m() for m, _p in sorted(makers, key=lambda mp: -len(mp[1])))
            if pos == len(self.text) and self.text and not self.text.endswith("\n") and text.endswith(self.nl):
                text = self.nl + text  # the last line had no line break
            changes.append((pos, pos, text))
        # a replacement and an insertion at one place: the insertion after
        changes.sort(key=lambda c: (c[0], c[1]))
        self.changes = changes  # for the proof by entries (store/yamlproof.py)
        out = []
        at = 0
        for start, end, text in changes:
            if start < at:
                raise EditRefused(
                    _("{file}: not written: the edit could not be made in place ({why})").format(
                        file=self.doc.file, why=_("overlapping edits")
                    )
                )
            out.append(self.text[at:start])
            out.append(text)
            at = end
        out.append(self.text[at:])
        return "".join(out)


def deep_end(node: Node) -> int:
    return node.end


def trailing_comment(text: str, end: int) -> tuple[int, int] | None:
    """The span of the spaces and `# …` after a value ending at `end`, to its line's end; None when the rest of
    the line holds no comment."""
    stop = line_end(text, end)
    while stop > end and text[stop - 1] in "\r\n":
        stop -= 1
    rest = text[end:stop]
    if not rest.strip().startswith("#") or (rest and rest[0] not in " \t"):
        return None
    return end, stop
