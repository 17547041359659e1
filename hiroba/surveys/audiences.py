"""Who a survey is addressed to: one small class per audience kind, in a registry.

Each kind answers three questions: does it include this member (checked when they answer), which
surveys does it address to this member (a filter on Survey rows, so a member's list is one query),
and how staff see it. Surveys' own kinds (all members, the members of a space) live here; an app
above surveys adds a kind with ``register_audience`` from its ``AppConfig.ready()`` (events: the
attendees of an event). Such a kind names its target in ``Survey.audience_target_id`` and offers
staff the targets to choose from (``target_choices``), so surveys never import the app.
"""

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hiroba.community.models import SpaceMembership
from hiroba.community.permissions import visible_space_ids
from hiroba.community.selectors import has_joined
from hiroba.surveys.models import AudienceKind, Survey


class Audience:
    kind: str
    # What staff read in the builder's choice of audiences.
    label = ""
    # Whether the kind names a target in Survey.audience_target_id (then target_choices lists
    # them for the builder, and validate checks the one chosen).
    has_target = False

    def target_choices(self, current: int | None = None) -> list[tuple[int, str]]:
        """The targets staff may choose from, as (id, label), most relevant first; ``current``
        (the one a survey already names) is among them while it exists."""
        return []

    def short_label(self, survey: Survey) -> str:
        """A few words for the staff list, without a query beyond the list's own."""
        return str(self.label)

    def includes(self, survey: Survey, member) -> bool:
        raise NotImplementedError

    def addressed_to(self, member) -> Q:
        """The surveys of this kind that address ``member`` (a filter on Survey)."""
        raise NotImplementedError

    def visible_to(self, survey: Survey, member) -> bool:
        """Whether ``member`` may know the survey exists (else it is a 404 for them)."""
        return True

    def describe(self, survey: Survey, reader=None) -> str:
        """Who the survey is for, as ``reader`` may read it (None: staff, who see everything)."""
        raise NotImplementedError

    def outsider_message(self, survey: Survey, member) -> str:
        """What a member outside the audience reads when they try to answer."""
        return _("This survey is not addressed to you.")

    def validate(self, survey: Survey) -> None:
        """Raise ValidationError when the survey's target for this kind is missing."""


class AllMembers(Audience):
    kind = AudienceKind.ALL
    label = AudienceKind.ALL.label

    def includes(self, survey, member) -> bool:
        return True

    def addressed_to(self, member) -> Q:
        return Q(audience_kind=self.kind)

    def describe(self, survey, reader=None) -> str:
        return _("All members")


class SpaceMembers(Audience):
    """Members who have joined the space (invited, for a restricted space)."""

    kind = AudienceKind.SPACE
    label = AudienceKind.SPACE.label

    def short_label(self, survey) -> str:
        # The staff list loads the space with the survey.
        return survey.audience_space.name if survey.audience_space_id else str(self.label)

    def includes(self, survey, member) -> bool:
        if survey.audience_space_id is None or member.pk is None:
            return False
        return has_joined(member, survey.audience_space_id)

    def addressed_to(self, member) -> Q:
        # A subquery, not a list of ids: the member's surveys stay one query.
        joined = SpaceMembership.objects.filter(member=member).values("space_id")
        return Q(audience_kind=self.kind, audience_space_id__in=joined)

    def visible_to(self, survey, member) -> bool:
        # A restricted space does not reveal that it exists, nor do its surveys.
        return survey.audience_space_id in visible_space_ids(member)

    def describe(self, survey, reader=None) -> str:
        if reader is not None and not self.visible_to(survey, reader):
            return _("Members of a space")
        name = survey.audience_space.name if survey.audience_space_id else "?"
        return _("Members of %(space)s") % {"space": name}

    def outsider_message(self, survey, member) -> str:
        # A restricted space's name is not told to those who cannot see the space.
        if not self.visible_to(survey, member):
            return super().outsider_message(survey, member)
        return _("This survey is for the members of %(space)s: join the space to answer it.") % {
            "space": survey.audience_space.name
        }

    def validate(self, survey) -> None:
        if survey.audience_space_id is None:
            raise ValidationError(
                {"audience_space": _("Choose the space whose members are asked.")},
                code="space_required",
            )


class Unknown(Audience):
    """A survey whose audience's app is no longer installed: it addresses nobody."""

    kind = ""
    label = gettext_lazy("An audience that no longer exists")

    def includes(self, survey, member) -> bool:
        return False

    def addressed_to(self, member) -> Q:
        return Q(pk__in=[])

    def visible_to(self, survey, member) -> bool:
        return False

    def describe(self, survey, reader=None) -> str:
        return str(self.label)

    def validate(self, survey) -> None:
        raise ValidationError({"audience_kind": _("Choose who is asked.")}, code="audience")


AUDIENCES: dict[str, Audience] = {a.kind: a for a in (AllMembers(), SpaceMembers())}
# Audience kinds are stored in a column of 16 characters.
MAX_KIND = 16


def register_audience(audience: Audience) -> None:
    """Add a kind of audience (called from an app's ``ready()``; again replaces it)."""
    if not audience.kind or len(audience.kind) > MAX_KIND:
        raise ValueError(f"Bad audience kind: {audience.kind!r}")
    if audience.kind in (AudienceKind.ALL, AudienceKind.SPACE) and not isinstance(
        audience, AllMembers | SpaceMembers
    ):
        raise ValueError(f"Audience kind {audience.kind!r} is surveys' own")
    AUDIENCES[audience.kind] = audience


def audience_choices() -> list[tuple[str, str]]:
    """The kinds staff may choose, surveys' own first, then the registered ones."""
    return [(audience.kind, audience.label) for audience in AUDIENCES.values()]


def audience_of(survey: Survey) -> Audience:
    return AUDIENCES.get(survey.audience_kind) or Unknown()


def addressed_to(member) -> Q:
    """Surveys addressed to ``member`` by any audience kind."""
    condition = Q()
    for audience in AUDIENCES.values():
        condition |= audience.addressed_to(member)
    return condition
