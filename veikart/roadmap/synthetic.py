"""Generate large, valid roadmaps for benchmarks, scale tests and screenshots."""

from __future__ import annotations

import random
from typing import Any

import yaml

from veikart.roadmap.periods import Quarter
from veikart.roadmap.schema import FLAGS, STATUSES

PHASES = (
    ("konsept", "Konsept"),
    ("planlegging", "Planlegging"),
    ("utvikling", "Utvikling og utprøving"),
    ("innforing", "Nasjonal innføring"),
    ("i-bruk", "Ny praksis i bruk"),
)
AREAS = (
    ("helsenorge", "Helsenorge"),
    ("kjernejournal", "Kjernejournal"),
    ("e-resept", "E-resept"),
    ("hjemmeoppfolging", "Digital hjemmeoppfølging"),
    ("grunnmur", "Felles grunnmur"),
    ("akson", "Akson"),
)
WORDS = (
    "Utprøving",
    "Innføring",
    "Videreutvikling",
    "Pilot",
    "Gevinstrealisering",
    "Integrasjon",
    "Forvaltning",
    "Tilgang",
    "Deling",
    "Oversikt",
    "Varsling",
    "Dokumentdeling",
    "Timebok",
    "Legemiddelliste",
    "API",
    "Tillitsmodell",
    "Kommuner",
    "Helseforetak",
    "Fastleger",
)


def synthetic_roadmap(n_deliverables: int, n_services: int | None = None, seed: int = 0) -> dict[str, Any]:
    """A valid roadmap with `n_deliverables` deliverables spread over `n_services` services."""
    rng = random.Random(seed)
    n_services = n_services or max(5, n_deliverables // 30)
    first = Quarter(2021, 1)
    span = 24  # quarters: 2021-Q1..2026-Q4
    services = []
    for i in range(n_services):
        area = AREAS[i % len(AREAS)][0]
        services.append(
            {
                "id": f"tjeneste-{i:04d}",
                "name": f"{rng.choice(WORDS)} {rng.choice(WORDS).lower()} {i}",
                "area": area,
                "audiences": rng.sample(["innbygger", "helsepersonell"], k=rng.randint(1, 2)),
                "critical": i % 7 == 0,
                "owner": rng.choice(["Norsk helsenett", "Direktoratet for e-helse", "KS"]),
            }
        )
    deliverables: list[dict[str, Any]] = []
    per_service: dict[int, list[dict[str, Any]]] = {i: [] for i in range(n_services)}
    for j in range(n_deliverables):
        s = j % n_services
        earlier = per_service[s]
        offset = min(span - 1, len(earlier) * 2 + rng.randint(0, 2))
        start = first + offset
        item: dict[str, Any] = {
            "id": f"leveranse-{j:05d}",
            "service": services[s]["id"],
            "title": f"{rng.choice(WORDS)} av {rng.choice(WORDS).lower()} ({j})",
        }
        if rng.random() < 0.15:
            item["at"] = str(start)
            item["kind"] = "decision" if rng.random() < 0.3 else "milestone"
        else:
            item["start"] = str(start)
            item["end"] = str(start + rng.randint(0, 5))
        item["status"] = STATUSES[min(2, max(0, (offset - 6) // 6))]
        item["phase"] = PHASES[min(4, offset * 5 // span)][0]
        if rng.random() < 0.1:
            item["flags"] = [rng.choice(FLAGS)]
        before = [e for e in earlier[-3:] if e.get("end", e.get("at")) < str(start)]
        if before and rng.random() < 0.5:
            item["depends_on"] = [before[-1]["id"]]
        if rng.random() < 0.3:
            item["description"] = "Leveransen **omfatter** utprøving og innføring i utvalgte kommuner."
        earlier.append(item)
        deliverables.append(item)
    return {
        "roadmap": {
            "title": f"Syntetisk veikart ({n_deliverables} leveranser)",
            "subtitle": "Generert for ytelsestester",
            "owner": "veikart",
            "start": "2021-Q1",
            "end": "2026-Q4",
            "updated": "2026-11-01",
        },
        "phases": [{"id": pid, "name": name, "goal": f"Mål for {name.lower()}"} for pid, name in PHASES],
        "areas": [{"id": aid, "name": name} for aid, name in AREAS],
        "audiences": [
            {"id": "innbygger", "name": "Innbygger"},
            {"id": "helsepersonell", "name": "Helsepersonell"},
        ],
        "services": services,
        "deliverables": deliverables,
    }


def synthetic_roadmap_yaml(n_deliverables: int, n_services: int | None = None, seed: int = 0) -> str:
    data = synthetic_roadmap(n_deliverables, n_services, seed)
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False, width=100)
