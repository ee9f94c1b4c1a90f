"""A finished self-assessment is a record: its ratings, ladder choices and project rungs cannot be
changed (pages show them read-only, a POST is refused with a clear message); its action items are
tasks and stay editable. And a page view never writes: the default ladder and the starter
statements are made on a POST (starting a round, adding a statement), never on a GET."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from tests.assessment.builders import make_action, make_round
from tests.assessment.test_assessment import ALL_PIECES, _project
from withus.assessment import services
from withus.assessment.models import ActionItem, Assessment, ProjectRung, Rating, Statement
from withus.projects.models import LadderRung

pytestmark = pytest.mark.django_db

REFUSED = "This self-assessment is finished"


def _url(world, name, **kw):
    return reverse(f"assessment:{name}", kwargs={"org_slug": world.org_a.slug, **kw})


def _finished_round(world):
    _project(world.org_a, world.alice, "Women's forum", 6)
    assessment = make_round(
        world.org_a, actor=world.alice, levels=ALL_PIECES, ladder=(3, 5), finish=True
    )
    with scope(organisation=world.org_a):
        rungs = {r.position: r for r in LadderRung.objects.all()}
        row = ProjectRung.objects.get(assessment=assessment)
        ProjectRung.objects.filter(pk=row.pk).update(now_rung=rungs[4], now_position=4)
    return assessment, rungs, row


def _state(assessment):
    with scopes_disabled():
        fresh = Assessment.unscoped.get(pk=assessment.pk)
        return (
            sorted(Rating.unscoped.filter(assessment=fresh).values_list("pk", "level", "evidence")),
            (fresh.ladder_now_id, fresh.ladder_target_id, fresh.ladder_notes),
            sorted(ProjectRung.unscoped.filter(assessment=fresh).values_list("pk", "now_rung_id")),
        )


def test_a_finished_round_refuses_changes_to_ratings_ladder_and_project_rungs(client, world):
    assessment, rungs, row = _finished_round(world)
    rating = Rating.unscoped.filter(assessment=assessment, piece="culture").first()
    before = _state(assessment)
    client.force_login(world.alice)
    posts = [
        (
            _url(world, "rate", pk=assessment.pk, piece="culture"),
            {f"level_{rating.pk}": "0", f"evidence_{rating.pk}": "Changed afterwards"},
        ),
        (
            _url(world, "ladder", pk=assessment.pk),
            {"now_rung": rungs[1].pk, "target_rung": rungs[7].pk, "notes": "Rewritten"},
        ),
        (_url(world, "projects", pk=assessment.pk), {f"rung_{row.pk}": rungs[7].pk}),
    ]
    for url, data in posts:
        response = client.post(url, data)
        assert response.status_code == 409, url
        page = response.content.decode()
        assert "There is a problem" in page
        assert REFUSED in page
        assert "Save and continue" not in page
    assert _state(assessment) == before


def test_a_finished_rounds_pages_are_read_only(client, world):
    assessment, _, _ = _finished_round(world)
    client.force_login(world.alice)
    for url in (
        _url(world, "rate", pk=assessment.pk, piece="culture"),
        _url(world, "ladder", pk=assessment.pk),
        _url(world, "projects", pk=assessment.pk),
    ):
        response = client.get(url)
        assert response.status_code == 200
        page = response.content.decode()
        assert 'id="finished-read-only"' in page
        assert "Save and continue" not in page
        assert "disabled" in page
        assert '<form method="post" novalidate>' not in page
    detail = client.get(_url(world, "detail", pk=assessment.pk)).content.decode()
    assert 'id="finished-read-only"' in detail
    assert _url(world, "rate", pk=assessment.pk, piece="culture") not in detail
    assert _url(world, "ladder", pk=assessment.pk) not in detail
    assert _url(world, "projects", pk=assessment.pk) not in detail
    # actions are tasks: still offered
    assert _url(world, "action_add") + f"?assessment={assessment.pk}" in detail


def test_an_in_progress_round_is_still_editable(client, world):
    assessment = make_round(world.org_a, actor=world.alice)
    client.force_login(world.alice)
    page = client.get(_url(world, "rate", pk=assessment.pk, piece="culture")).content.decode()
    assert "Save and continue" in page and 'id="finished-read-only"' not in page
    rating = Rating.unscoped.filter(assessment=assessment, piece="culture").first()
    response = client.post(
        _url(world, "rate", pk=assessment.pk, piece="culture"), {f"level_{rating.pk}": "2"}
    )
    assert response.status_code == 302
    rating.refresh_from_db()
    assert rating.level == 2


def test_services_refuse_to_change_a_finished_round(world):
    assessment, rungs, row = _finished_round(world)
    rating = Rating.unscoped.filter(assessment=assessment).first()
    before = _state(assessment)
    with scope(organisation=world.org_a):
        with pytest.raises(ValidationError, match=REFUSED):
            services.ratings_save(
                assessment=assessment, values={rating.pk: (0, "")}, actor=world.alice
            )
        with pytest.raises(ValidationError, match=REFUSED):
            services.ladder_save(
                assessment=assessment, now_rung=rungs[1], target_rung=None, actor=world.alice
            )
        with pytest.raises(ValidationError, match=REFUSED):
            services.project_rungs_save(
                assessment=assessment, values={row.pk: rungs[7]}, actor=world.alice
            )
    assert _state(assessment) == before


def test_actions_of_a_finished_round_stay_editable(client, world):
    assessment, _, _ = _finished_round(world)
    action = make_action(world.org_a, actor=world.alice, assessment_id=assessment.pk)
    client.force_login(world.alice)
    response = client.post(
        _url(world, "action_edit", item_id=action.pk),
        {"title": action.title, "status": "done", "staff": str(world.alice.pk)},
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == ActionItem.Status.DONE
    response = client.post(
        _url(world, "action_add") + f"?assessment={assessment.pk}",
        {"title": "Train the panel", "status": "todo", "staff": str(world.alice.pk)},
    )
    assert response.status_code == 302
    assert ActionItem.unscoped.get(title="Train the panel").assessment_id == assessment.pk


# A page view writes nothing -------------------------------------------------------------------


def _row_counts() -> dict[str, int]:
    with scopes_disabled():
        return {
            model._meta.label: model._base_manager.count()
            for model in apps.get_models()
            if model._meta.managed and not model._meta.proxy
        }


def test_viewing_the_pages_of_a_new_organisation_writes_nothing(client, world):
    client.force_login(world.alice)
    client.get(_url(world, "index"))  # the session settles on a first request
    before = _row_counts()
    assert before["projects.LadderRung"] == 0 and before["assessment.Statement"] == 0
    for name in ("index", "chart_jigsaw", "chart_ladder", "list", "start", "actions", "statements"):
        response = client.get(_url(world, name))
        assert response.status_code == 200, name
    assert client.get(_url(world, "action_add")).status_code == 200
    assert client.get(_url(world, "statement_add")).status_code == 200
    assert _row_counts() == before
    # the pages still show the default ladder and the starter statements
    assert "Co-producing" in client.get(_url(world, "index")).content.decode()
    assert "Our managers and trustees" in client.get(_url(world, "statements")).content.decode()


def test_viewing_a_round_writes_nothing(client, world):
    assessment = make_round(world.org_a, actor=world.alice, levels=ALL_PIECES)
    client.force_login(world.alice)
    client.get(_url(world, "index"))
    before = _row_counts()
    for url in (
        _url(world, "detail", pk=assessment.pk),
        _url(world, "edit", pk=assessment.pk),
        _url(world, "rate", pk=assessment.pk, piece="review"),
        _url(world, "ladder", pk=assessment.pk),
        _url(world, "projects", pk=assessment.pk),
    ):
        assert client.get(url).status_code == 200, url
    assert _row_counts() == before


def test_the_first_post_makes_the_ladder_and_statements(client, world):
    client.force_login(world.alice)
    response = client.post(_url(world, "start"), {"held_on": "2026-03-03"})
    assert response.status_code == 302
    assert LadderRung.unscoped.filter(organisation=world.org_a).count() == 7
    assert Statement.unscoped.filter(organisation=world.org_a).count() > 0
    assert not LadderRung.unscoped.filter(organisation=world.org_b).exists()
