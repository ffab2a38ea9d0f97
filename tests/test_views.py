"""One view per command feeds every format: what CSV writes is what JSON says, key for key."""

from __future__ import annotations

import csv
import io
import json

import pytest

from conftest import REPO
from sciplan.render.csv import cell
from sciplan.views import csv_value, value_at

# (command, how to find the JSON rows, the columns that identify a row)
COMMANDS = [
    (["status", "2022"], lambda d: d["indicators"], ("id",)),
    (["status", "2021", "--parts"], lambda d: d["indicators"], ("id",)),
    (["status", "2022", "--sort", "status"], lambda d: d["indicators"], ("id",)),
    (["status", "2022", "--unit", "泰兴高新区"], lambda d: d["indicators"], ("id",)),
    (["trend", "hightech_total"], lambda d: d["years"], ("year",)),
    (["trend", "rd_intensity"], lambda d: d["years"], ("year",)),
    (["plan"], lambda d: [row for p in d["plans"] for row in p["indicators"]], ("plan", "id")),
    (["plan", "--year", "2021"], lambda d: [row for p in d["plans"] for row in p["indicators"]], ("plan", "id")),
    (["compare", "hightech_total"], lambda d: d["regions"], ("region",)),
    (["compare", "tech_smes", "--years", "1"], lambda d: d["regions"], ("region",)),
    (["units", "2022"], lambda d: [r for u in d["units"] for r in u["results"]] + d["total"], ("sub_unit", "id")),
    (
        ["units", "2022", "hightech_new"],
        lambda d: [r for u in d["units"] for r in u["results"]] + d["total"],
        ("sub_unit", "id"),
    ),
    (["indicators"], lambda d: d["indicators"], ("id",)),
]


@pytest.mark.parametrize(("args", "json_rows", "identity"), COMMANDS, ids=[" ".join(c[0]) for c in COMMANDS])
def test_every_csv_column_is_in_the_json_rows(args, json_rows, identity, run_cli, monkeypatch):
    monkeypatch.chdir(REPO)
    as_csv = run_cli(*args, "-f", "csv")
    as_json = run_cli(*args, "-f", "json")
    assert as_csv.exit_code == 0 and as_json.exit_code == 0, (as_csv, as_json)
    table = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    rows = json_rows(json.loads(as_json.stdout))
    assert table and len(table) == len(rows)
    by_identity = {tuple(csv_value(value_at(row, key)) for key in identity): row for row in rows}
    assert len(by_identity) == len(rows), "rows must be told apart by their identity columns"
    for line in table:
        row = by_identity[tuple(line[key] for key in identity)]
        for key, written in line.items():
            assert value_at(row, key) is not None or written == "", (key, written)
            assert cell(value_at(row, key)) == written, (key, line, row)  # text a spreadsheet runs gets a '

            # the path exists in the JSON row, even where the value is null
            parent = row
            for part in key.split(".")[:-1]:
                parent = parent.get(part) or {}
            assert key.split(".")[-1] in parent or parent == {}, (key, row)


def test_units_share_is_in_every_format(run_cli, monkeypatch):
    """The share of the region was in the table and CSV but not in `units -f json`."""
    monkeypatch.chdir(REPO)
    doc = json.loads(run_cli("units", "2022", "hightech_new", "-f", "json").stdout)
    shares = {u["unit"]: u["results"][0]["share"] for u in doc["units"]}
    # 5, 3 and 1 of the region's 9 (sum of the units, data/2022.yaml): 5/9 = 55.6%, 3/9 = 33.3%, 1/9 = 11.1%
    assert shares == pytest.approx({"泰兴高新区": 500 / 9, "泰兴经济开发区": 300 / 9, "黄桥经济开发区": 100 / 9})
    assert doc["total"][0]["share"] is None
    table = run_cli("units", "2022", "hightech_new", "-f", "plain").stdout
    assert "55.6%" in table and "33.3%" in table and "11.1%" in table


def test_compare_writes_a_pp_yoy_with_the_decimals_status_uses():
    """`compare` wrote a pp YoY with 2 decimals where `status` used the indicator's: one rule now."""
    from fractions import Fraction as F

    from sciplan.compute.peers import Comparison, RegionRow
    from sciplan.core.records import Indicator
    from sciplan.views import compare

    rd = Indicator("rd", "研发投入强度", "%", kind="ratio")
    # 2.5% this year against 2.3% last year: +0.2 pp, values written with one decimal
    rows = [
        RegionRow("泰兴市", True, F(25, 10), 1, F(2, 10), None),
        RegionRow("兴化市", False, F(23, 10), 2, None, None),
    ]
    shown = compare.view(Comparison(rd, 2021, 3, rows), "泰兴市").rows[0].shown
    assert shown["yoy"] == "+0.2pp"  # as status writes a 2.5 vs 2.3 change; was "+0.20pp"
