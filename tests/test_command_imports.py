"""`veikart validate`, `schema` and `--help` start without the heavy libraries.

A pre-commit hook runs `veikart validate` on every commit: importing pandas, plotly or
Dash would cost it a second or more. Each command runs here as the real process does
(`python -X importtime -m veikart ...`), and the modules it imported are read back from
the interpreter's own import log.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from veikart.roadmap.synthetic import synthetic_roadmap_yaml

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "data" / "roadmap.yaml"
HEAVY = frozenset(
    {
        "pandas",
        "numpy",
        "plotly",
        "dash",
        "dash_bootstrap_components",
        "pptx",
        "kaleido",
        "choreographer",
        "gunicorn",
        "flask",
        "werkzeug",
        "openpyxl",
        "bcrypt",
    }
)


def imported_packages(*args: str, cwd: Path = ROOT) -> tuple[set[str], subprocess.CompletedProcess[str]]:
    """The top-level packages `python -m veikart ARGS` imported, and the finished process."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "veikart", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )
    modules = imported_modules(done.stderr)
    assert "veikart.cli" in modules, done.stderr[-2000:]  # the log was read, the command ran
    return {name.split(".")[0] for name in modules}, done


def imported_modules(log: str) -> set[str]:
    """Module names from `-X importtime`'s lines "import time: SELF | CUMULATIVE | NAME"."""
    return {
        line.rsplit("|", 1)[1].strip()
        for line in log.splitlines()
        if line.startswith("import time:") and line.count("|") == 2
    }


@pytest.mark.parametrize(
    ("args", "status"),
    [
        (("validate", str(BUNDLED)), 0),
        (("validate", "--format", "json", str(BUNDLED)), 0),
        (("validate", "--format", "github", str(BUNDLED)), 0),
        (("validate", "--format", "gitlab", str(BUNDLED)), 0),
        (("validate", "no/such/roadmap.yaml"), 2),
        (("validate", "--help"), 0),
        (("schema",), 0),
        (("--help",), 0),
        (("--version",), 0),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, tuple) else str(value),
)
def test_command_imports_no_heavy_library(args: tuple[str, ...], status: int):
    packages, done = imported_packages(*args)
    assert done.returncode == status, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    assert packages & HEAVY == set()


def test_validate_of_an_invalid_roadmap_imports_no_heavy_library(tmp_path: Path):
    bad = tmp_path / "roadmap.yaml"
    bad.write_text(synthetic_roadmap_yaml(20).replace("service: ", "service: x", 1), encoding="utf-8")
    packages, done = imported_packages("validate", str(bad))
    assert done.returncode == 1 and ": error: " in done.stdout
    assert packages & HEAVY == set()


def test_the_log_would_show_a_heavy_import():
    """The check above can fail: a command that does load the pipeline shows up in the log."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import veikart.frames"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert {"pandas", "numpy"} <= imported_modules(done.stderr)
