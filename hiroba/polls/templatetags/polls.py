"""``{% poll_for post %}``: a post's poll where the post is shown (its page, an article's page).

The poll block costs one query when the post has none (its answers, joined with their poll) and
one more for a member's own picks when it has one.
"""

from django import template

from hiroba.polls import selectors

register = template.Library()


@register.inclusion_tag("polls/_poll.html", takes_context=True)
def poll_for(context, post):
    request = context.get("request")
    user = getattr(request, "user", None)
    view = selectors.get_poll_view(user, post)
    changing = False
    if view is not None and request is not None:
        changing = request.GET.get("change_vote") == str(view.poll.pk)
    return poll_context(request, view, changing=changing, csrf_token=context.get("csrf_token"))


def poll_context(request, view, *, changing=False, error="", csrf_token=None) -> dict:
    """What _poll.html needs; the vote views render the same block after a vote."""
    context = {
        "request": request,
        "user": getattr(request, "user", None),
        "pv": view,
        "error": error,
        "show_form": False,
    }
    if csrf_token is not None:
        context["csrf_token"] = csrf_token
    if view is not None:
        context["show_form"] = view.can_vote and (not view.voted or changing or bool(error))
        context["changing"] = changing and view.voted
    return context
