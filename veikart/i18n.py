"""Every word the user sees, in Norwegian bokmål and English, from one table."""

from __future__ import annotations

import datetime as dt
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
    "gantt.updated_mark": {"nb": "Oppdatert", "en": "Updated"},
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
    "notice.clamped": {
        "nb": "Tiden i lenken ligger utenfor veikartet og ble satt til {quarter}: {param}={value}",
        "en": "The time in the link lies outside the roadmap and was set to {quarter}: {param}={value}",
    },
    "notice.too_many": {
        "nb": "Lenken har for mange verdier for {param}; bare de første {n} ble lest",
        "en": "The link has too many values for {param}; only the first {n} were read",
    },
    "notice.more": {"nb": "… og {n} merknader til om lenken", "en": "… and {n} more notes about the link"},
    # --- dashboard and Gantt view (tidslinje) ---
    "app.title": {"nb": "Veikart", "en": "Roadmap"},
    "nav.timeline": {"nb": "Tidslinje", "en": "Timeline"},
    "nav.phases": {"nb": "Faser", "en": "Phases"},
    "nav.table": {"nb": "Tabell", "en": "Table"},
    "nav.label": {"nb": "Visninger", "en": "Views"},
    "app.owner": {"nb": "Eier: {owner}", "en": "Owner: {owner}"},
    "gantt.count": {
        "nb": "Viser {shown} av {total} leveranser",
        "en": "Showing {shown} of {total} deliverables",
    },
    "gantt.empty": {"nb": "Ingen leveranser passer filtrene", "en": "No deliverables match the filters"},
    "gantt.service": {"nb": "Tjeneste", "en": "Service"},
    "gantt.area": {"nb": "Område", "en": "Area"},
    "gantt.period": {"nb": "Periode", "en": "Period"},
    "gantt.kind": {"nb": "Type", "en": "Type"},
    "gantt.flags": {"nb": "Flagg", "en": "Flags"},
    "gantt.depends_on": {"nb": "Avhenger av", "en": "Depends on"},
    "gantt.dependents": {"nb": "Grunnlag for", "en": "Needed by"},
    "gantt.dependency": {"nb": "Avhengighet", "en": "Dependency"},
    "gantt.owner": {"nb": "Ansvarlig", "en": "Owner"},
    "gantt.more": {"nb": "og {n} til", "en": "and {n} more"},
    "gantt.outside": {"nb": "{n} utenfor utvalget", "en": "{n} outside the selection"},
    "gantt.chart_label": {
        "nb": "Tidslinje over leveransene. Det samme som tekst: se Tabell.",
        "en": "Timeline of the deliverables. The same as text: see Table.",
    },
    "gantt.clear_selection": {"nb": "Fjern markeringen", "en": "Clear the selection"},
    "gantt.click_hint": {"nb": "Klikk for detaljer", "en": "Click for details"},
    "filter.all": {"nb": "Alle", "en": "All"},
    "filter.from": {"nb": "Fra", "en": "From"},
    "filter.to": {"nb": "Til", "en": "To"},
    "filter.q_placeholder": {"nb": "Søk i titler og beskrivelser", "en": "Search titles and descriptions"},
    "filter.toggle": {"nb": "Filtre", "en": "Filters"},
    "filter.reset": {"nb": "Nullstill", "en": "Reset"},
    "filter.color_by": {"nb": "Farge etter", "en": "Colour by"},
    "filter.dependencies": {"nb": "Vis avhengigheter", "en": "Show dependencies"},
    "filter.start_of_roadmap": {"nb": "Veikartets start", "en": "Roadmap start"},
    "filter.end_of_roadmap": {"nb": "Veikartets slutt", "en": "Roadmap end"},
    "details.title": {"nb": "Detaljer", "en": "Details"},
    "details.description": {"nb": "Beskrivelse", "en": "Description"},
    "details.no_description": {"nb": "Ingen beskrivelse.", "en": "No description."},
    "details.links": {"nb": "Lenker", "en": "Links"},
    "details.health": {"nb": "Tjenestens status", "en": "Service health"},
    "details.service": {"nb": "Om tjenesten", "en": "About the service"},
    "details.show_in_timeline": {
        "nb": "Vis tjenesten i tidslinjen",
        "en": "Show the service on the timeline",
    },
    "details.source": {"nb": "Kilde", "en": "Source"},
    "details.none": {"nb": "Ingen", "en": "None"},
    "details.gone": {
        "nb": "Leveransen finnes ikke lenger i veikartet.",
        "en": "The deliverable is no longer in the roadmap.",
    },
    "problems.title_kept": {
        "nb": "Veikartet har feil – viser siste gyldige versjon",
        "en": "The roadmap has errors – showing the last valid version",
    },
    "problems.title_none": {
        "nb": "Veikartet kan ikke vises før feilene er rettet",
        "en": "The roadmap cannot be shown until the errors are fixed",
    },
    "problems.hint": {
        "nb": "Rett feilene i filene og lagre; siden oppdateres av seg selv.",
        "en": "Fix the errors in the files and save; the page updates by itself.",
    },
    "problems.more": {"nb": "… og {n} feil til", "en": "… and {n} more errors"},
    "warnings.title": {"nb": "Veikartet har {n} advarsler", "en": "The roadmap has {n} warnings"},
    "warnings.more": {"nb": "… og {n} advarsler til", "en": "… and {n} more warnings"},
    "warnings.hint": {
        "nb": "Veikartet vises likevel. `veikart validate` viser alle advarslene.",
        "en": "The roadmap is shown all the same. `veikart validate` lists every warning.",
    },
    "app.no_roadmap": {
        "nb": "Det finnes ingen gyldig versjon av veikartet å vise ennå.",
        "en": "There is no valid version of the roadmap to show yet.",
    },
    "notice.title": {"nb": "Merk", "en": "Note"},
    "notfound.title": {"nb": "Fant ikke siden", "en": "Page not found"},
    "notfound.body": {
        "nb": "Siden «{path}» finnes ikke (ennå). Velg en visning i menyen, eller gå til tidslinjen.",
        "en": "The page “{path}” does not exist (yet). Choose a view in the menu, or go to the timeline.",
    },
    "notfound.back": {"nb": "Til tidslinjen", "en": "To the timeline"},
    "table.caption": {
        "nb": "Leveranser i veikartet, som tabell. Klikk på en kolonneoverskrift for å sortere.",
        "en": "Deliverables of the roadmap, as a table. Click a column heading to sort.",
    },
    "table.title": {"nb": "Leveranse", "en": "Deliverable"},
    "table.start": {"nb": "Start", "en": "Start"},
    "table.end": {"nb": "Slutt", "en": "End"},
    "table.critical": {"nb": "Kritisk", "en": "Critical"},
    "table.yes": {"nb": "Ja", "en": "Yes"},
    "table.csv": {"nb": "CSV", "en": "CSV"},
    "table.excel": {"nb": "Excel", "en": "Excel"},
    "table.download": {"nb": "Last ned tabellen", "en": "Download the table"},
    "table.filename": {"nb": "veikart-leveranser", "en": "roadmap-deliverables"},
    "table.sheet": {"nb": "Leveranser", "en": "Deliverables"},
    "table.show_in_timeline": {"nb": "Vis i tidslinjen", "en": "Show on the timeline"},
    "download.preparing": {"nb": "Lager fil …", "en": "Preparing the file …"},
    "download.ready": {"nb": "Filen er klar: {name}", "en": "The file is ready: {name}"},
    # words in download file names (safe characters are made of them)
    "file.status.available": {"nb": "tilgjengelig", "en": "available"},
    "file.status.establishing": {"nb": "etablering", "en": "establishing"},
    "file.status.planning": {"nb": "planlegging", "en": "planning"},
    "file.status.none": {"nb": "uten-status", "en": "no-status"},
    "file.critical": {"nb": "kritisk", "en": "critical"},
    "file.from": {"nb": "fra", "en": "from"},
    "file.to": {"nb": "til", "en": "to"},
    # the table's grid (AG Grid's own words, by its locale keys)
    "grid.page": {"nb": "Side", "en": "Page"},
    "grid.of": {"nb": "av", "en": "of"},
    "grid.to": {"nb": "til", "en": "to"},
    "grid.more": {"nb": "flere", "en": "more"},
    "grid.firstPage": {"nb": "Første side", "en": "First page"},
    "grid.lastPage": {"nb": "Siste side", "en": "Last page"},
    "grid.nextPage": {"nb": "Neste side", "en": "Next page"},
    "grid.previousPage": {"nb": "Forrige side", "en": "Previous page"},
    "grid.pageSizeSelectorLabel": {"nb": "Rader per side:", "en": "Rows per page:"},
    "grid.ariaPageSizeSelectorLabel": {"nb": "Rader per side", "en": "Rows per page"},
    "grid.noRowsToShow": {
        "nb": "Ingen leveranser passer filtrene",
        "en": "No deliverables match the filters",
    },
    "grid.noMatchingRows": {"nb": "Ingen treff", "en": "No matching rows"},
    "grid.loadingOoo": {"nb": "Laster …", "en": "Loading …"},
    "grid.ariaSortableColumn": {"nb": "Trykk Enter for å sortere", "en": "Press Enter to sort"},
    "grid.ariaSortableColumnWithCellSelection": {
        "nb": "Trykk Alt+Enter for å sortere",
        "en": "Press Alt+Enter to sort",
    },
    "grid.ariaMenuColumn": {
        "nb": "Trykk Alt+pil ned for kolonnemenyen",
        "en": "Press Alt+Down for the column menu",
    },
    "grid.ariaLabelColumnMenu": {"nb": "Kolonnemeny", "en": "Column menu"},
    "grid.ariaColumnFiltered": {"nb": "Kolonnen er filtrert", "en": "Column filtered"},
    "grid.ariaFilterColumn": {"nb": "Trykk Ctrl+Enter for å filtrere", "en": "Press Ctrl+Enter to filter"},
    "grid.ariaLabelColumnFilter": {"nb": "Kolonnefilter", "en": "Column filter"},
    "dropdown.select_all": {"nb": "Velg alle", "en": "Select all"},
    "dropdown.deselect_all": {"nb": "Fjern alle", "en": "Deselect all"},
    "dropdown.selected_count": {"nb": "{num_selected} valgt", "en": "{num_selected} selected"},
    "dropdown.search": {"nb": "Søk", "en": "Search"},
    "dropdown.clear_search": {"nb": "Tøm søket", "en": "Clear search"},
    "dropdown.clear_selection": {"nb": "Fjern valget", "en": "Clear selection"},
    "dropdown.no_options_found": {"nb": "Ingen treff", "en": "No options found"},
    # --- phase overview (faseoversikt) ---
    "phases.nav": {"nb": "Faseoversikt", "en": "Phase overview"},
    "phases.title": {"nb": "Faseoversikt {quarter}", "en": "Phase overview {quarter}"},
    "phases.question": {
        "nb": "Hvor i verdikjeden er tjenestene, og når kommer de videre?",
        "en": "Where in the value chain are the services, and when do they move on?",
    },
    "phases.goal": {"nb": "Mål for fase: {goal}", "en": "Phase goal: {goal}"},
    "phases.unknown_goal": {
        "nb": "Ingen fase oppgitt for tjenesten i kvartalet",
        "en": "No phase given for the service in the quarter",
    },
    "phases.moved": {"nb": "Flyttet fase siden {quarter}", "en": "Changed phase since {quarter}"},
    "phases.previous": {"nb": "Plassering i {quarter}", "en": "Position in {quarter}"},
    "phases.moved_from": {"nb": "Fra «{phase}» i {quarter}", "en": "From “{phase}” in {quarter}"},
    "phases.in_phase": {"nb": "Fase i {quarter}: {phase}", "en": "Phase in {quarter}: {phase}"},
    "phases.empty": {"nb": "Ingen tjenester passer filteret", "en": "No services match the filter"},
    "phases.bands_title": {"nb": "Faser over tid", "en": "Phases over time"},
    "phases.selected": {"nb": "Valgt kvartal", "en": "Selected quarter"},
    "phases.play": {"nb": "Spill av", "en": "Play"},
    "phases.pause": {"nb": "Pause", "en": "Pause"},
    "phases.slider": {"nb": "Kvartal", "en": "Quarter"},
    "phases.open_in_gantt": {"nb": "Vis tjenesten i tidslinjen", "en": "Show the service in the timeline"},
    "phases.columns_heading": {
        "nb": "Tjenester per fase i {quarter}",
        "en": "Services per phase in {quarter}",
    },
    "phases.count": {"nb": "Viser {shown} av {total} tjenester", "en": "Showing {shown} of {total} services"},
    "phases.now_in": {"nb": "Fase i {quarter}", "en": "Phase in {quarter}"},
    "phases.click_hint": {
        "nb": "Trykk på en tjeneste for detaljer. Oransje ramme: flyttet fase siden forrige kvartal.",
        "en": "Tap a service for details. Orange frame: changed phase since the previous quarter.",
    },
    # --- exports ---
    "export.view.gantt": {"nb": "Tidslinje", "en": "Timeline"},
    "export.view.phases": {"nb": "Faseoversikt", "en": "Phase overview"},
    "export.view.bands": {"nb": "Faser over tid", "en": "Phases over time"},
    "export.source": {"nb": "Kilde: {source}", "en": "Source: {source}"},
    "export.sources": {"nb": "Kilder: {source}", "en": "Sources: {source}"},
    "export.n_sources": {"nb": "{n} kilder", "en": "{n} sources"},
    "export.files": {"nb": "{n} filer i {folder}", "en": "{n} files in {folder}"},
    "export.exported": {"nb": "Eksportert {date}", "en": "Exported {date}"},
    "export.slide.area": {"nb": "{area}: tidslinje", "en": "{area}: timeline"},
    "export.slide.phases_at": {"nb": "Faseoversikt {quarter}", "en": "Phase overview {quarter}"},
    "export.menu": {"nb": "Last ned", "en": "Download"},
    "export.menu.png": {"nb": "Bilde (PNG)", "en": "Image (PNG)"},
    "export.menu.svg": {"nb": "Vektorbilde (SVG)", "en": "Vector image (SVG)"},
    "export.menu.pdf": {"nb": "PDF", "en": "PDF"},
    "export.menu.pptx": {"nb": "PowerPoint", "en": "PowerPoint"},
    "export.failed": {"nb": "Eksporten mislyktes: {reason}", "en": "The export failed: {reason}"},
    "export.busy": {
        "nb": "En annen nedlasting lages akkurat nå. Prøv igjen om et øyeblikk.",
        "en": "Another download is being made right now. Please try again in a moment.",
    },
    "export.timeout": {
        "nb": "Filen tok for lang tid å lage (over {seconds} sekunder) og ble stoppet. Prøv med færre leveranser.",
        "en": "The file took too long to make (over {seconds} seconds) and was stopped. Try with fewer deliverables.",
    },
    "export.no_browser": {
        "nb": "Bildeeksport er ikke tilgjengelig: serveren mangler Chromium.",
        "en": "Image export is unavailable: the server has no Chromium.",
    },
    "export.nothing": {
        "nb": "Ingen leveranser passer til filtrene; ingenting å eksportere.",
        "en": "No deliverables match the filters; nothing to export.",
    },
    # --- hosting ---
    "static.language": {"nb": "Norsk", "en": "English"},
    "static.all_areas": {"nb": "Alle områder", "en": "All areas"},
    "static.rows": {"nb": "{shown} av {total} leveranser", "en": "{shown} of {total} deliverables"},
    "static.built": {"nb": "Bygget {date}", "en": "Built {date}"},
    "static.noscript": {
        "nb": "Figurene trenger JavaScript. Slå det på i nettleseren for å se veikartet.",
        "en": "The figures need JavaScript. Turn it on in the browser to see the roadmap.",
    },
    "hosting.login_required": {"nb": "Innlogging kreves.", "en": "Login required."},
}

