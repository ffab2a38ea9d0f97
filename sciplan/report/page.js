// Draws the report's charts with the bundled ECharts (SVG renderer, no animation: the page is a
// document, and it must print and screenshot complete). When all are drawn, <html> gets
// data-charts-drawn="N" (the browser test waits for it).
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("sciplan-data").textContent);
  var w = data.words, colours = data.colours;
  var font = getComputedStyle(document.body).fontFamily;
  var base = { animation: false, textStyle: { fontFamily: font }, tooltip: { trigger: "axis" } };
  function pct(v) { return v == null ? "—" : v.toFixed(1) + "%"; }
  // a tooltip's text becomes HTML (ECharts sets it as innerHTML): every word from the data is escaped
  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function merge(a, b) { var o = {}, k; for (k in a) o[k] = a[k]; for (k in b) o[k] = b[k]; return o; }

  var builders = {
    attainment: function () {
      var rows = data.attainment.slice().reverse();
      return {
        grid: { left: 8, right: 56, top: 40, bottom: 8, containLabel: true },
        title: { text: w.attainment, left: 8, textStyle: { fontSize: 14 } },
        xAxis: { type: "value", axisLabel: { formatter: "{value}%" } },
        yAxis: { type: "category", data: rows.map(function (r) { return r.name; }) },
        series: [{
          type: "bar", data: rows.map(function (r) { return { value: r.value, itemStyle: { color: r.colour } }; }),
          label: { show: true, position: "right", formatter: function (p) { return rows[p.dataIndex].text || pct(p.value); } },
          markLine: { silent: true, symbol: "none", data: [{ xAxis: 100 }], lineStyle: { color: "#333", type: "dashed" },
                      label: { formatter: "100%" } }
        }]
      };
    },
    pace: function () {
      // one series per light, so the legend shows the colours the bars use; the mark is the share
      // expected by now: 序时进度, or the indicator's own schedule (profile) where it has one
      var rows = data.pace.slice().reverse(), lights = ["green", "yellow", "red"];
      var scheduled = rows.some(function (r) { return r.basis === "profile"; });
      var mark = scheduled ? w.expected + " / " + w.scheduled : w.expected;
      var series = lights.filter(function (l) { return rows.some(function (r) { return r.light === l; }); })
        .map(function (l) {
          return { name: w.light[l], type: "bar", stack: "completion", itemStyle: { color: data.lights[l] },
                   data: rows.map(function (r) { return r.light === l ? r.completion : null; }),
                   label: { show: true, position: "right",
                            formatter: function (p) { return rows[p.dataIndex].completion_text || pct(p.value); } } };
        });
      series.push({ name: mark, type: "scatter", symbol: "rect", symbolSize: [3, 18], itemStyle: { color: "#333" },
                    data: rows.map(function (r) { return r.expected; }) });
      return {
        grid: { left: 8, right: 56, top: 36, bottom: 30, containLabel: true },
        title: { text: w.completion + " / " + mark, left: "center", textStyle: { fontSize: 14 } },
        legend: { bottom: 0 },
        tooltip: { trigger: "axis", formatter: function (items) {
          var r = rows[items[0].dataIndex];
          return esc(r.name) + "<br>" + esc(w.completion) + " " + esc(r.completion_text || pct(r.completion)) +
            "<br>" + esc(r.basis === "profile" ? w.scheduled : w.expected) + " " +
            esc(r.expected_text || pct(r.expected));
        } },
        xAxis: { type: "value", axisLabel: { formatter: "{value}%" } },
        yAxis: { type: "category", data: rows.map(function (r) { return r.name; }) },
        series: series
      };
    },
    trend: function (i) {
      // bars by status, one series each (the legend in the bars' colours); a year under way is
      // labelled with its period (2022年1–9月) and drawn pale with a dashed edge
      var t = data.trends[i];
      var statuses = [];
      t.status.forEach(function (s) { if (statuses.indexOf(s) < 0) statuses.push(s); });
      var series = statuses.map(function (s) {
        return { name: w.status[s], type: "bar", stack: "actual", itemStyle: { color: colours[s] },
                 data: t.actual.map(function (v, j) {
                   if (t.status[j] !== s) return null;
                   return t.partial[j] ? { value: v, itemStyle: { color: colours[s], opacity: 0.45,
                     borderColor: colours[s], borderType: "dashed", borderWidth: 1.5 } } : v;
                 }) };
      });
      series.push({ name: w.target, type: "line", step: "middle", connectNulls: false, symbol: "diamond",
                    symbolSize: 8, lineStyle: { type: "dashed", color: "#333" }, itemStyle: { color: "#333" },
                    data: t.target });
      return {
        title: { text: t.name + "（" + t.unit + "）", left: "center", textStyle: { fontSize: 13 } },
        grid: { left: 8, right: 16, top: 36, bottom: 30, containLabel: true },
        legend: { bottom: 0 },
        tooltip: { trigger: "axis", formatter: function (items) {
          // the figures as the table writes them (2.58%, 5.60亿元), never the chart's raw numbers
          var j = items[0].dataIndex;
          var text = esc(t.periods[j] + (t.partial[j] ? "（" + w.partial + "）" : "")) + "<br>" + esc(w.actual) +
            " " + esc(t.actual_text[j] == null ? "—" : t.actual_text[j]) + "（" + esc(w.status[t.status[j]]) + "）";
          return t.target_text[j] == null ? text : text + "<br>" + esc(w.target) + " " + esc(t.target_text[j]);
        } },
        xAxis: { type: "category", data: t.years, axisLabel: { interval: 0, hideOverlap: false,
                 formatter: function (v) { return v.replace("年", "年\n"); } } },
        yAxis: { type: "value" },
        series: series
      };
    },
    peers: function (i) {
      var p = data.peers[i];
      return {
        title: { text: p.name + "（" + p.unit + "，" + p.year + "）", left: "center", textStyle: { fontSize: 13 } },
        grid: { left: 8, right: 16, top: 48, bottom: 8, containLabel: true },
        xAxis: { type: "category", data: p.regions },
        yAxis: { type: "value" },
        series: [{ type: "bar", label: { show: true, position: "top", formatter: function (q) { return p.texts[q.dataIndex]; } },
                   data: p.values.map(function (v, j) {
          return { value: v, itemStyle: { color: p.self[j] ? "#b71c1c" : "#90a4ae" } }; }) }]
      };
    },
    plan: function (i) {
      var p = data.plans[i];
      return {
        title: { text: p.name, left: "center", textStyle: { fontSize: 14 } },
        legend: { bottom: 0, data: [w.progress, w.time] },
        grid: { left: 8, right: 40, top: 36, bottom: 30, containLabel: true },
        xAxis: { type: "value", axisLabel: { formatter: "{value}%" } },
        yAxis: { type: "category", data: p.indicators.slice().reverse() },
        series: [
          { name: w.progress, type: "bar", data: p.progress.slice().reverse(), itemStyle: { color: "#1565c0" },
            label: { show: true, position: "right", formatter: function (q) {
              var text = p.progress_text.slice().reverse()[q.dataIndex]; return text == null ? pct(q.value) : text; } } },
          { name: w.time, type: "bar", data: p.expected.slice().reverse(), itemStyle: { color: "#bdbdbd" } }
        ]
      };
    }
  };

  // A title wider than its chart (a long name and unit, a chart half a page wide on paper) breaks
  // into lines within the box, and the plot moves down by the lines added: never cut, never over
  // the chart beside it.
  var measure = document.createElement("canvas").getContext("2d");
  function fitTitle(chart) {
    var option = chart.getOption(), title = option.title && option.title[0], grid = option.grid && option.grid[0];
    if (!title || !title.text || !grid) return;
    var size = (title.textStyle && title.textStyle.fontSize) || 14, room = chart.getDom().clientWidth - 16;
    if (chart.titleTop === undefined) chart.titleTop = grid.top;
    measure.font = "bold " + size + "px " + font;
    var lines = Math.max(1, Math.ceil(measure.measureText(title.text).width / Math.max(room, 1)));
    chart.setOption({ title: { textStyle: { width: room, overflow: "break", lineHeight: size + 4 } },
                      grid: { top: chart.titleTop + (lines - 1) * (size + 4) } });
  }

  var charts = [], drawn = 0, nodes = document.querySelectorAll("[data-chart]");
  function draw(el) {
    if (el.getAttribute("data-drawn")) return;
    var chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption(merge(base, builders[el.getAttribute("data-chart")](+el.getAttribute("data-index") || 0)));
    fitTitle(chart);
    el.setAttribute("data-drawn", "1");
    charts.push(chart);
    drawn += 1;
    if (drawn === nodes.length) document.documentElement.setAttribute("data-charts-drawn", String(drawn));
  }
  // A large root has hundreds of charts: draw those in view, and all of them before printing.
  var lazy = nodes.length > 60 && "IntersectionObserver" in window;
  var observer = lazy ? new IntersectionObserver(function (entries) {
    entries.forEach(function (e) { if (e.isIntersecting) { observer.unobserve(e.target); draw(e.target); } });
  }, { rootMargin: "400px" }) : null;
  Array.prototype.forEach.call(nodes, function (el) { if (lazy) observer.observe(el); else draw(el); });
  if (nodes.length === 0) document.documentElement.setAttribute("data-charts-drawn", "0");
  // Each chart drawn at the size of its box: on screen, and again in the print layout (A4, the
  // narrower boxes of page.css's print rules) once the browser applies it, which is when the
  // print media query turns true (beforeprint comes before, with the screen's sizes): a chart
  // drawn for the screen overprints its neighbours and the headings on paper
  // (painted at once: ECharts paints on the next animation frame, and a print takes none)
  function fit() { charts.forEach(function (c) { c.resize(); fitTitle(c); c.getZr().flush(); }); }
  window.addEventListener("beforeprint", function () { Array.prototype.forEach.call(nodes, draw); fit(); });
  var printing = window.matchMedia ? window.matchMedia("print") : null;
  if (printing && printing.addEventListener) printing.addEventListener("change", fit);
  else if (printing && printing.addListener) printing.addListener(fit);
  window.addEventListener("resize", fit);
})();
