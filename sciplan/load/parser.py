"""Step 1 of the pipeline: file bytes -> plain Python data, with the line and column of every node.

We drive libyaml's event parser ourselves instead of calling `yaml.load`, for four reasons:

* Guards act *while* parsing: nesting deeper than `MAX_DEPTH` stops the parser at once (libyaml's
  own composer recurses in C and crashes on a 60,000-deep file, and its scanner slows down
  quadratically with depth), and alias expansion is budgeted before anything walks the data.
* Duplicate keys are errors, not silently "last one wins".
* Scalars are read the YAML 1.2 way and kept exact: `010` is 10, `no` is "no", `1:20` is "1:20",
  `2.65` is `Decimal("2.65")` (never a binary float), dates stay text for the models to read.
  A number written with an explicit sign (`+40`, `-3`) stays text, so the target language sees
  `+40` as written (an increase of 40) whether or not it was quoted; the value language reads
  signed text as a number.
* Every key and value has its position, for `FILE:LINE:COL` diagnostics (recorded when first asked
  for: a second parse of a file with a problem, none for a valid one).
* Text holds no control or bidi character (core/chars.py), a key not even a line break: nothing in a
  file may act on the terminal or a CI log that shows it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sciplan.core.chars import command_problem, control_problem, cut, quoted, suspect
from sciplan.core.i18n import N_, _
from sciplan.core.problem import Problem
from sciplan.load.decoding import decode, odd_break
from sciplan.load.scalars import YAML_TAG, read_scalar, resolve_plain
from sciplan.load.syntax import syntax_problem

MAX_DEPTH = 32  # real sciplan files nest at most 7 levels
ALIAS_BUDGET_FLOOR = 10_000  # expanded nodes always allowed through aliases

Path_ = tuple  # a path into the data: keys and list indices


@dataclass
class Document:
    """A parsed file: its data and where each node stands."""

    file: str  # as shown in diagnostics (relative to the root)
    data: Any
    _values: dict[Path_, tuple[int, int]] = field(default_factory=dict, repr=False)
    _keys: dict[Path_, tuple[int, int]] = field(default_factory=dict, repr=False)
    # The text, until the first `position` parses it again to record them: a valid file is never asked,
    # and a position kept for each node was two thirds of a parsed province's memory (issue 19).
    _text: str | None = field(default=None, repr=False)

    def position(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """Line and column of the node at `path` (of its key with `key=True`).

        Falls back to the nearest enclosing node that has a position, so a path into a value
        that was never written (a missing field) points at its parent.
        """
        if self._text is not None:
            self._locate()
        path = tuple(path)
        if key and path in self._keys:
            return self._keys[path]
        while path:
            if path in self._values:
                return self._values[path]
            path = path[:-1]
        return self._values.get((), (1, 1))

    def _locate(self) -> None:
        """Record every node's position: the same text parsed again, this time keeping them."""
        import yaml

        assert self._text is not None
        loader = yaml.CSafeLoader(self._text) if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader(self._text)
        try:
            located = _build(loader, self._text, self.file, positions=True)
        finally:
            loader.dispose()
        self._values, self._keys, self._text = located._values, located._keys, None

    def problem(self, path: Path_, code: str, message: str, *, key: bool = False, severity: str = "error") -> Problem:
        line, column = self.position(path, key=key)
        return Problem(self.file, line, column, severity, code, message)  # type: ignore[arg-type]


class _Stop(Exception):
    """Parsing cannot go on; carries the one problem that says why."""

    def __init__(self, problem: Problem):
        self.problem = problem


def parse_source(source: bytes | Problem, file: str) -> tuple[Document | None, list[Problem]]:
    """Parse the bytes of a file as read (sources.read_source), or pass on why it could not be."""
    if isinstance(source, Problem):
        return None, [source]
    text, problem = decode(source, file)
    if problem:
        return None, [problem]
    return parse(text, file)


