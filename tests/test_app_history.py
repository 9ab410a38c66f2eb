"""The dashboard's history: `?baseline=`, `?asof=`, the selector, the change summary, the
table's "Endring", /endringer, "Sist endret" and the staleness notice, without a browser.

A git repository of a directory roadmap is built in a temporary folder (tests/history_repo.py:
six commits, two tags, an uncommitted edit); the dashboard is made with watch=False, so the
tests call `source.check()` where the watcher would.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest
from callback_client import CallbackClient
from history_repo import HOSTILE_AUTHOR, HOSTILE_SUBJECT, GitRoadmap, board_history
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import veikart.history.git as git_module
from veikart.app import download
from veikart.app.comparison import Chosen, ComparisonCache, rewarm
from veikart.app.details import deliverable_details
from veikart.app.factory import create_dashboard
from veikart.app.history_bar import CHANGE_SUMMARY, revision_options, stale_banner
from veikart.app.history_choice import cached_shown, layout_shown, with_attribution
from veikart.app.history_source import PRELOAD, VERSIONS_KEPT, HistoryKeeper
from veikart.app.pages import changes, gantt, table
from veikart.app.state import query_mapping
from veikart.filters import Filters, parse_query
from veikart.history import RoadmapHistory
from veikart.history.render import summary_text

BASE = "styremote-2023-01"


def _text(component: object) -> str:
    """Every text of a component tree, joined (what a reader would see, untrusted text included)."""
    if component is None:
        return ""
    if isinstance(component, str | int | float):
        return str(component)
    if isinstance(component, list | tuple):
        return " ".join(_text(c) for c in component)
    return _text(getattr(component, "children", None))


def _find(component: object, ident: str) -> object | None:
    if getattr(component, "id", None) == ident:
        return component
    children = getattr(component, "children", None)
    if isinstance(children, list | tuple):
        for child in children:
            found = _find(child, ident)
            if found is not None:
                return found
    elif children is not None and not isinstance(children, str):
        return _find(children, ident)
    return None


class GitCalls:
    """Records the arguments of every git command veikart runs."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls: list[list[str]] = []
        real = git_module.run_git

        def recording(cwd, args, stdin=None):  # type: ignore[no-untyped-def]
            self.calls.append([str(a) for a in args])
            return real(cwd, args, stdin)

        monkeypatch.setattr(git_module, "run_git", recording)

    def mention(self, text: str) -> list[list[str]]:
        return [call for call in self.calls if any(text in arg for arg in call)]


@pytest.fixture(scope="module")
def board(tmp_path_factory: pytest.TempPathFactory) -> tuple[GitRoadmap, dict[str, str]]:
    return board_history(tmp_path_factory.mktemp("dashboard-history") / "repo")


@pytest.fixture(scope="module")
def dashboard(board):
    repo, _ = board
    return create_dashboard(repo.root / "roadmap", watch=False)


@pytest.fixture(scope="module")
def client(dashboard):
    return CallbackClient(dashboard.app)


def _layout_shown(dashboard, **query: str):
    return layout_shown(dashboard.source, dashboard.source.snapshot(), query, "nb")


# --- the selector -------------------------------------------------------------------------


def test_the_selector_lists_tags_newest_first_then_commits_with_date_and_subject(dashboard, board):
    _, ids = board
    history = dashboard.source.snapshot().history
    assert history.available and history.complete
    entries = history.revisions
    assert [(e.kind, e.name) for e in entries[:2]] == [("tag", "styremote-2023-03"), ("tag", BASE)]
    assert [e.commit for e in entries[2:]] == [ids[c] for c in ("c5", "c4", "c3", "c2", "c1", "c0")]
    labels = [option["label"] for option in revision_options(history, None, "nb")]
    assert labels[1] == f"{BASE} · 10.01.2023 · Første versjon"
    assert labels[3] == f"{ids['c4'][:7]} · 10.03.2023 · Faser, avhengigheter og trafikklys"
    # the hostile subject is kept as the text it is (cleaned, bounded), never interpreted
    assert labels[2].startswith(f"{ids['c5'][:7]} · 20.03.2023 · KJ: ny tittel <script>")
    assert len(labels[2]) < len(HOSTILE_SUBJECT) + 30


def test_a_revision_chosen_by_link_but_not_listed_is_offered_too(dashboard, board):
    _, ids = board
    shown = _layout_shown(dashboard, baseline="main")
    options = revision_options(shown.history, shown.baseline, "nb")
    assert options[0]["value"] == "main"
    assert shown.baseline is not None and shown.baseline.commit == ids["c5"]


