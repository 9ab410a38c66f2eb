"""The dashboard's pages: every module here with a `register(context)` function is a page.

See `veikart.app` for how to add one.
"""