def parse(text: str, file: str) -> tuple[Document | None, list[Problem]]:
    """Parse YAML text into a Document that can tell the position of every node, or report why it
    cannot be read. The positions are recorded when first asked for (Document.position parses the
    text again): a valid file's never are, and they cost more memory than its data."""
    import yaml

    odd = odd_break(text, file)
    if odd is not None:
        return None, [odd]
    loader = yaml.CSafeLoader(text) if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader(text)
    try:
        return _build(loader, text, file, positions=False), []
    except _Stop as stop:
        return None, [stop.problem]
    except yaml.MarkedYAMLError as exc:
        return None, [_own_limit_first(exc, text, file) or syntax_problem(exc, text, file)]
    except yaml.YAMLError as exc:  # a reader error without a mark
        return None, [Problem(file, 1, 1, "error", "yaml-syntax", str(exc).splitlines()[0])]
    finally:
        loader.dispose()


def _own_limit_first(exc: Any, text: str, file: str) -> Problem | None:
    """sciplan's nesting limit where a libyaml build stopped at its own first (libyaml 0.2.5, as in PyYAML
    6.0.4's wheels, caps nesting at 1000 and scans a flow line ahead of the events): what a user sees must not
    change with the parser's release. Parsing the text up to libyaml's stop again reaches our limit first."""
    import yaml

    mark = exc.problem_mark
    if mark is None or "maximum nesting depth" not in (exc.problem or "") or not 0 < mark.index <= len(text):
        return None
    loader = yaml.CSafeLoader(text[: mark.index])
    try:
        _build(loader, text, file, positions=False)
    except _Stop as stop:
        if stop.problem.code == "nesting":
            return stop.problem
    except yaml.YAMLError:
        pass
    finally:
        loader.dispose()
    return None


_BOMB = N_("aliases expand the data to over ten times its written size (a YAML 'billion laughs' bomb?); write the values out instead")  # noqa: E501  # fmt: skip


class _Frame:
    """An open mapping or sequence while its events arrive."""

    __slots__ = ("anchor", "container", "is_map", "key", "key_pos", "path", "pos", "seen", "start")

    def __init__(self, container: Any, anchor: str | None, start: int):
        self.container = container
        self.is_map = type(container) is dict
        self.key: Any = _NO_KEY  # the key waiting for its value
        self.anchor = anchor
        self.start = start  # expanded-node count when it opened: its size is the difference
        # where it stands (positions of its nodes, duplicate-key messages):
        self.path: Path_ = ()
        self.pos: tuple[int, int] = (1, 1)
        self.key_pos: tuple[int, int] = (1, 1)
        self.seen: dict[Any, Any] = {}  # key -> its start mark (line - 1), for duplicate-key messages


_NO_KEY = object()
_POINT_NUMBER = re.compile(r"[0-9]+\.[0-9]+")  # 12.5: a Decimal (scalars._FLOAT, the shape figures take most)