# --- comparing ------------------------------------------------------------------------------


def test_the_change_summary_counts_what_veikart_diff_counts(dashboard, board):
    shown = _layout_shown(dashboard, baseline=BASE)
    assert shown.comparison is not None
    assert shown.comparison.summary("nb") == (
        f"Siden {BASE}: 1 forsinket, 1 fremskyndet, 1 ny, 1 fjernet, 1 endret status, 7 andre endringer"
    )
    assert shown.comparison.summary("en").startswith(f"Since {BASE}: 1 delayed, 1 brought forward, 1 new")
    # the same counts as `veikart diff --from styremote-2023-01` (to the working tree)
    report = RoadmapHistory(board[0].root / "roadmap").compare(BASE)
    assert shown.comparison.summary("nb").endswith(summary_text(report, "nb"))


def test_the_figures_get_the_baseline_and_the_table_an_endring_column(dashboard):
    snapshot = dashboard.source.snapshot()
    shown = _layout_shown(dashboard, baseline=BASE)
    drawn = shown.drawn
    assert drawn is not None and drawn.label == BASE
    assert int(drawn.moved.loc["kj-a", "shift"]) == 2 and "pll-c" in drawn.added
    assert list(drawn.removed["id"]) == ["kj-b"]
    view = gantt.render(shown.frames, Filters(), gantt.GanttOptions(baseline=drawn))
    names = {trace.get("name") if isinstance(trace, dict) else trace.name for trace in view.figure["data"]}
    assert {"baseline-ghosts", "baseline-removed"} <= names
    rows = table.render(snapshot.frames, Filters(), table.TableOptions(changes=shown.labels)).rows
    by_id = {row["id"]: row["change"] for row in rows}
    assert by_id["kj-a"].startswith("+2 kv")
    assert by_id["pll-c"] == "Ny"
    assert (
        "Endret status: Funksjonalitet i konsept eller planlegging → Tilgjengelig funksjonalitet"
        in by_id["pll-a"]
    )
    assert "change" not in table.render(snapshot.frames, Filters(), table.TableOptions()).rows[0]
    headings = [c.get("headerName") for c in table.column_defs("nb", changes=True)]
    assert headings[headings.index("Leveranse") + 1] == "Endring"


def test_the_phase_overview_frames_services_in_another_phase_than_in_the_baseline(dashboard):
    from veikart.app.pages import phases
    from veikart.roadmap.periods import Quarter

    shown = _layout_shown(dashboard, baseline=BASE)
    at = Filters(at=Quarter(2023, 4))
    view = phases.render(shown.frames, at, phases.PhaseOptions(baseline=shown.drawn))
    frames = [s for s in view.overview["layout"]["shapes"] if s.get("line", {}).get("dash")]
    assert frames, "no dashed frame"
    words = _text(view.columns)
    # pll is in Innføring at 2023 K4 now (pll-b moved there a quarter earlier), Utprøving then
    assert f"Pasientens legemiddelliste (Fra «Utprøving» i 2023 K3; Fase i {BASE}: Utprøving)" in words
    assert "Kjernejournal (" not in words
    plain = phases.render(shown.frames, at, phases.PhaseOptions())
    assert f"Fase i {BASE}" not in _text(plain.columns)


def test_asof_shows_the_roadmap_as_it_stood_and_compares_it_with_the_baseline(dashboard, board):
    _, ids = board
    shown = _layout_shown(dashboard, asof=BASE)
    assert shown.asof is not None and shown.asof.commit == ids["c0"]
    assert set(shown.frames.deliverables["id"]) == {"kj-a", "kj-b", "pll-a", "pll-b"}
    assert shown.frames.info.title == "Veikart for historikk"
    # "Sist endret" as of that commit
    assert shown.last_change("deliverable", "kj-b").sha == ids["c0"]
    both = _layout_shown(dashboard, baseline=BASE, asof="styremote-2023-03")
    assert both.comparison is not None
    assert both.comparison.summary("nb").startswith(f"Fra {BASE} til styremote-2023-03: 1 forsinket")
    # the uncommitted edit (pll-a available) is not in the version as of the tag
    status = [a.change for a in both.comparison.report.changes if a.change.kind == "status"]
    assert [(c.id, c.after) for c in status] == [("pll-a", "establishing")]
    assert both.query == f"baseline={BASE}&asof=styremote-2023-03"


