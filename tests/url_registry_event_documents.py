"""URL registry entries for the pre-meeting pack, the sign-in sheet and the glossary (merged into
tests/url_registry.py)."""

from __future__ import annotations

from tests.url_registry_events import event_kw, walker_event
from tests.url_spec import OrgUrl
from withus.orgs.capabilities import Capability

PEOPLE = Capability.MANAGE_PEOPLE


def _term(world):
    from withus.events.models import GlossaryTerm

    term, _ = GlossaryTerm.unscoped.get_or_create(
        organisation=world.org_a, term="ROTL", defaults={"meaning": "Release on temporary licence"}
    )
    return term


def _term_kw(world) -> dict:
    return {"term_id": _term(world).pk}


def _pack_download(fmt: str, ext: str):
    def params(world) -> dict:
        return {"pk": walker_event(world).pk, "fmt": fmt, "ext": ext}

    return params


URLS: dict = {
    "events:pack": OrgUrl(PEOPLE, event_kw),
    "events:pack_download": OrgUrl(PEOPLE, _pack_download("easy-read", "docx")),
    "events:sign_in_sheet": OrgUrl(PEOPLE, event_kw),
    "events:glossary": OrgUrl(PEOPLE),
    "events:glossary_add": OrgUrl(PEOPLE),
    "events:glossary_edit": OrgUrl(PEOPLE, _term_kw),
    "events:glossary_delete": OrgUrl(PEOPLE, _term_kw, "post", 302),
}
