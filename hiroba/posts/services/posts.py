"""Members' posts: publish with photos, edit with history, soft delete, pin, reads."""

import time
from collections.abc import Mapping

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from hiroba.accounts.models import Member
from hiroba.accounts.permissions import require_writer
from hiroba.activity.models import Verb
from hiroba.activity.services import record_activity
from hiroba.audit.models import AuditAction
from hiroba.community.models import Space
from hiroba.community.permissions import visible_space_ids
from hiroba.core.errors import Refused
from hiroba.core.images import clean_image
from hiroba.core.markdown import render_markdown
from hiroba.core.pagecache import pages_changed
from hiroba.core.ratelimit import check_rate
from hiroba.core.text import MAX_TITLE, clean_text, search_text
from hiroba.posts import jobs
from hiroba.posts.compose import attach_add_ons, check_add_ons
from hiroba.posts.holds import close_on_delete, hold_for_post, hold_for_text, open_hold
from hiroba.posts.kinds import get_kind
from hiroba.posts.models import Kind, Photo, Post, PostRevision, Status
from hiroba.posts.permissions import can_delete_post, can_edit_post, can_pin_post
from hiroba.posts.services.common import MAX_BODY, choose_author, sync_tags
from hiroba.posts.services.visibility import change_post, insert_post
from hiroba.posts.words import screen

READ_INTERVAL_SECONDS = 6 * 3600
SESSION_READS = "hiroba_reads"


def clean_photos(photos) -> list:
    """Verify every upload before anything is written, so a bad file saves nothing."""
    photos = list(photos or ())
    if len(photos) > settings.HIROBA_MAX_PHOTOS:
        raise ValidationError(
            {
                "photos": _("You can attach up to %(max)d photos.")
                % {"max": settings.HIROBA_MAX_PHOTOS}
            },
            code="too_many_photos",
        )
    cleaned = []
    for upload in photos:
        try:
            cleaned.append(clean_image(upload, prefix="photo"))
        except ValidationError as error:
            name = getattr(upload, "name", "") or _("photo")
            raise ValidationError(
                {"photos": f"{name}: {' '.join(error.messages)}"}, code=error.code
            ) from None
    return cleaned


def save_photos(post: Post, cleaned: list, *, start: int = 0) -> None:
    for offset, image in enumerate(cleaned):
        photo = Photo(post=post, position=start + offset, width=image.width, height=image.height)
        photo.image.save(image.content.name, image.content, save=False)
        photo.save()
    if cleaned:
        transaction.on_commit(lambda: jobs.make_photo_sizes(post.pk))


def publish_post(
    *,
    actor: Member,
    space: Space,
    body: str,
    title: str = "",
    photos=(),
    as_account: Member | None = None,
    kind: str = Kind.POST,
    kind_data: Mapping | None = None,
    add_ons: Mapping | None = None,
) -> Post:
    """Publish a member's post (or a registered kind's: posts.kinds) in a space they can read,
    with up to 10 verified photos and the compose add-ons given (posts.compose, e.g. a poll).

    The kind's ``write`` (with ``kind_data``) and each add-on's ``attach`` run inside this
    transaction: a row that cannot be saved saves no post. Photos are verified and re-encoded
    before the transaction opens: on SQLite the write lock is taken at BEGIN, and decoding ten
    large photos must not hold it.
    """
    registered = get_kind(kind)
    if kind != Kind.POST and registered is None:
        raise ValueError(f"No app registered the kind {kind!r}")
    if kind_data and (registered is None or registered.write is None):
        raise ValueError(f"The kind {kind!r} takes no data")
    add_ons = add_ons or {}
    check_add_ons(kind, add_ons)
    require_writer(actor)
    if space.pk not in visible_space_ids(actor):
        raise Http404("No such space")
    if space.is_archived:
        raise Refused(_("This space is archived: new posts are closed."), code="space_archived")
    author = choose_author(actor, as_account)
    title = clean_text(title, field="title", max_length=MAX_TITLE, required=False)
    body = clean_text(body, field="body", max_length=MAX_BODY)
    # Blocked words refuse the post before anything is written; masked words are replaced.
    texts, screening = screen({"title": title, "body": body})
    cleaned = clean_photos(photos)
    check_rate(actor=actor, action="post")
    with transaction.atomic():
        post = _insert_post(
            actor=actor,
            author=author,
            space=space,
            title=texts["title"],
            body=texts["body"],
            cleaned=cleaned,
            kind=kind,
            hold=hold_for_post(actor, screening),
        )
        if registered is not None and registered.write is not None:
            registered.write(actor=actor, post=post, **(kind_data or {}))
        attach_add_ons(actor=actor, post=post, add_ons=add_ons)
    return post


def _insert_post(*, actor, author, space, title, body, cleaned, kind, hold) -> Post:
    post = insert_post(
        actor=actor,
        status=Status.HELD if hold else Status.PUBLISHED,
        reason=hold[1] if hold else "",
        kind=kind,
        space=space,
        author=author,
        created_by=actor,
        title=title,
        body=body,
        body_html=render_markdown(body),
        photo_count=len(cleaned),
        search_text=search_text(title, body),
    )
    save_photos(post, cleaned)
    if hold:
        open_hold(post=post, reason=hold[0], note=hold[1])
    record_activity(
        actor=actor, verb=Verb.POST, subject=post, space_id=space.pk, data=_as_data(author, actor)
    )
    return post


