"""The console's form for the level thresholds and the warming-up rule."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from hiroba.activity.health.thresholds import candidate


class HealthSettingsForm(forms.Form):
    core = forms.FloatField(
        label=_("Core from"),
        help_text=_("Long-term score from which a member is core."),
    )
    light = forms.FloatField(
        label=_("Light from"),
        help_text=_("Long-term score from which a member is light (below core)."),
    )
    low = forms.FloatField(
        label=_("Low involvement from"),
        help_text=_("Long-term score from which a member is low involvement; below it, dormant."),
    )
    warming_min = forms.FloatField(
        label=_("Warming up: short-term score at least"),
        help_text=_("A post weighs 5, a comment 3: 3 means a post or a comment of the last days."),
    )
    warming_ratio = forms.FloatField(
        label=_("Warming up: pace at least … times their usual"),
        help_text=_(
            "Their short-term pace against their own long-term pace, each measured over what "
            "their time in the community allows: 2 means twice their usual pace."
        ),
    )

    def clean(self):
        data = super().clean()
        if not self.errors:
            try:
                self.config = candidate(**data)
            except ValidationError as error:
                self.add_error(None, error)  # keyed by field, codes kept
        return data

    @classmethod
    def initial_from(cls, config) -> dict:
        return {
            **config.levels,
            "warming_min": config.warming_min,
            "warming_ratio": config.warming_ratio,
        }
