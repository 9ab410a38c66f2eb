"""docs/operations.md, run as written: every `sh` block, in order, on a fresh Debian "server".

- `apt-get` lines run on this machine (the packages are there already: `make chromium nginx`).
- The wheelhouse block runs on this machine, in a clone of this repository tagged v9.8.7,
  as on a release manager's machine with internet access.
- Everything else runs as one root shell in a private mount and network namespace: /opt,
  /srv, /run and /etc/veikart are empty, /etc/nginx and /etc/systemd/system are copies,
  there is no network but loopback (so no package index: a closed network), the roadmap
  repository is served by `git daemon` on loopback, and `systemctl` is
  tests/systemctl_standin.py, as systemd is not PID 1 here.

Then the harness checks what the docs promise: the outputs of the `curl` lines, the
version, the reader's address in the log, and that a broken users file stops the service
with exit status 2 instead of a restart loop.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.server,
    pytest.mark.skipif(
        os.geteuid() != 0 or not shutil.which("unshare") or not Path("/usr/sbin/nginx").exists(),
        reason="needs root, unshare and Debian's nginx (make nginx)",
    ),
]

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "operations.md"
STANDIN = Path(__file__).resolve().parent / "systemctl_standin.py"
BUNDLED = ROOT / "data" / "roadmap.yaml"
TAG = "9.8.7"
PASSWORD = "styremøte i morgen"


def sh_blocks(text: str) -> list[str]:
    return re.findall(r"^```sh\n(.*?)^```", text, re.MULTILINE | re.DOTALL)


def gunicorn_command(text: str) -> str:
    """The "Running gunicorn yourself" command (it runs until stopped, so not an sh block)."""
    return re.search(r"^```text gunicorn\n(.*?)^```", text, re.MULTILINE | re.DOTALL)[1].replace("\\\n", " ")


def test_docs_have_the_operator_steps_in_order() -> None:
    blocks = sh_blocks(DOCS.read_text(encoding="utf-8"))
    joined = "\n".join(blocks)
    for step in (
        "pip download",
        "pip install --no-index",
        "git clone",
        "systemctl enable --now",
        "nginx -t",
        "veikart build",
    ):
        assert step in joined, step


SETUP = """
set -euo pipefail
mount --make-rprivate /
ip link set lo up
for folder in /opt /srv /run; do mount -t tmpfs tmpfs "$folder"; done
mount --bind "$WORK/etc-veikart" /etc/veikart
cp -a /etc/nginx/. "$WORK/etc-nginx" && mount --bind "$WORK/etc-nginx" /etc/nginx
mount --bind "$WORK/etc-systemd" /etc/systemd/system
mount --bind "$WORK/var-log-nginx" /var/log/nginx
mkdir -p /srv/git && git clone --quiet --bare "$WORK/roadmap" /srv/git/veikart-data.git
git daemon --reuseaddr --base-path=/srv/git --export-all --listen=127.0.0.1 --detach --pid-file=/run/git-daemon.pid
export REPO=git://127.0.0.1/veikart-data.git
export PATH="$WORK/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
cd "$WORK/release"
trap 'systemctl stop veikart; nginx -s quit 2>/dev/null || true; kill $(cat /run/git-daemon.pid) 2>/dev/null || true' EXIT
set -x
"""

AFTERWARDS = """
set +x
echo "== journal"
cat /run/standin/veikart.log
echo "== broken users file"
echo "leder:not-a-hash" > /etc/veikart/users.txt
set +e
systemctl restart veikart
echo "restart status: $?"
tail -n 1 /run/standin/veikart.log
echo "== gunicorn yourself"
timeout 120 bash -c "$GUNICORN" > /run/gunicorn.log 2>&1 &
for attempt in $(seq 1 100); do
    curl -s -o /dev/null -w "%{http_code}\n" http://127.0.0.1:8050/healthz 2>/dev/null | grep -q 200 && break
    sleep 0.5
done
curl -s -o /dev/null -w "gunicorn yourself: %{http_code}\n" http://127.0.0.1:8050/faser
kill %1
"""


@pytest.fixture(scope="module")
def walkthrough(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The output of running the docs' commands, as described above."""
    blocks = sh_blocks(DOCS.read_text(encoding="utf-8"))
    work = tmp_path_factory.mktemp("walkthrough")
    release = work / "release"
    subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(release)], check=True)
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", "tag", "-a", f"v{TAG}", "-m", "r"],
        cwd=release,
        check=True,
    )
    server: list[str] = []
    for block in blocks:
        if "pip download" in block:  # on the release manager's machine
            subprocess.run(["bash", "-euo", "pipefail", "-c", block], cwd=release, check=True, timeout=900)
            continue
        lines = [line for line in block.splitlines() if line.strip()]
        for line in (line for line in lines if line.startswith("apt-get ")):
            subprocess.run(["bash", "-c", line], check=True, timeout=600, capture_output=True)
        server.extend(line for line in lines if not line.startswith("apt-get "))
    for folder in ("etc-nginx", "etc-systemd", "var-log-nginx", "etc-veikart", "bin"):
        (work / folder).mkdir()
    (work / "bin" / "systemctl").write_text(f'#!/bin/sh\nexec /usr/bin/python3 {STANDIN} "$@"\n')
    (work / "bin" / "systemctl").chmod(0o755)
    roadmap = work / "roadmap"
    roadmap.mkdir()
    shutil.copy(BUNDLED, roadmap / "roadmap.yaml")
    subprocess.run(["git", "init", "--quiet", "--initial-branch=main"], cwd=roadmap, check=True)
    subprocess.run(["git", "add", "."], cwd=roadmap, check=True)
    subprocess.run(
        [
            "git",
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.invalid",
            "commit",
            "--quiet",
            "-m",
            "veikart",
        ],
        cwd=roadmap,
        check=True,
    )
    script = work / "walkthrough.sh"
    script.write_text(textwrap.dedent(SETUP) + "\n".join(server) + "\n" + textwrap.dedent(AFTERWARDS))
    made_etc = not Path("/etc/veikart").exists()
    if made_etc:
        Path("/etc/veikart").mkdir(mode=0o700)  # a mount point; the namespace puts an empty folder on it
    had_user = subprocess.run(["getent", "passwd", "veikart-data"], capture_output=True).returncode == 0
    try:
        result = subprocess.run(
            ["unshare", "--mount", "--net", "bash", str(script)],
            env={
                "WORK": str(work),
                "PASSWORD": PASSWORD,
                "PATH": os.environ["PATH"],
                "HOME": "/root",
                "GUNICORN": gunicorn_command(DOCS.read_text(encoding="utf-8")),
            },
            capture_output=True,
            text=True,
            timeout=1200,
        )
    finally:
        if made_etc:
            shutil.rmtree("/etc/veikart", ignore_errors=True)
        if not had_user:
            subprocess.run(["userdel", "veikart-data"], capture_output=True)
    output = result.stdout + result.stderr
    (work / "output.txt").write_text(output)  # for reading when a test below fails
    assert "== broken users file" in output, output[-6000:]
    return output


def test_installed_offline_from_the_wheelhouse(walkthrough: str) -> None:
    assert f"\nveikart {TAG}\n" in walkthrough
    assert "is valid" in walkthrough or "valid" in walkthrough.lower()


def test_dashboard_asks_for_login_and_serves_through_nginx(walkthrough: str) -> None:
    codes = re.findall(r"^(\d{3})$", walkthrough, re.MULTILINE)
    # curl lines in order: without login, with login, nginx https with login, the static site
    assert codes == ["401", "200", "200", "200"], walkthrough[-4000:]
    health = re.search(r'^\{"current_files_valid":true,.*\}$', walkthrough, re.MULTILINE)
    assert health and '"status":"ok"' in health[0] and '"watcher"' in health[0]


def test_log_is_one_format_and_names_the_reader(walkthrough: str) -> None:
    journal = walkthrough.split("== journal", 1)[1].split("== broken users file", 1)[0]
    lines = [line for line in journal.splitlines() if line.strip()]
    assert lines
    record = re.compile(
        r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d (DEBUG|INFO|WARNING|ERROR|CRITICAL) \S+ \[\d+\] "
    )
    assert [line for line in lines if not record.match(line)] == []
    assert re.search(
        r' INFO gunicorn\.access \[\d+\] 127\.0\.0\.1 leder "GET /faser HTTP/1\.1" 200 ', journal
    )


def test_running_gunicorn_yourself_as_documented(walkthrough: str) -> None:
    assert "gunicorn yourself: 200" in walkthrough


def test_a_broken_users_file_stops_the_service_with_status_2(walkthrough: str) -> None:
    tail = walkthrough.split("== broken users file", 1)[1].split("== gunicorn yourself", 1)[0]
    assert "restart status: 2" in tail
    assert "is not a bcrypt hash" in tail
