"""Daily rollups of the Activity log: what the KPI dashboard, the report and the API read.

A day is a day in the community's time zone. Each (day, space) has one ``DailyRollup`` row of
summable numbers (space 0: the whole community) and a few ``DaySet`` rows: the exact sets behind
the distinct counts (members active, visitors, posters; the pairs of members who interacted;
the seconds to a first answer), so that a distinct count over any period is the size of a union
of small sets, never a scan of the Activity log. ``hiroba.insights.rollup`` writes both;
re-running a day replaces its rows.
"""

from django.db import models

COMMUNITY = 0  # the space_id of the whole community's rows


class DailyRollup(models.Model):
    day = models.DateField()
    space_id = models.BigIntegerField(default=COMMUNITY)
    members_total = models.PositiveIntegerField(default=0)
    new_members = models.PositiveIntegerField(default=0)
    active = models.PositiveIntegerField(default=0)
    visitors = models.PositiveIntegerField(default=0)
    posters = models.PositiveIntegerField(default=0)
    posts = models.PositiveIntegerField(default=0)
    comments = models.PositiveIntegerField(default=0)
    reactions = models.PositiveIntegerField(default=0)
    questions_asked = models.PositiveIntegerField(default=0)
    answered_by_member = models.PositiveIntegerField(default=0)
    answered_by_staff = models.PositiveIntegerField(default=0)
    answer_seconds = models.BigIntegerField(default=0)
    solved_by_member = models.PositiveIntegerField(default=0)
    solved_by_staff = models.PositiveIntegerField(default=0)
    connections = models.PositiveIntegerField(default=0)
    sessions = models.PositiveIntegerField(default=0)
    stay_seconds = models.BigIntegerField(default=0)
    # Events whose end fell on the day (published ones, not drafts or cancelled); the members
    # who checked in at an event that day (distinct; community row only).
    events_held = models.PositiveIntegerField(default=0)
    event_participants = models.PositiveIntegerField(default=0)
    # Members per activity level at the time the job ran ({level: count}); community row only.
    levels = models.JSONField(default=dict, blank=True)
    computed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "space_id"], name="rollup_day_space_unique"),
        ]
        indexes = [models.Index(fields=["space_id", "day"], name="rollup_space_day")]

    def __str__(self) -> str:
        return f"{self.day} space {self.space_id}"


class SetKind(models.TextChoices):
    ACTIVE = "active"  # member ids, a bitmap
    VISITORS = "visitors"  # member ids, a bitmap
    POSTERS = "posters"  # member ids, a bitmap
    PAIRS = "pairs"  # sorted 64-bit keys of member pairs
    ANSWER_SECONDS = "answer_seconds"  # sorted seconds to a first answer
    ATTENDEES = "attendees"  # member ids who checked in at an event, a bitmap


class DaySet(models.Model):
    day = models.DateField()
    space_id = models.BigIntegerField(default=COMMUNITY)
    kind = models.CharField(max_length=16, choices=SetKind.choices)
    size = models.PositiveIntegerField(default=0)
    data = models.BinaryField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "space_id", "day"], name="dayset_kind_space_day_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day} space {self.space_id} {self.kind} ({self.size})"


class PeriodFigures(models.Model):
    """The figures of one period as computed from its rollups, kept by the hourly job for the
    periods the dashboard is asked for most (the current ones and every calendar month of the
    last year), so that any month answers without re-doing its unions of member sets and pairs.

    ``stamp`` names the rollups they were computed from (``kpis._stamp``): a day rolled up again
    changes it, and rows of another stamp are never read.
    """

    start = models.DateField()
    end = models.DateField()
    stamp = models.CharField(max_length=32)
    figures = models.JSONField(default=dict)
    spaces = models.JSONField(default=list)
    computed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["start", "end"], name="period_figures_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.start} – {self.end}"
