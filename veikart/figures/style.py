"""Colours and fonts shared by every figure, so a view reads the same on screen and slide."""

TODAY_COLOR = "#d1495b"
INK = "#1f2a33"
MUTED = "#5b6770"
GRID = "#e3e7eb"
FONT = "Inter, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
