"""The HTML report as a person sees it: opened in headless Chromium, offline, charts drawn, Chinese shown.

Needs Debian's `chromium` and `fonts-noto-cjk` (.ci/run installs both when it can); skipped, with
the reason, only where no browser exists.
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from conftest import REPO
from sciplan.core.i18n import language, set_language

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def browser() -> str:
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    pytest.skip(f"no Chromium on this machine ({', '.join(BROWSERS)} not on PATH): apt-get install chromium")


def chromium(*args: str, timeout: int = 120) -> subprocess.CompletedProcess:
    # --virtual-time-budget lets scripts run to completion before the DOM is dumped or the page shot;
    # no network is used: the page is a file and fetches nothing
    command = [browser(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
               "--disable-extensions", "--virtual-time-budget=10000", *args]  # fmt: skip
    return subprocess.run(command, capture_output=True, timeout=timeout, check=False)


def pixels(png: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and rows of RGB(A) pixels of an 8-bit PNG (what Chromium writes)."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width = 8, b"", 0
    height = channels = 0
    while pos < len(png):
        (length,) = struct.unpack(">I", png[pos : pos + 4])
        kind, body = png[pos + 4 : pos + 8], png[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and colour in (2, 6)
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw, stride, rows, previous = zlib.decompress(idat), width * channels, [], bytearray(width * channels)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for i in range(stride):  # undo the PNG filter of this row
            a = line[i - channels] if i >= channels else 0
            b, c = previous[i], previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        previous = line
    return width, height, [bytes(r[i : i + 3]) for r in rows for i in range(0, stride, channels)]


@pytest.fixture(scope="module")
def report_html(tmp_path_factory) -> Path:
    browser()
    from sciplan.app.loader import load_checked
    from sciplan.report import write_report

    before = language()
    set_language("zh")
    try:
        project, _ = load_checked(REPO, use_cache=False)
        out = tmp_path_factory.mktemp("report")
        paths = write_report(project, 2022, out, ("html",))
    finally:
        set_language(before)
    return paths[0]


def test_charts_draw_offline(report_html):
    result = chromium("--dump-dom", report_html.as_uri())
    dom = result.stdout.decode("utf-8")
    assert result.returncode == 0, result.stderr.decode()[-2000:]
    drawn = re.search(r'data-charts-drawn="(\d+)"', dom)
    assert drawn, "the page did not finish drawing its charts"
    n = int(drawn[1])
    assert n == dom.count("data-chart=") >= 10  # attainment, pace, 10 trends, plan
    assert dom.count("<svg") >= n
    # each chart drew marks: bars and lines are SVG paths
    assert dom.count("<path") > 5 * n
    assert "技术合同成交额" in dom


def test_screenshot_shows_charts_and_chinese(report_html, tmp_path):
    shot = tmp_path / "report.png"
    result = chromium("--window-size=900,800", f"--screenshot={shot}", report_html.as_uri())
    assert shot.exists(), result.stderr.decode()[-2000:]
    width, height, colours = pixels(shot.read_bytes())
    assert (width, height) == (900, 800)
    distinct = set(colours)
    blank = sum(1 for c in colours if c == b"\xff\xff\xff") / len(colours)
    assert len(distinct) > 50, "the page looks blank"
    assert blank < 0.9
    # the status colours of the attainment bars are on screen (met green #2e7d32, short red #c62828)
    assert b"\x2e\x7d\x32" in distinct and b"\xc6\x28\x28" in distinct


def test_chinese_glyphs_render(tmp_path):
    """Two different Chinese texts must render differently: with no Chinese font, both would be
    the same row of empty boxes (tofu)."""
    shots = []
    for i, text in enumerate(("主要指标完成情况", "存在的短板和不足")):
        page = tmp_path / f"{i}.html"
        page.write_text(f'<meta charset="utf-8"><body style="margin:0;font-size:48px">{text}</body>', encoding="utf-8")
        shot = tmp_path / f"{i}.png"
        chromium("--window-size=480,80", f"--screenshot={shot}", page.as_uri())
        shots.append(pixels(shot.read_bytes())[2])
    assert len(set(shots[0])) > 2, "nothing was drawn"
    assert shots[0] != shots[1], "Chinese text renders as boxes: install fonts-noto-cjk"


def test_tooltips_escape_the_datas_words(tmp_path, run_cli):
    """A tooltip's text is HTML to ECharts: a name or unit from targets.yaml that is markup stays text
    (attacker trial 5: `<img onerror=…>` as a name ran when its pace or trend tooltip was shown)."""
    browser()
    root = tmp_path / "root"
    shutil.copytree(REPO / "data", root / "data")
    text = (REPO / "targets.yaml").read_text(encoding="utf-8")
    evil = "<img src=x onerror=document.body.setAttribute('data-pwned','1')>"
    # hightech_new: paced by its profile (the pace chart) and charted by year (a trend chart)
    text = text.replace("name: 新认定国家高新技术企业", f'name: "{evil}新认定国家高新技术企业"', 1)
    text = text.replace("unit: 家\n", f'unit: "{evil}家"\n', 1)
    (root / "targets.yaml").write_text(text, encoding="utf-8")
    result = run_cli("report", "2022", "--root", str(root), "--out", str(tmp_path / "out"), "--only", "html")
    assert result.exit_code == 0, result.output
    (page,) = (tmp_path / "out").glob("*.html")
    # show every chart's tooltip at each of its points, as a reader's pointer would
    probe = """<script>setTimeout(function () {
      document.querySelectorAll("[data-chart]").forEach(function (el) {
        var chart = echarts.getInstanceByDom(el);
        for (var i = 0; i < 12; i++) chart.dispatchAction({ type: "showTip", seriesIndex: 0, dataIndex: i });
      });
      document.body.setAttribute("data-probed", "1");
    }, 500);</script></body>"""
    html = page.read_text(encoding="utf-8")
    page.write_text(html[: html.rindex("</body>")] + probe + html[html.rindex("</body>") + 7 :], encoding="utf-8")
    dom = chromium("--dump-dom", page.as_uri()).stdout.decode("utf-8")
    assert 'data-probed="1"' in dom
    assert "data-pwned" not in dom.split("<body", 1)[1].split(">", 1)[0]
