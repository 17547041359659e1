"""Editors write, schedule and publish articles as an editorial account."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from hiroba.accounts.models import Member
from hiroba.accounts.permissions import require_editor
from hiroba.core.forms import handle_form
from hiroba.posts import services
from hiroba.posts.compose import compose_form, values_from_form
from hiroba.posts.forms import ArticleForm
from hiroba.posts.models import Kind, Status
from hiroba.posts.permissions import access_article_for_edit


def _accounts(user):
    return [user, *Member.objects.filter(is_official=True).order_by("display_name")]


def _save(request, form, article=None):
    data = form.cleaned_data
    accounts = {a.pk: a for a in _accounts(request.user)}
    fields = {
        "title": data["title"],
        "body": data["body"],
        "cover": data.get("cover"),
        "publish": data["publish"],
        "publish_at": data.get("publish_at"),
    }
    if article is None:
        as_account = accounts[int(data["as_account"])]
        return services.create_article(
            actor=request.user,
            as_account=as_account,
            # The article and its add-ons (a poll) are saved together, or neither.
            add_ons=values_from_form(Kind.ARTICLE, data),
            **fields,
        )
    return services.update_article(actor=request.user, article=article, **fields)


def _form_page(request, article=None):
    require_editor(request.user)
    accounts = _accounts(request.user) if article is None else [article.author]
    # A new article may get add-ons (a poll); an existing one's are changed from themselves.
    form_class = compose_form(ArticleForm, Kind.ARTICLE) if article is None else ArticleForm
    if request.method == "POST":
        form = form_class(request.POST, request.FILES, accounts=accounts)
    elif article is None:
        official = next((a for a in accounts if a.is_official), request.user)
        form = form_class(accounts=accounts, initial={"as_account": official.pk})
    else:
        publish = {Status.PUBLISHED: "now", Status.SCHEDULED: "schedule"}.get(
            article.status, "draft"
        )
        form = ArticleForm(
            accounts=accounts,
            initial={
                "as_account": article.author_id,
                "title": article.title,
                "body": article.body,
                "publish": publish,
                "publish_at": article.publish_at,
            },
        )

    def saved(saved_article):
        messages.success(request, _("The article is saved."))
        return redirect("posts:detail", post_id=saved_article.pk)

    return handle_form(
        form,
        act=lambda _data: _save(request, form, article),
        done=saved,
        page=lambda status: render(
            request, "posts/article_form.html", {"form": form, "article": article}, status=status
        ),
    )


@login_required
def create(request):
    return _form_page(request)


@login_required
def edit(request, post_id):
    return _form_page(request, access_article_for_edit(request.user, post_id))
