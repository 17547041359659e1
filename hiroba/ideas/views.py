"""Idea pages: the board (by status, space and sort), the realized showcase, proposing, an idea
with its history, voting and following, the staff panel, the review queue, the status labels and
the realization figures. Thin: parse, call a selector or service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hiroba.accounts.permissions import is_manager, require_manager
from hiroba.community.permissions import can_read_community, visible_space_ids
from hiroba.community.selectors import list_visible_spaces
from hiroba.core.errors import Refused
from hiroba.core.forms import apply_errors, handle_form
from hiroba.ideas import selectors, services
from hiroba.ideas.forms import (
    DuplicateForm,
    IdeaForm,
    IdeaInSpaceForm,
    StatusForm,
    StatusStylesForm,
)
from hiroba.ideas.models import Status
from hiroba.ideas.permissions import (
    access_idea,
    can_see_stats,
    can_vote,
    is_idea_staff,
    require_idea_staff,
)
from hiroba.ideas.styles import status_styles
from hiroba.posts.forms import CommentForm
from hiroba.posts.permissions import can_edit_post
from hiroba.posts.sharing import post_meta
from hiroba.posts.views.writing import announce, write_in_space


def _sorts() -> list[tuple[str, str]]:
    return [("votes", _("Most votes")), ("new", _("Newest")), ("changed", _("Recently changed"))]


def _board_context(request):
    spaces = list_visible_spaces(visible_space_ids(request.user))
    idea_spaces = [s for s in spaces if s.allows_ideas]
    space = next((s for s in spaces if s.slug == request.GET.get("space")), None)
    return spaces, idea_spaces, space


@require_GET
def board(request):
    if not can_read_community(request.user):
        return redirect_to_login(request.get_full_path())
    styles = status_styles()
    status = request.GET.get("status") or ""
    status = status if status in styles else ""
    sort = request.GET.get("sort", "votes")
    sort = sort if sort in selectors.SORTS else "votes"
    _spaces, idea_spaces, space = _board_context(request)
    page = selectors.list_ideas(
        request.user,
        status=status or None,
        space=space,
        sort=sort,
        cursor=request.GET.get("cursor"),
    )
    context = {
        "page": page,
        "voted_ids": selectors.voted_idea_ids(request.user, page.items),
        "status": status,
        "styles": styles,
        "sort": sort,
        "sorts": _sorts(),
        "spaces": idea_spaces,
        "space": space,
        "query": _query(status=status, sort=sort, space=space),
    }
    if request.htmx and request.GET.get("cursor"):
        return render(request, "ideas/_board_page.html", context)
    context["stats"] = _summary(request, space)
    context["is_staff"] = is_idea_staff(request.user)
    return render(request, "ideas/board.html", context)


def _query(**values) -> str:
    parts = []
    for name, value in values.items():
        if name == "space":
            value = value.slug if value is not None else ""
        if value:
            parts.append(f"{name}={value}")
    return "&".join(parts)


def _summary(request, space):
    """The last year's figures on the board, unless the community turned them off."""
    if not can_see_stats(request.user):
        return None
    return selectors.board_summary(request.user, days=365, space_id=space.pk if space else None)


@require_GET
def realized(request):
    """The showcase: realized ideas, the most recently realized first."""
    if not can_read_community(request.user):
        return redirect_to_login(request.get_full_path())
    _spaces, idea_spaces, space = _board_context(request)
    page = selectors.list_ideas(
        request.user,
        status=Status.REALIZED,
        space=space,
        sort="changed",
        cursor=request.GET.get("cursor"),
    )
    notes = selectors.latest_notes(page.items)
    for idea in page.items:
        idea.note = notes.get(idea.pk)
    context = {
        "page": page,
        "styles": status_styles(),
        "spaces": idea_spaces,
        "space": space,
        "query": _query(space=space),
    }
    if request.htmx and request.GET.get("cursor"):
        return render(request, "ideas/_realized_page.html", context)
    return render(request, "ideas/realized.html", context)


