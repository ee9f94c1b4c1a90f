"""URL registry entries for the policies area (merged into tests/url_registry.py)."""

from __future__ import annotations

from tests.url_spec import OrgUrl
from withus.orgs.capabilities import Capability  # noqa: F401

URLS: dict[str, OrgUrl] = {}
