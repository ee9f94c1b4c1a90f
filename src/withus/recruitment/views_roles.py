"""Role descriptions and terms of reference: write them, read them, download them to hand out.

Objects come through the scoped managers, so another organisation's id answers 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from withus.forms import apply_errors
from withus.orgs.capabilities import Capability
from withus.orgs.permissions import capability_required
from withus.projects.models import Project
from withus.recruitment import documents, services_roles
from withus.recruitment.forms_roles import RoleDescriptionForm, TermsOfReferenceForm
from withus.recruitment.models import Opportunity, RoleDescription, TermsOfReference

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _role(pk) -> RoleDescription:
    return get_object_or_404(
        RoleDescription.objects.select_related("project", "project__lead", "organisation"), pk=pk
    )


def _terms(pk) -> TermsOfReference:
    return get_object_or_404(
        TermsOfReference.objects.select_related("project", "project__lead", "organisation"), pk=pk
    )


def _project_from_query(request) -> Project | None:
    """The project named by ?project=<id>, if it is one of the organisation's."""
    raw = request.GET.get("project", "")
    if not (raw.isascii() and raw.isdigit()):
        return None
    return Project.objects.filter(pk=int(raw)).first()


def _large(request) -> bool:
    return request.GET.get("large") == "1"


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _form_page(request, form, **context):
    return render(request, "recruitment/roles/form.html", {"form": form, **context})


@capability_required(Capability.MANAGE_PEOPLE)
def role_list(request, org_slug):
    return render(
        request,
        "recruitment/roles/list.html",
        {
            "roles": RoleDescription.objects.select_related("project"),
            "terms_list": TermsOfReference.objects.select_related("project"),
        },
    )


@capability_required(Capability.MANAGE_PEOPLE)
def role_add(request, org_slug):
    project = _project_from_query(request)
    form = RoleDescriptionForm(request.POST or None, initial={"project": project})
    if request.method == "POST" and form.is_valid():
        try:
            role = services_roles.role_create(
                organisation=request.organisation,
                data=form.cleaned_data,
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"The role description for {role.title} has been saved.")
            return redirect("recruitment:role_detail", org_slug=org_slug, pk=role.pk)
    return _form_page(
        request,
        form,
        kind="role",
        title="Write a role description",
        button="Save role description",
        project=project,
    )


@capability_required(Capability.MANAGE_PEOPLE)
def role_detail(request, org_slug, pk):
    role = _role(pk)
    return render(
        request,
        "recruitment/roles/role_detail.html",
        {
            "role": role,
            "sections": [(label, getattr(role, name)) for name, label in documents.ROLE_SECTIONS],
            "opportunities": Opportunity.objects.filter(role=role),
        },
    )


@capability_required(Capability.MANAGE_PEOPLE)
def role_edit(request, org_slug, pk):
    role = _role(pk)
    form = RoleDescriptionForm(request.POST or None, instance=role)
    if request.method == "POST" and form.is_valid():
        try:
            services_roles.role_update(
                role=role, data=form.cleaned_data, actor=request.user, request=request
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Role description saved.")
            return redirect("recruitment:role_detail", org_slug=org_slug, pk=pk)
    if request.method == "POST":  # the form wrote what was typed onto it: show the saved one
        role.refresh_from_db()
    return _form_page(
        request,
        form,
        kind="role",
        title="Change the role description",
        button="Save changes",
        role=role,
    )


@require_GET
@capability_required(Capability.MANAGE_PEOPLE)
def role_pdf(request, org_slug, pk):
    handout = documents.role_handout(_role(pk))
    large = _large(request)
    return _download(
        documents.to_pdf(handout, large=large), PDF, handout.filename("pdf", large=large)
    )


@require_GET
@capability_required(Capability.MANAGE_PEOPLE)
def role_docx(request, org_slug, pk):
    handout = documents.role_handout(_role(pk))
    large = _large(request)
    return _download(
        documents.to_docx(handout, large=large), DOCX, handout.filename("docx", large=large)
    )


@capability_required(Capability.MANAGE_PEOPLE)
def terms_add(request, org_slug):
    project = _project_from_query(request)
    form = TermsOfReferenceForm(request.POST or None, initial={"project": project})
    if request.method == "POST" and form.is_valid():
        try:
            terms = services_roles.terms_create(
                organisation=request.organisation,
                data=form.cleaned_data,
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, f"The terms of reference for {terms.group_name} have been saved."
            )
            return redirect("recruitment:terms_detail", org_slug=org_slug, pk=terms.pk)
    return _form_page(
        request,
        form,
        kind="terms",
        title="Write terms of reference for a group",
        button="Save terms of reference",
        project=project,
    )


@capability_required(Capability.MANAGE_PEOPLE)
def terms_detail(request, org_slug, pk):
    terms = _terms(pk)
    return render(
        request,
        "recruitment/roles/terms_detail.html",
        {
            "terms": terms,
            "sections": [(label, getattr(terms, name)) for name, label in documents.TERMS_SECTIONS],
        },
    )


@capability_required(Capability.MANAGE_PEOPLE)
def terms_edit(request, org_slug, pk):
    terms = _terms(pk)
    form = TermsOfReferenceForm(request.POST or None, instance=terms)
    if request.method == "POST" and form.is_valid():
        try:
            services_roles.terms_update(
                terms=terms, data=form.cleaned_data, actor=request.user, request=request
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Terms of reference saved.")
            return redirect("recruitment:terms_detail", org_slug=org_slug, pk=pk)
    if request.method == "POST":  # the form wrote what was typed onto it: show the saved one
        terms.refresh_from_db()
    return _form_page(
        request,
        form,
        kind="terms",
        title="Change the terms of reference",
        button="Save changes",
        terms=terms,
    )


@require_GET
@capability_required(Capability.MANAGE_PEOPLE)
def terms_pdf(request, org_slug, pk):
    handout = documents.terms_handout(_terms(pk))
    large = _large(request)
    return _download(
        documents.to_pdf(handout, large=large), PDF, handout.filename("pdf", large=large)
    )


@require_GET
@capability_required(Capability.MANAGE_PEOPLE)
def terms_docx(request, org_slug, pk):
    handout = documents.terms_handout(_terms(pk))
    large = _large(request)
    return _download(
        documents.to_docx(handout, large=large), DOCX, handout.filename("docx", large=large)
    )
