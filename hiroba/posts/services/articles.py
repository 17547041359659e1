"""Staff articles: written by editors as an editorial account; draft, scheduled or published."""

from collections.abc import Mapping
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from hiroba.accounts.models import Member
from hiroba.accounts.permissions import require_editor
from hiroba.activity.models import Verb
from hiroba.activity.services import record_activity
from hiroba.audit.models import AuditAction
from hiroba.core.images import clean_image
from hiroba.core.markdown import render_markdown
from hiroba.core.pagecache import pages_changed
from hiroba.core.text import MAX_TITLE, clean_text, search_text
from hiroba.posts.compose import attach_add_ons, check_add_ons
from hiroba.posts.models import Kind, Post, PostRevision, Status
from hiroba.posts.permissions import can_edit_post
from hiroba.posts.services.common import MAX_BODY, choose_author, sync_tags
from hiroba.posts.services.visibility import change_post, insert_post

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


def create_article(
    *,
    actor: Member,
    as_account: Member,
    title: str,
    body: str,
    cover=None,
    publish: str = "draft",
    publish_at: datetime | None = None,
    add_ons: Mapping | None = None,
) -> Post:
    """An editor writes an article shown under an official account; the real author is kept.

    Each compose add-on given (posts.compose, e.g. a poll) is attached inside the article's
    transaction: one that cannot be saved saves no article.
    """
    add_ons = add_ons or {}
    check_add_ons(Kind.ARTICLE, add_ons)
    require_editor(actor)
    author = choose_author(actor, as_account)
    title = clean_text(title, field="title", max_length=MAX_TITLE)
    body = clean_text(body, field="body", max_length=MAX_BODY)
    status, publish_at = _clean_publishing(publish, publish_at)
    # The cover is verified before the transaction opens (SQLite takes its write lock at BEGIN).
    cover_image = clean_image(cover, prefix="cover", field="cover") if cover else None
    with transaction.atomic():
        article = _insert_article(
            actor=actor, author=author, title=title, body=body, cover_image=cover_image,
            status=status, publish_at=publish_at,
        )  # fmt: skip
        attach_add_ons(actor=actor, post=article, add_ons=add_ons)
    return article


def _insert_article(*, actor, author, title, body, cover_image, status, publish_at) -> Post:
    # An uncommitted file: saving the row stores it under the field's upload_to.
    cover = {"cover": cover_image.content} if cover_image else {}
    article = insert_post(
        actor=actor,
        status=status,
        kind=Kind.ARTICLE,
        author=author,
        created_by=actor,
        title=title,
        body=body,
        body_html=render_markdown(body),
        search_text=search_text(title, body),
        publish_at=publish_at,
        **cover,
    )
    pages_changed()
    if article.is_visible:
        _record_publish(article, actor=actor)
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
    cover_image = clean_image(cover, prefix="cover", field="cover") if cover else None
    with transaction.atomic():
        return _update_article(
            actor=actor, article_id=article.pk, title=title, body=body, cover_image=cover_image,
            status=status, publish_at=publish_at,
        )  # fmt: skip


def _update_article(*, actor, article_id, title, body, cover_image, status, publish_at) -> Post:
    article = Post.objects.select_for_update().get(pk=article_id)
    if not can_edit_post(actor, article):  # deleted meanwhile
        raise Http404("No such article")
    fields = ["title", "body", "body_html", "search_text", "publish_at"]
    if (title, body) != (article.title, article.body):
        PostRevision.objects.create(
            post=article, edited_by=actor, title=article.title, body=article.body
        )
        if article.is_visible:
            article.edited_at = timezone.now()
            fields.append("edited_at")
    article.title, article.body, article.body_html = title, body, render_markdown(body)
    article.search_text = search_text(title, body)
    article.publish_at = publish_at
    if cover_image:
        article.cover.save(cover_image.content.name, cover_image.content, save=False)
        fields.append("cover")
    article.save(update_fields=fields)
    was_published = article.is_visible
    article = _change_status(article, actor=actor, status=status)
    if article.is_visible and not was_published:
        _record_publish(article, actor=actor)
    pages_changed()  # an edited or unpublished article must not linger in cached pages
    sync_tags(article)
    return article


STATUS_ACTIONS = {
    Status.PUBLISHED: AuditAction.POST_PUBLISH,
    Status.SCHEDULED: AuditAction.POST_SCHEDULE,
    Status.DRAFT: AuditAction.POST_UNPUBLISH,
}


def _change_status(article: Post, *, actor, status: str, published_at=None) -> Post:
    """Publishing stamps published_at (once); going back to draft or schedule clears it."""
    if status == Status.PUBLISHED:
        stamp = article.published_at if article.is_visible else published_at or timezone.now()
    else:
        stamp = None
    article, _entry = change_post(
        actor=actor,
        post=article,
        action=STATUS_ACTIONS[status],
        status=status,
        published_at=stamp,
    )
    return article


def _record_publish(article: Post, *, actor) -> None:
    data = {"as": article.author_id} if article.author_id != actor.pk else {}
    record_activity(actor=actor, verb=Verb.ARTICLE_PUBLISH, subject=article, data=data)


def publish_due_articles(*, now: datetime | None = None) -> int:
    """Publish scheduled articles whose time has come (run every minute by a periodic job).

    The audit log names the system as the actor (the job, not the editor who scheduled it).
    """
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
            article, entry = change_post(
                actor=None,
                post=article,
                action=AuditAction.POST_PUBLISH,
                status=Status.PUBLISHED,
                published_at=article.publish_at,
                data={"scheduled_by": article.created_by_id},
            )
            pages_changed()
            _record_publish(article, actor=article.created_by)
            published += 1
    return published
