import hashlib
from datetime import date
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from hiroba.accounts.models import Member
from hiroba.activity.models import Activity
from hiroba.community.models import Space, SpaceMembership
from hiroba.core.markdown import render_markdown
from hiroba.core.text import extract_hashtags, search_text
from hiroba.demo.scale import people, state
from hiroba.posts.models import Comment, Photo, Post, PostTag, Reaction

pytestmark = pytest.mark.django_db(transaction=True)  # the generator commits, and may TRUNCATE

UNTIL = "2025-06-30"


def generate(*args) -> str:
    out = StringIO()
    call_command(
        "generate", "--members", "400", "--months", "2", "--until", UNTIL, *args, stdout=out
    )
    return out.getvalue()


def fingerprint() -> str:
    """A digest of the generated rows, to compare two runs."""
    digest = hashlib.sha256()
    with connection.cursor() as cursor:
        for table, order in [
            ("accounts_member", "id"),
            ("posts_post", "id"),
            ("posts_comment", "id"),
            ("posts_reaction", "id"),
            ("activity_activity", "id"),
        ]:
            cursor.execute(f"SELECT * FROM {table} ORDER BY {order}")
            for row in cursor.fetchall():
                digest.update(repr(row).encode())
    return digest.hexdigest()


def test_it_generates_a_consistent_community_and_check_counters_agrees(monkeypatch):
    monkeypatch.setattr(state, "FLUSH_ROWS", 50)  # exercise many small flushes
    out = generate()
    assert "posts" in out and "rows/s" in out

    check = StringIO()
    call_command("check_counters", stdout=check)
    assert "pass" in check.getvalue()

    assert Member.objects.count() == 400
    assert Activity.objects.filter(verb="signup").count() == 399  # not the official account
    assert EmailAddress.objects.filter(verified=True).count() == 399
    assert Post.objects.filter(kind="post").count() > 50
    assert Post.objects.filter(kind="article", status="published").count() >= 8
    assert Comment.objects.filter(parent__isnull=False).exists()
    assert Reaction.objects.filter(comment__isnull=False).exists()
    assert Space.objects.count() == 8
    restricted = Space.objects.get(visibility="restricted")
    invited = set(SpaceMembership.objects.filter(space=restricted).values_list("member", flat=True))
    authors = set(Post.objects.filter(space=restricted).values_list("author", flat=True))
    assert authors <= invited
    for verb in ("signup", "post", "comment", "reaction", "visit", "article_read"):
        assert Activity.objects.filter(verb=verb).exists(), verb
    visit = Activity.objects.filter(verb="visit").first()
    assert set(visit.data) == {"session", "path"}
    like = Activity.objects.filter(verb="reaction").first()
    assert set(like.data) == {"post", "owner"}
    # Timestamps are timezone-aware datetimes inside the generated months.
    published = Post.objects.filter(published_at__isnull=False)
    first = published.order_by("published_at").first().published_at
    assert date(2025, 4, 1) <= first.date() <= date(2025, 5, 1)
    assert published.order_by("-published_at").first().published_at.date() < date(2025, 6, 30)

    # Joined paragraphs: the stored HTML, search text and tags are what the services would make.
    for post in Post.objects.filter(kind="post").order_by("id")[:200]:
        assert post.body_html == render_markdown(post.body), post.pk
        assert post.search_text == search_text(post.title, post.body), post.pk
        if post.is_visible:
            tags = set(PostTag.objects.filter(post=post).values_list("tag__name", flat=True))
            assert tags == set(extract_hashtags(f"{post.title}\n{post.body}")), post.pk
    for comment in Comment.objects.order_by("id")[:100]:
        assert comment.body_html == render_markdown(comment.body)

    # Photo paths are where the media view looks, and the files are there.
    photo = Photo.objects.first()
    assert photo.image.name.startswith(f"photos/{photo.post_id}/")
    assert (settings.MEDIA_ROOT / photo.thumb.name).is_file()

    # Everyone can log in with the shared password.
    member = Member.objects.filter(is_official=False).order_by("-id").first()
    assert authenticate(email=member.email, password=people.PASSWORD) == member

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA foreign_key_check")
            assert cursor.fetchall() == []


def test_it_refuses_a_database_with_members_unless_reset_and_repeats_itself():
    generate("--no-photos")
    before = fingerprint()
    with pytest.raises(CommandError, match="--reset"):
        generate("--no-photos")
    generate("--no-photos", "--reset")
    assert fingerprint() == before
