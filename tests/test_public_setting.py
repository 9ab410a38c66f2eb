"""`public_setting`: the one reading of `--public` and VEIKART_PUBLIC that every command shares."""

from __future__ import annotations

import pytest

from veikart.roadmap.public import PUBLIC_ENV, public_setting


@pytest.mark.parametrize(
    ("flag", "value", "public"),
    [
        (False, None, False),
        (True, None, True),
        (False, "1", True),
        (False, "TRUE", True),
        (False, " yes ", True),
        (False, "on", True),
        (False, "0", False),
        (False, "", False),
        (False, "nei", False),
        (True, "0", True),  # the flag is enough on its own; nothing turns a set variable off
    ],
)
def test_public_setting_reads_the_flag_and_the_environment(flag, value, public):
    environ = {} if value is None else {PUBLIC_ENV: value}
    assert public_setting(flag, environ) is public


def test_public_setting_reads_the_process_environment(monkeypatch):
    monkeypatch.setenv(PUBLIC_ENV, "1")
    assert public_setting() is True
    monkeypatch.delenv(PUBLIC_ENV)
    assert public_setting() is False
