"""Demo strategy and policy documents: every kind started from the starter wording; the strategy
rewritten once with two people with lived experience as co-authors and approved; the code of
conduct, complaints process, safeguarding statement and payment policy approved as started.

Run inside the organisation's scope (seed_demo does). Deterministic and idempotent: a second run
changes nothing.
"""

from __future__ import annotations

from withus.people.models import Participant
from withus.policies import services
from withus.policies.models import PolicyDocument, PolicyVersion

K = PolicyDocument.Kind

STRATEGY_BACKGROUND = (
    "This strategy was written by our involvement forum and staff together over three"
    " meetings. It sets out how women who use the centre shape what we do, from the groups we"
    " run to who we recruit.\n"
    "Why we involve people:\n"
    "- services work better when the people who use them help design them\n"
    "- our funders and the probation service ask us to show how women's views change our work\n"
    "- it is one of our values: nothing about us without us\n"
    "Our involvement champion is the deputy director, who reports on this strategy to the"
    " trustees twice a year."
)

APPROVED_AS_STARTED = (K.CONDUCT, K.COMPLAINTS, K.SAFEGUARDING, K.REWARD)


def seed_policies(organisation, *, actor, approver=None) -> None:
    approver = approver or actor
    documents = {
        kind: services.document_create(organisation=organisation, kind=kind, actor=actor)
        for kind in K.values
    }
    strategy = documents[K.STRATEGY]
    if not PolicyVersion.objects.filter(document=strategy, number=2).exists():
        first = strategy.versions.get(number=1)
        texts = {s["key"]: s["text"] for s in first.sections}
        texts["background"] = STRATEGY_BACKGROUND
        co_authors = list(
            Participant.objects.filter(
                organisation=organisation, status="active", erased_at__isnull=True
            )
            .order_by("id")
            .values_list("pk", flat=True)[:2]
        )
        version = services.version_save(
            document=strategy,
            title="Our involvement strategy 2027 to 2029",
            texts=texts,
            co_author_ids=co_authors,
            change_note="Background rewritten with the forum; review figures brought up to date.",
            actor=actor,
        )
        services.version_approve(version=version, actor=approver)
    for kind in APPROVED_AS_STARTED:
        version = documents[kind].versions.order_by("-number").first()
        if version is not None and not version.is_approved:
            services.version_approve(version=version, actor=approver)
