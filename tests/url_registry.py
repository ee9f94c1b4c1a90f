"""Every URL pattern in withus, with how to fill its parameters and who may use it.

The walker (tests/test_url_walker.py) fails the build when a URL is neither registered here nor
listed as exempt, so a new page cannot ship without its access rules being tested.
"""

from __future__ import annotations

from tests import (  # noqa: I001 (each area's entries, merged below)
    url_registry_adviser,
    url_registry_assessment,
    url_registry_calendar,
    url_registry_concerns,
    url_registry_event_documents,
    url_registry_events,
    url_registry_exits,
    url_registry_messaging,
    url_registry_money_batches,
    url_registry_money_claims,
    url_registry_money_core,
    url_registry_money_reports,
    url_registry_policies,
    url_registry_portal,
    url_registry_reports,
    url_registry_support,
    url_registry_surveys,
    url_registry_voice,
)
from tests.portal.registry import PORTAL_EXEMPT, PORTAL_URLS
from tests.url_spec import OrgUrl
from withus.orgs.capabilities import Capability
from withus.orgs.models import Invitation, Membership

PARTS = [
    url_registry_events,
    url_registry_event_documents,
    url_registry_calendar,
    url_registry_messaging,
    url_registry_money_core,
    url_registry_money_claims,
    url_registry_money_batches,
    url_registry_money_reports,
    url_registry_voice,
    url_registry_surveys,
    url_registry_reports,
    url_registry_portal,
    url_registry_concerns,
    url_registry_assessment,
    url_registry_adviser,
    url_registry_policies,
    url_registry_support,
    url_registry_exits,
]


def _membership_of_bob(world):
    return {"membership_id": Membership.of_user.get(user=world.bob, organisation=world.org_a).pk}


def _open_invitation(world):
    from datetime import timedelta

    from django.utils import timezone

    invitation = Invitation.unscoped.create(
        organisation=world.org_a,
        email="walker-invite@a.example",
        role="viewer",
        token_hash=f"walker-{Invitation.unscoped.count()}",
        expires_at=timezone.now() + timedelta(days=3),
    )
    return {"invitation_id": invitation.pk}


def _person(world):
    from withus.people.models import Participant

    person, _ = Participant.unscoped.get_or_create(
        organisation=world.org_a, preferred_name="Walker Person"
    )
    return person


def _participant(world):
    return {"pk": _person(world).pk}


def _participant_with_bank_details(world):
    from withus.people.models import BankDetails

    person = _person(world)
    BankDetails.unscoped.get_or_create(
        organisation=world.org_a,
        participant=person,
        defaults={
            "account_name_encrypted": "",
            "sort_code_encrypted": "",
            "account_number_encrypted": "",
        },
    )
    return {"pk": person.pk}


def _restriction(world):
    from withus.people.models import Restriction

    person = _person(world)
    restriction = Restriction.unscoped.create(
        organisation=world.org_a, participant=person, kind="other", meaning="Walker test"
    )
    return {"pk": person.pk, "restriction_id": restriction.pk}


def _import_batch(world):
    from withus.people.models import ImportBatch

    batch = ImportBatch.unscoped.create(organisation=world.org_a, filename="walker.csv")
    return {"batch_id": batch.pk}


def _project(world):
    from withus.projects.models import Project

    project, _ = Project.unscoped.get_or_create(organisation=world.org_a, name="Walker project")
    return project


def _project_kw(world):
    return {"pk": _project(world).pk}


def _project_item(model_name, **fields):
    def make(world):
        from django.apps import apps

        model = apps.get_model("projects", model_name)
        project = _project(world)
        item = model.unscoped.create(organisation=world.org_a, project=project, **fields)
        return {"pk": project.pk, "item_id": item.pk}

    return make


def _role(world):
    from withus.recruitment.models import RoleDescription

    role, _ = RoleDescription.unscoped.get_or_create(
        organisation=world.org_a, title="Walker role", defaults={"summary": "A role"}
    )
    return role


def _role_kw(world):
    return {"pk": _role(world).pk}


