"""Poll pages: vote, change or withdraw a vote (an htmx swap of the poll block, or a POST and a
redirect back to the post without JavaScript), and the writer's page to change a poll."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hiroba.core.errors import Refused
from hiroba.core.forms import apply_errors
from hiroba.polls import selectors, services
from hiroba.polls.forms import PollEditForm
from hiroba.polls.permissions import access_poll, can_manage_poll
from hiroba.polls.templatetags.polls import poll_context


def _post_url(poll) -> str:
    return reverse("posts:detail", args=[poll.pk]) + f"#poll-{poll.pk}"


def _block(request, poll, *, changing=False, error="", status=200):
    view = selectors.get_poll_view(request.user, poll.post)
    context = poll_context(request, view, changing=changing, error=error)
    return render(request, "polls/_poll.html", context, status=status)


@require_GET
def poll_block(request, poll_id):
    """The poll block alone (htmx: "change my vote", "keep my vote"); a visit goes to the post."""
    poll = access_poll(request.user, poll_id)
    if not request.htmx:
        return redirect(_post_url(poll))
    return _block(request, poll, changing=request.GET.get("change") == "1")


@login_required
@require_POST
def vote(request, poll_id):
    poll = access_poll(request.user, poll_id)
    try:
        services.cast_vote(actor=request.user, poll=poll, choice_ids=request.POST.getlist("choice"))
    except ValidationError as error:
        return _refused(request, poll, " ".join(error.messages), status=422)
    except Refused as refused:
        return _refused(request, poll, refused.message, status=refused.status)
    if request.htmx:
        return _block(request, poll)
    messages.success(request, _("Thank you for voting."))
    return redirect(_post_url(poll))


@login_required
@require_POST
def withdraw(request, poll_id):
    poll = access_poll(request.user, poll_id)
    try:
        services.withdraw_vote(actor=request.user, poll=poll)
    except Refused as refused:
        return _refused(request, poll, refused.message, status=refused.status)
    if request.htmx:
        return _block(request, poll)
    messages.success(request, _("Your vote is withdrawn."))
    return redirect(_post_url(poll))


def _refused(request, poll, message: str, *, status: int):
    """The poll block again with the reason inside it; without JavaScript, a message on the post."""
    if request.htmx:
        return _block(request, poll, error=message, changing=True, status=status)
    messages.error(request, message)
    return redirect(_post_url(poll))


@login_required
def edit(request, poll_id):
    """The writer changes their poll: everything while nobody has voted, then the close time."""
    poll = access_poll(request.user, poll_id)
    if not can_manage_poll(request.user, poll.post):
        raise Refused(
            _("Only the person who wrote the post can change its poll."), code="not_writer"
        )
    choices = list(poll.choices.all())
    if request.method == "POST":
        form = PollEditForm(request.POST, poll=poll)
        if form.is_valid():
            try:
                form.save(actor=request.user)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The poll is saved."))
                return redirect(_post_url(poll))
    else:
        form = PollEditForm(poll=poll, choices=choices)
    context = {"form": form, "poll": poll, "post": poll.post}
    return render(request, "polls/edit.html", context)


@login_required
@require_POST
def close(request, poll_id):
    poll = access_poll(request.user, poll_id)
    services.close_poll(actor=request.user, poll=poll)
    messages.success(request, _("The poll is closed: everyone can see the results now."))
    return redirect(_post_url(poll))