# --- history: `veikart diff` and `veikart validate --stale` (veikart.history) ------------
TEXTS.update(
    {
        "diff.heading": {"nb": "Endringer i veikartet", "en": "Changes to the roadmap"},
        "diff.between": {"nb": "{path}: fra {before} til {after}", "en": "{path}: from {before} to {after}"},
        "diff.worktree": {"nb": "arbeidskopien", "en": "the working tree"},
        "diff.none": {"nb": "Ingen endringer.", "en": "No changes."},
        "diff.slipped": {"nb": "{n} forsinket", "en": "{n} delayed"},
        "diff.earlier": {"nb": "{n} fremskyndet", "en": "{n} brought forward"},
        "diff.moved": {"nb": "{n} flyttet", "en": "{n} moved"},
        "diff.added.one": {"nb": "{n} ny", "en": "{n} new"},
        "diff.added.many": {"nb": "{n} nye", "en": "{n} new"},
        "diff.removed": {"nb": "{n} fjernet", "en": "{n} removed"},
        "diff.status": {"nb": "{n} endret status", "en": "{n} changed status"},
        "diff.other.one": {"nb": "{n} annen endring", "en": "{n} other change"},
        "diff.other.many": {"nb": "{n} andre endringer", "en": "{n} other changes"},
        "diff.group.slipped": {"nb": "Forsinket", "en": "Delayed"},
        "diff.group.earlier": {"nb": "Fremskyndet", "en": "Brought forward"},
        "diff.group.moved": {"nb": "Flyttet", "en": "Moved"},
        "diff.group.added": {"nb": "Nye", "en": "New"},
        "diff.group.removed": {"nb": "Fjernet", "en": "Removed"},
        "diff.group.status": {"nb": "Endret status", "en": "Status changed"},
        "diff.group.other": {"nb": "Andre endringer", "en": "Other changes"},
        "diff.col.item": {"nb": "Element", "en": "Item"},
        "diff.col.what": {"nb": "Hva", "en": "What"},
        "diff.col.service": {"nb": "Tjeneste", "en": "Service"},
        "diff.col.before": {"nb": "Før", "en": "Before"},
        "diff.col.after": {"nb": "Etter", "en": "After"},
        "diff.col.shift": {"nb": "Endring", "en": "Shift"},
        "diff.col.when": {"nb": "Tid", "en": "When"},
        "diff.col.commit": {"nb": "Commit", "en": "Commit"},
        "diff.item.deliverable": {"nb": "Leveranse", "en": "Deliverable"},
        "diff.item.service": {"nb": "Tjeneste", "en": "Service"},
        "diff.item.risk": {"nb": "Risiko", "en": "Risk"},
        "diff.kind.added": {"nb": "Ny", "en": "New"},
        "diff.kind.removed": {"nb": "Fjernet", "en": "Removed"},
        "diff.kind.moved": {"nb": "Tid", "en": "Time"},
        "diff.kind.status": {"nb": "Status", "en": "Status"},
        "diff.kind.phase": {"nb": "Fase", "en": "Phase"},
        "diff.kind.title": {"nb": "Tittel", "en": "Title"},
        "diff.kind.dependencies": {"nb": "Avhengigheter", "en": "Dependencies"},
        "diff.kind.flags": {"nb": "Flagg", "en": "Flags"},
        "diff.kind.tentative": {"nb": "Anslått tid", "en": "Estimated date"},
        "diff.kind.health": {"nb": "Trafikklys", "en": "Traffic lights"},
        "diff.kind.critical": {"nb": "Kritisk linje", "en": "Critical line"},
        "diff.kind.level": {"nb": "Risikonivå", "en": "Risk level"},
        "diff.shift": {"nb": "{n:+d} kv", "en": "{n:+d} q"},
        "diff.start_shift": {"nb": "start {n:+d} kv", "en": "start {n:+d} q"},
        "diff.uncommitted": {"nb": "ikke committet", "en": "not committed"},
        "diff.no_commit": {"nb": "ingen commit i området", "en": "no commit in the range"},
        "diff.yes": {"nb": "ja", "en": "yes"},
        "diff.no": {"nb": "nei", "en": "no"},
        "diff.nothing": {"nb": "ingen", "en": "none"},
        "diff.comment": {"nb": "kommentar", "en": "comment"},
        "diff.more": {"nb": "… og {n} til", "en": "… and {n} more"},
        "diff.risk.low": {"nb": "Lav", "en": "Low"},
        "diff.risk.medium": {"nb": "Middels", "en": "Medium"},
        "diff.risk.high": {"nb": "Høy", "en": "High"},
        "stale.past_end": {
            "nb": "leveranse '{id}' skulle vært ferdig {end}, men har fortsatt status '{status}'; "
            "oppdater status eller tid",
            "en": "deliverable '{id}' was due {end} but its status is still '{status}'; "
            "update its status or its dates",
        },
        "stale.updated_old": {
            "nb": "roadmap.updated er {updated}, mer enn {days} dager før {today}; "
            "gå gjennom veikartet og sett ny dato",
            "en": "roadmap.updated is {updated}, more than {days} days before {today}; "
            "review the roadmap and set a new date",
        },
        "stale.updated_behind": {
            "nb": "roadmap.updated er {updated}, men veikartets filer ble sist endret {changed} "
            "(commit {commit}); sett ny dato",
            "en": "roadmap.updated is {updated}, but the roadmap's files last changed on {changed} "
            "(commit {commit}); set a new date",
        },
        "stale.health": {
            "nb": "tjeneste '{id}': trafikklysene (health) er uendret siden {changed} (commit {commit}), "
            "mer enn {days} dager før {today}; gå gjennom dem",
            "en": "service '{id}': its traffic lights (health) are unchanged since {changed} "
            "(commit {commit}), more than {days} days before {today}; review them",
        },
        "stale.no_history": {
            "nb": "historikken er ikke tilgjengelig ({reason}); kontrollene mot git er hoppet over",
            "en": "history is unavailable ({reason}); the checks against git were skipped",
        },
    }
)


