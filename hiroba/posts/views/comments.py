"""Adding and deleting comments (htmx returns the new comment; without JS the page reloads)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hiroba.core.errors import Refused, answered_refusal
from hiroba.core.forms import apply_errors
from hiroba.posts import services
from hiroba.posts.forms import CommentForm
from hiroba.posts.models import CommentStatus
from hiroba.posts.permissions import access_comment, access_post


@login_required
@require_POST
def add(request, post_id):
    post = access_post(request.user, post_id)
    form = CommentForm(request.POST)
    comment = None
    if form.is_valid():
        parent_id = form.cleaned_data.get("parent")
        parent = access_comment(request.user, parent_id) if parent_id else None
        try:
            comment = services.add_comment(
                actor=request.user, post=post, body=form.cleaned_data["body"], parent=parent
            )
        except ValidationError as error:
            apply_errors(form, error)
        except Refused as refused:
            if request.htmx:
                raise  # the page's message area says why; the box keeps the text
            # Without htmx a refusal page would lose the text: the box again, with the reason.
            form.add_error(None, refused.message)
            context = {"post": post, "comment_form": form, "parent_id": request.POST.get("parent")}
            response = render(request, "posts/comment_refused.html", context, status=refused.status)
            return answered_refusal(response, refused)
    parent_id = request.POST.get("parent", "")
    if request.htmx:
        if comment is None:
            context = {"post": post, "comment_form": form, "parent_id": parent_id}
            return render(request, "posts/_comment_form.html", context, status=422)
        comment.shown_replies = []
        post.refresh_from_db(fields=["comment_count"])  # the service moved it with F()
        context = {
            "comment": comment,
            "post": post,
            "comment_form": CommentForm(),
            "parent_id": parent_id,
        }
        return render(request, "posts/_comment_added.html", context)
    if comment is None:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    elif comment.status == CommentStatus.HELD:
        messages.info(request, _("Your comment is held for review: others see it once approved."))
    return redirect("posts:detail", post_id=post.pk)


@login_required
@require_GET
def reply(request, comment_id):
    """The box for a reply to a comment. A post page carries none: its "Reply" loads this one
    with htmx when it opens, so that 200 comments are not sent with 200 forms. Without JS,
    "Reply" links here, a page of its own with the comment replied to."""
    try:
        comment = access_comment(request.user, comment_id)
        if not comment.post.is_visible:
            raise Http404("No such post")  # as the page, which offers no box then
    except Http404:
        if not request.htmx:
            raise
        # Deleted or hidden since the page was loaded: a line in the box's place, not the
        # whole "not found" page; the same for a comment that never was.
        return render(request, "posts/_reply_gone.html", status=404)
    context = {
        "post": comment.post,
        "comment": comment,
        "parent_id": comment.pk,
        "comment_form": CommentForm(),
        "write_blocked": request.user.is_write_blocked,
    }
    template = "posts/_comment_form.html" if request.htmx else "posts/reply.html"
    return render(request, template, context)


@login_required
@require_POST
def delete(request, comment_id):
    comment = access_comment(request.user, comment_id)
    # Someone else's comment is refused by the service with the 403 the API answers, instead of
    # a redirect that looked as if it had worked.
    services.delete_comment(actor=request.user, comment=comment)
    messages.success(request, _("The comment is deleted."))
    return redirect("posts:detail", post_id=comment.post_id)
