"""`sciplan report YEAR`: the year's deliverables (SPEC 5.9), from the same views as every command.

    <region>-<YEAR>-指标完成情况.docx   the Word draft (GB/T 9704 layout): 一、主要指标完成情况 …
                                      (a year under way: <region>-<YEAR>年1-9月-指标完成情况.docx)
    ….xlsx                            the spreadsheet: numeric cells, one sheet per table
    ….html                            one offline file with charts (ECharts bundled inline)
    ….md                              the same sections as Markdown

python-docx and XlsxWriter are imported here only, when a report is written: no other command
pays for them at start-up.

Replacing files: a file that exists is replaced only with `force`, or when it is exactly what
sciplan wrote there last time (its SHA-256 is in the folder's `.sciplan-report` manifest, kept
true through killed runs, full disks and concurrent runs by sciplan.store.owned). The hash tells
an untouched output (safe to refresh after the data changed) from one somebody has worked on
(never lost without --force).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sciplan.core.records import ValidProject
    from sciplan.report.facts import Facts

KINDS = ("docx", "xlsx", "html", "md")


def stem(facts: Facts) -> str:
    """The files' name without suffix, from the period the facts cover (not from `--month`): a
    final year's `泰兴市-2022-指标完成情况`; a year under way's `泰兴市-2022年1-9月-…`, the same for
    `report 2022` and `report 2022 --month 9` at as_of 2022-09-30 (one report, one name)."""
    from sciplan.core.filenames import report_stem

    return report_stem(facts.region, facts.year, facts.month)


def build(
    project: ValidProject, year: int, kinds: tuple[str, ...] = KINDS, month: int | None = None
) -> dict[str, bytes]:
    """The files' contents by extension, nothing written yet; with `month`, the report as the
    year stood at the end of that month."""
    return _built(project, year, kinds, month)[1]


def _built(
    project: ValidProject, year: int, kinds: tuple[str, ...], month: int | None
) -> tuple[Facts, dict[str, bytes]]:
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
    return facts, out


def write_report(
    project: ValidProject,
    year: int,
    folder: Path,
    kinds: tuple[str, ...] = KINDS,
    *,
    force: bool = False,
    month: int | None = None,
    root: Path | None = None,
) -> list[Path]:
    """Write the report's files into `folder` (created if needed); returns their paths. With
    `month`, the report as it stood at that month's end. The files are named for the period the
    report covers (`stem`): `…-2023年1-6月-…` for a year under way, `…-2023-…` once it is final. With
    `root` (the data root), a folder inside it by name that a symbolic link takes out of it is refused.

    Every file is checked before any is written, so a refusal leaves the folder as it was; a file that
    appears in the folder meanwhile is never replaced (sciplan.store.owned)."""
    from sciplan.store.owned import owned
    from sciplan.store.places import check_out_folder

    check_out_folder(folder, root)
    facts, contents = _built(project, year, kinds, month)
    base = stem(facts)
    names = {kind: f"{base}.{kind}" for kind in contents}
    with owned(folder, list(names.values())) as place:
        place.check(list(names.values()), force)
        place.write({names[kind]: data for kind, data in contents.items()}, force)
    return [folder / name for name in names.values()]
