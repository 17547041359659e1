"""Who hears of an idea's status change, and telling them (notify() writes after commit).

The author gets ``idea_status`` (their own content); voters and followers get
``idea_status.following`` (things they follow), so each can choose e-mail per category.
When a duplicate is merged, the original's author gets ``idea_merged`` with the votes it brought.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from hiroba.core.plaintext import markdown_excerpt
from hiroba.ideas.models import Follow, Idea, StatusChange, Vote
from hiroba.ideas.styles import status_styles
from hiroba.notifications.messages import Category, register
from hiroba.notifications.services import notify

STATUS_CHANGED = "idea_status"
STATUS_CHANGED_FOLLOWING = "idea_status.following"
MERGED_INTO = "idea_merged"


def audience(idea: Idea) -> list[int]:
    """The author, the voters and the followers of ``idea``: ids, each once."""
    ids = {idea.author_id}
    ids.update(Vote.objects.filter(idea_id=idea.pk).values_list("member_id", flat=True))
    ids.update(Follow.objects.filter(idea_id=idea.pk).values_list("member_id", flat=True))
    return sorted(ids)


def status_changed(*, idea: Idea, change: StatusChange, recipients: list[int], actor) -> None:
    """Tell the author and ``recipients`` (but the actor) of ``change``, with its note."""
    url = reverse("ideas:detail", args=[idea.pk])
    params = {"title": idea.post.title, "status": change.new_status, "note": change.note}
    key = f"{idea.pk}:{change.pk}"
    notify(
        recipients=[idea.author_id],
        verb=STATUS_CHANGED,
        actor=actor,
        target=idea,
        url=url,
        params=params,
        key=key,
    )
    notify(
        recipients=[pk for pk in recipients if pk != idea.author_id],
        verb=STATUS_CHANGED_FOLLOWING,
        actor=actor,
        target=idea,
        url=url,
        params=params,
        key=key,
    )


def merged_into(
    *, duplicate: Idea, original: Idea, change: StatusChange, votes: int, actor
) -> None:
    """Tell the original's author that ``duplicate`` was merged into their idea, bringing
    ``votes`` new votes (an author merging their own two ideas hears of it on the duplicate)."""
    if duplicate.author_id == original.author_id:
        return
    notify(
        recipients=[original.author_id],
        verb=MERGED_INTO,
        actor=actor,
        target=original,
        url=reverse("ideas:detail", args=[original.pk]),
        params={"title": duplicate.post.title, "original": original.post.title, "votes": votes},
        key=f"{original.pk}:{change.pk}",
    )


def _votes(value) -> str:
    count = int(value or 0)
    return ngettext("%(count)d vote", "%(count)d votes", count) % {"count": count}


def _status_label(value) -> str:
    """In the reader's language (or the community's own label for the status)."""
    style = status_styles().get(str(value))
    return style.label if style is not None else str(value)


def _note(value) -> str:
    """The staff note is Markdown; a notification and its e-mail show its words only."""
    return markdown_excerpt(str(value or ""))


def register_verbs() -> None:
    register(
        STATUS_CHANGED,
        _("Your idea “%(title)s” is now %(status)s: %(note)s"),
        category=Category.OWN,
        formatters={"status": _status_label, "note": _note},
    )
    register(
        MERGED_INTO,
        _("“%(title)s” was merged into your idea “%(original)s” with %(votes)s."),
        category=Category.OWN,
        formatters={"votes": _votes},
    )
    register(
        STATUS_CHANGED_FOLLOWING,
        _("An idea you support, “%(title)s”, is now %(status)s: %(note)s"),
        category=Category.FOLLOWING,
        formatters={"status": _status_label, "note": _note},
    )
