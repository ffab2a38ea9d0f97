"""Characters a data file may not hold, how text from the files is echoed in messages, and how
names are compared.

Nothing a file contains may act on the terminal or a CI log: control characters (ESC starts
terminal sequences, BEL rings, a line break starts a new log line that GitHub Actions reads as a
workflow command) and bidi controls (which reorder what is shown) are refused when a file is read.
"""

from __future__ import annotations

import re
import sys
import unicodedata

from sciplan.core.i18n import N_, _

# C0 controls but the line break, DEL, C1 controls, the bidi controls and line separators, and the
# noncharacters U+FFFE/U+FFFF (a YAML escape lets them in; no Word or Excel file may hold them).
_CONTROLS = (
    "\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff"
    # invisible everywhere, so two names that read alike can differ (attacker trial 3): Unicode tag
    # characters, the Hangul fillers, the combining grapheme joiner, interlinear annotation marks
    "\U000e0000-\U000e007f\u115f\u1160\u3164\uffa0\u034f\ufff9-\ufffb"
)
CONTROL = re.compile(f"[{_CONTROLS}]")  # refused anywhere: a multi-line note may hold only \n
LINE_CONTROL = re.compile(f"[\n{_CONTROLS}]")  # refused in one-line text: names, units, keys
# What shows a file might hold one, raw or escaped: libyaml refuses every raw control character
# but the tab and line breaks, so the rest are a backslash (escapes in double-quoted YAML), `?` (an
# explicit, possibly multi-line, key) and what YAML lets through. `in` for each of these scans a
# 4 MB file in under 20 ms; a regular expression takes 50.
_SUSPECT = (
    "\u115f\u1160\u3164\uffa0\u034f\ufff9\ufffa\ufffb"  # fillers and annotation marks
    "\\?\t\x85\u061c\u200e\u200f\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


_TAGS = re.compile("[\U000e0000-\U000e007f]")


def suspect(text: str) -> bool:
    """Whether `text` might hold a control character or a workflow command (a cheap test before
    checking every scalar). Tag characters lie beyond U+FFFF: only a text CPython stores in four
    bytes a character can hold one, which its size tells at once, so most files skip that scan."""
    if "::" in text or any(c in text for c in _SUSPECT):
        return True
    return sys.getsizeof(text) >= 4 * len(text) > 0 and _TAGS.search(text) is not None


_NAMES = {
    "\n": N_("line break"),
    "\t": N_("tab"),
    "\r": N_("carriage return"),
    "\x1b": "ESC",
    "\x07": "BEL",
    "\x85": "NEL",
    "\ufffe": N_("not a character"),
    "\uffff": N_("not a character"),
}
# Invisible characters that make two spellings of one name look alike: zero-width spaces and
# joiners, the soft hyphen, the word joiner, the byte-order mark.
INVISIBLE = re.compile(
    "[\u00ad\u180e\u200b-\u200f\u2060-\u2064\ufeff\U000e0000-\U000e007f\u115f\u1160\u3164\uffa0\u034f]"
)
SHOWN = 40  # characters of input echoed in a message


def describe_char(char: str) -> str:
    """`U+001B (ESC)`, `U+202E (RIGHT-TO-LEFT OVERRIDE)`."""
    name = _(_NAMES[char]) if char in _NAMES else unicodedata.name(char, _("control character"))
    return f"U+{ord(char):04X} ({name})"


def control_problem(text: str, *, one_line: bool) -> str | None:
    """`'x\\n…' holds U+000A (line break)` when `text` holds a control or bidi character, else None."""
    found = (LINE_CONTROL if one_line else CONTROL).search(text)
    if found is not None:
        return _("{text!r} holds {char}").format(text=cut(text), char=describe_char(found.group()))
    return None


def command_problem(text: str) -> str | None:
    """`'::error::x' starts a line with '::' …` when a line of `text` could pass for a CI command."""
    # GitHub Actions reads any log line that starts with `::` (after spaces) as a command, and a name
    # starts lines of its own in plain and CSV output: `::error::…` in a name could fail a CI run.
    if any(line.lstrip().startswith("::") for line in text.split("\n")):
        return _("{text!r} starts a line with '::', which CI logs read as a workflow command").format(text=cut(text))
    return None


def cut(text: str, limit: int = SHOWN) -> str:
    """`text`, cut to `limit` characters with a `…`: a 10 MB value is not echoed whole."""
    return text if len(text) <= limit else text[:limit] + "…"


def quoted(text: str, limit: int = SHOWN) -> str:
    """`text` quoted for a message, every control or invisible character escaped, cut to `limit`."""
    return repr(cut(text, limit))


def escaped_controls(text: str) -> str:
    """`text` with each control, bidi or line-separator character written `\\u202e`: what a document
    brought in reaches no terminal raw (and reads back as itself in a double-quoted YAML scalar)."""
    return CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def name_key(name: str) -> str:
    """What a name is compared by: ` R`, `Ｒ` and `R` + a zero-width space are all `R`."""
    return INVISIBLE.sub("", unicodedata.normalize("NFKC", name)).strip()


def ascii_digits(text: str) -> bool:
    """Only 0–9 make a year or a month: str.isdigit() also takes ³ ① ٣ 𝟔, which int() reads or refuses."""
    return text.isascii() and text.isdigit()
