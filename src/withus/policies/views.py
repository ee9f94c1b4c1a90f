"""Strategy and policy documents, and welcome packs: thin views over services, selectors,
render and welcome."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from withus.audit.services import log_action
from withus.documents import download
from withus.events.pack import EXTENSIONS, FORMATS
from withus.forms import MAX_ID, apply_errors, search_text
from withus.messaging.reminders import local_today
from withus.orgs.capabilities import Capability
from withus.orgs.permissions import capability_required
from withus.people.models import Participant
from withus.policies import forms, rules, selectors, services, welcome
from withus.policies import render as documents
from withus.policies.models import PolicyDocument, PolicyVersion
from withus.projects.models import Project


def _document(pk: int) -> PolicyDocument:
    try:
        return selectors.document_detail(pk)
    except PolicyDocument.DoesNotExist:
        raise Http404("No such document.") from None


def _version(document: PolicyDocument, number: int) -> PolicyVersion:
    if number > MAX_ID:
        raise Http404("No such version.")
    try:
        return selectors.version_for_print(document, number)
    except PolicyVersion.DoesNotExist:
        raise Http404("No such version.") from None


@capability_required(Capability.VIEW_REPORTS)
def index(request, org_slug):
    docs = list(selectors.document_list())
    started = {d.kind for d in docs}
    can_edit = request.membership.has(Capability.MANAGE_PEOPLE)
    start_form = forms.StartForm(started=started) if can_edit and len(started) < 7 else None
    return render(
        request,
        "policies/index.html",
        {"documents": docs, "start_form": start_form, "can_edit": can_edit},
    )


@require_POST
@capability_required(Capability.MANAGE_PEOPLE)
def start(request, org_slug):
    started = set(PolicyDocument.objects.values_list("kind", flat=True))
    form = forms.StartForm(request.POST, started=started)
    if form.is_valid():
        document = services.document_create(
            organisation=request.organisation,
            kind=form.cleaned_data["kind"],
            actor=request.user,
            request=request,
        )
        messages.success(request, f"{document.title} has been started from our starter wording.")
        return redirect("policies:detail", org_slug=org_slug, pk=document.pk)
    docs = list(selectors.document_list())
    return render(
        request,
        "policies/index.html",
        {"documents": docs, "start_form": form, "can_edit": True},
        status=400,
    )


def _detail(request, org_slug, document: PolicyDocument, version: PolicyVersion):
    versions = list(document.versions.all())
    latest = versions[0] if versions else None
    facts = selectors.document_facts(versions, timezone=request.organisation.timezone)
    return render(
        request,
        "policies/detail.html",
        {
            "document": document,
            "version": version,
            "versions": versions,
            "is_latest": latest is not None and version.pk == latest.pk,
            "preview": documents.version_document(version),
            "can_edit": request.membership.has(Capability.MANAGE_PEOPLE),
            "can_approve": request.membership.has(Capability.ADMIN),
            "formats": documents.POLICY_FORMATS,
            "findings": rules.document_findings(facts, today=local_today(request.organisation)),
        },
    )


@capability_required(Capability.VIEW_REPORTS)
def detail(request, org_slug, pk):
    document = _document(pk)
    versions = list(document.versions.all())
    if not versions:
        raise Http404("This document has no versions.")
    return _detail(request, org_slug, document, versions[0])


@capability_required(Capability.VIEW_REPORTS)
def version_detail(request, org_slug, pk, number):
    document = _document(pk)
    version = next((v for v in document.versions.all() if v.number == number), None)
    if version is None:
        raise Http404("No such version.")
    return _detail(request, org_slug, document, version)


@capability_required(Capability.MANAGE_PEOPLE)
def edit(request, org_slug, pk):
    document = _document(pk)
    versions = list(document.versions.all())
    latest = versions[0] if versions else None
    sections = latest.sections if latest else []
    form = forms.VersionForm(
        request.POST if request.method == "POST" else None,
        document=document,
        sections=sections,
        co_authors=list(latest.co_authors.all()) if latest else [],
        search=search_text(request.GET.get("q")),
        initial={"title": document.title},
    )
    if request.method == "POST" and form.is_valid():
        try:
            version = services.version_save(
                document=document,
                title=form.cleaned_data["title"],
                texts=form.texts(),
                co_author_ids=form.co_author_ids(),
                change_note=form.cleaned_data["change_note"],
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            error = ValidationError(
                {f"section_{k}": v for k, v in error.message_dict.items()}
                if hasattr(error, "error_dict")
                else error
            )
            apply_errors(form, error)
        else:
            messages.success(
                request, f"Version {version.number} has been saved as a draft, ready to approve."
            )
            return redirect("policies:detail", org_slug=org_slug, pk=document.pk)
    return render(request, "policies/edit.html", {"document": document, "form": form})


@require_POST
@capability_required(Capability.ADMIN)
def approve(request, org_slug, pk, number):
    document = _document(pk)
    version = _version(document, number)
    try:
        services.version_approve(version=version, actor=request.user, request=request)
    except services.NotAllowed as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Version {version.number} has been approved.")
    return redirect("policies:detail", org_slug=org_slug, pk=document.pk)


@require_GET
@capability_required(Capability.VIEW_REPORTS)
def version_download(request, org_slug, pk, number, fmt, ext):
    if fmt not in documents.POLICY_FORMATS or ext not in EXTENSIONS:
        raise Http404("No such format.")
    document = get_object_or_404(PolicyDocument.objects, pk=pk)
    version = _version(document, number)
    doc = documents.version_document(version, fmt)
    content, content_type = documents.render(doc, ext)
    log_action(
        organisation=request.organisation,
        actor=request.user,
        action="policy.download",
        target=version,
        summary=(
            f"Downloaded version {version.number} of {version.shown_title}"
            f" ({documents.POLICY_FORMATS[fmt].lower()} {ext.upper()})"
        ),
        request=request,
    )
    return download(content, content_type, doc.filename(ext))


@capability_required(Capability.MANAGE_PEOPLE)
def welcome_choose(request, org_slug):
    chosen_any = "participant" in request.GET or "project" in request.GET
    form = forms.WelcomeForm(
        request.GET if chosen_any else None,
        search=search_text(request.GET.get("q")),
        project_search=search_text(request.GET.get("project_q")),
    )
    pack = None
    chosen = None
    if form.is_bound and form.is_valid():
        participant = get_object_or_404(
            Participant.objects.filter(erased_at__isnull=True),
            pk=form.cleaned_data["participant"],
        )
        project = get_object_or_404(Project.objects, pk=form.cleaned_data["project"])
        sources = welcome.gather(
            participant=participant, project=project, today=local_today(request.organisation)
        )
        pack = welcome.welcome_pack(sources)
        chosen = {"participant": participant, "project": project}
    return render(
        request,
        "policies/welcome.html",
        {"form": form, "pack": pack, "chosen": chosen, "formats": FORMATS},
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@require_GET
@capability_required(Capability.MANAGE_PEOPLE)
def welcome_download(request, org_slug, project_id, participant_id, fmt, ext):
    if fmt not in FORMATS or ext not in EXTENSIONS:
        raise Http404("No such format.")
    if project_id > MAX_ID or participant_id > MAX_ID:
        raise Http404("No such person or project.")
    project = get_object_or_404(Project.objects.select_related("lead"), pk=project_id)
    participant = get_object_or_404(
        Participant.objects.filter(erased_at__isnull=True).select_related("named_contact"),
        pk=participant_id,
    )
    sources = welcome.gather(
        participant=participant, project=project, today=local_today(request.organisation)
    )
    pack = welcome.welcome_pack(sources, fmt)
    content, content_type = documents.render(pack, ext)
    log_action(
        organisation=request.organisation,
        actor=request.user,
        action="welcome_pack.download",
        target=participant,
        summary=(
            f"Downloaded a welcome pack for {participant.preferred_name} joining {project.name}"
            f" ({FORMATS[fmt].lower()} {ext.upper()})"
        ),
        request=request,
    )
    return download(content, content_type, pack.filename(ext))
