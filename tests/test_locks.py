"""The lock files pin everything pyproject.toml asks for, within its bounds, with hashes.

A dependency added to pyproject.toml without `make lock` would make `make install`
(which installs the lock and resolves nothing) leave it out: this fails first.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", re.M)


def pins(lock: str) -> dict[str, Version]:
    text = (ROOT / lock).read_text()
    return {canonicalize_name(name): Version(version) for name, version in PIN.findall(text)}


def wanted(lock: str) -> list[Requirement]:
    project = PYPROJECT["project"]
    requirements = [*project["dependencies"], *PYPROJECT["build-system"]["requires"]]
    if lock == "requirements-dev.lock":
        requirements += project["optional-dependencies"]["test"]
    return [Requirement(text) for text in requirements]


@pytest.mark.parametrize("lock", ["requirements.lock", "requirements-dev.lock"])
def test_lock_pins_every_requirement_within_its_bounds(lock: str):
    pinned = pins(lock)
    for requirement in wanted(lock):
        name = canonicalize_name(requirement.name)
        assert name in pinned, f"{lock} lacks {requirement.name}: run `make lock`"
        assert pinned[name] in requirement.specifier, f"{lock}: {name}=={pinned[name]} is not {requirement}"


@pytest.mark.parametrize("lock", ["requirements.lock", "requirements-dev.lock"])
def test_every_pin_carries_hashes(lock: str):
    entries = re.split(r"\n(?=[A-Za-z0-9])", (ROOT / lock).read_text())
    pinned = [entry for entry in entries if PIN.match(entry)]
    assert pinned
    for entry in pinned:
        assert "--hash=sha256:" in entry, entry.splitlines()[0]


def test_runtime_lock_is_the_dev_lock_without_the_test_tools():
    runtime, dev = pins("requirements.lock"), pins("requirements-dev.lock")
    assert runtime.items() <= dev.items()
