"""API tokens: members and staff create, list and revoke their own from their settings page."""

import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from hiroba.accounts.models import ApiToken
from hiroba.accounts.permissions import is_member
from hiroba.core.errors import Refused

TOKEN_PREFIX = "hrb_"
MAX_TOKENS = 20


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def create_api_token(*, actor, name: str) -> tuple[ApiToken, str]:
    """Returns the token row and its secret; the secret is never stored and cannot be shown again."""
    if not is_member(actor):
        raise Refused(_("Please log in to do this."), code="login_required")
    name = (name or "").strip()
    if not name or len(name) > 60:
        raise ValidationError(
            {"name": _("Give the token a name of up to 60 characters.")}, code="invalid"
        )
    if ApiToken.objects.filter(member=actor, revoked_at__isnull=True).count() >= MAX_TOKENS:
        raise ValidationError(
            _("You have too many tokens; revoke one first."), code="too_many_tokens"
        )
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        member=actor, name=name, prefix=secret[:12], digest=digest(secret)
    )
    return token, secret


@transaction.atomic
def revoke_api_token(*, actor, token_id: int) -> ApiToken:
    token = ApiToken.objects.filter(
        pk=token_id, member_id=actor.pk, revoked_at__isnull=True
    ).first()
    if token is None:
        raise Http404("No such token")
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    return token


def member_for_token(secret: str):
    """The active member a token belongs to, or None; marks the token used (at most once a minute)."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("member")
        .filter(digest=digest(secret), revoked_at__isnull=True, member__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.member


def list_active_tokens(actor) -> list[ApiToken]:
    return list(ApiToken.objects.filter(member=actor, revoked_at__isnull=True).order_by("-id"))