def _as_data(author: Member, actor: Member) -> dict:
    return {"as": author.pk} if author.pk != actor.pk else {}


def edit_post(*, actor: Member, post: Post, body: str, title: str = "", photos=()) -> Post:
    """Change a post's text (the previous text is kept as a revision); new photos are appended."""
    require_writer(actor)
    if not can_edit_post(actor, post):
        raise Http404("No such post")
    title = clean_text(title, field="title", max_length=MAX_TITLE, required=False)
    body = clean_text(body, field="body", max_length=MAX_BODY)
    texts, screening = screen({"title": title, "body": body})
    cleaned = clean_photos(photos)  # before the transaction, as in publish_post
    with transaction.atomic():
        post = _update_post(
            actor=actor,
            post_id=post.pk,
            title=texts["title"],
            body=texts["body"],
            cleaned=cleaned,
        )
        hold = hold_for_text(screening)
        if hold and post.status == Status.PUBLISHED:
            # A word to review added by an edit takes the post out of sight until approved.
            post, _entry = change_post(
                actor=None,
                post=post,
                action=AuditAction.POST_HOLD,
                reason=hold[1],
                status=Status.HELD,
            )
        if hold:
            open_hold(post=post, reason=hold[0], note=hold[1])
        return post


def _update_post(*, actor, post_id, title, body, cleaned) -> Post:
    post = Post.objects.select_for_update().get(pk=post_id)
    if not can_edit_post(actor, post):  # deleted while the photos were being checked
        raise Http404("No such post")
    if post.photo_count + len(cleaned) > settings.HIROBA_MAX_PHOTOS:
        raise ValidationError(
            {
                "photos": _("You can attach up to %(max)d photos.")
                % {"max": settings.HIROBA_MAX_PHOTOS}
            },
            code="too_many_photos",
        )
    if (title, body) == (post.title, post.body) and not cleaned:
        return post
    PostRevision.objects.create(post=post, edited_by=actor, title=post.title, body=post.body)
    save_photos(post, cleaned, start=post.photo_count)
    post.title, post.body, post.body_html = title, body, render_markdown(body)
    post.search_text = search_text(title, body)
    post.photo_count += len(cleaned)
    post.edited_at = timezone.now()
    post.save(
        update_fields=["title", "body", "body_html", "search_text", "photo_count", "edited_at"]
    )
    sync_tags(post)
    pages_changed()
    record_activity(actor=actor, verb=Verb.POST_EDIT, subject=post, space_id=post.space_id)
    return post


@transaction.atomic
def delete_post(*, actor: Member, post: Post, reason: str = "") -> Post:
    """Soft delete: the row stays for moderation and audit, but nobody else sees it."""
    require_writer(actor)
    if not can_delete_post(actor, post):
        raise Http404("No such post")
    post, entry = change_post(
        actor=actor, post=post, action=AuditAction.POST_DELETE, reason=reason, deleted=True
    )
    if entry is not None:
        close_on_delete(actor=actor, post=post)
        record_activity(actor=actor, verb=Verb.POST_DELETE, subject=post, space_id=post.space_id)
    return post


@transaction.atomic
def set_pinned(*, actor: Member, post: Post, pinned: bool) -> Post:
    """Staff pin a post to the top of its space (and articles to the top of the home feed)."""
    require_writer(actor)
    if not can_pin_post(actor, post):
        raise Refused(_("Only staff can pin posts."), code="staff_only")
    post.is_pinned = pinned
    post.save(update_fields=["is_pinned"])
    pages_changed()
    record_activity(
        actor=actor,
        verb=Verb.POST_PIN,
        subject=post,
        space_id=post.space_id,
        data={"pinned": pinned},
    )
    return post


def record_read(*, actor: Member, post: Post, session=None) -> bool:
    """Count a member reading an article (at most once per member per article every six hours).

    With the reader's ``session``, a re-read within the interval is answered from it, without a
    cache round trip (on the embedded default, cache.add is a write).
    """
    if not actor.is_authenticated or post.kind != Kind.ARTICLE or not post.is_visible:
        return False
    now = time.time()
    reads = session.get(SESSION_READS, {}) if session is not None else {}
    if now - reads.get(str(post.pk), 0) < READ_INTERVAL_SECONDS:
        return False
    if session is not None:
        fresh = {k: t for k, t in reads.items() if now - t < READ_INTERVAL_SECONDS}
        session[SESSION_READS] = fresh | {str(post.pk): now}
    if not cache.add(f"read:{post.pk}:{actor.pk}", 1, timeout=READ_INTERVAL_SECONDS):
        return False
    with transaction.atomic():
        Post.objects.filter(pk=post.pk).update(read_count=F("read_count") + 1)
        record_activity(actor=actor, verb=Verb.ARTICLE_READ, subject=post, space_id=post.space_id)
    return True
