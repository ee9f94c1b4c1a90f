"""URL registry entries for the assessment area (merged into tests/url_registry.py)."""

from __future__ import annotations

from tests.url_spec import OrgUrl
from withus.orgs.capabilities import Capability

VIEW = Capability.VIEW_REPORTS
EDIT = Capability.MANAGE_PEOPLE


def walker_round(world):
    """One self-assessment in org A (made once per test database)."""
    from tests.assessment.builders import make_round
    from withus.assessment.models import Assessment

    found = Assessment.unscoped.filter(organisation=world.org_a, title="Walker round").first()
    if found:
        return found
    assessment = make_round(world.org_a, actor=world.alice)
    Assessment.unscoped.filter(pk=assessment.pk).update(title="Walker round")
    return assessment


def _round_kw(world) -> dict:
    return {"pk": walker_round(world).pk}


def _rate_kw(world) -> dict:
    return {"pk": walker_round(world).pk, "piece": "culture"}


def _action_kw(world) -> dict:
    from tests.assessment.builders import make_action
    from withus.assessment.models import ActionItem

    found = ActionItem.unscoped.filter(organisation=world.org_a, title="Walker action").first()
    return {
        "item_id": (found or make_action(world.org_a, actor=world.alice, title="Walker action")).pk
    }


def _statement_kw(world) -> dict:
    from withus.assessment.models import Statement

    walker_round(world)  # seeds the statements
    return {"item_id": Statement.unscoped.filter(organisation=world.org_a).first().pk}


URLS: dict[str, OrgUrl] = {
    "assessment:index": OrgUrl(VIEW),
    "assessment:chart_jigsaw": OrgUrl(VIEW),
    "assessment:chart_ladder": OrgUrl(VIEW),
    "assessment:list": OrgUrl(VIEW),
    "assessment:start": OrgUrl(EDIT),
    "assessment:detail": OrgUrl(VIEW, _round_kw),
    "assessment:edit": OrgUrl(EDIT, _round_kw),
    "assessment:rate": OrgUrl(EDIT, _rate_kw),
    "assessment:ladder": OrgUrl(EDIT, _round_kw),
    "assessment:projects": OrgUrl(EDIT, _round_kw),
    # Unfinished (nothing rated): redirects back to the round with the reasons.
    "assessment:finish": OrgUrl(EDIT, _round_kw, "post", 302),
    "assessment:actions": OrgUrl(VIEW),
    "assessment:action_add": OrgUrl(EDIT),
    "assessment:action_edit": OrgUrl(EDIT, _action_kw),
    "assessment:statements": OrgUrl(VIEW),
    "assessment:statement_add": OrgUrl(EDIT),
    "assessment:statement_edit": OrgUrl(EDIT, _statement_kw),
}
