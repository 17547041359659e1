"""Managers' screens for members: roles, suspension, official editorial accounts.

Above moderation, so that suspending from the list is moderation's one sanction service.
Its addresses keep their own namespace (``manage_members``, /manage/members/).
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from hiroba.accounts import services
from hiroba.accounts.models import HANDLE_RE, Member, Role
from hiroba.accounts.permissions import require_manager
from hiroba.core.forms import apply_errors
from hiroba.core.pagination import keyset_page
from hiroba.moderation.models import SanctionKind
from hiroba.moderation.services import lift_sanction, sanction_member

PAGE_SIZE = 50


class OfficialAccountForm(forms.Form):
    display_name = forms.CharField(label=gettext_lazy("Display name"), max_length=50)
    handle = forms.RegexField(label=gettext_lazy("Handle"), regex=HANDLE_RE, max_length=30)
    bio = forms.CharField(label=gettext_lazy("Short bio"), max_length=300, required=False)


@login_required
def member_list(request):
    require_manager(request.user)
    members = Member.objects.all()
    query = request.GET.get("q", "").strip().lstrip("@")[:100]
    if query:
        members = members.filter(
            Q(handle__icontains=query) | Q(display_name__icontains=query) | Q(email__iexact=query)
        )
    role = request.GET.get("role", "")
    if role in Role.values:
        members = members.filter(role=role, is_official=False)
    elif role == "official":
        members = members.filter(is_official=True)
    elif role == "suspended":
        members = members.filter(is_suspended=True)
    page = keyset_page(
        members, order=("-id",), kinds=(int,), cursor=request.GET.get("before"), size=PAGE_SIZE
    )
    return render(
        request,
        "accounts/manage_members.html",
        {
            "members": page.items,
            "next_before": page.next_cursor,
            "query": query,
            "role": role,
            "roles": Role.choices,
            "official_form": OfficialAccountForm(),
        },
    )


def _member(member_id) -> Member:
    member = Member.objects.filter(pk=member_id).first()
    if member is None:
        raise Http404
    return member


@login_required
@require_POST
def change_role(request, member_id):
    require_manager(request.user)
    member = _member(member_id)
    try:
        services.change_role(actor=request.user, member=member, role=request.POST.get("role", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(name)s is now %(role)s.")
            % {"name": member.display_name, "role": member.get_role_display()},
        )
    return redirect("manage_members:list")


@login_required
@require_POST
def suspend(request, member_id):
    require_manager(request.user)
    member = _member(member_id)
    suspended = request.POST.get("suspended") == "1"
    reason = request.POST.get("reason", "")[:1000]
    try:
        # The list's quick form may leave the reason empty: the member is shown this one then.
        if suspended:
            reason = reason or _("Suspended by a community manager.")
            sanction_member(
                actor=request.user, member=member, kind=SanctionKind.SUSPEND, reason=reason
            )
        else:
            lift_sanction(
                actor=request.user, member=member, reason=reason or _("Lifted by a manager.")
            )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("manage_members:list")
    if suspended:
        messages.success(request, _("%(name)s is suspended.") % {"name": member.display_name})
    else:
        messages.success(request, _("%(name)s can write again.") % {"name": member.display_name})
    return redirect("manage_members:list")


@login_required
@require_POST
def create_official(request):
    require_manager(request.user)
    form = OfficialAccountForm(request.POST)
    if form.is_valid():
        try:
            account = services.create_editorial_account(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("The official account %(name)s is created.") % {"name": account.display_name},
            )
            return redirect("manage_members:list")
    for field_errors in form.errors.values():
        for error in field_errors:
            messages.error(request, error)
    return redirect("manage_members:list")
