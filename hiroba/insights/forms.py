"""The period selector of the dashboard (and the same rules for the API's dates)."""

from datetime import timedelta

from django import forms
from django.utils.translation import gettext_lazy as _

from hiroba.insights.periods import FIRST_DAY, MAX_DAYS, Period, today

KINDS = [
    ("day", _("Day")),
    ("week", _("Week (Mon–Sun)")),
    ("month", _("Month")),
    ("custom", _("Custom")),
]


class PeriodForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"), choices=KINDS, initial="month")
    day = forms.DateField(
        label=_("Day"),
        required=False,
        help_text=_("Any day of the week or month; the first day of a custom period."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    end = forms.DateField(
        label=_("Until"),
        required=False,
        help_text=_("The last day of a custom period."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean(self):
        data = super().clean()
        kind = data.get("period")
        if kind is None or self.errors:
            return data
        now = today()
        day, end = data.get("day"), data.get("end")
        for name, value in (("day", day), ("end", end)):
            if value is not None and not FIRST_DAY <= value <= now:
                self.add_error(
                    name,
                    _("Pick a day from %(first)s to today (%(today)s).")
                    % {"first": FIRST_DAY.isoformat(), "today": now.isoformat()},
                )
        if self.errors:
            return data
        if day is None:  # a day alone defaults to yesterday, the last complete day
            day = now - timedelta(days=1) if kind == "day" else now
        if kind == "custom":
            if end is None:
                self.add_error("end", _("Give the last day of the custom period."))
                return data
            if end < day:
                self.add_error("end", _("The last day comes on or after the first day."))
                return data
            if (end - day).days + 1 > MAX_DAYS:
                self.add_error(
                    "end", _("A custom period is at most %(days)d days.") % {"days": MAX_DAYS}
                )
                return data
        # A week or month not over yet counts the days so far (its comparison: Period.previous).
        data["result"] = Period.of(kind, day, end).so_far(now)
        return data

    @property
    def result(self) -> Period:
        return self.cleaned_data["result"]


def period_from(params) -> tuple[PeriodForm, Period | None]:
    """The form bound to ``params`` (the month of today when empty) and its period, or None
    when the input is wrong (the form then carries the errors)."""
    form = PeriodForm(params if params.get("period") else {"period": "month"})
    return form, form.result if form.is_valid() else None
