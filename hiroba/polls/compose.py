"""The poll as a compose add-on of new posts and articles (hiroba.posts.compose): the "Add a
poll" fields of the compose forms, the "poll" of the API's new post, attached inside the post's
transaction."""

import json

from ninja import Field, Schema
from pydantic import field_validator

from hiroba.polls.forms import PollFields
from hiroba.polls.permissions import POLL_KINDS
from hiroba.polls.schemas import PollIn
from hiroba.polls.services import POLL_ADD_ON, PollSpec, attach_poll
from hiroba.posts.compose import ComposeAddOn, register_add_on


class PollPart(Schema):
    """The API body's part: mixed into the new post's body by posts."""

    poll: PollIn | None = Field(
        None,
        description="A poll to add to the post (in multipart/form-data: as a JSON string); "
        "its id is the post's: GET /polls/{id}",
    )

    @field_validator("poll", mode="before")
    @classmethod
    def _poll_from_form(cls, value):
        """A multipart form sends the poll as a JSON string."""
        if isinstance(value, str):
            try:
                return json.loads(value)
            except ValueError:
                raise ValueError("poll must be a JSON object") from None
        return value


def _attach(*, actor, post, value: PollSpec) -> None:
    attach_poll(actor=actor, post=post, poll=value)


def register() -> None:
    register_add_on(
        ComposeAddOn(
            name=POLL_ADD_ON,
            kinds=POLL_KINDS,
            form=PollFields,
            form_template="polls/_poll_fields.html",
            schema=PollPart,
            prepare=PollIn.spec,
            attach=_attach,
            multipart_note="the poll as a JSON part",
            post_template="polls/_on_post.html",
            stylesheet="polls/polls.css",
        )
    )
