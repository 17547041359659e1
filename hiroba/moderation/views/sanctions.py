"""A member's moderation page: their reports and sanctions, and the forms to sanction or lift."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hiroba.core.errors import Refused
from hiroba.core.forms import apply_errors
from hiroba.moderation import selectors, services
from hiroba.moderation.forms import SANCTION_CHOICES, LiftForm, SanctionForm
from hiroba.moderation.permissions import access_member, can_sanction, require_queue_access


@login_required
def member(request, handle: str):
    require_queue_access(request.user)
    target = access_member(request.user, handle)
    kinds = [kind for kind, _label in SANCTION_CHOICES if can_sanction(request.user, target, kind)]
    form = SanctionForm(request.POST or None, kinds=kinds)
    if request.method == "POST" and form.is_valid():
        try:
            services.sanction_member(actor=request.user, member=target, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        except Refused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, _("The sanction is recorded; the member is told why."))
            return redirect("moderation:member", handle=target.handle)
    return render(
        request,
        "moderation/member.html",
        {
            "target": target,
            "form": form,
            "lift_form": LiftForm(),
            "may_sanction": bool(kinds),
            # Lifting a ban takes the authority that banning does (lift_sanction checks it too).
            "may_lift": (target.is_suspended or target.banned_at is not None)
            and can_sanction(request.user, target, "ban" if target.banned_at else "suspend"),
            "sanctions": selectors.list_sanctions(target),
            "reports": selectors.member_reports(target),
        },
    )


@login_required
@require_POST
def lift(request, handle: str):
    require_queue_access(request.user)
    target = access_member(request.user, handle)
    form = LiftForm(request.POST)
    if form.is_valid():
        try:
            services.lift_sanction(
                actor=request.user, member=target, reason=form.cleaned_data["reason"]
            )
        except (ValidationError, Refused) as error:
            messages.error(request, getattr(error, "message", None) or " ".join(error.messages))
        else:
            messages.success(request, _("The member can write again."))
    else:
        messages.error(request, _("Give a reason."))
    return redirect("moderation:member", handle=target.handle)
