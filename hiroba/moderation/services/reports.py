"""Members report posts, comments and members, naming a rule of the published guidelines."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from hiroba.accounts.models import Member
from hiroba.accounts.permissions import require_writer
from hiroba.community.models import ReportReason
from hiroba.core.errors import Refused
from hiroba.core.ratelimit import check_rate
from hiroba.moderation.models import Report
from hiroba.posts.models import Comment, Post

MAX_NOTE = 1000


def _already_reported() -> ValidationError:
    return ValidationError(
        _("You have already reported this. A moderator will look at it soon."),
        code="already_reported",
    )


def report_content(
    *,
    actor: Member,
    reason: str,
    note: str = "",
    post: Post | None = None,
    comment: Comment | None = None,
    member: Member | None = None,
) -> Report:
    """Report one target the actor can read (the caller fetched it with a permission check).

    One open report per reporter per target; a member cannot report themselves or their own
    words. Reports count against the HIROBA_RATE_REPORT budget.
    """
    require_writer(actor)
    if sum(target is not None for target in (post, comment, member)) != 1:
        raise ValueError("Report exactly one post, comment or member")
    if reason not in ReportReason.values:
        raise ValidationError(
            {"reason": _("Choose one of the reasons from the community guidelines.")},
            code="invalid_reason",
        )
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise ValidationError(
            {"note": _("Please keep the note under %(max)d characters.") % {"max": MAX_NOTE}},
            code="too_long",
        )
    if "\x00" in note:
        raise ValidationError({"note": _("The text contains an invalid character.")})
    owner = member.pk if member else (post or comment).created_by_id
    if owner == actor.pk:
        raise Refused(_("You cannot report yourself or your own posts."), code="own_content")
    target = {"post": post, "comment": comment, "member": member}
    if Report.objects.filter(reporter=actor, resolved_at__isnull=True, **target).exists():
        raise _already_reported()
    check_rate(actor=actor, action="report")
    try:
        with transaction.atomic():
            return Report.objects.create(reporter=actor, reason=reason, note=note, **target)
    except IntegrityError:  # the same report sent twice at once: the constraint keeps one
        raise _already_reported() from None
