"""The static site (`veikart build`): a folder of pages that needs no server and no internet.

- `build.build_site(frames_by_lang, out, files=..., today=...)` writes it: a page per view
  and language from the Jinja2 templates in `templates/` (autoescaped), one script per
  figure variant (each area, each quarter), plotly.js's basic bundle, `static/site.js`
  (area filter, quarter slider, sortable table) and precompressed .gz/.br copies.
"""

from veikart.site.build import BuiltSite, build_site, lang_folder

__all__ = ["BuiltSite", "build_site", "lang_folder"]