@login_required
def submit(request, slug=None):
    """Propose an idea: from a space (slug given) or from the board."""

    def write(space, data):
        return services.submit_idea(
            actor=request.user,
            space=space,
            title=data["title"],
            body=data["body"],
            photos=data["photos"],
        )

    def done(idea):
        announce(
            request,
            idea.post,
            held=_(
                "Your idea is held for review: others will see it once a moderator approves it."
            ),
            published=_("Your idea is posted. Others can now vote for it."),
        )
        return redirect("ideas:detail", post_id=idea.pk)

    return write_in_space(
        request,
        slug,
        forms=(IdeaForm, IdeaInSpaceForm),
        write=write,
        done=done,
        template="ideas/submit.html",
    )


@require_GET
def idea_detail(request, post_id):
    idea = access_idea(request.user, post_id)
    return _detail(request, idea)


def _detail(request, idea, *, status_form=None, duplicate_form=None, status: int = 200):
    user = request.user
    post = idea.post
    page = selectors.get_idea_page(user, idea)
    staff = is_idea_staff(user)
    photos = list(post.photos.all())
    context = {
        "idea": idea,
        "post": post,
        "page": page,
        "photos": photos,
        "thread": page.thread,
        "liked_ids": page.thread.liked_comment_ids,
        "styles": status_styles(),
        "can_vote": can_vote(user) and idea.status != Status.DUPLICATE,
        "can_edit": can_edit_post(user, post),
        "is_staff": staff,
        "comment_form": CommentForm(),
        "page_meta": post_meta(request, post, photos),
    }
    if staff and idea.status != Status.DUPLICATE:
        context["status_form"] = status_form or StatusForm(initial={"status": idea.status})
        context["duplicate_form"] = duplicate_form or DuplicateForm()
    return render(request, "ideas/detail.html", context, status=status)


@login_required
@require_POST
def vote(request, post_id):
    idea = access_idea(request.user, post_id)
    try:
        if request.POST.get("action") == "unvote":
            services.unvote_idea(actor=request.user, idea=idea)
        else:
            services.vote_idea(actor=request.user, idea=idea)
    except ValidationError as error:
        return _vote_refused(request, idea, " ".join(error.messages), status=422)
    except Refused as refused:
        return _vote_refused(request, idea, refused.message, status=refused.status)
    if request.htmx:
        return _vote_button(request, idea)
    return redirect("ideas:detail", post_id=idea.pk)


def _vote_button(request, idea, *, error: str = "", status: int = 200):
    idea.refresh_from_db(fields=["vote_count", "status"])
    voted = bool(selectors.voted_idea_ids(request.user, [idea]))
    context = {"idea": idea, "voted": voted, "can_vote": True, "vote_error": error}
    return render(request, "ideas/_vote.html", context, status=status)


def _vote_refused(request, idea, message: str, *, status: int):
    """The vote button again with the reason beside it (htmx swaps 403, 422 and 429 in this
    project); without JavaScript, a message on the idea page."""
    if request.htmx:
        return _vote_button(request, idea, error=message, status=status)
    messages.error(request, message)
    return redirect("ideas:detail", post_id=idea.pk)


@login_required
@require_POST
def follow(request, post_id):
    idea = access_idea(request.user, post_id)
    if request.POST.get("action") == "unfollow":
        services.unfollow_idea(actor=request.user, idea=idea)
        messages.success(request, _("You no longer follow this idea."))
    else:
        services.follow_idea(actor=request.user, idea=idea)
        messages.success(request, _("You follow this idea: you will hear when its status changes."))
    return redirect("ideas:detail", post_id=idea.pk)


