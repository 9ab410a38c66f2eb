/* Load plotly.js with the page, and the small bundle when the server names one.

   dcc.Graph loads plotly.js lazily: only after a graph has mounted and its data has
   arrived, which put the download and compile of plotly.js on the critical path of the
   first chart. The server names a partial bundle that covers every trace veikart draws
   (<meta name="veikart-plotly">, see veikart/app/plotly_bundle.py); loading it here
   overlaps it with the page's start-up. dcc waits on
   `Promise.resolve(window.Plotly || loadItsOwn())`, so the pending promise below is
   awaited instead of a second load; plotly.js replaces window.Plotly with itself when it
   runs. Without the meta tag nothing changes: dcc loads the full bundle itself. */
(function () {
  var meta = document.querySelector('meta[name="veikart-plotly"]');
  var configElement = document.getElementById("_dash-config");
  if (window.Plotly || !meta || !configElement) {
    return;
  }
  var prefix = JSON.parse(configElement.textContent).requests_pathname_prefix || "/";
  window.Plotly = new Promise(function (resolve, reject) {
    var script = document.createElement("script");
    script.src = prefix + meta.getAttribute("content");
    script.async = true;
    script.onload = function () { resolve(window.Plotly); };
    script.onerror = reject;
    document.head.appendChild(script);
  });
})();
