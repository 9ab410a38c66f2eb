/* Client-side callbacks of the veikart dashboard (see veikart/app/shell.py). */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  veikart: {
    /* Write a page's view state into the address bar without reloading the page, and
       carry the shared filters over to the other views' navigation links. */
    syncUrl: function (pageStates) {
      var text = (pageStates || []).filter(Boolean)[0];
      var data = text ? JSON.parse(text) : null;
      if (!data) {
        throw window.dash_clientside.PreventUpdate;
      }
      var target = window.location.pathname + (data.search || "");
      if (target !== window.location.pathname + window.location.search) {
        window.history.replaceState(window.history.state, "", target);
      }
      var shared = data.shared || "";
      return [target].concat(data.paths.map(function (path) { return path + shared; }));
    },
    /* The window width, for a page that fits its text to it on the server: now, and again
       when it changes enough to matter (a tablet turned), while that page is shown. */
    trackWidth: function (graphId, storeId) {
      var tracked = (window.__veikartWidths = window.__veikartWidths || {});
      if (!tracked[storeId]) {
        var timer = null;
        tracked[storeId] = { last: window.innerWidth };
        window.addEventListener("resize", function () {
          clearTimeout(timer);
          timer = setTimeout(function () {
            var now = window.innerWidth;
            if (document.getElementById(graphId) && Math.abs(now - tracked[storeId].last) >= 120) {
              tracked[storeId].last = now;
              window.dash_clientside.set_props(storeId, { data: now });
            }
          }, 300);
        });
      }
      tracked[storeId].last = window.innerWidth;
      return window.innerWidth || null;
    },
    /* Mark the navigation link of the current view. */
    activeNav: function (pathname) {
      var paths = ["/tidslinje", "/faser", "/tabell"];
      var path = pathname === "/" ? "/tidslinje" : pathname;
      return paths.map(function (p) { return path === p || path.indexOf(p + "/") === 0; });
    },
    /* A page drawn while no valid roadmap existed has no controls to update: reload it
       when the roadmap files change, so it appears as soon as it is valid. */
    reloadIfEmpty: function (version) {
      if (document.querySelector(".vk-needs-reload")) {
        window.location.reload();
      }
      return "";
    }
  }
});
