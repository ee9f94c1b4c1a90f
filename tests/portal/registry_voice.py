"""Portal "Your say" pages: the suggestion box, my contributions, the board, surveys."""

from __future__ import annotations

from tests.portal.portal_spec import PortalUrl


def invited_survey(world, owner) -> dict:
    """An open, invitation-only participant survey with a personal link sent to the owner only."""
    from django_scopes import scopes_disabled

    from tests.surveys.builders import make_survey
    from withus.messaging.models import Message
    from withus.surveys.models import Survey, SurveyInvite
    from withus.surveys.services import hash_token

    with scopes_disabled():
        survey = Survey.unscoped.filter(
            organisation=owner.organisation, title="Walker invited survey"
        ).first()
        if survey is None:
            survey = make_survey(
                owner.organisation,
                title="Walker invited survey",
                status="open",
                questions=[{"text": "How was it?", "kind": "text"}],
            )
            message = Message.unscoped.create(
                organisation=owner.organisation,
                participant=owner,
                channel="email",
                to_address=owner.email or "olive@example.org",
                template="survey_invitation",
                body="A survey",
                status=Message.Status.SENT,
            )
            SurveyInvite.unscoped.create(
                organisation=owner.organisation,
                survey=survey,
                participant=owner,
                token_hash=hash_token(f"walker-{survey.pk}"),
                message=message,
            )
    return {"pk": survey.pk}


URLS = {
    "portal:voice": PortalUrl(),
    "portal:voice_suggest": PortalUrl(),
    "portal:voice_thanks": PortalUrl(),
    "portal:voice_board": PortalUrl(),
    "portal:voice_mine": PortalUrl(),
    "portal:surveys": PortalUrl(),
    "portal:survey": PortalUrl(params=invited_survey),
}
