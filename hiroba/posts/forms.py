from django import forms
from django.utils.translation import gettext_lazy as _

from hiroba.core.forms import BodyField, ImageUploadField, MultipleImageField
from hiroba.core.text import MAX_TITLE
from hiroba.posts.services.common import MAX_BODY, MAX_COMMENT


class PostForm(forms.Form):
    title = forms.CharField(label=_("Title (optional)"), max_length=MAX_TITLE, required=False)
    body = BodyField(
        label=_("Text"),
        max_length=MAX_BODY,
        help_text=_("Markdown works. Add #hashtags to join a topic, e.g. #ごま料理."),
    )
    photos = MultipleImageField(label=_("Photos (up to 10)"))


class PostInSpaceForm(PostForm):
    space = forms.ChoiceField(label=_("Space"))

    def __init__(self, *args, spaces=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["space"].choices = [(s.slug, s.name) for s in spaces]
        self.order_fields(["space", "title", "body", "photos"])


class CommentForm(forms.Form):
    body = BodyField(label=_("Comment"), max_length=MAX_COMMENT, rows=3)
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ArticleForm(forms.Form):
    as_account = forms.ChoiceField(label=_("Publish as"))
    title = forms.CharField(label=_("Title"), max_length=MAX_TITLE)
    body = BodyField(label=_("Text (Markdown)"), max_length=MAX_BODY, rows=14)
    cover = ImageUploadField(label=_("Cover image"))
    publish = forms.ChoiceField(
        label=_("Publishing"),
        choices=[
            ("draft", _("Save as draft")),
            ("now", _("Publish now")),
            ("schedule", _("Schedule")),
        ],
        widget=forms.RadioSelect,
        initial="draft",
    )
    publish_at = forms.DateTimeField(
        label=_("Publish at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def __init__(self, *args, accounts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["as_account"].choices = [
            (a.pk, f"{a.display_name} (@{a.handle})") for a in accounts
        ]