# --- estimates, risks, sources and baselines in figures, exports and the static site ---
TEXTS.update(
    {
        "gantt.tentative": {"nb": "Anslått tidspunkt", "en": "Estimated date"},
        "gantt.tentative_reason": {
            "nb": "ingen beslutning eller kilde fastsetter tidspunktet",
            "en": "no decision or source fixes the date",
        },
        "gantt.high_risk": {"nb": "Høy risiko", "en": "High risk"},
        "risk.level.high": {"nb": "Høy", "en": "High"},
        "risk.level.medium": {"nb": "Middels", "en": "Medium"},
        "risk.level.low": {"nb": "Lav", "en": "Low"},
        "risks.title": {"nb": "Risikoer", "en": "Risks"},
        "risks.caption": {
            "nb": "Risikoer styret følger, de alvorligste først, med hva hver av dem rammer.",
            "en": "Risks the board follows, the most serious first, with what each affects.",
        },
        "risks.level": {"nb": "Nivå", "en": "Level"},
        "risks.risk": {"nb": "Risiko", "en": "Risk"},
        "risks.affects": {"nb": "Rammer", "en": "Affects"},
        "risks.owner": {"nb": "Eier", "en": "Owner"},
        "risks.mitigation": {"nb": "Tiltak", "en": "Mitigation"},
        "risks.all_levels": {"nb": "Alle nivåer", "en": "All levels"},
        "risks.count": {"nb": "{shown} av {total} risikoer", "en": "{shown} of {total} risks"},
        "baseline.compared": {"nb": "Sammenlignet med {rev}", "en": "Compared with {rev}"},
        "baseline.ghost": {"nb": "Plassering i {rev}", "en": "Position in {rev}"},
        "baseline.removed": {"nb": "Fjernet siden {rev}", "en": "Removed since {rev}"},
        "baseline.shift": {"nb": "Flyttet siden {rev} (kvartaler)", "en": "Moved since {rev} (quarters)"},
        "baseline.new_badge": {"nb": "Ny", "en": "New"},
        "baseline.new": {"nb": "Ny siden {rev}", "en": "New since {rev}"},
        "baseline.was": {"nb": "I {rev}: {period}", "en": "In {rev}: {period}"},
        "baseline.removed_services": {
            "nb": "{n} fjernet med tjenesten sin siden {rev}",
            "en": "{n} removed with their service since {rev}",
        },
        "baseline.phase_differs": {"nb": "Annen fase enn i {rev}", "en": "Other phase than in {rev}"},
        "baseline.phase_in": {"nb": "Fase i {rev}: {phase}", "en": "Phase in {rev}: {phase}"},
        "phases.tentative": {
            "nb": "Fasen bygger på et anslått tidspunkt",
            "en": "The phase rests on an estimated date",
        },
        "static.sources": {"nb": "Kilder", "en": "Sources"},
        "static.estimated": {"nb": "anslått", "en": "estimated"},
    }
)


