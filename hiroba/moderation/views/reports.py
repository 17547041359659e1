"""Members report a post, comment or member: a small form loaded in place (htmx) or a page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from hiroba.core.forms import apply_errors
from hiroba.moderation import services
from hiroba.moderation.forms import ReportForm
from hiroba.moderation.permissions import access_target


def _back_to(target_type: str, target) -> str:
    if target_type == "post":
        return reverse("posts:detail", args=[target.pk])
    if target_type == "comment":
        return reverse("posts:detail", args=[target.post_id]) + f"#comment-{target.pk}"
    return reverse("accounts:profile", args=[target.handle])


@login_required
def report(request, target_type: str, target_id: int):
    target = access_target(request.user, target_type, target_id)
    form = ReportForm(request.POST or None)
    sent = False
    if request.method == "POST" and form.is_valid():
        try:
            services.report_content(
                actor=request.user,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                **{target_type: target},
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            sent = True
            if not request.htmx:
                messages.success(request, _("Thank you. A moderator will review your report."))
                return redirect(_back_to(target_type, target))
    context = {"form": form, "target_type": target_type, "target_id": target.pk, "target": target}
    if request.htmx:
        template = "moderation/_report_sent.html" if sent else "moderation/_report_form.html"
        status = 422 if request.method == "POST" and not sent else 200
        return render(request, template, context, status=status)
    return render(request, "moderation/report.html", context | {"sent": sent})
