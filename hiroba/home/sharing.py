"""The link preview (hiroba.core.sharing) of a member's page: their name, short bio and icon,
which the page shows everyone in an open community. A banned member's page gets none."""

from django.urls import reverse
from django.utils.translation import gettext as _

from hiroba.accounts.models import Member
from hiroba.community.selectors import get_community
from hiroba.core.sharing import Kind, PageMeta, page_meta


def member_meta(request, member: Member) -> PageMeta | None:
    community = get_community()
    if not community.is_open or not member.is_active or member.banned_at is not None:
        return None
    return page_meta(
        request,
        title=member.display_name,
        description=member.bio
        or _("%(name)s on %(community)s")
        % {"name": member.display_name, "community": community.name},
        path=reverse("accounts:profile", args=[member.handle]),
        image_url=member.icon.url if member.icon else "",
        kind=Kind.PROFILE,
    )
