"""Sign-ins, sign-outs and failed sign-ins go into the audit trail."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from withus.audit.services import log_action


@receiver(user_logged_in)
def audit_sign_in(sender, request, user, **kwargs):
    log_action(
        actor=user, action="account.sign_in", target=user, summary="Signed in", request=request
    )


@receiver(user_logged_out)
def audit_sign_out(sender, request, user, **kwargs):
    if user is not None:
        log_action(
            actor=user,
            action="account.sign_out",
            target=user,
            summary="Signed out",
            request=request,
        )


@receiver(user_login_failed)
def audit_failed_sign_in(sender, credentials, request=None, **kwargs):
    # Never store what was typed as a password; the address typed is enough to spot attacks.
    typed = str(credentials.get("email") or credentials.get("username") or "")[:254]
    log_action(
        actor=None,
        action="account.sign_in_failed",
        summary=f"Failed sign-in for {typed or 'an unknown address'}",
        request=request,
    )
