"""The e-mail outbox (core.outbox, issue 21): every e-mail is stored first,
in the transaction of the change that wrote it, and sent by the worker
through a real SMTP server (aiosmtpd on the loopback). With the server
stopped nothing is lost; started again, each message arrives exactly once."""

import socket
from datetime import timedelta
from io import StringIO

from django.contrib.auth.models import User
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.test import TestCase, override_settings
from django.utils import timezone, translation
from django.utils.translation import gettext

from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message

from core import outbox
from core.models import OutgoingEmail
from tests.security import report

OUTBOX = "core.outbox.OutboxBackend"
SMTP = "django.core.mail.backends.smtp.EmailBackend"


class Received(Message):
    """Keeps every message the SMTP server accepted."""

    def __init__(self):
        super().__init__()
        self.messages = []

    def handle_message(self, message):
        self.messages.append(message)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SmtpServer:
    """A real SMTP server on a fixed loopback port, stopped and started."""

    def __init__(self):
        self.port = free_port()
        self.handler = Received()
        self.controller = None

    def start(self):
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller:
            self.controller.stop()
            self.controller = None


class OutboxTestCase(TestCase):
    def setUp(self):
        self.server = SmtpServer()
        self.addCleanup(self.server.stop)
        settings = override_settings(
            EMAIL_BACKEND=OUTBOX,
            OUTBOX_DELIVERY_BACKEND=SMTP,
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=self.server.port,
            EMAIL_TIMEOUT=3,
        )
        settings.enable()
        self.addCleanup(settings.disable)

    def later(self, minutes):
        return timezone.now() + timedelta(minutes=minutes)


class OutboxTests(OutboxTestCase):
    def test_sending_stores_the_message_and_sends_nothing(self):
        self.server.start()
        mail.EmailMultiAlternatives(
            "Halo",
            "Teks",
            "agenda@example.org",
            ["a@example.org"],
            cc=["c@example.org"],
            bcc=["b@example.org"],
            alternatives=[("<p>Teks</p>", "text/html")],
        ).send()
        (email,) = OutgoingEmail.objects.all()
        self.assertEqual(email.status, "waiting")
        self.assertEqual(
            email.recipients, ["a@example.org", "c@example.org", "b@example.org"]
        )
        self.assertEqual(self.server.handler.messages, [])

    @report.holds(
        "mail server down, then up (aiosmtpd)",
        "the e-mail waits with its error and retry time; once up it arrives once",
        "kept after a refused attempt; 1 delivery, none on the next runs",
    )
    def test_with_the_server_down_nothing_is_lost_and_once_up_it_arrives_once(self):
        """Server stopped: the worker keeps the message, counts the attempt,
        says why and when it tries again. Server started: the message
        arrives with its subject, text and HTML, and never a second time."""
        mail.EmailMultiAlternatives(
            "Pengajuan baru",
            "Ada acara menunggu.",
            "agenda@example.org",
            ["moderator@example.org"],
            alternatives=[("<p>Ada acara</p>", "text/html")],
        ).send()
        tally = outbox.deliver()
        self.assertEqual(tally, {"retry": 1})
        email = OutgoingEmail.objects.get()
        self.assertEqual((email.status, email.attempts), ("waiting", 1))
        self.assertIn("ConnectionRefusedError", email.last_error)
        self.assertGreater(email.next_attempt_at, timezone.now())
        self.assertEqual(outbox.deliver(), {}, "not due yet")

        self.server.start()
        self.assertEqual(outbox.deliver(now=self.later(2)), {"sent": 1})
        self.assertEqual(outbox.deliver(now=self.later(120)), {})
        (received,) = self.server.handler.messages
        self.assertEqual(received["Subject"], "Pengajuan baru")
        self.assertEqual(received["To"], "moderator@example.org")
        parts = [part.get_content_type() for part in received.walk()]
        self.assertIn("text/html", parts)
        email.refresh_from_db()
        self.assertEqual(email.status, "sent")
        self.assertIsNotNone(email.sent_at)

    def test_the_wait_doubles_up_to_an_hour_and_then_the_message_fails(self):
        self.assertEqual(
            [outbox.wait_after(n).total_seconds() / 60 for n in range(1, 9)],
            [1, 2, 4, 8, 16, 32, 60, 60],
        )
        mail.send_mail("S", "B", None, ["x@example.org"])
        when = timezone.now()
        for _attempt in range(outbox.MAX_ATTEMPTS):
            when += timedelta(hours=2)
            outbox.deliver(now=when)
        email = OutgoingEmail.objects.get()
        self.assertEqual(
            (email.status, email.attempts), ("failed", outbox.MAX_ATTEMPTS)
        )
        self.assertEqual(outbox.deliver(now=when + timedelta(days=1)), {})
        self.assertEqual(outbox.send_again([email.pk]), 1)
        self.server.start()
        self.assertEqual(outbox.deliver(), {"sent": 1})
        self.assertEqual(len(self.server.handler.messages), 1)

    @report.holds(
        "two outbox workers at once, one dying",
        "a claimed e-mail is not sent by the other; after the claim runs out it is",
        "second claim refused, 0 sent; sent once after the claim expired",
    )
    def test_a_message_claimed_by_one_worker_is_not_sent_by_another(self):
        mail.send_mail("S", "B", None, ["x@example.org"])
        email = OutgoingEmail.objects.get()
        now = timezone.now()
        self.assertTrue(outbox._claim(email.pk, now))
        self.assertFalse(outbox._claim(email.pk, now))
        self.server.start()
        self.assertEqual(outbox.deliver(now=now + timedelta(seconds=30)), {})
        self.assertEqual(self.server.handler.messages, [])
        # A worker that died holding it: the claim runs out, another sends it.
        self.assertEqual(outbox.deliver(now=now + outbox.CLAIM * 2), {"sent": 1})

    def test_a_password_reset_goes_through_the_outbox(self):
        User.objects.create_user("staf", "staf@example.org", "x", is_staff=True)
        self.client.post("/admin/password_reset/", {"email": "staf@example.org"})
        (email,) = OutgoingEmail.objects.all()
        self.assertEqual(email.recipients, ["staf@example.org"])
        self.server.start()
        call_command("send_outbox", stdout=StringIO())
        (received,) = self.server.handler.messages
        self.assertIn("/admin/password_reset/", received.get_payload())


