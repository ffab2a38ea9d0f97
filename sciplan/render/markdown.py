"""Text from the files made inert in Markdown: names, tasks, units, regions and peers are shown as
written, never read as HTML (`<!--` would hide the rest of a page on GitHub, `<img onerror>` and
`<script>` run in some viewers), links, images, emphasis, headings or list items."""

from __future__ import annotations

import re

# the characters that could start markup inline, backslash-escaped (CommonMark lets any ASCII punctuation
# be): HTML, autolinks and entities (`<` before a letter, `!`, `?` or `/`; a whole `&name;`, so R&D stays
# R&D), code, links and images, table cells; emphasis and strike-through only where they could open it
# (followed by a non-space; `_` not inside a word), so `34.60*` and `~ near` stay as written
_INLINE = re.compile(r"([\\`\[\]|]|<(?=[A-Za-z!?/])|&(?=#?[A-Za-z0-9]+;)|[*~](?=\S)|(?<![0-9A-Za-z])_(?=\S))")
# what starts a block at the beginning of a line: a heading, quote, list item, rule or setext underline
_BLOCK_START = re.compile(r"( *)([#>+=*-]|[0-9]{1,9}(?=[.)](?: |$)))")


def inline(text: str) -> str:
    """`text` as one line of literal Markdown (a table cell, a heading, a bold title)."""
    return _INLINE.sub(r"\\\1", " ".join(text.splitlines()))


def block(text: str) -> str:
    """`text` as a paragraph or list item of literal Markdown: also no heading, list or quote marker at its start."""
    escaped = inline(text)
    found = _BLOCK_START.match(escaped)
    if found is None:
        return escaped
    marker = found.group(2)
    if marker.isdigit():  # `1. ` or `1) ` starts an ordered list: escape the dot or parenthesis
        end = found.end()
        return escaped[:end] + "\\" + escaped[end:]
    return found.group(1) + "\\" + escaped[found.start(2) :]
