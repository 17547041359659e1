"""Who a survey is addressed to: one small class per audience kind.

Each kind answers three questions: does it include this member (checked when they answer), which
surveys does it address to this member (a filter on Survey rows, so a member's list is one query),
and how staff see it. A later kind ("members of a segment", "participants of an event") is one
more class here, one more AudienceKind and the column that names its target.
"""

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from hiroba.community.models import SpaceMembership
from hiroba.community.permissions import visible_space_ids
from hiroba.surveys.models import AudienceKind, Survey


class Audience:
    kind: str

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

    def includes(self, survey, member) -> bool:
        return True

    def addressed_to(self, member) -> Q:
        return Q(audience_kind=self.kind)

    def describe(self, survey, reader=None) -> str:
        return _("All members")


class SpaceMembers(Audience):
    """Members who have joined the space (invited, for a restricted space)."""

    kind = AudienceKind.SPACE

    def includes(self, survey, member) -> bool:
        return SpaceMembership.objects.filter(
            space_id=survey.audience_space_id, member=member
        ).exists()

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


AUDIENCES: dict[str, Audience] = {a.kind: a for a in (AllMembers(), SpaceMembers())}


def audience_of(survey: Survey) -> Audience:
    return AUDIENCES[survey.audience_kind]


def addressed_to(member) -> Q:
    """Surveys addressed to ``member`` by any audience kind."""
    condition = Q()
    for audience in AUDIENCES.values():
        condition |= audience.addressed_to(member)
    return condition
