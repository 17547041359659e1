"""Conditions on what members did: spaces joined, and how much they posted, answered, proposed.

Counts are of what is shown now (published, not deleted): a removed post no longer counts, as it
no longer counts on the member's profile.

- posts: every post the member published, of any kind (posts, questions, ideas), from the
  member's own counter (``Member.post_count``), which the posting services keep with F() updates.
- answers: top-level comments on questions (hiroba.qa calls these answers; replies to an answer
  are not answers).
- ideas: posts of kind idea.
"""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hiroba.community.models import Space, SpaceMembership
from hiroba.posts.models import Comment, CommentStatus, Kind, Post
from hiroba.posts.models import Status as PostStatus
from hiroba.segments.rules.base import (
    Rule,
    range_words,
    read_ids,
    read_range,
    refuse,
    register,
)


@register
@dataclass(frozen=True)
class Spaces(Rule):
    """A member of at least one of the spaces."""

    type = "spaces"
    label = gettext_lazy("Spaces joined")
    fields = ("spaces",)

    spaces: tuple[int, ...]
    names: tuple[str, ...] = ()

    @classmethod
    def parse(cls, data):
        ids = read_ids(data, "spaces")
        names = dict(Space.objects.filter(pk__in=ids).values_list("pk", "name"))
        missing = [pk for pk in ids if pk not in names]
        if missing:
            raise refuse(
                _("No such space: %(ids)s.") % {"ids": ", ".join(map(str, missing))},
                code="unknown_space",
            )
        return cls(tuple(ids), tuple(names[pk] for pk in ids))

    def q(self, *, now):
        joined = SpaceMembership.objects.filter(space_id__in=self.spaces).values("member_id")
        return Q(pk__in=joined)

    def as_dict(self):
        return {"type": self.type, "spaces": list(self.spaces)}

    def describe(self):
        return _("Joined any of: %(names)s") % {"names": ", ".join(self.names)}


@dataclass(frozen=True)
class CountRule(Rule):
    """At least ``low`` and at most ``high`` of something (either may be open)."""

    fields = ("min", "max")

    low: int | None
    high: int | None

    @classmethod
    def parse(cls, data):
        return cls(*read_range(data))

    def as_dict(self):
        return {"type": self.type, "min": self.low, "max": self.high}

    def describe(self):
        return f"{self.label}: {range_words(self.low, self.high)}"


def authors_with(rows: QuerySet, field: str, *, more_than: int) -> QuerySet:
    """The ids in ``field`` of rows that appear more than ``more_than`` times (GROUP BY)."""
    return (
        rows.order_by().values(field).annotate(n=Count("pk")).filter(n__gt=more_than).values(field)
    )


class GroupedCount(CountRule):
    """A count made by grouping rows by author: "at least n" is "in the authors with more than
    n − 1", and "at most n" is "not in the authors with more than n", so that members with none
    at all are counted as 0 without a row per member."""

    author_field = "author_id"

    def rows(self) -> QuerySet:
        raise NotImplementedError

    def q(self, *, now):
        q = Q()
        if self.low:
            q &= Q(pk__in=authors_with(self.rows(), self.author_field, more_than=self.low - 1))
        if self.high is not None:
            q &= ~Q(pk__in=authors_with(self.rows(), self.author_field, more_than=self.high))
        return q


@register
@dataclass(frozen=True)
class Posts(CountRule):
    type = "posts"
    label = gettext_lazy("Posts")

    def q(self, *, now):
        q = Q()
        if self.low is not None:
            q &= Q(post_count__gte=self.low)
        if self.high is not None:
            q &= Q(post_count__lte=self.high)
        return q


@register
@dataclass(frozen=True)
class Answers(GroupedCount):
    type = "answers"
    label = gettext_lazy("Answers")

    def rows(self):
        # Driven from the questions (the posts' kind index, then each question's comments by
        # the thread index). "parent IS NULL" is written as an expression no index serves:
        # SQLite's statistics count only non-null parents (3 rows a value), so it walked every
        # top-level comment through the parent index instead (2.5 s for 3.3 million comments
        # at mineo scale).
        questions = Post.objects.filter(
            kind=Kind.QUESTION, status=PostStatus.PUBLISHED, deleted_at__isnull=True
        ).values("pk")
        return Comment.objects.annotate(top_level=Coalesce("parent_id", Value(0))).filter(
            post_id__in=questions,
            top_level=0,
            status=CommentStatus.PUBLISHED,
            deleted_at__isnull=True,
        )


@register
@dataclass(frozen=True)
class Ideas(GroupedCount):
    type = "ideas"
    label = gettext_lazy("Ideas")

    def rows(self):
        return Post.objects.filter(
            kind=Kind.IDEA, status=PostStatus.PUBLISHED, deleted_at__isnull=True
        )
