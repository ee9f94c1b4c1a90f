"""Staff are warned when a phone number or email they save is also another person's here: the
portal signs nobody in with a code sent to a shared one (tests/portal covers that side)."""

from django.urls import reverse
from django_scopes import scopes_disabled

from tests.portal.helpers import person as make_person
from withus.people.models import Participant

WARNING = "Someone else here has the same"


def _add(client, **data):
    return client.post(
        reverse("people:add", kwargs={"org_slug": "org-a"}),
        {"preferred_name": "New Person", **data},
        follow=True,
    )


def test_adding_someone_with_a_phone_already_used_here_warns(client, world):
    with scopes_disabled():
        make_person(world.org_a, phone="07700 900123")
    client.force_login(world.alice)
    page = _add(client, phone="+44 7700 900 123").text
    assert WARNING + " phone number." in page
    assert "printed access code" in page


def test_no_warning_for_a_number_used_only_in_another_organisation_or_by_someone_who_left(
    client, world
):
    with scopes_disabled():
        make_person(world.org_b, phone="07700 900123")
        make_person(world.org_a, phone="07700 900124", status="exited")
    client.force_login(world.alice)
    assert WARNING not in _add(client, phone="07700 900123").text
    assert WARNING not in _add(client, phone="07700 900124").text


def test_editing_details_to_a_shared_email_warns(client, world):
    with scopes_disabled():
        make_person(world.org_a, email="hostel@example.org")
        person = make_person(world.org_a, name="Sam", email="")
    client.force_login(world.alice)
    page = client.get(reverse("people:edit_details", kwargs={"org_slug": "org-a", "pk": person.pk}))
    assert page.status_code == 200
    form = {
        "preferred_name": person.preferred_name,
        "email": "Hostel@Example.org",
        "phone": "",
    }
    saved = client.post(
        reverse("people:edit_details", kwargs={"org_slug": "org-a", "pk": person.pk}),
        form,
        follow=True,
    )
    assert "Details saved." in saved.text
    assert WARNING + " email address." in saved.text
    with scopes_disabled():
        assert Participant.unscoped.get(pk=person.pk).email == "Hostel@Example.org"
