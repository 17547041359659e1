"""The idea as a kind of post (hiroba.posts.kinds): what posts needs to show and write one."""

from django.utils.translation import gettext_lazy as _

from hiroba.ideas.services import write_idea
from hiroba.ideas.styles import styles_key
from hiroba.posts.kinds import PostKind, register_kind
from hiroba.posts.models import Kind


def card_key(status: str, vote_count: int) -> str:
    """An idea card shows its status badge (in the community's label and color) and its votes,
    so those and the labels are part of the card's key."""
    return f"{status}:{vote_count}:{styles_key()}"


def register() -> None:
    register_kind(
        PostKind(
            name=Kind.IDEA,
            detail_url="ideas:detail",
            card_row="idea",
            card_badge="ideas/_card_badge.html",
            card_key_fields=("idea__status", "idea__vote_count"),
            card_key=card_key,
            write=write_idea,
            write_in_space="ideas:submit_in_space",
            write_label=_("Propose an idea"),
            write_style="btn-outline-warning",
            # A space may be closed to ideas (its settings).
            offered_in=lambda space: space.allows_ideas,
        )
    )
