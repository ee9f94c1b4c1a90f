"""URL registry entries for the events calendar, calendar files and private feeds (merged into
tests/url_registry.py)."""

from tests.url_registry_events import event_kw
from tests.url_spec import OrgUrl
from withus.orgs.capabilities import Capability

PEOPLE = Capability.MANAGE_PEOPLE

URLS: dict = {
    "events:calendar": OrgUrl(PEOPLE),
    "events:ics": OrgUrl(PEOPLE, event_kw),
    # Any member may read about feeds; only roles that see events may make one (POST, tested in
    # tests/events/test_feed.py).
    "events:calendar_feed_settings": OrgUrl(),
}

EXEMPT = {
    "calendar_feed": "reached by a secret address without signing in; unknown addresses, removed "
    "members and other organisations' events are tested in tests/events/test_feed.py",
}