def test_comparisons_and_versions_are_kept_per_commit(dashboard, board):
    _, ids = board
    first = _layout_shown(dashboard, baseline=BASE)
    again = _layout_shown(dashboard, baseline=ids["c0"][:10])
    assert again.comparison is first.comparison  # the same commit: the same comparison
    assert again.baseline.label == ids["c0"][:10]
    keeper = dashboard.source.history
    assert keeper.version(ids["c0"]) is keeper.version(ids["c0"])


def test_the_render_cache_keys_on_the_commits(dashboard):
    snapshot = dashboard.source.snapshot()
    from veikart.app.cache import render_cached

    plain = _layout_shown(dashboard)
    compared = _layout_shown(dashboard, baseline=BASE)
    before = len(snapshot.renders)
    options = gantt.GanttOptions(baseline=compared.drawn)
    one = render_cached(snapshot, gantt.render, Filters(), gantt.GanttOptions(), plain)
    two = render_cached(snapshot, gantt.render, Filters(), options, compared)
    assert one is not two and len(snapshot.renders) == before + 2
    assert render_cached(snapshot, gantt.render, Filters(), options, compared) is two


# --- /endringer ------------------------------------------------------------------------------


def test_the_changes_page_groups_changes_with_their_commits_and_links(dashboard, board):
    _, ids = board
    snapshot = dashboard.source.snapshot()
    shown = with_attribution(dashboard.source, snapshot, _layout_shown(dashboard, baseline=BASE), "nb")
    assert shown.comparison is not None and shown.comparison.attributed
    options = changes.ChangesOptions(links=shown.query, commits=True, comparison=shown.comparison)
    view = changes.render(shown.frames, Filters(), options)
    assert [group for group, _ in view.groups] == [
        "slipped",
        "earlier",
        "added",
        "removed",
        "status",
        "other",
    ]
    rows = {row.id + ":" + row.kind: row for _, rows in view.groups for row in rows}
    slipped = rows["kj-a:moved"]
    assert slipped.href == f"/tidslinje?selected=kj-a&baseline={BASE}"
    assert slipped.commit_id == ids["c3"][:7] and "+2 kv" in slipped.what
    assert rows["kj-b:removed"].href == f"/tidslinje?service=kj&baseline={BASE}"
    assert rows["pll-a:status"].commit_id == ""  # the uncommitted edit
    assert rows["pll-a:status"].commit == "ikke committet"
    retitled = rows["kj-a:title"]
    assert retitled.commit_id == ids["c5"][:7]
    assert HOSTILE_SUBJECT[:30] in retitled.commit
    assert HOSTILE_AUTHOR.split("<")[0] in retitled.commit  # git itself drops < > from names
    assert view.count == f"{view.total} av {view.total} endringer"


def test_the_changes_page_filters_like_the_other_views(dashboard):
    snapshot = dashboard.source.snapshot()
    shown = with_attribution(dashboard.source, snapshot, _layout_shown(dashboard, baseline=BASE), "nb")
    options = changes.ChangesOptions(comparison=shown.comparison)

    def ids_for(**query: str) -> set[str]:
        filters, notices = parse_query(query, shown.frames, "nb")
        assert notices == []
        return {row.id for _, rows in changes.render(shown.frames, filters, options).groups for row in rows}

    assert ids_for(area="kjernejournal") == {"kj-a", "kj-b", "kj"}  # kj-b as it was in the baseline
    assert ids_for(area="e-resept") == {"pll-a", "pll-b", "pll-c", "pll"}
    assert ids_for(q="multidose") == {"pll-c"}
    # a search for a service's name finds its deliverables (as in the timeline) and its own changes
    assert ids_for(q="legemiddelliste") == {"pll", "pll-a", "pll-b", "pll-c"}
    assert ids_for(status="available") == {"pll-a"}


def test_without_a_baseline_the_changes_page_asks_for_one(dashboard, client):
    page = changes.PAGE
    from veikart.app.page import draw_page

    context = _context(dashboard)
    drawn = draw_page(page, context, {})
    text = _text(drawn)
    assert "Velg en versjon under «Sammenlign med»" in text
    assert "styremote-2023-03" in text  # the latest tags are offered


