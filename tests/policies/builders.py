"""Objects the policies tests and the URL walker share (all in the organisation given)."""

from __future__ import annotations

from django_scopes import scope


def walker_document(world):
    """A strategy in org A with one draft version (made once per test database)."""
    from withus.policies import services
    from withus.policies.models import PolicyDocument

    with scope(organisation=world.org_a):
        existing = PolicyDocument.objects.filter(kind=PolicyDocument.Kind.STRATEGY).first()
        return existing or services.document_create(
            organisation=world.org_a, kind=PolicyDocument.Kind.STRATEGY, actor=world.alice
        )


def walker_project(world):
    from withus.projects.models import Project

    project, _ = Project.unscoped.get_or_create(
        organisation=world.org_a, name="Walker welcome project"
    )
    return project


def walker_person(world):
    from withus.people.models import Participant

    person, _ = Participant.unscoped.get_or_create(
        organisation=world.org_a, preferred_name="Walker Welcome Person"
    )
    return person