# --- board digest: `veikart digest` and /styrenotat (veikart.digest) ----------------------
# Written for board members: whole sentences, no planners' jargon, no YAML keys.
TEXTS.update(
    {
        "digest.kicker": {"nb": "Styrenotat", "en": "Board digest"},
        "digest.public": {"nb": "Offentlig versjon", "en": "Public version"},
        "digest.period": {"nb": "Periode", "en": "Period"},
        "digest.updated": {"nb": "Oppdatert", "en": "Updated"},
        "digest.updated_unknown": {"nb": "ikke oppgitt", "en": "not given"},
        "digest.compared": {"nb": "Sammenlignet med", "en": "Compared with"},
        "digest.compared_value": {
            "nb": "{rev} (commit {commit}, {date})",
            "en": "{rev} (commit {commit}, {date})",
        },
        "digest.no_baseline": {"nb": "ingen tidligere versjon", "en": "no earlier version"},
        "digest.date": {"nb": "Dato", "en": "Date"},
        "digest.owner": {"nb": "Eier", "en": "Owner"},
        "digest.internal": {"nb": "intern", "en": "internal"},
        "digest.tentative": {"nb": "anslått", "en": "estimate"},
        "digest.contents": {"nb": "Innhold", "en": "Contents"},
        "digest.continued": {"nb": "{title} (forts.)", "en": "{title} (cont.)"},
        # key figures
        "digest.figures.heading": {"nb": "Nøkkeltall", "en": "Key figures"},
        "digest.figures.deliverables": {"nb": "Leveranser og milepæler", "en": "Deliverables and milestones"},
        "digest.figures.critical": {"nb": "På kritisk linje", "en": "On the critical line"},
        "digest.figures.critical_services": {
            "nb": "i {n} tjenester",
            "en": "in {n} services",
        },
        "digest.figures.critical_service": {"nb": "i 1 tjeneste", "en": "in 1 service"},
        "digest.figures.slipped": {"nb": "Forsinket siden {rev}", "en": "Delayed since {rev}"},
        "digest.figures.slipped_none": {"nb": "Forsinket", "en": "Delayed"},
        "digest.figures.no_baseline": {"nb": "ingen sammenligning", "en": "no comparison"},
        # changes since the baseline
        "digest.changes.heading": {"nb": "Endringer siden {rev}", "en": "Changes since {rev}"},
        "digest.changes.heading_none": {"nb": "Endringer", "en": "Changes"},
        "digest.changes.no_baseline": {
            "nb": "Ingen tidligere versjon er valgt, så endringer kan ikke vises.",
            "en": "No earlier version was chosen, so changes cannot be shown.",
        },
        "digest.changes.slipped": {"nb": "Forsinket", "en": "Delayed"},
        "digest.changes.earlier": {"nb": "Fremskyndet eller flyttet", "en": "Brought forward or moved"},
        "digest.changes.added": {"nb": "Nye leveranser", "en": "New deliverables"},
        "digest.changes.removed": {"nb": "Fjernede leveranser", "en": "Removed deliverables"},
        "digest.changes.status": {"nb": "Endret status", "en": "Status changed"},
        "digest.changes.slipped_empty": {
            "nb": "Ingen leveranser er forsinket.",
            "en": "No deliverables are delayed.",
        },
        "digest.changes.added_empty": {"nb": "Ingen nye leveranser.", "en": "No new deliverables."},
        "digest.changes.removed_empty": {
            "nb": "Ingen leveranser er fjernet.",
            "en": "No deliverables were removed.",
        },
        "digest.changes.status_empty": {
            "nb": "Ingen leveranser har endret status.",
            "en": "No deliverable changed status.",
        },
        "digest.changes.other.one": {
            "nb": "1 annen endring (fase, tittel, avhengigheter, symboler, trafikklys eller risiko) "
            "er ikke listet her.",
            "en": "1 other change (phase, title, dependencies, symbols, traffic lights or risk) "
            "is not listed here.",
        },
        "digest.changes.other.many": {
            "nb": "{n} andre endringer (fase, tittel, avhengigheter, symboler, trafikklys eller risiko) "
            "er ikke listet her.",
            "en": "{n} other changes (phase, title, dependencies, symbols, traffic lights or risk) "
            "are not listed here.",
        },
        "digest.col.deliverable": {"nb": "Leveranse", "en": "Deliverable"},
        "digest.col.service": {"nb": "Tjeneste", "en": "Service"},
        "digest.col.before": {"nb": "Før", "en": "Before"},
        "digest.col.now": {"nb": "Nå", "en": "Now"},
        "digest.col.shift": {"nb": "Endring", "en": "Shift"},
        "digest.col.when": {"nb": "Tid", "en": "When"},
        "digest.col.commit": {"nb": "Endret i", "en": "Changed in"},
        "digest.col.kind": {"nb": "Type", "en": "Type"},
        "digest.col.what": {"nb": "Beslutning eller milepæl", "en": "Decision or milestone"},
        "digest.col.status": {"nb": "Status", "en": "Status"},
        "digest.col.comment": {"nb": "Kommentar", "en": "Comment"},
        "digest.col.level": {"nb": "Nivå", "en": "Level"},
        "digest.col.risk": {"nb": "Risiko", "en": "Risk"},
        "digest.col.affects": {"nb": "Berører", "en": "Affects"},
        "digest.col.owner": {"nb": "Eier", "en": "Owner"},
        "digest.col.mitigation": {"nb": "Tiltak", "en": "Mitigation"},
        "digest.col.end": {"nb": "Skulle vært ferdig", "en": "Due"},
        "digest.col.starts": {"nb": "Starter", "en": "Starts"},
        "digest.col.depends_on": {"nb": "Avhenger av", "en": "Depends on"},
        "digest.col.ends": {"nb": "Ferdig", "en": "Ends"},
        "digest.col.source": {"nb": "Kilde", "en": "Source"},
        "digest.col.publisher": {"nb": "Utgiver", "en": "Publisher"},
        "digest.col.date": {"nb": "Dato", "en": "Date"},
        "digest.col.cited": {"nb": "Brukt av", "en": "Cited by"},
        "digest.cited": {"nb": "{n} elementer", "en": "{n} items"},
        "digest.cited.one": {"nb": "1 element", "en": "1 item"},
        "digest.commit.none": {"nb": "ingen commit i perioden", "en": "no commit in the period"},
        "digest.commit.uncommitted": {"nb": "ikke lagret i git ennå", "en": "not yet committed"},
        # decisions and milestones ahead
        "digest.due.heading": {
            "nb": "Beslutninger og milepæler {first}–{last}",
            "en": "Decisions and milestones {first}–{last}",
        },
        "digest.due.heading_one": {
            "nb": "Beslutninger og milepæler {first}",
            "en": "Decisions and milestones {first}",
        },
        "digest.due.intro": {
            "nb": "Det som skal skje i dette kvartalet og de {n} neste.",
            "en": "What is due this quarter and in the next {n}.",
        },
        "digest.due.intro_one": {
            "nb": "Det som skal skje i dette kvartalet og det neste.",
            "en": "What is due this quarter and the next.",
        },
        "digest.due.intro_now": {
            "nb": "Det som skal skje i dette kvartalet.",
            "en": "What is due this quarter.",
        },
        "digest.due.empty": {
            "nb": "Ingen beslutninger eller milepæler i perioden.",
            "en": "No decisions or milestones in the period.",
        },
        # traffic lights
        "digest.health.heading": {
            "nb": "Tjenester med gult eller rødt lys",
            "en": "Services with yellow or red lights",
        },
        "digest.health.empty": {
            "nb": "Ingen tjenester har gult eller rødt lys.",
            "en": "No service has a yellow or red light.",
        },
        "digest.health.none": {
            "nb": "Ingen tjenester har trafikklys i veikartet.",
            "en": "No service has traffic lights in the roadmap.",
        },
        "digest.health.not_given": {"nb": "ikke oppgitt", "en": "not given"},
        # risks
        "digest.risks.heading": {"nb": "Risikoer", "en": "Risks"},
        "digest.risks.intro": {"nb": "Høyeste nivå først.", "en": "Highest level first."},
        "digest.risks.empty": {"nb": "Veikartet har ingen risikoer.", "en": "The roadmap lists no risks."},
        # needs updating
        "digest.overdue.heading": {"nb": "Bør oppdateres", "en": "Needs updating"},
        "digest.overdue.intro": {
            "nb": "Leveranser som skulle vært ferdige før {today}, men som ikke er tilgjengelige.",
            "en": "Deliverables due before {today} that are not available.",
        },
        "digest.overdue.empty": {
            "nb": "Ingen leveranser har passert sluttiden uten å være tilgjengelige.",
            "en": "No deliverable is past its end without being available.",
        },
        "digest.overdue.updated": {
            "nb": "Veikartet ble sist oppdatert {updated}, {days} dager før dette notatet.",
            "en": "The roadmap was last updated on {updated}, {days} days before this digest.",
        },
        # dependency conflicts
        "digest.conflicts.heading": {"nb": "Avhengighetskonflikter", "en": "Dependency conflicts"},
        "digest.conflicts.intro": {
            "nb": "Leveranser som starter før det de avhenger av, er ferdig.",
            "en": "Deliverables that start before what they depend on is finished.",
        },
        "digest.conflicts.empty": {
            "nb": "Ingen leveranse starter før det den avhenger av, er ferdig.",
            "en": "No deliverable starts before what it depends on is finished.",
        },
        # sources
        "digest.sources.heading": {"nb": "Kilder", "en": "Sources"},
        "digest.sources.intro": {
            "nb": "Dokumentene veikartets opplysninger bygger på.",
            "en": "The documents the roadmap's facts come from.",
        },
        "digest.sources.empty": {
            "nb": "Veikartet oppgir ingen kilder.",
            "en": "The roadmap names no sources.",
        },
        # time words
        "digest.half": {"nb": "{n}. halvår {year}", "en": "H{n} {year}"},
        # the dashboard's page /styrenotat
        "nav.digest": {"nb": "Styrenotat", "en": "Board digest"},
        "digest.page.compare_with": {"nb": "Sammenlign med", "en": "Compare with"},
        "digest.page.versions": {"nb": "Tidligere versjoner", "en": "Earlier versions"},
        "digest.page.print": {
            "nb": "Notatet er tilpasset utskrift på A4: bruk nettleserens utskrift.",
            "en": "The digest is laid out for printing on A4: use the browser's print.",
        },
        "digest.page.no_history": {
            "nb": "Endringer kan ikke vises: veikartets historikk i git er ikke tilgjengelig.",
            "en": "Changes cannot be shown: the roadmap's history in git is unavailable.",
        },
        "digest.page.invalid_baseline": {
            "nb": "Versjonen {rev} av veikartet har feil og kan ikke sammenlignes.",
            "en": "Version {rev} of the roadmap has errors and cannot be compared.",
        },
    }
)


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
    "nb": (
        "januar",
        "februar",
        "mars",
        "april",
        "mai",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "desember",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}


def long_date(day: dt.date, lang: Lang = DEFAULT_LANG) -> str:
    """Write a date out in words: "24. november 2021" / "24 November 2021"."""
    month = MONTHS[lang][day.month - 1]
    return f"{day.day}. {month} {day.year}" if lang == "nb" else f"{day.day} {month} {day.year}"
