"""The event's photo report as a kind of post (hiroba.posts.kinds): no page of its own (the
post's page shows which event it reports on), a badge naming the event on its card, and the
hook that links the post to its event inside publish_post's transaction (after.py)."""

from django.utils.translation import gettext_lazy as _

from hiroba.events.after import REPORT_KIND, SURVEY_INVITE, write_event_report
from hiroba.notifications.messages import Category
from hiroba.notifications.messages import register as register_verb
from hiroba.posts.kinds import PostKind, register_kind


def register() -> None:
    register_kind(
        PostKind(
            name=REPORT_KIND,
            card_row="event_report",
            card_related=("event_report__event",),
            card_badge="events/_report_badge.html",
            # The card names its event when it is for every reader of the post: a renamed
            # event, or one whose audience changed, makes a new card.
            card_key_fields=(
                "event_report__event_id",
                "event_report__event__title",
                "event_report__event__space_id",
                "event_report__event__audience_segment_id",
            ),
            write=write_event_report,
            page_template="events/_report_on_post.html",
        )
    )
    register_verb(
        SURVEY_INVITE,
        _("Thank you for coming to “%(event)s”. Tell us how it was: “%(title)s”."),
        category=Category.OWN,
    )
