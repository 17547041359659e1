from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.FileField):
    """A file input that takes several files; each is verified by the service, not here."""

    widget = MultipleFileInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("accept", "image/jpeg,image/png,image/webp,image/gif")

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(MultipleImageField, self).clean(f, initial) for f in files]


def apply_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field when the form has it."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


class BodyField(forms.CharField):
    def __init__(self, *args, rows: int = 6, **kwargs):
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": rows}))
        super().__init__(*args, **kwargs)


REQUIRED_MESSAGE = _("This field cannot be empty.")
