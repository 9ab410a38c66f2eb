"""Format version 2: sources, risks, notes, tentative dates and internal items."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from veikart.frames import roadmap_frames
from veikart.roadmap.load import load_text
from veikart.roadmap.model import Risk, Source
from veikart.roadmap.public import internal_deliverable_ids, public_roadmap
from veikart.roadmap.synthetic import synthetic_roadmap_yaml

CORPUS = Path(__file__).parent / "corpus"
VERSION2 = (CORPUS / "valid" / "version2.yaml").read_text()
MINIMAL = (CORPUS / "valid" / "minimal.yaml").read_text()


@pytest.fixture(scope="module")
def roadmap():
    result = load_text(VERSION2, "v2.yaml")
    assert result.ok and not result.problems.items, [str(p) for p in result.problems]
    return result.roadmap


def test_sources_and_risks_are_read_in_written_order(roadmap):
    assert roadmap.sources[0] == Source(
        id="nehs-2020-12",
        title="Nasjonalt e-helsestyre 16.12.2020, sak 31/20",
        date=dt.date(2020, 12, 16),
        publisher="Direktoratet for e-helse",
        url="https://example.org/nehs-2020-12.pdf",
    )
    assert roadmap.sources[1].url == "docs/pds.pdf" and roadmap.sources[1].date is None
    risk = roadmap.risks[0]
    assert isinstance(risk, Risk)
    assert (risk.id, risk.level, risk.affects) == (
        "pds-r13",
        "high",
        ("pll", "pll-beslutning", "hemmelig-arbeid"),
    )
    assert risk.sources == ("pds-2021-12",) and not risk.internal and risk.note is None
    assert risk.source is not None and (risk.source.file, risk.source.line) == ("v2.yaml", 65)
    assert roadmap.risks[1].internal and roadmap.risks[1].note == "Drøftes i styringsgruppen."


def test_item_fields(roadmap):
    assert roadmap.phases[0].sources == ("nehs-2020-12",)
    assert roadmap.phases[0].note == "Navnet er ikke endelig."
    pll, hidden = roadmap.services
    assert pll.sources == ("nehs-2020-12",) and pll.note and not pll.internal
    assert hidden.internal
    by_id = {d.id: d for d in roadmap.deliverables}
    assert by_id["pll-beslutning"].tentative and not by_id["pll-utproving"].tentative
    assert by_id["pll-internt"].internal
    # The deliverable of an internal service keeps its own flag; being internal is derived.
    assert not by_id["hemmelig-arbeid"].internal
    assert internal_deliverable_ids(roadmap) == {"pll-internt", "hemmelig-arbeid"}


def test_version_1_roadmap_means_what_it_meant():
    roadmap = load_text(MINIMAL).roadmap
    assert roadmap.sources == () and roadmap.risks == ()
    assert all(not d.tentative and not d.internal and d.note is None for d in roadmap.deliverables)
    assert public_roadmap(roadmap) == roadmap


def test_public_roadmap_has_no_internal_item_and_no_note(roadmap):
    public = public_roadmap(roadmap)
    assert [s.id for s in public.services] == ["pll"]
    assert [d.id for d in public.deliverables] == ["pll-utproving", "pll-beslutning"]
    assert [r.id for r in public.risks] == ["pds-r13"]
    assert public.risks[0].affects == ("pll", "pll-beslutning")
    notes = [x.note for x in (*public.phases, *public.services, *public.deliverables, *public.risks)]
    assert notes == [None] * len(notes)
    # Cited only by an internal deliverable: its title would tell of internal work.
    assert [s.id for s in public.sources] == ["nehs-2020-12", "pds-2021-12"]
    assert public.info == roadmap.info


def test_public_roadmap_counts_dependencies_it_removes():
    text = VERSION2.replace(
        "    depends_on: [pll-utproving]\n", "    depends_on: [pll-utproving, pll-internt, hemmelig-arbeid]\n"
    )
    result = load_text(text, "v2.yaml")
    assert result.ok
    public = public_roadmap(result.roadmap)
    decision = next(d for d in public.deliverables if d.id == "pll-beslutning")
    assert decision.depends_on == ("pll-utproving",)
    assert decision.depends_on_internal == 2


def test_public_item_depending_on_internal_one_is_a_warning():
    text = VERSION2.replace(
        "    depends_on: [pll-utproving]\n", "    depends_on: [pll-utproving, pll-internt, hemmelig-arbeid]\n"
    )
    result = load_text(text, "v2.yaml")
    assert [str(p) for p in result.problems.sorted()] == [
        "v2.yaml:50:33: warning: deliverable 'pll-beslutning' is public but depends on 'pll-internt', "
        "which is internal; public outputs will only say that it depends on something internal",
        "v2.yaml:50:46: warning: deliverable 'pll-beslutning' is public but depends on 'hemmelig-arbeid', "
        "which is internal; public outputs will only say that it depends on something internal",
    ]


def test_internal_item_may_depend_on_internal_one():
    text = VERSION2.replace(
        "    internal: true\n    sources: [intern-notat]\n",
        "    internal: true\n    sources: [intern-notat]\n    depends_on: [hemmelig-arbeid]\n",
    )
    result = load_text(text)
    assert result.ok
    assert not [p for p in result.problems if "internal" in p.message], [str(p) for p in result.problems]


def test_frames_carry_the_new_columns(roadmap):
    frames = roadmap_frames(roadmap)
    d = frames.deliverables.set_index("id")
    assert bool(d.at["pll-beslutning", "tentative"]) and not bool(d.at["pll-utproving", "tentative"])
    assert d["internal"].to_dict() == {
        "pll-utproving": False,
        "pll-internt": True,
        "pll-beslutning": False,
        "hemmelig-arbeid": True,
    }
    assert d.at["pll-utproving", "sources"] == ("nehs-2020-12", "pds-2021-12")
    assert d.at["pll-beslutning", "note"].startswith("Dato lest")
    s = frames.services.set_index("id")
    assert s["internal"].to_dict() == {"pll": False, "hemmelig": True}
    assert s.at["pll", "note"] == "Eier bekreftes i januar." and s.at["pll", "sources"] == ("nehs-2020-12",)
    assert frames.phases.set_index("id").at["konsept", "sources"] == ("nehs-2020-12",)
    sources = frames.sources.set_index("id")
    assert sources.at["pds-2021-12", "cited_by"] == ("pll-utproving", "pll-beslutning", "pds-r13")
    assert sources.at["intern-notat", "cited_by"] == ("pll-internt",)
    risks = frames.risks.set_index("id")
    assert risks.at["pds-r13", "affects_services"] == ("pll",)
    assert risks.at["pds-r13", "affects_deliverables"] == ("pll-beslutning", "hemmelig-arbeid")
    assert risks.at["pds-r13", "areas"] == ("e-resept",)
    assert list(risks["level_order"]) == [2, 0]


def test_frames_of_the_public_roadmap(roadmap):
    frames = roadmap_frames(public_roadmap(roadmap))
    assert not frames.deliverables["internal"].any() and frames.deliverables["note"].isna().all()
    assert list(frames.risks["id"]) == ["pds-r13"]
    assert list(frames.sources["id"]) == ["nehs-2020-12", "pds-2021-12"]


def test_frames_of_a_roadmap_without_risks_or_sources():
    frames = roadmap_frames(load_text(MINIMAL).roadmap)
    assert frames.risks.empty and "level" in frames.risks.columns
    assert frames.sources.empty and "cited_by" in frames.sources.columns
    assert frames.deliverables["depends_on_internal"].tolist() == [0, 0]


def test_synthetic_version_2_roadmap_is_clean_and_has_every_kind_of_item():
    result = load_text(synthetic_roadmap_yaml(600, v2=True))
    assert result.ok and not result.problems.items, [str(p) for p in result.problems][:5]
    roadmap = result.roadmap
    assert roadmap.sources and roadmap.risks
    assert all(d.sources for d in roadmap.deliverables)
    assert any(d.tentative for d in roadmap.deliverables)
    assert any(d.internal for d in roadmap.deliverables) and any(s.internal for s in roadmap.services)
    assert any(r.internal for r in roadmap.risks) and {r.level for r in roadmap.risks} == {
        "low",
        "medium",
        "high",
    }


def test_synthetic_version_1_part_is_unchanged_by_version_2():
    plain = load_text(synthetic_roadmap_yaml(200)).roadmap
    extended = load_text(synthetic_roadmap_yaml(200, v2=True)).roadmap
    assert [(d.id, d.start, d.end, d.title) for d in plain.deliverables] == [
        (d.id, d.start, d.end, d.title) for d in extended.deliverables
    ]
