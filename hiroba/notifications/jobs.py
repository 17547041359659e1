from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from huey.contrib.djhuey import db_task


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
