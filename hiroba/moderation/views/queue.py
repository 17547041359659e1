"""The moderators' queue and one-click actions on a reported or held item."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from hiroba.core.errors import Refused
from hiroba.moderation import selectors, services
from hiroba.moderation.forms import ActionForm
from hiroba.moderation.permissions import access_target, require_queue_access

DONE = {
    "hide": gettext_lazy("Hidden. The writer is told why."),
    "restore": gettext_lazy("Restored. The writer is told."),
    "delete": gettext_lazy("Deleted. The writer is told why."),
    "approve": gettext_lazy("Approved and published."),
    "dismiss": gettext_lazy("Reports dismissed."),
}


@login_required
def queue(request):
    require_queue_access(request.user)
    page = selectors.list_queue(cursor=request.GET.get("cursor"))
    context = {"page": page, "open_count": selectors.count_open_reports()}
    if request.htmx and request.GET.get("cursor"):
        return render(request, "moderation/_queue_page.html", context)
    return render(request, "moderation/queue.html", context)


@login_required
def target(request, target_type: str, target_id: int):
    """One item with its open reports and the action buttons (linked from the item's page)."""
    require_queue_access(request.user)
    item = access_target(request.user, target_type, target_id)
    reports = selectors.open_reports_on(target_type, item)
    return render(
        request,
        "moderation/target.html",
        {"target_type": target_type, "target": item, "reports": reports},
    )


def _next_url(request) -> str:
    url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return url
    return "/moderation/"


@login_required
@require_POST
def act(request, target_type: str, target_id: int):
    require_queue_access(request.user)
    item = access_target(request.user, target_type, target_id)
    form = ActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an action."))
        return redirect(_next_url(request))
    action, reason = form.cleaned_data["action"], form.cleaned_data["reason"]
    try:
        if target_type == "post":
            services.moderate_post(actor=request.user, post=item, action=action, reason=reason)
        elif target_type == "comment":
            services.moderate_comment(
                actor=request.user, comment=item, action=action, reason=reason
            )
        elif action == "dismiss":
            services.dismiss_member_reports(actor=request.user, member=item, reason=reason)
        else:
            raise ValidationError(_("Members are sanctioned from their moderation page."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except Refused as refused:  # e.g. the item changed state since the page was shown
        messages.error(request, refused.message)
    else:
        messages.success(request, DONE[action])
    return redirect(_next_url(request))
