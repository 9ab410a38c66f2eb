/* Client-side callbacks of the veikart dashboard (see veikart/app/shell.py and the pages). */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  veikart: {
    /* Write a page's view state into the address bar without reloading the page, and
       carry the shared filters over to the other views' navigation links (their paths
       come from the server under the base path, e.g. "/veikart/faser": AppContext.url_state). */
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
    /* A revision chosen in the history bar ("Sammenlign med", "Vis veikartet ved", or the
       banner's way back to the current roadmap): navigate to the same page with it in the
       address, as a link would, so the server draws the page for it. */
    chooseRevision: function (baseline, asof, _clear) {
      var trigger = window.dash_clientside.callback_context.triggered_id || "";
      var want = { baseline: baseline || "", asof: asof || "" };
      if (typeof trigger === "string" && trigger.slice(-"asof-clear".length) === "asof-clear") {
        want.asof = "";
      }
      var params = new URLSearchParams(window.location.search);
      var changed = false;
      ["baseline", "asof"].forEach(function (name) {
        if ((params.get(name) || "") !== want[name]) {
          changed = true;
          if (want[name]) {
            params.set(name, want[name]);
          } else {
            params.delete(name);
          }
        }
      });
      if (!changed) {
        throw window.dash_clientside.PreventUpdate;
      }
      var search = params.toString().replace(/%2C/g, ",");
      window.history.pushState({}, "", window.location.pathname + (search ? "?" + search : ""));
      window.dispatchEvent(new CustomEvent("_dashprivate_pushstate"));
      return "";
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
    /* Mark the navigation link of the current view (paths come from the registered pages,
       under the base path as the address bar has them: shell.nav_paths). */
    activeNav: function (pathname, nav) {
      var aliases = (nav && nav.aliases) || {};
      var path = aliases[pathname] || pathname;
      return ((nav && nav.paths) || []).map(function (p) {
        return path === p || path.indexOf(p + "/") === 0;
      });
    },
    /* The browser tab's title of the page the router drew. */
    setTitle: function (title) {
      if (title) {
        document.title = title;
      }
      return "";
    },
    /* The quarter's label follows the slider at once, also while it is dragged. */
    showQuarter: function (value, dragValue, textsJson) {
      var texts = JSON.parse(textsJson || "{}");
      var trigger = (window.dash_clientside.callback_context.triggered[0] || {}).prop_id || "";
      var index = trigger.indexOf("drag_value") >= 0 && dragValue != null ? dragValue : value;
      var label = (texts.labels || [])[index];
      if (label === undefined) {
        throw window.dash_clientside.PreventUpdate;
      }
      var thumb = document.querySelector('.vk-named-slider [role="slider"]');
      if (thumb) {
        thumb.setAttribute("aria-valuetext", label);
      }
      return label;
    },
    /* Play or pause stepping through the quarters; playing at the end starts over. */
    playOrPause: function (clicks, stopped, index, last, textsJson) {
      var texts = JSON.parse(textsJson || "{}");
      var noUpdate = window.dash_clientside.no_update;
      if (!stopped) {
        return [true, texts.play, noUpdate];
      }
      return [false, texts.pause, (index || 0) >= last ? 0 : noUpdate];
    },
    /* One step of the player; it stops by itself at the last quarter. */
    stepQuarter: function (n, index, last, textsJson) {
      var texts = JSON.parse(textsJson || "{}");
      var noUpdate = window.dash_clientside.no_update;
      var next = Math.min((index || 0) + 1, last);
      if (next >= last) {
        return [next, true, texts.play];
      }
      return [next, noUpdate, noUpdate];
    },
    /* The "Filtre" button: open or close the panel, and say so to screen readers. */
    toggleFilters: function (clicks, isOpen) {
      return [!isOpen, String(!isOpen)];
    },
    /* "Filtre (2)": how many filter controls hold a choice (components.filter_toggle_label). */
    filterLabel: function () {
      var values = Array.prototype.slice.call(arguments, 0, arguments.length - 1);
      var word = arguments[arguments.length - 1] || "";
      var active = values.filter(function (v) {
        return Array.isArray(v) ? v.length > 0 : Boolean(v);
      }).length;
      return active ? word + " (" + active + ")" : word;
    },
    /* The timeline's selection ends when its details panel closes ... */
    clearWhenClosed: function (isOpen) {
      return isOpen ? window.dash_clientside.no_update : "";
    },
    /* ... or when the reader clears it with the button. */
    clearSelection: function (clicks) {
      if (!clicks) {
        throw window.dash_clientside.PreventUpdate;
      }
      return ["", false];
    },
    hideWithoutSelection: function (selected) {
      return !selected;
    },
    /* "Last ned": the chosen format and the address the reader sees (with what the page
       wrote into it), for the server to export exactly that view. */
    askDownload: function (clicks) {
      var trigger = window.dash_clientside.callback_context.triggered_id;
      if (!trigger || !(clicks || []).some(Boolean)) {
        return window.dash_clientside.no_update;
      }
      return { fmt: trigger.fmt, search: window.location.search, at: Date.now() };
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

/* Accessibility fixes for two Dash 4 components, applied to each as it appears.

   - dcc.Slider cannot name its thumb (axe: aria-input-field-name). A wrapper with
     data-label gives the thumb its name, and data-labelledby the element whose text is
     the value as spoken ("2023 K2" instead of "9").
   - dcc.Dropdown puts Tab focus on a hidden input (aria-hidden, yet focusable: axe
     aria-hidden-focus) that hands focus on to its button, which is out of the Tab order.
     The button itself is made the Tab stop and the hidden input inert: Enter, Space,
     arrow down and typing work on the button as before. */
(function () {
  function nameSliders(root) {
    var wrappers = root.querySelectorAll(".vk-named-slider");
    for (var i = 0; i < wrappers.length; i++) {
      var wrapper = wrappers[i];
      var thumb = wrapper.querySelector('[role="slider"]');
      if (!thumb) {
        continue;
      }
      var label = wrapper.getAttribute("data-label");
      if (label && thumb.getAttribute("aria-label") !== label) {
        thumb.setAttribute("aria-label", label);
      }
      var valueElement = document.getElementById(wrapper.getAttribute("data-labelledby") || "");
      var spoken = valueElement ? valueElement.textContent : "";
      if (spoken && thumb.getAttribute("aria-valuetext") !== spoken) {
        thumb.setAttribute("aria-valuetext", spoken);
      }
    }
  }
  function focusDropdownButtons(root) {
    var proxies = root.querySelectorAll(".dash-dropdown-focus-target:not([inert])");
    for (var i = 0; i < proxies.length; i++) {
      var proxy = proxies[i];
      var button = proxy.nextElementSibling;
      if (!button || !button.classList.contains("dash-dropdown")) {
        continue;
      }
      proxy.inert = true;
      proxy.tabIndex = -1;
      if (!button.disabled) {
        button.tabIndex = 0;
      }
    }
  }
  function fix() {
    scheduled = false;
    nameSliders(document);
    focusDropdownButtons(document);
  }
  // At most one pass a frame: plotly adds thousands of nodes while it draws, and a pass
  // per mutation batch cost ~0.3 s of a 1,000-deliverable chart's first draw.
  var scheduled = false;
  var observer = new MutationObserver(function () {
    if (!scheduled) {
      scheduled = true;
      window.requestAnimationFrame(fix);
    }
  });
  function start() {
    fix();
    observer.observe(document.body, { childList: true, subtree: true });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
