"""Clear, from directory entries seeded from the guide, contact details that belong to a named
person or cost extra to call (exits.directory.WITHDRAWN). Entries staff have changed since (a
different value) are left alone. Nothing to undo: the old values are not put back."""

from django.db import migrations

# Copied here (not imported) so the migration does not change if the module does.
WITHDRAWN = {
    "email": ("l.mitchell@keychangesuwp.org.uk",),
    "phone": ("07810 867190", "0845 4560455"),
}


def clear(apps, schema_editor):
    SignpostOrganisation = apps.get_model("exits", "SignpostOrganisation")
    for field, values in WITHDRAWN.items():
        SignpostOrganisation.unscoped.filter(**{f"{field}__in": values}).update(**{field: ""})


class Migration(migrations.Migration):
    dependencies = [("exits", "0001_initial")]

    operations = [migrations.RunPython(clear, migrations.RunPython.noop)]
