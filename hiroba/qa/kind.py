"""The question as a kind of post (hiroba.posts.kinds): what posts needs to show and write one."""

from django.utils.translation import gettext_lazy as _

from hiroba.posts.kinds import PostKind, register_kind
from hiroba.posts.models import Kind
from hiroba.qa.services import write_question


def register() -> None:
    register_kind(
        PostKind(
            name=Kind.QUESTION,
            detail_url="qa:detail",
            card_row="question",
            card_badge="qa/_card_badge.html",
            # A question card shows whether it is solved, so its state is part of the card's key.
            card_key_fields=("question__state",),
            comments_anchor="answers",
            write=write_question,
            write_in_space="qa:ask_in_space",
            write_label=_("Ask a question"),
        )
    )
