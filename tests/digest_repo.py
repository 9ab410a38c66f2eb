"""A roadmap repository for the digest tests: every section filled, hostile text, and
internal items and notes carrying a marker that no public digest may show.

`board_repo(root)` commits a format-version-2 roadmap (tag `styremote-1`, 2023-01-10),
then two commits (the first with a hostile subject) that slip, add, remove and change the
status of deliverables, public and internal alike. With `--today 2024-01-15` and the
default horizon (2024 K1-K2) every section of the digest has something to show.
`quiet_repo(root)` is a roadmap with nothing to report, for the empty sections.
"""

from __future__ import annotations

from pathlib import Path

from history_repo import GitRoadmap

SECRET = "HEMMELIG-7f3a9c"
"""In every internal item, every note and a commit subject: never in a public digest."""
HOSTILE_SUBJECT = 'KJ: <script>alert("x")</script> | [lenke](javascript:alert(1)) *fet* @styret'
HOSTILE_TITLE = "Veikart <b>for</b> styret | *test* [lenke](https://example.org/) & <i>co</i>"
TODAY = "2024-01-15"

ROADMAP = f"""\
roadmap:
  title: "{HOSTILE_TITLE}"
  subtitle: Utvikling og innføring 2022–2025
  owner: Direktoratet for e-helse
  start: 2022-Q1
  end: 2025-Q4
  updated: 2023-01-10
sources:
  - id: styre-2022
    title: "Styremøte desember 2022 <script>x</script>"
    date: 2022-12-01
    publisher: Nasjonalt e-helsestyre
    url: https://example.org/styre-2022
  - id: intern-kilde
    title: Internt notat {SECRET}-kilde
phases:
  - id: konsept
    name: Konsept
    note: {SECRET}-fase-note
  - id: utproving
    name: Utprøving
areas:
  - id: kj
    name: Kjernejournal
  - id: er
    name: E-resept
services:
  - id: kj
    name: Kjernejournal
    area: kj
    critical: true
    sources: [styre-2022]
    note: {SECRET}-tjeneste-note
    health:
      progress: yellow
      cost: green
      quality: green
      risk: red
      comment: "Framdrift gul <script>alert(1)</script> | forsinket"
  - id: pll
    name: Pasientens legemiddelliste
    area: er
    health:
      progress: green
      cost: green
  - id: skjult
    name: Skjult tjeneste {SECRET}-tjeneste
    area: er
    internal: true
    sources: [intern-kilde]
    health:
      progress: red
      comment: {SECRET}-lys
deliverables:
  - id: kj-a
    service: kj
    title: Kritisk informasjon
    start: 2023-Q1
    end: 2023-Q2
    status: establishing
    sources: [styre-2022]
    note: {SECRET}-leveranse-note
  - id: kj-b
    service: kj
    title: Dokumentdeling
    start: 2023-Q1
    end: 2023-Q4
    status: planning
  - id: kj-c
    service: kj
    title: Pasientens journaldokumenter
    start: 2023-Q1
    end: 2023-Q2
    status: planning
  - id: kj-intern
    service: kj
    title: Intern leveranse {SECRET}-leveranse
    start: 2023-Q1
    end: 2023-Q2
    status: planning
    internal: true
  - id: skjult-a
    service: skjult
    title: Skjult leveranse {SECRET}-skjult
    start: 2023-Q1
    end: 2023-Q2
    status: planning
  - id: pll-utproving
    service: pll
    title: Utprøving av PLL
    start: 2023-Q3
    end: 2024-Q2
    status: establishing
    depends_on: [kj-a, kj-intern]
  - id: pll-beslutning
    service: pll
    title: Beslutte nasjonal innføring av PLL
    at: 2024-Q1
    kind: decision
    status: planning
  - id: pll-anslag
    service: pll
    title: Anslått milepæl
    at: 2024
    kind: milestone
    tentative: true
  - id: pll-senere
    service: pll
    title: Senere milepæl
    at: 2024-Q3
    kind: milestone
  - id: kj-skjult-beslutning
    service: kj
    title: Intern beslutning {SECRET}-beslutning
    at: 2024-Q1
    kind: decision
    internal: true
risks:
  - id: r-lav
    title: Lav risiko for PLL
    level: low
    affects: [pll]
  - id: r-hoy
    title: Høy risiko for kritisk informasjon
    level: high
    affects: [kj, kj-a, kj-intern]
    owner: Norsk helsenett
    mitigation: "Tett oppfølging <b>ukentlig</b>"
    sources: [styre-2022]
    note: {SECRET}-risiko-note
  - id: r-intern
    title: Intern risiko {SECRET}-risiko
    level: high
    affects: [skjult]
    internal: true
    mitigation: {SECRET}-tiltak
"""

