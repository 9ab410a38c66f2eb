"""The `veikart validate` and `veikart schema` commands, as a planner or CI runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from veikart.cli import main
from veikart.roadmap.schema import all_field_names

MINIMAL = Path(__file__).parent / "corpus" / "valid" / "minimal.yaml"


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "roadmap.yaml"
    path.write_text(text)
    return path


def test_valid_exits_zero():
    result = run("validate", str(MINIMAL))
    assert result.exit_code == 0
    assert "valid: 0 errors, 0 warnings" in result.stderr


def test_warnings_pass_unless_strict(tmp_path: Path):
    path = write(tmp_path, MINIMAL.read_text().replace("    at: 2023-Q4", "    at: 2022-Q2"))
    assert run("validate", str(path)).exit_code == 0
    strict = run("validate", "--strict", str(path))
    assert strict.exit_code == 1
    assert ": warning: deliverable 'pll-beslutning' starts 2022-Q2" in strict.stdout
    assert "--strict: warnings count as errors" in strict.stderr


def test_missing_path_is_a_usage_error():
    result = run("validate", "no/such/roadmap.yaml")
    assert result.exit_code == 2
    assert result.stderr.strip() == "veikart: error: no/such/roadmap.yaml: no such file or directory"


def test_directory_without_yaml_is_a_usage_error(tmp_path: Path):
    result = run("validate", str(tmp_path))
    assert result.exit_code == 2
    assert "no .yaml or .yml files" in result.stderr


def test_json_format(tmp_path: Path):
    path = write(tmp_path, MINIMAL.read_text().replace("critical: true", "critcal: true"))
    result = run("validate", "--format", "json", str(path))
    assert result.exit_code == 1
    problems = json.loads(result.stdout)
    assert problems == [
        {
            "file": str(path),
            "line": 24,
            "column": 5,
            "severity": "error",
            "message": "service 'pll': unknown key 'critcal' (did you mean 'critical'?)",
        }
    ]


def test_json_format_of_a_valid_roadmap_is_an_empty_list():
    result = run("validate", "--format", "json", str(MINIMAL))
    assert (result.exit_code, json.loads(result.stdout)) == (0, [])


def test_schema_covers_every_field_and_matches_the_contract():
    schema = json.loads(run("schema").stdout)
    props = schema["properties"]
    sections = ("phases", "areas", "audiences", "services", "deliverables", "sources", "risks")
    assert set(props) == {"roadmap", *sections}
    seen = set(props) | set(props["roadmap"]["properties"])
    for section in sections:
        seen |= set(props[section]["items"]["properties"])
    service = props["services"]["items"]["properties"]
    seen |= set(service["links"]["items"]["properties"]) | set(service["health"]["properties"])
    assert seen == all_field_names()
    assert props["deliverables"]["items"]["properties"]["status"]["enum"] == [
        "available",
        "establishing",
        "planning",
    ]
    assert props["services"]["items"]["required"] == ["id", "name", "area"]
    assert props["risks"]["items"]["properties"]["level"]["enum"] == ["low", "medium", "high"]
    assert props["risks"]["items"]["required"] == ["id", "title", "level"]


def test_schema_describes_the_bundled_roadmap_shape():
    """Every key written in the bundled roadmap is a property the schema knows."""
    schema = json.loads(run("schema").stdout)["properties"]
    data = yaml.safe_load((Path(__file__).parent.parent / "data" / "roadmap.yaml").read_text())
    for section, items in data.items():
        if section == "roadmap":
            assert set(items) <= set(schema["roadmap"]["properties"])
            continue
        known = set(schema[section]["items"]["properties"])
        for item in items:
            assert set(item) <= known, (section, set(item) - known)


def test_python_dash_m_and_no_traceback_on_binary_garbage(tmp_path: Path):
    path = tmp_path / "garbage.yaml"
    path.write_bytes(bytes(range(256)) * 4)
    proc = subprocess.run(
        [sys.executable, "-m", "veikart", "validate", str(path)], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr + proc.stdout
    assert "is not UTF-8 text" in proc.stdout or "YAML" in proc.stdout


@pytest.mark.server
def test_serve_on_an_invalid_roadmap_starts_and_says_why(tmp_path: Path):
    import socket

    bad = tmp_path / "roadmap.yaml"
    bad.write_text(MINIMAL.read_text().replace("area: e-resept", "area: eresept"))
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(
        ["timeout", "60", sys.executable, "-m", "veikart", "serve", str(bad), "--port", str(port)],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        lines = []
        for line in server.stderr:  # the server keeps running: read until its summary
            lines.append(line.rstrip())
            if "not valid yet" in line:
                break
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert f"{bad}:22:11: error: service 'pll': unknown area 'eresept' (did you mean 'e-resept'?)" in lines
    assert lines[-1].startswith("veikart: the roadmap is not valid yet (1 error)")
    assert not any("Traceback" in line for line in lines)
