"""Staff manage word rules and the new-member hold; every change is audited."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from hiroba.accounts.models import Member
from hiroba.accounts.permissions import require_manager, require_moderator
from hiroba.audit.models import AuditAction
from hiroba.audit.services import record_audit
from hiroba.community.models import Community
from hiroba.community.selectors import forget_community
from hiroba.moderation.models import WordAction, WordRule
from hiroba.posts.words import fold_phrase

MAX_HOLD_FIRST_POSTS = 100


def _clean_rule(phrase: str, action: str, note: str) -> tuple[str, str, str, str]:
    phrase = " ".join((phrase or "").split())
    folded = fold_phrase(phrase)
    if not folded:
        raise ValidationError({"phrase": _("Enter a word or phrase.")}, code="required")
    if len(phrase) > 100 or "\x00" in phrase:
        raise ValidationError(
            {"phrase": _("Please keep the phrase under 100 characters.")}, code="too_long"
        )
    if action not in WordAction.values:
        raise ValidationError({"action": _("Choose block, hold or mask.")}, code="invalid_action")
    note = (note or "").strip()
    if len(note) > 300 or "\x00" in note:
        raise ValidationError({"note": _("Please keep the note under 300 characters.")})
    return phrase, folded, action, note


def _duplicate(phrase: str) -> ValidationError:
    return ValidationError(
        {"phrase": _("A rule for “%(phrase)s” exists already.") % {"phrase": phrase}},
        code="duplicate",
    )


def _state(rule: WordRule) -> dict:
    return {"phrase": rule.phrase, "action": rule.action, "active": rule.is_active}


def add_word_rule(*, actor: Member, phrase: str, action: str, note: str = "") -> WordRule:
    """A new rule, matched from the next post on (ﾌﾘｰﾀﾝｸ, フリータンク, ふりーたんく alike)."""
    require_moderator(actor)
    phrase, folded, action, note = _clean_rule(phrase, action, note)
    try:
        with transaction.atomic():
            rule = WordRule.objects.create(
                phrase=phrase, folded=folded, action=action, note=note, created_by=actor
            )
            record_audit(
                actor=actor, action=AuditAction.WORD_RULE_ADD, target=rule, data=_state(rule)
            )
    except IntegrityError:
        raise _duplicate(phrase) from None
    return rule


def change_word_rule(
    *,
    actor: Member,
    rule: WordRule,
    phrase: str | None = None,
    action: str | None = None,
    note: str | None = None,
    is_active: bool | None = None,
) -> WordRule:
    require_moderator(actor)
    phrase, folded, action, note = _clean_rule(
        rule.phrase if phrase is None else phrase,
        rule.action if action is None else action,
        rule.note if note is None else note,
    )
    before = _state(rule)
    try:
        with transaction.atomic():
            rule = WordRule.objects.select_for_update().get(pk=rule.pk)
            rule.phrase, rule.folded, rule.action, rule.note = phrase, folded, action, note
            if is_active is not None:
                rule.is_active = is_active
            rule.save(update_fields=["phrase", "folded", "action", "note", "is_active"])
            record_audit(
                actor=actor,
                action=AuditAction.WORD_RULE_CHANGE,
                target=rule,
                data={"from": before, "to": _state(rule)},
            )
    except IntegrityError:
        raise _duplicate(phrase) from None
    return rule


@transaction.atomic
def remove_word_rule(*, actor: Member, rule: WordRule) -> None:
    require_moderator(actor)
    record_audit(actor=actor, action=AuditAction.WORD_RULE_REMOVE, target=rule, data=_state(rule))
    WordRule.objects.filter(pk=rule.pk).delete()


@transaction.atomic
def set_hold_first_posts(*, actor: Member, count: int) -> Community:
    """Hold each new member's first ``count`` posts for review (0 turns it off). Managers only."""
    require_manager(actor)
    if not isinstance(count, int) or not 0 <= count <= MAX_HOLD_FIRST_POSTS:
        raise ValidationError(
            {"hold_first_posts": _("Choose a number from 0 to %(max)d.")
             % {"max": MAX_HOLD_FIRST_POSTS}},
            code="invalid",
        )  # fmt: skip
    community = Community.objects.select_for_update().get_or_create(pk=1)[0]
    before = community.hold_first_posts
    community.hold_first_posts = count
    community.save(update_fields=["hold_first_posts", "updated_at"])
    record_audit(
        actor=actor,
        action=AuditAction.SETTINGS,
        target=community,
        data={"hold_first_posts": {"from": before, "to": count}},
    )
    forget_community()
    transaction.on_commit(forget_community)
    return community
