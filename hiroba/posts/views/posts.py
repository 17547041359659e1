"""Writing pages: compose, edit, delete, pin, history, like."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hiroba.core.forms import handle_form
from hiroba.core.fragments import spliced
from hiroba.posts import selectors, services
from hiroba.posts.compose import compose_form, post_page_parts, values_from_form
from hiroba.posts.forms import CommentForm, PostForm, PostInSpaceForm
from hiroba.posts.kinds import get_kind
from hiroba.posts.models import Kind
from hiroba.posts.permissions import (
    access_comment,
    access_post,
    access_post_for_edit,
    can_delete_comment,
    can_edit_post,
    can_pin_post,
)
from hiroba.posts.sharing import post_meta
from hiroba.posts.views.writing import announce, write_in_space


def post_detail(request, post_id):
    post = access_post(request.user, post_id)
    kind = get_kind(post.kind)
    if kind is not None and kind.has_own_page:
        # A kind has its own page (a question's answers, an idea's votes and status history);
        # comment and like views that come back here after a change land there too.
        return redirect(kind.detail_url, post.pk)
    thread = selectors.get_page_thread(request.user, post)
    services.record_read(actor=request.user, post=post, session=request.session)
    # photo_count is kept exact by the services: a post without photos needs no query.
    photos = list(post.photos.all()) if post.photo_count else []
    response = render(
        request,
        "posts/post_detail.html",
        {
            "post": post,
            "photos": photos,
            "page_meta": post_meta(request, post, photos),
            "thread": thread,
            "liked": bool(selectors.liked_post_ids(request.user, [post])),
            "can_edit": can_edit_post(request.user, post),
            "can_pin": can_pin_post(request.user, post),
            "comment_form": CommentForm(),
            "can_delete_comment": lambda c: can_delete_comment(request.user, c),
            **post_page_parts(post.kind),
            "kind_template": kind.page_template if kind is not None else "",
        },
    )
    return spliced(request, response)  # the comment thread goes into the bytes as they are


@login_required
def compose(request, slug=None):
    """Write a post: from a space page (slug given) or from the global "new post" button."""

    def write(space, data):
        return services.publish_post(
            actor=request.user,
            space=space,
            title=data["title"],
            body=data["body"],
            photos=data["photos"],
            # The post and its add-ons (a poll) are saved together, or neither.
            add_ons=values_from_form(Kind.POST, data),
        )

    def done(post):
        announce(
            request,
            post,
            held=_(
                "Your post is held for review: a moderator will look at it soon. "
                "Until then only you and the moderators can see it."
            ),
            published=_("Your post is published."),
        )
        return redirect("posts:detail", post_id=post.pk)

    return write_in_space(
        request,
        slug,
        forms=(compose_form(PostForm, Kind.POST), compose_form(PostInSpaceForm, Kind.POST)),
        write=write,
        done=done,
        template="posts/post_form.html",
    )


@login_required
def edit(request, post_id):
    post = access_post_for_edit(request.user, post_id)
    if post.is_article:
        return redirect("posts:article_edit", post_id=post.pk)
    if request.method == "POST":
        form = PostForm(request.POST, request.FILES)
    else:
        form = PostForm(initial={"title": post.title, "body": post.body})

    def saved(_post):
        messages.success(request, _("Your changes are saved."))
        return redirect("posts:detail", post_id=post.pk)

    return handle_form(
        form,
        act=lambda data: services.edit_post(
            actor=request.user,
            post=post,
            title=data["title"],
            body=data["body"],
            photos=data["photos"],
        ),
        done=saved,
        page=lambda status: render(
            request,
            "posts/post_form.html",
            {"form": form, "post": post, "space": post.space},
            status=status,
        ),
    )


def history(request, post_id):
    post = access_post(request.user, post_id)
    revisions = list(post.revisions.select_related("edited_by"))
    return render(request, "posts/history.html", {"post": post, "revisions": revisions})


@login_required
@require_POST
def delete(request, post_id):
    post = access_post_for_edit(request.user, post_id)
    services.delete_post(actor=request.user, post=post)
    messages.success(request, _("The post is deleted."))
    if post.space_id:
        return redirect("posts:space", slug=post.space.slug)
    return redirect("home")


@login_required
@require_POST
def pin(request, post_id):
    post = access_post(request.user, post_id)
    pinned = request.POST.get("pinned") == "1"
    services.set_pinned(actor=request.user, post=post, pinned=pinned)
    messages.success(request, _("Pinned.") if pinned else _("Unpinned."))
    return redirect("posts:detail", post_id=post.pk)


@login_required
@require_POST
def like_post(request, post_id):
    post = access_post(request.user, post_id)
    if request.POST.get("action") == "unlike":
        services.remove_reaction(actor=request.user, post=post)
    else:
        services.add_reaction(actor=request.user, post=post)
    post.refresh_from_db(fields=["reaction_count"])
    context = {
        "target": post,
        "liked": bool(selectors.liked_post_ids(request.user, [post])),
        "kind": "post",
    }
    if request.htmx:
        return render(request, "posts/_like.html", context)
    return redirect("posts:detail", post_id=post.pk)


@login_required
@require_POST
def like_comment(request, comment_id):
    comment = access_comment(request.user, comment_id)
    if request.POST.get("action") == "unlike":
        services.remove_reaction(actor=request.user, comment=comment)
    else:
        services.add_reaction(actor=request.user, comment=comment)
    comment.refresh_from_db(fields=["reaction_count"])
    liked = bool(selectors.liked_comment_ids(request.user, [comment]))
    if request.htmx:
        return render(
            request, "posts/_like.html", {"target": comment, "liked": liked, "kind": "comment"}
        )
    return redirect("posts:detail", post_id=comment.post_id)
