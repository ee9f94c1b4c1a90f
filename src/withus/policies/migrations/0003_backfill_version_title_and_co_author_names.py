"""Existing versions keep the title and co-authors' names they show today (the best record there
is of what they were saved with); erased co-authors are not named."""

from django.db import migrations


def backfill(apps, schema_editor):
    PolicyVersion = apps.get_model("policies", "PolicyVersion")
    versions = PolicyVersion._base_manager.select_related("document").prefetch_related("co_authors")
    for version in versions.iterator(chunk_size=200):
        version.title = version.document.title
        version.co_author_names = [
            {"id": p.pk, "name": p.preferred_name}
            for p in sorted(version.co_authors.all(), key=lambda p: p.pk)
            if p.erased_at is None
        ]
        version.save(update_fields=["title", "co_author_names"])


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0004_benefitsrecord_uc_assessment_day"),
        ("policies", "0002_version_title_and_co_author_names"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