QUIET = """\
roadmap:
  title: Stille veikart
  start: 2022-Q1
  end: 2025-Q4
  updated: 2024-01-01
phases:
  - id: konsept
    name: Konsept
areas:
  - id: kj
    name: Kjernejournal
services:
  - id: kj
    name: Kjernejournal
    area: kj
deliverables:
  - id: kj-a
    service: kj
    title: Kritisk informasjon
    start: 2025-Q1
    end: 2025-Q4
    status: planning
"""


def board_repo(root: Path) -> GitRoadmap:
    """The repository described above; the roadmap is `roadmap.yaml` in `root`."""
    repo = GitRoadmap(root)
    repo.write("roadmap.yaml", ROADMAP)
    repo.commit("Første versjon", "2023-01-10")
    repo.tag("styremote-1", annotated=True, date="2023-01-10")

    # c1: kj-a and the internal kj-intern slip two quarters; the hostile subject
    repo.edit(
        "roadmap.yaml",
        "    end: 2023-Q2\n    status: establishing",
        "    end: 2023-Q4\n    status: establishing",
    )
    repo.edit(
        "roadmap.yaml",
        f"{SECRET}-leveranse\n    start: 2023-Q1\n    end: 2023-Q2",
        f"{SECRET}-leveranse\n    start: 2023-Q1\n    end: 2023-Q4",
    )
    repo.commit(HOSTILE_SUBJECT, "2023-02-01")

    # c2: kj-b removed, kj-d new, kj-c establishing, an internal deliverable added and the
    # internal service's deliverable removed; its subject names the internal work
    text = (root / "roadmap.yaml").read_text(encoding="utf-8")
    kj_b = text[text.index("  - id: kj-b") : text.index("  - id: kj-c")]
    skjult_a = text[text.index("  - id: skjult-a") : text.index("  - id: pll-utproving")]
    text = text.replace(kj_b, "").replace(skjult_a, "")
    text = text.replace(
        "    title: Pasientens journaldokumenter\n    start: 2023-Q1\n    end: 2023-Q2\n    status: planning",
        "    title: Pasientens journaldokumenter\n    start: 2023-Q1\n    end: 2023-Q2\n    status: establishing",
    )
    text = text.replace(
        "risks:\n",
        "  - id: kj-d\n    service: kj\n    title: Legemiddelopplysninger\n    start: 2024-Q1\n"
        "    end: 2024-Q4\n    status: planning\n"
        f"  - id: kj-intern-ny\n    service: kj\n    title: Ny intern {SECRET}-ny\n    start: 2024-Q1\n"
        "    end: 2024-Q2\n    internal: true\nrisks:\n",
        1,
    )
    repo.write("roadmap.yaml", text)
    repo.commit(f"Dokumentdeling utgår; {SECRET}-commit", "2023-03-01")
    return repo


def quiet_repo(root: Path) -> GitRoadmap:
    repo = GitRoadmap(root)
    repo.write("roadmap.yaml", QUIET)
    repo.commit("Første versjon", "2024-01-02")
    repo.tag("styremote-1", date="2024-01-02")
    return repo


__all__ = [
    "HOSTILE_SUBJECT",
    "HOSTILE_TITLE",
    "QUIET",
    "ROADMAP",
    "SECRET",
    "TODAY",
    "board_repo",
    "quiet_repo",
]
