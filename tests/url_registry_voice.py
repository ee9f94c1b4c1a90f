"""URL registry entries for the voice area (merged into tests/url_registry.py)."""

from __future__ import annotations

from tests.url_spec import OrgUrl
from withus.orgs.capabilities import Capability

PEOPLE = Capability.MANAGE_PEOPLE
REPORTS = Capability.VIEW_REPORTS

URLS: dict[str, OrgUrl] = {}

# URLs outside any organisation (for example a personal survey link), with the reason.
EXEMPT: dict[str, str] = {}
