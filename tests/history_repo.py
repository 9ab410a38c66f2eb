"""Build git repositories of roadmaps in a temporary folder, commit by commit, for the
history tests: each commit has a fixed author, date and subject."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

GIT_IDENTITY = ("-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false")

COMMON = """\
roadmap:
  title: Veikart for historikk
  start: 2022-Q1
  end: 2025-Q4
  updated: 2023-01-10
phases:
  - id: konsept
    name: Konsept
  - id: utproving
    name: Utprøving
  - id: innforing
    name: Innføring
areas:
  - id: e-resept
    name: E-resept
  - id: kjernejournal
    name: Kjernejournal
"""

KJ = """\
services:
  - id: kj
    name: Kjernejournal
    area: kjernejournal
    phase: konsept
    health:
      progress: green
      cost: green
deliverables:
  - id: kj-a
    service: kj
    title: Kritisk info i kjernejournal
    start: 2023-Q1
    end: 2023-Q2
    status: establishing
    phase: utproving
  - id: kj-b
    service: kj
    title: Dokumentdeling
    start: 2023-Q1
    end: 2023-Q4
    status: planning
"""

PLL = """\
services:
  - id: pll
    name: Pasientens legemiddelliste
    area: e-resept
    critical: true
    health:
      progress: yellow
      risk: green
deliverables:
  - id: pll-a
    service: pll
    title: Utprøving av PLL
    start: 2022-Q3
    end: 2023-Q4
    status: planning
    phase: utproving
  - id: pll-b
    service: pll
    title: Beslutte innføring
    at: 2024-Q1
    kind: decision
    phase: utproving
    depends_on: [pll-a]
"""

HOSTILE_SUBJECT = 'KJ: ny tittel <script>alert("x")</script> | [lenke](javascript:alert(1)) @board'
HOSTILE_AUTHOR = "Ola | <b>Nordmann</b>"


class GitRoadmap:
    """A work tree in `root` whose commits are made with fixed identities and dates."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str, env: dict[str, str] | None = None) -> str:
        full_env = {**os.environ, **(env or {})}
        out = subprocess.run(
            ["git", *GIT_IDENTITY, *args],
            cwd=self.root,
            env=full_env,
            capture_output=True,
            text=True,
            check=True,
        )
        return out.stdout.strip()

    def write(self, path: str, text: str) -> None:
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")

    def edit(self, path: str, old: str, new: str) -> None:
        text = (self.root / path).read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {path}"
        self.write(path, text.replace(old, new, 1))

    def commit(self, subject: str, date: str, author: str = "Kari Nordmann") -> str:
        """Commit everything at `date` (YYYY-MM-DD, noon UTC); return the commit id."""
        stamp = f"{date}T12:00:00+00:00"
        self.git("add", "-A")
        self.git(
            "commit",
            "-q",
            "--allow-empty",
            "-m",
            subject,
            env={
                "GIT_AUTHOR_NAME": author,
                "GIT_AUTHOR_EMAIL": "planner@example.org",
                "GIT_AUTHOR_DATE": stamp,
                "GIT_COMMITTER_DATE": stamp,
            },
        )
        return self.git("rev-parse", "HEAD")

    def tag(self, name: str, annotated: bool = False, date: str | None = None) -> None:
        env = {"GIT_COMMITTER_DATE": f"{date}T12:00:00+00:00"} if date else None
        if annotated:
            self.git("tag", "-a", "-m", name, name, env=env)
        else:
            self.git("tag", name, env=env)


def board_history(root: Path) -> tuple[GitRoadmap, dict[str, str]]:
    """A directory roadmap in `roadmap/` over six commits and two tags, plus an
    uncommitted edit; returns the repository and its commit ids by step name.

    c1 moves kj-a one quarter later (start and end); c2 adds pll-c, moves the decision
    pll-b a quarter earlier (and into kj.yaml, which is no change) and sets pll-a to
    establishing; c3 moves kj-a one more quarter and removes kj-b; c4 changes pll-b's
    phase and dependencies, pll-a's flags, pll's health, kj's critical line and phase;
    c5 retitles kj-a with a hostile subject and author. Uncommitted: pll-a available.
    """
    repo = GitRoadmap(root)
    repo.write("roadmap/00-felles.yaml", COMMON)
    repo.write("roadmap/kj.yaml", KJ)
    repo.write("roadmap/pll.yaml", PLL)
    repo.write("README.md", "Veikartet\n")
    ids = {"c0": repo.commit("Første versjon", "2023-01-10")}
    repo.tag("styremote-2023-01", annotated=True, date="2023-01-10")

    repo.edit(
        "roadmap/kj.yaml", "    start: 2023-Q1\n    end: 2023-Q2", "    start: 2023-Q2\n    end: 2023-Q3"
    )
    ids["c1"] = repo.commit("KJ: kritisk info ett kvartal senere", "2023-02-01")

    repo.edit("roadmap/pll.yaml", "    status: planning\n", "    status: establishing\n")
    pll_b = PLL[PLL.index("  - id: pll-b") :]
    repo.edit("roadmap/pll.yaml", pll_b, "")
    repo.write(
        "roadmap/kj.yaml",
        (root / "roadmap/kj.yaml").read_text() + pll_b.replace("at: 2024-Q1", "at: 2023-Q4"),
    )
    repo.write(
        "roadmap/pll.yaml",
        (root / "roadmap/pll.yaml").read_text()
        + "  - id: pll-c\n    service: pll\n    title: Multidose i PLL\n    start: 2024-Q1\n"
        "    end: 2024-Q4\n    status: planning\n",
    )
    ids["c2"] = repo.commit("PLL: multidose, beslutning tidligere", "2023-02-15")

    repo.edit("roadmap/kj.yaml", "    end: 2023-Q3", "    end: 2023-Q4")
    kj_b = KJ[KJ.index("  - id: kj-b") :]
    repo.edit("roadmap/kj.yaml", kj_b, "")
    ids["c3"] = repo.commit("KJ: kritisk info enda et kvartal; dokumentdeling utgår", "2023-03-01")

    repo.edit(
        "roadmap/kj.yaml",
        "    phase: utproving\n    depends_on: [pll-a]",
        "    phase: innforing\n    depends_on: []",
    )
    repo.edit(
        "roadmap/pll.yaml", "    status: establishing\n", "    status: establishing\n    flags: [attention]\n"
    )
    repo.edit("roadmap/pll.yaml", "      progress: yellow", "      progress: red")
    repo.edit("roadmap/kj.yaml", "    phase: konsept\n", "    phase: utproving\n    critical: true\n")
    ids["c4"] = repo.commit("Faser, avhengigheter og trafikklys", "2023-03-10")

    repo.edit("roadmap/kj.yaml", "title: Kritisk info i kjernejournal", "title: Kritisk informasjon")
    ids["c5"] = repo.commit(HOSTILE_SUBJECT, "2023-03-20", author=HOSTILE_AUTHOR)
    repo.tag("styremote-2023-03", date="2023-03-20")

    repo.edit("roadmap/pll.yaml", "    status: establishing\n", "    status: available\n")
    return repo, ids


__all__ = ["COMMON", "HOSTILE_AUTHOR", "HOSTILE_SUBJECT", "KJ", "PLL", "GitRoadmap", "board_history"]