def _terms_kw(world):
    from withus.recruitment.models import TermsOfReference

    terms, _ = TermsOfReference.unscoped.get_or_create(
        organisation=world.org_a, group_name="Walker forum", defaults={"purpose": "To meet"}
    )
    return {"pk": terms.pk}


def _opportunity(world):
    from withus.recruitment.models import Opportunity

    opportunity, _ = Opportunity.unscoped.get_or_create(
        organisation=world.org_a, title="Walker opportunity", defaults={"role": _role(world)}
    )
    return opportunity


def _opportunity_kw(world):
    return {"pk": _opportunity(world).pk}


def _candidate_kw(world):
    from withus.recruitment.models import Candidate

    opportunity = _opportunity(world)
    candidate, _ = Candidate.unscoped.get_or_create(
        organisation=world.org_a,
        opportunity=opportunity,
        participant=_person(world),
        defaults={"channel": "poster"},
    )
    return {"pk": opportunity.pk, "candidate_id": candidate.pk}


PEOPLE = Capability.MANAGE_PEOPLE
REPORTS = Capability.VIEW_REPORTS
SENSITIVE = Capability.VIEW_SENSITIVE

ORG_URLS: dict[str, OrgUrl] = {
    "orgs:dashboard": OrgUrl(),
    "orgs:staff": OrgUrl(Capability.ADMIN),
    "orgs:invite": OrgUrl(Capability.ADMIN),
    "orgs:change_role": OrgUrl(Capability.ADMIN, _membership_of_bob),
    "orgs:remove_member": OrgUrl(Capability.ADMIN, _membership_of_bob),
    "orgs:cancel_invitation": OrgUrl(Capability.ADMIN, _open_invitation, "post", 302),
    "orgs:settings": OrgUrl(Capability.ADMIN),
    "orgs:improve": OrgUrl(REPORTS),
    "audit:events": OrgUrl(Capability.ADMIN),
    "people:list": OrgUrl(PEOPLE),
    "people:add": OrgUrl(PEOPLE),
    "people:detail": OrgUrl(PEOPLE, _participant),
    "people:edit_details": OrgUrl(PEOPLE, _participant),
    "people:edit_involvement": OrgUrl(PEOPLE, _participant),
    "people:edit_access": OrgUrl(PEOPLE, _participant),
    "people:edit_communication": OrgUrl(PEOPLE, _participant),
    "people:edit_payment": OrgUrl(PEOPLE, _participant),
    "people:edit_bank": OrgUrl(PEOPLE, _participant),
    "people:view_bank": OrgUrl(Capability.APPROVE_PAYMENTS, _participant_with_bank_details),
    "people:status": OrgUrl(PEOPLE, _participant),
    "people:consent": OrgUrl(PEOPLE, _participant),
    "people:benefits": OrgUrl(SENSITIVE, _participant),
    "people:equality": OrgUrl(SENSITIVE, _participant),
    "people:restrictions": OrgUrl(SENSITIVE, _participant),
    "people:restriction_add": OrgUrl(Capability.MANAGE_SAFEGUARDING, _participant),
    "people:restriction_end": OrgUrl(Capability.MANAGE_SAFEGUARDING, _restriction, "post", 302),
    "people:export": OrgUrl(Capability.EXPORT),
    "people:import": OrgUrl(PEOPLE),
    "people:import_preview": OrgUrl(PEOPLE, _import_batch),
    "people:retention": OrgUrl(Capability.ADMIN),
    "people:subject_access": OrgUrl(Capability.ADMIN, _participant),
    "people:subject_access_json": OrgUrl(Capability.ADMIN, _participant),
    "people:subject_access_pdf": OrgUrl(Capability.ADMIN, _participant),
    "people:erase": OrgUrl(Capability.ADMIN, _participant),
    "projects:list": OrgUrl(REPORTS),
    "projects:add": OrgUrl(PEOPLE),
    "projects:ladder": OrgUrl(Capability.ADMIN),
    "projects:detail": OrgUrl(REPORTS, _project_kw),
    "projects:edit": OrgUrl(PEOPLE, _project_kw),
    "projects:outcome_add": OrgUrl(PEOPLE, _project_kw),
    "projects:outcome_edit": OrgUrl(PEOPLE, _project_item("Outcome", description="O", target=3)),
    "projects:task_add": OrgUrl(PEOPLE, _project_kw),
    "projects:task_edit": OrgUrl(PEOPLE, _project_item("Task", title="T")),
    "projects:task_matches": OrgUrl(PEOPLE, _project_item("Task", title="T", skills_needed="IT")),
    "projects:budget_add": OrgUrl(PEOPLE, _project_kw),
    "projects:budget_edit": OrgUrl(
        PEOPLE, _project_item("BudgetLine", category="venue", description="Room", unit_cost=50)
    ),
    "projects:budget_xlsx": OrgUrl(Capability.EXPORT, _project_kw),
    "projects:risk_add": OrgUrl(PEOPLE, _project_kw),
    "projects:risk_edit": OrgUrl(
        PEOPLE, _project_item("Risk", description="R", likelihood=1, impact=1, mitigation="M")
    ),
    "projects:risks_common": OrgUrl(PEOPLE, _project_kw, "post", 302),
    "recruitment:roles": OrgUrl(PEOPLE),
    "recruitment:role_add": OrgUrl(PEOPLE),
    "recruitment:role_detail": OrgUrl(PEOPLE, _role_kw),
    "recruitment:role_edit": OrgUrl(PEOPLE, _role_kw),
    "recruitment:role_pdf": OrgUrl(PEOPLE, _role_kw),
    "recruitment:role_docx": OrgUrl(PEOPLE, _role_kw),
    "recruitment:terms_add": OrgUrl(PEOPLE),
    "recruitment:terms_detail": OrgUrl(PEOPLE, _terms_kw),
    "recruitment:terms_edit": OrgUrl(PEOPLE, _terms_kw),
    "recruitment:terms_pdf": OrgUrl(PEOPLE, _terms_kw),
    "recruitment:terms_docx": OrgUrl(PEOPLE, _terms_kw),
    "recruitment:opportunities": OrgUrl(PEOPLE),
    "recruitment:opportunity_add": OrgUrl(PEOPLE),
    "recruitment:opportunity_detail": OrgUrl(PEOPLE, _opportunity_kw),
    "recruitment:candidate_add": OrgUrl(PEOPLE, _opportunity_kw),
    "recruitment:candidate_stage": OrgUrl(PEOPLE, _candidate_kw),
    "recruitment:matches": OrgUrl(PEOPLE, _opportunity_kw),
    "recruitment:opportunity_status": OrgUrl(PEOPLE, _opportunity_kw, "post", 302),
    "recruitment:funnel": OrgUrl(REPORTS),
}

