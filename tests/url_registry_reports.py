"""URL registry entries for the reports area (merged into tests/url_registry.py)."""

from __future__ import annotations

from tests.url_spec import OrgUrl
from withus.orgs.capabilities import Capability

PEOPLE = Capability.MANAGE_PEOPLE
REPORTS = Capability.VIEW_REPORTS
EXPORT = Capability.EXPORT


def walker_run(world):
    """A finished report in org A with its three files (made once per test database)."""
    import datetime as dt

    from django.core.files.base import ContentFile

    from withus.reports.models import ReportRun

    run = ReportRun.unscoped.filter(organisation=world.org_a, step="Walker").first()
    if run is None:
        run = ReportRun(
            organisation=world.org_a,
            audience=ReportRun.Audience.FUNDER,
            period_start=dt.date(2026, 4, 1),
            period_end=dt.date(2026, 6, 30),
            status=ReportRun.Status.DONE,
            progress=100,
            step="Walker",
            figures={"threshold": 5},
        )
        run.pdf.save("walker.pdf", ContentFile(b"%PDF-1.7 walker"), save=False)
        run.docx.save("walker.docx", ContentFile(b"PK walker"), save=False)
        run.xlsx.save("walker.xlsx", ContentFile(b"PK walker"), save=False)
        run.save()
    return run


def _run_kw(world) -> dict:
    return {"pk": walker_run(world).pk}


def _download_kw(fmt):
    def params(world) -> dict:
        return {"pk": walker_run(world).pk, "fmt": fmt}

    return params


URLS: dict[str, OrgUrl] = {
    "reports:home": OrgUrl(REPORTS),
    "reports:run": OrgUrl(REPORTS, _run_kw),
    # One name, three formats: the spreadsheet needs EXPORT (checked here); PDF and Word need
    # VIEW_REPORTS (tests/reports/test_runs.py).
    "reports:download": OrgUrl(EXPORT, _download_kw("xlsx")),
    "reports:equality": OrgUrl(REPORTS),
    "reports:baseline": OrgUrl(PEOPLE),
}

# URLs outside any organisation (for example a personal survey link), with the reason.
EXEMPT: dict[str, str] = {}
