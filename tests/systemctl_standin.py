"""A stand-in for `systemctl` where systemd is not PID 1 (this sandbox, CI): runs the units as systemd would.

Used by tests/test_hosting_docs.py, which runs docs/operations.md's commands in a private
namespace. It reads the unit files installed in /etc/systemd/system and does, for the
keys veikart's units use, what systemd does:

- `Type=notify`: start ExecStart with NOTIFY_SOCKET and return once it sends READY=1
  (fail, with the exit status, when it exits first);
- `DynamicUser=yes`: run as an unused uid from systemd's dynamic range, no groups;
- `LoadCredential=NAME:PATH`: copy PATH (read as root) to /run/credentials/UNIT/NAME,
  readable by that uid only, and expand `%d` in Environment= to that folder;
- `Environment=`: the only environment besides PATH; `User=`, `WorkingDirectory=`;
- `ExecReload=`: run with $MAINPID; `enable --now X.timer`: run the timer's service once.

Not emulated (only systemd can): the sandboxing keys (ProtectSystem=, PrivateTmp=, ...)
and MemoryMax=; `systemd-analyze verify` checks those.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

UNITS = Path("/etc/systemd/system")
RUN = Path("/run/standin")
DYNAMIC_UID = 61234
PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


def unit_values(unit: str) -> dict[str, list[str]]:
    values: dict[str, list[str]] = {}
    for line in (UNITS / unit).read_text().splitlines():
        line = line.strip()
        if line and not line.startswith(("#", "[")) and "=" in line:
            key, value = line.split("=", 1)
            values.setdefault(key, []).append(value)
    return values


def start(unit: str) -> int:
    values = unit_values(unit)
    name = unit.removesuffix(".service")
    credentials = Path("/run/credentials") / unit
    uid = gid = None
    if values.get("DynamicUser") == ["yes"]:
        uid = gid = DYNAMIC_UID
    elif "User" in values:
        entry = pwd.getpwnam(values["User"][0])
        uid, gid = entry.pw_uid, entry.pw_gid
    for item in values.get("LoadCredential", []):
        credential, source = item.split(":", 1)
        credentials.mkdir(parents=True, exist_ok=True)
        target = credentials / credential
        shutil.copyfile(source, target)
        os.chmod(target, 0o400)
        if uid is not None:
            os.chown(target, uid, gid)
            os.chown(credentials, uid, gid)
        os.chmod(credentials, 0o500)
    env = {"PATH": PATH}
    for item in values.get("Environment", []):
        key, value = item.split("=", 1)
        env[key] = value.replace("%d", str(credentials))
    command = values["ExecStart"][0].split()
    RUN.mkdir(parents=True, exist_ok=True)
    log = (RUN / f"{name}.log").open("ab")
    cwd = values.get("WorkingDirectory", ["/"])[0]
    user = [] if uid is None else ["setpriv", f"--reuid={uid}", f"--regid={gid}", "--clear-groups"]
    if values.get("Type") == ["oneshot"]:
        # every ExecStart in order, as systemd runs a oneshot's; the first failure ends it
        for line in values["ExecStart"]:
            result = subprocess.run([*user, *line.split()], env=env, cwd=cwd, stdout=log, stderr=log)
            if result.returncode:
                return result.returncode
        return 0
    notify = RUN / f"{name}.notify"
    notify.unlink(missing_ok=True)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    listener.bind(str(notify))
    os.chmod(notify, 0o777)
    env["NOTIFY_SOCKET"] = str(notify)
    process = subprocess.Popen(
        [*user, *command], env=env, cwd=cwd, stdout=log, stderr=log, start_new_session=True
    )
    (RUN / f"{name}.pid").write_text(str(process.pid))
    listener.settimeout(0.5)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            print(f"{unit}: exited with status {process.returncode}", file=sys.stderr)
            return process.returncode
        try:
            if b"READY=1" in listener.recv(4096):
                return 0
        except TimeoutError:
            continue
    print(f"{unit}: no READY=1", file=sys.stderr)
    return 1


def children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.add(int(entry.name))
            except (OSError, IndexError, ValueError):
                continue
    return found


def main_pid(name: str) -> int:
    return int((RUN / f"{name}.pid").read_text())


def stop(name: str) -> None:
    with_pid = RUN / f"{name}.pid"
    if not with_pid.exists():
        return
    pid = main_pid(name)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGTERM)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and Path(f"/proc/{pid}").exists():
        time.sleep(0.1)
    with_pid.unlink()


def reload(unit: str) -> int:
    if unit == "nginx":
        pid_file = Path("/run/nginx.pid")  # `nginx -t` leaves it empty
        pid = pid_file.read_text().strip() if pid_file.exists() else ""
        running = pid.isdigit() and Path(f"/proc/{pid}").exists()
        if not running:
            return subprocess.run(["nginx"]).returncode
        # Like systemd, this returns once nginx has the signal; nginx then replaces its
        # workers within ~0.1 s. A person's next command comes later than that; a script's
        # does not, so wait until the old workers are gone rather than race them.
        old = children(int(pid))
        status = subprocess.run(["nginx", "-s", "reload"]).returncode
        deadline = time.monotonic() + 10
        while old & children(int(pid)) and time.monotonic() < deadline:
            time.sleep(0.05)
        return status
    name = unit.removesuffix(".service")
    command = unit_values(f"{name}.service")["ExecReload"][0].replace("$MAINPID", str(main_pid(name)))
    return subprocess.run(command.split()).returncode


def main(argv: list[str]) -> int:
    verb, *rest = argv
    units = [u for u in rest if not u.startswith("-")]
    if verb == "daemon-reload":
        return 0
    if verb in ("enable", "start", "restart"):
        status = 0
        for unit in units:
            if verb == "enable" and "--now" not in rest:
                continue
            service = unit.replace(".timer", ".service") if unit.endswith(".timer") else unit
            service = service if service.endswith(".service") else f"{service}.service"
            if verb == "restart":
                stop(service.removesuffix(".service"))
            status = start(service) or status
        return status
    if verb == "reload":
        return max(reload(unit) for unit in units)
    if verb == "stop":
        for unit in units:
            stop(unit.removesuffix(".service"))
        return 0
    print(f"systemctl stand-in: {verb} is not emulated", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
