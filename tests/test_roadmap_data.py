"""The bundled roadmap: valid, sourced, honest about estimates, and free of editing notes.

`data/roadmap.yaml` is what a board member sees first. These tests hold it to what the
directorate's board papers (its `sources`) say: every deliverable and every risk cites a
paper, a date no paper fixes is marked `tentative` and explained in a `note`, and the
planners' own remarks stay in `note`, never in text readers see.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from veikart.cli import main
from veikart.roadmap.load import load_roadmap
from veikart.roadmap.model import Roadmap

BUNDLED = Path(__file__).resolve().parent.parent / "data" / "roadmap.yaml"

# Phrases that give an editing note away: talk about the papers, their figures or the
# editors' own reading of them, instructions to a colleague, and guesses. They belong
# in `note`. Each pattern is matched case-insensitively against reader-facing text.
EDITING_NOTE_PATTERNS = {
    "refers to a figure": r"figur",
    "refers to the source": r"\bkilde(n|ne)?\b",
    "refers to the papers": r"\bpapir(et|ene)\b|styrepapir",
    "refers to a case paper": r"saksframlegg",
    "refers to the text extraction": r"tekstuttrekk",
    "says how it was read": r"\blest (av|ut)\b|\bleses ut\b|\bkan ikke leses\b",
    "says what a document states": r"\boppgir\b|\bvist i\b",
    "refers to the editors": r"redaksjon",
    "tells how the data was edited": r"\btidligere stod\b|\ber fjernet\b|\bher (er|står)\b.*\bbrukt\b",
    "asks a colleague to check": r"\b(sjekk|bekreft|avklar)(es)? med\b|\bmå (sjekkes|bekreftes)\b",
    "is a to-do marker": r"\b(TODO|FIXME|XXX|TBD)\b",
    "is a guess or a question": r"\?",
}

# Deliverables whose dates no paper fixes (figure bars, the PLL plan the papers call
# tentative, steg 2 before its investment decision, Akson's chapters): they must be
# marked as estimates.
KNOWN_ESTIMATES = [
    "kj-sht-50-kommuner",
    "kj-sht-resterende",
    "pll-kriterie-epj-plo",
    "pll-kriterie-epj-fastleger",
    "pll-kriterie-infrastruktur",
    "pll-kriterie-hf-kommuner",
    "pll-beslutning",
    "pll-utproving-vest",
    "pll-nasjonal-innforing",
    "sfm-utvikling",
    "eresept-helseplattformen",
    "hn-innsyn-journaldokumenter",
    "kj-dokumenter-spesialist",
    "steg2-ekstern-kvalitetssikring",
    "steg2-investeringsbeslutning",
    "steg2-program",
    "akson-investeringsbeslutning",
    "akson-kap3-anskafferen",
    "digihelse-timeavtaler",
]

# Dates a paper states outright: they must not be drawn as estimates.
KNOWN_FIXED = {
    "pds-steg1-vedtak": "2020",  # «behandlet i Stortinget i 2020»
    "fp2-ssd-hod": "2021-12-20",  # oversendes HOD 20. desember 2021
    "nilar-oa2-demo": "2022-Q3",  # mot slutten av Q3 2022
    "nilar-utproving": "2022-H2",  # utprøving planlegges i H2-2022
    "fp2-omfang-nehs": "2021-11-04",  # tilslutning i ekstraordinært møte 4. november
}


@pytest.fixture(scope="module")
def raw() -> dict:
    """The file as the planners wrote it (YAML aliases expanded)."""
    return yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))


def reader_texts(data: dict) -> Iterator[tuple[str, str]]:
    """Yield (where, text) for every field a reader of the roadmap sees."""
    info = data["roadmap"]
    for key in ("title", "subtitle", "owner"):
        if info.get(key):
            yield f"roadmap.{key}", info[key]
    fields = {
        "phases": ("name", "goal", "description"),
        "areas": ("name",),
        "audiences": ("name",),
        "services": ("name", "description", "owner"),
        "deliverables": ("title", "description", "owner"),
        "risks": ("title", "mitigation", "owner"),
    }
    for section, keys in fields.items():
        for item in data.get(section, []):
            for key in keys:
                if item.get(key):
                    yield f"{section} '{item['id']}' {key}", item[key]
            health = item.get("health") or {}
            if health.get("comment"):
                yield f"{section} '{item['id']}' health.comment", health["comment"]
            for link in item.get("links") or []:
                yield f"{section} '{item['id']}' link title", link["title"]


def test_bundled_roadmap_validates_strictly():
    """No errors and no warnings: the dependencies and periods agree with each other."""
    result = CliRunner().invoke(main, ["validate", "--lang", "en", "--strict", str(BUNDLED)])
    assert result.exit_code == 0, result.output
    assert " 0 errors, 0 warnings" in result.stderr


def test_bundled_roadmap_has_the_substance_the_papers_give(bundled_roadmap):
    r = bundled_roadmap
    assert r.info.subtitle.endswith("2021–2025")  # the roadmap period the papers give
    assert len(r.phases) == 5
    assert r.phases[0].name == "Konsept" and r.phases[-1].name == "Ny praksis i bruk"
    assert all(p.goal for p in r.phases[:4]) and r.phases[-1].goal is None
    names = {a.name for a in r.areas}
    for expected in ("Helsenorge", "Kjernejournal", "E-resept", "Digital hjemmeoppfølging", "Akson"):
        assert expected in names
    assert any(n.startswith("Felles grunnmur") for n in names)
    assert len(r.services) >= 25
    assert len(r.deliverables) >= 80
    decisions = {d.title for d in r.deliverables if d.kind == "decision"}
    assert any("nasjonal innføring" in t and "PLL" in t for t in decisions)
    assert any(s.critical for s in r.services)
    assert any(d.depends_on for d in r.deliverables)
    assert {d.status for d in r.deliverables} >= {"available", "establishing", "planning"}


def test_the_three_parallel_journal_measures_are_on_the_roadmap(bundled_roadmap):
    services = {s.id: s for s in bundled_roadmap.services}
    for measure in ("helseplattformen", "spesialist-journalmodernisering", "akson-journal"):
        assert measure in services
        assert "akson-toppnotat-2020" in services[measure].sources


def test_every_paper_is_a_source_and_every_source_is_cited(bundled_roadmap: Roadmap):
    cited = {s for item in (*bundled_roadmap.deliverables, *bundled_roadmap.risks) for s in item.sources}
    cited |= {s for item in (*bundled_roadmap.services, *bundled_roadmap.phases) for s in item.sources}
    assert len(bundled_roadmap.sources) == 5
    assert {s.id for s in bundled_roadmap.sources} == cited
    assert all(s.title and s.publisher for s in bundled_roadmap.sources)


def test_every_deliverable_cites_a_source(bundled_roadmap: Roadmap):
    known = {s.id for s in bundled_roadmap.sources}
    uncited = [d.id for d in bundled_roadmap.deliverables if not d.sources]
    assert uncited == []
    unknown = {(d.id, s) for d in bundled_roadmap.deliverables for s in d.sources if s not in known}
    assert unknown == set()


def test_every_risk_cites_a_source_and_affects_something(bundled_roadmap: Roadmap):
    known = {s.id for s in bundled_roadmap.sources}
    assert bundled_roadmap.risks
    for risk in bundled_roadmap.risks:
        assert risk.sources and set(risk.sources) <= known, risk.id
        assert risk.affects, risk.id


def test_risks_are_the_programmes_risk_table_with_its_numbers(bundled_roadmap: Roadmap):
    risks = {r.id: r for r in bundled_roadmap.risks}
    assert all(re.fullmatch(r"pds-r\d+", rid) for rid in risks)
    # «Viktigste risiki» on the programme's status page are the high ones.
    assert {rid for rid, r in risks.items() if r.level == "high"} == {"pds-r13", "pds-r18"}
    # NILAR's legal basis is a risk the board follows, on the service and its trial.
    assert {"nilar", "nilar-utproving"} <= set(risks["pds-r13"].affects)
    # Risks #9 and #10 bear on the hospitals' journal modernisation and on Akson.
    assert "spesialist-journalmodernisering" in risks["pds-r9"].affects
    assert "akson-journal" in risks["pds-r10"].affects


@pytest.mark.parametrize("label", list(EDITING_NOTE_PATTERNS))
def test_no_editing_notes_in_reader_facing_text(raw, label):
    pattern = re.compile(EDITING_NOTE_PATTERNS[label], re.IGNORECASE)
    offending = [f"{where}: {text.strip()[:80]}" for where, text in reader_texts(raw) if pattern.search(text)]
    assert offending == [], f"reader-facing text that {label} (move it to `note`)"


def test_the_patterns_catch_the_editing_notes_the_old_roadmap_had():
    old_notes = [
        "Vist i Helsenorge-figuren for 2020–2024.",
        "tidspunkt og status kan ikke leses ut av kilden.",
        "Saksframlegget oppgir programmestyremøtet 30. september.",
        "Papirene gir ingen sluttdato; tidsrommet følger veikartperioden.",
        "Står med spørsmålstegn, altså ikke avklart?",
        "Her er 25. november brukt.",
    ]
    patterns = [re.compile(p, re.IGNORECASE) for p in EDITING_NOTE_PATTERNS.values()]
    for note in old_notes:
        assert any(p.search(note) for p in patterns), note


def test_notes_exist_where_the_planners_explain_something(bundled_roadmap: Roadmap):
    """Every estimate says, in its note, why it is one; no note is empty."""
    for d in bundled_roadmap.deliverables:
        if d.tentative:
            assert d.note and d.note.strip(), f"tentative deliverable '{d.id}' has no note"
    notes = [i.note for i in (*bundled_roadmap.deliverables, *bundled_roadmap.services) if i.note is not None]
    assert notes and all(n.strip() for n in notes)


@pytest.mark.parametrize("deliverable_id", KNOWN_ESTIMATES)
def test_dates_no_paper_fixes_are_marked_as_estimates(bundled_roadmap: Roadmap, deliverable_id: str):
    deliverable = next(d for d in bundled_roadmap.deliverables if d.id == deliverable_id)
    assert deliverable.tentative


@pytest.mark.parametrize("deliverable_id", list(KNOWN_FIXED))
def test_dates_a_paper_fixes_are_not_estimates(raw, bundled_roadmap: Roadmap, deliverable_id: str):
    deliverable = next(d for d in bundled_roadmap.deliverables if d.id == deliverable_id)
    assert not deliverable.tentative
    written = next(d for d in raw["deliverables"] if d["id"] == deliverable_id)
    assert str(written.get("at", written.get("start"))) == KNOWN_FIXED[deliverable_id]


def split_by_area(target: Path) -> Path:
    """Write the bundled roadmap as one file per area plus a common file, as teams would."""
    data = yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))
    common_keys = ("roadmap", "sources", "phases", "areas", "audiences", "risks")
    common = {k: data[k] for k in common_keys if k in data}
    (target / "00-felles.yaml").write_text(yaml.safe_dump(common, allow_unicode=True, sort_keys=False))
    area_of = {s["id"]: s["area"] for s in data["services"]}
    for area in data["areas"]:
        part = {
            "services": [s for s in data["services"] if s["area"] == area["id"]],
            "deliverables": [d for d in data["deliverables"] if area_of[d["service"]] == area["id"]],
        }
        folder = target / "omrader"
        folder.mkdir(exist_ok=True)
        (folder / f"{area['id']}.yaml").write_text(yaml.safe_dump(part, allow_unicode=True, sort_keys=False))
    return target


def test_directory_split_by_area_validates_to_the_same_roadmap(tmp_path, bundled_roadmap):
    folder = split_by_area(tmp_path)
    result = CliRunner().invoke(main, ["validate", "--strict", str(folder)])
    assert result.exit_code == 0, result.output
    merged = load_roadmap(folder).roadmap
    assert {d.id for d in merged.deliverables} == {d.id for d in bundled_roadmap.deliverables}
    assert {s.id for s in merged.services} == {s.id for s in bundled_roadmap.services}
    assert merged.sources == bundled_roadmap.sources
    assert {r.id for r in merged.risks} == {r.id for r in bundled_roadmap.risks}
    assert merged.info == bundled_roadmap.info
