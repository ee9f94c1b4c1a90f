"""The shape of a participant portal registry entry (tests/portal/registry.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class PortalUrl:
    # Builds the URL kwargs from objects that belong to `owner` (a Participant in world.org_a).
    # None: the URL names no object.
    params: Callable | None = None
    method: str = "get"
    # POST data for the owner's request (a dict or a function of (world, owner)).
    data: Callable | dict = field(default_factory=dict)
    # Statuses that count as success for the owner.
    ok: tuple[int, ...] = (200,)
    # Text the owner's page shows that nobody else's may (for pages naming no object).
    private: str = ""

    def kwargs(self, world, owner) -> dict:
        return self.params(world, owner) if self.params else {}

    def post_data(self, world, owner) -> dict:
        return self.data(world, owner) if callable(self.data) else dict(self.data)
