"""Self-assessment: statements, rounds, ratings, the ladder, the action plan and the pages."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scope

from tests.assessment.builders import make_action, make_round
from withus.assessment import selectors, services
from withus.assessment.models import ActionItem, Assessment, ProjectRung, Rating, Statement
from withus.assessment.starters import STATEMENTS
from withus.audit.models import AuditEvent
from withus.projects import services as project_services
from withus.projects.models import LadderRung, Project

pytestmark = pytest.mark.django_db

ALL_PIECES = {"culture": 1, "practice": 1, "structure": 1, "review": 1}


def _url(world, name, **kw):
    return reverse(f"assessment:{name}", kwargs={"org_slug": world.org_a.slug, **kw})


def _project(org, actor, name, rung_position, status=Project.Status.ACTIVE):
    with scope(organisation=org):
        rungs = {r.position: r for r in project_services.ensure_default_ladder(org)}
        return project_services.project_create(
            organisation=org,
            data={"name": name, "rung": rungs.get(rung_position), "status": status},
            starter_tasks=False,
            actor=actor,
        )


# Services ----------------------------------------------------------------------------------


def test_statements_are_seeded_once_per_organisation(world):
    with scope(organisation=world.org_a):
        first = services.ensure_statements(world.org_a)
        again = services.ensure_statements(world.org_a)
        assert len(first) == len(again) == len(STATEMENTS)
    with scope(organisation=world.org_b):
        services.ensure_statements(world.org_b)
    assert Statement.unscoped.filter(organisation=world.org_b).count() == len(STATEMENTS)


def test_a_round_has_a_line_per_statement_in_use_and_per_current_project(world):
    _project(world.org_a, world.alice, "Women's forum", 6)
    _project(world.org_a, world.alice, "Old panel", 3, status=Project.Status.FINISHED)
    _project(world.org_b, world.charlie, "Org B forum", 5)
    with scope(organisation=world.org_a):
        retired = services.ensure_statements(world.org_a)[0]
        retired.active = False
        retired.save()
    assessment = make_round(world.org_a, actor=world.alice)
    assert Rating.unscoped.filter(assessment=assessment).count() == len(STATEMENTS) - 1
    rows = list(ProjectRung.unscoped.filter(assessment=assessment))
    assert [(r.project.name, r.target_position, r.target_name) for r in rows] == [
        ("Women's forum", 6, "Co-producing")
    ]
    assert AuditEvent.unscoped.filter(action="assessment.start").count() == 1


def test_ratings_keep_the_words_they_were_rated_on(world):
    assessment = make_round(world.org_a, actor=world.alice, levels=ALL_PIECES)
    rating = Rating.unscoped.filter(assessment=assessment).first()
    original = rating.text
    with scope(organisation=world.org_a):
        services.statement_save(
            organisation=world.org_a,
            statement=rating.statement,
            data={"text": "Reworded statement"},
            actor=world.alice,
        )
    rating.refresh_from_db()
    assert rating.text == original
    assert rating.statement.text == "Reworded statement"


def test_ratings_save_refuses_another_rounds_rating_and_odd_levels(world):
    first = make_round(world.org_a, actor=world.alice)
    second = make_round(world.org_a, actor=world.alice)
    other = Rating.unscoped.filter(assessment=first).first()
    with scope(organisation=world.org_a):
        with pytest.raises(ValidationError):
            services.ratings_save(assessment=second, values={other.pk: (2, "")}, actor=world.alice)
        mine = Rating.unscoped.filter(assessment=second).first()
        with pytest.raises(ValidationError):
            services.ratings_save(assessment=second, values={mine.pk: (9, "")}, actor=world.alice)
    assert Rating.unscoped.get(pk=other.pk).level is None


def test_ladder_must_use_the_organisations_own_rungs(world):
    assessment = make_round(world.org_a, actor=world.alice)
    with scope(organisation=world.org_b):
        foreign = project_services.ensure_default_ladder(world.org_b)[0]
    with scope(organisation=world.org_a), pytest.raises(ValidationError):
        services.ladder_save(
            assessment=assessment, now_rung=foreign, target_rung=None, actor=world.alice
        )


def test_finishing_needs_every_statement_rated_and_the_ladder(world):
    assessment = make_round(world.org_a, actor=world.alice, levels={"culture": 2})
    with scope(organisation=world.org_a):
        with pytest.raises(ValidationError) as error:
            services.assessment_finish(assessment=assessment, actor=world.alice)
        assert "not rated yet" in str(error.value)
        assert "ladder" in str(error.value)
    done = make_round(world.org_a, actor=world.alice, levels=ALL_PIECES, ladder=(3, 5), finish=True)
    assert done.status == Assessment.Status.FINISHED
    assert done.finished_at is not None


def test_history_shows_finished_rounds_oldest_first_with_the_change(world):
    make_round(
        world.org_a,
        actor=world.alice,
        held_on=dt.date(2026, 1, 6),
        levels={"culture": 1, "practice": 1, "structure": 0, "review": 0},
        ladder=(2, 5),
        finish=True,
    )
    make_round(
        world.org_a,
        actor=world.alice,
        held_on=dt.date(2026, 7, 7),
        levels={"culture": 2, "practice": 1, "structure": 1, "review": 0},
        ladder=(3, 5),
        finish=True,
    )
    make_round(world.org_a, actor=world.alice, held_on=dt.date(2026, 9, 1))  # not finished
    with scope(organisation=world.org_a):
        rounds = selectors.with_changes(selectors.history())
    assert [r["assessment"].held_on for r in rounds] == [dt.date(2026, 1, 6), dt.date(2026, 7, 7)]
    assert [s.percent for s in rounds[0]["scores"]] == [33, 33, 0, 0]
    assert [s.percent for s in rounds[1]["scores"]] == [67, 33, 33, 0]
    assert [c["change"] for c in rounds[1]["cells"]] == ["up 34", "no change", "up 33", "no change"]
    assert [r["ladder_now"] for r in rounds] == [2, 3]


def test_actions_must_belong_to_the_organisation(world):
    theirs = make_round(world.org_b, actor=world.charlie)
    with scope(organisation=world.org_a), pytest.raises(ValidationError):
        services.action_save(
            organisation=world.org_a,
            item=ActionItem(),
            data={"title": "Sneaky", "staff_id": world.alice.pk, "assessment": theirs},
            actor=world.alice,
        )
    action = make_action(world.org_a, actor=world.alice, due_on=dt.date(2026, 6, 1))
    assert action.status == ActionItem.Status.TODO
    assert AuditEvent.unscoped.filter(action="assessment.action.add").exists()


# Pages -------------------------------------------------------------------------------------


def _post_piece(client, world, pk, piece, level, evidence="We can show it"):
    with scope(organisation=world.org_a):
        ids = list(
            Rating.objects.filter(assessment_id=pk, piece=piece).values_list("pk", flat=True)
        )
    data = {}
    for rating_id in ids:
        data[f"level_{rating_id}"] = str(level)
        data[f"evidence_{rating_id}"] = evidence
    return client.post(_url(world, "rate", pk=pk, piece=piece), data)


def test_coordinator_completes_a_self_assessment_through_the_pages(client, world, people):
    _project(world.org_a, world.alice, "Women's forum", 6)
    client.force_login(world.alice)
    page = client.get(_url(world, "start"))
    assert page.status_code == 200
    assert "Jo Bloggs" in page.content.decode()
    response = client.post(
        _url(world, "start"),
        {
            "held_on": "2026-03-03",
            "staff": [str(world.alice.pk)],
            "participants": [str(people["jo"].pk)],
            "others": "Two trustees",
        },
    )
    assessment = Assessment.unscoped.get(organisation=world.org_a)
    assert response.url == _url(world, "rate", pk=assessment.pk, piece="culture")
    page = client.get(response.url)
    assert "step 1 of 6" in page.content.decode()
    for piece, following in [
        ("culture", _url(world, "rate", pk=assessment.pk, piece="practice")),
        ("practice", _url(world, "rate", pk=assessment.pk, piece="structure")),
        ("structure", _url(world, "rate", pk=assessment.pk, piece="review")),
        ("review", _url(world, "ladder", pk=assessment.pk)),
    ]:
        response = _post_piece(client, world, assessment.pk, piece, 2)
        assert response.status_code == 302
        assert response.url == following
    with scope(organisation=world.org_a):
        rungs = {r.position: r for r in LadderRung.objects.all()}
        row = ProjectRung.objects.get(assessment=assessment)
    response = client.post(
        _url(world, "ladder", pk=assessment.pk),
        {"now_rung": rungs[3].pk, "target_rung": rungs[5].pk, "notes": "Mostly consulting"},
    )
    assert response.url == _url(world, "projects", pk=assessment.pk)
    response = client.post(
        _url(world, "projects", pk=assessment.pk), {f"rung_{row.pk}": rungs[4].pk}
    )
    assert response.url == _url(world, "detail", pk=assessment.pk)
    detail = client.get(response.url).content.decode()
    assert "Culture: 67%" in detail
    assert "Below" in detail  # the forum is at 4, aiming for 6
    assert "Finish the self-assessment" in detail
    response = client.post(_url(world, "finish", pk=assessment.pk))
    assert response.url == _url(world, "index")
    index = client.get(response.url).content.decode()
    assert "The same numbers as the charts" in index
    assert "67%" in index
    assert _url(world, "chart_jigsaw") in index
    assert "data:image/png;base64," in index
    chart = client.get(_url(world, "chart_jigsaw"))
    assert chart["Content-Type"] == "image/png"
    assert chart.content.startswith(b"\x89PNG")
    assert client.get(_url(world, "chart_ladder")).content.startswith(b"\x89PNG")


def test_finish_with_gaps_explains_and_changes_nothing(client, world):
    assessment = make_round(world.org_a, actor=world.alice)
    client.force_login(world.alice)
    response = client.post(_url(world, "finish", pk=assessment.pk), follow=True)
    assert "not rated yet" in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.IN_PROGRESS


def test_bad_input_is_a_form_error_never_a_500(client, world):
    assessment = make_round(world.org_a, actor=world.alice)
    client.force_login(world.alice)
    rating = Rating.unscoped.filter(assessment=assessment).filter(piece="culture").first()
    response = client.post(
        _url(world, "rate", pk=assessment.pk, piece="culture"), {f"level_{rating.pk}": "7"}
    )
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert client.get(_url(world, "rate", pk=assessment.pk, piece="nonsense")).status_code == 404
    assert client.get(_url(world, "detail", pk=2**70)).status_code == 404
    with scope(organisation=world.org_b):
        foreign = project_services.ensure_default_ladder(world.org_b)[0]
    response = client.post(_url(world, "ladder", pk=assessment.pk), {"now_rung": foreign.pk})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    response = client.post(_url(world, "start"), {"held_on": "not a date"})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    page = client.get(_url(world, "action_add") + "?assessment=abc&statement=99999999999999999999")
    assert page.status_code == 200


def test_action_needs_an_owner_and_comes_back_to_its_round(client, world):
    assessment = make_round(world.org_a, actor=world.alice)
    statement = Rating.unscoped.filter(assessment=assessment).first().statement
    client.force_login(world.alice)
    url = _url(world, "action_add") + f"?assessment={assessment.pk}&statement={statement.pk}"
    page = client.get(url)
    assert statement.text in page.content.decode()
    response = client.post(url, {"title": "Write a strategy", "status": "todo"})
    assert "Choose who owns the action" in response.content.decode()
    response = client.post(
        url,
        {
            "title": "Write a strategy",
            "status": "todo",
            "staff": str(world.alice.pk),
            "due_on": "2026-06-30",
        },
    )
    assert response.url == _url(world, "detail", pk=assessment.pk)
    action = ActionItem.unscoped.get(title="Write a strategy")
    assert (action.assessment_id, action.statement_id, action.piece) == (
        assessment.pk,
        statement.pk,
        statement.piece,
    )
    assert "Write a strategy" in client.get(_url(world, "actions")).content.decode()


def test_viewer_reads_but_is_not_offered_changes(client, world):
    make_round(world.org_a, actor=world.alice, levels=ALL_PIECES, ladder=(3, 5), finish=True)
    client.force_login(world.bob)
    page = client.get(_url(world, "index")).content.decode()
    assert "Start a self-assessment" not in page
    assert "The same numbers as the charts" in page


def test_statements_can_be_reworded_and_added(client, world):
    client.force_login(world.alice)
    assert "Our managers and trustees" in client.get(_url(world, "statements")).content.decode()
    response = client.post(
        _url(world, "statement_add"),
        {"piece": "review", "text": "Peers review our services every year", "active": "on"},
    )
    assert response.status_code == 302
    added = Statement.unscoped.get(text="Peers review our services every year")
    assert added.position == 6
    assessment = make_round(world.org_a, actor=world.alice)
    assert Rating.unscoped.filter(assessment=assessment).filter(statement=added).exists()


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("name", ["index", "list", "actions"])
def test_list_pages_use_the_same_queries_for_1_and_20_rows(client, world, name):
    def add(count):
        for i in range(count):
            make_round(
                world.org_a,
                actor=world.alice,
                held_on=dt.date(2026, 1, 1) + dt.timedelta(days=i),
                levels=ALL_PIECES,
                ladder=(3, 5),
                finish=True,
            )
            make_action(world.org_a, actor=world.alice, title=f"Action {i}")

    client.force_login(world.alice)
    add(1)
    one = _queries(client, _url(world, name))
    add(19)
    twenty = _queries(client, _url(world, name))
    assert one == twenty


def test_the_next_round_shows_what_was_chosen_last_time(client, world):
    make_round(
        world.org_a,
        actor=world.alice,
        held_on=dt.date(2026, 1, 6),
        levels=ALL_PIECES,
        ladder=(3, 5),
        finish=True,
    )
    second = make_round(world.org_a, actor=world.alice, held_on=dt.date(2026, 7, 7))
    client.force_login(world.alice)
    page = client.get(_url(world, "rate", pk=second.pk, piece="review")).content.decode()
    assert "Last time: Starting" in page
    assert "For example:" in page
    ladder = client.get(_url(world, "ladder", pk=second.pk)).content.decode()
    assert "Last time (Tuesday 6 January 2026)" in ladder
