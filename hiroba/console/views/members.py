"""Console: members' engagement. Members per activity level with the definitions, the members
warming up, a search by handle, and one member's page (level, scores and their history,
timeline, what they wrote)."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_GET

from hiroba.accounts.selectors import members_with_handle
from hiroba.activity import health, selectors
from hiroba.activity.models import LevelSnapshot, Verb
from hiroba.console.context import console_context
from hiroba.console.decorators import insights_view

WARMING_PAGE = 50
# What the member page counts, in this order (verbs of Activity).
COUNTED_VERBS = [
    Verb.POST,
    Verb.QUESTION_ASK,
    Verb.COMMENT,
    Verb.IDEA_SUBMIT,
    Verb.REACTION,
    Verb.SURVEY_RESPONSE,
    Verb.POLL_VOTE,
    Verb.VISIT,
]


def _levels(counts: dict[str, int]) -> list[dict]:
    config = health.current()
    total = sum(counts.values()) or 1
    return [
        {
            "level": level,
            "count": counts[level.value],
            "share": 100 * counts[level.value] / total,
            "threshold": config.levels.get(level.value),
            "upper": config.levels.get(health.LEVEL_ORDER[i - 1].value) if i else None,
        }
        for i, level in enumerate(health.LEVEL_ORDER)
    ]


@require_GET
@insights_view
def members(request):
    handle = request.GET.get("q", "").strip().lstrip("@")
    not_found = ""
    if handle:
        found = members_with_handle(handle).only("handle").first()
        if found is not None:
            return redirect("console:member", handle=found.handle)
        not_found = handle
    now = timezone.now()
    page = health.warming_members(limit=WARMING_PAGE + 1, after=request.GET.get("cursor"), now=now)
    warming = {"items": page[:WARMING_PAGE], "next_cursor": None}
    if len(page) > WARMING_PAGE:
        warming["next_cursor"] = page[WARMING_PAGE - 1].cursor
    if request.htmx and request.GET.get("cursor"):
        return render(request, "console/members/_warming_page.html", {"page": warming})
    config = health.current()
    context = console_context(
        request,
        "members",
        levels=_levels(health.level_counts(now=now)),
        page=warming,
        config=config,
        query=handle,
        not_found=not_found,
        snapshots=list(LevelSnapshot.objects.order_by("-day")[:14]),
    )
    return render(request, "console/members/list.html", context)


@require_GET
@insights_view
def member(request, handle: str):
    found = members_with_handle(handle).select_related("health").first()
    if found is None:
        raise Http404
    cursor = request.GET.get("cursor")
    timeline = selectors.member_timeline(found, cursor=cursor)
    if request.htmx and cursor:
        return render(request, "console/members/_timeline_page.html", {"page": timeline})
    now = timezone.now()
    history = health.score_history(found, days=90, now=now)
    counts = selectors.activity_counts(found)
    viewer = request.user
    context = console_context(
        request,
        "members",
        member=found,
        scores=health.scores_for(found, now=now),
        config=health.current(),
        chart={
            "labels": [point.day.isoformat() for point in history],
            "short": [round(point.short, 2) for point in history],
            "long": [round(point.long, 2) for point in history],
        },
        counts=[(verb.label, counts.get(verb.value, 0)) for verb in COUNTED_VERBS],
        page=timeline,
        posts=selectors.latest_posts(found, viewer=viewer),
        answers=selectors.latest_answers(found, viewer=viewer),
        ideas=selectors.latest_ideas(found, viewer=viewer),
        surveys=selectors.latest_survey_answers(found),
    )
    return render(request, "console/members/member.html", context)


urlpatterns = [
    path("members/", members, name="members"),
    path("members/<str:handle>/", member, name="member"),
]
