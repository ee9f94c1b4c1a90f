from django_scopes import scope

from withus.assessment.models import ActionItem, Assessment, ProjectRung
from withus.assessment.selectors import history, with_changes
from withus.demo.assessment import ACTIONS, ROUNDS, seed_assessment
from withus.projects import services as project_services


def test_demo_self_assessments_show_progress_and_are_idempotent(world, people):
    org = world.org_a
    with scope(organisation=org):
        rungs = {r.position: r for r in project_services.ensure_default_ladder(org)}
        project_services.project_create(
            organisation=org,
            data={"name": "Forum", "rung": rungs[6], "status": "active"},
            starter_tasks=False,
            actor=world.alice,
        )
        seed_assessment(org, actor=world.alice)
        seed_assessment(org, actor=world.alice)
        assert Assessment.objects.count() == len(ROUNDS)
        assert ActionItem.objects.count() == len(ACTIONS)
        assert all(a.finished for a in Assessment.objects.all())
        assert all(a.participants.count() == 2 for a in Assessment.objects.all())
        assert set(ProjectRung.objects.values_list("now_position", flat=True)) == {5}
        rounds = with_changes(history())
    assert len(rounds) == 2
    assert all(cell["change"].startswith("up") for cell in rounds[1]["cells"])
    assert [r["ladder_now"] for r in rounds] == [3, 4]
