from django import forms
from django.utils.translation import gettext_lazy as _

from hiroba.community.models import ReportReason
from hiroba.moderation.models import SanctionKind, WordAction


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Which guideline does it break?"),
        choices=ReportReason.choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={"required": _("Choose a reason.")},
    )
    note = forms.CharField(
        label=_("Anything moderators should know (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )


class ActionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[(a, a) for a in ("hide", "restore", "delete", "approve", "dismiss")]
    )
    reason = forms.CharField(max_length=1000, required=False)


class WordRuleForm(forms.Form):
    phrase = forms.CharField(label=_("Word or phrase"), max_length=100)
    action = forms.ChoiceField(label=_("Action"), choices=WordAction.choices)
    note = forms.CharField(label=_("Note for staff"), max_length=300, required=False)


class HoldFirstPostsForm(forms.Form):
    hold_first_posts = forms.IntegerField(
        label=_("Hold each new member's first posts for review"),
        min_value=0,
        max_value=100,
        help_text=_("0 turns it off."),
    )


SANCTION_CHOICES = [
    (SanctionKind.WARN, _("Warn")),
    (SanctionKind.SUSPEND, _("Suspend")),
    (SanctionKind.BAN, _("Ban")),
]


class SanctionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Sanction"), choices=SANCTION_CHOICES)
    days = forms.IntegerField(
        label=_("Days (suspension; empty for no end)"), min_value=1, max_value=3650, required=False
    )
    reason = forms.CharField(
        label=_("Reason (the member is shown it)"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, kinds=None, **kwargs):
        """``kinds``: the sanctions this moderator may give this member (the others are not
        offered, rather than refused once the form is sent)."""
        super().__init__(*args, **kwargs)
        if kinds is not None:
            self.fields["kind"].choices = [c for c in SANCTION_CHOICES if c[0] in kinds]


class LiftForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=1000)
