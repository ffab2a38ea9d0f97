"""The span writer: edits a YAML file the user keeps by hand, in place, at the spans libyaml reports.

Every command that writes into a hand-kept file (`set`, `import`, read-back of templates, …) goes through
here. Nothing is loaded and dumped again: the file's text is changed only inside the spans of the nodes
edited, so comments, blank lines, key order, quoting, flow style, CRLF line ends and a byte-order mark all
stay as they were, byte for byte.

Use::

    from sciplan.yamledit import Delete, Put, YamlFile

    doc = YamlFile.read(root / "data/2022.yaml", "data/2022.yaml")
    new = doc.edit([Put(("actuals", "hightech_new"), Decimal("86")),
                    Put(("months", 6, "iur_events"), 17),          # adds `6:` under months:, or months: itself
                    Delete(("actuals", "gdp"))])
    doc.write(new)                                                # atomic; refused if the file changed

* `Put(path, value)` sets the value at `path` (keys from the top of the document). A scalar that exists is
  replaced in place; a missing key is added to its mapping in that mapping's style (a block mapping gets a
  line at its indent after its last entry, a flow mapping `, key: value` before its `}`); missing mappings on
  the way are created (a section that does not exist yet is added at the end of the file). A value is a
  number (`int`, `Decimal`, written exactly: `5.6`, never `5.6000000001`), text (written plain when YAML
  reads it back as the same text, else double-quoted), `None` (`null`), `True`/`False`, a `dict` of those,
  or `Verbatim(text, data)`: source text copied as it stands (a node moved elsewhere, see `YamlFile.source`).
* `Delete(path)` removes a key and its value (its whole line in a block mapping, with a trailing comment);
  a block mapping left empty becomes `{}`.
* `YamlFile.edit(edits)` returns the new text and proves it before anything is written: the edited top-level
  sections are parsed again with sciplan's own reader and must equal the old ones plus the edits, and nothing
  else (every other byte is the same by construction; with anchors or aliases in the file the whole file is
  compared). Otherwise it raises `EditRefused` saying why, and nothing is written.
* `YamlFile.write(text)` writes through a temporary file in the same folder and a rename, keeping the file's
  mode; when the file's bytes on disk are no longer those read (another editor, a concurrent import) it
  raises `ChangedOnDisk` and writes nothing. `YamlFile.read` of a file that does not exist gives an empty
  document whose `write` creates the file and never replaces one that appeared meanwhile.

Only mappings are edited (sciplan's files are mappings down to the values); an edit into a list, or one that
would replace a block mapping by a scalar, is refused.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
import tempfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from sciplan.i18n import _
from sciplan.load_scalars import read_scalar, resolve_plain
from sciplan.problem import SciplanError

Key = str | int
KeyPath = tuple[Key, ...]


class EditRefused(SciplanError):
    """The edit cannot be made without changing more than it should; nothing was written."""


class ChangedOnDisk(EditRefused):
    """The file changed after it was read; nothing was written."""


@dataclass(frozen=True)
class Verbatim:
    """Source text written as it stands; `data` is what it parses to (for the proof)."""

    text: str
    data: Any


@dataclass(frozen=True)
class Put:
    path: KeyPath
    value: Any


@dataclass(frozen=True)
class Delete:
    path: KeyPath


Edit = Put | Delete


# ---- rendering values as a user writes them ---------------------------------------------------------

_PLAIN_SAFE = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^\n\r\t]*")


def scalar_text(value: Any) -> str:
    """`value` as YAML scalar text that sciplan's reader reads back as the same value."""
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise EditRefused(_("{value} is not a finite number").format(value=value))
        return format(value, "f")
    if isinstance(value, str):
        if (
            _PLAIN_SAFE.fullmatch(value)
            and value == value.strip()
            and ": " not in value
            and " #" not in value
            and not value.endswith(":")
            and value.isprintable()
            and resolve_plain(value) == value
        ):
            return value
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar
    raise TypeError(f"cannot write {type(value).__name__} as a YAML scalar")


def flow_text(value: Any) -> str:
    if isinstance(value, Verbatim):
        return value.text
    if isinstance(value, dict):
        return "{" + ", ".join(f"{scalar_text(k)}: {flow_text(v)}" for k, v in value.items()) + "}"
    return scalar_text(value)


