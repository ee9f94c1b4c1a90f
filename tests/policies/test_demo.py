from django_scopes import scope

from withus.demo.policies import seed_policies
from withus.policies.models import PolicyDocument, PolicyVersion


def test_seed_policies_is_idempotent(world, people):
    with scope(organisation=world.org_a):
        seed_policies(world.org_a, actor=world.alice, approver=world.admin_a)
        first = list(PolicyVersion.objects.values_list("pk", "status").order_by("pk"))
        seed_policies(world.org_a, actor=world.alice, approver=world.admin_a)
        assert list(PolicyVersion.objects.values_list("pk", "status").order_by("pk")) == first
        assert PolicyDocument.objects.count() == 7
        strategy = PolicyVersion.objects.get(document__kind="strategy", number=2)
        assert strategy.is_approved and strategy.approved_by == world.admin_a
        assert strategy.co_authors.count() == 2
        assert PolicyVersion.objects.filter(status="approved").count() == 5
