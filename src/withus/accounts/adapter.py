from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Staff join withus by invitation from an organisation admin, never by open sign-up."""

    def is_open_for_signup(self, request) -> bool:
        return False
