"""Question pages: the lists, asking (with similar questions while typing), a question with its
answers, answering, accepting. Thin: parse, call a selector or service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hiroba.community.permissions import can_read_community, visible_space_ids
from hiroba.community.selectors import list_visible_spaces
from hiroba.core.forms import handle_form
from hiroba.posts import selectors as post_selectors
from hiroba.posts.models import CommentStatus
from hiroba.posts.permissions import access_comment, can_edit_post
from hiroba.posts.services import add_comment
from hiroba.posts.sharing import post_meta
from hiroba.posts.views.writing import announce, write_in_space
from hiroba.qa import selectors, services
from hiroba.qa.forms import AcceptForm, AnswerForm, AskForm, AskInSpaceForm
from hiroba.qa.permissions import (
    access_question,
    can_accept,
    can_accept_answers,
    is_official_answer,
)
from hiroba.qa.seo import page_seo


@require_GET
def question_list(request):
    if not can_read_community(request.user):
        return redirect_to_login(request.get_full_path())
    tab = request.GET.get("tab", "all")
    tab = tab if tab in selectors.TABS else "all"
    if tab == "mine" and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    spaces = list_visible_spaces(visible_space_ids(request.user))
    space = next((s for s in spaces if s.slug == request.GET.get("space")), None)
    page = selectors.list_questions(
        request.user, tab=tab, space=space, cursor=request.GET.get("cursor")
    )
    context = {"page": page, "tab": tab, "tabs": _tabs(), "spaces": spaces, "space": space}
    if request.htmx and request.GET.get("cursor"):
        return render(request, "qa/_list_page.html", context)
    return render(request, "qa/list.html", context)


def _tabs() -> list[tuple[str, str]]:
    return [
        ("all", _("All")),
        ("unanswered", _("Unanswered")),
        ("unsolved", _("Unsolved")),
        ("solved", _("Solved")),
        ("mine", _("My questions")),
    ]


@login_required
def ask(request, slug=None):
    """Ask a question: from a space (slug given) or from the questions page."""

    def write(space, data):
        return services.ask_question(
            actor=request.user,
            space=space,
            title=data["title"],
            body=data["body"],
            photos=data["photos"],
        )

    def done(question):
        announce(
            request,
            question.post,
            held=_(
                "Your question is held for review: others will see it once a moderator approves it."
            ),
            published=_("Your question is posted."),
        )
        return redirect("qa:detail", post_id=question.pk)

    return write_in_space(
        request,
        slug,
        forms=(AskForm, AskInSpaceForm),
        write=write,
        done=done,
        template="qa/ask.html",
    )


@require_GET
def similar(request):
    """The questions like the title being typed (an htmx fragment under the title field)."""
    title = request.GET.get("title", "")[:200]
    found = selectors.similar_questions(request.user, title) if title.strip() else []
    return render(request, "qa/_similar.html", {"similar": found, "title": title})


@require_GET
def question_detail(request, post_id):
    question = access_question(request.user, post_id)
    return _detail(request, question, AnswerForm())


def _detail(request, question, answer_form, *, status: int = 200):
    user = request.user
    post = question.post
    thread = selectors.get_question_thread(user, question)
    may_accept = can_accept_answers(user, question)
    for answer in thread.answers:
        answer.is_accepted = answer is thread.accepted
        answer.by_asker = answer.created_by_id == question.asker_id
        answer.is_official = answer.deleted_at is None and is_official_answer(answer)
        answer.can_accept = (
            may_accept and not answer.is_accepted and can_accept(user, question, answer)
        )
    photos = list(post.photos.all())
    context = {
        "question": question,
        "post": post,
        "photos": photos,
        "thread": thread,
        "liked": bool(post_selectors.liked_post_ids(user, [post])),
        "can_edit": can_edit_post(user, post),
        "may_accept": may_accept,
        "answer_form": answer_form,
        "seo": page_seo(request, thread),
        "page_meta": post_meta(request, post, photos),
    }
    return render(request, "qa/detail.html", context, status=status)


@login_required
@require_POST
def answer(request, post_id):
    question = access_question(request.user, post_id)
    form = AnswerForm(request.POST)

    def posted(comment):
        if comment.status == CommentStatus.HELD:
            messages.info(
                request,
                _("Your answer is held for review: others will see it once a moderator "
                  "approves it."),
            )  # fmt: skip
        else:
            messages.success(request, _("Your answer is posted."))
        return redirect(_answer_url(question.pk, comment.pk))

    # Shown again with the text kept and the reason next to it, also when suspended (or too
    # many answers) while writing.
    return handle_form(
        form,
        act=lambda data: add_comment(actor=request.user, post=question.post, body=data["body"]),
        done=posted,
        page=lambda status: _detail(request, question, form, status=status),
        refusal_on_form=True,
    )


@login_required
@require_POST
def accept(request, post_id):
    question = access_question(request.user, post_id)
    form = AcceptForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the answers shown under this question."))
        return redirect("qa:detail", post_id=question.pk)
    chosen = access_comment(request.user, form.cleaned_data["answer"])
    try:
        services.accept_answer(actor=request.user, question=question, answer=chosen)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("qa:detail", post_id=question.pk)
    messages.success(request, _("The answer is marked as accepted."))
    return redirect(_answer_url(question.pk, chosen.pk))


@login_required
@require_POST
def unaccept(request, post_id):
    question = access_question(request.user, post_id)
    services.unaccept_answer(actor=request.user, question=question)
    messages.success(request, _("The question is open again: no answer is accepted."))
    return redirect("qa:detail", post_id=question.pk)


def _answer_url(question_id: int, comment_id: int) -> str:
    return reverse("qa:detail", args=[question_id]) + f"#comment-{comment_id}"
