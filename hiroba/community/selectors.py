import copy
import time

from django.core.cache import cache

from hiroba.accounts.models import Member
from hiroba.community.models import Community, Space, SpaceMembership
from hiroba.core.generations import Snapshot, bump
from hiroba.core.prepared import values_rows

COMMUNITY_CACHE_KEY = "community:settings:v1"
# Every request reads the settings several times; each process keeps them for a few seconds so
# that none of those reads is a cache round trip (a table read on the embedded default).
LOCAL_SECONDS = 5.0
_local: tuple[float, Community] | None = None


def get_community() -> Community:
    """The community's settings, cached; services that change them call forget_community."""
    global _local
    now = time.monotonic()
    if _local is not None and _local[0] > now:
        return _local[1]
    community = cache.get(COMMUNITY_CACHE_KEY)
    if community is None:
        community, _created = Community.objects.get_or_create(pk=1)
        cache.set(COMMUNITY_CACHE_KEY, community, timeout=300)
    _local = (now + LOCAL_SECONDS, community)
    return community


def language_for(member: Member) -> str:
    """The language to write to ``member`` in (e-mail, anything made away from their browser):
    their own choice, else the community's."""
    return member.language or get_community().language


def forget_community() -> None:
    """Drop the cached settings here and in the shared cache (other processes follow within
    LOCAL_SECONDS)."""
    global _local
    _local = None
    cache.delete(COMMUNITY_CACHE_KEY)


# Every page asks which spaces there are (who may read what, the home page's list): a community
# has tens, so each process keeps them all, counters included, until a space, a membership or a
# space's post count changes (spaces_written).
SPACES_TOPIC = "spaces"
_spaces = Snapshot(lambda: list(Space.objects.order_by("position", "id")), SPACES_TOPIC)


def all_spaces() -> list[Space]:
    """Every space, archived ones included, in their order. Shared by the requests of this
    process: read them, never change one (``space_by_slug`` gives a copy to change)."""
    return _spaces.get()


def spaces_written() -> None:
    """A space's row changed (its settings, its member or post count): call in the transaction
    that changes it."""
    bump(SPACES_TOPIC)


def space_by_slug(slug: str) -> Space | None:
    for space in all_spaces():
        if space.slug == slug:
            return copy.copy(space)
    return None


def list_visible_spaces(visible_ids: frozenset[int]) -> list[Space]:
    return [space for space in all_spaces() if not space.is_archived and space.pk in visible_ids]


def has_joined(actor, space_id: int) -> bool:
    """Whether ``actor`` is a member of the space. Every space page asks it, and the home page
    for each open survey addressed to a space: one statement per process, with the member's
    and the space's ids put in."""
    if not actor.is_authenticated:
        return False
    rows = values_rows(
        "space membership",
        lambda member, space: SpaceMembership.objects.filter(
            member_id=member, space_id=space
        ).values("space_id"),
        member=actor.pk,
        space=space_id,
    )
    return bool(rows)


def joined_space_ids(actor) -> set[int]:
    if not actor.is_authenticated:
        return set()
    return set(SpaceMembership.objects.filter(member=actor).values_list("space_id", flat=True))
