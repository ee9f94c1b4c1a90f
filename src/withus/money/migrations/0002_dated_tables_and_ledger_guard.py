"""The dated tables the money rules read, and the database guard that keeps approved and paid
payments unchanged (corrections are reversals, never edits).

Minimum wage rates: GOV.UK "National Minimum Wage and National Living Wage rates" (2016–2020 rows
from secondary sources that agree). Mileage: HMRC approved mileage allowance payments, unchanged
since 6 April 2011. New rates are new rows (a data migration or the Django admin), never edits.
"""

from decimal import Decimal

from django.db import migrations

SOURCE = "GOV.UK National Minimum Wage and National Living Wage rates"
# effective from, NLW (min age), 21-22 band (None when it no longer exists), 18-20, 16-17, apprentice
WAGES = [
    ("2016-04-01", "7.20", 25, "6.70", "5.30", "3.87", "3.30"),
    ("2016-10-01", "7.20", 25, "6.95", "5.55", "4.00", "3.40"),
    ("2017-04-01", "7.50", 25, "7.05", "5.60", "4.05", "3.50"),
    ("2018-04-01", "7.83", 25, "7.38", "5.90", "4.20", "3.70"),
    ("2019-04-01", "8.21", 25, "7.70", "6.15", "4.35", "3.90"),
    ("2020-04-01", "8.72", 25, "8.20", "6.45", "4.55", "4.15"),
    ("2021-04-01", "8.91", 23, "8.36", "6.56", "4.62", "4.30"),
    ("2022-04-01", "9.50", 23, "9.18", "6.83", "4.81", "4.81"),
    ("2023-04-01", "10.42", 23, "10.18", "7.49", "5.28", "5.28"),
    ("2024-04-01", "11.44", 21, None, "8.60", "6.40", "6.40"),
    ("2025-04-01", "12.21", 21, None, "10.00", "7.55", "7.55"),
    ("2026-04-01", "12.71", 21, None, "10.85", "8.00", "8.00"),
]
MILEAGE = [
    ("car", "0.45", "0.25"),
    ("motorcycle", "0.24", "0.24"),
    ("bicycle", "0.20", "0.20"),
    ("passenger", "0.05", "0.05"),
]


def load(apps, schema_editor):
    Rate = apps.get_model("money", "MinimumWageRate")
    for day, nlw, min_age, young_adult, age_18_20, age_16_17, apprentice in WAGES:
        rows = [("nlw", nlw, min_age), ("18_20", age_18_20, None), ("16_17", age_16_17, None)]
        rows.append(("apprentice", apprentice, None))
        if young_adult:
            rows.append(("21_22", young_adult, None))
        for band, hourly, age in rows:
            Rate.objects.update_or_create(
                effective_from=day,
                band=band,
                defaults={"hourly": Decimal(hourly), "nlw_min_age": age, "source": SOURCE},
            )
    Mileage = apps.get_model("money", "MileageRate")
    for vehicle, first, after in MILEAGE:
        Mileage.objects.update_or_create(
            effective_from="2011-04-06",
            vehicle=vehicle,
            defaults={
                "per_mile": Decimal(first),
                "per_mile_after_threshold": Decimal(after),
                "threshold_miles": 10_000,
            },
        )


# Once a payment is approved only these may change: approved → paid with its batch and date
# (and the batch may be set or cleared while still approved). Nothing may change once paid,
# and neither approved nor paid rows may be deleted.
GUARDED = [
    "participant_id",
    "kind",
    "method",
    "amount",
    "description",
    "activity_date",
    "hours",
    "rate_card_id",
    "event_id",
    "invitation_id",
    "project_id",
    "claim_id",
    "reverses_id",
    "override_reason",
    "idempotency_key",
    "organisation_id",
    "approved_by_id",
    "approved_at",
]


def _changed(old: str, new: str) -> str:
    # NULL-safe "is different" in both SQLite (IS NOT) and PostgreSQL (IS DISTINCT FROM).
    return " OR ".join(f"{new}.{c} {{ne}} {old}.{c}" for c in GUARDED)


SQLITE = [
    "DROP TRIGGER IF EXISTS money_payment_guard_update",
    "DROP TRIGGER IF EXISTS money_payment_guard_delete",
    f"""
    CREATE TRIGGER money_payment_guard_update BEFORE UPDATE ON money_payment
    WHEN OLD.status != 'draft' AND (
        NEW.status = 'draft'
        OR (OLD.status = 'paid' AND (NEW.status != 'paid' OR NEW.batch_id IS NOT OLD.batch_id
            OR NEW.paid_on IS NOT OLD.paid_on))
        OR {_changed("OLD", "NEW").format(ne="IS NOT")}
    )
    BEGIN SELECT RAISE(ABORT, 'approved or paid payments cannot be changed; make a reversal'); END
    """,
    """
    CREATE TRIGGER money_payment_guard_delete BEFORE DELETE ON money_payment
    WHEN OLD.status != 'draft'
    BEGIN SELECT RAISE(ABORT, 'approved or paid payments cannot be deleted; make a reversal'); END
    """,
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS money_payment_guard_update",
    "DROP TRIGGER IF EXISTS money_payment_guard_delete",
]

POSTGRES = [
    f"""
    CREATE OR REPLACE FUNCTION money_payment_guard() RETURNS trigger AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            IF OLD.status <> 'draft' THEN
                RAISE EXCEPTION 'approved or paid payments cannot be deleted; make a reversal';
            END IF;
            RETURN OLD;
        END IF;
        IF OLD.status <> 'draft' AND (
            NEW.status = 'draft'
            OR (OLD.status = 'paid' AND (NEW.status <> 'paid'
                OR NEW.batch_id IS DISTINCT FROM OLD.batch_id
                OR NEW.paid_on IS DISTINCT FROM OLD.paid_on))
            OR {_changed("OLD", "NEW").format(ne="IS DISTINCT FROM")}
        ) THEN
            RAISE EXCEPTION 'approved or paid payments cannot be changed; make a reversal';
        END IF;
        RETURN NEW;
    END;
    $$ LANGUAGE plpgsql
    """,
    "DROP TRIGGER IF EXISTS money_payment_guard ON money_payment",
    """
    CREATE TRIGGER money_payment_guard BEFORE UPDATE OR DELETE ON money_payment
    FOR EACH ROW EXECUTE FUNCTION money_payment_guard()
    """,
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS money_payment_guard ON money_payment",
    "DROP FUNCTION IF EXISTS money_payment_guard()",
]


def guard(apps, schema_editor):
    statements = POSTGRES if schema_editor.connection.vendor == "postgresql" else SQLITE
    for sql in statements:
        schema_editor.execute(sql)


def unguard(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in POSTGRES_REVERSE if vendor == "postgresql" else SQLITE_REVERSE:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("money", "0001_initial")]

    operations = [
        migrations.RunPython(load, migrations.RunPython.noop),
        migrations.RunPython(guard, unguard),
    ]
