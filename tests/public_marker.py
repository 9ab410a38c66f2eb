"""A copy of the bundled roadmap with a unique marker in everything public outputs must leave out.

`planted_roadmap()` adds, to the bundled roadmap as written:

- an internal service (with two deliverables, one internal by its service only) in a
  public area, owned by a marked owner, citing a source only internal items cite;
- internal deliverables in public services, one depended on by a public deliverable
  (a warning that names both), one with a marked owner (an owner filter choice);
- an internal risk affecting a public service and the internal one;
- notes on a phase, on public and internal services, deliverables and risks.

Ids carry the marker in lower case, texts in upper case: `MARKER_PATTERN` finds both, in
any case. `searchable_text(name, data)` turns any output (a page, a JSON callback
response, CSV, Excel, SVG, PDF, PowerPoint, compressed files) into text to search;
PNG has no text (tests search the same view's SVG and the figure drawn).
"""

from __future__ import annotations

import base64
import copy
import gzip
import io
import json
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "data" / "roadmap.yaml"

MARKER = "HEMMELIG-7f3a"
MARKER_PATTERN = re.compile(re.escape(MARKER), re.IGNORECASE)
ID = MARKER.lower()
"""The marker as it can stand in an id."""

INTERNAL_SERVICE = f"intern-tjeneste-{ID}"
INTERNAL_DELIVERABLE = f"intern-leveranse-{ID}"
INTERNAL_RISK = f"intern-risiko-{ID}"
INTERNAL_SOURCE = f"intern-kilde-{ID}"
PUBLIC_SERVICE = "kj-kritisk-informasjon"
"""A public service that gets a note and an internal deliverable (Kjernejournal)."""
PUBLIC_DELIVERABLE = "kj-kritisk-info-utproving-vest"
"""A public deliverable with a note, depending on the internal one (and affected by a public risk)."""
PUBLIC_RISK = "pds-r19"
"""A public risk with a note, also affecting the internal deliverable."""


def _deliverable(data: dict[str, Any], ident: str) -> dict[str, Any]:
    return next(d for d in data["deliverables"] if d["id"] == ident)


def planted_data() -> dict[str, Any]:
    """The bundled roadmap as data, with the marker planted (see the module's docstring)."""
    data = copy.deepcopy(yaml.safe_load(BUNDLED.read_text(encoding="utf-8")))
    m = MARKER
    data["sources"].append(
        {
            "id": INTERNAL_SOURCE,
            "title": f"Internt arbeidsnotat {m}",
            "publisher": f"Seksjon {m}",
            "url": f"https://intranett.example.no/{ID}",
        }
    )
    data["phases"][0]["note"] = f"Fasenotat {m}"
    service = next(s for s in data["services"] if s["id"] == PUBLIC_SERVICE)
    service["note"] = f"Tjenestenotat {m}"
    data["services"].append(
        {
            "id": INTERNAL_SERVICE,
            "name": f"Intern tjeneste {m}",
            "area": service["area"],
            "audiences": ["helsepersonell"],
            "owner": f"Internt team {m}",
            "internal": True,
            "description": f"Beskrivelse av intern tjeneste {m}.",
            "sources": [INTERNAL_SOURCE],
            "note": f"Notat om intern tjeneste {m}",
            "health": {"progress": "red", "comment": f"Statuskommentar {m}"},
        }
    )
    data["deliverables"] += [
        {
            "id": f"{INTERNAL_SERVICE}-a",
            "service": INTERNAL_SERVICE,
            "title": f"Leveranse i intern tjeneste {m}",
            "start": "2022-Q1",
            "end": "2023-Q2",
            "status": "establishing",
            "sources": [INTERNAL_SOURCE],
            "note": f"Leveransenotat i intern tjeneste {m}",
        },
        {
            "id": f"{INTERNAL_SERVICE}-b",
            "service": INTERNAL_SERVICE,
            "title": f"Milepæl i intern tjeneste {m}",
            "at": "2023-Q3",
            "kind": "decision",
            "tentative": True,
            "sources": [INTERNAL_SOURCE],
        },
        {
            "id": INTERNAL_DELIVERABLE,
            "service": PUBLIC_SERVICE,
            "title": f"Intern leveranse {m}",
            "start": "2021-Q3",
            "end": "2022-Q1",
            "status": "planning",
            "internal": True,
            "owner": f"Eier av intern leveranse {m}",
            "description": f"Intern beskrivelse {m}.",
            "sources": [INTERNAL_SOURCE],
            "note": f"Notat om intern leveranse {m}",
        },
    ]
    public = _deliverable(data, PUBLIC_DELIVERABLE)
    public["note"] = f"Leveransenotat {m}"
    public["depends_on"] = [*public.get("depends_on", []), INTERNAL_DELIVERABLE]
    risk = next(r for r in data["risks"] if r["id"] == PUBLIC_RISK)
    risk["note"] = f"Risikonotat {m}"
    risk["affects"] = [*risk["affects"], INTERNAL_DELIVERABLE]
    data["risks"].append(
        {
            "id": INTERNAL_RISK,
            "title": f"Intern risiko {m}",
            "level": "high",
            "affects": [PUBLIC_SERVICE, INTERNAL_SERVICE],
            "owner": f"Risikoeier {m}",
            "mitigation": f"Tiltak mot intern risiko {m}",
            "sources": [INTERNAL_SOURCE],
            "internal": True,
            "note": f"Notat om intern risiko {m}",
        }
    )
    return data


