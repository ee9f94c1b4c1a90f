"""Old sign-in rows are deleted by the daily jobs; recent ones (needed for limits) stay."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from withus.messaging.scheduling import run_daily_jobs
from withus.portal.models import SignInAttempt, SignInCode
from withus.portal.services import forget_old_sign_in_rows

pytestmark = pytest.mark.django_db


def _rows(age: dt.timedelta):
    when = timezone.now() - age
    SignInCode.objects.create(
        identifier_hash="x", code_hash="y", channel="sms", created_at=when, expires_at=when
    )
    SignInAttempt.objects.create(kind="request", created_at=when)


def test_rows_older_than_30_days_are_deleted_and_newer_kept():
    _rows(dt.timedelta(days=31))
    _rows(dt.timedelta(days=29))
    assert forget_old_sign_in_rows() == 2
    assert SignInCode.objects.count() == 1 and SignInAttempt.objects.count() == 1


def test_the_daily_jobs_delete_them():
    _rows(dt.timedelta(days=40))
    summary = run_daily_jobs.call(timezone.localdate().isoformat())
    assert summary["sign_in_rows_removed"] == 2
    assert not SignInCode.objects.exists()
