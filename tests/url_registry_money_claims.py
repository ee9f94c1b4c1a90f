"""URL registry entries for this area (merged into tests/url_registry.py)."""

from tests.url_spec import OrgUrl  # noqa: F401

URLS: dict = {}
