from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import set_language as django_set_language

from hiroba.accounts import services
from hiroba.accounts.forms import ProfileForm
from hiroba.accounts.models import Member
from hiroba.accounts.permissions import is_member
from hiroba.accounts.tokens import create_api_token, list_active_tokens, revoke_api_token
from hiroba.core import views as core_views
from hiroba.core.forms import handle_form


@login_required
def edit_profile(request):
    member = request.user
    if request.method == "POST":
        form = ProfileForm(request.POST, request.FILES, instance=Member.objects.get(pk=member.pk))
    else:
        form = ProfileForm(instance=member)

    def save(data):
        return services.update_profile(
            actor=member,
            member=Member.objects.get(pk=member.pk),
            icon=data.get("icon_upload"),
            **{f: data[f] for f in ProfileForm.Meta.fields},
        )

    def saved(_member):
        messages.success(request, _("Your profile is saved."))
        return redirect("accounts:profile", handle=member.handle)

    return handle_form(
        form,
        act=save,
        done=saved,
        page=lambda status: render(
            request, "accounts/edit_profile.html", {"form": form}, status=status
        ),
        fields={"icon": "icon_upload"},
    )


# Sec-Fetch-Site values of a request the member made on our pages ("same-origin") or typed or
# bookmarked ("none"); browsers send it with every request and scripts cannot forge it.
OWN_NAVIGATION = {"same-origin", "none"}


@require_GET
def switch_language(request, code: str):
    """The footer's language link: the cookie (hiroba.core.views), and for a member, their
    stored choice, so that their e-mails and their other devices follow it too.

    A link (GET) like the anonymous one. It stores the choice only when the member followed it
    from our own pages (or typed it): a GET is not CSRF-protected, and another site's
    ``<img src="/i18n/en/">`` must not change the language of a member's e-mails.
    """
    response = core_views.switch_language(request, code)
    if is_member(request.user) and request.headers.get("Sec-Fetch-Site") in OWN_NAVIGATION:
        services.set_language(actor=request.user, language=code)
    return response


@require_POST
def set_language(request):
    """Django's language form (POST), remembered for members as the link is."""
    response = django_set_language(request)
    code = request.POST.get("language", "")
    if is_member(request.user) and code in dict(settings.LANGUAGES):
        services.set_language(actor=request.user, language=code)
    return response


@login_required
def tokens(request):
    new_secret = None
    error = None
    if request.method == "POST":
        try:
            _token, new_secret = create_api_token(
                actor=request.user, name=request.POST.get("name", "")
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
    return render(
        request,
        "accounts/tokens.html",
        {"tokens": list_active_tokens(request.user), "new_secret": new_secret, "error": error},
    )


@login_required
@require_POST
def revoke_token(request, token_id):
    revoke_api_token(actor=request.user, token_id=token_id)
    messages.success(request, _("The token is revoked."))
    return redirect("accounts:tokens")
