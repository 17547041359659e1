"""The notification verb of staff messages to an event's participants (the console sends them)."""

from django.utils.translation import gettext_lazy as _

from hiroba.events.staff import MESSAGE_VERB
from hiroba.notifications.messages import Category, register


def register_console() -> None:
    register(
        MESSAGE_VERB,
        _("About “%(event)s”: %(subject)s — %(body)s"),
        category=Category.OWN,
    )
