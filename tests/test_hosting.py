"""Production hardening on a small Dash app: settings, headers, /healthz, basic auth, debug locks."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import re
import sys
from pathlib import Path

import bcrypt
import dash
import pytest
from dash import dcc, html

from veikart.hosting.auth import BasicAuth, UsersFileError, parse_users
from veikart.hosting.headers import IMMUTABLE, NO_STORE, REVALIDATE, cache_control, content_security_policy
from veikart.hosting.health import RoadmapHealth
from veikart.hosting.production import (
    ProductionError,
    check_production,
    harden,
    lock_dev_tools,
    page_config,
    scrub_environment,
)
from veikart.hosting.settings import (
    SETTINGS,
    Settings,
    SettingsError,
    default_workers,
    parse_frame_ancestors,
    settings_from_env,
)

BUNDLED = str(Path(__file__).resolve().parent.parent / "data" / "roadmap.yaml")
FAST_ROUNDS = 4  # bcrypt's minimum: these tests check logic, not hash strength


def small_app() -> dash.Dash:
    app = dash.Dash(__name__, assets_folder="/nonexistent-assets")
    app.layout = html.Div([dcc.Input(id="in", value="x"), html.Div(id="out")])

    @app.callback(dash.Output("out", "children"), dash.Input("in", "value"))
    def echo(value: str) -> str:
        return value

    return app


def users_file(tmp_path: Path, **passwords: str) -> Path:
    lines = [
        f"{name}:{bcrypt.hashpw(pw.encode(), bcrypt.gensalt(FAST_ROUNDS)).decode()}"
        for name, pw in passwords.items()
    ]
    path = tmp_path / "users.txt"
    path.write_text("# veikart users\n\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def basic(user: str, password: str) -> dict[str, str]:
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


HEALTHY = RoadmapHealth(updated=dt.date(2021, 12, 1), deliverables=42)


# --- settings ---------------------------------------------------------------------------


def test_settings_from_env_reads_every_variable(tmp_path: Path) -> None:
    env = {
        "VEIKART_DATA": str(tmp_path),
        "VEIKART_LANG": "en",
        "VEIKART_HOST": "0.0.0.0",
        "VEIKART_PORT": "9000",
        "VEIKART_WORKERS": "3",
        "VEIKART_THREADS": "2",
        "VEIKART_TIMEOUT": "30",
        "VEIKART_USERS": "/etc/veikart/users.txt",
        "VEIKART_FRAME_ANCESTORS": "self https://intranet.example.no",
        "VEIKART_ACCESS_LOG": "false",
        "VEIKART_TRUSTED_PROXIES": "10.0.0.5, 192.168.0.0/16",
        "VEIKART_LOG_FORMAT": "json",
        "VEIKART_PUBLIC": "1",
        "VEIKART_BASE_PATH": "/veikart/",
    }
    assert set(env) == {setting.env for setting in SETTINGS.values()}
    settings = settings_from_env(env)
    assert settings == Settings(
        data=tmp_path,
        lang="en",
        host="0.0.0.0",
        port=9000,
        workers=3,
        threads=2,
        timeout=30,
        users=Path("/etc/veikart/users.txt"),
        frame_ancestors=("'self'", "https://intranet.example.no"),
        access_log=False,
        trusted_proxies=("10.0.0.5", "192.168.0.0/16"),
        log_format="json",
        public=True,
        base_path="/veikart/",
    )


def test_settings_default_to_loopback_and_cpu_workers() -> None:
    settings = settings_from_env({})
    assert settings.host == "127.0.0.1"
    assert settings.port == 8050
    assert settings.worker_count == default_workers()
    assert default_workers(1) == 3
    assert default_workers(16) == 8


def test_command_line_options_win_over_environment() -> None:
    settings = settings_from_env({"VEIKART_PORT": "9000", "VEIKART_LANG": "en"})
    assert settings.with_options(port=9100, lang=None).port == 9100
    assert settings.with_options(port=9100, lang=None).lang == "en"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"VEIKART_PORT": "http"}, "VEIKART_PORT: expected a whole number, got 'http'"),
        ({"VEIKART_PORT": "70000"}, "VEIKART_PORT: expected a number from 1 to 65535, got 70000"),
        ({"VEIKART_WORKERS": "0"}, "VEIKART_WORKERS: expected a number from 1 to 64, got 0"),
        ({"VEIKART_LANG": "sv"}, "VEIKART_LANG: expected one of nb, en, got 'sv'"),
        ({"VEIKART_TIMEOUT": "1"}, "VEIKART_TIMEOUT: expected a number from 5 to 3600, got 1"),
        ({"VEIKART_LOG_FORMAT": "xml"}, "VEIKART_LOG_FORMAT: expected one of text, json, got 'xml'"),
        ({"VEIKART_TRUSTED_PROXIES": "nginx.local"}, "VEIKART_TRUSTED_PROXIES: 'nginx.local' is not an IP"),
        ({"VEIKART_FORWARDED_ALLOW_IPS": "10.0.0.1"}, "was renamed to VEIKART_TRUSTED_PROXIES"),
        ({"VEIKART_ACCESS_LOG": "maybe"}, "VEIKART_ACCESS_LOG: expected true or false, got 'maybe'"),
        ({"VEIKART_FRAME_ANCESTORS": "x; script-src *"}, "is not a valid CSP source"),
    ],
)
def test_bad_settings_are_refused_with_the_variable_named(env: dict[str, str], message: str) -> None:
    with pytest.raises(SettingsError, match=message.replace("(", r"\(").replace(")", r"\)")):
        settings_from_env(env)


def test_options_are_checked_against_the_same_table() -> None:
    with pytest.raises(SettingsError, match="port: expected a number from 1 to 65535, got 0"):
        Settings().with_options(port=0)
    with pytest.raises(SettingsError, match="lang: expected one of nb, en"):
        Settings().with_options(lang="de")


def test_frame_ancestors_keywords_are_quoted() -> None:
    assert parse_frame_ancestors("none") == ("'none'",)
    assert parse_frame_ancestors("'self', https://a.example") == ("'self'", "https://a.example")


# --- headers ----------------------------------------------------------------------------


def test_policy_allows_only_own_and_hashed_scripts() -> None:
    policy = content_security_policy(["'sha256-abc='"], ["'self'"])
    directives = dict(part.split(" ", 1) for part in policy.split("; "))
    assert directives["script-src"] == "'self' 'sha256-abc='"
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in policy
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'self'"


@pytest.mark.parametrize(
    ("path", "query", "method", "status", "expected"),
    [
        (
            "/_dash-component-suites/plotly/package_data/plotly.v3_1_0m1700000000.min.js",
            {},
            "GET",
            200,
            IMMUTABLE,
        ),
        ("/_dash-component-suites/plotly/package_data/plotly.min.js", {}, "GET", 200, REVALIDATE),
        ("/assets/site.css", {"m": "1700000000.0"}, "GET", 200, IMMUTABLE),
        ("/assets/site.css", {}, "GET", 200, REVALIDATE),
        ("/", {}, "GET", 200, REVALIDATE),
        ("/_dash-update-component", {}, "POST", 200, NO_STORE),
        ("/healthz", {}, "GET", 200, NO_STORE),
        ("/_dash-component-suites/x.v1m1.js", {}, "GET", 404, NO_STORE),
    ],
)
def test_cache_lifetimes(path: str, query: dict, method: str, status: int, expected: str) -> None:
    assert cache_control(path, query, method, status) == expected


def test_every_response_carries_security_headers() -> None:
    app = harden(small_app(), Settings(frame_ancestors=("'none'",)), lambda: HEALTHY)
    client = app.server.test_client()
    for path in ("/", "/_dash-layout", "/_dash-dependencies", "/healthz", "/no/such/page"):
        response = client.get(path)
        assert response.headers["X-Content-Type-Options"] == "nosniff", path
        assert response.headers["Referrer-Policy"] == "same-origin", path
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"], path
        assert response.headers["X-Frame-Options"] == "DENY", path


def test_pages_and_scripts_are_compressed_with_brotli_or_gzip() -> None:
    app = harden(small_app(), Settings(), lambda: HEALTHY)
    client = app.server.test_client()
    page = client.get("/", headers={"Accept-Encoding": "gzip, br"})
    assert page.headers["Content-Encoding"] == "br"
    html_text = client.get("/").get_data(as_text=True)
    script = next(src for src in re.findall(r'<script src="([^"]+)"', html_text) if "dash_renderer" in src)
    gz = client.get(script, headers={"Accept-Encoding": "gzip"})
    assert gz.headers["Content-Encoding"] == "gzip"
    assert gz.headers["Cache-Control"] == IMMUTABLE
    again = client.get(script, headers={"Accept-Encoding": "gzip"})
    assert again.data == gz.data


# --- /healthz ---------------------------------------------------------------------------


def test_healthz_reports_the_roadmap() -> None:
    app = harden(small_app(), Settings(), lambda: HEALTHY)
    response = app.server.test_client().get("/healthz")
    assert response.status_code == 200
    assert response.json == {
        "status": "ok",
        "updated": "2021-12-01",
        "deliverables": 42,
        "current_files_valid": True,
        "watcher": "running",
    }


def test_healthz_is_503_until_the_roadmap_has_loaded() -> None:
    app = harden(small_app(), Settings(), lambda: None)
    response = app.server.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["status"] == "unavailable"


def test_healthz_is_503_when_the_probe_fails() -> None:
    def broken() -> RoadmapHealth:
        raise RuntimeError("boom")

    app = harden(small_app(), Settings(), broken)
    assert app.server.test_client().get("/healthz").status_code == 503


# --- basic auth -------------------------------------------------------------------------


def test_basic_auth_rejects_missing_and_wrong_credentials(tmp_path: Path) -> None:
    path = users_file(tmp_path, anne="riktig passord", bo="annet")
    app = harden(small_app(), Settings(users=path), lambda: HEALTHY)
    client = app.server.test_client()
    for headers in (
        {},
        basic("anne", "feil"),
        basic("ukjent", "riktig passord"),
        basic("bo", "riktig passord"),
    ):
        response = client.get("/", headers=headers)
        assert response.status_code == 401
        assert response.headers["WWW-Authenticate"].startswith('Basic realm="veikart"')
        assert b"DashRenderer" not in response.data
    assert client.post("/_dash-update-component", json={}).status_code == 401


def test_basic_auth_accepts_right_credentials_and_leaves_healthz_open(tmp_path: Path) -> None:
    path = users_file(tmp_path, anne="riktig passord")
    app = harden(small_app(), Settings(users=path), lambda: HEALTHY)
    client = app.server.test_client()
    assert client.get("/", headers=basic("anne", "riktig passord")).status_code == 200
    assert client.get("/", headers=basic("anne", "riktig passord")).status_code == 200  # remembered
    assert client.get("/healthz").status_code == 200


def test_changed_users_file_is_reread(tmp_path: Path) -> None:
    path = users_file(tmp_path, anne="gammelt")
    auth = BasicAuth(path)
    app = small_app()
    with app.server.app_context():
        assert auth.check("anne", "gammelt")
        users_file(tmp_path, anne="nytt passord, lengre")
        assert not auth.check("anne", "gammelt")
        assert auth.check("anne", "nytt passord, lengre")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("anne\n", "users.txt:1: expected 'name:bcrypt-hash'"),
        ("anne:hunter2\n", "users.txt:1: the password of 'anne' is not a bcrypt hash"),
        ("# only a comment\n", "users.txt: no users in the file"),
    ],
)
def test_bad_users_files_are_refused_with_file_and_line(text: str, message: str) -> None:
    with pytest.raises(UsersFileError, match=message):
        parse_users(text, "users.txt")


def test_missing_users_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(UsersFileError, match="users file not found"):
        BasicAuth(tmp_path / "nope.txt")


@pytest.mark.parametrize(
    "header",
    ["Bearer abc", "Basic !!!", "Basic " + base64.b64encode(b"no-colon").decode(), "Digest username=anne"],
)
def test_malformed_authorization_headers_are_refused(tmp_path: Path, header: str) -> None:
    app = harden(small_app(), Settings(users=users_file(tmp_path, anne="x")), lambda: HEALTHY)
    assert app.server.test_client().get("/", headers={"Authorization": header}).status_code == 401


def test_passwords_with_colons_and_non_ascii_are_accepted(tmp_path: Path) -> None:
    app = harden(small_app(), Settings(users=users_file(tmp_path, åse="a:b:ø")), lambda: HEALTHY)
    assert app.server.test_client().get("/", headers=basic("åse", "a:b:ø")).status_code == 200


# --- debug mode cannot be switched on -----------------------------------------------------


def test_debug_environment_variables_are_removed() -> None:
    env = {"DASH_DEBUG": "true", "dash_hot_reload": "true", "FLASK_DEBUG": "1", "VEIKART_LANG": "nb"}
    removed = scrub_environment(env)
    assert sorted(removed) == ["DASH_DEBUG", "FLASK_DEBUG", "dash_hot_reload"]
    assert env == {"VEIKART_LANG": "nb"}


def test_dev_tools_from_the_environment_are_switched_off(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("DASH_DEBUG", "DASH_UI", "DASH_HOT_RELOAD", "DASH_PROPS_CHECK", "DASH_SERVE_DEV_BUNDLES"):
        monkeypatch.setenv(name, "true")
    app = small_app()  # created with the variables set: Dash has taken them
    assert page_config(app)["ui"] is True
    with pytest.raises(ProductionError, match="ui, props_check"):
        check_production(app)
    lock_dev_tools(app)
    check_production(app)
    page = app.server.test_client().get("/").get_data(as_text=True)
    config = json.loads(
        re.search(r'<script id="_dash-config" type="application/json">(.*?)</script>', page)[1]
    )
    assert config["ui"] is False
    assert config["props_check"] is False
    assert "hot_reload" not in config


def test_dev_tools_cannot_be_enabled_after_locking() -> None:
    app = small_app()
    lock_dev_tools(app)
    with pytest.raises(ProductionError):
        app.enable_dev_tools(debug=True)
    with pytest.raises(ProductionError):
        app.run(debug=True)
    assert app.server.debug is False


def test_callback_errors_do_not_leak_tracebacks() -> None:
    app = dash.Dash(__name__)
    app.layout = html.Div([dcc.Input(id="in"), html.Div(id="out")])

    @app.callback(dash.Output("out", "children"), dash.Input("in", "value"))
    def fail(value: str) -> str:
        raise RuntimeError("secret path /etc/veikart/data")

    harden(app, Settings(), lambda: HEALTHY)
    body = {
        "output": "out.children",
        "outputs": {"id": "out", "property": "children"},
        "inputs": [{"id": "in", "property": "value", "value": "x"}],
        "changedPropIds": ["in.value"],
        "state": [],
    }
    response = app.server.test_client().post("/_dash-update-component", json=body)
    assert response.status_code == 500
    assert b"secret path" not in response.data
    assert b"Traceback" not in response.data


# --- path traversal and docs --------------------------------------------------------------

TRAVERSALS = (
    "/assets/../../../../etc/hostname",
    "/assets/%2e%2e/%2e%2e/etc/hostname",
    "/assets/..%2f..%2f..%2fetc%2fhostname",
    "/assets/%252e%252e/%252e%252e/etc/hostname",
    "/assets/..\\..\\etc\\hostname",
    "/_dash-component-suites/dash/../../../../etc/hostname",
    "/_dash-component-suites/dash/..%2f..%2f..%2fetc%2fhostname",
    "/_dash-component-suites/os/path.py",
    "/static/../../../etc/hostname",
    "/../../etc/hostname",
    "/assets/%2Fetc%2Fhostname",
    "/assets//etc/hostname",
)


@pytest.mark.parametrize("path", TRAVERSALS)
def test_path_traversal_is_refused(path: str) -> None:
    app = harden(small_app(), Settings(), lambda: HEALTHY)
    response = app.server.test_client().get(path)
    assert 400 <= response.status_code < 500, (path, response.status_code)
    assert b"DashRenderer" not in response.data


def test_every_setting_is_documented() -> None:
    operations = (Path(__file__).resolve().parent.parent / "docs" / "operations.md").read_text(
        encoding="utf-8"
    )
    table = operations.split("## Settings", 1)[1].split("\n## ", 1)[0]
    for setting in SETTINGS.values():
        assert f"| `{setting.env}` |" in table, f"docs/operations.md's settings table lacks {setting.env}"


# --- callback requests ----------------------------------------------------------------------


def pattern_app(reads: list[str]) -> dash.Dash:
    """An app with a pattern-matching callback that, like the download menu, takes a name from an id."""
    app = dash.Dash(__name__)
    app.layout = html.Div(
        [dcc.Store(id={"type": "ask", "view": "gantt"}), html.Div(id={"type": "file", "view": "gantt"})]
    )

    @app.callback(
        dash.Output({"type": "file", "view": dash.MATCH}, "children"),
        dash.Input({"type": "ask", "view": dash.MATCH}, "data"),
    )
    def answer(data: object) -> str:
        reads.append(dash.ctx.triggered_id["view"])
        return "ok"

    return app


def pattern_body(view: object) -> dict:
    return {
        "output": '{"type":"file","view":["MATCH"]}.children',
        "outputs": {"id": {"type": "file", "view": view}, "property": "children"},
        "inputs": [{"id": {"type": "ask", "view": view}, "property": "data", "value": 1}],
        "changedPropIds": [f'{{"type":"ask","view":"{view}"}}.data'],
        "state": [],
    }


def test_well_formed_pattern_callback_runs() -> None:
    reads: list[str] = []
    app = harden(pattern_app(reads), Settings(), lambda: HEALTHY)
    client = app.server.test_client()
    client.get("/")
    assert client.post("/_dash-update-component", json=pattern_body("gantt")).status_code == 200
    assert reads == ["gantt"]


@pytest.mark.parametrize(
    "view", ["../../etc/passwd", "..", "a/b", "x\x00", "gantt\\..\\x", "", ["list"], {"nested": 1}]
)
def test_names_in_callback_ids_cannot_climb_out(view: object) -> None:
    reads: list[str] = []
    app = harden(pattern_app(reads), Settings(), lambda: HEALTHY)
    client = app.server.test_client()
    client.get("/")
    response = client.post("/_dash-update-component", json=pattern_body(view))
    assert response.status_code == 400
    assert reads == []


def test_unknown_or_malformed_callbacks_are_400_not_500() -> None:
    app = harden(small_app(), Settings(), lambda: HEALTHY)
    client = app.server.test_client()
    client.get("/")
    unknown = {"output": "nope.children", "outputs": {"id": "nope", "property": "children"}, "inputs": []}
    assert client.post("/_dash-update-component", json=unknown).status_code == 400
    assert client.post("/_dash-update-component", data="not json").status_code == 400
    assert client.post("/_dash-update-component", json=[1, 2]).status_code == 400


# --- veikart serve --production: refusals before anything starts ---------------------------


def test_production_refuses_debug(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from veikart.cli import main

    result = CliRunner().invoke(main, ["serve", "--production", "--debug", BUNDLED])
    assert result.exit_code == 2
    assert "--debug and --production cannot be combined" in result.output


def test_production_names_a_missing_roadmap_or_users_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from veikart.cli import main

    missing = CliRunner().invoke(main, ["serve", "--production", str(tmp_path / "nope.yaml")])
    assert missing.exit_code == 2
    assert "nope.yaml: no such file or directory" in missing.output
    monkeypatch.setenv("VEIKART_USERS", str(tmp_path / "users.txt"))
    no_users = CliRunner().invoke(main, ["serve", "--production", BUNDLED])
    assert no_users.exit_code == 2
    assert "users file not found" in no_users.output
    monkeypatch.setenv("VEIKART_PORT", "eighty")
    bad_port = CliRunner().invoke(main, ["serve", "--production", BUNDLED])
    assert bad_port.exit_code == 2
    assert "VEIKART_PORT: expected a whole number, got 'eighty'" in bad_port.output


def test_wsgi_module_is_configured_from_the_environment(tmp_path: Path) -> None:
    import subprocess
    import sys

    script = (
        "from veikart.wsgi import application\n"
        "client = application.test_client()\n"
        "print(client.get('/healthz').json['deliverables'], application.debug)\n"
    )
    env = {"VEIKART_DATA": BUNDLED, "DASH_DEBUG": "true", "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    count, debug = done.stdout.split()
    assert int(count) > 0
    assert debug == "False"
    bad = subprocess.run(
        [sys.executable, "-c", "import veikart.wsgi"],
        env={**env, "VEIKART_DATA": str(tmp_path / "nope")},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert bad.returncode != 0
    assert "veikart: error:" in bad.stderr and "no such file or directory" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_pages_do_not_tell_the_python_version() -> None:
    page = harden(small_app(), Settings(), lambda: HEALTHY).server.test_client().get("/")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "_dash-config" in text
    assert "python_version" not in text and sys.version.split()[0] not in text


def test_every_inline_script_of_the_page_is_allowed_by_its_hash() -> None:
    app = harden(small_app(), Settings(), lambda: HEALTHY)
    response = app.server.test_client().get("/")
    policy = response.headers["Content-Security-Policy"]
    page = re.sub(r"<!--.*?-->", "", response.get_data(as_text=True), flags=re.DOTALL)  # IE-only blocks
    scripts = re.findall(r"<script( [^>]*)?>(.*?)</script>", page, re.DOTALL)
    inline = [body for attributes, body in scripts if body and "application/json" not in attributes]
    assert inline, "the page has inline scripts (Dash's renderer)"
    for script in inline:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy
