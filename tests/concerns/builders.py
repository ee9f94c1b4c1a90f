from __future__ import annotations

import datetime as dt

from django.utils import timezone

from withus.concerns.models import Concern


def make_concern(org, *, kind="complaint", participant=None, about="Something went wrong", **f):
    today = timezone.localdate()
    f.setdefault("acknowledge_by", today + dt.timedelta(days=2))
    f.setdefault("respond_by", today + dt.timedelta(days=28))
    return Concern.unscoped.create(
        organisation=org, kind=kind, participant=participant, about=about, **f
    )
