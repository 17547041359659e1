"""The demo's seeding sends no e-mail: its members' addresses are made up.

While ``seed_demo`` runs, Django's e-mail goes to ``DroppedMail``, which counts the messages and
sends none, so neither the seeding nor the jobs it queued (notification copies) leave ~950
messages for the job consumer to print when the demo starts.
"""

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend

BACKEND = "hiroba.demo.mail.DroppedMail"


class DroppedMail(BaseEmailBackend):
    dropped = 0

    def send_messages(self, email_messages) -> int:
        DroppedMail.dropped += len(email_messages)
        return len(email_messages)


def where_mail_goes() -> str:
    """One line for the person who started the demo: where the site's e-mail ends up."""
    backend = settings.HIROBA_EMAIL_BACKEND
    if backend == "django.core.mail.backends.console.EmailBackend":
        return "printed in this terminal by the job consumer"
    if backend == "django.core.mail.backends.filebased.EmailBackend":
        return f"written as files to {getattr(settings, 'EMAIL_FILE_PATH', '(EMAIL_FILE_PATH)')}"
    if backend == "django.core.mail.backends.smtp.EmailBackend":
        return f"sent through the SMTP server {settings.EMAIL_HOST}:{settings.EMAIL_PORT}"
    return f"handed to {backend}"