def _context(dashboard):
    from veikart.app.context import AppContext
    from veikart.app.router import discover_pages

    pages = discover_pages()
    return AppContext(
        app=dashboard.app,
        source=dashboard.source,
        lang="nb",
        nav_paths=tuple(p.path for p in pages.navigation),
    )


# --- pages and callbacks ----------------------------------------------------------------------


def test_every_page_draws_the_bar_and_carries_the_history_in_its_links(dashboard):
    from veikart.app.page import draw_page, has_history
    from veikart.app.router import discover_pages

    context = _context(dashboard)
    pages = [page for page in discover_pages().navigation if has_history(page)]
    assert len(pages) >= 4  # the timeline, the phases, the table, the changes
    for page in pages:
        drawn = draw_page(page, context, {"baseline": BASE, "area": "kjernejournal"})
        summary = _find(drawn, CHANGE_SUMMARY)
        assert summary is not None and _text(summary).startswith(f"Siden {BASE}:"), page.path
        state = _find(drawn, {"type": "url-state", "page": page.namespace})
        assert f"baseline={BASE}" in state.value and "area=kjernejournal" in state.value


def test_the_filter_callback_reads_the_comparison_from_memory(dashboard, client, monkeypatch):
    _layout_shown(dashboard, baseline=BASE)  # the page's layout loaded it
    calls = GitCalls(monkeypatch)
    status, body = client.post(
        client.body(
            "gantt-graph.figure",
            {"gantt-history-value.value": f"baseline={BASE}", "gantt-filter-area.value": ["kjernejournal"]},
            changed="gantt-filter-area.value",
        )
    )
    assert status == 200
    names = [trace.get("name") for trace in body["response"]["gantt-graph"]["figure"]["data"]]
    assert "baseline-ghosts" in names
    assert calls.calls == []  # no git in a callback
    status, body = client.post(
        client.body("table-grid.rowData", {"table-history-value.value": f"baseline={BASE}"})
    )
    assert status == 200
    rows = body["response"]["table-grid"]["rowData"]
    assert {row["id"]: row["change"] for row in rows}["pll-c"] == "Ny"
    assert calls.calls == []


@pytest.mark.parametrize(
    "value",
    [
        "baseline=--output=/tmp/x",
        "baseline=$(id)&asof=;rm -rf /",
        "asof=HEAD~1000",
        "baseline=" + "a" * 40,
        "baseline=finnes-ikke",
    ],
)
def test_forged_history_values_give_a_notice_and_never_reach_git(client, monkeypatch, value):
    calls = GitCalls(monkeypatch)
    status, body = client.post(
        client.body(
            "gantt-graph.figure", {"gantt-history-value.value": value}, changed="gantt-filter-q.value"
        )
    )
    assert status == 200
    assert "Merk" in str(body["response"]["gantt-notices"])
    assert calls.calls == []


@pytest.mark.parametrize("value", [42, ["baseline=x"], {"baseline": "x"}, "baseline=" + "x" * 5000])
def test_history_values_of_the_wrong_type_are_refused(client, value):
    status, _ = client.post(client.body("gantt-graph.figure", {"gantt-history-value.value": value}))
    assert status == 400


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    baseline=st.one_of(st.text(max_size=80), st.from_regex(r"-[a-z-]{1,20}(=.*)?", fullmatch=True)),
    asof=st.text(max_size=80),
)
def test_no_revision_in_a_link_reaches_git_unless_it_is_a_commit_id_or_a_known_name(
    dashboard, monkeypatch, baseline, asof
):
    calls = GitCalls(monkeypatch)
    query = query_mapping("?" + _encode(baseline=baseline, asof=asof))
    shown = layout_shown(dashboard.source, dashboard.source.snapshot(), query, "nb")
    history = dashboard.source.snapshot().history
    for name in ("baseline", "asof"):
        raw = query.get(name)
        if not raw:
            continue
        chosen = getattr(shown, name)
        mentioned = [c for c in calls.mention(raw)] if len(raw) >= 3 else []
        if raw in history.names:
            assert chosen is not None
            continue
        hexadecimal = all(ch in "0123456789abcdefABCDEF" for ch in raw) and 4 <= len(raw) <= 64
        if not hexadecimal:
            assert chosen is None, raw
            assert mentioned == [], (raw, mentioned)
        for call in mentioned:  # a commit id, after --end-of-options
            assert "--end-of-options" in call and call.index("--end-of-options") < len(call) - 1
    monkeypatch.undo()


