"""`veikart digest`: each section filled and empty, Markdown, HTML and PowerPoint, public
digests, hostile text, and the command's errors. Built from temporary git repositories
(`digest_repo`) with a fixed `--today`, so every figure is deterministic."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from digest_repo import HOSTILE_SUBJECT, HOSTILE_TITLE, SECRET, TODAY, board_repo, quiet_repo
from history_repo import GitRoadmap
from pptx import Presentation
from pptx.util import Pt

from veikart.cli import main
from veikart.commands.digest import document_for
from veikart.digest import Cell, Document, Section, Table, render_html, render_markdown
from veikart.digest.render_pptx import BODY_PT, paginate, render_pptx, row_height_pt

DAY = dt.date.fromisoformat(TODAY)


@pytest.fixture(scope="module")
def board(tmp_path_factory: pytest.TempPathFactory) -> GitRoadmap:
    return board_repo(tmp_path_factory.mktemp("digest-board"))


@pytest.fixture(scope="module")
def quiet(tmp_path_factory: pytest.TempPathFactory) -> GitRoadmap:
    return quiet_repo(tmp_path_factory.mktemp("digest-quiet"))


def document(repo: GitRoadmap, **options: object) -> Document:
    options = {"since": "styremote-1", "today": DAY, **options}
    return document_for(repo.root / "roadmap.yaml", **options)  # type: ignore[arg-type]


def section(doc: Document, key: str) -> Section:
    return next(s for s in doc.sections if s.key == key)


def table(doc: Document, key: str, name: str | None = None) -> Table:
    return next(t for t in section(doc, key).tables if name is None or t.key == name)


def texts(t: Table) -> list[list[str]]:
    return [[cell.text for cell in row] for row in t.rows]


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def short(repo: GitRoadmap, rev: str) -> str:
    return repo.git("rev-parse", "--short", f"{rev}^{{commit}}")


# --- each section, filled -------------------------------------------------------------------


def test_header_names_the_period_the_update_and_the_revision_compared_with(board: GitRoadmap):
    doc = document(board)
    assert doc.kicker == "Styrenotat"
    assert doc.title == HOSTILE_TITLE
    assert doc.subtitle == "Utvikling og innføring 2022–2025"
    c0 = short(board, "styremote-1")
    assert doc.meta == (
        ("Periode", "2022 K1–2025 K4"),
        ("Oppdatert", "10.01.2023"),
        ("Sammenlignet med", f"styremote-1 (commit {c0}, 10.01.2023)"),
        ("Eier", "Direktoratet for e-helse"),
        ("Dato", "15.01.2024"),
    )
    assert [s.key for s in doc.sections] == [
        "figures",
        "changes",
        "due",
        "health",
        "risks",
        "overdue",
        "conflicts",
        "sources",
    ]


def test_key_figures_count_statuses_the_critical_line_and_delays(board: GitRoadmap):
    figures = {f.label: (f.value, f.note) for f in section(document(board), "figures").figures}
    assert figures == {
        "Leveranser og milepæler": ("10", ""),
        "Tilgjengelig funksjonalitet": ("0", ""),
        "Funksjonalitet under etablering": ("3", ""),
        "Funksjonalitet i konsept eller planlegging": ("3", ""),
        "Uten status": ("4", ""),
        "På kritisk linje": ("6", "i 1 tjeneste"),
        "Forsinket siden styremote-1": ("2", ""),
    }


def test_changes_list_delays_with_their_quarters_and_commit_then_new_removed_status(board: GitRoadmap):
    doc = document(board)
    c1, c2 = short(board, "HEAD~1"), short(board, "HEAD")
    changes = section(doc, "changes")
    assert changes.heading == "Endringer siden styremote-1"
    assert [t.key for t in changes.tables] == ["slipped", "added", "removed", "status"]
    hostile = f"{c1} 01.02.2023: {HOSTILE_SUBJECT}"
    assert texts(table(doc, "changes", "slipped")) == [
        ["Kritisk informasjon", "Kjernejournal", "1. halvår 2023", "2023", "+2 kv", hostile],
        [
            f"Intern leveranse {SECRET}-leveranse (intern)",
            "Kjernejournal",
            "1. halvår 2023",
            "2023",
            "+2 kv",
            hostile,
        ],
    ]
    assert table(doc, "changes", "slipped").columns == (
        "Leveranse",
        "Tjeneste",
        "Før",
        "Nå",
        "Endring",
        "Endret i",
    )
    removed_by = f"{c2} 01.03.2023: Dokumentdeling utgår; {SECRET}-commit"
    assert texts(table(doc, "changes", "added")) == [
        ["Legemiddelopplysninger", "Kjernejournal", "2024", removed_by],
        [f"Ny intern {SECRET}-ny (intern)", "Kjernejournal", "1. halvår 2024", removed_by],
    ]
    assert texts(table(doc, "changes", "removed")) == [
        ["Dokumentdeling", "Kjernejournal", "2023", removed_by],
        [
            f"Skjult leveranse {SECRET}-skjult (intern)",
            f"Skjult tjeneste {SECRET}-tjeneste",
            "1. halvår 2023",
            removed_by,
        ],
    ]
    assert texts(table(doc, "changes", "status")) == [
        [
            "Pasientens journaldokumenter",
            "Kjernejournal",
            "Funksjonalitet i konsept eller planlegging",
            "Funksjonalitet under etablering",
            removed_by,
        ]
    ]
    assert changes.notes == ()


def test_the_largest_delay_comes_first_and_earlier_moves_get_their_own_table(tmp_path: Path):
    repo = quiet_repo(tmp_path)
    text = (tmp_path / "roadmap.yaml").read_text()
    extra = (
        "  - id: kj-b\n    service: kj\n    title: To kvartaler\n    start: 2024-Q1\n    end: 2024-Q2\n"
        "  - id: kj-c\n    service: kj\n    title: Tidligere\n    start: 2025-Q1\n    end: 2025-Q4\n"
    )
    repo.write("roadmap.yaml", text + extra)
    repo.commit("To til", "2024-01-03")
    repo.tag("forrige", date="2024-01-03")
    repo.edit(
        "roadmap.yaml", "    end: 2025-Q4\n    status: planning", "    end: 2026-Q1\n    status: planning"
    )
    repo.edit("roadmap.yaml", "    end: 2024-Q2", "    end: 2024-Q4")
    repo.edit(
        "roadmap.yaml", "    start: 2025-Q1\n    end: 2025-Q4\n", "    start: 2024-Q3\n    end: 2025-Q2\n"
    )
    doc = document(repo, since="forrige")
    slipped = texts(table(doc, "changes", "slipped"))
    assert [(row[0], row[4]) for row in slipped] == [
        ("To kvartaler", "+2 kv"),
        ("Kritisk informasjon", "+1 kv"),
    ]
    assert [(row[0], row[4]) for row in texts(table(doc, "changes", "earlier"))] == [("Tidligere", "-2 kv")]
    assert section(doc, "changes").tables[1].heading == "Fremskyndet eller flyttet"


def test_other_changes_are_counted_in_a_note(tmp_path: Path):
    repo = quiet_repo(tmp_path)
    repo.edit("roadmap.yaml", "title: Kritisk informasjon", "title: Kritisk info")
    doc = document(repo)
    assert section(doc, "changes").notes == (
        "1 annen endring (fase, tittel, avhengigheter, symboler, trafikklys eller risiko) er ikke listet her.",
    )


def test_decisions_and_milestones_due_in_the_horizon_from_todays_quarter(board: GitRoadmap):
    doc = document(board)
    due = section(doc, "due")
    assert due.heading == "Beslutninger og milepæler 2024 K1–2024 K2"
    assert due.lines == ("Det som skal skje i dette kvartalet og det neste.",)
    assert texts(due.tables[0]) == [
        [
            "2024 K1",
            "Beslutning",
            "Beslutte nasjonal innføring av PLL",
            "Pasientens legemiddelliste",
            "Funksjonalitet i konsept eller planlegging",
        ],
        ["2024 K1", "Beslutning", f"Intern beslutning {SECRET}-beslutning (intern)", "Kjernejournal", "–"],
        ["2024 (anslått)", "Milepæl", "Anslått milepæl", "Pasientens legemiddelliste", "–"],
    ]
    wider = section(document(board, horizon=3), "due")
    assert wider.heading == "Beslutninger og milepæler 2024 K1–2024 K3"
    assert "Senere milepæl" in [row[2] for row in texts(wider.tables[0])]
    assert wider.lines == ("Det som skal skje i dette kvartalet og de 2 neste.",)
    now = section(document(board, horizon=1), "due")
    assert now.heading == "Beslutninger og milepæler 2024 K1"
    assert [row[2] for row in texts(now.tables[0])] == [
        "Beslutte nasjonal innføring av PLL",
        f"Intern beslutning {SECRET}-beslutning (intern)",
        "Anslått milepæl",
    ]


def test_services_with_yellow_or_red_lights_and_their_comments(board: GitRoadmap):
    health = section(document(board), "health")
    assert health.heading == "Tjenester med gult eller rødt lys"
    t = health.tables[0]
    assert t.columns == ("Tjeneste", "Framdrift", "Kostnad", "Kvalitet", "Risiko", "Kommentar")
    assert texts(t) == [
        [
            "Kjernejournal",
            "Gul",
            "Grønn",
            "Grønn",
            "Rød",
            "Framdrift gul <script>alert(1)</script> | forsinket",
        ],
        [
            f"Skjult tjeneste {SECRET}-tjeneste (intern)",
            "Rød",
            "ikke oppgitt",
            "ikke oppgitt",
            "ikke oppgitt",
            f"{SECRET}-lys",
        ],
    ]
    assert [cell.tone for cell in t.rows[0][1:5]] == ["yellow", "green", "green", "red"]


def test_risks_high_first_with_what_they_affect(board: GitRoadmap):
    risks = section(document(board), "risks")
    assert risks.lines == ("Høyeste nivå først.",)
    t = risks.tables[0]
    assert t.columns == ("Nivå", "Risiko", "Berører", "Eier", "Tiltak")
    assert texts(t) == [
        [
            "Høy",
            "Høy risiko for kritisk informasjon",
            f"Kjernejournal, Kritisk informasjon, Intern leveranse {SECRET}-leveranse",
            "Norsk helsenett",
            "Tett oppfølging <b>ukentlig</b>",
        ],
        [
            "Høy",
            f"Intern risiko {SECRET}-risiko (intern)",
            f"Skjult tjeneste {SECRET}-tjeneste",
            "–",
            f"{SECRET}-tiltak",
        ],
        ["Lav", "Lav risiko for PLL", "Pasientens legemiddelliste", "–", "–"],
    ]
    assert [row[0].tone for row in t.rows] == ["high", "high", "low"]


def test_past_their_end_and_not_available_needs_updating(board: GitRoadmap):
    overdue = section(document(board), "overdue")
    assert overdue.heading == "Bør oppdateres"
    assert overdue.lines == (
        "Leveranser som skulle vært ferdige før 15.01.2024, men som ikke er tilgjengelige.",
        "Veikartet ble sist oppdatert 10.01.2023, 370 dager før dette notatet.",
    )
    assert texts(overdue.tables[0]) == [
        ["Pasientens journaldokumenter", "Kjernejournal", "2023 K2", "Funksjonalitet under etablering"],
        ["Kritisk informasjon", "Kjernejournal", "2023 K4", "Funksjonalitet under etablering"],
        [
            f"Intern leveranse {SECRET}-leveranse (intern)",
            "Kjernejournal",
            "2023 K4",
            "Funksjonalitet i konsept eller planlegging",
        ],
    ]


def test_a_dependency_ending_after_its_dependent_starts_is_a_conflict(board: GitRoadmap):
    conflicts = section(document(board), "conflicts")
    assert texts(conflicts.tables[0]) == [
        ["Utprøving av PLL", "2023 K3", "Kritisk informasjon", "2023 K4"],
        ["Utprøving av PLL", "2023 K3", f"Intern leveranse {SECRET}-leveranse (intern)", "2023 K4"],
    ]


def test_sources_cited_with_their_publisher_date_and_link(board: GitRoadmap):
    sources = section(document(board), "sources").tables[0]
    assert texts(sources) == [
        ["Styremøte desember 2022 <script>x</script>", "Nasjonalt e-helsestyre", "01.12.2022", "3 elementer"],
        [f"Internt notat {SECRET}-kilde", "–", "–", "1 element"],
    ]
    assert sources.rows[0][0].href == "https://example.org/styre-2022"
    assert sources.rows[1][0].href is None


def test_notes_are_in_no_digest(board: GitRoadmap):
    for public in (False, True):
        text = render_markdown(document(board, public=public)) + render_html(document(board, public=public))
        assert not re.search(f"{SECRET}-[a-z]+-note", text)


# --- each section, empty --------------------------------------------------------------------


QUIET_LINES = {
    "changes": [
        "Ingen leveranser er forsinket.",
        "Ingen nye leveranser.",
        "Ingen leveranser er fjernet.",
        "Ingen leveranser har endret status.",
    ],
    "due": ["Ingen beslutninger eller milepæler i perioden."],
    "health": ["Ingen tjenester har trafikklys i veikartet."],
    "risks": ["Veikartet har ingen risikoer."],
    "overdue": ["Ingen leveranser har passert sluttiden uten å være tilgjengelige."],
    "conflicts": ["Ingen leveranse starter før det den avhenger av, er ferdig."],
    "sources": ["Veikartet oppgir ingen kilder."],
}


def test_every_empty_section_says_so_in_one_line(quiet: GitRoadmap):
    doc = document(quiet)
    for key, lines in QUIET_LINES.items():
        s = section(doc, key)
        assert all(t.is_empty for t in s.tables), key
        assert [t.empty for t in s.tables] == lines, key
    assert section(doc, "figures").figures[-1].value == "0"
    md = render_markdown(doc)
    html = render_html(doc)
    for lines in QUIET_LINES.values():
        for line in lines:
            assert f"\n{line}\n" in md
            assert f'<p class="vkd-empty">{line}</p>' in html
    # every heading stays, in the same order
    headings = [s.heading for s in doc.sections]
    assert re.findall(r"^## (.+)$", md, re.M) == headings


def test_lights_all_green_is_not_the_same_as_no_lights(tmp_path: Path):
    repo = quiet_repo(tmp_path)
    repo.edit("roadmap.yaml", "    area: kj\n", "    area: kj\n    health:\n      progress: green\n")
    assert section(document(repo), "health").tables[0].empty == "Ingen tjenester har gult eller rødt lys."


def test_without_a_baseline_change_the_changes_say_there_are_none(quiet: GitRoadmap):
    summary = [t.empty for t in section(document(quiet), "changes").tables]
    assert summary == QUIET_LINES["changes"]


def test_english(board: GitRoadmap):
    doc = document(board, lang="en")
    assert doc.kicker == "Board digest"
    assert [s.heading for s in doc.sections] == [
        "Key figures",
        "Changes since styremote-1",
        "Decisions and milestones 2024 Q1–2024 Q2",
        "Services with yellow or red lights",
        "Risks",
        "Needs updating",
        "Dependency conflicts",
        "Sources",
    ]
    assert texts(table(doc, "changes", "slipped"))[0][2:5] == ["H1 2023", "2023", "+2 q"]
    assert ("Updated", "2023-01-10") in doc.meta


# --- public digests -------------------------------------------------------------------------


def pptx_text(data: bytes) -> str:
    out = []
    for slide in Presentation(io.BytesIO(data)).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                out.append(shape.text_frame.text)
            if shape.has_table:
                out += [cell.text for row in shape.table.rows for cell in row.cells]
    return "\n".join(out)


def test_public_digest_leaves_out_internal_items_notes_and_commit_subjects(board: GitRoadmap):
    public = document(board, public=True)
    assert public.kicker == "Styrenotat · Offentlig versjon"
    for text in (render_markdown(public), render_html(public), pptx_text(render_pptx(public))):
        assert SECRET not in text
        assert "Kritisk informasjon" in text  # the public items are there
    # internal items neither added, removed nor moved; public ones with their commit
    c1 = short(board, "HEAD~1")
    assert texts(table(public, "changes", "slipped")) == [
        ["Kritisk informasjon", "Kjernejournal", "1. halvår 2023", "2023", "+2 kv", f"{c1} 01.02.2023"]
    ]
    assert [row[0] for row in texts(table(public, "changes", "added"))] == ["Legemiddelopplysninger"]
    assert [row[0] for row in texts(table(public, "changes", "removed"))] == ["Dokumentdeling"]
    figures = {f.label: f.value for f in section(public, "figures").figures}
    assert figures["Leveranser og milepæler"] == "7"
    assert figures["Forsinket siden styremote-1"] == "1"
    assert [row[0] for row in texts(section(public, "risks").tables[0])] == ["Høy", "Lav"]


def test_the_same_digest_not_public_shows_the_internal_items_marked(board: GitRoadmap):
    """The public test above is not vacuous: the markers are there to be left out."""
    text = render_markdown(document(board))
    for where in (
        "leveranse",
        "skjult",
        "tjeneste",
        "risiko",
        "tiltak",
        "ny",
        "beslutning",
        "kilde",
        "commit",
    ):
        assert f"{SECRET}-{where}" in text
    assert "(intern)" in text


def test_public_from_the_environment(board: GitRoadmap, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("VEIKART_PUBLIC", "1")
    result = run("digest", str(board.root / "roadmap.yaml"), "--since", "styremote-1", "--today", TODAY)
    assert result.exit_code == 0, result.stderr
    assert SECRET not in result.stdout
    assert "Offentlig versjon" in result.stdout


# --- formats ----------------------------------------------------------------------------------

_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


def test_markdown_keeps_hostile_text_as_text(board: GitRoadmap):
    md = render_markdown(document(board))
    title_line = md.splitlines()[0]
    assert title_line.startswith("# Veikart \\<b\\>for\\</b\\> styret \\| \\*test\\* \\[lenke\\]")
    # every table row has exactly as many cells as its header
    for block in re.findall(r"((?:^\|.*\|\n)+)", md, re.M):
        rows = block.strip("\n").split("\n")
        widths = {len(_UNESCAPED_PIPE.findall(row)) for row in rows}
        assert len(widths) == 1, rows
    # the one link is the source's own https address
    assert re.findall(r"\]\((<[^>]*>)\)", md) == ["<https://example.org/styre-2022>"]
    # no other markup is left for a Markdown renderer: no tag, no link, no emphasis, no mention
    rest = md.replace("](<https://example.org/styre-2022>)", "")
    # veikart's own markup: the kicker in italics, labels and figures in bold
    rest = re.sub(r"^\*Styrenotat\*$|\*\*[^*\\]+:\*\*|\*\*\d+\*\*", "", rest, flags=re.M)
    assert not re.search(r"(?<!\\)[<\[*]", rest.replace("[Styremøte", ""))
    assert "@styret" not in md
    assert "\\<script\\>alert(" in md


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parsed(html: str) -> _Tags:
    parser = _Tags()
    parser.feed(html)
    return parser


def test_html_is_self_contained_and_keeps_hostile_text_as_text(board: GitRoadmap):
    html = render_html(document(board))
    page = parsed(html)
    names = {tag for tag, _ in page.tags}
    assert names <= {
        "html",
        "head",
        "meta",
        "title",
        "style",
        "body",
        "article",
        "header",
        "p",
        "h1",
        "h2",
        "h3",
        "dl",
        "div",
        "dt",
        "dd",
        "nav",
        "ol",
        "li",
        "a",
        "section",
        "ul",
        "span",
        "table",
        "colgroup",
        "col",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    }
    assert "script" not in names and "b" not in names and "i" not in names
    text = "".join(page.text)
    assert HOSTILE_TITLE in text
    assert HOSTILE_SUBJECT in text
    assert "Framdrift gul <script>alert(1)</script> | forsinket" in text
    # nothing to fetch: no src, no stylesheet link; a policy that forbids any request
    assert not any("src" in attrs for _, attrs in page.tags)
    links = [attrs.get("href") for tag, attrs in page.tags if tag == "a"]
    assert [h for h in links if not h.startswith("#")] == ["https://example.org/styre-2022"]
    policy = next(a["content"] for t, a in page.tags if t == "meta" and a.get("http-equiv"))
    assert policy.startswith("default-src 'none'")
    assert '<html lang="nb">' in html


def test_html_print_stylesheet_is_a4_and_the_footer_cannot_be_broken_out_of(board: GitRoadmap):
    html = render_html(document(board))
    assert "size: A4" in html and "@media print" in html
    assert 'content: "Styrenotat · 15.01.2024";' in html


def test_pptx_one_topic_per_slide_and_legible_fonts(board: GitRoadmap):
    doc = document(board)
    deck = Presentation(io.BytesIO(render_pptx(doc)))
    headings = [s.heading for s in doc.sections]
    titles = []
    for slide in list(deck.slides)[1:]:
        title = slide.shapes.title.text_frame.text
        titles.append(title)
        topic = title.removesuffix(" (forts.)").split(": ")[0]
        assert topic in headings, title
        for shape in slide.shapes:
            frames = [shape.text_frame] if shape.has_text_frame else []
            if shape.has_table:
                frames += [cell.text_frame for row in shape.table.rows for cell in row.cells]
            for frame in frames:
                for paragraph in frame.paragraphs:
                    for run_ in paragraph.runs:
                        assert run_.font.size is not None and run_.font.size >= Pt(BODY_PT), run_.text
    assert titles[:3] == [
        "Nøkkeltall",
        "Endringer siden styremote-1",
        "Endringer siden styremote-1: Forsinket",
    ]
    assert "Avhengighetskonflikter" in titles and "Kilder" in titles
    assert deck.core_properties.language == "nb"


def test_a_long_table_continues_on_the_next_slide_rather_than_shrinking():
    rows = tuple((Cell(f"Leveranse nummer {i} med en lang tittel"), Cell("Tjeneste")) for i in range(60))
    long = Table("x", None, ("Leveranse", "Tjeneste"), rows, "", (3.0, 1.0))
    widths = [600.0, 200.0]
    pages = paginate(long, widths, 300.0, 400.0)
    assert len(pages) > 2
    assert sum(len(p.rows) for p in pages) == 60
    header = row_height_pt(long.columns, widths, bold=True)
    for number, page in enumerate(pages):
        room = (300.0 if number == 0 else 400.0) - header
        assert sum(row_height_pt([c.text for c in r], widths) for r in page.rows) <= room
    doc = Document(
        "nb",
        "Styrenotat",
        "T",
        None,
        (("Dato", "x"),),
        (Section("risks", "Risikoer", tables=(long,)),),
        False,
    )
    deck = Presentation(io.BytesIO(render_pptx(doc)))
    titles = [s.shapes.title.text_frame.text for s in list(deck.slides)[1:]]
    assert titles[0] == "Risikoer" and set(titles[1:]) == {"Risikoer (forts.)"}


# --- the command ----------------------------------------------------------------------------------


def test_markdown_to_standard_output_and_html_to_a_file(board: GitRoadmap, tmp_path: Path):
    path = str(board.root / "roadmap.yaml")
    result = run("digest", path, "--since", "styremote-1", "--today", TODAY)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("# Veikart")
    out = tmp_path / "notat" / "styrenotat.html"
    result = run("digest", path, "--since", "styremote-1", "--today", TODAY, "--out", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_pptx_goes_to_a_default_file(board: GitRoadmap, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    result = run(
        "digest",
        str(board.root / "roadmap.yaml"),
        "--since",
        "styremote-1",
        "--today",
        TODAY,
        "--format",
        "pptx",
    )
    assert result.exit_code == 0, result.stderr
    written = tmp_path / "styrenotat-2024-01-15.pptx"
    assert result.stderr.strip() == str(written.name)
    assert "Kritisk informasjon" in pptx_text(written.read_bytes())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--since", "--upload-pack=x"], "--since: the revision"),
        (["--since", "main..HEAD"], "--since: the revision"),
        (["--since", "finnes-ikke"], "finnes-ikke"),
        (
            ["--since", "styremote-1", "--format", "pdf", "--out", "x.pptx"],
            "--out x.pptx ends in .pptx but --format is pdf",
        ),
    ],
)
def test_bad_revisions_and_options_are_one_line_and_exit_2(board: GitRoadmap, args: list[str], message: str):
    result = run("digest", str(board.root / "roadmap.yaml"), *args)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("veikart: error: ") and message in lines[0], lines


def test_out_that_is_a_directory_is_refused_before_any_work(board: GitRoadmap, tmp_path: Path):
    result = run("digest", str(board.root / "roadmap.yaml"), "--since", "finnes-ikke", "--out", str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"veikart: error: --out {tmp_path} is a directory; give a file name such as {tmp_path / 'styrenotat.md'}"
    )


def test_without_git_one_line_and_exit_2(tmp_path: Path):
    shutil.copy(
        Path(__file__).parents[1] / "tests" / "corpus" / "valid" / "minimal.yaml", tmp_path / "r.yaml"
    )
    result = run("digest", str(tmp_path / "r.yaml"), "--since", "v1")
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "git" in lines[0], lines


def test_a_pdf_without_chromium_says_so(board: GitRoadmap, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("VEIKART_CHROMIUM", str(tmp_path / "ingen-chromium"))
    out = tmp_path / "notat.pdf"
    result = run("digest", str(board.root / "roadmap.yaml"), "--since", "styremote-1", "--out", str(out))
    assert result.exit_code == 2
    assert "A PDF digest is printed by Chromium" in result.stderr
    assert not out.exists()


def test_an_item_made_public_is_new_in_the_public_digest_with_the_commit_that_did_it(tmp_path: Path):
    repo = quiet_repo(tmp_path)
    repo.edit("roadmap.yaml", "    status: planning\n", "    status: planning\n    internal: true\n")
    repo.commit("Intern til å begynne med", "2024-01-03")
    repo.tag("forrige", date="2024-01-03")
    repo.edit("roadmap.yaml", "    internal: true\n", "")
    repo.commit("Kritisk informasjon er offentlig", "2024-01-04")
    public = document(repo, since="forrige", public=True)
    assert texts(table(public, "changes", "added")) == [
        ["Kritisk informasjon", "Kjernejournal", "2025", f"{short(repo, 'HEAD')} 04.01.2024"]
    ]
    assert not section(document(repo, since="forrige"), "changes").notes  # not public: no change at all


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_markdown_and_html_need_no_pandas_plotly_or_browser(board: GitRoadmap, fmt: str):
    from test_command_imports import HEAVY, imported_packages

    args = ("digest", "roadmap.yaml", "--since", "styremote-1", "--today", TODAY, "--format", fmt)
    packages, done = imported_packages(*args, cwd=board.root)
    assert done.returncode == 0, done.stderr[-2000:]
    assert not packages & HEAVY, packages & HEAVY
