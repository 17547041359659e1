"""Notifications' work after commit, queued by the services (the periodic jobs are in schedules)."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from huey.contrib.djhuey import db_task

from hiroba.community.selectors import get_community, language_for
from hiroba.notifications.delivery import claim_email_copies, write_notifications
from hiroba.notifications.messages import get_spec, render_message

logger = logging.getLogger(__name__)


@db_task(retries=5, retry_delay=60)
def deliver_email(payload: dict) -> None:
    message = EmailMultiAlternatives(
        subject=payload["subject"],
        body=payload["body"],
        from_email=payload["from_email"],
        to=payload["to"],
        cc=payload["cc"],
        bcc=payload["bcc"],
        reply_to=payload["reply_to"],
        headers=payload["headers"],
        connection=get_connection(settings.HIROBA_EMAIL_BACKEND),
    )
    for content, mimetype in payload["alternatives"]:
        message.attach_alternative(content, mimetype)
    message.send()


@db_task(retries=3, retry_delay=30)
def deliver_notifications(event: dict, recipient_ids: list[int]) -> None:
    """Write one batch of an event's notifications, then the e-mail copies members asked for.

    Receives plain data (services.notify made it). Safe to run twice: a row per (recipient,
    event key) is unique, and each e-mail copy is claimed once.
    """
    spec = get_spec(event["verb"])
    if spec is None:
        logger.warning("Dropping notifications of unregistered verb %s", event["verb"])
        return
    written = write_notifications(event, recipient_ids)
    if not written or not event.get("email", True):
        return
    rows = claim_email_copies(
        event_key=event["event_key"], recipient_ids=written, category=spec.category
    )
    if rows:
        send_email_copies(rows)


def send_email_copies(rows) -> None:
    """One e-mail per notification, each in its recipient's language (their choice, else the
    community's), through Django's e-mail (the project's queued backend sends each from its own
    job)."""
    community = get_community()
    messages = []
    settings_url = settings.SITE_URL + reverse("notifications:settings")
    for row in rows:
        with translation.override(language_for(row.recipient)):
            context = {
                "community": community,
                "member": row.recipient,
                "message": render_message(row.verb, row.params, row.actor, html=False),
                "link": settings.SITE_URL + row.url,
                "settings_url": settings_url,
            }
            subject = render_to_string("notifications/email/subject.txt", context)
            body = render_to_string("notifications/email/body.txt", context)
            messages.append(
                EmailMessage(" ".join(subject.split()), body, None, [row.recipient.email])
            )
    get_connection().send_messages(messages)
