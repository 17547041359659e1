from allauth.account.adapter import DefaultAccountAdapter

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
