"""The page flow every kind of new post shares: in a given space, or in one the writer picks."""

from collections.abc import Callable

from django.contrib import messages
from django.shortcuts import render

from hiroba.community.permissions import access_space, visible_space_ids
from hiroba.community.selectors import list_visible_spaces
from hiroba.core.forms import handle_form
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
    if request.method == "POST":
        form = form_class(request.POST, request.FILES, **kwargs)
    else:
        initial = {"space": request.GET.get("space")} if fixed_space is None else {}
        form = form_class(initial=initial, **kwargs)

    def act(data):
        return write(fixed_space or access_space(request.user, data["space"]), data)

    return handle_form(
        form,
        act=act,
        done=done,
        page=lambda status: render(
            request, template, {"form": form, "space": fixed_space}, status=status
        ),
        # Not a page that loses what they typed: the form again, with the reason.
        refusal_on_form=True,
    )


def announce(request, post: Post, *, held: str, published: str) -> None:
    """Tell the writer whether their post is out, or held for a moderator first."""
    if post.status == Status.HELD:
        messages.info(request, held)
    else:
        messages.success(request, published)
