"""The span writer: edits a YAML file the user keeps by hand, in place, at the spans libyaml reports.

Every command that writes into a hand-kept file (`set`, `import`, read-back of templates, …) goes through
here. Nothing is loaded and dumped again: the file's text is changed only inside the spans of the nodes
edited, so comments, blank lines, key order, quoting, flow style, CRLF line ends and a byte-order mark all
stay as they were, byte for byte.

Use::

    from sciplan.store.yamledit import Delete, Put, YamlFile

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
* `Append(path, value, comment)` adds an item at the end of the list at `path`, in the list's style: a line
  `- item  # comment` after a block list's last item (at its indent), `, item` before a flow list's `]`; an
  empty `[]` (or a key without a value) becomes a block list under its key; a missing key is added as for Put.
* `Delete(path)` removes a key and its value (its whole line in a block mapping, with a trailing comment);
  a block mapping left empty becomes `{}`.
* `YamlFile.edit(edits)` returns the new text and proves it before anything is written: parsed again with
  sciplan's own reader, it must equal the old file plus the edits, and nothing else. A file under
  WHOLE_FILE_PROOF characters (or with anchors) is parsed whole; a larger one entry by entry where the
  changes allow it (store/yamlproof.py: libyaml's scan of the old file bounds each entry, the changed
  entries are parsed old and new), else section by section. Otherwise it raises `EditRefused` saying why,
  and nothing is written.
* `YamlFile.write(text)` writes through a temporary file in the same folder and a rename, keeping the file's
  mode; when the file's bytes on disk are no longer those read (another editor, a concurrent import) it
  raises `ChangedOnDisk` and writes nothing. `YamlFile.read` of a file that does not exist gives an empty
  document whose `write` creates the file and never replaces one that appeared meanwhile.

Mappings are edited, and lists only by adding an item at their end (milestones); an edit into a list's
items, or one that would replace a block mapping by a scalar, is refused.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from sciplan.core.i18n import _
from sciplan.store.yamlscan import Scan, collector_paused, find, line_start
from sciplan.store.yamlspans import Spans
from sciplan.store.yamltext import (
    Append,
    ChangedOnDisk,
    Delete,
    Edit,
    EditRefused,
    Key,
    KeyPath,
    Put,
    Verbatim,
    data_of,
    flow_text,
    scalar_text,
)

# Below this many characters the proof parses the whole file again; above it, the top-level sections edited
WHOLE_FILE_PROOF = 200_000

__all__ = [
    "Append",
    "ChangedOnDisk",
    "Delete",
    "Edit",
    "EditRefused",
    "Put",
    "Verbatim",
    "YamlFile",
    "flow_text",
    "scalar_text",
]

# ---- the file -----------------------------------------------------------------------------------------


@dataclass
class YamlFile:
    path: Path
    file: str  # as shown in messages
    raw: bytes | None  # as read; None: the file does not exist
    text: str  # without the byte-order mark
    bom: bool
    newline: str
    target: Path | None = None  # the file written: `path`, or where `path`'s symbolic link leads

    @classmethod
    def read(cls, path: Path, file: str | None = None, inside: tuple[str, ...] = ()) -> YamlFile:
        """The file at `path` as it is now. A symbolic link is written through to its target when that lies
        in one of the folders `inside` (the real root and data/, as the loader reads them), else refused."""
        shown = file or str(path)
        target = _link_target(path, shown, inside)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            if os.path.islink(path):
                message = _("{file}: is a symbolic link to {target} whose target does not exist; nothing written")
                raise EditRefused(message.format(file=shown, target=os.readlink(path))) from None
            return cls(path, shown, None, "", False, "\n", target)
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
        return cls(path, shown, raw, text, bom, newline, target)

    # -- reading ---------------------------------------------------------------------------------

    def data(self) -> Any:
        """The whole document as sciplan reads it."""
        if not self.text.strip():
            return {}
        doc, problems = self.parsed(self.text)
        if doc is None:
            raise EditRefused(_("{problem}; run `sciplan check`").format(problem=problems[0]))
        return doc.data

    def parsed(self, text: str) -> tuple[Any, list[Any]]:
        """`text` parsed by sciplan's reader (load/parser.py: the Document, the problems), each text once: the
        file as read serves the plan and the proof, the new text the proof read serves the year's check."""
        from sciplan.load.parser import parse

        memo = self.__dict__.setdefault("_parsed", {})
        if text not in memo:
            memo[text] = parse(text, self.file)
        found: tuple[Any, list[Any]] = memo[text]
        return found

    def source(self, path: KeyPath) -> Verbatim | None:
        """The text of the node at `path` when it can be copied as it stands (a scalar or a one-line
        flow collection), with what it parses to; None when it is absent or cannot be copied."""
        cache = self.__dict__.setdefault("_scans", {})  # one scan of a section serves every node in it
        parent = tuple(path[:-1])
        if parent not in cache:
            cache[parent] = Scan(self.text, {path[0]}, {parent}) if parent else Scan(self.text, None, set())
        node = find(cache[parent].root, path)
        if node is None or node.kind == "alias" or (node.kind != "scalar" and not node.flow):
            return None
        text = self.text[node.start : node.end]
        if "\n" in text or "\r" in text:
            return None
        from sciplan.load.parser import parse

        doc, _problems = parse(f"x: {text}\n", self.file)
        if doc is None:
            return None
        from sciplan.store.yamlspans import trailing_comment

        comment = trailing_comment(self.text, node.end)
        note = self.text[comment[0] : comment[1]].strip() if comment is not None else ""
        return Verbatim(text, doc.data["x"], note)

    def comment_above(self, path: KeyPath) -> bool:
        """Whether a comment line stands directly above the key at `path` in a block mapping (as `sciplan init`
        writes `# 全社会研发经费支出 (亿元)` over each indicator): it names the key, and stays with it."""
        cache = self.__dict__.setdefault("_scans", {})
        parent = tuple(path[:-1])
        if parent not in cache:
            cache[parent] = Scan(self.text, {path[0]}, {parent}) if parent else Scan(self.text, None, set())
        mapping = find(cache[parent].root, parent) if parent else cache[parent].root
        if mapping is None or mapping.kind != "map" or mapping.flow or path[-1] not in mapping.items:
            return False
        start = line_start(self.text, mapping.items[path[-1]][0].start)
        if start == 0:
            return False
        above = self.text[line_start(self.text, start - 1) : start].strip()
        return above.startswith("#")

    # -- editing ---------------------------------------------------------------------------------

    def edit(self, edits: list[Edit]) -> str:
        """The new text with `edits` made, proven by parsing it again; EditRefused when it cannot be."""
        if not edits:
            return self.text
        with collector_paused():  # until the scan's nodes are freed (store/yamlscan.py)
            return self._edit(edits)

    def _edit(self, edits: list[Edit]) -> str:
        tops = {e.path[0] for e in edits}
        scan = Scan(self.text, tops, {e.path for e in edits}) if self.text.strip() else None
        if scan is not None and (scan.root is None or scan.root.kind != "map" or not scan.root_block_map):
            if scan.root is not None and scan.root.kind == "scalar" and scan.root.text_null:
                scan = None  # a file of comments only
            else:
                raise EditRefused(_("{file}: the top level is not a block mapping").format(file=self.file))
        spans = Spans(self, scan)
        for e in edits:
            if not e.path:
                raise TypeError("an edit needs a path")
            if isinstance(e, Put):
                spans.put(e.path, e.value, e.uncomment)
            elif isinstance(e, Append):
                spans.append(e.path, e.value, e.comment)
            else:
                spans.delete(e.path)
        new = spans.apply()
        if scan is not None and not scan.anchors and len(self.text) >= WHOLE_FILE_PROOF:
            from sciplan.store.yamlproof import by_entries

            if by_entries(self.text, scan, edits, spans.changes, self.file):
                return new
        self._prove(new, edits, scan)
        return new

    def _prove(self, new: str, edits: list[Edit], scan: Scan | None) -> None:
        if scan is None or scan.anchors or len(self.text) < WHOLE_FILE_PROOF:
            old_data = self.data()
            doc, problems = self.parsed(new)
            if doc is None:
                raise EditRefused(self._unproven(problems[0].message))
            got = doc.data
            expected = _expected(old_data, edits)
        else:
            tops = {e.path[0] for e in edits}
            old_data = {k: v for k, v in _section_data(self.text, scan, tops, self.file).items()}
            new_scan = Scan(new, tops, set())
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
            from sciplan.store.atomic import FileExists, write_new

            try:
                write_new(self.path, data)
            except FileExists:
                raise ChangedOnDisk(self._changed()) from None
            return
        dest = self.target or self.path
        try:
            st = os.lstat(dest)
            now = dest.read_bytes()
        except OSError:
            raise ChangedOnDisk(self._changed()) from None
        if now != self.raw or not stat.S_ISREG(st.st_mode):  # a link or a pipe put in its place: changed
            raise ChangedOnDisk(self._changed())
        self._replaceable(dest, st)
        fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".tmp", dir=dest.parent)
        try:
            with contextlib.suppress(OSError):
                os.fchmod(fd, stat.S_IMODE(st.st_mode))
            with contextlib.suppress(OSError, AttributeError):  # the owner stays the file's (where we may)
                os.fchown(fd, st.st_uid, st.st_gid)
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            try:  # the last moment: did anything change while the new text was written?
                if os.path.islink(dest) or dest.read_bytes() != self.raw:
                    raise ChangedOnDisk(self._changed())
            except OSError:
                raise ChangedOnDisk(self._changed()) from None
            os.replace(tmp, dest)
        except OSError as exc:
            raise EditRefused(_("cannot write {path}: {why}").format(path=self.file, why=exc.strerror or exc)) from None
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
        self.raw, self.text = data, text
        self.__dict__.pop("_scans", None)

    def _replaceable(self, dest: Path, st: os.stat_result) -> None:
        """Refuse a file the user protected (read-only) or that has other names (hard links): the rename that
        writes atomically would override the one and split the other."""
        if not st.st_mode & stat.S_IWUSR or not os.access(dest, os.W_OK):
            message = _("{file} is read-only; sciplan does not write into it (make it writable first); nothing written")
            raise EditRefused(message.format(file=self.file))
        if st.st_nlink > 1:
            message = _(
                "{file} has {n} names (hard links); writing it would part them, so sciplan does not; nothing written"
            )
            raise EditRefused(message.format(file=self.file, n=st.st_nlink))

    def _changed(self) -> str:
        return _("{file} changed on disk since sciplan read it; nothing written, run the command again").format(
            file=self.file
        )


def _link_target(path: Path, shown: str, inside: tuple[str, ...]) -> Path | None:
    """Where a symbolic link at `path` leads, when it may be written through; None when `path` is no link."""
    if not os.path.islink(path):
        return None
    real = os.path.realpath(path)
    if inside and not any(real.startswith(place.rstrip(os.sep) + os.sep) for place in inside):
        message = _("{file}: is a symbolic link to {target}, outside the data root; sciplan writes no file there")
        raise EditRefused(message.format(file=shown, target=real))
    return Path(real)


def _section_data(text: str, scan: Scan, tops: set[Key], file: str) -> dict:
    """The data of the top-level sections `tops`, each parsed from its own lines."""
    from sciplan.load.parser import parse

    starts = [(k, line_start(text, i)) for k, i in scan.tops]
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
            node[last] = data_of(e.value)
        elif isinstance(e, Append):
            items = node.get(last)
            node[last] = [*(items if isinstance(items, list) else []), data_of(e.value)]
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