class OutboxTransactionTests(TestCase):
    def test_an_email_of_a_change_that_rolled_back_is_never_sent(self):
        with override_settings(EMAIL_BACKEND=OUTBOX):
            try:
                with transaction.atomic():
                    mail.send_mail("S", "B", None, ["x@example.org"])
                    raise RuntimeError("the change failed")
            except RuntimeError:
                pass
        self.assertFalse(OutgoingEmail.objects.exists())


class OutboxAdminTests(OutboxTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.admin = User.objects.create_superuser("root", "root@example.org", "x")

    def test_administrators_see_why_an_email_failed_and_send_it_again(self):
        mail.send_mail("Undangan", "B", None, ["baru@example.org"])
        OutgoingEmail.objects.update(
            status="failed", attempts=12, last_error="SMTPRecipientsRefused: x"
        )
        self.client.force_login(self.admin)
        response = self.client.get("/admin/outbox/?status=failed")
        self.assertContains(response, "baru@example.org")
        self.assertContains(response, "SMTPRecipientsRefused")
        with translation.override("id"):
            self.assertContains(response, gettext("Send again"))
        email = OutgoingEmail.objects.get()
        response = self.client.post("/admin/outbox/resend/", {"email": [email.pk]})
        self.assertRedirects(response, "/admin/outbox/")
        email.refresh_from_db()
        self.assertEqual(
            (email.status, email.attempts, email.last_error), ("waiting", 0, "")
        )

    def test_hostile_input_is_refused_with_a_message(self):
        self.client.force_login(self.admin)
        for status in ("x" * 5000, "\x00", "waiting' OR 1=1"):
            self.assertEqual(
                self.client.get(
                    "/admin/outbox/", {"status": status, "p": "\x07"}
                ).status_code,
                200,
            )
        response = self.client.post(
            "/admin/outbox/resend/", {"email": ["-1", "abc", "9" * 40]}, follow=True
        )
        with translation.override("id"):
            expected = gettext("Nothing to send again: choose a sent or failed e-mail.")
        self.assertContains(response, expected)


class OutboxPoisonTests(OutboxTestCase):
    def test_a_message_that_cannot_be_written_fails_alone(self):
        """A stored message that cannot be written again (damaged content)
        fails at once with its reason; the ones behind it are still sent."""
        mail.send_mail("Rusak", "B", None, ["a@example.org"])
        mail.send_mail("Baik", "B", None, ["b@example.org"])
        broken = OutgoingEmail.objects.get(subject="Rusak")
        OutgoingEmail.objects.filter(pk=broken.pk).update(content={})
        self.server.start()
        self.assertEqual(outbox.deliver(), {"failed": 1, "sent": 1})
        broken.refresh_from_db()
        self.assertEqual(broken.status, "failed")
        self.assertIn("KeyError", broken.last_error)
        self.assertEqual([m["Subject"] for m in self.server.handler.messages], ["Baik"])

    def test_a_mime_attachment_is_kept_and_sent(self):
        from email.mime.text import MIMEText

        part = MIMEText("Jadwal lengkap", "plain", "utf-8")
        part.add_header("Content-Disposition", "attachment", filename="jadwal.txt")
        message = mail.EmailMessage("Lampiran", "B", None, ["c@example.org"])
        message.attach(part)
        message.send()
        self.server.start()
        self.assertEqual(outbox.deliver(), {"sent": 1})
        (received,) = self.server.handler.messages
        names = [p.get_filename() for p in received.walk() if p.get_filename()]
        self.assertEqual(names, ["jadwal.txt"])
