"""`sciplan set`: one figure into a year's file, in place, checked as `check` checks it."""

from __future__ import annotations

import pytest

OPEN_2022 = """\
# 2022年 截至6月底
year: 2022
final: false
as_of: 2022-06-30   # 半年
actuals:
  firms: 20         # 上半年新增
  rd: {value: 2.7, estimated: true, note: 预计数}
  loans: 6000
months:
  3: {firms: 8, loans: 2500}
"""


@pytest.fixture
def root(base_root):
    (base_root / "data" / "2022.yaml").write_text(OPEN_2022, encoding="utf-8")
    return base_root


def year_file(root) -> str:
    return (root / "data" / "2022.yaml").read_text(encoding="utf-8")


def test_set_changes_one_line(root, run_cli):
    result = run_cli("set", "firms", "25", "--year", "2022", "--root", str(root))
    assert result.exit_code == 0, result
    assert year_file(root) == OPEN_2022.replace("firms: 20 ", "firms: 25 ")
    assert "20 → 25" in result.stdout
    assert "0 new, 1 changed, 0 unchanged" in result.stdout


def test_indicator_by_name_and_unit_kept_when_it_differs(root, run_cli):
    assert run_cli("set", "科技贷款", "1.2亿元", "--year", "2022", "--root", str(root)).exit_code == 0
    assert "  loans: 1.2亿元\n" in year_file(root)
    assert run_cli("set", "loans", "6500万元", "--year", "2022", "--root", str(root)).exit_code == 0
    assert "  loans: 6500\n" in year_file(root)  # the indicator's own unit: the number alone


def test_mapping_value_keeps_its_note(root, run_cli):
    assert run_cli("set", "rd", "2.75", "--year", "2022", "--root", str(root)).exit_code == 0
    assert "  rd: {value: 2.75, estimated: true, note: 预计数}\n" in year_file(root)
    assert run_cli("set", "firms", "26", "--year", "2022", "--note", "含迁入", "--root", str(root)).exit_code == 0
    assert "  firms: {value: 26, note: 含迁入}         # 上半年新增\n" in year_file(root)


def test_earlier_month_goes_under_months(root, run_cli):
    assert run_cli("set", "firms", "9", "--year", "2022", "--month", "3", "--root", str(root)).exit_code == 0
    assert "  3: {firms: 9, loans: 2500}\n" in year_file(root)


def test_roll_over_june_to_september_keeps_june(root, run_cli):
    result = run_cli("set", "firms", "31", "--year", "2022", "--month", "9", "--root", str(root))
    assert result.exit_code == 0, result
    assert year_file(root) == (
        "# 2022年 截至6月底\n"
        "year: 2022\n"
        "final: false\n"
        "as_of: 2022-09-30   # 半年\n"
        "actuals:\n"
        "  firms: 31\n"
        "months:\n"
        "  3: {firms: 8, loans: 2500}\n"
        # the comment on the June figure goes with it (figfix: roll-over kept it on September's)
        "  6: {firms: 20, rd: {value: 2.7, estimated: true, note: 预计数}, loans: 6000}  # firms: 上半年新增\n"
    )
    assert "as_of 2022-06-30 → 2022-09-30" in result.stdout
    assert run_cli("check", "--root", str(root)).exit_code == 0


def test_null_and_dry_run(root, run_cli):
    result = run_cli("set", "loans", "null", "--year", "2022", "--dry-run", "--root", str(root))
    assert result.exit_code == 0
    assert "6000 → —" in result.stdout
    assert year_file(root) == OPEN_2022
    assert run_cli("set", "loans", "null", "--year", "2022", "--root", str(root)).exit_code == 0
    assert "  loans: null\n" in year_file(root)


@pytest.mark.parametrize(
    ("value", "first_line"),
    [
        ("xx", "data/2022.yaml:6:10: error[placeholder]: actuals.firms: 'xx' is a template placeholder"),
        (
            "30件",
            "data/2022.yaml:6:10: error[unit]: actuals.firms: '30件' is in 件, but this indicator is measured in 家",
        ),
        ("很多", "data/2022.yaml:6:10: error[not-a-number]: actuals.firms: '很多' is not a number"),
    ],
)
def test_bad_value_is_the_located_error_check_gives_and_nothing_is_written(root, run_cli, value, first_line):
    result = run_cli("set", "firms", value, "--year", "2022", "--root", str(root))
    assert result.exit_code == 1
    assert result.stderr.startswith(first_line), result
    assert "nothing was written" in result.stderr
    assert year_file(root) == OPEN_2022


def test_a_tenfold_jump_is_refused(root, run_cli):
    result = run_cli("set", "talents", "150", "--year", "2021", "--root", str(root))  # 2020: 10
    assert result.exit_code == 1
    assert "error[jump]" in result.stderr


def test_file_changed_on_disk_is_refused(root, run_cli, monkeypatch):
    from sciplan.app import recording as figures

    real = figures._check

    def meanwhile(root_, file, text):  # another editor saves while set works
        found = real(root_, file, text)
        (root / "data" / "2022.yaml").write_text(OPEN_2022 + "# 别人改的\n", encoding="utf-8")
        return found

    monkeypatch.setattr(figures, "_check", meanwhile)
    result = run_cli("set", "firms", "25", "--year", "2022", "--root", str(root))
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "sciplan: error: data/2022.yaml changed on disk since sciplan read it; nothing written, run the command again"
    )
    assert year_file(root) == OPEN_2022 + "# 别人改的\n"


def test_usage_errors_exit_2(root, run_cli):
    assert (
        run_cli("set", "firms", "1", "--year", "2022", "--unit", "a", "--peer", "b", "--root", str(root)).exit_code == 2
    )
    assert run_cli("set", "nosuch", "1", "--year", "2022", "--root", str(root)).exit_code == 2
    assert run_cli("set", "firms", "1", "--root", str(root)).exit_code == 2  # no --year
    assert year_file(root) == OPEN_2022


def test_new_year_file_is_started(root, run_cli):
    assert run_cli("set", "firms", "5", "--year", "2023", "--month", "2", "--root", str(root)).exit_code == 0
    assert (root / "data" / "2023.yaml").read_text(encoding="utf-8") == (
        "year: 2023\nas_of: 2023-02-28\nactuals:\n  firms: 5\n"
    )


def test_says_what_it_wrote(root, run_cli):
    result = run_cli("set", "firms", "25", "--year", "2022", "--root", str(root))
    assert result.stderr.strip().splitlines()[-1] == "wrote data/2022.yaml"
    result = run_cli("set", "firms", "25", "--year", "2022", "--root", str(root))
    assert result.stderr.strip().splitlines()[-1] == "data/2022.yaml unchanged"


def test_table_shows_old_and_new_in_the_indicators_unit(root, run_cli):
    # new-user trial: `set tech_loans 0.09亿元` on an indicator in 万元 showed `820 → 0.09亿元  万元`
    result = run_cli("set", "loans", "0.65亿元", "--year", "2022", "--root", str(root))
    assert result.exit_code == 0, result
    assert "6000 → 6500" in result.stdout  # 0.65亿元 = 0.65 × 10000 万元 = 6500 万元
    assert "  loans: 0.65亿元\n" in year_file(root)  # the file keeps the figure as the user wrote it
    # and the other way: an old figure written in 亿元, a new one in 万元 with an approximate word
    result = run_cli("set", "loans", "约7000万元", "--year", "2022", "--dry-run", "--root", str(root))
    assert "6500 → 约7000" in result.stdout  # 0.65亿元 = 6500 万元; 约7000万元 is 约7000 in 万元
