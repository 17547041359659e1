from contextlib import nullcontext

from allauth.account.adapter import DefaultAccountAdapter
from django.shortcuts import render
from django.utils import translation

from hiroba.accounts.models import Member
from hiroba.accounts.selectors import ban_reason
from hiroba.accounts.services import register_member


class MemberAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        """Sign-up goes through the same service as every other door (Activity row included)."""
        data = form.cleaned_data
        return register_member(
            member=user,
            email=data["email"],
            password=data.get("password1"),
            display_name=data["display_name"],
            handle=data["handle"],
            accepted_guidelines=data["accept_guidelines"],
        )

    def is_open_for_signup(self, request):
        return True

    def send_mail(self, template_prefix, email, context):
        """allauth's e-mails (password reset, address confirmation, codes) in the member's chosen
        language; without a choice, in the language of the page that sent them."""
        member = context.get("user")
        if not isinstance(member, Member):
            member = Member.objects.filter(email=email).only("language").first()
        language = member.language if member is not None else ""
        with translation.override(language) if language else nullcontext():
            super().send_mail(template_prefix, email, context)

    def respond_user_inactive(self, request, user):
        """A banned member who logs in (with the right password) is told that they are banned and
        why; allauth's own page only said "This account is inactive"."""
        context = {
            "banned_at": user.banned_at,
            "reason": ban_reason(user) if user.banned_at else "",
        }
        return render(request, "accounts/inactive.html", context, status=403)