def planted_yaml(data: dict[str, Any] | None = None) -> str:
    """The planted roadmap (or `data`) as YAML text."""
    return yaml.safe_dump(planted_data() if data is None else data, allow_unicode=True, sort_keys=False)


def planted_roadmap(folder: Path) -> Path:
    """Write the planted roadmap to `folder/roadmap.yaml` and return its path."""
    path = folder / "roadmap.yaml"
    path.write_text(planted_yaml(), encoding="utf-8")
    return path


def earlier_version() -> dict[str, Any]:
    """The planted roadmap before its internal deliverable in a public service was added
    (a digest or baseline since then would name it as new)."""
    data = planted_data()
    data["deliverables"] = [d for d in data["deliverables"] if d["id"] != INTERNAL_DELIVERABLE]
    public = _deliverable(data, PUBLIC_DELIVERABLE)
    public["depends_on"] = [i for i in public["depends_on"] if i != INTERNAL_DELIVERABLE]
    for risk in data["risks"]:
        risk["affects"] = [i for i in risk["affects"] if i != INTERNAL_DELIVERABLE]
    return data


# --- searching outputs -----------------------------------------------------------------


def _pdf_text(data: bytes) -> str:
    if not shutil.which("pdftotext"):
        raise RuntimeError("pdftotext (poppler-utils) is needed to search PDF files")
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(data)
        file.flush()
        return subprocess.run(
            ["pdftotext", file.name, "-"], capture_output=True, text=True, check=True
        ).stdout


def _zip_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "\n".join(archive.read(name).decode("utf-8", errors="replace") for name in archive.namelist())


def searchable_text(name: str, data: bytes) -> str:
    """`data` as text to search: zips (xlsx, pptx) unpacked, PDF text extracted, gzip undone,
    and in a JSON callback response every base64 download decoded and searched the same way."""
    if data[:4] == b"PK\x03\x04":
        return _zip_text(data)
    if data[:5] == b"%PDF-":
        return _pdf_text(data)
    if data[:2] == b"\x1f\x8b":
        return searchable_text(name, gzip.decompress(data))
    text = data.decode("utf-8", errors="replace")
    if text.lstrip().startswith("{"):
        try:
            decoded = json.loads(text)
        except ValueError:
            return text
        # the JSON as read, with its strings unescaped: whether a writer escapes "ø" as
        # "\u00f8" depends on which JSON library happens to be installed (orjson or not)
        return "\n".join([text, json.dumps(decoded, ensure_ascii=False), *_downloads(decoded)])
    return text


def _downloads(value: object) -> list[str]:
    """The text of every file a dcc.Download response carries (base64 content)."""
    found: list[str] = []
    if isinstance(value, dict):
        content = value.get("content")
        if value.get("base64") and isinstance(content, str):
            found.append(searchable_text(str(value.get("filename", "")), base64.b64decode(content)))
        elif isinstance(content, str) and "filename" in value:
            found.append(content)
        for item in value.values():
            found += _downloads(item)
    elif isinstance(value, list):
        for item in value:
            found += _downloads(item)
    return found


def download_names(value: object) -> list[str]:
    """The file names of every dcc.Download in a JSON callback response."""
    names: list[str] = []
    if isinstance(value, dict):
        if "filename" in value and "content" in value:
            names.append(str(value["filename"]))
        for item in value.values():
            names += download_names(item)
    elif isinstance(value, list):
        for item in value:
            names += download_names(item)
    return names


def leaks(texts: dict[str, str]) -> list[str]:
    """The names of the texts the marker is found in (any case)."""
    return [name for name, text in texts.items() if MARKER_PATTERN.search(text)]


__all__ = [
    "ID",
    "INTERNAL_DELIVERABLE",
    "INTERNAL_RISK",
    "INTERNAL_SERVICE",
    "MARKER",
    "MARKER_PATTERN",
    "PUBLIC_DELIVERABLE",
    "PUBLIC_RISK",
    "PUBLIC_SERVICE",
    "download_names",
    "earlier_version",
    "leaks",
    "planted_data",
    "planted_roadmap",
    "planted_yaml",
    "searchable_text",
]
