"""What `veikart validate` says, in English and Norwegian bokmål, from one catalogue.

A problem keeps its message as a `Msg`: a key of `MESSAGES` and the values to fill in.
A `Msg` is also the English text itself (a `str`), so code that prints or compares
messages keeps working; `render(message, lang)` gives it in another language. Values
may be `Msg`s too (a label, a hint, a description of what was written): they are
rendered in the same language. Text that came from the roadmap is shown on one line
and bounded in length, whatever it holds.

The Norwegian is written for planners who do not program: YAML keys (`end`, `title`)
and the values a planner types stay as they are written in the file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from veikart.i18n import DEFAULT_LANG, LANGS, Lang

MAX_SHOWN = 120
"""Characters of a planner's text a message quotes; the rest is cut with '…'."""

MESSAGES: dict[str, dict[Lang, str]] = {
    # ------------------------------------------------------------ labels and words
    "entry": {"en": "{label}: {problem}", "nb": "{label}: {problem}"},
    "label.item": {"en": "{kind} '{id}'", "nb": "{kind} '{id}'"},
    "label.link": {"en": "{label}, link", "nb": "{label}, lenke"},
    "label.health": {"en": "{label}, health", "nb": "{label}, trafikklys"},
    "label.roadmap": {"en": "roadmap", "nb": "veikartet"},
    "kind.phases": {"en": "phase", "nb": "fase"},
    "kind.areas": {"en": "area", "nb": "område"},
    "kind.audiences": {"en": "audience", "nb": "målgruppe"},
    "kind.services": {"en": "service", "nb": "tjeneste"},
    "kind.deliverables": {"en": "deliverable", "nb": "leveranse"},
    "kind.sources": {"en": "source", "nb": "kilde"},
    "kind.risks": {"en": "risk", "nb": "risiko"},
    "another.phases": {"en": "another phase", "nb": "en annen fase"},
    "another.areas": {"en": "another area", "nb": "et annet område"},
    "another.audiences": {"en": "another audience", "nb": "en annen målgruppe"},
    "another.services": {"en": "another service", "nb": "en annen tjeneste"},
    "another.deliverables": {"en": "another deliverable", "nb": "en annen leveranse"},
    "another.sources": {"en": "another source", "nb": "en annen kilde"},
    "another.risks": {"en": "another risk", "nb": "en annen risiko"},
    "need.phases": {"en": "at least one phase", "nb": "minst én fase"},
    "need.areas": {"en": "at least one area", "nb": "minst ett område"},
    "need.services": {"en": "at least one service", "nb": "minst én tjeneste"},
    "join.or": {"en": "{a} or {b}", "nb": "{a} eller {b}"},
    "join.and": {"en": "{a} and {b}", "nb": "{a} og {b}"},
    "hint.did_you_mean": {"en": " (did you mean '{word}'?)", "nb": " (mente du '{word}'?)"},
    "hint.known_keys": {"en": " (known keys: {keys})", "nb": " (kjente nøkler: {keys})"},
    "hint.for_example": {"en": " (for example '{slug}')", "nb": " (for eksempel '{slug}')"},
    "hint.time": {
        "en": "write a quarter such as 2022-Q3 (also 2022Q3, Q3 2022 or 2022-K3), "
        "a half year 2022-H2, a year 2022, a month 2022-09 or a date 2022-09-15",
        "nb": "skriv et kvartal som 2022-Q3 (eller 2022Q3, Q3 2022 eller 2022-K3), "
        "et halvår 2022-H2, et år 2022, en måned 2022-09 eller en dato 2022-09-15",
    },
    # What a planner wrote, described in words ("not {value}").
    "value.nothing": {"en": "nothing", "nb": "en tom verdi"},
    "value.bool": {"en": "'{text}' (yes/no)", "nb": "'{text}' (ja/nei)"},
    "value.block": {"en": "a block of keys", "nb": "en blokk med nøkler"},
    "value.list": {"en": "a list", "nb": "en liste"},
    "value.coerced": {
        "en": "{text} (which YAML reads as {value})",
        "nb": "{text} (som YAML leser som {value})",
    },
    "value.datetime": {"en": "the date and time {when}", "nb": "datoen og klokkeslettet {when}"},
    "value.date": {"en": "the date {date}", "nb": "datoen {date}"},
    "value.number": {"en": "the number {number}", "nb": "tallet {number}"},
    "value.text": {"en": "'{text}'", "nb": "'{text}'"},
    "value.other": {"en": "{text}", "nb": "{text}"},
    # ------------------------------------------------------------ fields of an entry
    "key.unknown": {"en": "unknown key '{key}'{hint}", "nb": "ukjent nøkkel '{key}'{hint}"},
    "field.missing": {"en": "'{name}' is missing; it is required", "nb": "'{name}' mangler, men må være med"},
    "field.empty": {"en": "'{name}' is empty; it is required", "nb": "'{name}' er tom, men må fylles ut"},
    "color.empty": {
        "en": "'{name}' is empty; write the colour in quotes, such as \"#1f6f8b\" "
        "(without quotes YAML reads '#' as the start of a comment)",
        "nb": "'{name}' er tom; skriv fargen i anførselstegn, for eksempel \"#1f6f8b\" "
        "(uten anførselstegn leser YAML '#' som starten på en kommentar)",
    },
    "coerced": {
        "en": "'{name}': YAML reads {text} as {value}, not as the text written; "
        'put it in quotes: {name}: "{text}"',
        "nb": "'{name}': YAML leser {text} som {value}, ikke som teksten slik den står; "
        'sett verdien i anførselstegn: {name}: "{text}"',
    },
    "text.expected": {
        "en": "'{name}' should be text, not {value}; put it in quotes",
        "nb": "'{name}' skal være tekst, ikke {value}; sett verdien i anførselstegn",
    },
    "time.invalid": {"en": "'{name}': {reason}", "nb": "'{name}': {reason}"},
    "date.expected": {
        "en": "'{name}' should be a date such as 2021-11-24, not {value}",
        "nb": "'{name}' skal være en dato som 2021-11-24, ikke {value}",
    },
    "bool.expected": {
        "en": "'{name}' should be true or false, not {value}",
        "nb": "'{name}' skal være true eller false, ikke {value}",
    },
    "color.expected": {
        "en": '\'{name}\' should be a colour such as "#1f6f8b" or "#18b", not {value}',
        "nb": '\'{name}\' skal være en farge som "#1f6f8b" eller "#18b", ikke {value}',
    },
    "choice.twice": {
        "en": "'{value}' is listed twice in '{name}'",
        "nb": "'{value}' står to ganger i '{name}'",
    },
    "choice.invalid": {
        "en": "'{name}': {value} is not one of {allowed}{hint}",
        "nb": "'{name}': {value} er ikke en av {allowed}{hint}",
    },
    "links.entry": {
        "en": "each entry of '{name}' needs 'title' and 'url', not {value}",
        "nb": "hver oppføring i '{name}' trenger 'title' og 'url', ikke {value}",
    },
    "health.expected": {
        "en": "'{name}' should be a block with progress, cost, quality, risk, comment",
        "nb": "'{name}' skal være en blokk med progress, cost, quality, risk og comment",
    },
    "slug.invalid": {
        "en": "'{name}': '{value}' is not a valid id: use lowercase letters a-z, digits, '-' and '_', "
        "starting with a letter or digit{hint}",
        "nb": "'{name}': '{value}' er ikke en gyldig id: bruk små bokstaver a–z, sifre, '-' og '_', "
        "og begynn med en bokstav eller et siffer{hint}",
    },
    "slug.expected": {
        "en": "'{name}' should be an id, not {value}",
        "nb": "'{name}' skal være en id, ikke {value}",
    },
    "list.expected": {
        "en": "'{name}' should be a list such as {example}, not {value}",
        "nb": "'{name}' skal være en liste som {example}, ikke {value}",
    },
    "url.expected": {
        "en": "'{name}' should be a web address, not {value}",
        "nb": "'{name}' skal være en nettadresse, ikke {value}",
    },
    "url.unsafe": {
        "en": "'{name}' must not contain spaces or control characters",
        "nb": "'{name}' kan ikke inneholde mellomrom eller kontrolltegn",
    },
    "url.scheme": {
        "en": "'{name}' uses '{scheme}:', which is not allowed; use an http:// or https:// address "
        "or a relative path",
        "nb": "'{name}' bruker '{scheme}:', som ikke er tillatt; bruk en adresse som begynner med "
        "http:// eller https://, eller en relativ sti",
    },
    # ------------------------------------------------------------ time values
    "time.not_a_time": {
        "en": "'{text}' is not a time; {hint}",
        "nb": "'{text}' er ikke et tidspunkt; {hint}",
    },
    "time.no_month": {
        "en": "'{text}' has no month {month}; {hint}",
        "nb": "'{text}' har ingen måned {month}; {hint}",
    },
    "time.not_in_calendar": {
        "en": "'{text}' is not a day in the calendar; {hint}",
        "nb": "'{text}' er ikke en dag i kalenderen; {hint}",
    },
    "time.year_range": {
        "en": "'{text}' is in the year {year}, outside the years a roadmap can show ({first}–{last}); "
        "is it a typo?",
        "nb": "'{text}' er i år {year}, utenfor årene et veikart kan vise ({first}–{last}); "
        "er det en skrivefeil?",
    },
    "time.digits": {
        "en": "'{text}' has digits other than 0-9; write the digits 0-9, such as 2022-Q3",
        "nb": "'{text}' har andre sifre enn 0–9; skriv med sifrene 0–9, for eksempel 2022-Q3",
    },
    "time.backwards": {"en": "'{text}' ends before it starts", "nb": "'{text}' slutter før det begynner"},
    # ------------------------------------------------------------ files and folders
    "path.missing": {"en": "{path}: no such file or directory", "nb": "{path}: finnes ikke"},
    "path.not_file_or_dir": {
        "en": "{path}: not a file or directory",
        "nb": "{path}: er verken en fil eller en mappe",
    },
    "path.link_loop": {
        "en": "{path}: a link that leads nowhere or to itself",
        "nb": "{path}: en lenke som ikke fører noe sted, eller som fører til seg selv",
    },
    "path.no_yaml": {
        "en": "{path}: no .yaml or .yml files in this directory{skipped}",
        "nb": "{path}: ingen .yaml- eller .yml-filer i denne mappen{skipped}",
    },
    "path.links_skipped.one": {
        "en": " (1 link that cannot be followed)",
        "nb": " (1 lenke som ikke kan følges)",
    },
    "path.links_skipped.other": {
        "en": " ({count} links that cannot be followed)",
        "nb": " ({count} lenker som ikke kan følges)",
    },
    "path.unreadable": {"en": "{path}: cannot be read ({reason})", "nb": "{path}: kan ikke leses ({reason})"},
    "os.permission": {"en": "Permission denied", "nb": "ingen tilgang"},
    "link.folder_again": {
        "en": "this link leads to a folder that is already read; it is skipped",
        "nb": "denne lenken fører til en mappe som allerede er lest; den hoppes over",
    },
    "link.loop": {
        "en": "this link to '{target}' goes round in a loop of links; the file is skipped",
        "nb": "denne lenken til '{target}' går i ring; filen hoppes over",
    },
    "link.dangling": {
        "en": "this link points to '{target}', which does not exist; the file is skipped",
        "nb": "denne lenken peker på '{target}', som ikke finnes; filen hoppes over",
    },
    "file.empty": {"en": "the file is empty", "nb": "filen er tom"},
    "file.not_utf8": {
        "en": "the file is not UTF-8 text (byte 0x{byte} here); save it as UTF-8 in your editor",
        "nb": "filen er ikke UTF-8-tekst (byten 0x{byte} her); lagre den som UTF-8 i redigeringsprogrammet",
    },
    "file.not_a_mapping": {
        "en": "the file should hold keys such as 'roadmap:', 'services:' and 'deliverables:', not {value}",
        "nb": "filen skal inneholde nøkler som 'roadmap:', 'services:' og 'deliverables:', ikke {value}",
    },
    # ------------------------------------------------------------ the whole roadmap
    "top.unknown_key": {
        "en": "unknown top-level key '{key}'{hint}",
        "nb": "ukjent nøkkel '{key}' på øverste nivå{hint}",
    },
    "roadmap.twice": {
        "en": "'roadmap:' may appear in one file only; it is already given at {file}:{line}",
        "nb": "'roadmap:' kan bare stå i én fil; den står allerede i {file}:{line}",
    },
    "roadmap.not_a_block": {
        "en": "'roadmap' should be a block with title, start and end, not {value}",
        "nb": "'roadmap' skal være en blokk med title, start og end, ikke {value}",
    },
    "roadmap.missing": {
        "en": "no 'roadmap:' block found; one file must have it, with title, start and end",
        "nb": "fant ingen 'roadmap:'-blokk; én av filene må ha den, med title, start og end",
    },
    "section.not_a_list": {
        "en": "'{section}' should be a list of entries, each starting with '- ', not {value}",
        "nb": "'{section}' skal være en liste der hver oppføring begynner med '- ', ikke {value}",
    },
    "section.entry_not_a_block": {
        "en": "each entry in '{section}' should be a block of keys such as 'id:' and 'name:', not {value}",
        "nb": "hver oppføring i '{section}' skal være en blokk med nøkler som 'id:' og 'name:', ikke {value}",
    },
    "section.missing": {
        "en": "no '{section}:' found; the roadmap needs {need}",
        "nb": "fant ingen '{section}:'; veikartet trenger {need}",
    },
    "section.empty": {
        "en": "'{section}' is empty; the roadmap needs {need}",
        "nb": "'{section}' er tom; veikartet trenger {need}",
    },
    "id.taken": {
        "en": "the id is already used by {another} at {file}:{line}",
        "nb": "id-en er allerede brukt av {another} i {file}:{line}",
    },
    "ref.unknown": {"en": "unknown {what} '{ref}'{hint}", "nb": "ukjent {what} '{ref}'{hint}"},
    "end.before_start": {
        "en": "'end' {end} is before 'start' {start}",
        "nb": "'end' {end} er før 'start' {start}",
    },
    "time.at_and_period": {
        "en": "has both 'at' (a milestone) and {period} (a period); keep one of them",
        "nb": "har både 'at' (en milepæl) og {period} (en periode); behold bare én av dem",
    },
    "time.none": {
        "en": "needs either 'start' and 'end' (a period) or 'at' (a milestone)",
        "nb": "trenger enten 'start' og 'end' (en periode) eller 'at' (en milepæl)",
    },
    "time.half_period": {
        "en": "has '{given}' but no '{other}'; a period needs both (or use 'at' for a milestone)",
        "nb": "har '{given}', men ikke '{other}'; en periode trenger begge (eller bruk 'at' for en milepæl)",
    },
    "kind.on_period": {
        "en": "'kind' applies only to milestones, which have 'at'",
        "nb": "'kind' gjelder bare milepæler, som har 'at'",
    },
    "dependency.cycle": {
        "en": "dependency cycle {cycle}; a deliverable cannot (even indirectly) depend on itself",
        "nb": "avhengighetene går i ring: {cycle}; en leveranse kan ikke avhenge av seg selv, "
        "heller ikke via andre",
    },
    "warning.late_dependency": {
        "en": "deliverable '{id}' starts {start} before its dependency '{dependency}' ends {end}",
        "nb": "leveransen '{id}' starter {start}, før avhengigheten '{dependency}' slutter {end}",
    },
    "warning.outside_period": {
        "en": "deliverable '{id}' lies entirely outside the roadmap period {first}..{last}, "
        "so the default view does not show it",
        "nb": "leveransen '{id}' ligger helt utenfor veikartets periode {first}..{last}, "
        "så standardvisningen viser den ikke",
    },
    "warning.no_deliverables": {
        "en": "service '{id}' has no deliverables",
        "nb": "tjenesten '{id}' har ingen leveranser",
    },
    "warning.public_depends_on_internal": {
        "en": "deliverable '{id}' is public but depends on '{dependency}', which is internal; "
        "public outputs will only say that it depends on something internal",
        "nb": "leveransen '{id}' er offentlig, men avhenger av '{dependency}', som er intern; "
        "offentlige visninger sier bare at den avhenger av noe internt",
    },
    # ------------------------------------------------------------ YAML
    "yaml.merge_key": {
        "en": "YAML merge keys ('<<') are not supported; write the keys out",
        "nb": "YAML-flettenøkler ('<<') støttes ikke; skriv nøklene ut",
    },
    "yaml.key_not_plain": {
        "en": "a key must be a plain name, not a list or mapping",
        "nb": "en nøkkel må være et vanlig navn, ikke en liste eller en blokk",
    },
    "yaml.key_twice": {
        "en": "key '{key}' is written twice in the same block (first at line {line}); "
        "YAML would silently keep only the last one",
        "nb": "nøkkelen '{key}' står to ganger i samme blokk (første gang på linje {line}); "
        "vanlige YAML-lesere ville bare beholdt den siste, uten å si fra",
    },
    "yaml.tag": {
        "en": "YAML tag '{tag}' is not allowed: a roadmap holds only plain text, numbers, dates, "
        "lists and mappings",
        "nb": "YAML-merket '{tag}' er ikke tillatt: et veikart inneholder bare vanlig tekst, tall, "
        "datoer, lister og blokker",
    },
    "yaml.cannot_stand": {"en": "a {kind} cannot stand here", "nb": "en {kind} kan ikke stå her"},
    "yaml.control_char": {
        "en": "an invisible character ({name}, U+{code}) is here; delete it: it cannot be part of a roadmap "
        "(it often comes with text copied from another program)",
        "nb": "her står et usynlig tegn ({name}, U+{code}); slett det: det kan ikke være med i et veikart "
        "(det følger ofte med tekst som er kopiert fra et annet program)",
    },
    "yaml.control_char.unnamed": {"en": "a control character", "nb": "et kontrolltegn"},
    "yaml.control_more": {
        "en": "{count} more invisible characters in this file (only the first {shown} are listed); "
        "delete them all",
        "nb": "{count} usynlige tegn til i denne filen (bare de {shown} første er listet opp); slett alle",
    },
    "yaml.too_deep": {
        "en": "the data is nested more than {depth} levels deep here (lists or blocks inside each other); "
        "a roadmap never needs that: check for a '[' or '{{' that is not closed",
        "nb": "dataene er nøstet mer enn {depth} nivåer dypt her (lister eller blokker inni hverandre); "
        "det trenger et veikart aldri: se etter en '[' eller '{{' som ikke er lukket",
    },
    "yaml.alias_bomb": {
        "en": "the file expands to more than {count} values through YAML aliases (*name); "
        "write the values out instead",
        "nb": "filen blir til mer enn {count} verdier gjennom YAML-aliaser (*navn); skriv verdiene ut i stedet",
    },
    "yaml.unreadable": {"en": "the YAML cannot be read: {detail}", "nb": "YAML-en kan ikke leses: {detail}"},
    "syntax.odd_break": {
        "en": "an invisible line break ({name}) is here; YAML reads it as the end of the line, so what "
        "follows no longer fits: delete it (it often comes with text copied from a document)",
        "nb": "her står et usynlig linjeskift ({name}); YAML leser det som slutten på linjen, så det som "
        "kommer etter, passer ikke lenger: slett det (det følger ofte med tekst som er kopiert fra et dokument)",
    },
    "syntax.tab": {
        "en": "a tab character is not allowed here: indent YAML with spaces, not tabs",
        "nb": "tabulatortegn er ikke tillatt her: rykk inn YAML med mellomrom, ikke med tabulator",
    },
    "syntax.two_documents": {
        "en": "the file holds more than one YAML document ('---'); keep one per file",
        "nb": "filen inneholder mer enn ett YAML-dokument ('---'); ha bare ett i hver fil",
    },
    "syntax.colon": {
        "en": "a ':' followed by a space cannot stand here: put the whole text in quotes, "
        "or check the indentation",
        "nb": "et kolon med mellomrom etter (': ') kan ikke stå her: sett hele teksten i anførselstegn, "
        "eller sjekk innrykket",
    },
    "syntax.missing_colon": {
        "en": "this line is missing ':' after its key, or the indentation is off",
        "nb": "denne linjen mangler ':' etter nøkkelen, eller innrykket er feil",
    },
    "syntax.indentation": {
        "en": "the indentation is off here: the keys of one entry, and the '- ' items of one list, "
        "must start in the same column",
        "nb": "innrykket er feil her: nøklene i én oppføring, og '- '-punktene i én liste, "
        "må begynne i samme kolonne",
    },
    "syntax.undefined_alias": {
        "en": "a value starting with '*' refers to an anchor '&name' that is not defined; "
        "put text starting with '*' in quotes",
        "nb": "en verdi som begynner med '*', viser til et anker '&navn' som ikke finnes; "
        "sett tekst som begynner med '*', i anførselstegn",
    },
    "syntax.unclosed_list": {
        "en": "the list opened with '[' here is not closed with ']', or an item in it lacks a ',' before it",
        "nb": "listen som åpnes med '[' her, lukkes ikke med ']', eller et punkt i den mangler ',' foran seg",
    },
    "syntax.unclosed_block": {
        "en": "the block opened with '{{' here is not closed with '}}', or an entry in it lacks a ',' "
        "before it",
        "nb": "blokken som åpnes med '{{' her, lukkes ikke med '}}', eller en oppføring i den mangler ',' "
        "foran seg",
    },
    "syntax.unclosed_quote": {
        "en": "the quote opened here is never closed",
        "nb": "anførselstegnet som åpnes her, blir aldri lukket",
    },
    "syntax.escape": {
        "en": "inside double quotes a backslash starts an escape such as \\n; write \\\\ for a backslash, "
        "or use single quotes",
        "nb": "inni doble anførselstegn starter en omvendt skråstrek en kode som \\n; skriv \\\\ for en "
        "omvendt skråstrek, eller bruk enkle anførselstegn",
    },
    "syntax.bad_start": {
        "en": "a value cannot start with {char} in YAML; put the whole text in quotes",
        "nb": "en verdi kan ikke begynne med {char} i YAML; sett hele teksten i anførselstegn",
    },
    "syntax.bad_start_unknown": {
        "en": "this character cannot start a value in YAML; put the whole text in quotes",
        "nb": "dette tegnet kan ikke begynne en verdi i YAML; sett hele teksten i anførselstegn",
    },
    "syntax.alias_or_anchor": {
        "en": "a value starting with '*' or '&' is read as a YAML alias or anchor; "
        "put the whole text in quotes",
        "nb": "en verdi som begynner med '*' eller '&', leses som et YAML-alias eller -anker; "
        "sett hele teksten i anførselstegn",
    },
    "syntax.other": {
        "en": "the YAML cannot be read here; check the quotes, brackets and indentation "
        "(the reader says: {words})",
        "nb": "YAML-en kan ikke leses her; sjekk anførselstegn, klammer og innrykk (leseren sier: {words})",
    },
    # ------------------------------------------------------------ `veikart validate`'s summary
    "summary": {
        "en": "{path}: {verdict}{strict}: {errors}, {warnings}{size}",
        "nb": "{path}: {verdict}{strict}: {errors}, {warnings}{size}",
    },
    "summary.valid": {"en": "valid", "nb": "gyldig"},
    "summary.not_valid": {"en": "not valid", "nb": "ikke gyldig"},
    "summary.strict": {
        "en": " (--strict: warnings count as errors)",
        "nb": " (--strict: advarsler teller som feil)",
    },
    "summary.errors.one": {"en": "1 error", "nb": "1 feil"},
    "summary.errors.other": {"en": "{count} errors", "nb": "{count} feil"},
    "summary.warnings.one": {"en": "1 warning", "nb": "1 advarsel"},
    "summary.warnings.other": {"en": "{count} warnings", "nb": "{count} advarsler"},
    "summary.size": {"en": " ({services}, {deliverables})", "nb": " ({services}, {deliverables})"},
    "summary.services.one": {"en": "1 service", "nb": "1 tjeneste"},
    "summary.services.other": {"en": "{count} services", "nb": "{count} tjenester"},
    "summary.deliverables.one": {"en": "1 deliverable", "nb": "1 leveranse"},
    "summary.deliverables.other": {"en": "{count} deliverables", "nb": "{count} leveranser"},
}


