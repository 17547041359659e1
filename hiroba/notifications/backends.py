"""An e-mail backend that hands every message to a job, so no request waits on SMTP.

Django and allauth send through ``EMAIL_BACKEND``; this backend serializes each message and
queues ``deliver_email``, which sends it through ``HIROBA_EMAIL_BACKEND`` (SMTP, a provider, or the
console). Messages are queued after the surrounding transaction commits.
"""

from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction

from hiroba.notifications.jobs import deliver_email


def serialize(message) -> dict:
    data = {
        "subject": message.subject,
        "body": message.body,
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "alternatives": [],
    }
    for alternative in getattr(message, "alternatives", []):
        content, mimetype = alternative[0], alternative[1]
        data["alternatives"].append([content, mimetype])
    return data


class QueuedEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        for message in email_messages:
            payload = serialize(message)
            transaction.on_commit(lambda payload=payload: deliver_email(payload))
        return len(email_messages)
