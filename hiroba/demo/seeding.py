"""Build the demo community through the real services, then move its timestamps into the past.

Every row is made by the service a member or editor would trigger (so Activity rows, counters and
tags are exactly what the site would have), in one transaction. The services stamp "now"; the
last step rewrites the timestamps of the rows it made so that the community looks two months old.
Counters are never touched by that step, so they stay equal to the rows.
"""

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from hiroba.accounts.models import Member
from hiroba.accounts.services import create_editorial_account, register_member, set_icon
from hiroba.activity.models import Activity, Verb
from hiroba.community.models import Space, SpaceMembership, Visibility
from hiroba.community.services import (
    create_space,
    invite_to_space,
    join_space,
    update_community_settings,
)
from hiroba.demo import content, people, pictures
from hiroba.demo.articles import ARTICLES
from hiroba.demo.events import seed_events
from hiroba.demo.ideas import seed_ideas
from hiroba.demo.polls import seed_polls
from hiroba.demo.questions import seed_questions
from hiroba.demo.segments import seed_segments
from hiroba.demo.stories import plan_comments, plan_posts
from hiroba.demo.surveys import seed_surveys
from hiroba.demo.visits import seed_visits
from hiroba.posts.models import Comment, Post, PostTag, Reaction
from hiroba.posts.services import (
    add_comment,
    add_reaction,
    create_article,
    publish_post,
    record_read,
    set_pinned,
)

DAYS = 60
TOKYO = ZoneInfo("Asia/Tokyo")


@dataclass
class Demo:
    """What the seeder made, for the command's summary and for tests."""

    manager: Member
    editor: Member
    moderator: Member
    official: Member
    members: list[Member]
    spaces: dict[str, Space]
    ambassadors: list[Member]
    articles: list[Post] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