def _encode(**values: str) -> str:
    from urllib.parse import urlencode

    return urlencode(values)


def test_links_with_hostile_revisions_are_answered_with_a_notice(client):
    for query in (
        "?baseline=--upload-pack%3Dtouch%20x",
        "?asof=%24(id)&baseline=..%2F..",
        "?baseline=v1..v2",
    ):
        response = client.client.get(
            "/_dash-layout", headers={"Referer": f"http://localhost/tidslinje{query}"}
        )
        assert response.status_code == 200
        text = response.get_data(as_text=True)
        assert "er ikke en tag, en gren eller en commit-id" in text


# --- details and staleness ------------------------------------------------------------------


def test_the_details_panel_says_when_the_item_last_changed(dashboard, board):
    _, ids = board
    shown = _layout_shown(dashboard)
    changed = shown.last_change("deliverable", "kj-a")
    assert changed is not None and changed.sha == ids["c5"]
    panel = _text(deliverable_details(shown.frames, "kj-a", "nb", "dep", changed=changed))
    assert f"Sist endret 20. mars 2023 ( {ids['c5'][:7]} )" in panel
    assert "Sist endret" not in _text(deliverable_details(shown.frames, "kj-a", "nb", "dep"))
    # pll-a is edited in the working tree: its last commit does not date its state
    edited = shown.last_change("deliverable", "pll-a")
    assert edited == "uncommitted"
    assert "Sist endret ikke committet" in _text(
        deliverable_details(shown.frames, "pll-a", "nb", "dep", edited)
    )
    assert _layout_shown(dashboard, asof=BASE).last_change("deliverable", "pll-a").sha == ids["c0"]


def test_the_staleness_notice_uses_the_contracts_checks_as_of_today(dashboard):
    snapshot = dashboard.source.snapshot()
    problems = snapshot.history.stale
    messages = [p.text("nb") if hasattr(p, "text") else p.message for p in problems]
    # the fixture's deliverables ended in 2023-2024 and are still planned: past their end
    assert any("kj-a" in m and "skulle vært ferdig" in m for m in messages)
    assert any("roadmap.updated" in m for m in messages)
    text = _text(stale_banner(snapshot, "nb"))
    assert text.startswith(f"Veikartet bør oppdateres: {len(problems)} merknader per ")


# --- following the repository --------------------------------------------------------------


def test_the_watcher_follows_new_commits_and_tags_and_rebuilds_the_comparisons_in_use(tmp_path):
    repo, ids = board_history(tmp_path / "repo")
    dashboard = create_dashboard(repo.root / "roadmap", watch=False)
    source = dashboard.source
    first = source.snapshot()
    layout_shown(source, first, {"baseline": BASE}, "nb")
    assert source.check() is False  # nothing changed
    repo.commit("PLL tilgjengelig", "2023-04-01")
    repo.tag("styremote-2023-04")
    assert source.check() is True
    second = source.snapshot()
    assert second.version != first.version
    assert second.history.revisions[0].name == "styremote-2023-04"
    assert second.comparisons.get((ids["c0"], None)) is not None  # rebuilt before it was shown
    # and the uncommitted status change now has its commit
    repo.edit("roadmap/kj.yaml", "    status: establishing", "    status: available")
    assert source.check() is True
    third = source.snapshot()
    rebuilt = third.comparisons.get((ids["c0"], None))
    assert rebuilt is not None and third.renders is not second.renders
    assert any(a.change.id == "kj-a" and a.change.kind == "status" for a in rebuilt.report.changes)


def test_rewarm_copies_comparisons_of_two_commits_and_rebuilds_the_others():
    class Fake:
        def __init__(self, asof):
            self.asof = asof
            self.key = ("b", asof)

    old, new = ComparisonCache(), ComparisonCache()
    with_asof, current = Fake("a"), Fake(None)
    old.put(with_asof)  # type: ignore[arg-type]
    old.put(current)  # type: ignore[arg-type]
    rebuilt = []
    rewarm(old, new, lambda c: rebuilt.append(c) or c)
    assert rebuilt == [current] and new.get(("b", "a")) is with_asof


def test_versions_are_preloaded_in_selector_order_and_kept_bounded(board):
    repo, _ = board
    keeper = HistoryKeeper(repo.root / "roadmap", "nb")
    state = keeper.state(keeper.refs_stamp())
    loaded = 0
    while keeper.preload_next(state):
        loaded += 1
    first = {entry.commit for entry in state.revisions[:PRELOAD]}  # a tag and its commit load once
    assert loaded == len(first)
    assert all(keeper.cached_version(commit) is not None for commit in first)
    assert VERSIONS_KEPT >= PRELOAD


