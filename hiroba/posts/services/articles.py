"""Staff articles: written by editors as an editorial account; draft, scheduled or published."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from hiroba.accounts.models import Member
from hiroba.accounts.permissions import require_editor
from hiroba.activity.models import Verb
from hiroba.activity.services import record_activity
from hiroba.core.images import clean_image
from hiroba.core.markdown import render_markdown
from hiroba.core.pagecache import pages_changed
from hiroba.core.text import search_text
from hiroba.posts.models import Kind, Post, PostRevision, Status
from hiroba.posts.permissions import can_edit_post
from hiroba.posts.services.common import MAX_BODY, MAX_TITLE, choose_author, clean_text, sync_tags

PUBLISH_CHOICES = ("draft", "now", "schedule")


def _clean_publishing(publish: str, publish_at: datetime | None) -> tuple[str, datetime | None]:
    if publish not in PUBLISH_CHOICES:
        raise ValidationError(
            {"publish": _("Choose draft, publish now or schedule.")}, code="invalid"
        )
    if publish == "schedule":
        if publish_at is None:
            raise ValidationError({"publish_at": _("Choose when to publish.")}, code="required")
        if timezone.is_naive(publish_at):
            raise ValidationError(
                {"publish_at": _("Give a time with its time zone.")}, code="invalid"
            )
        if publish_at <= timezone.now():
            raise ValidationError({"publish_at": _("Choose a time in the future.")}, code="in_past")
        return Status.SCHEDULED, publish_at
    return (Status.PUBLISHED if publish == "now" else Status.DRAFT), None


def _apply(article: Post, *, status: str, publish_at) -> None:
    was_published = article.status == Status.PUBLISHED
    article.status, article.publish_at = status, publish_at
    if status == Status.PUBLISHED and not was_published:
        article.published_at = timezone.now()
    if status != Status.PUBLISHED:
        article.published_at = None


def create_article(
    *,
    actor: Member,
    as_account: Member,
    title: str,
    body: str,
    cover=None,
    publish: str = "draft",
    publish_at: datetime | None = None,
) -> Post:
    """An editor writes an article shown under an official account; the real author is kept."""
    require_editor(actor)
    author = choose_author(actor, as_account)
    title = clean_text(title, field="title", max_length=MAX_TITLE)
    body = clean_text(body, field="body", max_length=MAX_BODY)
    status, publish_at = _clean_publishing(publish, publish_at)
    # The cover is verified before the transaction opens (SQLite takes its write lock at BEGIN).
    cover_image = clean_image(cover, prefix="cover") if cover else None
    with transaction.atomic():
        return _insert_article(
            actor=actor, author=author, title=title, body=body, cover_image=cover_image,
            status=status, publish_at=publish_at,
        )  # fmt: skip


def _insert_article(*, actor, author, title, body, cover_image, status, publish_at) -> Post:
    article = Post(
        kind=Kind.ARTICLE,
        # Start as a draft: Post's default status is published, and _apply stamps published_at
        # only on the change to published (an article made with "publish now" had none).
        status=Status.DRAFT,
        author=author,
        created_by=actor,
        title=title,
        body=body,
        body_html=render_markdown(body),
        search_text=search_text(title, body),
    )
    _apply(article, status=status, publish_at=publish_at)
    if cover_image:
        article.cover.save(cover_image.content.name, cover_image.content, save=False)
    article.save()
    _after_status_change(article, actor=actor, was_published=False)
    return article


def update_article(
    *,
    actor: Member,
    article: Post,
    title: str,
    body: str,
    cover=None,
    publish: str = "draft",
    publish_at: datetime | None = None,
) -> Post:
    require_editor(actor)
    if article.kind != Kind.ARTICLE or not can_edit_post(actor, article):
        raise Http404("No such article")
    title = clean_text(title, field="title", max_length=MAX_TITLE)
    body = clean_text(body, field="body", max_length=MAX_BODY)
    status, publish_at = _clean_publishing(publish, publish_at)
    cover_image = clean_image(cover, prefix="cover") if cover else None
    with transaction.atomic():
        return _update_article(
            actor=actor, article_id=article.pk, title=title, body=body, cover_image=cover_image,
            status=status, publish_at=publish_at,
        )  # fmt: skip


def _update_article(*, actor, article_id, title, body, cover_image, status, publish_at) -> Post:
    article = Post.objects.select_for_update().get(pk=article_id)
    if not can_edit_post(actor, article):  # deleted meanwhile
        raise Http404("No such article")
    was_published = article.status == Status.PUBLISHED
    if (title, body) != (article.title, article.body):
        PostRevision.objects.create(
            post=article, edited_by=actor, title=article.title, body=article.body
        )
        if was_published:
            article.edited_at = timezone.now()
    article.title, article.body, article.body_html = title, body, render_markdown(body)
    article.search_text = search_text(title, body)
    _apply(article, status=status, publish_at=publish_at)
    if cover_image:
        article.cover.save(cover_image.content.name, cover_image.content, save=False)
    article.save()
    _after_status_change(article, actor=actor, was_published=was_published)
    return article


def _after_status_change(article: Post, *, actor: Member, was_published: bool) -> None:
    sync_tags(article)
    pages_changed()  # an edited or unpublished article must not linger in cached pages
    is_published = article.status == Status.PUBLISHED
    if is_published != was_published:
        # The author's post count counts published articles, as delete_post expects.
        step = 1 if is_published else -1
        Member.objects.filter(pk=article.author_id).update(post_count=F("post_count") + step)
    if is_published and not was_published:
        data = {"as": article.author_id} if article.author_id != actor.pk else {}
        record_activity(actor=actor, verb=Verb.ARTICLE_PUBLISH, subject=article, data=data)


def publish_due_articles(*, now: datetime | None = None) -> int:
    """Publish scheduled articles whose time has come (run every minute by a periodic job)."""
    now = now or timezone.now()
    published = 0
    due = Post.objects.filter(kind=Kind.ARTICLE, status=Status.SCHEDULED, publish_at__lte=now)
    for article_id in due.values_list("pk", flat=True):
        with transaction.atomic():
            article = (
                Post.objects.select_for_update().select_related("created_by").get(pk=article_id)
            )
            if article.status != Status.SCHEDULED:
                continue  # another worker got there first
            article.status, article.published_at = Status.PUBLISHED, article.publish_at
            article.save(update_fields=["status", "published_at"])
            _after_status_change(article, actor=article.created_by, was_published=False)
            published += 1
    return published
