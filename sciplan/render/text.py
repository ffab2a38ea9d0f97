"""`--format markdown|plain`: tabulate's pipe table (Markdown) and its plain layout.

tabulate measures Chinese characters as two columns wide through wcwidth, so columns line up.
"""

from __future__ import annotations

import sys

from tabulate import tabulate

from sciplan.render import Grid, Note, Section

_TABLEFMT = {"markdown": "pipe", "plain": "simple"}
_ALIGN = {"left": "left", "right": "right", "center": "center"}


def print_text(grid: Grid, fmt: str) -> None:
    markdown = fmt == "markdown"
    columns, shown = grid.shown(fmt)
    rows = []
    for row in shown:
        if isinstance(row, Section):
            title = f"**{row.title}**" if markdown else f"[{row.title}]"
            rows.append([title] + [""] * (len(columns) - 1))
        else:
            rows.append([_escape(c.text) if markdown else c.text for c in row])
    table = tabulate(
        rows,
        headers=[c.header for c in columns],
        tablefmt=_TABLEFMT[fmt],
        colalign=[_ALIGN[c.justify] for c in columns],
        disable_numparse=True,
    )
    out = [f"## {grid.title}" if markdown else grid.title, "", table]
    if grid.notes:
        out.append("")
        out += [_note(n, markdown) for n in grid.notes]
    sys.stdout.write("\n".join(out) + "\n")


def _note(note: Note, markdown: bool) -> str:
    if note.kind == "heading":
        return f"**{note.text}**\n" if markdown else note.text
    if note.kind == "item":
        return f"- {note.text}" if markdown else f"  {note.text}"
    return f"\n{note.text}" if markdown else note.text


def _escape(text: str) -> str:
    return text.replace("|", "\\|")
