"""The "Add a poll" fields of the compose forms, and the writer's form to change a poll."""

from django import forms
from django.utils.translation import gettext_lazy as _

from hiroba.polls.models import MAX_CHOICE_TEXT, MAX_CHOICES, MAX_QUESTION, Poll, Results
from hiroba.polls.services import PollSpec, clean_poll, set_closing, update_poll

BLANK_ROWS = 4  # answer rows shown without JavaScript (more appear with it, up to MAX_CHOICES)


class ChoiceRows(forms.Widget):
    """Several text inputs sharing one name; rendered by polls/_poll_fields.html."""

    def value_from_datadict(self, data, files, name):
        return data.getlist(name) if hasattr(data, "getlist") else data.get(name, [])


class ChoiceRowsField(forms.Field):
    widget = ChoiceRows

    def to_python(self, value):
        return [str(v) for v in (value or [])][:50]


def _closes_at_field(**kwargs) -> forms.DateTimeField:
    return forms.DateTimeField(
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        **kwargs,
    )


class PollFields(forms.Form):
    """Mixed into a post or article form: a poll is added when any of its fields is filled."""

    poll_question = forms.CharField(
        label=_("Question (optional)"),
        max_length=MAX_QUESTION,
        required=False,
        help_text=_("Leave empty to use the title as the question."),
    )
    poll_choices = ChoiceRowsField(label=_("Answers"), required=False)
    poll_multiple = forms.BooleanField(
        label=_("Members may choose several answers"), required=False
    )
    poll_max_choices = forms.IntegerField(
        label=_("At most this many answers (optional)"),
        min_value=1,
        max_value=MAX_CHOICES,
        required=False,
    )
    poll_closes_at = _closes_at_field(
        label=_("Closes at (optional)"), help_text=_("Leave empty to keep the poll open.")
    )
    poll_results = forms.ChoiceField(
        label=_("Members see the results"),
        choices=Results.choices,
        initial=Results.AFTER_VOTE,
        widget=forms.RadioSelect,
        required=False,
    )

    POLL_FIELDS = (
        "poll_question",
        "poll_choices",
        "poll_multiple",
        "poll_max_choices",
        "poll_closes_at",
        "poll_results",
    )

    def poll_field(self, name):
        return self[name]

    @property
    def poll_choice_rows(self) -> list[str]:
        """The answers typed so far, padded with blank rows."""
        typed = self["poll_choices"].value() or []
        typed = [str(t) for t in typed][:MAX_CHOICES]
        while typed and not typed[-1].strip() and len(typed) > BLANK_ROWS:
            typed.pop()
        return typed + [""] * max(0, BLANK_ROWS - len(typed))

    @property
    def poll_max_rows(self) -> int:
        return MAX_CHOICES

    @property
    def poll_choice_max_length(self) -> int:
        return MAX_CHOICE_TEXT

    @property
    def poll_open(self) -> bool:
        """Whether the "Add a poll" section starts open: something typed in it, or an error."""
        if any(self.errors.get(name) for name in self.POLL_FIELDS):
            return True
        return self.is_bound and self._poll_requested(self.data)

    @staticmethod
    def _poll_requested(data) -> bool:
        choices = data.getlist("poll_choices") if hasattr(data, "getlist") else []
        return bool(
            any(str(c).strip() for c in choices)
            or str(data.get("poll_question", "")).strip()
            or str(data.get("poll_closes_at", "")).strip()
            or str(data.get("poll_max_choices", "")).strip()
            or data.get("poll_multiple")
        )

    def clean(self):
        cleaned = super().clean()
        cleaned["poll"] = None
        if not self._poll_requested(self.data) or any(
            self.errors.get(name) for name in self.POLL_FIELDS
        ):
            return cleaned
        try:
            cleaned["poll"] = clean_poll(
                question=cleaned.get("poll_question", ""),
                choices=cleaned.get("poll_choices") or [],
                allows_multiple=cleaned.get("poll_multiple", False),
                max_choices=cleaned.get("poll_max_choices"),
                closes_at=cleaned.get("poll_closes_at"),
                results=cleaned.get("poll_results") or Results.AFTER_VOTE,
            )
        except forms.ValidationError as error:
            for field, messages in error.message_dict.items():
                self.add_error(field if field in self.fields else None, messages)
        return cleaned


class PollEditForm(PollFields):
    """Everything while nobody has voted; after the first vote, only the close time."""

    def __init__(self, *args, poll: Poll, choices=None, **kwargs):
        self.poll = poll
        if choices is not None and not args and "initial" not in kwargs:
            kwargs["initial"] = {
                "poll_question": poll.question,
                "poll_choices": [c.text for c in choices],
                "poll_multiple": poll.allows_multiple,
                "poll_max_choices": poll.max_choices,
                "poll_closes_at": poll.closes_at,
                "poll_results": poll.results,
            }
        super().__init__(*args, **kwargs)
        if self.has_votes:
            for name in self.POLL_FIELDS:
                if name != "poll_closes_at":
                    del self.fields[name]

    @property
    def has_votes(self) -> bool:
        return bool(self.poll.vote_count)

    def clean(self):
        if self.has_votes:
            return forms.Form.clean(self)
        cleaned = super().clean()
        if cleaned.get("poll") is None and not self.errors:
            # Emptied every field: a poll still needs its answers.
            self.add_error("poll_choices", _("Give at least 2 answers to choose from."))
        return cleaned

    def save(self, *, actor) -> Poll:
        if self.has_votes:
            return set_closing(
                actor=actor, poll=self.poll, closes_at=self.cleaned_data.get("poll_closes_at")
            )
        spec: PollSpec = self.cleaned_data["poll"]
        return update_poll(actor=actor, poll=self.poll, spec=spec)
