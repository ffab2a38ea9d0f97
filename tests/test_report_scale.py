"""`report YEAR` stays linear in the number of indicators (issue 19). It was not twice: python-docx
before 1.2 made every cell of a table again for each row's cells (n^1.57 at 10k indicators), and every
paragraph added to the Word draft had python-docx search the body's children, from the first, for its
closing section properties (a search in C, no Python call to count: the searches are counted).

Calls are counted, not timed: the same counts on any machine, under any load, in a second or two."""

from __future__ import annotations

import cProfile
import pstats
import sys
from pathlib import Path

from conftest import REPO

sys.path.insert(0, str(REPO / "bench"))
from generate import generate

SMALL, LARGE = 20, 80  # indicators × 10 years × 2 peers, seeded: the same roots every run
YEAR = 2009


def _project(tmp_path: Path, n: int):
    from sciplan import api

    root = tmp_path / f"root-{n}"
    generate(root, n, 10, 2)
    loaded = api.load(root, use_cache=False)
    assert loaded.valid, loaded.problems
    return loaded.project


def test_no_function_is_called_more_than_linearly_more_often(tmp_path):
    from sciplan.report import build

    counts = {}
    for n in (SMALL, LARGE):
        project = _project(tmp_path, n)
        profile = cProfile.Profile()
        profile.enable()
        build(project, YEAR)
        profile.disable()
        counts[n] = {key: stats[0] for key, stats in pstats.Stats(profile).stats.items()}  # type: ignore[attr-defined]
    # 4× the indicators: a function called per row, cell or year is called about 4× as often (3.96–4.36×
    # when this was written: which rows are ratios or rank targets differs a little); one called for
    # every pair of rows 16× as often. A function called fewer than 200 times is no one's concern.
    small, large = counts[SMALL], counts[LARGE]
    worse = {
        f"{path}:{line} {name}": (small[key], n)
        for key, n in large.items()
        for path, line, name in [key]
        if n >= 200 and key in small and n > 6 * small[key]
    }
    assert not worse, worse
    assert sum(large.values()) > 2 * sum(small.values())  # the counts are real: the larger report did more


def test_a_paragraph_is_added_without_searching_the_body(tmp_path, monkeypatch):
    from docx.oxml import xmlchemy
    from docx.oxml.document import CT_Body

    from sciplan.report import build

    searches: list[str] = []
    real = xmlchemy.BaseOxmlElement.first_child_found_in

    def counted(self, *tagnames):
        if isinstance(self, CT_Body):
            searches.append(tagnames[0])
        return real(self, *tagnames)

    monkeypatch.setattr(xmlchemy.BaseOxmlElement, "first_child_found_in", counted)
    found = {}
    for n in (SMALL, LARGE):
        project = _project(tmp_path, n)
        del searches[:]
        docx = build(project, YEAR, kinds=("docx",))["docx"]
        assert docx.startswith(b"PK")  # a Word file was made
        found[n] = len(searches)
    # the paragraphs grow with the indicators (a sentence each); the body's searches do not: the two
    # tables are added by python-docx itself (one search each), every paragraph beside its last child
    assert found[SMALL] == found[LARGE] == 2, found
