"""Output that fits the stream's encoding: a Chinese Windows console redirected to a file writes GBK,
`LC_ALL=C` writes ASCII. Characters the encoding lacks become the nearest ones it has (✓ → √ in GBK,
+ in ASCII); Chinese text stays as written wherever the encoding has it. Never a UnicodeEncodeError.
"""

from __future__ import annotations

import codecs
from functools import lru_cache

# Each mark's stand-ins, best first; the first the encoding has is used, "?" when none is.
FALLBACKS: dict[str, tuple[str, ...]] = {
    "✓": ("√", "+"),
    "✗": ("×", "x"),
    "×": ("x",),
    "†": ("※", "#"),  # ※ is the note mark of Chinese print
    "★": (">",),
    "○": ("o",),
    "≥": (">=",),
    "≤": ("<=",),
    "≈": ("~",),
    "—": ("-",),
    "–": ("-",),
    "−": ("-",),
    "…": ("...",),
    "·": ("-",),
    "→": ("->",),
    "↑": ("^",),
    "↓": ("v",),
    "│": ("|",),
    "┃": ("|",),
    "└": ("+",),
    "█": ("#",),
    **dict.fromkeys("▁▂", ("_",)),
    **dict.fromkeys("▃▄▅", ("-",)),
    **dict.fromkeys("▆▇", ("=",)),
    **dict.fromkeys("▏▎▍▌▋▊▉", ("|",)),
}


@lru_cache(maxsize=8)  # asked once per cell of a table
def is_unicode(encoding: str | None) -> bool:
    """Whether `encoding` can write every character (UTF-8, UTF-16...); None counts as UTF-8."""
    if not encoding:
        return True
    try:
        return codecs.lookup(encoding).name.startswith("utf")
    except LookupError:
        return False


def _has(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def stand_in(char: str, encoding: str) -> str:
    """What to write for `char`, which `encoding` lacks."""
    import unicodedata  # only when a character is missing: most runs never need it

    for candidate in (*FALLBACKS.get(char, ()), unicodedata.normalize("NFKC", char)):
        if candidate != char and _has(candidate, encoding):
            return candidate
    return "?"


def fit(text: str, encoding: str | None) -> str:
    """`text` with each character `encoding` lacks replaced by its stand-in, before the layout is
    measured (so the columns of a table still line up)."""
    if is_unicode(encoding) or _has(text, encoding):  # type: ignore[arg-type]
        return text
    assert encoding is not None
    return "".join(c if _has(c, encoding) else stand_in(c, encoding) for c in text)


def _replace(error: UnicodeError) -> tuple[str | bytes, int]:
    """The `sciplan` error handler: the safety net for whatever reaches the stream unfitted."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    bad = error.object[error.start : error.end]
    if all(0xDC80 <= ord(c) <= 0xDCFF for c in bad):  # bytes of a file name, as surrogateescape keeps them
        return bytes(ord(c) - 0xDC00 for c in bad), error.end
    return "".join(stand_in(c, error.encoding) for c in bad), error.end


def _json_escape(error: UnicodeError) -> tuple[str, int]:
    """JSON's own escapes (\\uXXXX, as surrogate pairs beyond the BMP) for what the encoding lacks."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    out = []
    for char in error.object[error.start : error.end]:
        encoded = char.encode("utf-16-be", "surrogatepass")
        out += [f"\\u{encoded[i]:02x}{encoded[i + 1]:02x}" for i in range(0, len(encoded), 2)]
    return "".join(out), error.end


codecs.register_error("sciplan", _replace)
codecs.register_error("sciplan-json", _json_escape)
