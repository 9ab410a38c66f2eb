"""Generate large, valid roadmaps for benchmarks, scale tests and screenshots."""

from __future__ import annotations

import random
from typing import Any

import yaml

from veikart.roadmap.periods import Quarter
from veikart.roadmap.schema import FLAGS, RISK_LEVELS, STATUSES

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


def synthetic_roadmap(
    n_deliverables: int, n_services: int | None = None, seed: int = 0, *, v2: bool = False
) -> dict[str, Any]:
    """A valid roadmap with `n_deliverables` deliverables spread over `n_services` services.

    With `v2`, it also uses the format's version 2: sources cited by every deliverable,
    tentative dates, notes, internal services and deliverables, and risks. The version 1
    part is the same roadmap either way (for a given seed).
    """
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
        before = [e for e in earlier[-3:] if str(e.get("end") or e["at"]) < str(start)]
        if before and rng.random() < 0.5:
            item["depends_on"] = [before[-1]["id"]]
        if rng.random() < 0.3:
            item["description"] = "Leveransen **omfatter** utprøving og innføring i utvalgte kommuner."
        earlier.append(item)
        deliverables.append(item)
    data: dict[str, Any] = {
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
    if v2:
        _add_version_2(data, random.Random(seed + 1))
    return data


PUBLISHERS = ("Direktoratet for e-helse", "Norsk helsenett", "Helse- og omsorgsdepartementet")


def _add_version_2(data: dict[str, Any], rng: random.Random) -> None:
    """Sources, tentative dates, notes, internal items and risks, consistent with each other.

    No public deliverable depends on an internal one, so the roadmap has no warnings.
    """
    services, deliverables = data["services"], data["deliverables"]
    n_sources = max(3, len(deliverables) // 100)
    sources = [
        {
            "id": f"kilde-{k:03d}",
            "title": f"Saksframlegg {k + 1}/{2020 + k % 6}: {rng.choice(WORDS)}",
            "date": f"{2020 + k % 6}-{1 + k % 12:02d}-{1 + k % 28:02d}",
            "publisher": rng.choice(PUBLISHERS),
            "url": f"https://example.org/saker/{k:03d}.pdf",
        }
        for k in range(n_sources)
    ]
    source_ids = [s["id"] for s in sources]
    internal_services = set()
    for i, service in enumerate(services):
        service["sources"] = [rng.choice(source_ids)]
        if i % 15 == 14:
            service["internal"] = True
            internal_services.add(service["id"])
    internal: set[str] = set()
    for item in deliverables:
        item["sources"] = rng.sample(source_ids, k=min(len(source_ids), rng.randint(1, 2)))
        if rng.random() < 0.2:
            item["tentative"] = True
        if rng.random() < 0.1:
            item["note"] = "Dato lest av figuren; bekreft med programmet."
        if rng.random() < 0.05:
            item["internal"] = True
        if item.get("internal") or item["service"] in internal_services:
            internal.add(item["id"])
        elif any(dep in internal for dep in item.get("depends_on", ())):
            del item["depends_on"]
    risks = []
    for k in range(max(3, len(deliverables) // 50)):
        affects = [rng.choice(services)["id"]] if k % 3 == 0 else []
        affects += [d["id"] for d in rng.sample(deliverables, k=min(len(deliverables), rng.randint(1, 3)))]
        risk: dict[str, Any] = {
            "id": f"risiko-{k:03d}",
            "title": f"{rng.choice(WORDS)} kan bli forsinket",
            "level": RISK_LEVELS[k % 3],
            "affects": affects,
            "owner": rng.choice(PUBLISHERS),
            "mitigation": "Tett oppfølging i **programstyret**.",
            "sources": [rng.choice(source_ids)],
        }
        if k % 4 == 3:
            risk["internal"] = True
            risk["note"] = "Drøftes i neste styringsgruppemøte."
        risks.append(risk)
    data["phases"][0]["sources"] = [source_ids[0]]
    data["phases"][0]["note"] = "Navnet er ikke endelig."
    data["sources"] = sources
    data["risks"] = risks


def synthetic_roadmap_yaml(
    n_deliverables: int, n_services: int | None = None, seed: int = 0, *, v2: bool = False
) -> str:
    data = synthetic_roadmap(n_deliverables, n_services, seed, v2=v2)
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False, width=100)