@login_required
@require_POST
def change_status(request, post_id):
    require_idea_staff(request.user)
    idea = access_idea(request.user, post_id)
    form = StatusForm(request.POST)

    def changed(_idea):
        messages.success(request, _("The status is changed; the author and voters are told."))
        return redirect("ideas:detail", post_id=idea.pk)

    return handle_form(
        form,
        act=lambda data: services.change_idea_status(
            actor=request.user,
            idea=idea,
            status=data["status"],
            note=data["note"],
            revisit_at=data["revisit_at"],
        ),
        done=changed,
        page=lambda status: _detail(request, idea, status_form=form, status=status),
        fields={"revisit_at": "revisit_on"},
    )


@login_required
@require_POST
def duplicate(request, post_id):
    require_idea_staff(request.user)
    idea = access_idea(request.user, post_id)
    form = DuplicateForm(request.POST)

    def merge(data):
        try:
            original = access_idea(request.user, data["original"])
        except Http404:
            raise ValidationError({"original": _("No idea has this number.")}) from None
        return services.mark_duplicate(
            actor=request.user, idea=idea, original=original, note=data["note"]
        )

    def merged(_idea):
        messages.success(request, _("The idea is merged into the original with its votes."))
        return redirect("ideas:detail", post_id=idea.pk)

    return handle_form(
        form,
        act=merge,
        done=merged,
        page=lambda status: _detail(request, idea, duplicate_form=form, status=status),
    )


@login_required
@require_GET
def review(request):
    """The staff review queue: unreviewed ideas, and parked ideas whose date has come."""
    require_idea_staff(request.user)
    order = request.GET.get("order", "oldest")
    order = order if order in selectors.QUEUE_ORDERS else "oldest"
    now = timezone.now()
    due_cursor = request.GET.get("due_cursor")
    due = selectors.due_for_revisit(request.user, now=now, cursor=due_cursor)
    context = {"due": due, "order": order, "styles": status_styles(), "query": _query(order=order)}
    if request.htmx and due_cursor:
        return render(request, "ideas/_due_page.html", context)
    page = selectors.review_queue(request.user, order=order, cursor=request.GET.get("cursor"))
    context["page"] = page
    context["is_manager"] = is_manager(request.user)
    context["due_count"] = (
        selectors.count_due(request.user, now=now) if due.next_cursor else len(due.items)
    )
    if request.htmx and request.GET.get("cursor"):
        return render(request, "ideas/_review_page.html", context)
    return render(request, "ideas/review.html", context)


@login_required
def settings_page(request):
    """Managers name, color and order the statuses; their meanings stay fixed."""
    require_manager(request.user)
    if request.method == "POST":
        form = StatusStylesForm(request.POST)
        if form.is_valid():
            try:
                services.update_status_styles(actor=request.user, styles=form.styles())
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The idea statuses are saved."))
                return redirect("ideas:settings")
    else:
        form = StatusStylesForm()
    return render(request, "ideas/settings.html", {"form": form, "styles": status_styles()})


PERIODS = {"30": 30, "90": 90, "365": 365, "all": None}


@require_GET
def stats(request):
    """The realization rate, the funnel and the response time, for a period, overall and by
    space, with their definitions."""
    if not can_read_community(request.user):
        return redirect_to_login(request.get_full_path())
    if not can_see_stats(request.user):
        raise Http404("No statistics")
    period = request.GET.get("period", "365")
    period = period if period in PERIODS else "365"
    days = PERIODS[period]
    overall, by_space = selectors.stats_page(request.user, days=days)
    spaces = list_visible_spaces(visible_space_ids(request.user))
    rows = [(s, by_space[s.pk]) for s in spaces if s.pk in by_space]
    context = {
        "stats": overall,
        "rows": rows,
        "period": period,
        "periods": [
            ("30", _("30 days")),
            ("90", _("90 days")),
            ("365", _("1 year")),
            ("all", _("All time")),
        ],  # fmt: skip
        "is_manager": is_manager(request.user),
    }
    return render(request, "ideas/stats.html", context)
