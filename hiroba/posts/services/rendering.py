"""Render the stored Markdown of posts and comments again, after the rules that turn it into
HTML changed (which hashtags are tags, which addresses become links).

Pages show the HTML saved when a text was written or last edited; without this, a post written
under an older rule keeps a link to a tag page that no longer exists.
"""

from collections.abc import Callable

from django.db.models import Model

from hiroba.core.markdown import render_markdown
from hiroba.core.pagecache import pages_changed
from hiroba.core.progress import Progress
from hiroba.posts.models import Comment, Post
from hiroba.posts.services.comments import render_comment

BATCH = 2000


def rerender_texts(*, progress: Progress | None = None, batch: int = BATCH) -> dict[str, int]:
    """Render every post's and comment's text again; returns how many rows changed.

    Safe on a live site: rows are read in id ranges, and a row is written only while its text
    is still the one rendered (an edit meanwhile saved its own HTML).
    """
    report = progress or (lambda _stage, _done, _total: None)
    changed = {
        "posts": _rerender(Post, _render_post, "posts", report, batch),
        "comments": _rerender(Comment, _render_comment, "comments", report, batch),
    }
    if any(changed.values()):
        pages_changed()
    return changed


def _render_post(row: dict) -> str:
    return render_markdown(row["body"])


def _render_comment(row: dict) -> str:
    return render_comment(row["body"], space_id=row["post__space_id"])


# What each renderer reads of a row besides its id and HTML.
_FIELDS = {Post: ("body",), Comment: ("body", "post__space_id")}


def _rerender(
    model: type[Model], render: Callable[[dict], str], stage: str, report: Progress, batch: int
) -> int:
    total, done, changed, last = model.objects.count(), 0, 0, 0
    while True:
        rows = list(
            model.objects.filter(pk__gt=last)
            .order_by("pk")
            .values("pk", "body_html", *_FIELDS[model])[:batch]
        )
        if not rows:
            return changed
        for row in rows:
            pk, body, html = row["pk"], row["body"], row["body_html"]
            fresh = render(row) if body else html
            if fresh != html:
                changed += model.objects.filter(pk=pk, body=body).update(body_html=fresh)
        done, last = done + len(rows), rows[-1]["pk"]
        report(stage, done, total)