def test_nothing_is_written_to_the_repository(tmp_path, monkeypatch):
    repo, ids = board_history(tmp_path / "repo")
    git_dir = repo.root / ".git"
    repo.git("gc", "-q")  # packed: what a server's checkout often is

    def fingerprint() -> str:
        digest = hashlib.sha1()
        for folder, _, files in sorted(os.walk(git_dir)):
            for name in sorted(files):
                path = Path(folder) / name
                stat = path.stat()
                digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}".encode())
        return digest.hexdigest()

    before = fingerprint()
    dashboard = create_dashboard(repo.root / "roadmap", watch=False)
    source = dashboard.source
    shown = layout_shown(source, source.snapshot(), {"baseline": BASE, "asof": ids["c3"][:9]}, "nb")
    with_attribution(source, source.snapshot(), shown, "nb")
    while source.preload():
        pass
    source.check()
    assert fingerprint() == before


def test_outside_a_git_work_tree_history_is_unavailable_and_the_rest_works(tmp_path, board):
    repo, _ = board
    folder = tmp_path / "roadmap"
    shutil.copytree(repo.root / "roadmap", folder)
    dashboard = create_dashboard(folder, watch=False)
    history = dashboard.source.snapshot().history
    assert not history.available and history.revisions == ()
    from veikart.app.page import draw_page

    context = _context(dashboard)
    drawn = draw_page(gantt.PAGE, context, {"baseline": BASE})
    text = _text(drawn)
    assert text.count("Historikken er ikke tilgjengelig") == 1
    assert "ber om en tidligere versjon" in text  # the link's baseline, in a notice
    assert _find(drawn, "gantt-graph") is not None
    bar = _find(drawn, "gantt-history")
    assert any(getattr(child, "hidden", False) for child in bar.children)  # no selector shown
    # the time-dependent checks that need no git still run
    assert any("skulle vært ferdig" in p.text("nb") for p in dashboard.source.snapshot().history.stale)


# --- exports ----------------------------------------------------------------------------------


def test_last_ned_exports_with_the_pages_baseline_and_asof(dashboard, board, monkeypatch):
    _, ids = board
    asof = ids["c1"][:7]
    _layout_shown(dashboard, baseline=BASE, asof=asof)  # the page drew it
    asked = {}

    def fake_export(frames, request, **_):
        asked["frames"], asked["request"] = frames, request
        return b"%PDF"

    monkeypatch.setattr(download, "export_for_download", fake_export)
    context = _context(dashboard)
    search = f"?area=kjernejournal&baseline={BASE}&asof={asof}"
    download.download_response(context, "gantt", {"fmt": "png", "search": search})
    request = asked["request"]
    assert request.baseline is not None and request.baseline.label == BASE
    assert request.filters.area == ("kjernejournal",)
    assert "pll-c" not in set(asked["frames"].deliverables["id"])  # as of c1: not there yet


@pytest.mark.export
def test_last_ned_draws_the_ghosts_into_the_image(dashboard):
    _layout_shown(dashboard, baseline=BASE)
    context = _context(dashboard)
    sent, message = download.download_response(
        context, "gantt", {"fmt": "svg", "search": f"?baseline={BASE}"}
    )
    assert message == []
    svg = sent["content"]
    import base64

    text = base64.b64decode(svg).decode() if sent.get("base64") else svg
    assert f"Sammenlignet med {BASE}" in text  # the caption names the baseline
    assert "+2 kv" in text


def test_cached_shown_never_loads(dashboard, monkeypatch):
    keeper = dashboard.source.history
    monkeypatch.setattr(keeper, "version", lambda *a, **k: pytest.fail("loaded in a callback"))
    shown = cached_shown(dashboard.source, dashboard.source.snapshot(), "baseline=0123abcd", "nb")
    assert shown.baseline is None and shown.notices


def test_chosen_labels_shorten_long_commit_ids():
    commit = "0123456789abcdef0123456789abcdef01234567"
    import datetime as dt

    assert Chosen(commit, commit, dt.date(2023, 1, 1)).label == "0123456"
    assert Chosen("v1.0", commit, dt.date(2023, 1, 1)).label == "v1.0"


