"""The after slice's pages: writing a photo report of an event."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from hiroba.community.permissions import access_space, visible_space_ids
from hiroba.community.selectors import list_visible_spaces
from hiroba.core.forms import handle_form
from hiroba.events.after import publish_event_report, report_refusal, report_space
from hiroba.events.permissions import access_event
from hiroba.posts.forms import PostForm, PostInSpaceForm
from hiroba.posts.views.writing import announce


@login_required
def report_new(request, event_id):
    """Post a photo report of an event: in the event's space, or in one the writer picks (as on
    posts' own compose page). Outsiders get the event's 404; non-participants the refusal."""
    user = request.user
    event = access_event(user, event_id)
    refusal = report_refusal(user, event)
    if refusal is not None:
        raise refusal
    space = report_space(event)
    form_class, kwargs = PostForm, {}
    if space is None:
        spaces = list_visible_spaces(visible_space_ids(user))
        form_class = PostInSpaceForm
        kwargs = {"spaces": [s for s in spaces if not s.is_archived]}
    form = form_class(request.POST or None, request.FILES or None, **kwargs)

    def act(data):
        return publish_event_report(
            actor=user,
            event=event,
            space=space or access_space(user, data["space"]),
            title=data["title"],
            body=data["body"],
            photos=data["photos"],
        )

    def done(post):
        announce(
            request,
            post,
            held=_(
                "Your report is held for review: others will see it once a moderator approves it."
            ),
            published=_("Your photo report is published. Thank you!"),
        )
        return redirect("posts:detail", post_id=post.pk)

    return handle_form(
        form,
        act=act,
        done=done,
        page=lambda status: render(
            request,
            "events/report_form.html",
            {"form": form, "event": event, "space": space},
            status=status,
        ),
        # The text and photos typed stay on the form with the reason (too many posts).
        refusal_on_form=True,
    )
