"""Writes to the search index that the database cannot do alone: folded member names, and the
rebuild behind ``hiroba reindex``. Posts carry their own folded ``search_text`` (written by the
posts services); on SQLite, triggers copy every change of it into the FTS5 table."""

from django.db import connection, transaction

from hiroba.accounts.models import Member
from hiroba.core.progress import Progress
from hiroba.core.text import search_text
from hiroba.posts.models import Post
from hiroba.search import index
from hiroba.search.models import MemberText

BATCH = 5_000


def member_text(member: Member) -> str:
    return search_text(member.handle, member.display_name)


def index_member(member: Member) -> None:
    """Store the member's folded handle and name (on every save that may change them)."""
    MemberText.objects.update_or_create(member=member, defaults={"text": member_text(member)})


def reindex(*, progress: Progress | None = None, batch: int = BATCH) -> dict[str, int]:
    """Fold every post's and member's text again, then rebuild the index from it.

    Safe to run on a live site: each batch is its own short transaction, and rows written while it
    runs are indexed by the services and triggers as usual. Returns how many rows changed.
    """
    report = progress or (lambda _stage, _done, _total: None)
    changed = {
        "posts": _refold_posts(report, batch),
        "members": _refold_members(report, batch),
    }
    if index.uses_fts():
        for source, stage in ((index.POSTS, "post index"), (index.MEMBERS, "member index")):
            index.fill_sqlite(
                connection, source, progress=lambda done, total, s=stage: report(s, done, total)
            )
    else:
        for source in index.SOURCES:
            report(f"{source.gin}", 0, 1)
            with connection.cursor() as cursor:
                cursor.execute(f"REINDEX INDEX {source.gin}")
            report(f"{source.gin}", 1, 1)
    return changed


def _refold_posts(report: Progress, batch: int) -> int:
    total, changed, done, last = Post.objects.count(), 0, 0, 0
    while True:
        rows = list(
            Post.objects.filter(pk__gt=last)
            .order_by("pk")
            .values_list("pk", "title", "body", "search_text")[:batch]
        )
        if not rows:
            return changed
        stale = [
            Post(pk=pk, search_text=text)
            for pk, title, body, old in rows
            if (text := search_text(title, body)) != old
        ]
        if stale:
            with transaction.atomic():
                Post.objects.bulk_update(stale, ["search_text"], batch_size=500)
        changed += len(stale)
        done, last = done + len(rows), rows[-1][0]
        report("posts", done, total)


def _refold_members(report: Progress, batch: int) -> int:
    total, changed, done, last = Member.objects.count(), 0, 0, 0
    while True:
        members = list(
            Member.objects.filter(pk__gt=last).order_by("pk").only("handle", "display_name")[:batch]
        )
        if not members:
            return changed
        stored = dict(
            MemberText.objects.filter(member__in=members).values_list("member_id", "text")
        )
        fresh = [MemberText(member=m, text=member_text(m)) for m in members]
        fresh = [row for row in fresh if stored.get(row.member_id) != row.text]
        if fresh:
            with transaction.atomic():
                MemberText.objects.bulk_create(
                    fresh, update_conflicts=True, unique_fields=["member"], update_fields=["text"]
                )
        changed += len(fresh)
        done, last = done + len(members), members[-1].pk
        report("members", done, total)
