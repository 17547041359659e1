"""What search engines read on a public question page: canonical address, description, and
schema.org QAPage structured data (https://schema.org/QAPage)."""

import json

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from hiroba.core.sharing import DESCRIPTION_LENGTH, excerpt
from hiroba.posts.models import CommentStatus
from hiroba.qa.permissions import is_indexable
from hiroba.qa.selectors import QuestionThread

# Inside <script>, "</script>" or "<!--" in a member's text would end or confuse the element:
# the characters that could start such a sequence are written as JSON escapes instead.
_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def page_seo(request, thread: QuestionThread) -> dict | None:
    """The head tags and JSON-LD of a question page, or None when it must not be indexed."""
    question = thread.question
    if not is_indexable(question):
        return None
    post = question.post
    url = request.build_absolute_uri(reverse("qa:detail", args=[post.pk]))
    return {
        "canonical": url,
        "description": _excerpt(post.body_html, DESCRIPTION_LENGTH),
        "json_ld": json_ld(request, thread, url),
    }


def json_ld(request, thread: QuestionThread, url: str) -> SafeString:
    question, post = thread.question, thread.question.post
    # What everyone sees and what answer_count counts: published answers, not the asker's own
    # follow-ups (unless accepted); a moderator's or writer's view must not publish more.
    answers = [
        a
        for a in thread.answers
        if a.deleted_at is None
        and a.status == CommentStatus.PUBLISHED
        and (a.created_by_id != question.asker_id or a.pk == question.accepted_answer_id)
    ]
    entity = {
        "@type": "Question",
        "name": post.title,
        "text": _excerpt(post.body_html) or post.title,
        "answerCount": len(answers),
        "upvoteCount": post.reaction_count,
        "dateCreated": _iso(post.published_at or post.created_at),
        "author": _person(request, post.author),
    }
    accepted = [a for a in answers if a.pk == question.accepted_answer_id]
    suggested = [a for a in answers if a.pk != question.accepted_answer_id]
    if accepted:
        entity["acceptedAnswer"] = _answer(request, accepted[0], url)
    if suggested:
        entity["suggestedAnswer"] = [_answer(request, a, url) for a in suggested]
    data = {"@context": "https://schema.org", "@type": "QAPage", "mainEntity": entity}
    text = json.dumps(data, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return mark_safe(text)  # JSON with every "<", ">" and "&" escaped: inert inside <script>


def _answer(request, answer, page_url: str) -> dict:
    return {
        "@type": "Answer",
        "text": _excerpt(answer.body_html),
        "dateCreated": _iso(answer.created_at),
        "upvoteCount": answer.reaction_count,
        "url": f"{page_url}#comment-{answer.pk}",
        "author": _person(request, answer.author),
    }


def _person(request, member) -> dict:
    profile = reverse("accounts:profile", args=[member.handle])
    kind = "Organization" if member.is_official else "Person"
    return {"@type": kind, "name": member.display_name, "url": request.build_absolute_uri(profile)}


def _excerpt(body_html: str, length: int | None = None) -> str:
    return excerpt(body_html, length)


def _iso(moment) -> str:
    return moment.isoformat() if moment else ""