def test_versions_are_reduced_like_the_roadmap_shown(tmp_path):
    """With `reduce` (the public roadmap), no version, comparison or change names an internal item."""
    from history_repo import COMMON, KJ

    from veikart.app.comparison import compare
    from veikart.roadmap.public import public_roadmap

    repo = GitRoadmap(tmp_path / "repo")
    internal = (
        "  - id: kj-intern\n    service: kj\n    title: Intern forberedelse\n"
        "    start: 2023-Q1\n    end: 2023-Q2\n    internal: true\n"
    )
    repo.write("roadmap/00-felles.yaml", COMMON)
    repo.write("roadmap/kj.yaml", KJ + internal)
    first = repo.commit("Første", "2023-01-10")
    repo.edit(
        "roadmap/kj.yaml", "    end: 2023-Q2\n    internal: true", "    end: 2024-Q2\n    internal: true"
    )
    repo.edit("roadmap/kj.yaml", "    end: 2023-Q4\n", "    end: 2024-Q1\n")
    second = repo.commit("Begge senere", "2023-02-10")
    keeper = HistoryKeeper(repo.root / "roadmap", "nb", reduce=public_roadmap)
    before, after = keeper.version(first), keeper.version(second)
    assert "kj-intern" not in set(before.frames.deliverables["id"])
    assert "kj-intern" in {d.id for d in before.load.roadmap.deliverables}  # as git has it
    chosen = Chosen("v", first, before.date)
    comparison = compare(before.roadmap, before.frames, chosen, after.roadmap, after.frames, None, "nb")
    assert [(a.change.kind, a.change.id) for a in comparison.report.changes] == [("moved", "kj-b")]
    # the commits come from git's full comparison; only the shown changes get one
    from veikart.app.comparison import with_commits

    full = keeper.attribute(first, second, None)
    assert {a.change.id for a in full.changes} == {"kj-b", "kj-intern"}
    attributed = with_commits(comparison, full)
    assert [(a.change.id, a.commit.sha) for a in attributed.report.changes] == [("kj-b", second)]


def test_a_public_dashboard_names_commits_by_id_and_date_only(board):
    """Commit subjects and authors are the planners' words and names (a subject may name
    internal work): a public dashboard's selector and change list leave them out."""
    repo, ids = board
    public = create_dashboard(repo.root / "roadmap", watch=False, public=True)
    history = public.source.snapshot().history
    labels = [option["label"] for option in revision_options(history, None, "nb")]
    assert labels[1] == f"{BASE} · 10.01.2023"
    assert labels[3] == f"{ids['c4'][:7]} · 10.03.2023"
    snapshot = public.source.snapshot()
    shown = with_attribution(
        public.source, snapshot, layout_shown(public.source, snapshot, {"baseline": BASE}, "nb"), "nb"
    )
    assert shown.comparison is not None and shown.comparison.attributed
    options = changes.ChangesOptions(
        links=shown.query, commits=True, public=True, comparison=shown.comparison
    )
    view = changes.render(shown.frames, Filters(), options)
    rows = {row.id + ":" + row.kind: row for _, rows in view.groups for row in rows}
    retitled = rows["kj-a:title"]
    assert retitled.commit_id == ids["c5"][:7]
    assert retitled.commit == "2023-03-20"
    texts = " ".join(row.commit for _, group in view.groups for row in group)
    assert HOSTILE_SUBJECT[:10] not in texts and HOSTILE_AUTHOR.split("<")[0].strip() not in texts


def test_two_clones_of_the_same_commit_give_pages_the_same_version(board, tmp_path):
    """Instances behind a load balancer each have their own clone of the roadmap repository,
    made at other times: the version a page polls is made of the files' contents and
    commit ids, so a reader moved between instances is not told to reload."""
    import subprocess

    repo, _ = board
    versions = []
    for n, when in enumerate((10**18, 2 * 10**18)):
        clone = tmp_path / f"instance-{n}"
        subprocess.run(
            ["git", "clone", "--quiet", "--no-hardlinks", "--", str(repo.root), str(clone)],
            check=True,
            capture_output=True,
        )
        for file in (clone / "roadmap").glob("*.yaml"):
            os.utime(file, ns=(when, when))
        snapshot = create_dashboard(clone / "roadmap", watch=False).source.snapshot()
        assert snapshot.history.available and snapshot.history.complete
        versions.append(snapshot.version)
    assert versions[0] == versions[1]
