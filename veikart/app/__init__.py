"""The dashboard (`veikart serve`): a Dash multi-page app over the roadmap frames.

Layout of the package
---------------------
- `factory.create_app(path, lang)` builds the app: loads the roadmap once
  (`source.RoadmapSource`; a watcher thread reloads it when YAML files under PATH change),
  wraps every page in the shell (`shell.py`: header, navigation, problems banner, stores)
  and registers every page module found in `veikart/app/pages/`.
- `ids.py`: every component id, namespaced (`shell-`, `gantt-`, `table-`, ...).
- `components.py`: reusable pieces taking an id namespace: `filter_bar` (+ `filter_inputs`,
  `register_filter_toggle`), `toolbar` (count + the export slot), `notice_area`,
  `details_panel` with `deliverable_details` / `service_details`, `problems_banner`,
  `markdown` (safe: no HTML, links only http(s)/relative).
- `state.py`: URL query <-> filters and page options.

Adding a page (e.g. `pages/phases.py` at `/faser`)
--------------------------------------------------
1. Create `veikart/app/pages/<name>.py` with `register(context: AppContext) -> None`.
   `create_app` imports it and calls `register` (no other file to edit; the "Faser" link
   is already in `shell.NAV_PAGES`; a path without a page shows the not-found page).
2. In `register`, define `layout(path=None, **query)` and call
   `dash.register_page(__name__, path="/faser", name=..., layout=layout)`. The router calls
   `layout` on every navigation with the URL query as keyword arguments (and with no
   arguments once, to validate callbacks: give every argument a default).
3. In `layout`, take `frames = context.snapshot().frames` (None while no valid roadmap
   exists: return `pages.gantt.no_roadmap(lang)`), read the filters with
   `veikart.filters.parse_query(query, frames, lang)` -> (filters, notices), show the
   notices with `components.notice_area(...)`, and draw the page from those values (so a
   link reproduces the view without a round trip).
4. Reuse the filter bar with a subset of fields:
   `filter_bar(ns, frames, filters, lang, fields=("area", "service", "audience", "critical", "q"))`,
   `register_filter_toggle(context.app, ns)`, and in your callback
   `inputs={"filters": filter_inputs(ns, fields), ...}` then
   `state.filters_from_controls(filters, frames, lang)`.
5. Register callbacks with `@context.app.callback(...)`, `prevent_initial_call=True`
   (the layout already drew the first state). Never read files in a callback: always
   `context.snapshot()`. To redraw when the roadmap reloads, put
   `page_version_store(ns, snapshot.version)` in the layout and take
   `Input(ids.page_version(ns), "value")`. Keep every Output of a page's callbacks inside
   the page: with an Output (or Input) in the shell, Dash runs the callback on every
   render of the page, on top of the layout's own drawing. For small page-local values
   use `hidden_value(id, value)`, not a dcc.Store (a memory Store drawn again restores
   its old value and fires callbacks with it). Keep your ids in `ids.py` under your own
   heading (or build them with `ids.page_id`).
6. URL state: put `url_state_store(ns)` in the layout and return
   `Output(ids.url_state(ns), "value")` = `url_state_data(<your query>, filters.to_query())`;
   the shell writes the first into the address bar (history.replaceState, no reload) and
   carries the shared filters over to the navigation links.
7. Details of a service: `details_panel(panel_id, body_id, lang)` and fill the body with
   `service_details(frames, service_id, lang)` (it links to the Gantt filtered to that
   service). Problems banner and header come with the shell; nothing to do.
8. Put the export menu in the toolbar's download slot (`toolbar(count_id, text, slot_id)`).

Browser tests: `tests/browser/conftest.py` has `served_roadmap` (a real `veikart serve`
on the bundled roadmap), `start_server` (a server on any path, e.g. a tmp copy) and a
`page` that fails the test on any console error.
"""

from veikart.app.factory import Dashboard, create_app, create_dashboard

__all__ = ["Dashboard", "create_app", "create_dashboard"]
