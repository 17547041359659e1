"""Console: members' engagement. Members per activity level with the definitions, the members
warming up, a search by handle, one member's page (level, scores and their history, timeline,
what they wrote), and the managers' form for the level thresholds and the warming rule."""

import math

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from hiroba.accounts.selectors import members_with_handle
from hiroba.activity import health
from hiroba.activity.forms import HealthSettingsForm
from hiroba.activity.models import LevelSnapshot, Verb
from hiroba.console import selectors
from hiroba.console.context import console_context
from hiroba.console.decorators import insights_view
from hiroba.console.permissions import can_change_health_settings, require_health_settings
from hiroba.console.services import update_health_settings

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


def _levels(counts: dict[str, int], config=None) -> list[dict]:
    config = config or health.current()
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
    page = health.warming_page(size=WARMING_PAGE, cursor=request.GET.get("cursor"), now=now)
    warming = {"items": page.items, "next_cursor": page.next_cursor}
    if request.htmx and request.GET.get("cursor"):
        return render(request, "console/members/_warming_page.html", {"page": warming})
    config = health.current()
    context = console_context(
        request,
        "members",
        levels=_levels(health.level_counts(now=now)),
        page=warming,
        config=config,
        can_change_settings=can_change_health_settings(request.user),
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


def _preview(form: HealthSettingsForm, now) -> dict | None:
    """Members per level and warming up now under the entered values (valid ones only)."""
    if not form.is_valid():
        return None
    counts = health.level_counts(now=now, config=form.config)
    return {
        "levels": _levels(counts, form.config),
        "warming": health.warming_count(now=now, config=form.config),
    }


@require_http_methods(["GET", "POST"])
@insights_view
def health_settings(request):
    """The level thresholds and the warming rule: managers change them (editors get 403)."""
    require_health_settings(request.user)
    now = timezone.now()
    config = health.current()
    if request.method == "POST":
        form = HealthSettingsForm(request.POST)
        if form.is_valid():
            try:
                update_health_settings(actor=request.user, **form.cleaned_data)
            except ValidationError as error:  # the service's own check, should the form miss one
                form.add_error(None, error)
            else:
                messages.success(request, _("The activity levels are saved."))
                return redirect("console:members")
    else:
        form = HealthSettingsForm(initial=HealthSettingsForm.initial_from(config))
    # What a long-term score means: a steady r points a day settles at r·h/ln 2 (h in days).
    settle = config.long_half_life_days / math.log(2)
    context = console_context(
        request,
        "members",
        form=form,
        config=config,
        weights={verb: config.weight(verb) for verb in ("post", "comment", "reaction", "visit")},
        examples={
            "weekly_post": config.weight("post") / 7 * settle,
            "monthly_post": config.weight("post") / 30 * settle,
            "weekly_visit": config.weight("visit") / 7 * settle,
        },
        defaults=health.defaults(),
        preview=_preview(
            form if form.is_bound else HealthSettingsForm(HealthSettingsForm.initial_from(config)),
            now,
        ),
    )
    return render(request, "console/members/settings.html", context)


@require_GET
@insights_view
def health_settings_preview(request):
    """htmx: the counts per level under the values being typed (nothing is saved)."""
    require_health_settings(request.user)
    form = HealthSettingsForm(request.GET)
    return render(
        request,
        "console/members/_settings_preview.html",
        {"preview": _preview(form, timezone.now()), "form": form},
    )


urlpatterns = [
    path("members/", members, name="members"),
    # Before members/<handle>/: "settings" is a word here, not a handle.
    path("members/settings/", health_settings, name="health_settings"),
    path("members/settings/preview/", health_settings_preview, name="health_settings_preview"),
    path("members/<str:handle>/", member, name="member"),
]
