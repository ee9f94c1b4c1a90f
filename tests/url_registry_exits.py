"""URL registry entries for the exits area (merged into tests/url_registry.py)."""

from __future__ import annotations

from tests.url_spec import OrgUrl
from withus.orgs.capabilities import Capability

PEOPLE = Capability.MANAGE_PEOPLE
SAFEGUARDING = Capability.MANAGE_SAFEGUARDING


def _person_kw(world) -> dict:
    from tests.exits.builders import walker_person

    return {"participant_id": walker_person(world).pk}


def _letter_kw(world) -> dict:
    from tests.exits.builders import walker_letter

    version = walker_letter(world)
    return {"participant_id": version.participant_id, "number": version.number}


def _download_kw(world) -> dict:
    return {**_letter_kw(world), "ext": "docx"}


def _request_kw(world) -> dict:
    from tests.exits.builders import walker_request

    asked = walker_request(world)
    return {"participant_id": asked.participant_id, "request_id": asked.pk}


def _entry_kw(world) -> dict:
    from tests.exits.builders import walker_entry

    return {"pk": walker_entry(world).pk}


def _concern_kw(world) -> dict:
    from tests.exits.builders import walker_concern

    return {"pk": walker_concern(world).pk}


URLS: dict[str, OrgUrl] = {
    "exits:index": OrgUrl(PEOPLE),
    # No person chosen: back to the list with a message.
    "exits:choose": OrgUrl(PEOPLE, ok_status=302),
    "exits:person": OrgUrl(PEOPLE, _person_kw),
    "exits:exit_edit": OrgUrl(PEOPLE, _person_kw),
    "exits:letter_edit": OrgUrl(PEOPLE, _person_kw),
    "exits:letter_version": OrgUrl(PEOPLE, _letter_kw),
    # The walker's letter is unsigned and has no signer: a message, back to the letter.
    "exits:letter_sign": OrgUrl(PEOPLE, _letter_kw, method="post", ok_status=302),
    "exits:letter_download": OrgUrl(PEOPLE, _download_kw),
    "exits:request_done": OrgUrl(PEOPLE, _request_kw, method="post", ok_status=302),
    "exits:directory": OrgUrl(PEOPLE),
    "exits:directory_seed": OrgUrl(PEOPLE, method="post", ok_status=302),
    "exits:directory_add": OrgUrl(PEOPLE),
    "exits:directory_edit": OrgUrl(PEOPLE, _entry_kw),
    # The safeguarding log: only the safeguarding capability (others 403, other org 404).
    "exits:concerns": OrgUrl(SAFEGUARDING),
    "exits:concern_add": OrgUrl(SAFEGUARDING),
    "exits:concern": OrgUrl(SAFEGUARDING, _concern_kw),
    "exits:concern_edit": OrgUrl(SAFEGUARDING, _concern_kw),
}
