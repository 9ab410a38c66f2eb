"""The dashboard's content: sources, risks, notes and estimates in the details panel, the
risks page's render, the `level` filter, and the public dashboard (no browser).

The roadmap is the bundled one with a marker planted in everything public outputs leave
out (`public_marker`); the public frames must not carry it anywhere a page draws from.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from callback_client import CallbackClient
from click.testing import CliRunner
from dash import dcc, html
from plotly.io.json import to_json_plotly
from public_marker import (
    ID,
    INTERNAL_DELIVERABLE,
    INTERNAL_RISK,
    INTERNAL_SERVICE,
    MARKER,
    MARKER_PATTERN,
    PUBLIC_DELIVERABLE,
    PUBLIC_RISK,
    PUBLIC_SERVICE,
    planted_roadmap,
)

from veikart.app.components import figure_legend, problems_banner, warnings_banner
from veikart.app.details import deliverable_details, deliverable_risks, service_details, service_risks
from veikart.app.factory import create_dashboard
from veikart.app.pages import risks
from veikart.app.source import NotPublic, RoadmapSource, Snapshot, check_public
from veikart.figures.legend import LegendItem
from veikart.figures.style import RISK_LEVEL_COLORS
from veikart.filters import Filters, describe_filters, file_stem, parse_query
from veikart.frames import roadmap_frames
from veikart.hosting.settings import SettingsError, settings_from_env
from veikart.roadmap.load import load_roadmap
from veikart.roadmap.problems import Location, Problem, Severity
from veikart.roadmap.public import public_roadmap

NOTE_HEADING = "Internt notat – vises ikke i offentlige visninger"
INTERNAL_MARK = "Intern – vises ikke i offentlige visninger"
PDS_PAPER = "Programstyret for program digital samhandling, møte 7/2021 1. desember 2021, sakene 41/21–47/21"


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return planted_roadmap(tmp_path_factory.mktemp("planted"))


@pytest.fixture(scope="module")
def roadmap(planted):
    result = load_roadmap(planted)
    assert result.roadmap is not None, [str(p) for p in result.problems.errors]
    return result.roadmap


@pytest.fixture(scope="module")
def internal(roadmap):
    return roadmap_frames(roadmap)


@pytest.fixture(scope="module")
def public(roadmap):
    return roadmap_frames(public_roadmap(roadmap))


def nodes(tree: object) -> list[object]:
    """Every component and string in a tree of Dash components (lists included)."""
    found: list[object] = []
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, list | tuple):
            stack.extend(reversed(node))
            continue
        if node is None:
            continue
        found.append(node)
        children = getattr(node, "children", None)
        if children is not None:
            stack.append(children)
    return found


def words(tree: object) -> str:
    """The text a reader sees, in order, one string per text node."""
    text = " ".join(str(node) for node in nodes(tree) if isinstance(node, str | int | float))
    return " ".join(text.split())


def sent(tree: object) -> str:
    """The tree as Dash sends it to the browser (every property, every text)."""
    return to_json_plotly(tree)


def of_type(tree: object, kind: type) -> list:
    return [node for node in nodes(tree) if isinstance(node, kind)]


def with_class(tree: object, kind: type, name: str) -> list:
    """The components of `kind` whose class names include `name`."""
    return [node for node in of_type(tree, kind) if name in str(getattr(node, "className", "")).split()]


# --- the details panel -------------------------------------------------------------------


def test_a_deliverable_shows_its_sources_risks_estimate_and_note(internal):
    body = deliverable_details(internal, PUBLIC_DELIVERABLE, "nb", "link")
    text = words(body)
    assert "Kilder" in text
    assert PDS_PAPER in text and "Direktoratet for e-helse · 1. desember 2021" in text
    # the estimate says so, with the reason readers are given, never the note
    assert "Anslått tidspunkt : ingen beslutning eller kilde fastsetter tidspunktet" in text
    # the planners' notes (the deliverable's, its service's), each marked as internal
    headings = [h for h in of_type(body, html.H3) if h.children == NOTE_HEADING]
    assert len(headings) == 2
    assert f"{NOTE_HEADING} Leveransenotat {MARKER}" in text
    assert f"{NOTE_HEADING} Tjenestenotat {MARKER}" in text
    # its file location, for planners
    assert "Står i" in text and "roadmap.yaml:" in text


def test_risks_in_the_details_are_ranked_with_level_word_and_colour(internal):
    found = deliverable_risks(internal, PUBLIC_DELIVERABLE)
    # the internal high risk through the service first, then the public medium one on the deliverable
    assert [(r["id"], r["level"], r["via_service"]) for r in found] == [
        (INTERNAL_RISK, "high", True),
        (PUBLIC_RISK, "medium", False),
    ]
    body = deliverable_details(internal, PUBLIC_DELIVERABLE, "nb", "link")
    badges = with_class(body, html.Span, "vk-level")
    assert [(b.children, b.style["backgroundColor"]) for b in badges] == [
        ("Høy", RISK_LEVEL_COLORS["high"]),
        ("Middels", RISK_LEVEL_COLORS["medium"]),
    ]
    text = words(body)
    assert f"Intern risiko {MARKER} (gjelder tjenesten) Intern" in text  # an internal risk says so
    assert f"Eier: Risikoeier {MARKER}" in text
    assert "Tiltak:" in text and "International Patient Summary (IPS)" in text


def test_a_service_shows_the_risks_of_its_deliverables_by_name(internal):
    found = service_risks(internal, PUBLIC_SERVICE)
    assert [r["id"] for r in found] == [INTERNAL_RISK, PUBLIC_RISK]
    assert found[0]["deliverables"] == ()  # on the service itself
    assert "Utprøving av API for overfølsomhetsreaksjoner i Helse Vest" in found[1]["deliverables"]


def test_internal_items_are_marked_internal_on_the_internal_dashboard(internal):
    body = deliverable_details(internal, INTERNAL_DELIVERABLE, "nb", "link")
    assert INTERNAL_MARK in words(body)
    service = service_details(internal, INTERNAL_SERVICE, "nb", "/tidslinje")
    assert INTERNAL_MARK in words(service)
    link = [a for a in of_type(service, html.A) if "intranett.example.no" in a.href]
    assert len(link) == 1 and link[0].rel == "noopener noreferrer"
    public_service = service_details(internal, PUBLIC_SERVICE, "nb", "/tidslinje")
    assert INTERNAL_MARK not in words(public_service)


def test_public_details_have_no_note_no_internal_item_and_no_file_location(public):
    body = deliverable_details(public, PUBLIC_DELIVERABLE, "nb", "link", public=True)
    assert not MARKER_PATTERN.search(sent(body))
    text = words(body)
    assert NOTE_HEADING not in text and INTERNAL_MARK not in text
    assert "Står i" not in text
    # the contract: it says only that it depends on something internal
    assert "Avhenger også av noe som ikke vises offentlig." in text
    assert [r["id"] for r in deliverable_risks(public, PUBLIC_DELIVERABLE)] == [PUBLIC_RISK]
    assert PDS_PAPER in text
    for service in public.services["id"]:
        assert not MARKER_PATTERN.search(
            sent(service_details(public, service, "nb", "/tidslinje", public=True))
        )


def test_a_source_link_is_a_link_only_when_http_or_relative(internal):
    sources = internal.sources.copy()
    sources["url"] = sources["url"].astype(object)
    sources.loc[sources["id"] == "pds-2021-12", "url"] = "javascript:alert(1)"
    sources.loc[sources["id"] == "nehs-2020-09", "url"] = "docs/sak-26-20.pdf"
    frames = dataclasses.replace(internal, sources=sources)
    body = deliverable_details(frames, PUBLIC_DELIVERABLE, "nb", "link")
    assert not [a for a in of_type(body, html.A) if "javascript" in str(a.href)]
    assert "(lenken vises ikke: javascript:alert(1))" in words(body)
    service = service_details(frames, "kj-kritisk-informasjon", "nb", "/tidslinje")  # cites both papers
    assert [a.href for a in of_type(service, html.A) if a.href == "docs/sak-26-20.pdf"]


def test_a_mitigation_is_safe_markdown(internal):
    hostile = (
        "**Viktig** tiltak [x](javascript:alert(1)) <script>alert(1)</script> <img src=x onerror=alert(1)>"
    )
    frames = dataclasses.replace(internal, risks=internal.risks.assign(mitigation=hostile))
    body = deliverable_details(frames, PUBLIC_DELIVERABLE, "nb", "link")
    assert "Viktig" in [words(strong) for strong in of_type(body, html.Strong)]
    text = sent(body)
    assert "javascript:" not in text.replace("javascript:alert(1))", "")  # the text may stay, no link
    assert not [a for a in of_type(body, html.A) if "javascript" in str(a.href)]
    assert not of_type(body, html.Img) and "<script" not in text


# --- the risks page ----------------------------------------------------------------------


def test_the_risks_page_lists_the_most_serious_first_with_counts(bundled_frames):
    view = risks.render(bundled_frames, Filters(), risks.RisksPageOptions())
    levels = [row.level for row in view.rows]
    assert levels == sorted(levels, key=["high", "medium", "low"].index)
    assert len(view.rows) == len(bundled_frames.risks)
    counts = bundled_frames.risks["level"].value_counts()
    assert view.by_level == tuple((level, int(counts[level])) for level in ("high", "medium", "low"))
    assert view.count == (
        f"{len(view.rows)} av {len(view.rows)} risikoer · Høy: {counts['high']} · "
        f"Middels: {counts['medium']} · Lav: {counts['low']}"
    )


def test_the_risks_page_filters_by_level_area_and_search(bundled_frames):
    options = risks.RisksPageOptions()
    high = risks.render(bundled_frames, Filters(level=("high",)), options)
    assert high.rows and {row.level for row in high.rows} == {"high"}
    assert high.count.startswith(f"{len(high.rows)} av {len(bundled_frames.risks)} risikoer · Høy:")
    helsenorge = risks.render(bundled_frames, Filters(area=("helsenorge",)), options)
    assert helsenorge.rows and all("Helsenorge" in row.area_names for row in helsenorge.rows)
    assert len(helsenorge.rows) < len(bundled_frames.risks)
    # the search reads the names of what a risk affects too
    nilar = risks.render(bundled_frames, Filters(q="prøvesvar på helsenorge"), options)
    assert [row.id for row in nilar.rows] == ["pds-r13"]
    none = risks.render(bundled_frames, Filters(q="finnes ikke i noen risiko"), options)
    assert (
        none.rows == ()
        and words(risks.risk_list(none, bundled_frames, "nb")) == "Ingen risikoer passer filtrene."
    )


def test_each_risk_links_what_it_affects_to_the_timeline(bundled_frames):
    view = risks.render(bundled_frames, Filters(level=("high",)), risks.RisksPageOptions())
    nilar = next(row for row in view.rows if row.id == "pds-r13")
    assert [(a.kind, a.href) for a in nilar.affects[:2]] == [
        ("service", "/tidslinje?service=nilar"),
        ("deliverable", "/tidslinje?service=nilar&selected=nilar-utproving"),
    ]
    article = risks.risk_article(nilar, bundled_frames, "nb")
    links = [link.href for link in of_type(article, dcc.Link)]
    assert links == [a.href for a in nilar.affects]
    (badge,) = with_class(article, html.Span, "vk-level")
    assert badge.children == "Høy"  # the word, beside the colour


def test_the_risks_page_keeps_only_its_own_filters(bundled_frames):
    chosen = Filters(area=("e-resept",), status=("planning",), service=("nilar",), level=("low",), q="x")
    assert risks.page_filters(chosen) == Filters(area=("e-resept",), level=("low",), q="x")


def test_internal_risks_and_notes_on_the_internal_page_only(internal, public):
    inside = risks.render(internal, Filters(), risks.RisksPageOptions())
    row = next(row for row in inside.rows if row.id == INTERNAL_RISK)
    article = words(risks.risk_article(row, internal, "nb"))
    assert (
        INTERNAL_MARK in article and NOTE_HEADING in article and f"Notat om intern risiko {MARKER}" in article
    )
    noted = next(row for row in inside.rows if row.id == PUBLIC_RISK)
    assert noted.note == f"Risikonotat {MARKER}"
    assert INTERNAL_DELIVERABLE in [a.id for a in noted.affects]
    outside = risks.render(public, Filters(), risks.RisksPageOptions())
    assert INTERNAL_RISK not in [row.id for row in outside.rows]
    assert outside.total == inside.total - 1
    assert not MARKER_PATTERN.search(sent(risks.risk_list(outside, public, "nb")))


def test_a_roadmap_without_risks_says_so(bundled_frames):
    empty = dataclasses.replace(bundled_frames, risks=bundled_frames.risks.iloc[0:0])
    view = risks.render(empty, Filters(), risks.RisksPageOptions())
    assert words(risks.risk_list(view, empty, "nb")) == "Veikartet har ingen risikoer."


# --- the level filter ----------------------------------------------------------------------


def test_level_is_read_from_and_written_to_links(bundled_frames):
    filters, notices = parse_query({"level": "high,ukjent,medium,high", "area": "e-resept"}, bundled_frames)
    assert filters.level == ("high", "medium")
    assert notices == ["Ukjent verdi i lenken ble ignorert: level=ukjent"]
    assert filters.to_query() == "?area=e-resept&level=high,medium"
    assert parse_query({"level": "high,medium", "area": "e-resept"}, bundled_frames)[0] == filters
    assert filters.normalised().level == ("high", "medium")
    assert Filters(level=("medium", "high")).normalised().level == ("high", "medium")


def test_level_is_described_and_named_in_file_names(bundled_frames):
    filters = Filters(level=("high", "low"))
    assert describe_filters(bundled_frames, filters) == "Risikonivå: Høy, Lav"
    assert describe_filters(bundled_frames, filters, "en") == "Risk level: High, Low"
    assert file_stem("veikart-risiko", filters) == "veikart-risiko-risiko-hoy-lav"
    assert Filters(level=("high",)).choosing_services() == Filters()


# --- the public dashboard --------------------------------------------------------------------


def test_a_public_source_holds_no_internal_item_and_no_note(planted):
    source = RoadmapSource(planted, watch=False, public=True)
    snapshot = source.snapshot()
    assert snapshot.public and snapshot.frames is not None
    frames = snapshot.frames
    for name in ("deliverables", "services", "risks", "sources", "phases", "areas", "dependencies"):
        assert not MARKER_PATTERN.search(getattr(frames, name).to_json(date_format="iso")), name
    assert INTERNAL_SERVICE not in set(frames.services["id"])
    inside = RoadmapSource(planted, watch=False).snapshot().frames
    assert MARKER_PATTERN.search(inside.deliverables.to_json(date_format="iso"))


def test_frames_with_an_internal_item_or_a_note_are_refused_as_public(internal, public):
    check_public(public)
    with pytest.raises(NotPublic, match="internal item among the public deliverables"):
        check_public(internal)
    noted = dataclasses.replace(
        public, phases=public.phases.assign(note=["x"] + [None] * (len(public.phases) - 1))
    )
    with pytest.raises(NotPublic, match="note among the public phases"):
        check_public(noted)


def test_the_public_banner_says_only_that_the_files_have_errors(public):
    problems = (
        Problem(Location(f"roadmap/{MARKER}.yaml", 12, 5), Severity.ERROR, f"ukjent id '{MARKER}'"),
        Problem(Location("roadmap.yaml", 3, 1), Severity.ERROR, f"tittel «{MARKER}» er for lang"),
    )
    warnings = (Problem(Location("roadmap.yaml", 9, 1), Severity.WARNING, f"avhenger av {MARKER}"),)
    inside = Snapshot(frames=public, problems=problems, warnings=warnings)
    outside = dataclasses.replace(inside, public=True)
    assert MARKER_PATTERN.search(sent(problems_banner(inside, "nb")))
    assert MARKER_PATTERN.search(sent(warnings_banner(inside, "nb")))
    banner = problems_banner(outside, "nb")
    assert not MARKER_PATTERN.search(sent(banner))
    assert words(banner) == (
        "Veikartet har feil – viser siste gyldige versjon "
        "Feilene vises ikke her. De som vedlikeholder veikartet, ser dem med `veikart validate`."
    )
    assert warnings_banner(outside, "nb") == []


def test_a_public_dashboard_of_broken_files_names_no_file_and_no_problem(tmp_path):
    folder = tmp_path / "veikart"
    folder.mkdir()
    planted_roadmap(folder)
    source = RoadmapSource(folder, watch=False, public=True)
    assert source.snapshot().valid
    # a planner's new file, named for internal work, with an error quoting an internal title
    broken = f"deliverables:\n  - id: {ID}-ny\n    service: {ID}-finnes-ikke\n    title: Ny {MARKER}\n"
    (folder / f"{ID}.yaml").write_text(broken, encoding="utf-8")
    assert source.check()
    snapshot = source.snapshot()
    assert snapshot.public and not snapshot.valid and snapshot.frames is not None
    assert MARKER_PATTERN.search(" ".join(str(problem) for problem in snapshot.problems))
    assert not MARKER_PATTERN.search(sent(problems_banner(snapshot, "nb")))
    assert not MARKER_PATTERN.search(sent(warnings_banner(snapshot, "nb")))


@pytest.fixture(scope="module")
def public_client(planted):
    return CallbackClient(create_dashboard(planted, watch=False, public=True).app)


@pytest.mark.parametrize("path", ["/tidslinje", "/faser", "/tabell", "/risiko", "/finnes-ikke"])
def test_every_public_page_and_its_html_is_free_of_the_marker(public_client, path):
    html_page = public_client.client.get(path).get_data(as_text=True)
    assert not MARKER_PATTERN.search(html_page)
    status, drawn = public_client.call(
        "shell-content.children", {"shell-location.pathname": path, "shell-location.search": ""}
    )
    assert status == 200
    assert not MARKER_PATTERN.search(str(drawn))
    layout = public_client.client.get("/_dash-layout", headers={"Referer": f"http://localhost{path}"})
    assert not MARKER_PATTERN.search(layout.get_data(as_text=True))


def test_an_internal_id_in_a_link_gets_the_notice_of_an_unknown_id(public_client):
    def notices(value: str) -> str:
        _, drawn = public_client.call(
            "shell-content.children",
            {
                "shell-location.pathname": "/tidslinje",
                "shell-location.search": f"?service={value}&selected={value}",
            },
        )
        return str(drawn["response"]["shell-content"]["children"]).replace(value, "<id>")

    assert notices(INTERNAL_SERVICE) == notices("finnes-ikke-abc")
    assert "Ukjent verdi i lenken ble ignorert: service=<id>" in notices(INTERNAL_SERVICE)


def test_public_filter_choices_and_counts_leave_internal_items_out(public_client, public, internal):
    _, drawn = public_client.call(
        "shell-content.children", {"shell-location.pathname": "/tabell", "shell-location.search": ""}
    )
    text = str(drawn)
    assert f"Viser {len(public.deliverables)} av {len(public.deliverables)} leveranser" in text
    assert len(public.deliverables) == len(internal.deliverables) - 3


def test_settings_read_veikart_public_strictly():
    assert settings_from_env({"VEIKART_PUBLIC": "true"}).public is True
    assert settings_from_env({"VEIKART_PUBLIC": ""}).public is False
    assert settings_from_env({}).public is False
    assert settings_from_env({}).with_options(public=True).public is True
    with pytest.raises(SettingsError, match="VEIKART_PUBLIC: expected true or false"):
        settings_from_env({"VEIKART_PUBLIC": "kanskje"})


def test_serve_public_reaches_the_dashboard(monkeypatch, tmp_path):
    from veikart import app as app_package
    from veikart.cli import main

    made: list[bool] = []

    class Fake:
        def __init__(self, public: bool) -> None:
            made.append(public)
            self.app = self
            self.source = self

        def snapshot(self):
            return Snapshot(frames=None)

        def run(self, **_: object) -> None:
            return None

    monkeypatch.setattr(app_package, "create_dashboard", lambda path, lang, public, base_path: Fake(public))
    runner = CliRunner(env={"VEIKART_PUBLIC": None, "VEIKART_BASE_PATH": None})
    result = runner.invoke(main, ["serve", str(tmp_path), "--public"])
    assert result.exit_code == 0, result.output
    assert "serving the public view of" in result.output
    assert CliRunner(env={"VEIKART_PUBLIC": "1"}).invoke(main, ["serve", str(tmp_path)]).exit_code == 0
    assert CliRunner(env={"VEIKART_PUBLIC": None}).invoke(main, ["serve", str(tmp_path)]).exit_code == 0
    assert made == [True, True, False]


def test_serve_production_public_reaches_the_settings(monkeypatch, tmp_path):
    import veikart.hosting.application as application
    from veikart.cli import main

    seen = []
    monkeypatch.setattr(application, "serve_production", lambda settings: seen.append(settings.public))
    for env, args in (({}, ["--public"]), ({"VEIKART_PUBLIC": "1"}, []), ({}, [])):
        result = CliRunner(env={"VEIKART_PUBLIC": None, **env}).invoke(
            main, ["serve", str(tmp_path), "--production", *args]
        )
        assert result.exit_code == 0, result.output
    assert seen == [True, True, False]


# --- the legend ------------------------------------------------------------------------------


def test_the_html_legend_draws_estimates_hatched():
    item = LegendItem("Anslått tidspunkt", "swatch", "#c9ced2", "tentative", pattern="/", outline="#56636c")
    legend = figure_legend([item], "Status")
    (swatch,) = with_class(legend, html.Span, "vk-swatch")
    assert swatch.style["backgroundColor"] == "#c9ced2"
    assert "repeating-linear-gradient" in swatch.style["backgroundImage"]
    assert "Anslått tidspunkt" in words(legend)


def test_the_table_says_which_periods_are_estimates(bundled_frames):
    from veikart.app.pages.table import table_rows

    rows = table_rows(bundled_frames, Filters(), "nb")
    tentative = bundled_frames.deliverables["tentative"].to_numpy()
    assert tentative.any() and not tentative.all()
    marked = rows["period"].str.endswith(" (anslått)").to_numpy()
    assert (marked == tentative).all()


def test_the_new_content_is_in_english_too(roadmap):
    frames = roadmap_frames(roadmap, "en")
    body = words(deliverable_details(frames, PUBLIC_DELIVERABLE, "en", "link"))
    for text in (
        "Sources",
        "Risks",
        "Estimated date : no decision or source fixes the date",
        "(affects the service)",
    ):
        assert text in body
    assert "Internal note – not shown in public views" in body
    view = risks.render(frames, Filters(level=("high",)), risks.RisksPageOptions(lang="en"))
    assert view.count.startswith(f"{len(view.rows)} of {len(frames.risks)} risks · High: ")
    article = words(risks.risk_list(view, frames, "en"))
    assert (
        "Affects" in article and "Mitigation" in article and "Internal – not shown in public views" in article
    )


def test_veikart_wsgi_reads_veikart_public(planted, public):
    """`veikart.wsgi:application` (gunicorn run by the operator) is public under VEIKART_PUBLIC."""
    import os
    import subprocess
    import sys

    script = (
        "import veikart.wsgi as w\n"
        "client = w.application.test_client()\n"
        "page = client.get('/_dash-layout', headers={'Referer': 'http://localhost/tabell'})\n"
        "print(page.get_data(as_text=True))\n"
    )

    def layout(public: str) -> str:
        env = {
            **os.environ,
            "VEIKART_DATA": str(planted),
            "VEIKART_PUBLIC": public,
            "VEIKART_ACCESS_LOG": "0",
        }
        done = subprocess.run(
            [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120, check=True
        )
        return done.stdout

    shown = layout("true")
    n = len(public.deliverables)
    assert f"Viser {n} av {n} leveranser" in shown and not MARKER_PATTERN.search(shown)
    assert MARKER_PATTERN.search(layout("false"))
