"""System checks must pass whatever the time of day CI happens to run at.

A fixed time default on a model field trips Django's W161 warning when the check runs
within seconds of that time; `check --deploy` treats warnings as failures.
"""

import datetime as dt
from unittest import mock

import pytest
from django.apps import apps
from django.db.models import DateField, DateTimeField, TimeField


def _date_or_time_fields():
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, DateField | DateTimeField | TimeField):
                yield field


@pytest.mark.parametrize("clock", [dt.time(20, 0, 3), dt.time(8, 0, 1), dt.time(0, 0, 2)])
def test_no_fixed_default_warnings_at_any_time(clock):
    fake_now = dt.datetime.combine(dt.date(2026, 11, 26), clock)
    with mock.patch("django.db.models.fields._get_naive_now", return_value=fake_now):
        warnings = [
            message
            for field in _date_or_time_fields()
            for message in field.check()
            if message.id == "fields.W161"
        ]
    assert warnings == []


def test_the_check_would_catch_a_fixed_default():
    field = TimeField(default=dt.time(20, 0))
    field.set_attributes_from_name("example")
    fake_now = dt.datetime(2026, 11, 26, 20, 0, 3)
    with mock.patch("django.db.models.fields._get_naive_now", return_value=fake_now):
        ids = [message.id for message in field._check_fix_default_value()]
    assert ids == ["fields.W161"]
