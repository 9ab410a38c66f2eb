"""Releases and closed networks, and the systemd unit as an operator installs them (issue 16, items 1, 6).

The slow test walks docs/operations.md's "Closed networks" and "systemd" sections:

1. a wheelhouse: `pip wheel --wheel-dir` of a clone of this repository tagged v9.8.7;
2. inside a private mount namespace, where /opt is an empty folder (so neither the
   machine's wheel folders nor anything else is there: a closed network), a fresh venv
   of Debian's python3 at /opt/veikart and `pip install --no-index --find-links`;
3. `veikart --version` says 9.8.7; `systemd-analyze verify` accepts the units;
4. the unit's ExecStart, run as an unprivileged user with the unit's Environment= and
   its users credential (what DynamicUser= and LoadCredential= give it), serves with
   basic auth; with a broken users file it exits 2, the RestartPreventExitStatus=.

Building from a folder without git metadata gives the fallback version.
"""

from __future__ import annotations

import base64
import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path

import bcrypt
import pytest
from click.testing import CliRunner
from hosting_server import DEPLOY, free_port, get

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


INSTALL_AND_SERVE = """
set -eu
mount --make-rprivate /
mount --bind "$WORK/opt" /opt          # an empty /opt: no wheel folder, no index
mount --bind "$WORK/srv" /srv
/usr/bin/python3 -m venv /opt/veikart
PIP_CONFIG_FILE=/dev/null /opt/veikart/bin/pip install --quiet --no-index --find-links "$WORK/wheelhouse" veikart
chmod -R o+rX /opt/veikart /srv/veikart/data          # as the docs say
echo "version: $(/opt/veikart/bin/veikart --version)"
systemd-analyze verify "$WORK"/units/*.service "$WORK"/units/*.timer && echo "verify: ok"
run_as_service() {
    setpriv --reuid=$DYNAMIC_UID --regid=$DYNAMIC_UID --clear-groups --no-new-privs \\
        env -i PATH=/usr/bin:/bin $UNIT_ENV "$@" /opt/veikart/bin/veikart serve --production
}
set +e
run_as_service VEIKART_USERS=/srv/credentials/missing
echo "broken users file: exit $?"
set -e
exec setpriv --reuid=$DYNAMIC_UID --regid=$DYNAMIC_UID --clear-groups --no-new-privs \\
    env -i PATH=/usr/bin:/bin $UNIT_ENV /opt/veikart/bin/veikart serve --production
"""


def unit_environment(text: str, credentials: Path, port: int) -> list[str]:
    """The unit's Environment= with %d as systemd expands it, plus a port (as a drop-in would set)."""
    values = [value.replace("%d", str(credentials)) for value in unit_values(text, "Environment")]
    return [*values, f"VEIKART_PORT={port}", "VEIKART_WORKERS=1"]


@pytest.mark.server
@pytest.mark.skipif(not shutil.which("unshare") or os.geteuid() != 0, reason="needs root and unshare")
def test_wheelhouse_installs_offline_and_the_unit_serves_with_basic_auth(
    tagged_clone: Path, tmp_path: Path
) -> None:
    work = tmp_path / "work"
    (work / "opt").mkdir(parents=True)
    data = work / "srv" / "veikart" / "data"
    data.mkdir(parents=True)
    shutil.copy(BUNDLED, data / "roadmap.yaml")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--wheel-dir",
            str(work / "wheelhouse"),
            str(tagged_clone),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    units = work / "units"
    shutil.copytree(DEPLOY / "systemd", units)
    # LoadCredential=: systemd copies the root-only users file to a folder only the service reads.
    credentials = work / "srv" / "credentials"  # seen by the service as /srv/credentials
    credentials.mkdir()
    hashed = bcrypt.hashpw(b"styremote", bcrypt.gensalt(4)).decode()
    (credentials / "users").write_text(f"leder:{hashed}\n")
    os.chown(credentials / "users", DYNAMIC_UID, DYNAMIC_UID)
    os.chmod(credentials / "users", 0o400)
    os.chown(credentials, DYNAMIC_UID, DYNAMIC_UID)
    port = free_port()
    env = {
        "PATH": os.environ["PATH"],
        "WORK": str(work),
        "DYNAMIC_UID": str(DYNAMIC_UID),
        "UNIT_ENV": " ".join(unit_environment(UNIT.read_text(), Path("/srv/credentials"), port)),
    }
    log = tmp_path / "unit.log"
    script = tmp_path / "install-and-serve.sh"
    script.write_text(textwrap.dedent(INSTALL_AND_SERVE))
    with log.open("w") as out:
        process = subprocess.Popen(
            ["unshare", "--mount", "bash", str(script)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 420
        while True:
            assert process.poll() is None, log.read_text()
            with contextlib.suppress(OSError):
                if get(base + "/healthz", timeout=5)[0] == 200:
                    break
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.5)  # polling the install and the server's start
        good = {"Authorization": "Basic " + base64.b64encode(b"leder:styremote").decode()}
        assert get(base + "/faser")[0] == 401
        assert get(base + "/faser", good)[0] == 200
        output = log.read_text()
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)
    assert f"version: veikart {TAG}" in output
    assert "verify: ok" in output
    assert "broken users file: exit 2" in output
    assert "users file not found" in output
