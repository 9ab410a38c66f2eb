"""The dashboard (`veikart serve`): a Dash app of pages over the roadmap frames.

Layout of the package
---------------------
- `factory.create_dashboard(path, lang)` builds the app: loads the roadmap once
  (`source.RoadmapSource`; a watcher thread reloads it when YAML files under PATH change),
  finds the pages (`router.discover_pages`), wraps them in the shell and registers their
  callbacks. `context.AppContext` (app, roadmap source, language, navigation) is passed
  to every page and callback: nothing finds the roadmap through a global.
- `page.py`: the `Page` protocol and `draw_page`, the preamble every page shares.
- `router.py`: which page a path shows; the first page of a visit is drawn into the
  initial layout, later ones by the router's callback.
- `shell.py`: header, navigation (built from the registered pages), problems banner, and
  the shared callbacks (live reload, the tab's title, the page's state in the address bar).
- `ids.py`: the shell's component ids; `page_id(namespace, name)` for a page's own.
- `components.py` (filter bar, toolbar, legend, banners), `details.py` (details panel),
  `markdown.py` (the safe Markdown pipeline), `state.py` (URL query <-> filters and
  options), `inputs.py` (`@checked`: a forged callback input is a 400, never a 500),
  `cache.py` (the per-worker render cache), `download.py` (the "Last ned" menu).

Adding a page (e.g. `pages/changes.py` at `/endringer`)
-------------------------------------------------------
Adding a page is adding that one module; the navigation, the router, the browser tab's
title and Dash's validation layout follow from it.

1. Give the module a `PAGE` object with the attributes of `page.Page`: `path`,
   `aliases`, `namespace` (the prefix of its component ids), `nav_key` and `nav_order`
   (its navigation link's label and place; `nav_key=None` keeps it out), `title_key`
   (its name in the tab: "<name> – <roadmap title>") and `preload` (the lazily loaded
   component code it draws with, e.g. "dash/dcc/async-graph.js", asked for in its <head>).
2. `render(frames, filters, options)`: what the page shows, as plain values (figures,
   counts, rows), from the frames, `veikart.filters.Filters` and a frozen dataclass of
   the page's own options (language, today's date, ...). Pure, so a unit test can call
   it without a browser; hashable arguments, so `cache.render_cached` can serve repeats.
3. `layout(context, request) -> PageBody`: the page for a URL query. The preamble
   (`page.draw_page`) has already answered "no valid roadmap yet", drawn the skeleton
   roadmap for Dash's validation layout, and read `request.filters` and
   `request.notices` from the query; read your own options from `request.query` (add a
   notice for values you do not know, see `state.choice_param`). Return your components
   and your state in the address bar: `PageBody(children, search, shared)`. The preamble
   adds the notice area (`ids.notices(namespace)`), the page's copy of the roadmap
   version (`ids.page_version(namespace)`) and its URL state (`ids.url_state(namespace)`).
   Reuse the filter bar: `components.filter_bar(namespace, frames, filters, lang, fields=...)`.
4. `register(context)`: the page's callbacks on `context.app`, with
   `prevent_initial_call=True` (the layout already drew the first state) and `@checked`
   under the decorator, with type hints on every argument (`state.FilterValues` for the
   filter bar's `components.filter_inputs(...)`). Read the roadmap with
   `context.snapshot()`, never a file. To redraw when the roadmap reloads, take
   `Input(ids.page_version(namespace), "value")`; to update the address bar, return
   `context.url_state(search, shared)` to `Output(ids.url_state(namespace), "value")`.
   Keep every Output and Input of a page's callbacks inside the page (with one in the
   shell, Dash runs the callback on every page). For small page-local values use
   `components.hidden_value`, not a dcc.Store (a memory Store drawn again restores its
   old value and fires callbacks with it). Call `components.register_filter_toggle`.
5. Export menu: `download.with_download_menu(toolbar(...), slot_id, view, lang)`.
   Details: `details.details_panel` with `details.service_details` or
   `details.deliverable_details` (pass `public=context.public`). Never import another
   page's module: shared pieces live in `components.py`, `details.py` and `state.py`.
6. Public mode (`serve --public`, VEIKART_PUBLIC): the snapshot's frames and model
   (`snapshot.result`) are already the public roadmap, so a page needs no rule of its
   own; `context.public` tells it, for what is not in the roadmap (file locations,
   commit subjects).
7. Links: the dashboard may live under a path (`--base-path /veikart/`). Link to a page
   with `context.href("/faser")`, and read an address with `context.page_path(pathname)`
   (`paths.py`); a bare "/faser" leads out of the dashboard.

Browser tests: `tests/browser/conftest.py` has `served_roadmap` (a real `veikart serve`
on the bundled roadmap), `start_server` (a server on any path, e.g. a tmp copy) and a
`page` that fails the test on any console error.
"""

from veikart.app.factory import Dashboard, create_app, create_dashboard

__all__ = ["Dashboard", "create_app", "create_dashboard"]
