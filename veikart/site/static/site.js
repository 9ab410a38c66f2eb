/* The static site's pages, without a server: pick an area or a quarter, sort and filter the table.

   Each page describes itself in <script type="application/json" id="vk-page">. A figure page
   lists its variants (whole roadmap and each area, or each quarter); each variant's figure is
   a script in figures/<view>/<key>.js that registers itself in window.veikartFigures (scripts,
   not fetch(): browsers refuse fetch() from file://). The choice is kept in the address's
   #fragment (#area=kjernejournal, #at=2023-Q2), so a link shows the same view. The footer's
   sources name the areas whose items cite them (data-areas); picking an area lists only
   those (and the ones the whole page cites). The risks page adds a level picker. */
(function () {
  "use strict";
  var page = JSON.parse(document.getElementById("vk-page").textContent);
  var picker = document.getElementById("vk-variant");

  function fromHash() {
    var match = new RegExp("(?:^#|&)" + page.param + "=([^&]*)").exec(window.location.hash);
    return match ? decodeURIComponent(match[1]) : null;
  }

  function keepInHash(key, initial) {
    var hash = key === initial ? "" : "#" + page.param + "=" + encodeURIComponent(key);
    if (window.location.hash !== hash) {
      window.history.replaceState(null, "", hash || window.location.pathname + window.location.search);
    }
  }

  function showSources(area) {
    var items = document.querySelectorAll(".vk-sources li[data-areas]");
    Array.prototype.forEach.call(items, function (item) {
      var areas = item.getAttribute("data-areas").split(" ").filter(Boolean);
      item.hidden = page.param === "area" && area !== "all" && areas.length > 0 && areas.indexOf(area) < 0;
    });
  }

  if (page.view === "table") {
    setUpTable();
    return;
  }

  var keys = page.variants.map(function (v) { return v.key; });
  var element = document.getElementById("figure");

  function loaded(key) {
    return (window.veikartFigures || {})[page.view + "/" + key];
  }

  function withFigure(key, draw) {
    if (loaded(key)) {
      draw(loaded(key));
      return;
    }
    var script = document.createElement("script");
    script.src = "figures/" + page.view + "/" + encodeURIComponent(key) + ".js";
    script.onload = function () { draw(loaded(key)); };
    document.body.appendChild(script);
  }

  function show(key) {
    if (keys.indexOf(key) < 0) {
      key = page.initial;
    }
    withFigure(key, function (figure) {
      window.Plotly.react(element, figure.data, figure.layout, page.config);
    });
    showSources(key);
    if (picker) {
      if (picker.type === "range") {
        picker.value = String(keys.indexOf(key));
        var label = page.variants[keys.indexOf(key)].label;
        picker.setAttribute("aria-valuetext", label);
        document.getElementById("vk-variant-label").textContent = label;
      } else {
        picker.value = key;
      }
    }
    keepInHash(key, page.initial);
  }

  if (picker) {
    picker.addEventListener(picker.type === "range" ? "input" : "change", function () {
      show(picker.type === "range" ? keys[Number(picker.value)] : picker.value);
    });
  }
  window.addEventListener("hashchange", function () { show(fromHash() || page.initial); });
  show(fromHash() || page.initial);

  function setUpTable() {
    var table = document.getElementById("vk-table");
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var count = document.getElementById("vk-count");
    var levels = document.getElementById("vk-level");

    function filter(area) {
      var level = levels ? levels.value : "all";
      var shown = 0;
      rows.forEach(function (row) {
        var areas = (row.getAttribute("data-area") || "").split(" ");
        var visible = (area === "all" || areas.indexOf(area) >= 0) &&
          (level === "all" || row.getAttribute("data-level") === level);
        row.hidden = !visible;
        shown += visible ? 1 : 0;
      });
      count.textContent = page.count.replace("{shown}", shown).replace("{total}", rows.length);
      picker.value = area;
      keepInHash(area, "all");
      showSources(area);
    }

    picker.addEventListener("change", function () { filter(picker.value); });
    if (levels) {
      levels.addEventListener("change", function () { filter(picker.value); });
    }
    var wanted = fromHash();
    var known = Array.prototype.some.call(picker.options, function (o) { return o.value === wanted; });
    filter(known ? wanted : "all");

    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell, column) {
      cell.querySelector("button").addEventListener("click", function () {
        var ascending = cell.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) { c.setAttribute("aria-sort", "none"); });
        cell.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        function value(row) {
          var td = row.cells[column];
          return td.getAttribute("data-sort") || td.textContent;
        }
        rows.sort(function (a, b) {
          var order = value(a).localeCompare(value(b), document.documentElement.lang);
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { table.tBodies[0].appendChild(row); });
      });
    });
  }
})();
