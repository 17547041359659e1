from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

from hiroba.core.errors import Refused, answered_refusal

# What the file picker offers; hiroba.core.images decides what is accepted.
IMAGE_ACCEPT = "image/jpeg,image/png,image/webp,image/gif,image/heic,image/heif,.heic,.heif"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class ImageUploadField(forms.FileField):
    """One image file, verified by the service (hiroba.core.images), not here.

    Django's ImageField would judge it first with messages of its own (a decompression bomb is
    "not a valid image" there), where the service and the API say what is wrong.
    """

    widget = forms.FileInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("accept", IMAGE_ACCEPT)


class MultipleImageField(forms.FileField):
    """A file input that takes several files; each is verified by the service, not here."""

    widget = MultipleFileInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("accept", IMAGE_ACCEPT)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(MultipleImageField, self).clean(f, initial) for f in files]


def form_status(*forms: forms.Form) -> int:
    """422 when a submitted form is shown again with its errors (the API's answer to the same
    input), 200 otherwise."""
    return 422 if any(form.is_bound and form.errors for form in forms) else 200


def apply_errors(
    form: forms.Form, error: ValidationError, *, fields: dict[str, str] | None = None
) -> None:
    """Show a service's ValidationError on the form: on its field when the form has it
    (``fields`` maps a service's argument to the form field of another name)."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            field = (fields or {}).get(field, field)
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def handle_form(
    form: forms.Form,
    *,
    act: Callable[[dict], Any],
    done: Callable[[Any], HttpResponse],
    page: Callable[[int], HttpResponse],
    fields: dict[str, str] | None = None,
    refusal_on_form: bool = False,
) -> HttpResponse:
    """The flow of a page's form: a valid submission runs ``act(form.cleaned_data)`` (the
    service call) and answers ``done(what_act_returned)``; anything else shows the form again
    with ``page(status)``: 422 with its errors (``form_status``), 200 when nothing was sent.

    A service's ValidationError goes onto the form (``fields`` as in ``apply_errors``). A
    refusal (Refused, RateLimited) is left to the refusal page, unless ``refusal_on_form``: then
    the form comes back with the reason and the text kept, under the refusal's own status (403,
    or 429 with Retry-After).
    """
    if form.is_valid():
        try:
            made = act(form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error, fields=fields)
        except Refused as refused:
            if not refusal_on_form:
                raise
            form.add_error(None, refused.message)
            return answered_refusal(page(refused.status), refused)
        else:
            return done(made)
    return page(form_status(form))


class BodyField(forms.CharField):
    def __init__(self, *args, rows: int = 6, **kwargs):
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": rows}))
        super().__init__(*args, **kwargs)


REQUIRED_MESSAGE = _("This field cannot be empty.")
