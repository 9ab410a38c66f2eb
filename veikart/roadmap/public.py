"""The roadmap as it may be shown outside the organisation.

`public_roadmap` removes everything the contract keeps out of public outputs: internal
services with all their deliverables, internal deliverables, internal risks and every
planner's `note`. Views then need no rule of their own: given the public roadmap, a page,
a callback response, a count, a search or an export cannot show what is not there.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable, Mapping

from veikart.roadmap.model import Citing, Deliverable, Roadmap

PUBLIC_ENV = "VEIKART_PUBLIC"
"""The environment variable that asks every command for public outputs (`=1`)."""
_TRUE = frozenset({"1", "true", "yes", "on"})


def public_setting(flag: bool | None = None, environ: Mapping[str, str] | None = None) -> bool:
    """Whether to produce public outputs: `--public` (`flag`), or `VEIKART_PUBLIC` set to
    1, true, yes or on (any case).

    Either one is enough, and nothing turns a set variable off: a machine configured to
    publish stays public whatever a command line says. `serve`, `build` and `export` all
    ask here, so they agree on what the variable means.
    """
    if flag:
        return True
    value = (os.environ if environ is None else environ).get(PUBLIC_ENV, "")
    return value.strip().lower() in _TRUE


def _cited(items: Iterable[Citing]) -> set[str]:
    return {source for item in items for source in item.sources}


def internal_deliverable_ids(roadmap: Roadmap) -> frozenset[str]:
    """Deliverables that are internal: by their own flag or their service's."""
    internal_services = {s.id for s in roadmap.services if s.internal}
    return frozenset(d.id for d in roadmap.deliverables if d.internal or d.service in internal_services)


def public_roadmap(roadmap: Roadmap) -> Roadmap:
    """The roadmap without internal items and without notes.

    A public deliverable keeps only its public dependencies; how many internal ones were
    removed is kept in `Deliverable.depends_on_internal`, so a view can say that it
    depends on something internal without naming it. A risk's `affects` keeps only public
    services and deliverables. A source cited only by removed items goes too (its title
    would tell of internal work); a source nobody cites stays, as written.
    """
    hidden = internal_deliverable_ids(roadmap)
    services = tuple(dataclasses.replace(s, note=None) for s in roadmap.services if not s.internal)
    deliverables = tuple(_public_deliverable(d, hidden) for d in roadmap.deliverables if d.id not in hidden)
    public_ids = {s.id for s in services} | {d.id for d in deliverables}
    risks = tuple(
        dataclasses.replace(r, note=None, affects=tuple(a for a in r.affects if a in public_ids))
        for r in roadmap.risks
        if not r.internal
    )
    phases = tuple(dataclasses.replace(p, note=None) for p in roadmap.phases)
    cited_by_public = _cited((*phases, *services, *deliverables, *risks))
    cited_by_hidden = _cited((*roadmap.services, *roadmap.deliverables, *roadmap.risks)) - cited_by_public
    sources = tuple(s for s in roadmap.sources if s.id not in cited_by_hidden)
    return dataclasses.replace(
        roadmap, phases=phases, services=services, deliverables=deliverables, risks=risks, sources=sources
    )


def _public_deliverable(deliverable: Deliverable, hidden: frozenset[str]) -> Deliverable:
    kept = tuple(d for d in deliverable.depends_on if d not in hidden)
    return dataclasses.replace(
        deliverable,
        note=None,
        depends_on=kept,
        depends_on_internal=deliverable.depends_on_internal + len(deliverable.depends_on) - len(kept),
    )


__all__ = ["PUBLIC_ENV", "internal_deliverable_ids", "public_roadmap", "public_setting"]
