"""The period picker the console's figures share: a day, a week, a month or custom dates."""

from datetime import timedelta

from django import forms
from django.utils.translation import gettext_lazy as _

from hiroba.insights.periods import MAX_DAYS, Period, today

KINDS = [
    ("day", _("Day")),
    ("week", _("Week")),
    ("month", _("Month")),
    ("custom", _("Custom")),
]


class PeriodForm(forms.Form):
    kind = forms.ChoiceField(label=_("Period"), choices=KINDS, initial="month")
    start = forms.DateField(
        label=_("From"), widget=forms.DateInput(attrs={"type": "date"}), required=False
    )
    end = forms.DateField(
        label=_("To"),
        widget=forms.DateInput(attrs={"type": "date"}),
        required=False,
        help_text=_("Only for custom periods."),
    )

    def clean(self):
        data = super().clean()
        kind, start, end = data.get("kind"), data.get("start"), data.get("end")
        if kind is None:
            return data
        if kind == "custom":
            if start is None or end is None:
                raise forms.ValidationError(
                    _("A custom period needs both a first and a last day."), code="custom_dates"
                )
            if end < start:
                raise forms.ValidationError(
                    _("The last day comes before the first day."), code="end_before_start"
                )
            if (end - start).days + 1 > MAX_DAYS:
                raise forms.ValidationError(
                    _("A custom period can cover at most %(days)d days.") % {"days": MAX_DAYS},
                    code="too_long",
                )
        data["period"] = Period.of(kind, start or default_anchor(kind), end)
        return data


def default_anchor(kind: str):
    """Without a date: the last complete period (yesterday, last week, last month)."""
    now = today()
    if kind == "week":
        return now - timedelta(days=now.weekday() + 7)  # last week's Monday
    if kind == "month":
        return (now.replace(day=1) - timedelta(days=1)).replace(day=1)
    return now - timedelta(days=1)


def period_from(params) -> tuple[PeriodForm, Period]:
    """The period the query string asks for, or the last complete month when it asks for none
    or for something invalid (the form then carries the error to show)."""
    form = PeriodForm(params if "kind" in params else None)
    if form.is_bound and form.is_valid():
        return form, form.cleaned_data["period"]
    return form, Period.of("month", default_anchor("month"))
