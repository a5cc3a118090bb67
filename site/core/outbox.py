"""Every e-mail the site sends is stored first, then sent by a worker.

`OutboxBackend` is the EMAIL_BACKEND in production: Django, Wagtail's
workflow notifications and password resets, and our own invitations write
each message as an `OutgoingEmail` row, in the same transaction as the
change that caused it (a change rolled back sends nothing). The worker
(`manage.py send_outbox`, cron every minute) sends the waiting ones through
OUTBOX_DELIVERY_BACKEND (SMTP), and on a failure tries again after 1, 2, 4 …
minutes, at most an hour apart, until MAX_ATTEMPTS; then the message is
failed, and administrators see why and can send it again (Settings ›
Outgoing e-mail). A worker claims each message before sending it, so two
workers never send it twice.
"""

import base64
import smtplib
from collections import Counter
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db.models import F, Q
from django.utils import timezone

from .models import OutgoingEmail

MAX_ATTEMPTS = 12
LONGEST_WAIT = timedelta(hours=1)
CLAIM = timedelta(minutes=5)
ERROR_LENGTH = 2000


class OutboxBackend(BaseEmailBackend):
    """Stores each message for the outbox worker; sends nothing itself."""

    def send_messages(self, email_messages):
        rows = [_row(message) for message in email_messages if message.recipients()]
        OutgoingEmail.objects.bulk_create(rows)
        return len(rows)


def _row(message) -> OutgoingEmail:
    return OutgoingEmail(
        subject=str(message.subject)[:998],
        sender=message.from_email or settings.DEFAULT_FROM_EMAIL,
        recipients=list(message.recipients()),
        content={
            "body": message.body,
            "to": list(message.to),
            "cc": list(message.cc),
            "bcc": list(message.bcc),
            "reply_to": list(message.reply_to),
            "headers": dict(message.extra_headers),
            "alternatives": [
                [content, mimetype]
                for content, mimetype in getattr(message, "alternatives", [])
            ],
            "attachments": [_attachment(a) for a in message.attachments],
        },
    )


def _attachment(attachment) -> dict:
    """A (name, content, type) tuple or a MIME part, stored as the tuple."""
    if isinstance(attachment, tuple):
        name, content, mimetype = attachment
    else:
        name = attachment.get_filename()
        content = attachment.get_payload(decode=True) or b""
        mimetype = attachment.get_content_type()
    data = content.encode() if isinstance(content, str) else content
    return {"name": name, "data": base64.b64encode(data).decode(), "mimetype": mimetype}


def message_of(email: OutgoingEmail, connection=None) -> EmailMultiAlternatives:
    """The stored message, written again for sending."""
    content = email.content
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=content["body"],
        from_email=email.sender,
        to=content["to"],
        cc=content["cc"],
        bcc=content["bcc"],
        reply_to=content["reply_to"],
        headers=content["headers"],
        connection=connection,
    )
    for alternative, mimetype in content["alternatives"]:
        message.attach_alternative(alternative, mimetype)
    for attachment in content["attachments"]:
        message.attach(
            attachment["name"],
            base64.b64decode(attachment["data"]),
            attachment["mimetype"],
        )
    return message


def wait_after(attempts: int) -> timedelta:
    """How long to wait before the next try, after `attempts` failed."""
    return min(timedelta(minutes=2 ** max(attempts - 1, 0)), LONGEST_WAIT)


def deliver(limit: int = 200, now: datetime | None = None) -> Counter:
    """Send the waiting messages that are due, oldest first; returns how
    many were sent, left to retry and failed for good."""
    now = now or timezone.now()
    tally = Counter()
    due = OutgoingEmail.objects.filter(
        status=OutgoingEmail.Status.WAITING, next_attempt_at__lte=now
    ).order_by("next_attempt_at", "pk")
    pks = list(due.values_list("pk", flat=True)[:limit])
    if not pks:
        return tally
    connection = get_connection(settings.OUTBOX_DELIVERY_BACKEND)
    try:
        for pk in pks:
            if _claim(pk, now):
                tally[_send(OutgoingEmail.objects.get(pk=pk), connection)] += 1
    finally:
        connection.close()
    return tally


def _claim(pk: int, now: datetime) -> bool:
    free = Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    claimed = OutgoingEmail.objects.filter(
        free, pk=pk, status=OutgoingEmail.Status.WAITING
    ).update(claimed_until=now + CLAIM)
    return claimed == 1


def _send(email: OutgoingEmail, connection) -> str:
    try:
        message = message_of(email, connection)
    except Exception as error:  # noqa: BLE001 - recorded, the others go on
        # A stored message that cannot be written again never will be: it
        # fails at once, with the reason, instead of stopping every run
        # before the messages queued behind it.
        OutgoingEmail.objects.filter(pk=email.pk).update(
            attempts=F("attempts") + 1,
            last_error=f"{error.__class__.__name__}: {error}"[:ERROR_LENGTH],
            status=OutgoingEmail.Status.FAILED,
            claimed_until=None,
        )
        return "failed"
    try:
        connection.send_messages([message])
    except (OSError, smtplib.SMTPException) as error:
        # The next message would meet the same closed connection.
        connection.close()
        attempts = email.attempts + 1
        failed = attempts >= MAX_ATTEMPTS
        OutgoingEmail.objects.filter(pk=email.pk).update(
            attempts=F("attempts") + 1,
            last_error=f"{error.__class__.__name__}: {error}"[:ERROR_LENGTH],
            status=OutgoingEmail.Status.FAILED
            if failed
            else OutgoingEmail.Status.WAITING,
            next_attempt_at=timezone.now() + wait_after(attempts),
            claimed_until=None,
        )
        return "failed" if failed else "retry"
    OutgoingEmail.objects.filter(pk=email.pk).update(
        status=OutgoingEmail.Status.SENT,
        sent_at=timezone.now(),
        attempts=F("attempts") + 1,
        claimed_until=None,
    )
    return "sent"


def send_again(pks) -> int:
    """Put failed (or sent) messages back in the queue, due now."""
    return (
        OutgoingEmail.objects.filter(pk__in=pks)
        .exclude(status=OutgoingEmail.Status.WAITING)
        .update(
            status=OutgoingEmail.Status.WAITING,
            attempts=0,
            next_attempt_at=timezone.now(),
            claimed_until=None,
            last_error="",
        )
    )