def _build(loader: Any, text: str, file: str, *, positions: bool) -> Document:
    """One pass over libyaml's events, building plain data and, with `positions`, the position of
    every key and value (without, the Document keeps the text to record them when asked)."""
    import yaml

    scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
    map_start, seq_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
    map_end, seq_end = yaml.MappingEndEvent, yaml.SequenceEndEvent

    doc = Document(file, None, _text=None if positions else text)
    values, keys = doc._values, doc._keys
    anchors: dict[str, tuple[Any, int]] = {}  # name -> (object, expanded node count)
    stack: list[_Frame] = []
    written = 0  # nodes written in the file
    expanded = 0  # nodes the data holds once aliases are expanded
    documents = 0
    root_seen = False
    # Most files hold no control character, escape or explicit key: skip the check of every scalar.
    strict = suspect(text)

    def fail(event: Any, code: str, message: str) -> None:
        m = event.start_mark
        raise _Stop(Problem(file, m.line + 1, m.column + 1, "error", code, message))

    def place(obj: Any, event: Any, pos: tuple[int, int] | None = None) -> None:
        """Attach a finished node to its parent, or make it the document."""
        nonlocal root_seen
        if not stack:
            doc.data, root_seen = obj, True
            if positions:
                values[()] = pos if pos is not None else (event.start_mark.line + 1, event.start_mark.column + 1)
            return
        top = stack[-1]
        at: tuple[int, int] = (0, 0)
        if positions or (top.is_map and top.key is _NO_KEY):  # a key's line is in duplicate-key messages
            at = pos if pos is not None else (event.start_mark.line + 1, event.start_mark.column + 1)
        if (
            type(obj) is str
            and (":" in obj or "：" in obj or obj[:1] == "\u3000")  # cheap: most text has neither
            and type(event) is scalar_event
            and not event.style
        ):
            _glued(obj, event, file, key=top.is_map and top.key is _NO_KEY)
        if not top.is_map:
            if positions:
                values[(*top.path, len(top.container))] = at
            top.container.append(obj)
        elif top.key is _NO_KEY:  # this node is a key
            if type(obj) is not str and (type(obj) is not int):
                if type(event) is not scalar_event:
                    fail(event, "key", _("a key must be a name or a year, not a list or mapping"))
                obj = event.value  # true:, ~:, 2.5: are names as written
            if obj == "<<" and type(event) is scalar_event and not event.style:
                fail(event, "merge-key", _(_MERGE))
            if obj in top.container:
                _duplicate(top, obj, event, fail)
            top.key = obj
            top.seen[obj], top.key_pos = event.start_mark, at
        else:
            top.container[top.key] = obj
            if positions:
                path = (*top.path, top.key)
                keys[path], values[path] = top.key_pos, at
            top.key = _NO_KEY

    # The common case inline: a plain scalar (no tag, no anchor) in a mapping or list of a file without a
    # suspect character, read without positions (a large file of figures is millions of them).
    fast = not positions and not strict
    plain_keys: dict[str, Any] = {}  # a plain key's text -> the key it reads as (keys repeat: ids, names)
    get_event = loader.get_event
    float_text, decimal = _POINT_NUMBER.fullmatch, Decimal
    while True:
        event = get_event()
        kind = type(event)
        if kind is scalar_event:
            written += 1
            expanded += 1
            if fast and stack and not event.style and not event.tag and not event.anchor:
                top = stack[-1]
                if top.is_map and top.key is _NO_KEY:  # a key: as place() reads it, once for each text
                    obj = plain_keys.get(event.value, _NO_KEY)
                    if obj is _NO_KEY:
                        obj = _plain_key(event, file, fail)
                        plain_keys[event.value] = obj
                    if obj in top.container:
                        _duplicate(top, obj, event, fail)
                    top.key = obj
                    top.seen[obj] = event.start_mark
                    continue
                text = event.value
                if float_text(text) and len(text) <= 40:  # a plain number with a point, as resolve_plain reads it
                    obj = decimal(text)
                else:
                    obj = resolve_plain(text)
                    if type(obj) is str and (":" in obj or "：" in obj or obj[:1] == "\u3000"):
                        _glued(obj, event, file, key=False)
                if top.is_map:
                    top.container[top.key] = obj
                    top.key = _NO_KEY
                else:
                    top.container.append(obj)
                continue
            obj = read_scalar(event, fail)
            if strict and type(obj) is str:
                _refuse_controls(obj, event, bool(stack) and stack[-1].is_map and stack[-1].key is _NO_KEY, fail)
            if event.anchor:
                anchors[event.anchor] = (obj, 1)
            place(obj, event)
        elif kind is map_start or kind is seq_start:
            if len(stack) >= MAX_DEPTH:
                deep = _("nesting deeper than {n} levels; sciplan files need no more than 8")
                fail(event, "nesting", deep.format(n=MAX_DEPTH))
            is_map = kind is map_start
            if event.tag and event.tag not in ("!", YAML_TAG + ("map" if is_map else "seq")):
                fail(event, "tag", _("unsupported YAML tag {tag}").format(tag=quoted(event.tag, 80)))
            if stack and stack[-1].is_map and stack[-1].key is _NO_KEY:
                fail(event, "key", _("a key must be a name or a year, not a list or mapping"))
            written += 1
            expanded += 1
            frame = _Frame({} if is_map else [], event.anchor, expanded)
            frame.pos = (event.start_mark.line + 1, event.start_mark.column + 1)
            if stack:
                top = stack[-1]
                frame.path = (*top.path, top.key if top.is_map else len(top.container))
            stack.append(frame)
        elif kind is map_end or kind is seq_end:
            frame = stack.pop()
            if frame.anchor:
                anchors[frame.anchor] = (frame.container, expanded - frame.start + 1)
            place(frame.container, event, frame.pos)
        elif kind is alias_event:
            if event.anchor not in anchors:
                if any(f.anchor == event.anchor for f in stack):
                    fail(event, "alias", _("alias *{a} refers to a node that contains it").format(a=event.anchor))
                fail(event, "alias", _("alias *{a} has no anchor &{a} before it").format(a=event.anchor))
            obj, size = anchors[event.anchor]
            if type(obj) is str and stack and stack[-1].is_map and stack[-1].key is _NO_KEY:
                _refuse_controls(obj, event, True, fail)  # a multi-line note used as a key
            written += 1
            expanded += size
            if expanded > max(ALIAS_BUDGET_FLOOR, 10 * written):
                fail(event, "alias", _(_BOMB))
            place(obj, event)
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                fail(event, "multi-document", _("a sciplan file holds one YAML document; remove the second '---'"))
        elif kind is yaml.StreamEndEvent:
            break
    if not root_seen or (doc.data is None and _blank(text)):
        raise _Stop(Problem(file, 1, 1, "error", "empty-file", _("file is empty")))
    return doc


