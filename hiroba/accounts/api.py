"""Members: the caller's own account and API tokens (a member's public profile is the
community's to show: ``hiroba.community.api``)."""

from typing import Annotated

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Router, Status

from hiroba.accounts.permissions import require_login
from hiroba.accounts.schemas import MeOut, TokenCreatedOut, TokenIn, TokenOut
from hiroba.accounts.tokens import create_api_token, list_active_tokens, revoke_api_token
from hiroba.core.api.body import JsonBody
from hiroba.core.api.params import MAX_ID
from hiroba.core.api.schemas import ERRORS
from hiroba.core.errors import Refused

router = Router()


@router.get("/me", response={200: MeOut, **ERRORS}, summary="The caller's own account")
def me(request: HttpRequest):
    require_login(request.auth)
    return request.auth


@router.get("/me/tokens", response={200: list[TokenOut], **ERRORS}, summary="The caller's tokens")
def list_tokens(request: HttpRequest):
    require_login(request.auth)
    return list_active_tokens(request.auth)


@router.post(
    "/me/tokens",
    response={201: TokenCreatedOut, **ERRORS},
    summary="Create a token (from a logged-in browser session only)",
)
def create_token(request: HttpRequest, payload: JsonBody[TokenIn]):
    require_login(request.auth)
    # A leaked token must not be able to mint its own successors: new tokens need the session.
    if request.headers.get("Authorization"):
        raise Refused(
            _("Create tokens from your settings page or a logged-in session."),
            code="session_required",
        )
    token, secret = create_api_token(actor=request.auth, name=payload.name)
    token.secret = secret
    return Status(201, token)


@router.delete(
    "/me/tokens/{token_id}",
    response={204: None, **ERRORS},
    summary="Revoke one of the caller's tokens",
)
def revoke_token(request: HttpRequest, token_id: Annotated[int, Path(ge=1, le=MAX_ID)]):
    require_login(request.auth)
    revoke_api_token(actor=request.auth, token_id=token_id)
    return Status(204, None)