def _block_lines(key: Key, value: Any, indent: int, step: int, nl: str, flow_children: bool) -> str:
    pad = " " * indent
    if isinstance(value, dict) and value and not flow_children:
        out = f"{pad}{scalar_text(key)}:{nl}"
        for k, v in value.items():
            out += _block_lines(k, v, indent + step, step, nl, False)
        return out
    return f"{pad}{scalar_text(key)}: {flow_text(value)}{nl}"


def _data_of(value: Any) -> Any:
    """What sciplan's reader reads back from `value` as written (a signed number stays text, load.py)."""
    if isinstance(value, Verbatim):
        return value.data
    if isinstance(value, dict):
        return {k: _data_of(v) for k, v in value.items()}
    text = scalar_text(value)
    return json.loads(text) if text.startswith('"') else resolve_plain(text)


# ---- the nodes of a file, with their spans ------------------------------------------------------------


class _Node:
    __slots__ = ("col", "end", "flow", "items", "keycol", "kind", "start", "text_null")

    def __init__(self, kind: str, start: int, col: int, flow: bool = False):
        self.kind = kind  # "scalar", "map", "seq", "alias"
        self.start = start
        self.end = start
        self.col = col
        self.flow = flow
        self.items: dict[Key, tuple[_Node, _Node]] = {}  # of a mapping: key -> (key node, value node)
        self.keycol = 0  # column of the key whose value this is
        self.text_null = False  # a null written as nothing (`months:`)


class _Frame:
    __slots__ = ("is_map", "node", "pending")

    def __init__(self, node: _Node | None, is_map: bool):
        self.node = node
        self.is_map = is_map
        self.pending: tuple[Key, _Node] | None = None  # a key waiting for its value


class _Scan:
    """One pass of libyaml's events over a file: the top-level keys and where they stand; nodes with
    their spans are built only inside the top-level sections asked for (a 5 MB file is scanned, not
    built)."""

    def __init__(self, text: str, wanted: set[Key] | None):
        import yaml

        self.root: _Node | None = None
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
                    if not stack:
                        node = _Node("scalar", event.start_mark.index, event.start_mark.column)
                        node.text_null = kind is scalar and not event.value and not event.style
                        self.root = node
                    elif stack[-1].node is not None:
                        m = event.start_mark
                        node = _Node("scalar" if kind is scalar else "alias", m.index, m.column)
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
                        self.root = _Node("map" if is_map else "seq", m.index, m.column, bool(event.flow_style))
                        self.root_block_map = is_map and not event.flow_style
                        stack.append(_Frame(self.root, is_map))
                        continue
                    top = stack[-1]
                    skip = top.node is None or (
                        len(stack) == 1
                        and top.is_map
                        and wanted is not None
                        and (top.pending is None or top.pending[0] not in wanted)
                    )
                    kind_name = "map" if is_map else "seq"
                    built = None if skip else _Node(kind_name, m.index, m.column, bool(event.flow_style))
                    stack.append(_Frame(built, is_map))
                elif kind is map_end or kind is seq_end:
                    frame = stack.pop()
                    if frame.node is not None:
                        if frame.node.flow:
                            frame.node.end = event.end_mark.index
                        if stack:
                            self._place(stack, frame.node, None)
                    elif stack and stack[-1].node is not None:
                        stack[-1].pending = None  # a section not asked for ended
                elif kind is yaml.DocumentStartEvent:
                    documents += 1
                    if documents > 1:
                        raise EditRefused(_("the file holds more than one YAML document"))
                elif kind is yaml.StreamEndEvent:
                    break
        except yaml.YAMLError as exc:
            raise EditRefused(
                _("the file is not valid YAML ({why}); run `sciplan check`").format(why=_first(exc))
            ) from None
        finally:
            loader.dispose()

    def _place(self, stack: list[_Frame], node: _Node, value: Any) -> None:
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


