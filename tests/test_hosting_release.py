"""Versions and the systemd unit's promises (issue 16, items 1 and 6).

The version of a wheel comes from the git tag it was built from, or is the fallback
when built without git metadata. Installing the wheelhouse offline and running the unit
is tests/test_hosting_docs.py, which runs docs/operations.md's commands as written.
"""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hosting_server import DEPLOY

from veikart import version
from veikart.cli import main

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "data" / "roadmap.yaml"
UNIT = DEPLOY / "systemd" / "veikart.service"
DYNAMIC_UID = 61234
"""An id from systemd's DynamicUser= range (61184-65519), owning nothing on this machine."""
TAG = "9.8.7"


def test_version_option_prints_the_installed_version() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"veikart {version()}\n"


def unit_values(text: str, key: str) -> list[str]:
    return [line.split("=", 1)[1] for line in text.splitlines() if line.startswith(f"{key}=")]


def test_unit_declares_what_the_docs_promise() -> None:
    text = UNIT.read_text()
    assert unit_values(text, "DynamicUser") == ["yes"]
    assert unit_values(text, "LoadCredential") == ["users:/etc/veikart/users.txt"]
    assert "VEIKART_USERS=%d/users" in unit_values(text, "Environment")
    assert unit_values(text, "RestartPreventExitStatus") == ["2"]  # veikart's exit status for bad settings
    assert unit_values(text, "ExecReload") == ["/bin/kill -HUP $MAINPID"]
    memory = unit_values(text, "MemoryMax")[0]
    assert re.fullmatch(r"\d+M", memory) and int(memory[:-1]) >= 1800  # 506 MB + 4 x 332 MB measured


def git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def build_wheel(source: Path, out: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(out), str(source)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return next(out.glob("veikart-*.whl"))


def wheel_version(wheel: Path) -> str:
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        metadata = archive.read(name).decode()
    return re.search(r"^Version: (.+)$", metadata, re.MULTILINE)[1]


@pytest.fixture(scope="module")
def tagged_clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A clone of this repository's committed state, tagged as release 9.8.7."""
    clone = tmp_path_factory.mktemp("release") / "veikart"
    git("clone", "--quiet", "--no-hardlinks", str(ROOT), str(clone), cwd=ROOT)
    git(
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@example.invalid",
        "tag",
        "-a",
        f"v{TAG}",
        "-m",
        "release",
        cwd=clone,
    )
    return clone


@pytest.mark.server
def test_version_comes_from_the_tag_or_the_fallback(tagged_clone: Path, tmp_path: Path) -> None:
    assert wheel_version(build_wheel(tagged_clone, tmp_path / "tagged")) == TAG
    exported = tmp_path / "exported"
    exported.mkdir()
    archive = subprocess.run(
        ["git", "archive", "HEAD"], cwd=tagged_clone, check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(exported)], input=archive, check=True)
    assert wheel_version(build_wheel(exported, tmp_path / "plain")) == "0.0.0+unknown"
