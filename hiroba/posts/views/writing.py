"""The page flow every kind of new post shares: in a given space, or in one the writer picks."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import render

from hiroba.community.permissions import access_space, visible_space_ids
from hiroba.community.selectors import list_visible_spaces
from hiroba.core.errors import Refused, answered_refusal
from hiroba.core.forms import apply_errors, form_status
from hiroba.posts.models import Post, Status


def write_in_space(
    request,
    slug: str | None,
    *,
    forms: tuple[type, type],
    write: Callable,
    done: Callable,
    template: str,
):
    """Show ``forms[0]`` for the space at ``slug``, or ``forms[1]`` (with a space field) without.

    ``write(space, cleaned_data)`` calls the kind's service and returns what it made; a
    ValidationError, or a refusal (suspended while writing, too many posts), goes back onto the
    form with the text kept. ``done(made)`` answers a success. A suspended member is told so by
    the template before writing (``user.is_write_blocked``).
    """
    fixed_space = access_space(request.user, slug) if slug else None
    form_class, kwargs = forms[0], {}
    if fixed_space is None:
        spaces = list_visible_spaces(visible_space_ids(request.user))
        form_class, kwargs = forms[1], {"spaces": [s for s in spaces if not s.is_archived]}
    refusal = None
    if request.method == "POST":
        form = form_class(request.POST, request.FILES, **kwargs)
        if form.is_valid():
            space = fixed_space or access_space(request.user, form.cleaned_data["space"])
            try:
                made = write(space, form.cleaned_data)
            except ValidationError as error:
                apply_errors(form, error)
            except Refused as refused:
                # Not a page that loses what they typed: the form again, with the reason.
                form.add_error(None, refused.message)
                refusal = refused
            else:
                return done(made)
    else:
        initial = {"space": request.GET.get("space")} if fixed_space is None else {}
        form = form_class(initial=initial, **kwargs)
    # A refusal answers with its own status (403, 429); a form with errors with 422.
    status = refusal.status if refusal else form_status(form)
    response = render(request, template, {"form": form, "space": fixed_space}, status=status)
    return answered_refusal(response, refusal) if refusal else response


def announce(request, post: Post, *, held: str, published: str) -> None:
    """Tell the writer whether their post is out, or held for a moderator first."""
    if post.status == Status.HELD:
        messages.info(request, held)
    else:
        messages.success(request, published)
