"""Background delivery of emails and texts. Tasks take ids and re-enter the organisation's scope
(services.deliver does, after loading the message)."""

from django.tasks import task

from withus.messaging.services import deliver, deliver_due_messages

__all__ = ["deliver_due_messages", "deliver_message"]


@task()
def deliver_message(message_id: int) -> str:
    """Send one queued message. Safe to retry: a message is only ever sent once."""
    return deliver(message_id)
