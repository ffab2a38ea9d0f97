"""`sciplan report YEAR`: the year's deliverables (SPEC 5.9), from the same views as every command.

    <region>-<YEAR>-指标完成情况.docx   the Word draft (GB/T 9704 layout): 一、主要指标完成情况 …
    ….xlsx                            the spreadsheet: numeric cells, one sheet per table
    ….html                            one offline file with charts (ECharts bundled inline)
    ….md                              the same sections as Markdown

python-docx and XlsxWriter are imported here only, when a report is written: no other command
pays for them at start-up.

Replacing files: a file that exists is replaced only with `force`, or when it is exactly what
sciplan wrote there last time (its SHA-256 is in the folder's `.sciplan-report` manifest). A
marker inside the file would not do: the Word draft is meant to be edited, and an edited draft
still carries the marker; the hash tells an untouched output (safe to refresh after the data
changed) from one somebody has worked on (never lost without --force).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING

from sciplan.store.atomic import FileExists, write_new

if TYPE_CHECKING:
    from sciplan.core.records import ValidProject

KINDS = ("docx", "xlsx", "html", "md")
MANIFEST = ".sciplan-report"


def stem(region: str, year: int, month: int | None = None) -> str:
    from sciplan.core.i18n import _

    name = _("{region}-{year}-targets-and-results").format(region=region, year=year)
    if month is not None:  # a month's report beside the year's own: never the same file
        name = _("{region}-{year}-M{month:02d}-targets-and-results").format(region=region, year=year, month=month)
    return "".join("_" if ch in '/\\:*?"<>|' else ch for ch in name)  # a file name on every system


def build(
    project: ValidProject, year: int, kinds: tuple[str, ...] = KINDS, month: int | None = None
) -> dict[str, bytes]:
    """The files' contents by extension, nothing written yet; with `month`, the report as the
    year stood at the end of that month."""
    from sciplan.report.facts import gather
    from sciplan.report.outline import outline

    facts = gather(project, year, month)
    doc = outline(facts)
    keywords = f"sciplan report {year}"
    out: dict[str, bytes] = {}
    for kind in kinds:
        if kind == "docx":
            from sciplan.report.word import docx_bytes

            out[kind] = docx_bytes(doc, keywords=keywords)
        elif kind == "xlsx":
            from sciplan.report.sheet import xlsx_bytes

            out[kind] = xlsx_bytes(facts, keywords=keywords)
        elif kind == "html":
            from sciplan.report.page import html_text

            out[kind] = html_text(facts, doc).encode("utf-8")
        else:
            from sciplan.report.markdown import markdown

            out[kind] = markdown(doc).encode("utf-8")
    return out


def write_report(
    project: ValidProject,
    year: int,
    folder: Path,
    kinds: tuple[str, ...] = KINDS,
    *,
    force: bool = False,
    month: int | None = None,
) -> list[Path]:
    """Write the report's files into `folder` (created if needed); returns their paths. With
    `month`, the report as it stood at that month's end, named for it (`…-2023-1–6月-…`).

    Every file is checked before any is written, so a refusal leaves the folder as it was."""
    contents = build(project, year, kinds, month)
    base = stem(project.catalogue.region, year, month)
    paths = {kind: folder / f"{base}.{kind}" for kind in contents}
    written = _manifest(folder)
    for path in paths.values():
        if path.exists() and not force and _digest(path) != written.get(path.name):
            raise FileExists(
                f"{path} already exists and is not the file sciplan wrote there (edited, or someone else's)",
                code="report-file-edited",
                path=path,
            )
    for kind, path in paths.items():
        write_new(path, contents[kind], force=path.exists())  # a new file: never over one that just appeared
        written[path.name] = hashlib.sha256(contents[kind]).hexdigest()
    write_new(folder / MANIFEST, json.dumps(written, ensure_ascii=False, indent=1, sort_keys=True) + "\n", force=True)
    return list(paths.values())


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _manifest(folder: Path) -> dict[str, str]:
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}
