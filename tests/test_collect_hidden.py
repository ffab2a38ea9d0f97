"""A returned 报送表's figure cell whose number format shows no figure (attacker trial 6): `;;;` hides any
number, and `0"亿元";-0"亿元";"—"` shows 0 as — (README: —— is not reported, never zero). Both went in as the
stored number (120, 0) without a word; the 板块 saw no figure there. Refused at the cell, nothing written."""

from __future__ import annotations

import pytest
from test_collect_bad import refused
from test_collect_formats import returned
from test_collect_formats import root as formats_root  # noqa: F401 (a fixture)


@pytest.mark.parametrize(
    ("value", "code", "said"),
    [
        (120, ";;;", "nothing"),  # every section empty: Excel shows an empty cell
        (0, '0"亿元";-0"亿元";"—"', "“—”"),  # the third section formats 0: the text — alone
        (-3, "0;;0", "nothing"),  # the second section, empty, formats a negative number
        (7, '"——"', "“——”"),  # one section, text only: every number shows ——
    ],
)
def test_a_figure_its_format_does_not_show_is_refused(tmp_path, run_cli, formats_root, value, code, said):  # noqa: F811
    path = returned(tmp_path, run_cli, formats_root, {"D5": (value, code)})
    lines = refused(run_cli, formats_root, str(path))
    assert lines[0] == (
        f"{path}!报送表!D5: error[template-hidden]: the cell holds {value}, but its number format ({code}) shows "
        f"{said} instead: not reported, or {value}? Write the figure in the form's number format, or leave the "
        "cell empty where there is none, then import"
    ), lines


@pytest.mark.parametrize(
    ("value", "code", "written"),
    [
        (5, '0"项";-0"项";"—"', "5"),  # the first section shows 5项: the dash is for 0 only
        (0, "0;-0;0", "0"),  # the zero section shows 0
        (0, '_(* #,##0_);_(* (#,##0);_(* "-"??_);_(@_)', "0"),  # accounting: "-"?? keeps its digit places
        (0, '[>100]0"项";0"项"', "0"),  # conditions: their sections are not read here, the number stands
    ],
)
def test_a_figure_its_format_shows_goes_in(tmp_path, run_cli, formats_root, value, code, written):  # noqa: F811
    path = returned(tmp_path, run_cli, formats_root, {"D6": (value, code)})
    result = run_cli("import", str(path), "--root", str(formats_root))
    assert result.exit_code == 0, result
    text = (formats_root / "data" / "2022.yaml").read_text(encoding="utf-8")
    assert f"    iur_agreements: {written}\n" in text, text
