"""Sign-up through allauth's page, and the e-mails it sends through the job to a real SMTP server.

Mail goes QueuedEmailBackend -> on commit -> deliver_email job (Huey runs it at once in tests) ->
HIROBA_EMAIL_BACKEND, here Django's SMTP backend talking to a small SMTP sink in this process.
"""

import email
import email.policy
import re
import socketserver
import threading

import pytest
from django.test import Client
from django.urls import reverse

from hiroba.accounts.models import Member
from hiroba.activity.models import Activity, Verb


class _SMTPHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP for Django's backend: EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT."""

    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self):
        self.reply("220 sink ESMTP")
        sender, recipients = None, []
        while line := self.rfile.readline():
            command = line.decode("ascii", "replace").strip()
            verb = command[:4].upper()
            if verb in ("EHLO", "HELO"):
                self.reply("250 sink")
            elif verb == "MAIL":
                sender, recipients = command.split(":", 1)[1].strip(), []
                self.reply("250 OK")
            elif verb == "RCPT":
                recipients.append(command.split(":", 1)[1].strip().strip("<>"))
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                lines = []
                while (data := self.rfile.readline()) not in (b".\r\n", b""):
                    lines.append(data[1:] if data.startswith(b"..") else data)
                raw = b"".join(lines)
                self.server.messages.append(
                    {
                        "from": sender,
                        "to": recipients,
                        "message": email.message_from_bytes(raw, policy=email.policy.default),
                    }
                )
                self.reply("250 OK queued")
            elif verb in ("RSET", "NOOP"):
                self.reply("250 OK")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("502 Command not implemented")


class _SMTPSink(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _SMTPHandler)
        self.messages: list[dict] = []


@pytest.fixture
def smtp_sink(settings):
    sink = _SMTPSink()
    thread = threading.Thread(target=sink.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    # pytest-django swaps EMAIL_BACKEND for locmem; put the real route back.
    settings.EMAIL_BACKEND = "hiroba.notifications.backends.QueuedEmailBackend"
    settings.HIROBA_EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = sink.server_address
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield sink
    sink.shutdown()
    sink.server_close()


def body_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


SIGNUP = {
    "email": "hanako@example.com",
    "password1": "a long enough passphrase 42",
    "password2": "a long enough passphrase 42",
    "display_name": "はなこ",
    "handle": "hanako_k",
    "accept_guidelines": "on",
}


def test_signing_up_creates_the_member_and_mails_the_verification_through_the_job(
    db, smtp_sink, django_capture_on_commit_callbacks
):
    assert not Member.objects.exists()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = Client(HTTP_ACCEPT_LANGUAGE="en").post(reverse("account_signup"), SIGNUP)

    assert response.status_code == 302
    member = Member.objects.get(email="hanako@example.com")
    assert (member.handle, member.display_name) == ("hanako_k", "はなこ")
    assert member.accepted_guidelines_at is not None and member.check_password(SIGNUP["password1"])
    assert (
        Activity.objects.filter(verb=Verb.SIGNUP, actor=member, subject_id=member.pk).count() == 1
    )
    assert len(callbacks) >= 1  # the mail waited for the commit
    assert len(smtp_sink.messages) == 1
    sent = smtp_sink.messages[0]
    assert sent["to"] == ["hanako@example.com"]
    assert sent["message"]["To"] == "hanako@example.com"
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", body_of(sent["message"]))
    assert link, body_of(sent["message"])


def test_no_mail_leaves_before_the_sign_up_commits(
    db, smtp_sink, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        Client(HTTP_ACCEPT_LANGUAGE="en").post(reverse("account_signup"), SIGNUP)
    assert Member.objects.filter(handle="hanako_k").exists()
    assert callbacks and smtp_sink.messages == []


def test_the_verification_link_confirms_the_address(
    db, smtp_sink, django_capture_on_commit_callbacks
):
    from allauth.account.models import EmailAddress

    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_signup"), SIGNUP)
    path = re.search(r"/accounts/confirm-email/\S+/", body_of(smtp_sink.messages[0]["message"]))
    assert not EmailAddress.objects.get(email="hanako@example.com").verified

    response = client.post(path.group(0))

    assert response.status_code == 302
    assert EmailAddress.objects.get(email="hanako@example.com").verified


def test_a_password_reset_mail_goes_through_the_job(
    alice, smtp_sink, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = Client(HTTP_ACCEPT_LANGUAGE="en").post(
            reverse("account_reset_password"), {"email": "alice@example.com"}
        )

    assert response.status_code == 302
    assert len(smtp_sink.messages) == 1
    sent = smtp_sink.messages[0]
    assert sent["to"] == ["alice@example.com"]
    assert "/accounts/password/reset/key/" in body_of(sent["message"])


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"accept_guidelines": ""}, "accept_guidelines"),
        ({"handle": "ALICE"}, "handle"),
        ({"handle": "al"}, "handle"),
        ({"handle": "アリス"}, "handle"),
        ({"display_name": "   "}, "display_name"),
        ({"password2": "something else 42"}, "password2"),
    ],
    ids=[
        "guidelines-not-accepted",
        "handle-taken-other-case",
        "handle-too-short",
        "handle-not-ascii",
        "blank-display-name",
        "passwords-differ",
    ],
)
def test_sign_up_refuses_bad_input_with_a_form_error(alice, smtp_sink, change, field):
    before = (Member.objects.count(), Activity.objects.count())

    response = Client(HTTP_ACCEPT_LANGUAGE="en").post(reverse("account_signup"), SIGNUP | change)

    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert (Member.objects.count(), Activity.objects.count()) == before
    assert smtp_sink.messages == []


def test_the_sign_up_page_asks_for_handle_display_name_and_guidelines(db):
    response = Client(HTTP_ACCEPT_LANGUAGE="en").get(reverse("account_signup"))
    assert response.status_code == 200
    for name in (b'name="handle"', b'name="display_name"', b'name="accept_guidelines"'):
        assert name in response.content
    assert reverse("community:guidelines").encode() in response.content


def test_signing_up_with_a_taken_email_does_not_reveal_it_and_mails_the_owner(
    alice, smtp_sink, django_capture_on_commit_callbacks
):
    before = (Member.objects.count(), Activity.objects.count())

    with django_capture_on_commit_callbacks(execute=True):
        response = Client(HTTP_ACCEPT_LANGUAGE="en").post(
            reverse("account_signup"), SIGNUP | {"email": "alice@example.com"}
        )

    # allauth answers as for a new account (no account enumeration) and tells the owner instead.
    assert response.status_code == 302
    assert (Member.objects.count(), Activity.objects.count()) == before
    assert [m["to"] for m in smtp_sink.messages] == [["alice@example.com"]]
    assert "/accounts/confirm-email/" not in body_of(smtp_sink.messages[0]["message"])
