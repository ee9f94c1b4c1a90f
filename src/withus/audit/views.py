from django.core.paginator import Paginator
from django.shortcuts import render

from withus.audit.forms import AuditFilterForm
from withus.audit.models import AuditEvent
from withus.audit.selectors import audit_events
from withus.orgs.capabilities import Capability
from withus.orgs.permissions import capability_required

PAGE_SIZE = 50


@capability_required(Capability.ADMIN)
def events(request, org_slug):
    object_types = list(
        AuditEvent.objects.exclude(object_type="")
        .order_by("object_type")
        .values_list("object_type", flat=True)
        .distinct()
    )
    form = AuditFilterForm(request.GET or None, object_types=object_types)
    filters = {}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = {
            "actor_id": data["person"],
            "object_type": data["object_type"],
            "object_id": data["object_id"].strip(),
            "date_from": data["date_from"],
            "date_to": data["date_to"],
            "timezone_name": request.organisation.timezone,
        }
    page = Paginator(audit_events(**filters), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/events.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )
