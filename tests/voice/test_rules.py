import pytest
from django_scopes import scope

from withus.people import choices as c
from withus.people import services as people_services
from withus.voice.rules import quote_permission


@pytest.mark.django_db
def test_quote_rule(world, people):
    jo = people["jo"]
    with scope(organisation=world.org_a):
        assert quote_permission(contributors=[jo], anonymous=False, quote="no") is None
        finding = quote_permission(contributors=[jo], anonymous=False, quote="anonymous")
        assert finding.blocking and "Jo Bloggs" in finding.message
        people_services.consent_record(
            participant=jo,
            purpose=c.ConsentPurpose.ANONYMOUS_QUOTES,
            state="given",
            method="verbal",
            actor=world.alice,
        )
        assert quote_permission(contributors=[jo], anonymous=False, quote="anonymous") is None
        assert quote_permission(contributors=[jo], anonymous=False, quote="named").blocking
        assert quote_permission(contributors=[], anonymous=True, quote="anonymous") is None
        assert quote_permission(contributors=[], anonymous=True, quote="named").blocking
