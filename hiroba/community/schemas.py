from ninja import Schema


class SpaceOut(Schema):
    slug: str
    name: str
    description: str
    visibility: str
    post_count: int
    member_count: int
    is_archived: bool
    joined: bool = False


class SpaceMemberOut(Schema):
    """A member of a space, as managers add them."""

    space: str
    handle: str
