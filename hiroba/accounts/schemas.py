from datetime import datetime

from ninja import Field, Schema
from pydantic import StrictStr

from hiroba.core.api.schemas import media_url


class ProfileOut(Schema):
    """A member's public profile: never their e-mail address, birth year or region."""

    handle: str
    display_name: str
    bio: str
    icon_url: str | None
    is_staff: bool
    is_official: bool
    post_count: int
    date_joined: datetime

    @staticmethod
    def resolve_icon_url(obj, context) -> str | None:
        return media_url(context["request"], obj.icon)


class MeOut(ProfileOut):
    """The caller's own account: the public profile plus what only they see."""

    email: str | None
    role: str
    language: str = Field(
        description="The language chosen for pages, notifications and e-mails (ja, en), or empty"
    )
    is_suspended: bool


class TokenOut(Schema):
    id: int
    name: str
    prefix: str = Field(description="The first characters of the secret, to recognize it")
    created_at: datetime
    last_used_at: datetime | None


class TokenCreatedOut(TokenOut):
    secret: str = Field(description="Shown once: store it now, it cannot be read again")


class TokenIn(Schema):
    name: StrictStr


class MemberBriefOut(Schema):
    """The author of a post or comment: what the avatar and name show on the pages."""

    handle: str
    display_name: str
    icon_url: str | None
    is_staff: bool
    is_official: bool

    @staticmethod
    def resolve_icon_url(obj, context) -> str | None:
        return media_url(context["request"], obj.icon_small or obj.icon)
