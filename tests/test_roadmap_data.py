"""The bundled roadmap: valid, complete, and the same when split into a directory."""

from __future__ import annotations

from pathlib import Path

import yaml
from click.testing import CliRunner

from veikart.cli import main
from veikart.roadmap.load import load_roadmap

BUNDLED = Path(__file__).resolve().parent.parent / "data" / "roadmap.yaml"

AREAS = {
    "helsenorge": "Helsenorge",
    "kjernejournal": "Kjernejournal",
    "e-resept": "E-resept",
}


def test_bundled_roadmap_validates_without_errors():
    result = CliRunner().invoke(main, ["validate", "--lang", "en", str(BUNDLED)])
    assert result.exit_code == 0, result.output
    assert " 0 errors" in result.stderr


def test_bundled_roadmap_has_the_substance_the_papers_give(bundled_roadmap):
    r = bundled_roadmap
    assert len(r.phases) == 5
    assert r.phases[0].name == "Konsept" and r.phases[-1].name == "Ny praksis i bruk"
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


def split_by_area(target: Path) -> Path:
    """Write the bundled roadmap as one file per area plus a common file, as teams would."""
    data = yaml.safe_load(BUNDLED.read_text())
    common = {k: data[k] for k in ("roadmap", "phases", "areas", "audiences") if k in data}
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
    result = CliRunner().invoke(main, ["validate", str(folder)])
    assert result.exit_code == 0, result.output
    merged = load_roadmap(folder).roadmap
    assert {d.id for d in merged.deliverables} == {d.id for d in bundled_roadmap.deliverables}
    assert {s.id for s in merged.services} == {s.id for s in bundled_roadmap.services}
    assert merged.info == bundled_roadmap.info
