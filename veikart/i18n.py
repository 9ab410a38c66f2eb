"""Every word the user sees, in Norwegian bokmål and English, from one table."""

from __future__ import annotations

from typing import Literal

Lang = Literal["nb", "en"]
LANGS: tuple[Lang, ...] = ("nb", "en")
DEFAULT_LANG: Lang = "nb"

TEXTS: dict[str, dict[Lang, str]] = {
    # statuses: the legend of the directorate's own roadmap figures
    "status.available": {"nb": "Tilgjengelig funksjonalitet", "en": "Available functionality"},
    "status.establishing": {"nb": "Funksjonalitet under etablering", "en": "Functionality being established"},
    "status.planning": {
        "nb": "Funksjonalitet i konsept eller planlegging",
        "en": "Functionality in concept or planning",
    },
    "status.none": {"nb": "Uten status", "en": "No status"},
    # flags
    "flag.geographic-variation": {"nb": "Geografisk variasjon", "en": "Geographic variation"},
    "flag.content-dependent": {"nb": "Avhengig av innhold", "en": "Depends on content"},
    "flag.mutual-participation": {
        "nb": "Avhengig av gjensidig deltakelse",
        "en": "Depends on mutual participation",
    },
    "flag.attention": {"nb": "Krever oppmerksomhet (!)", "en": "Needs attention (!)"},
    # milestone kinds
    "kind.period": {"nb": "Leveranse", "en": "Deliverable"},
    "kind.milestone": {"nb": "Milepæl", "en": "Milestone"},
    "kind.decision": {"nb": "Beslutning", "en": "Decision"},
    # phases and health
    "phase.unknown": {"nb": "Fase ukjent", "en": "Phase unknown"},
    "health.progress": {"nb": "Framdrift", "en": "Progress"},
    "health.cost": {"nb": "Kostnad", "en": "Cost"},
    "health.quality": {"nb": "Kvalitet", "en": "Quality"},
    "health.risk": {"nb": "Risiko", "en": "Risk"},
    "health.green": {"nb": "Grønn", "en": "Green"},
    "health.yellow": {"nb": "Gul", "en": "Yellow"},
    "health.red": {"nb": "Rød", "en": "Red"},
    # time
    "quarter.letter": {"nb": "K", "en": "Q"},
    "quarter.tick": {"nb": "{n}. kv", "en": "Q{n}"},
    "updated": {"nb": "Oppdatert {date}", "en": "Updated {date}"},
    "today": {"nb": "I dag", "en": "Today"},
    "critical": {"nb": "Kritisk linje", "en": "Critical line"},
    # filters, as words in the URL notice and under exported images
    "filter.area": {"nb": "Område", "en": "Area"},
    "filter.service": {"nb": "Tjeneste", "en": "Service"},
    "filter.audience": {"nb": "Målgruppe", "en": "Audience"},
    "filter.phase": {"nb": "Fase", "en": "Phase"},
    "filter.status": {"nb": "Status", "en": "Status"},
    "filter.owner": {"nb": "Ansvarlig", "en": "Owner"},
    "filter.critical": {"nb": "Kun kritisk linje", "en": "Critical line only"},
    "filter.q": {"nb": "Søk", "en": "Search"},
    "filter.period": {"nb": "Periode", "en": "Period"},
    "filter.at": {"nb": "Kvartal", "en": "Quarter"},
    "filter.none": {"nb": "Alle leveranser", "en": "All deliverables"},
    "notice.unknown_value": {
        "nb": "Ukjent verdi i lenken ble ignorert: {param}={value}",
        "en": "Unknown value in the link was ignored: {param}={value}",
    },
    # --- dashboard and Gantt view (tidslinje) ---
    # --- phase overview (faseoversikt) ---
    # --- exports ---
    # --- hosting ---
}


def t(key: str, lang: Lang = DEFAULT_LANG, **values: object) -> str:
    """The text for `key` in `lang`, with {placeholders} filled in."""
    try:
        text = TEXTS[key][lang]
    except KeyError:
        raise KeyError(f"no text {key!r} for language {lang!r}") from None
    return text.format(**values) if values else text


def status_label(status: str | None, lang: Lang = DEFAULT_LANG) -> str:
    return t(f"status.{status}" if status else "status.none", lang)


def flag_label(flag: str, lang: Lang = DEFAULT_LANG) -> str:
    return t(f"flag.{flag}", lang)


MONTHS: dict[Lang, tuple[str, ...]] = {
    "nb": ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september",
           "oktober", "november", "desember"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"),
}


def long_date(day: object, lang: Lang = DEFAULT_LANG) -> str:
    """24. november 2021 / 24 November 2021."""
    import datetime as dt

    assert isinstance(day, dt.date)
    month = MONTHS[lang][day.month - 1]
    return f"{day.day}. {month} {day.year}" if lang == "nb" else f"{day.day} {month} {day.year}"
