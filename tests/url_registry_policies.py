"""URL registry entries for the policies area (merged into tests/url_registry.py)."""

from __future__ import annotations

from tests.url_spec import OrgUrl
from withus.orgs.capabilities import Capability

PEOPLE = Capability.MANAGE_PEOPLE
REPORTS = Capability.VIEW_REPORTS


def _document_kw(world) -> dict:
    from tests.policies.builders import walker_document

    return {"pk": walker_document(world).pk}


def _version_kw(world) -> dict:
    return {**_document_kw(world), "number": 1}


def _download_kw(world) -> dict:
    return {**_version_kw(world), "fmt": "standard", "ext": "docx"}


def _welcome_kw(world) -> dict:
    from tests.policies.builders import walker_person, walker_project

    return {
        "project_id": walker_project(world).pk,
        "participant_id": walker_person(world).pk,
        "fmt": "easy-read",
        "ext": "docx",
    }


URLS: dict[str, OrgUrl] = {
    "policies:index": OrgUrl(REPORTS),
    # An empty form: the page comes back with its errors.
    "policies:start": OrgUrl(PEOPLE, method="post", ok_status=400),
    "policies:detail": OrgUrl(REPORTS, _document_kw),
    "policies:edit": OrgUrl(PEOPLE, _document_kw),
    "policies:version": OrgUrl(REPORTS, _version_kw),
    "policies:approve": OrgUrl(Capability.ADMIN, _version_kw, method="post", ok_status=302),
    "policies:version_download": OrgUrl(REPORTS, _download_kw),
    "policies:welcome": OrgUrl(PEOPLE),
    "policies:welcome_download": OrgUrl(PEOPLE, _welcome_kw),
}
