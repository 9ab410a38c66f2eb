"""Pure figure builders: frames + options -> plotly Figure.

The dashboard and every export call these same functions, so a slide looks exactly like
the screen.
"""
