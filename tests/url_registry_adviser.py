"""URL registry entries for the adviser area (merged into tests/url_registry.py)."""

from __future__ import annotations

from tests.url_spec import OrgUrl
from withus.orgs.capabilities import Capability

URLS: dict[str, OrgUrl] = {
    "adviser:home": OrgUrl(Capability.VIEW_REPORTS),
}
