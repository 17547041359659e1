from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from hiroba.core.forms import BodyField, MultipleImageField
from hiroba.core.text import MAX_TITLE
from hiroba.posts.services.common import MAX_BODY, MAX_COMMENT


class AskForm(forms.Form):
    title = forms.CharField(
        label=_("Your question in one line"),
        max_length=MAX_TITLE,
        help_text=_("Similar questions show below while you type: yours may be answered already."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                # Ask for similar questions once typing pauses; a newer request replaces an
                # older one still on its way.
                "hx-get": reverse_lazy("qa:similar"),
                "hx-trigger": "input changed delay:300ms",
                "hx-target": "#similar-questions",
                "hx-sync": "this:replace",
                "aria-controls": "similar-questions",
            }
        ),
    )
    body = BodyField(
        label=_("Details"),
        max_length=MAX_BODY,
        help_text=_("What did you try, what happened, which product or plan? Markdown works."),
    )
    photos = MultipleImageField(label=_("Photos or screenshots (up to 10)"))


class AskInSpaceForm(AskForm):
    space = forms.ChoiceField(label=_("Space"))

    def __init__(self, *args, spaces=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["space"].choices = [(s.slug, s.name) for s in spaces]
        self.order_fields(["space", "title", "body", "photos"])


class AnswerForm(forms.Form):
    body = BodyField(label=_("Your answer"), max_length=MAX_COMMENT, rows=5)


class AcceptForm(forms.Form):
    answer = forms.IntegerField(min_value=1, max_value=2**63 - 1)
