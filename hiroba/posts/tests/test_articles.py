"""Articles: draft, scheduled, published; the periodic job publishes due ones; reads counted once."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from conftest import client_for
from hiroba.activity.models import Activity, Verb
from hiroba.posts.models import Post, Status
from hiroba.posts.schedules import publish_scheduled_articles
from hiroba.posts.selectors import list_articles, list_drafts, list_feed
from hiroba.posts.services import create_article, publish_due_articles, record_read, update_article


@pytest.fixture
def draft(editor, official):
    return create_article(actor=editor, as_account=official, title="下書き", body="#新商品 まだ")


@pytest.fixture
def scheduled(editor, official):
    return create_article(
        actor=editor,
        as_account=official,
        title="予約",
        body="#新商品 明日公開",
        publish="schedule",
        publish_at=timezone.now() + timedelta(hours=1),
    )


def test_a_draft_is_invisible_to_members_and_visible_to_editors(draft, alice, editor):
    assert draft.status == Status.DRAFT and draft.published_at is None
    assert not Activity.objects.filter(verb=Verb.ARTICLE_PUBLISH).exists()
    assert draft not in list_articles(alice).items and draft not in list_feed(alice).items
    assert client_for(alice).get(reverse("posts:detail", args=[draft.pk])).status_code == 404
    assert client_for().get(reverse("posts:detail", args=[draft.pk])).status_code == 404
    assert client_for(editor).get(reverse("posts:detail", args=[draft.pk])).status_code == 200
    assert list_drafts(editor) == [draft] and list_drafts(alice) == []
    assert not draft.tags.exists()


def test_a_scheduled_article_waits_for_its_time(scheduled, alice):
    assert scheduled.status == Status.SCHEDULED and scheduled.published_at is None
    assert publish_due_articles() == 0
    assert client_for(alice).get(reverse("posts:detail", args=[scheduled.pk])).status_code == 404


def test_publish_due_articles_publishes_scheduled_articles_whose_time_has_come(
    scheduled, draft, editor, official, alice
):
    due_at = scheduled.publish_at

    assert publish_due_articles(now=due_at + timedelta(seconds=1)) == 1
    assert publish_due_articles(now=due_at + timedelta(seconds=2)) == 0

    scheduled.refresh_from_db()
    assert scheduled.status == Status.PUBLISHED and scheduled.published_at == due_at
    activity = Activity.objects.get(verb=Verb.ARTICLE_PUBLISH)
    assert (activity.actor, activity.subject_id, activity.data) == (
        editor,
        scheduled.pk,
        {"as": official.pk},
    )
    assert list(scheduled.tags.values_list("name", flat=True)) == ["新商品"]
    assert scheduled in list_articles(alice).items
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_the_periodic_job_publishes_due_articles(editor, official):
    article = create_article(
        actor=editor,
        as_account=official,
        title="t",
        body="b",
        publish="schedule",
        publish_at=timezone.now() + timedelta(seconds=30),
    )
    Post.objects.filter(pk=article.pk).update(publish_at=timezone.now() - timedelta(seconds=1))

    publish_scheduled_articles.call_local()

    article.refresh_from_db()
    assert article.status == Status.PUBLISHED


def test_publishing_a_draft_later_records_the_activity_once(draft, editor):
    update_article(actor=editor, article=draft, title="下書き", body="#新商品 公開", publish="now")
    update_article(actor=editor, article=draft, title="下書き", body="#新商品 修正", publish="now")
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED and draft.edited_at is not None
    assert Activity.objects.filter(verb=Verb.ARTICLE_PUBLISH).count() == 1
    assert draft.revisions.count() == 2


def test_unpublishing_back_to_draft_hides_the_article_and_its_tags(editor, official, alice):
    article = create_article(
        actor=editor, as_account=official, title="t", body="#公開中", publish="now"
    )
    assert article.tags.count() == 1
    update_article(actor=editor, article=article, title="t", body="#公開中", publish="draft")
    article.refresh_from_db()
    assert article.published_at is None and not article.tags.exists()
    assert client_for(alice).get(reverse("posts:detail", args=[article.pk])).status_code == 404


def test_scheduling_needs_an_aware_future_time(editor, official):
    for publish_at in (None, timezone.now() - timedelta(minutes=1)):
        with pytest.raises(ValidationError) as refused:
            create_article(
                actor=editor,
                as_account=official,
                title="t",
                body="b",
                publish="schedule",
                publish_at=publish_at,
            )
        assert "publish_at" in refused.value.message_dict
    assert not Post.objects.exists()


def test_reads_are_recorded_once_per_interval(editor, official, alice, bob):
    article = create_article(actor=editor, as_account=official, title="t", body="b", publish="now")

    assert record_read(actor=alice, post=article) is True
    assert record_read(actor=alice, post=article) is False
    assert record_read(actor=bob, post=article) is True

    article.refresh_from_db()
    assert article.read_count == 2
    assert Activity.objects.filter(verb=Verb.ARTICLE_READ, subject_id=article.pk).count() == 2

    cache.delete(f"read:{article.pk}:{alice.pk}")  # the interval has passed
    assert record_read(actor=alice, post=article) is True
    article.refresh_from_db()
    assert article.read_count == 3


def test_opening_the_article_page_records_a_read_once(editor, official, alice, anon):
    article = create_article(actor=editor, as_account=official, title="t", body="b", publish="now")
    client = client_for(alice)
    client.get(reverse("posts:detail", args=[article.pk]))
    client.get(reverse("posts:detail", args=[article.pk]))
    client_for().get(reverse("posts:detail", args=[article.pk]))
    article.refresh_from_db()
    assert article.read_count == 1
    assert record_read(actor=anon, post=article) is False


def test_reads_of_drafts_and_member_posts_are_not_recorded(draft, alice, recipes):
    from hiroba.posts.services import publish_post

    post = publish_post(actor=alice, space=recipes, body="x")
    assert record_read(actor=alice, post=post) is False
    assert record_read(actor=alice, post=draft) is False
    assert not Activity.objects.filter(verb=Verb.ARTICLE_READ).exists()


def test_rereading_an_article_is_answered_by_the_session_without_the_cache(editor, official, alice):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    article = create_article(actor=editor, as_account=official, title="t", body="b", publish="now")
    client = client_for(alice)
    client.get(reverse("posts:detail", args=[article.pk]))
    cache.delete(f"read:{article.pk}:{alice.pk}")  # only the session remembers the read now
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("posts:detail", args=[article.pk]))
    article.refresh_from_db()
    assert article.read_count == 1
    assert not [q for q in queries if q["sql"].startswith(("INSERT", "UPDATE"))]
