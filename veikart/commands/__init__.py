"""The work behind each `veikart` command: plain functions the thin click layer calls."""
