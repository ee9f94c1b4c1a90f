"""Participant sign-in: finding people by number or email, sending and checking one-time codes,
issuing and checking printed access codes. Audited; codes are never logged or stored in clear."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from withus.audit.services import log_action
from withus.messaging import channels
from withus.messaging.models import Channel, Message
from withus.messaging.rendering import render, template_for
from withus.people import choices as c
from withus.people.models import Participant
from withus.portal.models import AccessCode, SignInAttempt, SignInCode

CODE_LIFE = dt.timedelta(minutes=10)
WINDOW = dt.timedelta(minutes=15)
MAX_WRONG = 5
CODES_PER_IDENTIFIER = 3
ATTEMPTS_PER_IP = 20
# Letters and digits that cannot be mistaken for each other (no 0/O, 1/I/L, 2/Z, 5/S, 8/B).
ACCESS_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"


class TooMany(Exception):
    """Too many tries from this address or for this number: wait a while."""


@dataclass(frozen=True)
class Identifier:
    channel: str  # Channel.SMS or Channel.EMAIL
    value: str  # normalised

    @property
    def digest(self) -> str:
        return _hash("id", self.value)


def _hash(kind: str, value: str) -> str:
    return hmac.new(
        settings.SECRET_KEY.encode(), f"{kind}:{value}".encode(), hashlib.sha256
    ).hexdigest()


def normalise_phone(text: str) -> str:
    """A UK mobile in one form: '07700 900123', '+44 7700 900123', '0044…' → '07700900123'.
    Returns '' when it does not look like a phone number."""
    raw = (text or "").strip()
    if not re.fullmatch(r"[+\d\s().-]{7,25}", raw):
        return ""
    digits = re.sub(r"\D", "", raw)
    if raw.startswith("+"):
        if digits.startswith("44"):
            digits = "0" + digits[2:]
        else:
            return "+" + digits
    elif digits.startswith("0044"):
        digits = "0" + digits[4:]
    elif digits.startswith("44") and len(digits) == 12:
        digits = "0" + digits[2:]
    if digits.startswith("0") and digits[1:2] == "0":
        return ""
    return digits if 10 <= len(digits) <= 11 else ""


def parse_identifier(text: str) -> Identifier | None:
    text = (text or "").strip()
    if "@" in text:
        email = text.lower()
        if re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
            return Identifier(Channel.EMAIL, email)
        return None
    phone = normalise_phone(text)
    return Identifier(Channel.SMS, phone) if phone else None


def people_for(identifier: Identifier) -> list[Participant]:
    """Everyone with this number or email, in any organisation, who has not moved on."""
    with scopes_disabled():
        people = Participant.unscoped.exclude(status=c.Status.EXITED).filter(erased_at=None)
        if identifier.channel == Channel.EMAIL:
            found = people.filter(email__iexact=identifier.value).select_related("organisation")
            return sorted(found, key=lambda p: p.pk)
        # Match the last seven digits whatever spaces sit between them, then compare in full.
        tail = identifier.value[-7:]
        pattern = r"\D*".join(re.escape(d) for d in tail) + r"\D*$"
        found = people.filter(phone__regex=pattern).select_related("organisation")
        return sorted(
            (p for p in found if normalise_phone(p.phone) == identifier.value), key=lambda p: p.pk
        )


class SharedIdentifier(Exception):
    """The right code, but the number or email belongs to more than one person in the same
    organisation (a family or hostel phone, a key worker's email): we cannot tell who is signing
    in, so nobody is. They are told to ask for a printed access code."""


def one_per_organisation(people: list[Participant]) -> list[Participant]:
    """Drop every organisation where more than one person has this number or email."""
    counts: dict[int, int] = {}
    for person in people:
        counts[person.organisation_id] = counts.get(person.organisation_id, 0) + 1
    return [p for p in people if counts[p.organisation_id] == 1]


def shared_contacts(participant: Participant) -> list[str]:
    """Which of this person's phone number and email another current person in the same
    organisation also has: staff are told when they save, because a shared one signs nobody in
    with a texted or emailed code (see one_per_organisation) and needs printed access codes."""
    shared = []
    for label, text in (("phone number", participant.phone), ("email address", participant.email)):
        identifier = parse_identifier(text or "")
        if identifier and any(
            p.organisation_id == participant.organisation_id and p.pk != participant.pk
            for p in people_for(identifier)
        ):
            shared.append(label)
    return shared


def _ip_count(ip: str | None, kind: str, now: dt.datetime) -> int:
    return SignInAttempt.objects.filter(ip=ip, kind=kind, created_at__gte=now - WINDOW).count()


def _attempt(ip, kind, now, succeeded=False) -> None:
    SignInAttempt.objects.create(ip=ip, kind=kind, created_at=now, succeeded=succeeded)


def request_code(*, text: str, ip: str | None, now: dt.datetime | None = None) -> None:
    """Make a code for this number or email and send it if we know them. Says nothing about
    whether we do. Raises TooMany past the limits, ValueError when it is not a number or email."""
    now = now or timezone.now()
    identifier = parse_identifier(text)
    if identifier is None:
        raise ValueError("Enter a mobile number, like 07700 900123, or an email address")
    if _ip_count(ip, SignInAttempt.Kind.REQUEST, now) >= ATTEMPTS_PER_IP:
        raise TooMany
    recent = SignInCode.objects.filter(
        identifier_hash=identifier.digest, created_at__gte=now - WINDOW
    ).count()
    if recent >= CODES_PER_IDENTIFIER:
        raise TooMany
    _attempt(ip, SignInAttempt.Kind.REQUEST, now)
    code = f"{secrets.randbelow(10**6):06d}"
    SignInCode.objects.create(
        identifier_hash=identifier.digest,
        code_hash=_hash("code", f"{identifier.digest}:{code}"),
        channel=identifier.channel,
        ip=ip,
        created_at=now,
        expires_at=now + CODE_LIFE,
    )
    people = people_for(identifier)
    if people:
        # A shared phone or email: greet nobody by name (the code may reach someone else).
        _send_code(people[0], identifier, code, now, by_name=len(people) == 1)


def _send_code(
    participant: Participant, identifier: Identifier, code: str, now, *, by_name: bool = True
) -> Message:
    """Send through the channel the person typed, straight away. They asked for it, so quiet
    hours, the channel order and contact consent (which the delivery task would apply) do not
    hold it back. message_participant cannot be told which channel to use, and deliver_message
    re-applies quiet hours and consent, so the Message is made here (template "general",
    essential) and sent through the same channel senders after the transaction commits."""
    organisation = participant.organisation
    body = f"Your withus code is {code}. It works for 10 minutes. Do not share it."
    rendered = render(
        template_for(organisation, "general"),
        {
            "name": participant.preferred_name if by_name else "there",
            "organisation": organisation.name,
            "contact": organisation.name,
            "message": body,
        },
        identifier.channel,
    )
    stored = participant.email if identifier.channel == Channel.EMAIL else participant.phone
    with scope(organisation=organisation):
        message = Message.unscoped.create(
            organisation=organisation,
            participant=participant,
            channel=identifier.channel,
            to_address=stored.strip(),
            template="general",
            subject=rendered.subject or "Your withus code",
            body=rendered.body,
            essential=True,
            status=Message.Status.QUEUED,
            created_at=now,
        )
    transaction.on_commit(lambda: deliver_code(message.pk))
    return message


def deliver_code(message_id: int) -> None:
    """Send one sign-in code now. Claimed QUEUED → SENDING first, so it is only sent once."""
    S = Message.Status
    if not Message.unscoped.filter(pk=message_id, status=S.QUEUED).update(status=S.SENDING):
        return
    message = Message.unscoped.select_related("organisation").get(pk=message_id)
    sender = channels.send_email if message.channel == Channel.EMAIL else channels.send_sms
    result = sender(message)
    Message.unscoped.filter(pk=message_id, status=S.SENDING).update(
        status=S.SENT if result.ok else S.FAILED,
        sent_at=timezone.now() if result.ok else None,
        provider=result.provider[:20],
        provider_reference=result.reference[:100],
        status_reason="" if result.ok else result.reason[:300],
    )
    if not channels.outbox_in_use():
        # Once it has really gone, nobody (staff reading message history included) needs the
        # code: keeping it would let staff sign in as the person. The development outbox keeps
        # it until it is used, because there the outbox is how you read it.
        redact_codes(participant_ids=[message.participant_id])


CODE_IN_BODY = re.compile(r"(withus code is )\d{6}")


def redact_codes(*, participant_ids: list[int]) -> int:
    """Blank the digits of sign-in codes kept in these people's message history."""
    changed = []
    for message in Message.unscoped.filter(
        participant_id__in=participant_ids, template="general", body__contains="withus code is"
    ).only("pk", "body"):
        message.body = CODE_IN_BODY.sub(r"\1••••••", message.body)
        changed.append(message)
    Message.unscoped.bulk_update(changed, ["body"])
    return len(changed)


def check_code(*, text: str, code: str, ip: str | None, now=None) -> list[Participant]:
    """The people this code signs in, or [] when it is wrong, used, expired or locked. Raises
    SharedIdentifier when the code is right but the number or email is shared in every
    organisation that holds it."""
    now = now or timezone.now()
    if _ip_count(ip, SignInAttempt.Kind.CHECK, now) >= ATTEMPTS_PER_IP:
        raise TooMany
    identifier = parse_identifier(text)
    code = re.sub(r"\s", "", code or "")
    if identifier is None:
        return []
    latest = (
        SignInCode.objects.filter(identifier_hash=identifier.digest, used_at=None)
        .order_by("-created_at", "-pk")
        .first()
    )
    usable = latest is not None and latest.expires_at > now and latest.wrong_tries < MAX_WRONG
    right = usable and hmac.compare_digest(
        latest.code_hash, _hash("code", f"{identifier.digest}:{code}")
    )
    found = people_for(identifier) if right else []
    people = one_per_organisation(found)
    _attempt(ip, SignInAttempt.Kind.CHECK, now, succeeded=bool(people))
    if not right:
        if usable:
            SignInCode.objects.filter(pk=latest.pk).update(wrong_tries=latest.wrong_tries + 1)
        for person in people_for(identifier):
            log_action(
                action="portal.sign_in_failed",
                summary=f"A wrong or expired sign-in code was typed for {person.preferred_name}",
                organisation=person.organisation,
                target=person,
            )
        return []
    SignInCode.objects.filter(pk=latest.pk).update(used_at=now)
    redact_codes(participant_ids=[person.pk for person in found])
    if found and not people:
        raise SharedIdentifier
    for person in people:
        log_action(
            action="portal.sign_in",
            summary=f"{person.preferred_name} signed in to the portal with a code",
            organisation=person.organisation,
            target=person,
        )
    return people


def _access_hash(code: str) -> str:
    clean = re.sub(r"[^A-Z0-9]", "", (code or "").upper())
    return _hash("access", clean)


def issue_access_code(*, participant: Participant, actor, now=None) -> str:
    """A new printed code for this person; any earlier one stops working. Returns the code,
    shown once, as 'ABCD-EFGH-JKMN'."""
    now = now or timezone.now()
    code = "".join(secrets.choice(ACCESS_ALPHABET) for _ in range(12))
    with transaction.atomic():
        revoked = AccessCode.unscoped.filter(participant=participant, revoked_at=None).update(
            revoked_at=now
        )
        access = AccessCode.unscoped.create(
            organisation=participant.organisation,
            participant=participant,
            code_hash=_access_hash(code),
            created_at=now,
            created_by=actor,
        )
        log_action(
            action="portal.access_code_issue",
            summary=(
                f"Printed access code made for {participant.preferred_name}"
                + (" (the old one no longer works)" if revoked else "")
            ),
            actor=actor,
            organisation=participant.organisation,
            target=access,
        )
    return f"{code[:4]}-{code[4:8]}-{code[8:]}"


def check_access_code(*, code: str, ip: str | None, now=None) -> Participant | None:
    now = now or timezone.now()
    if _ip_count(ip, SignInAttempt.Kind.ACCESS, now) >= ATTEMPTS_PER_IP:
        raise TooMany
    with scopes_disabled():
        access = (
            AccessCode.unscoped.filter(code_hash=_access_hash(code), revoked_at=None)
            .exclude(participant__status=c.Status.EXITED)
            .filter(participant__erased_at=None)
            .select_related("participant__organisation")
            .first()
        )
    _attempt(ip, SignInAttempt.Kind.ACCESS, now, succeeded=access is not None)
    if access is None:
        return None
    AccessCode.unscoped.filter(pk=access.pk).update(last_used_at=now)
    person = access.participant
    log_action(
        action="portal.sign_in",
        summary=f"{person.preferred_name} signed in to the portal with a printed access code",
        organisation=person.organisation,
        target=person,
    )
    return person


# Sign-in rows are only needed for the limits (15 minutes) and for looking into abuse soon
# after; after this they are deleted by the daily jobs. They hold hashes and addresses only.
KEEP_SIGN_IN_ROWS = dt.timedelta(days=30)


def forget_old_sign_in_rows(*, now: dt.datetime | None = None) -> int:
    """Delete sign-in codes and attempts older than KEEP_SIGN_IN_ROWS. Returns how many."""
    cutoff = (now or timezone.now()) - KEEP_SIGN_IN_ROWS
    codes, _ = SignInCode.objects.filter(created_at__lt=cutoff).delete()
    attempts, _ = SignInAttempt.objects.filter(created_at__lt=cutoff).delete()
    return codes + attempts
