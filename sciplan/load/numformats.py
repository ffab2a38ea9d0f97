"""A cell's number format: what it does to the number Excel shows: a percent (`0.00%`: 0.062 shows as 6.20%), a
unit written into it (`0"万元"`, `General"亿元"`), a scale (`0.00,,`: 620000000 shows as 620.00).

Only the format code is read here; what a figure in such a cell means is for its reader to say (a returned
template, app/formcells.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

# the pieces of a format code that are text, not number: "quoted", \escaped, [$¥-804] (a currency and a
# locale), [Red] / [>100] (a colour, a condition), _x (a space as wide as x), *x (x repeated to fill the cell)
_PIECE = re.compile(r'"([^"]*)"?|\\(.)|\[\$([^\]-]*)[^\]]*\]|\[[^\]]*\]|[_*].', re.S)
_DIGIT = "0#?"
_CONDITION = re.compile(r"\[[<>=]")  # [>100]: the section is for the numbers the condition holds for
_SIGNS = "%％‰¥￥$€£"  # units that are no letters


@dataclass(frozen=True)
class Shown:
    percent: bool  # a % outside the text: the number is shown × 100
    words: tuple[str, ...]  # the text each section writes beside the number (万元), non-empty ones only
    scale: int  # the thousands the number is divided by as shown (`0.00,,`: 2, i.e. ÷ 1,000,000)


def shown(code: str) -> Shown:
    """What the number format `code` (as openpyxl gives it) does to the number it shows."""
    percent, words, scale = False, [], 0
    for section in _sections(code or "General"):
        texts: list[str] = []

        def text(m: re.Match[str], texts: list[str] = texts) -> str:
            said = next((g for g in m.groups() if g is not None), "")
            texts.append(said)
            return "\x00"  # a text between two digits is no thousands separator

        bare = _PIECE.sub(text, section)
        bare = re.sub(r"(?i)general|@", "", bare)
        texts.extend(re.findall(r"[^\x00-\x7f]+", bare))  # 万元 written unquoted (WPS, LibreOffice accept it)
        bare = re.sub(r"[^\x00-\x7f]+", "\x00", bare)
        percent = percent or "%" in bare
        word = "".join(texts).strip()
        if any(c.isalpha() or c in _SIGNS for c in word):  # a unit; not the "-" an accounting format shows for 0
            words.append(word)
        for m in re.finditer(r",+", bare):
            before = bare[m.start() - 1] if m.start() else ""
            after = bare[m.end()] if m.end() < len(bare) else ""
            # `0,,` divides by a million; `#,##0` separates the thousands
            if before and before in _DIGIT + "." and not (after and after in _DIGIT + "."):
                scale = max(scale, len(m.group()))
    return Shown(percent, tuple(words), scale)


def hidden(code: str, number: Decimal) -> str | None:
    """What a cell in the number format `code` shows instead of `number` when the section that formats it
    writes no digit: `;;;` shows nothing for any number (""), `0"万元";-0"万元";"—"` shows 0 as "—"; None when
    the number is shown. A code with conditions (`[>100]0"万元";0.00"亿元"`) is not read here (None)."""
    split = _split(code or "General")[:3]
    if any(_CONDITION.search(s) for s in split):
        return None
    if len(split) == 1:
        section = split[0]
    elif len(split) == 2:  # positive and zero; negative
        section = split[0] if number >= 0 else split[1]
    else:  # positive; negative; zero
        section = split[0] if number > 0 else split[1] if number < 0 else split[2]
    bare = _PIECE.sub("\x00", section)
    if re.search(r"(?i)[0#?@]|general|[ymdhs]", bare):  # a digit, the number as text, a date or a time
        return None
    return _PIECE.sub(lambda m: m.group(1) or m.group(2) or m.group(3) or "", section).strip()


def _sections(code: str) -> list[str]:
    """The code's sections (positive;negative;zero;text) that format a number and write something."""
    return [s for s in _split(code)[:3] if s]  # the 4th section formats text, never a number


def _split(code: str) -> list[str]:
    """The code's sections (positive;negative;zero;text), split at the `;` outside quotes, empty ones kept."""
    out, start, quoted, escaped = [], 0, False, False
    for i, ch in enumerate(code):
        if escaped:
            escaped = False
        elif ch == "\\" and not quoted:
            escaped = True
        elif ch == '"':
            quoted = not quoted
        elif ch == ";" and not quoted:
            out.append(code[start:i])
            start = i + 1
    out.append(code[start:])
    return out
