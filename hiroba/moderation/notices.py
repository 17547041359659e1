"""Moderation outcomes in the writer's notifications, beside the e-mail jobs.notify_outcome sends.

The messages are the e-mail subjects: one verb per told action.
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from hiroba.notifications.messages import Category, register
from hiroba.notifications.services import notify

PUBLISHED = _("Your post is published")
VISIBLE_AGAIN = _("Your post is visible again")
ACTED_ON = _("A moderator acted on your post")
MESSAGES = {
    "post_approve": PUBLISHED,
    "comment_approve": PUBLISHED,
    "post_restore": VISIBLE_AGAIN,
    "comment_restore": VISIBLE_AGAIN,
    "post_hide": ACTED_ON,
    "comment_hide": ACTED_ON,
    "post_delete": ACTED_ON,
    "comment_delete": ACTED_ON,
    "member_warn": _("A warning from the moderators"),
    "member_suspend": _("Your account is suspended"),
    "member_ban": _("Your account is banned"),
    "member_lift": _("Your account can write again"),
}


def verb_for(action: str) -> str:
    return f"moderation_{action}"


def register_verbs() -> None:
    for action, message in MESSAGES.items():
        register(verb_for(action), message, category=Category.ACCOUNT)


def tell_in_site(*, entry, member, link: str) -> None:
    """The outcome in ``member``'s notifications, once per audit entry; no e-mail copy (the
    outcome e-mail carries the reason and is sent whatever the member's settings)."""
    if entry.action not in MESSAGES:
        return
    path = link[len(settings.SITE_URL) :] if link.startswith(settings.SITE_URL) else "/"
    notify(
        recipients=[member.pk],
        verb=verb_for(entry.action),
        actor=None,
        target=entry,
        url=path or "/",
        key=f"audit:{entry.pk}",
        email=False,
    )
