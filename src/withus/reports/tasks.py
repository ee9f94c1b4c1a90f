"""Background building of reports. The task takes an id and re-enters the organisation's scope."""

from django.tasks import task
from django_scopes import scope

from withus.reports.models import ReportRun


@task()
def build_report(run_id: int) -> str:
    run = ReportRun.unscoped.select_related("organisation").filter(pk=run_id).first()
    if run is None:
        return "missing"
    from withus.reports.services import report_build

    with scope(organisation=run.organisation):
        return report_build(run_id)
