"""Where people land after signing in, and switching between organisations."""

from django.urls import reverse

from tests.factories import MembershipFactory


def test_signed_out_home_goes_to_sign_in(client, db):
    assert client.get("/").url == reverse("account_login")


def test_one_organisation_goes_straight_to_its_dashboard(client, world):
    client.force_login(world.alice)
    assert client.get("/").url == "/o/org-a/"


def test_several_organisations_choose_then_remember(client, world):
    MembershipFactory(organisation=world.org_b, user=world.alice, role="viewer")
    client.force_login(world.alice)
    assert client.get("/").url == reverse("orgs:choose")
    page = client.get(reverse("orgs:choose"))
    assert "Org A Women" in page.text and "Org B Through the Gate" in page.text
    assert "Switch organisation" in client.get("/o/org-b/").text
    assert client.get("/").url == "/o/org-b/"


def test_chooser_lists_only_your_own_organisations(client, world):
    client.force_login(world.charlie)
    page = client.get(reverse("orgs:choose"))
    assert "Org B" in page.text
    assert "Org A" not in page.text


def test_header_and_navigation_show_only_what_the_role_can_use(client, world):
    client.force_login(world.bob)
    page = client.get("/o/org-a/").text
    assert "Org A Women&#x27;s Centre" in page
    assert 'href="/o/org-a/staff/"' not in page
    client.force_login(world.admin_a)
    page = client.get("/o/org-a/").text
    assert 'href="/o/org-a/staff/"' in page
    assert 'href="/o/org-a/audit/"' in page


def test_your_account_page(client, world):
    client.force_login(world.admin_a)
    page = client.get(reverse("you"))
    assert page.status_code == 200
    assert "admin@a.example" in page.text
    assert "Org A Women" in page.text