# Later areas keep their entries in their own modules (tests/url_registry_<area>.py).
for _part in PARTS:
    ORG_URLS.update(_part.URLS)

# URLs outside any organisation, with the reason they need no organisation check.
EXEMPT: dict[str, str] = {
    "home": "redirects to the person's own organisation (tests/orgs/test_routing.py)",
    "healthz": "public health check, no data",
    "pages:accessibility": "public page",
    "pages:privacy": "public page",
    "you": "the signed-in person's own account (tested in tests/orgs/test_routing.py)",
    "orgs:choose": "lists only the signed-in person's memberships (tests/orgs/test_routing.py)",
    "orgs:invitation_accept": "reached by secret token (tested in tests/orgs/test_staff.py)",
}
for _part in PARTS:
    EXEMPT.update(getattr(_part, "EXEMPT", {}))
# Participant portal pages (/p/…) have their own walker: tests/portal/test_portal_walker.py.
EXEMPT.update({name: "participant portal walker" for name in PORTAL_URLS})
EXEMPT.update(PORTAL_EXEMPT)
# Whole families of URLs provided by libraries, each about the signed-in person's own account.
EXEMPT_PREFIXES: dict[str, str] = {
    "account_": "django-allauth sign-in, sign-out, password and email pages",
    "mfa_": "django-allauth second sign-in step pages",
    "admin:": "Django admin, for server operators only (is_staff), not organisation users",
    "<unnamed admin/": "Django admin's own redirects",
}