class Seeder:
    def __init__(self, *, members: int = 200, posts: int | None = None, seed: int = 2025):
        self.rng = random.Random(seed)
        self.member_count = members
        self.post_count = posts if posts is not None else round(members * 1.5)
        self.now = timezone.now()
        self.start = self.now - timedelta(days=DAYS)
        # Activity rows are found again by (verb, subject type, subject id, actor id).
        self.activity_times: dict[tuple, datetime] = {}
        self.row_times: dict[type, dict[int, datetime]] = {}
        self.joined: dict[int, datetime] = {}
        self.membership_times: dict[tuple[int, int], datetime] = {}

    # --- time ---------------------------------------------------------------------------
    def stamp(self, verb: str, subject, actor, when: datetime) -> None:
        key = (verb, subject._meta.model_name, subject.pk, actor.pk)
        self.activity_times[key] = when

    def row(self, model: type, pk: int, when: datetime) -> None:
        self.row_times.setdefault(model, {})[pk] = when

    def at_daytime(self, when: datetime, *, after: datetime) -> datetime:
        """The same day at an hour people post (mornings, lunch, evenings, Tokyo time)."""
        hour = self.rng.choice([7, 8, 9, 12, 12, 13, 15, 18, 19, 20, 20, 21, 21, 22, 23])
        local = when.astimezone(TOKYO).replace(hour=hour, minute=self.rng.randint(0, 59))
        when = local.astimezone(when.tzinfo)
        when = max(when, after + timedelta(minutes=self.rng.randint(5, 90)))
        return min(when, self.now - timedelta(minutes=self.rng.randint(2, 30)))

    def later(self, when: datetime, mean_hours: float) -> datetime | None:
        """A moment after ``when`` (exponential wait), or None if it would be in the future."""
        then = when + timedelta(hours=self.rng.expovariate(1 / mean_hours), minutes=1)
        return then if then < self.now else None

    # --- the whole run ------------------------------------------------------------------
    def run(self) -> Demo:
        validate_password(people.PASSWORD)
        with transaction.atomic():
            demo = self._people_and_spaces()
            self._articles(demo)
            posts = self._posts(demo)
            self._comments_and_likes(demo, posts)
            seed_questions(self, demo)
            seed_ideas(self, demo)
            seed_polls(self, demo)
            seed_surveys(self, demo)
            seed_segments(self, demo)
            seed_events(self, demo)
            self._finish(demo)
        return demo

    def _register(self, person: people.Person, joined: datetime) -> Member:
        member = register_member(
            email=person.email,
            password=None,
            display_name=person.display_name,
            handle=person.handle,
            accepted_guidelines=True,
            role=person.role,
        )
        for name in ("bio", "region", "birth_year"):
            setattr(member, name, getattr(person, name) or getattr(member, name))
        member.save(update_fields=["bio", "region", "birth_year"])
        member.demo_english = person.english
        self.joined[member.pk] = joined
        self.row(Member, member.pk, joined)
        self.stamp(Verb.SIGNUP, member, member, joined)
        return member

    def _people_and_spaces(self) -> Demo:
        setup = self.start - timedelta(days=3)
        staff = [self._register(p, setup - timedelta(days=10)) for p in people.STAFF]
        manager, editor, moderator = staff
        update_community_settings(
            actor=manager,
            language="ja",
            is_open=True,
            logo=pictures.logo_picture(),
            **content.COMMUNITY,
        )
        self.activity_times[(Verb.SETTINGS_EDIT, "community", 1, manager.pk)] = setup
        spaces = {}
        for position, (slug, name, description, visibility) in enumerate(content.SPACES, 1):
            space = create_space(
                actor=manager,
                slug=slug,
                name=name,
                description=description,
                visibility=visibility,
                position=position,
            )
            spaces[slug] = space
            self.row(Space, space.pk, setup)
            self.stamp(Verb.SETTINGS_EDIT, space, manager, setup)
        official = create_editorial_account(actor=manager, **people.OFFICIAL)
        set_icon(actor=manager, member=official, upload=pictures.logo_picture())
        self.joined[official.pk] = setup
        self.row(Member, official.pk, setup)
        self.stamp(Verb.PROFILE_EDIT, official, manager, setup)

        members = []
        for person in people.generate_people(self.rng, self.member_count):
            if person in people.NAMED_MEMBERS:
                joined = self.start - timedelta(days=self.rng.uniform(1, 20))
            elif self.rng.random() < 0.25:  # the early members, from before the two months
                joined = self.start - timedelta(days=self.rng.uniform(0, 30))
            else:  # a growing community: more sign-ups lately
                joined = self.start + (self.now - self.start) * self.rng.random() ** 0.8
            members.append(self._register(person, min(joined, self.now - timedelta(hours=2))))
        for member in members:
            if self.rng.random() < 0.35 or member.email in {p.email for p in people.NAMED_MEMBERS}:
                set_icon(actor=member, member=member, upload=pictures.icon_picture(self.rng))
                self.stamp(Verb.PROFILE_EDIT, member, member, self.joined[member.pk])

        demo = Demo(manager, editor, moderator, official, members, spaces, [])
        self._memberships(demo, staff)
        return demo

    def _join(self, member: Member, space: Space, when: datetime, *, by: Member | None = None):
        if by is None:
            added = join_space(actor=member, space=space)
        else:
            added = invite_to_space(actor=by, space=space, member=member)
        if added:
            self.membership_times[(space.pk, member.pk)] = when
            self.stamp(Verb.SPACE_JOIN, space, member, when)

    def _memberships(self, demo: Demo, staff: list[Member]) -> None:
        spaces = demo.spaces
        for member in staff:
            for space in spaces.values():
                self._join(
                    member,
                    space,
                    self.joined[member.pk] + timedelta(hours=1),
                    by=demo.manager if space.visibility == Visibility.RESTRICTED else None,
                )
        odds = {"welcome": 0.7, "recipes": 0.6, "reviews": 0.4, "lounge": 0.45}
        for member in demo.members:
            for slug, chance in odds.items():
                if self.rng.random() < chance:
                    self._join(
                        member, spaces[slug], self.later(self.joined[member.pk], 12) or self.now
                    )
            if self.rng.random() < (0.95 if member.demo_english else 0.08):
                self._join(
                    member, spaces["english"], self.later(self.joined[member.pk], 6) or self.now
                )
        japanese = [m for m in demo.members[3:] if not m.demo_english]
        count = max(1, min(12, len(demo.members) // 6))
        demo.ambassadors = [demo.members[0], *self.rng.sample(japanese, min(count, len(japanese)))]
        invited_at = self.start + timedelta(days=5)
        for member in demo.ambassadors:
            self._join(
                member,
                spaces["ambassadors"],
                max(invited_at, self.joined[member.pk]),
                by=demo.manager,
            )

    def _articles(self, demo: Demo) -> None:
        for spec in ARTICLES:
            cover = (
                pictures.food_photo(self.rng) if spec.get("cover", not spec.get("draft")) else None
            )
            if spec.get("draft"):
                publish, publish_at = "draft", None
            elif spec.get("schedule"):
                publish, publish_at = (
                    "schedule",
                    self.now + timedelta(days=spec["schedule"], hours=2),
                )
            else:
                publish, publish_at = "now", None
            article = create_article(
                actor=demo.editor,
                as_account=demo.official,
                title=spec["title"],
                body=spec["body"],
                cover=cover,
                publish=publish,
                publish_at=publish_at,
            )
            if spec.get("days") is not None:
                when = self.at_daytime(self.now - timedelta(days=spec["days"]), after=self.start)
                article.published_at = when
                self.stamp(Verb.ARTICLE_PUBLISH, article, demo.editor, when)
                demo.articles.append(article)
            else:
                when = self.now - timedelta(days=1, hours=self.rng.randint(1, 20))
            self.row(Post, article.pk, when)
            if spec.get("pin"):
                set_pinned(actor=demo.editor, post=article, pinned=True)
                self.stamp(Verb.POST_PIN, article, demo.editor, when)

    def join_before(self, member: Member, space: Space, when: datetime) -> None:
        """Join ``space`` just before doing something there, unless already a member."""
        if not SpaceMembership.objects.filter(space=space, member=member).exists():
            self._join(member, space, when - timedelta(minutes=3))

    def _posts(self, demo: Demo) -> list[Post]:
        made = []
        for plan in plan_posts(self, demo):
            author, space = plan.author, plan.space
            self.join_before(author, space, plan.when)
            photos = [pictures.food_photo(self.rng, plan.scene) for _ in range(plan.photos)]
            post = publish_post(
                actor=author, space=space, title=plan.title, body=plan.body, photos=photos
            )
            post.published_at = plan.when
            self.row(Post, post.pk, plan.when)
            self.stamp(Verb.POST, post, author, plan.when)
            if plan.pin:
                set_pinned(actor=demo.manager, post=post, pinned=True)
                self.stamp(Verb.POST_PIN, post, demo.manager, plan.when)
            made.append(post)
        return made

    def _comments_and_likes(self, demo: Demo, posts: list[Post]) -> None:
        threads = posts + demo.articles
        made: dict[int, Comment] = {}
        for plan in plan_comments(self, demo, threads):
            parent = made.get(plan.parent) if plan.parent is not None else None
            comment = add_comment(
                actor=plan.actor,
                post=plan.post,
                body=plan.body,
                parent=parent,
                as_account=demo.official if plan.official else None,
            )
            made[plan.key] = comment
            self.row(Comment, comment.pk, plan.when)
            self.stamp(Verb.COMMENT, comment, plan.actor, plan.when)
        for thread in threads:
            floor = 0 if thread.space_id else 10  # everyone reads the articles
            self._likes(demo, thread, target={"post": thread}, mean=5.5, floor=floor)
        for comment in made.values():
            if self.rng.random() < 0.35:
                self._likes(demo, comment.post, target={"comment": comment}, mean=1.5)
        for article in demo.articles:
            for reader in self.rng.sample(demo.members, len(demo.members) * 2 // 5):
                when = self.later(max(article.published_at, self.joined[reader.pk]), 30)
                if when and record_read(actor=reader, post=article):
                    self.stamp(Verb.ARTICLE_READ, article, reader, when)

    def _likes(self, demo: Demo, post: Post, *, target: dict, mean: float, floor: int = 0) -> None:
        subject = target.get("comment") or post
        readers = self.readers(demo, post.space)
        count = floor + int(self.rng.expovariate(1 / mean) + self.rng.random())
        count = min(len(readers) - 1, count)
        since = self.row_times[type(subject)][subject.pk]
        for member in self.rng.sample(readers, max(0, count)):
            if member.pk == subject.author_id:
                continue
            when = self.later(max(since, self.joined[member.pk]), 14)
            if when and add_reaction(actor=member, **target):
                self.activity_times[
                    (Verb.REACTION, subject._meta.model_name, subject.pk, member.pk)
                ] = when
                self.row(Reaction, (member.pk, type(subject).__name__, subject.pk), when)

    def readers(self, demo: Demo, space: Space | None) -> list[Member]:
        """Who can read (and so comment on, and like) a post in ``space``."""
        if space is None or space.visibility != Visibility.RESTRICTED:
            return demo.members
        return demo.ambassadors

    # --- the last step ------------------------------------------------------------------
    def _finish(self, demo: Demo) -> None:
        # One hash for everyone: hashing 200 passwords one by one would take a minute.
        password = make_password(people.PASSWORD)
        Member.objects.filter(is_official=False).update(password=password)
        EmailAddress.objects.bulk_create(
            EmailAddress(user=m, email=m.email, verified=True, primary=True)
            for m in Member.objects.filter(email__isnull=False).order_by("pk")
        )
        self._backdate()
        visits = seed_visits(self, demo)
        demo.counts = {
            "members": Member.objects.count(),
            "posts": Post.objects.filter(kind="post").count(),
            "articles": Post.objects.filter(kind="article").count(),
            "questions": Post.objects.filter(kind="question").count(),
            "ideas": Post.objects.filter(kind="idea").count(),
            "photos": sum(p.photo_count for p in Post.objects.only("photo_count")),
            "comments": Comment.objects.count(),
            "likes": Reaction.objects.count(),
            "visits": visits,
            "activity": Activity.objects.count(),
        }

    def _backdate(self) -> None:
        members = self.row_times[Member]
        objs = list(Member.objects.filter(pk__in=members))
        for m in objs:
            m.date_joined = m.accepted_guidelines_at = members[m.pk]
        Member.objects.bulk_update(objs, ["date_joined", "accepted_guidelines_at"], batch_size=500)
        self._bulk(Space, self.row_times[Space], ["created_at"])
        objs = list(Post.objects.filter(pk__in=self.row_times[Post]))
        for post in objs:
            post.created_at = self.row_times[Post][post.pk]
            if post.published_at:
                post.published_at = post.created_at
        Post.objects.bulk_update(objs, ["created_at", "published_at"], batch_size=500)
        PostTag.objects.update(
            published_at=Subquery(
                Post.objects.filter(pk=OuterRef("post_id")).values("published_at")[:1]
            )
        )
        self._bulk(Comment, self.row_times.get(Comment, {}), ["created_at"])
        likes = self.row_times.get(Reaction, {})
        objs = list(Reaction.objects.all())
        for r in objs:
            key = (r.member_id, "Comment" if r.comment_id else "Post", r.comment_id or r.post_id)
            r.created_at = likes.get(key, r.created_at)
        Reaction.objects.bulk_update(objs, ["created_at"], batch_size=500)
        objs = list(SpaceMembership.objects.all())
        for ms in objs:
            ms.joined_at = self.membership_times.get((ms.space_id, ms.member_id), ms.joined_at)
        SpaceMembership.objects.bulk_update(objs, ["joined_at"], batch_size=500)
        objs = list(Activity.objects.all())
        for a in objs:
            key = (a.verb, a.subject_type, a.subject_id, a.actor_id)
            a.created_at = self.activity_times.get(key, a.created_at)
        Activity.objects.bulk_update(objs, ["created_at"], batch_size=500)

    @staticmethod
    def _bulk(model, times: dict, fields: list[str]) -> None:
        objs = list(model.objects.filter(pk__in=times))
        for obj in objs:
            for name in fields:
                setattr(obj, name, times[obj.pk])
        model.objects.bulk_update(objs, fields, batch_size=500)
