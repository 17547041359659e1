"""Who may read which space. The one place that decides; posts, comments, API and feeds ask it."""

from django.http import Http404
from django.utils.translation import gettext as _

from hiroba.accounts.permissions import is_member, is_moderator
from hiroba.community.models import Space, SpaceMembership, Visibility
from hiroba.community.selectors import all_spaces, get_community, space_by_slug, spaces_written
from hiroba.core.errors import Refused
from hiroba.core.prepared import values_rows


def can_read_community(actor) -> bool:
    """An open community is readable by anyone; a closed one by its members only."""
    return is_member(actor) or get_community().is_open


# Bumped whenever a space or a membership changes in this process, so that an actor object that
# lives longer than a request (a job, a command, a test fixture) does not keep a stale memo.
_spaces_generation = 0


def require_reader(actor) -> None:
    """A closed community answers 401 to anonymous callers of the API's collections."""
    if not can_read_community(actor):
        raise Refused(_("Please log in to do this."), code="login_required")


def spaces_changed() -> None:
    """A space or a membership changed: in the current transaction, retire every process's
    copy of the spaces, and at once this process's memos of who may read them."""
    global _spaces_generation
    _spaces_generation += 1
    spaces_written()


def visible_space_ids(actor) -> frozenset[int]:
    """Ids of the spaces ``actor`` may read (memoized on the actor until spaces change)."""
    return _space_ids(actor)[0]


def hidden_space_ids(actor) -> frozenset[int]:
    """Ids of the spaces ``actor`` may not read: the complement of visible_space_ids."""
    return _space_ids(actor)[1]


def _space_ids(actor) -> tuple[frozenset[int], frozenset[int]]:
    cached = getattr(actor, "_hiroba_visible_space_ids", None)
    if cached is not None and cached[0] == _spaces_generation:
        return cached[1]
    spaces = [(space.pk, space.visibility) for space in all_spaces()]
    if is_moderator(actor):
        visible = frozenset(pk for pk, _v in spaces)
    elif is_member(actor):
        restricted = sorted(pk for pk, v in spaces if v == Visibility.RESTRICTED)
        joined = set()
        if restricted:
            # Every page asks it: one statement per process and set of restricted spaces, with
            # the member's id put in.
            rows = values_rows(
                ("restricted memberships", *restricted),
                lambda member: SpaceMembership.objects.filter(
                    member_id=member, space_id__in=restricted
                ).values("space_id"),
                member=actor.pk,
            )
            joined = {row["space_id"] for row in rows}
        visible = frozenset(pk for pk, v in spaces if v != Visibility.RESTRICTED or pk in joined)
    elif get_community().is_open:
        visible = frozenset(pk for pk, v in spaces if v == Visibility.PUBLIC)
    else:
        visible = frozenset()
    pair = (visible, frozenset(pk for pk, _v in spaces) - visible)
    if actor is not None:
        actor._hiroba_visible_space_ids = (_spaces_generation, pair)
    return pair


def forget_visible_spaces(actor) -> None:
    if actor is not None and hasattr(actor, "_hiroba_visible_space_ids"):
        del actor._hiroba_visible_space_ids


def access_space(actor, slug: str) -> Space:
    """The space at ``slug`` if ``actor`` may read it; the same 404 whether missing or hidden."""
    space = space_by_slug(slug)
    if space is None or space.pk not in visible_space_ids(actor):
        raise Http404("No such space")
    return space


def can_join(actor, space: Space) -> bool:
    """Members join public and members-only spaces themselves; restricted ones are by invitation."""
    return is_member(actor) and space.visibility != Visibility.RESTRICTED


def is_public_space(space: Space) -> bool:
    """Whether anyone, logged in or not, may read the space: what link previews, feeds and the
    sitemap may show of it."""
    return get_community().is_open and space.visibility == Visibility.PUBLIC
