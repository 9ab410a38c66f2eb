"""A valid roadmap whose names, titles and goals carry plotly markup and HTML entities.

Every figure must draw these texts exactly as written (issue 11): no link, no bold, no
colour, no decoded entity.
"""

from __future__ import annotations

AREA = "<b>Område</b> & co"
LINKED = '<a href="https://example.org/">Lenke</a>'
STYLED = '<span style="color:red">Rød</span>'
PHASE = "Fase &quot;A&quot;"
GOAL = 'Mål "sitert" <i>kursiv</i>'
TITLE = 'Leveranse <b>fet</b> &amp; "sitat"'
MILESTONE = "Milepæl x<br>y &lt; 3"

ROADMAP = {
    "roadmap": {
        "title": "Tekst <em>som</em> tekst",
        "start": "2021-Q1",
        "end": "2023-Q4",
        "updated": "2022-03-01",
    },
    "phases": [{"id": "konsept", "name": PHASE, "goal": GOAL}, {"id": "bruk", "name": "I bruk"}],
    "areas": [{"id": "omrade", "name": AREA, "color": "#1f6f8b"}],
    "services": [
        {"id": "lenket", "name": LINKED, "area": "omrade", "critical": True, "phase": "konsept"},
        {"id": "stilt", "name": STYLED, "area": "omrade", "phase": "bruk"},
    ],
    "deliverables": [
        {
            "id": "leveranse",
            "service": "lenket",
            "title": TITLE,
            "start": "2021-Q1",
            "end": "2022-Q4",
            "status": "establishing",
            "phase": "konsept",
        },
        {"id": "milepel", "service": "stilt", "title": MILESTONE, "at": "2022-Q2", "phase": "bruk"},
    ],
}