def _first(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


# ---- the file -----------------------------------------------------------------------------------------


@dataclass
class YamlFile:
    path: Path
    file: str  # as shown in messages
    raw: bytes | None  # as read; None: the file does not exist
    text: str  # without the byte-order mark
    bom: bool
    newline: str

    @classmethod
    def read(cls, path: Path, file: str | None = None) -> YamlFile:
        shown = file or str(path)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return cls(path, shown, None, "", False, "\n")
        except OSError as exc:
            message = _("{file}: cannot read the file: {why}").format(file=shown, why=exc.strerror or exc)
            raise EditRefused(message) from None
        bom = raw.startswith(b"\xef\xbb\xbf")
        try:
            text = raw[3 if bom else 0 :].decode("utf-8")
        except UnicodeDecodeError:
            raise EditRefused(
                _("{file}: the file is not UTF-8; sciplan edits only UTF-8 files").format(file=shown)
            ) from None
        newline = "\r\n" if "\r\n" in text[: text.find("\n") + 1 or len(text)] else "\n"
        return cls(path, shown, raw, text, bom, newline)

    # -- reading ---------------------------------------------------------------------------------

    def data(self) -> Any:
        """The whole document as sciplan reads it."""
        from sciplan.load import parse

        if not self.text.strip():
            return {}
        doc, problems = parse(self.text, self.file)
        if doc is None:
            raise EditRefused(problems[0].message)
        return doc.data

    def source(self, path: KeyPath) -> Verbatim | None:
        """The text of the node at `path` when it can be copied as it stands (a scalar or a one-line
        flow collection), with what it parses to; None when it is absent or cannot be copied."""
        scan = _Scan(self.text, {path[0]})
        node = _find(scan.root, path)
        if node is None or node.kind == "alias" or (node.kind != "scalar" and not node.flow):
            return None
        text = self.text[node.start : node.end]
        if "\n" in text or "\r" in text:
            return None
        from sciplan.load import parse

        doc, _problems = parse(f"x: {text}\n", self.file)
        return Verbatim(text, doc.data["x"]) if doc is not None else None

    # -- editing ---------------------------------------------------------------------------------

    def edit(self, edits: list[Edit]) -> str:
        """The new text with `edits` made, proven by parsing it again; EditRefused when it cannot be."""
        if not edits:
            return self.text
        tops = {e.path[0] for e in edits}
        scan = _Scan(self.text, tops) if self.text.strip() else None
        if scan is not None and (scan.root is None or scan.root.kind != "map" or not scan.root_block_map):
            if scan.root is not None and scan.root.kind == "scalar" and scan.root.text_null:
                scan = None  # a file of comments only
            else:
                raise EditRefused(_("{file}: the top level is not a block mapping").format(file=self.file))
        spans = _Spans(self, scan)
        for e in edits:
            if not e.path:
                raise TypeError("an edit needs a path")
            if isinstance(e, Put):
                spans.put(e.path, e.value)
            else:
                spans.delete(e.path)
        new = spans.apply()
        self._prove(new, edits, scan)
        return new

    def _prove(self, new: str, edits: list[Edit], scan: _Scan | None) -> None:
        from sciplan.load import parse

        if scan is None or scan.anchors or len(self.text) < 200_000:
            old_data = self.data()
            doc, problems = parse(new, self.file)
            if doc is None:
                raise EditRefused(self._unproven(problems[0].message))
            got = doc.data
            expected = _expected(old_data, edits)
        else:
            tops = {e.path[0] for e in edits}
            old_data = {k: v for k, v in _section_data(self.text, scan, tops, self.file).items()}
            new_scan = _Scan(new, tops)
            if new_scan.anchors or not new_scan.root_block_map:
                raise EditRefused(self._unproven(_("the edit changed the file's structure")))
            if [k for k, _i in new_scan.tops if k not in tops] != [k for k, _i in scan.tops if k not in tops]:
                raise EditRefused(self._unproven(_("the edit changed the file's other sections")))
            got = _section_data(new, new_scan, tops, self.file)
            expected = {k: v for k, v in _expected(old_data, edits).items() if k in tops}
        if not _same(got, expected):
            raise EditRefused(self._unproven(_("the file read back is not the file intended")))

    def _unproven(self, why: str) -> str:
        return _("{file}: not written: the edit could not be made in place ({why})").format(file=self.file, why=why)

    # -- writing ---------------------------------------------------------------------------------

    def encoded(self, text: str) -> bytes:
        return (b"\xef\xbb\xbf" if self.bom else b"") + text.encode("utf-8")

    def write(self, text: str) -> None:
        """Write `text` atomically; ChangedOnDisk when the file is no longer what was read."""
        data = self.encoded(text)
        if self.raw is None:
            from sciplan.files import FileExists, write_new

            try:
                write_new(self.path, data)
            except FileExists:
                raise ChangedOnDisk(self._changed()) from None
            return
        try:
            st = os.stat(self.path)
            now = self.path.read_bytes()
        except OSError:
            raise ChangedOnDisk(self._changed()) from None
        if now != self.raw:
            raise ChangedOnDisk(self._changed())
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
        try:
            with contextlib.suppress(OSError):
                os.fchmod(fd, stat.S_IMODE(st.st_mode))
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            try:  # the last moment: did anything change while the new text was written?
                if self.path.read_bytes() != self.raw:
                    raise ChangedOnDisk(self._changed())
            except OSError:
                raise ChangedOnDisk(self._changed()) from None
            os.replace(tmp, self.path)
        except OSError as exc:
            raise EditRefused(_("cannot write {path}: {why}").format(path=self.file, why=exc.strerror or exc)) from None
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
        self.raw = data

    def _changed(self) -> str:
        return _("{file} changed on disk since sciplan read it; nothing written, run the command again").format(
            file=self.file
        )


def _find(node: _Node | None, path: KeyPath) -> _Node | None:
    for key in path:
        if node is None or node.kind != "map" or key not in node.items:
            return None
        node = node.items[key][1]
    return node


def _section_data(text: str, scan: _Scan, tops: set[Key], file: str) -> dict:
    """The data of the top-level sections `tops`, each parsed from its own lines."""
    from sciplan.load import parse

    starts = [(k, _line_start(text, i)) for k, i in scan.tops]
    out = {}
    for n, (key, start) in enumerate(starts):
        if key not in tops:
            continue
        end = starts[n + 1][1] if n + 1 < len(starts) else len(text)
        doc, problems = parse(text[start:end], file)
        if doc is None or not isinstance(doc.data, dict) or list(doc.data) != [key]:
            raise EditRefused(
                _("{file}: not written: the edit could not be made in place ({why})").format(
                    file=file, why=problems[0].message if problems else "section"
                )
            )
        out[key] = doc.data[key]
    return out


def _line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def _line_end(text: str, index: int) -> int:
    """Index just after the line break that ends the line holding `index` (len(text) if none)."""
    if index > 0 and text[index - 1] == "\n":
        return index
    n = text.find("\n", index)
    return len(text) if n < 0 else n + 1


def _expected(old: Any, edits: list[Edit]) -> Any:
    import copy

    data = copy.deepcopy(old) if isinstance(old, dict) else {}
    for e in edits:
        *parents, last = e.path
        node = data
        for key in parents:
            if not isinstance(node.get(key), dict):
                node[key] = {}
            node = node[key]
        if isinstance(e, Put):
            node[last] = _data_of(e.value)
        else:
            node.pop(last, None)
    return data


def _same(a: Any, b: Any) -> bool:
    numbers = (int, Decimal)
    if isinstance(a, numbers) and isinstance(b, numbers) and not isinstance(a, bool) and not isinstance(b, bool):
        return a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b


class _Spans:
    """The edits as replacements of spans of the old text: (start, end, text)."""

    def __init__(self, doc: YamlFile, scan: _Scan | None):
        self.doc = doc
        self.text = doc.text
        self.nl = doc.newline
        self.root = scan.root if scan is not None else None
        self.replace: dict[tuple[int, int], str] = {}
        self.inserts: dict[int, list[tuple[Any, KeyPath]]] = {}  # position -> [(maker, path)]
        self.pending: dict[KeyPath, dict] = {}  # new mappings being filled: path -> dict
        self.grown: set[int] = set()  # mappings a key is added to
        # flow mappings changed: id -> (mapping, keys deleted, [(key, value, path)] added)
        self.flow: dict[int, tuple[_Node, set[Key], list[tuple[Key, Any, KeyPath]]]] = {}
        self.gone: dict[int, set[Key]] = {}  # mapping -> keys deleted from it
        self.emptied: list[tuple[_Node, int]] = []  # block mappings that may be left empty, where `{}` goes

    def refuse(self, path: KeyPath, why: str) -> None:
        from sciplan.load import dotted

        raise EditRefused(
            _("{file}: not written: cannot edit {path} in place ({why})").format(
                file=self.doc.file, path=dotted(path), why=why
            )
        )

    def put(self, path: KeyPath, value: Any) -> None:
        # into a mapping created by an earlier edit of this batch?
        for n in range(len(path) - 1, 0, -1):
            if path[:n] in self.pending:
                target = self.pending[path[:n]]
                for key in path[n:-1]:
                    target = target.setdefault(key, {})
                target[path[-1]] = value
                return
        node = self.root
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
            node = node.items[key][1]
        assert node is not None
        if isinstance(value, dict) and node.kind == "map":
            for k, v in value.items():
                self.put((*path, k), v)
            return
        if node.kind == "scalar" or (node.kind in ("map", "seq") and node.flow and "\n" not in self._span(node)):
            self._replace(node, flow_text(value), path)
            return
        self.refuse(path, _("a block mapping or list"))

    def _span(self, node: _Node) -> str:
        return self.text[node.start : node.end]

    def _replace(self, node: _Node, text: str, path: KeyPath) -> None:
        if node.text_null:
            text = " " + text
        if (node.start, node.end) in self.replace:
            self.refuse(path, _("edited twice"))
        self.replace[(node.start, node.end)] = text

    def _nest(self, rest: KeyPath, value: Any) -> Any:
        for key in reversed(rest):
            value = {key: value}
        return value

    def _add(self, mapping: _Node, key_path: KeyPath, rest: KeyPath, value: Any) -> None:
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
        pos = _line_end(self.text, _deep_end(last))
        indent = mapping.col
        step = next((v.col - mapping.col for v in values if v.kind == "map" and not v.flow), 2)
        flow_children = any(v.kind == "map" and v.flow for v in values)
        nl = self.nl
        self._insert(
            pos,
            lambda k=key, v=new_value, i=indent, s=step, f=flow_children: _block_lines(
                k, v, i, s if s > 0 else 2, nl, f
            ),
            key_path,
        )

    def _fill_null(self, at: KeyPath, node: _Node, rest: KeyPath, value: Any) -> None:
        new_value = self._nest(rest, value)
        self.pending[at] = new_value
        if not node.text_null:
            self._insert_replace(node, lambda v=new_value: flow_text(v), at)
            return
        pos = _line_end(self.text, node.start)
        indent = node.keycol + 2
        nl = self.nl

        def make(v=new_value, i=indent):
            return "".join(_block_lines(k, x, i, 2, nl, False) for k, x in v.items())

        self._insert(pos, make, at)

    def _insert_replace(self, node: _Node, maker, path: KeyPath) -> None:
        self.replace[(node.start, node.end)] = maker  # type: ignore[assignment]

    def _new_section(self, path: KeyPath, value: Any) -> None:
        key = path[0]
        new_value = self._nest(path[1:], value)
        if isinstance(new_value, dict):
            self.pending[(key,)] = new_value
        nl = self.nl
        self._insert(len(self.text), lambda k=key, v=new_value: _block_lines(k, v, 0, 2, nl, False), (key,))

    def _insert(self, pos: int, maker, path: KeyPath) -> None:
        self.inserts.setdefault(pos, []).append((maker, path))

    def delete(self, path: KeyPath) -> None:
        *parents, key = path
        mapping = _find(self.root, tuple(parents))
        if mapping is None or mapping.kind != "map" or key not in mapping.items:
            return  # nothing to delete
        keys = list(mapping.items)
        key_node, value_node = mapping.items[key]
        if mapping.flow:
            self.flow.setdefault(id(mapping), (mapping, set(), []))[1].add(key)
            return
        start = _line_start(self.text, key_node.start)
        if self.text[start : key_node.start].strip():
            self.refuse(path, _("not on a line of its own"))
        end = _line_end(self.text, _deep_end(value_node))
        self._delete_span((start, end), path)
        gone = self.gone.setdefault(id(mapping), set())
        gone.add(key)
        if gone == set(keys) and parents:  # left empty, unless a key is added to it: `key: {}`
            parent = _find(self.root, tuple(parents[:-1]))
            assert parent is not None
            owner_key = parent.items[parents[-1]][0]
            self.emptied.append((mapping, self.text.find(":", owner_key.end) + 1))

    def _delete_span(self, span: tuple[int, int], path: KeyPath) -> None:
        if span in self.replace:
            self.refuse(path, _("edited twice"))
        self.replace[span] = ""

    def _flow_changes(self, mapping: _Node, deleted: set[Key], added: list[tuple[Key, Any, KeyPath]]) -> None:
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


def _deep_end(node: _Node) -> int:
    return node.end
