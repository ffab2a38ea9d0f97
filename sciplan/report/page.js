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
          type: "bar", data: rows.map(function (r) { return { value: r.value, itemStyle: { color: colours[r.status] } }; }),
          label: { show: true, position: "right", formatter: function (p) { return pct(p.value); } },
          markLine: { silent: true, symbol: "none", data: [{ xAxis: 100 }], lineStyle: { color: "#333", type: "dashed" },
                      label: { formatter: "100%" } }
        }]
      };
    },
    pace: function () {
      var rows = data.pace.slice().reverse();
      return {
        grid: { left: 8, right: 56, top: 36, bottom: 30, containLabel: true },
        title: { text: w.completion + " / " + w.expected, left: "center", textStyle: { fontSize: 14 } },
        legend: { bottom: 0, data: [w.completion, w.expected] },
        xAxis: { type: "value", axisLabel: { formatter: "{value}%" } },
        yAxis: { type: "category", data: rows.map(function (r) { return r.name; }) },
        series: [
          { name: w.completion, type: "bar", data: rows.map(function (r) {
              return { value: r.completion, itemStyle: { color: { green: "#2e7d32", yellow: "#f9a825", red: "#c62828" }[r.light] } }; }),
            label: { show: true, position: "right", formatter: function (p) { return pct(p.value); } } },
          { name: w.expected, type: "scatter", symbol: "rect", symbolSize: [3, 18], itemStyle: { color: "#333" },
            data: rows.map(function (r) { return r.expected; }) }
        ]
      };
    },
    trend: function (i) {
      var t = data.trends[i];
      return {
        title: { text: t.name + "（" + t.unit + "）", left: "center", textStyle: { fontSize: 13 } },
        grid: { left: 8, right: 16, top: 36, bottom: 30, containLabel: true },
        legend: { bottom: 0, data: [w.actual, w.target] },
        xAxis: { type: "category", data: t.years },
        yAxis: { type: "value" },
        series: [
          { name: w.actual, type: "bar", data: t.actual.map(function (v, j) {
              return { value: v, itemStyle: { color: colours[t.status[j]] } }; }) },
          { name: w.target, type: "line", step: "middle", connectNulls: false, symbol: "diamond", symbolSize: 8,
            lineStyle: { type: "dashed", color: "#333" }, itemStyle: { color: "#333" }, data: t.target }
        ]
      };
    },
    peers: function (i) {
      var p = data.peers[i];
      return {
        title: { text: p.name + "（" + p.unit + "，" + p.year + "）", left: "center", textStyle: { fontSize: 13 } },
        grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
        xAxis: { type: "category", data: p.regions },
        yAxis: { type: "value" },
        series: [{ type: "bar", label: { show: true, position: "top" }, data: p.values.map(function (v, j) {
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
            label: { show: true, position: "right", formatter: function (q) { return pct(q.value); } } },
          { name: w.time, type: "bar", data: p.expected.slice().reverse(), itemStyle: { color: "#bdbdbd" } }
        ]
      };
    }
  };

  var charts = [], drawn = 0, nodes = document.querySelectorAll("[data-chart]");
  function draw(el) {
    if (el.getAttribute("data-drawn")) return;
    var chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption(merge(base, builders[el.getAttribute("data-chart")](+el.getAttribute("data-index") || 0)));
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
  window.addEventListener("beforeprint", function () {
    Array.prototype.forEach.call(nodes, draw);
    charts.forEach(function (c) { c.resize(); });
  });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
