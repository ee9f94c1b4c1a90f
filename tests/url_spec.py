"""The shape of a URL registry entry (tests/url_registry.py and its per-area parts)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from withus.orgs.capabilities import Capability


@dataclass(frozen=True)
class OrgUrl:
    """A page under /o/<org_slug>/. `params` builds its other kwargs from org A's objects."""

    # None: any member of the organisation; a tuple: any one of those capabilities will do.
    capability: Capability | tuple[Capability, ...] | None = None
    params: Callable | None = None  # None: the URL names no object
    method: str = "get"
    ok_status: int = 200

    def kwargs(self, world) -> dict:
        return self.params(world) if self.params else {}
