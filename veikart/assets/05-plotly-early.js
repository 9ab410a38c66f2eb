/* Load plotly.js at the very start of the page, and the small bundle when the server names one.

   This file is loaded in the page's <head> (see veikart/app/factory.py), before the
   component libraries: the bundle is then fetched and compiled off the main thread while
   React, Dash and the components load, instead of after them. dcc.Graph loads plotly.js
   lazily, only after a graph has mounted, which put plotly.js on the critical path of the
   first chart. The server names a partial bundle that covers every trace veikart draws
   (<meta name="veikart-plotly">, see veikart/app/plotly_bundle.py). dcc waits on
   `Promise.resolve(window.Plotly || loadItsOwn())`, so the pending promise below is
   awaited instead of a second load; plotly.js replaces window.Plotly with itself when it
   runs. Without the meta tag nothing changes: dcc loads the full bundle itself. */
(function () {
  var meta = document.querySelector('meta[name="veikart-plotly"]');
  var self = document.currentScript;
  if (window.Plotly || !meta || !self) {
    return;
  }
  // The app's prefix is where this file's own URL has its "assets/".
  var prefix = self.src.slice(0, self.src.lastIndexOf("assets/"));
  window.Plotly = new Promise(function (resolve, reject) {
    var script = document.createElement("script");
    script.src = prefix + meta.getAttribute("content");
    script.async = true;
    script.onload = function () { resolve(window.Plotly); };
    script.onerror = reject;
    document.head.appendChild(script);
  });
})();
