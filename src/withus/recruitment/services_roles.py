"""Writing role descriptions and terms of reference. Every change is audited."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models, transaction

from withus.audit.services import diff_fields, log_action
from withus.recruitment.models import RoleDescription, TermsOfReference


def _apply(instance: models.Model, data: dict) -> None:
    organisation_id = instance.organisation_id
    for field, value in data.items():
        setattr(instance, field, value)
    project = data.get("project")
    if project is not None and project.organisation_id != organisation_id:
        # The form only offers the organisation's own projects; this guards other callers.
        raise ValidationError({"project": "Choose a project from the list"})
    instance.full_clean()


def _attnames(model: type[models.Model], data: dict) -> list[str]:
    """Column names for the audit diff: a foreign key is compared by its id."""
    return [model._meta.get_field(name).attname for name in data]


def _save_new(instance: models.Model, data: dict, *, action: str, summary: str, actor, request):
    _apply(instance, data)
    instance.save()
    log_action(
        organisation=instance.organisation,
        actor=actor,
        action=action,
        target=instance,
        summary=summary,
        request=request,
    )
    return instance


def _save_changes(instance: models.Model, data: dict, *, action: str, summary: str, actor, request):
    fields = _attnames(type(instance), data)
    before = type(instance).unscoped.filter(pk=instance.pk).values(*fields).get()
    _apply(instance, data)
    instance.save()
    changes = diff_fields(instance, before, fields)
    if changes:
        log_action(
            organisation=instance.organisation,
            actor=actor,
            action=action,
            target=instance,
            summary=summary,
            changes=changes,
            request=request,
        )
    return instance


@transaction.atomic
def role_create(*, organisation, data: dict, actor, request=None) -> RoleDescription:
    role = RoleDescription(organisation=organisation)
    return _save_new(
        role,
        data,
        action="role.create",
        summary=f"Wrote the role description {data.get('title', '')}",
        actor=actor,
        request=request,
    )


@transaction.atomic
def role_update(*, role: RoleDescription, data: dict, actor, request=None) -> RoleDescription:
    return _save_changes(
        role,
        data,
        action="role.update",
        summary=f"Changed the role description {data.get('title', role.title)}",
        actor=actor,
        request=request,
    )


@transaction.atomic
def terms_create(*, organisation, data: dict, actor, request=None) -> TermsOfReference:
    terms = TermsOfReference(organisation=organisation)
    return _save_new(
        terms,
        data,
        action="terms.create",
        summary=f"Wrote terms of reference for {data.get('group_name', '')}",
        actor=actor,
        request=request,
    )


@transaction.atomic
def terms_update(*, terms: TermsOfReference, data: dict, actor, request=None) -> TermsOfReference:
    return _save_changes(
        terms,
        data,
        action="terms.update",
        summary=f"Changed the terms of reference for {data.get('group_name', terms.group_name)}",
        actor=actor,
        request=request,
    )
