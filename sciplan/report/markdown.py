"""The report as Markdown: the same sections as the Word draft, for pasting and for git diffs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sciplan.render.markdown import block, inline

if TYPE_CHECKING:
    from sciplan.report.outline import Outline, Section, Table

MARK = "<!-- written by sciplan report -->"


def markdown(doc: Outline) -> str:
    out = [f"# {inline(doc.title)}", "", block(doc.subtitle), ""]
    for section in doc.sections:
        _section(section, out, "##")
    out.append(MARK)
    return "\n".join(out) + "\n"


def _section(s: Section, out: list[str], level: str) -> None:
    if s.heading:
        out += [f"{level} {inline(s.heading)}", ""]
    if s.note:
        out += [f"> {block(s.note)}", ""]
    if s.table is not None:
        out += [*_table(s.table), ""]
    for i, p in enumerate(s.paragraphs, 1):
        out.append(f"{i}. {block(p)}" if s.numbered else block(p))
        if not s.numbered:
            out.append("")
    if s.numbered and s.paragraphs:
        out.append("")
    for sub in s.subsections:
        _section(sub, out, level + "#")


def _cell(text: str) -> str:
    return inline(text)


def _table(t: Table) -> list[str]:
    lines = ["| " + " | ".join(_cell(h) for h in t.headers) + " |", "|" + "---|" * len(t.headers)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in t.rows]
    if t.notes:
        lines += ["", *(block(note) for note in t.notes)]
    return lines
