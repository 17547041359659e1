"""The console's event forms. They parse and shape the input; every rule (the schedule's order,
the capacity against the seats taken, what may change) is the events services' own, and their
ValidationErrors come back beside the fields of the same names."""

from django import forms
from django.utils.translation import gettext_lazy as _

from hiroba.community.models import Space
from hiroba.core.forms import ImageUploadField
from hiroba.events.lifecycle import MAX_REASON
from hiroba.events.models import Event, EventQuestion, Format, QuestionKind, Selection
from hiroba.events.questions import MAX_QUESTIONS
from hiroba.events.services import EDITABLE, MAX_COMPANIONS, MAX_DESCRIPTION
from hiroba.events.staff import MAX_MESSAGE_BODY, MAX_SUBJECT, MESSAGE_GROUPS
from hiroba.segments.selectors import list_segments

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
# The service's arguments the form fills: what staff may change (the cover goes through its
# own service; the selection is asked on creation only).
EVENT_FIELDS = EDITABLE


def _when(label, *, required=True, help_text=""):
    return forms.DateTimeField(label=label, required=required, widget=DATETIME, help_text=help_text)


class EventForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Markdown: what happens, who it is for, what to bring."),
    )
    cover = ImageUploadField(label=_("Cover image"))
    format = forms.ChoiceField(label=_("Format"), choices=Format.choices)
    venue = forms.CharField(label=_("Venue"), required=False, max_length=200)
    address = forms.CharField(label=_("Address"), required=False, max_length=300)
    online_url = forms.URLField(
        assume_scheme="https",
        label=_("Online URL"),
        required=False,
        max_length=200,
        help_text=_("Shown to confirmed participants only."),
    )
    stream_url = forms.URLField(
        assume_scheme="https",
        label=_("Stream URL"),
        required=False,
        max_length=200,
        help_text=_("The embedded player of a live or hybrid event."),
    )
    starts_at = _when(_("Starts"))
    ends_at = _when(_("Ends"))
    applications_open_at = _when(_("Applications open"))
    applications_close_at = _when(_("Applications close"))
    cancel_deadline = _when(
        _("Cancellations close"),
        required=False,
        help_text=_("Empty: members may cancel until the event starts."),
    )
    confirm_deadline = _when(
        _("Winners confirm by"),
        required=False,
        help_text=_("Lottery events: winners who have not confirmed by then lose their seat."),
    )
    capacity = forms.IntegerField(label=_("Capacity (seats)"), min_value=1)
    companions_allowed = forms.IntegerField(
        label=_("Companions per application"), min_value=0, max_value=MAX_COMPANIONS, initial=0
    )
    selection = forms.ChoiceField(
        label=_("Selection"),
        choices=Selection.choices,
        help_text=_("Fixed once the event is created."),
    )
    space = forms.ModelChoiceField(
        label=_("Only for the readers of a space"),
        queryset=Space.objects.filter(is_archived=False).order_by("position", "id"),
        required=False,
        empty_label=_("The whole community"),
    )
    audience_segment_id = forms.TypedChoiceField(
        label=_("Only for the members of a segment"),
        required=False,
        coerce=int,
        empty_value=None,
    )

    def __init__(self, *args, event: Event | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        choices = [("", _("Every member"))]
        choices += [(str(segment.pk), segment.name) for segment in list_segments()]
        self.fields["audience_segment_id"].choices = choices
        if event is not None:
            self.fields["selection"].disabled = True
            self.fields["selection"].required = False

    @classmethod
    def initial_from(cls, event: Event) -> dict:
        initial = {name: getattr(event, name) for name in EVENT_FIELDS if name != "space"}
        initial["space"] = event.space_id
        initial["selection"] = event.selection
        return initial

    def changes(self) -> dict:
        """The service's keyword arguments (no cover, no selection)."""
        return {name: self.cleaned_data[name] for name in EVENT_FIELDS}


class MessageForm(forms.Form):
    group = forms.ChoiceField(
        label=_("To"), choices=[(key, label) for key, (label, _states) in MESSAGE_GROUPS.items()]
    )
    subject = forms.CharField(label=_("Subject"), max_length=MAX_SUBJECT)
    body = forms.CharField(
        label=_("Message"),
        max_length=MAX_MESSAGE_BODY,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Sent as a notification (and an e-mail copy, as each member chose) with a link to "
            "the event's page; keep it short and put the details on that page."
        ),
    )


class QuestionForm(forms.Form):
    """One question of an event's application form; set_event_questions judges the whole."""

    kind = forms.ChoiceField(
        label=_("Kind"), choices=QuestionKind.choices, initial=QuestionKind.SINGLE
    )
    text = forms.CharField(label=_("Question"), max_length=300)
    help_text = forms.CharField(label=_("Explanation (optional)"), max_length=300, required=False)
    required = forms.BooleanField(label=_("Required"), required=False)
    choices = forms.CharField(
        label=_("Choices, one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For single and multiple choice questions."),
    )

    @staticmethod
    def initial_from(question: EventQuestion) -> dict:
        return {
            "kind": question.kind,
            "text": question.text,
            "help_text": question.help_text,
            "required": question.required,
            "choices": "\n".join(c["text"] for c in question.choices),
            "ORDER": question.position,
        }

    def as_question(self) -> dict:
        """The question as set_event_questions takes it."""
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "text": data["text"],
            "help_text": data["help_text"],
            "required": data["required"],
            "choices": [line.strip() for line in data["choices"].splitlines() if line.strip()],
        }


class BaseQuestionFormSet(forms.BaseFormSet):
    """The rows of the questions editor; an untouched empty row is no question."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["ORDER"].label = _("Position")
        form.fields["DELETE"].label = _("Remove this question")

    def questions(self) -> list[QuestionForm]:
        """The forms of the questions to keep, in the order staff gave (ORDER, then as shown)."""
        return list(self.ordered_forms)


QuestionFormSet = forms.formset_factory(
    QuestionForm,
    formset=BaseQuestionFormSet,
    extra=2,
    can_order=True,
    can_delete=True,
    max_num=MAX_QUESTIONS,
    validate_max=True,
    absolute_max=MAX_QUESTIONS + 5,
)


class CancelEventForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sent to every member who applied, with the notice that the event is off."),
    )
    confirm = forms.BooleanField(
        label=_("I understand: every application is cancelled and cannot be restored."),
        error_messages={"required": _("Tick the box to confirm that the event is off.")},
    )
