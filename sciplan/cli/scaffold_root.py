"""`sciplan new DIR`: a data root to start from — a commented targets.yaml with an example of every
target form, an empty data/, the JSON Schemas for editors, a pre-commit hook and a GitHub workflow
that run `sciplan check`. The comments are in the interface language; nothing is ever overwritten.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from sciplan import REPOSITORY, __version__
from sciplan.core.i18n import N_, _
from sciplan.core.problem import SciplanError, UsageError

# Every target form, as a plan writes it and what it means (README "Targets"). Each example is read by
# tests/test_starter.py, so the file never teaches a form sciplan refuses.
_FORMS = (
    ("50", N_("at least 50 (at most, with direction: down)")),
    ('">= 50"', N_("at least 50")),
    ("不少于50家", N_("at least 50 (also: 50家以上, 确保50家以上, 达到50家)")),
    ("超260家", N_("more than 260 (also: 突破260家, 超过260)")),
    ("控制在3%以内", N_("at most 3 (also: 不超过3, 3以下)")),
    ("确保300家、力争350家", N_("at least 300, striving for 350 (also: 300..350)")),
    ("增长15%", N_("last year × 1.15 (also: 较上年增长15%, +15%)")),
    ("下降5%", N_("last year × 0.95 (also: -5%)")),
    ("翻一番", N_("twice last year (+100%; 翻两番: +300%)")),
    ("提高0.2个百分点", N_("last year + 0.2 pp, for % indicators (also: +0.2pp)")),
    ("净增40家", N_("last year + 40 (also: +40; 新增40家 on a stock)")),
    ("新增50家", N_("a flow's 50 in the year (on a stock: +50)")),
    ("列全市第二", N_("rank 2 or better among peers (also: 保持全市前三, rank <= 2)")),
)

# targets.yaml of a new root: the YAML is the same in either language, its comments are in the interface's.
_TARGETS = """\
# yaml-language-server: $schema=schema/targets.schema.json
# {about}
# {checks}
region: {region}
{lang}indicators:
  hightech_total:
    name: 有效期内国家高新技术企业
    unit: 家
    kind: stock              # {kinds}
    targets:
      {year}: 不少于300家
  tech_contract_value:
    name: 技术合同成交额
    unit: 亿元
    targets:
      {year}: 增长15%
# {forms_heading}
{forms}
# {milestones}
# milestones:
#   - {{id: transfer_rules, task: 发布《技术转移机构管理考核办法》, due: {year}年一季度}}
"""
_COMMENTS = {
    "about": N_("The plan: indicators and their yearly targets, copied from the 工作要点 as written."),
    "checks": N_("`sciplan check` validates this file and data/<YEAR>.yaml; `sciplan init YEAR` starts a year's file."),
    "kinds": N_("flow (counted within the year), stock (a level) or ratio"),
    "forms_heading": N_("Targets are written as the plan writes them. Every form, with what it means:"),
    "milestones": N_("Milestones (qualitative tasks with a deadline) are optional:"),
    "lang": N_("the language of every output, on every machine and in CI: zh 中文, en English"),
    "report": N_(
        "`sciplan report YEAR` writes the year's documents into report/. They are made again from the data\n"
        "at any time, so git leaves them out: delete the line below to commit them (the edited Word draft too)."
    ),
}

# Written only where the folder has no .gitignore of its own (it is never overwritten, nor refused for).
_GITIGNORE = """\
{report}
/report/
"""
OPTIONAL = (".gitignore",)

# One recipe for the commit and for CI: pre-commit installs sciplan from its repository at the tag of this
# version (the hook of the repository's .pre-commit-hooks.yaml, language: python), and the workflow runs
# that same hook, with the same --strict. README shows these two files as they are written.
_PRE_COMMIT = """\
# Runs `sciplan check --strict` before each commit: pip install pre-commit && pre-commit install
# (https://pre-commit.com installs sciplan itself, from its repository at this tag). CI runs the same hook:
# .github/workflows/sciplan.yml.
repos:
  - repo: {repository}
    rev: v{version}
    hooks:
      - id: sciplan-check
        args: [--strict]
"""

_WORKFLOW = """\
# Checks the plan and every year's figures on each push and pull request, with the hook of
# .pre-commit-config.yaml (sciplan check --strict): problems show as annotations on the changed lines.
name: sciplan
on: [push, pull_request]
jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      - run: pip install pre-commit
      - run: pre-commit run sciplan-check --all-files