# Characters that would break a problem's one line, or act on a terminal (ESC), if a
# message quoted them as written: C0/C1 controls, DEL, and Unicode line separators.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def printable(text: str) -> str:
    """Text safe to print on one line: invisible and line-breaking characters escaped."""
    if not _UNPRINTABLE.search(text):
        return text
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def shown(value: object) -> str:
    """A planner's value as a message quotes it: on one line, at most MAX_SHOWN characters."""
    text = printable(str(value))
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"


class Verbatim(str):
    """Text veikart composed itself (a list of known keys, a cycle of ids already shown):
    put into a message whole."""


def listing(words: Iterable[object], separator: str = ", ") -> Verbatim:
    """Words a message lists, each shown as a planner's value."""
    return Verbatim(separator.join(shown(w) for w in words))


def _render(key: str, params: Mapping[str, object], lang: Lang) -> str:
    texts = MESSAGES[key]
    template = texts.get(lang) or texts["en"]
    values = {
        name: value.render(lang)
        if isinstance(value, Msg)
        else value
        if isinstance(value, Verbatim)
        else shown(value)
        for name, value in params.items()
    }
    return template.format(**values)


class Msg(str):
    """A message: its English text, plus the key and values to say it in another language."""

    key: str
    params: dict[str, object]

    def __new__(cls, key: str, /, **params: object) -> Msg:
        self = super().__new__(cls, _render(key, params, "en"))
        self.key = key
        self.params = params
        return self

    def render(self, lang: Lang) -> str:
        return str.__str__(self) if lang == "en" else _render(self.key, self.params, lang)

    def __reduce__(self) -> tuple[object, ...]:  # pickles (gunicorn, multiprocessing) as a Msg
        return (_rebuild, (self.key, self.params))


def _rebuild(key: str, params: dict[str, object]) -> Msg:
    return Msg(key, **params)


def plural(key: str, count: int, /, **params: object) -> Msg:
    """`key.one` for 1, else `key.other`, with {count} filled in."""
    return Msg(f"{key}.{'one' if count == 1 else 'other'}", count=count, **params)


def render(message: str, lang: Lang = "en") -> str:
    """A message in `lang`: a `Msg` is said in that language, other text stays as it is."""
    return message.render(lang) if isinstance(message, Msg) else str(message)


__all__ = [
    "DEFAULT_LANG",
    "LANGS",
    "MESSAGES",
    "Lang",
    "Msg",
    "Verbatim",
    "listing",
    "plural",
    "printable",
    "render",
    "shown",
]
