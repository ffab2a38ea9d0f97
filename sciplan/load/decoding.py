"""bytes → text for the parser: UTF-8 only (saying what else the bytes look like); YAML's unseen line breaks refused.

Part of step 1 (load/parser.py)."""

from __future__ import annotations

from sciplan.core.chars import describe_char
from sciplan.core.i18n import _
from sciplan.core.problem import Problem


def decode(raw: bytes, file: str) -> tuple[str, Problem | None]:
    """UTF-8 (with or without BOM) only; say clearly what else the bytes look like."""

    def bad(code: str, message: str, offset: int = 0) -> tuple[str, Problem]:
        line, column = _byte_position(raw, offset)
        return "", Problem(file, line, column, "error", code, message)

    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return bad("encoding", _("file is UTF-16; re-save it as UTF-8 (in Notepad: 另存为 → 编码 UTF-8)"))
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    nul = raw.find(b"\x00")
    if nul >= 0:
        return bad("nul-byte", _("file contains a NUL byte: it is binary or UTF-16, not UTF-8 text"), nul)
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        try:
            raw.decode("gb18030")
            message = _(
                "file is not valid UTF-8: it looks like GBK/GB18030, as Windows editors often save Chinese text; "
                "re-save it as UTF-8 (Notepad: 另存为 → 编码 UTF-8; or iconv -f GBK -t UTF-8)"
            )
        except UnicodeDecodeError:
            message = _(
                "file is not valid UTF-8: byte 0x{byte:02x} cannot start a character; re-save the file as UTF-8"
            )
            message = message.format(byte=raw[exc.start])
        return bad("encoding", message, exc.start)


def _byte_position(raw: bytes, offset: int) -> tuple[int, int]:
    before = raw[:offset]
    line = before.count(b"\n") + 1
    last = before.rfind(b"\n")
    column = len(before[last + 1 :].decode("utf-8", errors="replace")) + 1
    return line, column


def odd_break(text: str, file: str) -> Problem | None:
    """U+0085, U+2028 and U+2029 are line breaks to libyaml (YAML 1.1) but to no editor: in a comment
    one would start a line nobody sees (`# x<U+2028>y: 2` adds a key y), and every position after it
    would be off. Named where it stands (lines counted as editors count them), like a control character."""
    if "\x85" not in text and "\u2028" not in text and "\u2029" not in text:
        return None
    at = min(i for i in (text.find("\x85"), text.find("\u2028"), text.find("\u2029")) if i >= 0)
    line = text.count("\n", 0, at) + 1
    column = at - text.rfind("\n", 0, at)
    message = _("{char}: YAML reads it as a line break that editors do not show; remove it").format(
        char=describe_char(text[at])
    )
    return Problem(file, line, column, "error", "control-character", message)
