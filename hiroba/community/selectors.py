from django.core.cache import cache

from hiroba.community.models import Community, Space, SpaceMembership

COMMUNITY_CACHE_KEY = "community:settings:v1"


def get_community() -> Community:
    """The community's settings, cached; services that change them clear the cache."""
    community = cache.get(COMMUNITY_CACHE_KEY)
    if community is None:
        community, _created = Community.objects.get_or_create(pk=1)
        cache.set(COMMUNITY_CACHE_KEY, community, timeout=300)
    return community


def list_visible_spaces(visible_ids: frozenset[int]) -> list[Space]:
    return [
        space
        for space in Space.objects.filter(is_archived=False).order_by("position", "id")
        if space.pk in visible_ids
    ]


def joined_space_ids(actor) -> set[int]:
    if not actor.is_authenticated:
        return set()
    return set(SpaceMembership.objects.filter(member=actor).values_list("space_id", flat=True))