def _plain_key(event: Any, file: str, fail) -> Any:
    """A plain scalar key as place() reads it: a name, or a year (a whole number); other scalars are
    names as written (`true:`, `~:`, `2.5:`); a merge key, or one glued to its value, refused."""
    obj = resolve_plain(event.value)
    if type(obj) is str:
        if obj[:1] == "\u3000":
            _glued(obj, event, file, key=True)
    elif type(obj) is not int:
        obj = event.value
    if obj == "<<":
        fail(event, "merge-key", _(_MERGE))
    return obj


def _duplicate(top: _Frame, key: Any, event: Any, fail) -> None:
    where, shown = dotted((*top.path, key)), cut(key) if type(key) is str else key
    message = _("{path}: duplicate key {key!r} (first at line {line}); each key may appear once")
    fail(event, "duplicate-key", message.format(path=where, key=shown, line=top.seen[key].line + 1))


_MERGE = N_("a YAML merge key (<<) here; sciplan does not merge mappings (it would misread which value is the figure): write the keys out in this mapping")  # noqa: E501  # fmt: skip


def _refuse_controls(text: str, event: Any, key: bool, fail) -> None:
    why = control_problem(text, one_line=key)
    if why is not None:
        message = (
            _("{why}; a key is one line of plain text")
            if key
            else _("{why}; text in sciplan files holds no control characters")
        )
        fail(event, "control-character", message.format(why=why))
    why = command_problem(text)
    if why is not None:
        fail(event, "workflow-command", why)


def _glued(value: str, event: Any, file: str, *, key: bool) -> None:
    """A plain scalar that parsed but is a slip: a key indented with U+3000, or a key and its value
    glued by a full-width colon or a colon without a space (`hightech_total：930`). Raises _Stop
    pointing at the slip itself."""
    from sciplan.load.slips import full_width_space, value_slip

    line, column = event.start_mark.line + 1, event.start_mark.column + 1
    if key and value[:1] == "\u3000":
        raise _Stop(Problem(file, line, column, "error", "yaml-syntax", full_width_space()))
    message = None if key else value_slip(value)
    if message is not None:
        colon = min(i for i in (value.find(":"), value.find("：")) if i >= 0)
        raise _Stop(Problem(file, line, column + colon, "error", "yaml-syntax", message))


def _blank(text: str) -> bool:
    return all(not ln.strip() or ln.lstrip().startswith(("#", "---", "...")) for ln in text.splitlines())


def dotted(path: Path_) -> str:
    """`('indicators', 'x', 'targets', 2021)` -> `indicators.x.targets.2021`; list items as `[0]`."""
    out = ""
    for part in path:
        # list indices are small; int keys are years (>= 1000): the only int keys sciplan has
        if isinstance(part, int) and out and part < 1000:
            out += f"[{part}]"
        else:
            out += ("." if out else "") + _key(str(part))
    return out or _("(top level)")


def _key(text: str) -> str:
    """A key as shown in a path: quoted when spaces, invisible characters or its length would
    hide what it is (`peers.' R'`)."""
    if text.isprintable() and " " not in text and len(text) <= 40:
        return text
    return repr(cut(text))
