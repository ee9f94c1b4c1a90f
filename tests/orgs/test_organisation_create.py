"""A new organisation starts with what its pages offer, so viewing those pages never writes."""

from django_scopes import scope

from withus.orgs import services
from withus.projects.models import LadderRung
from withus.projects.starters import DEFAULT_LADDER


def test_a_new_organisation_has_the_default_ladder(db):
    organisation = services.organisation_create(name="New Centre", slug="new-centre")
    with scope(organisation=organisation):
        names = list(LadderRung.objects.order_by("position").values_list("name", flat=True))
    assert names == [name for name, _group, _description in DEFAULT_LADDER]