"""


# `git diff` and `git log -p` in figures (sciplan flat) once the driver is configured (README).
_GITATTRIBUTES = """\
# git diff shows figures, not YAML lines, once: git config diff.sciplan.textconv "sciplan flat --textconv"
targets.yaml diff=sciplan
data/*.yaml diff=sciplan
data/*.yml diff=sciplan
"""


def starter_files(region: str, year: int, language: str) -> dict[str, str]:
    """The files of a new data root, by path relative to it, the comments in `language`."""
    from sciplan.core import i18n
    from sciplan.validate.editors import schemas

    region = _region_text(region)
    before = i18n.language()
    i18n.set_language(language)
    try:
        width = max(_width(form) for form, _meaning in _FORMS)
        forms = "\n".join(f"#   {form}{' ' * (width - _width(form))}  {_(meaning)}" for form, meaning in _FORMS)
        comments = {name: _(text) for name, text in _COMMENTS.items()}
    finally:
        i18n.set_language(before)
    # a root started in Chinese stays Chinese wherever it is checked (CI's locale is English)
    lang_comment = comments.pop("lang")
    comments["lang"] = f"lang: zh                     # {lang_comment}\n" if language == "zh" else ""
    ignored = _GITIGNORE.format(report=_comment_lines(comments.pop("report")))
    files = {
        "targets.yaml": _TARGETS.format(region=region, year=year, forms=forms, **comments),
        "data/.gitkeep": "",
        ".pre-commit-config.yaml": _PRE_COMMIT.format(repository=REPOSITORY, version=__version__),
        ".github/workflows/sciplan.yml": _WORKFLOW,
        ".gitattributes": _GITATTRIBUTES,
        ".gitignore": ignored,
    }
    for kind, schema in schemas().items():
        files[f"schema/{kind}.schema.json"] = json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
    return files


def _comment_lines(text: str) -> str:
    return "\n".join(f"# {line}" for line in text.split("\n"))


def _region_text(region: str) -> str:
    """The region as YAML text that reads back as the very same name: quoted wherever the plain scalar
    would be something else (2024, null, true, 1e3, a leading `-`, a `: `). A name that is not one
    line of plain text is refused, as `check` would refuse it."""
    from sciplan.core.chars import control_problem
    from sciplan.load.scalars import resolve_plain

    why = control_problem(region, one_line=True) if region.strip() else _("the name is empty")
    if why is not None:
        raise UsageError(_("--region: {why}; a region's name is one line of text").format(why=why))
    from sciplan.core.filenames import region_name_problem

    named = region_name_problem(region)
    if named is not None:  # what check would refuse: the report's file names start with it
        raise UsageError(f"--region: {named}")
    plain = (
        resolve_plain(region) == region
        and type(resolve_plain(region)) is str
        and not any(c in region for c in ":#{}[],&*!|>'\"%@`?-~")
        and region.strip() == region
    )
    return region if plain else json.dumps(region, ensure_ascii=False)


def _width(text: str) -> int:
    """Columns on screen: a Chinese character takes two, so the meanings line up in an editor."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _taken(folder: Path, path: str) -> bool:
    """The file is there (a dangling link included), or a folder on its way is a link: sciplan new
    writes only into folders of its own making or already real ones."""
    parts = path.split("/")
    return os.path.lexists(folder / path) or any(
        os.path.islink(folder.joinpath(*parts[:i])) for i in range(1, len(parts))
    )


def write_starter(folder: Path, region: str, year: int, language: str) -> list[Path]:
    """Write a new data root into `folder` (made if missing). Refuses, writing nothing, when any of
    its files is already there."""
    from sciplan.store.atomic import write_new

    files = starter_files(region, year, language)
    for path in OPTIONAL:  # the folder's own .gitignore stays as it is
        if _taken(folder, path):
            del files[path]
    # lexists: a dangling link is there too (writing through it would fail after the first files)
    present = [path for path in files if _taken(folder, path)]
    if present:
        raise SciplanError(
            _(
                "{folder}: {files} already there; sciplan new never overwrites anything (start in an empty folder)"
            ).format(folder=folder, files=_(", ").join(present))
        )
    written = []
    for path, text in files.items():
        write_new(folder / path, text)
        written.append(folder / path)
    return written
