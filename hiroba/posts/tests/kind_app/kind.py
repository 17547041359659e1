from hiroba.posts.kinds import PostKind, register_kind
from hiroba.posts.tests.kind_app.models import TastingNote

KIND = "tasting"


def write_note(*, actor, post, score: int) -> TastingNote:
    return TastingNote.objects.create(post=post, score=score)


def register() -> None:
    register_kind(
        PostKind(
            name=KIND,
            detail_url="kind_app:detail",
            card_row="tasting",
            card_badge="kind_app/_card_badge.html",
            card_key_fields=("tasting__score",),
            card_key=lambda score: score,
            comments_anchor="impressions",
            write=write_note,
        )
    )
