"""Members: public profiles, the caller's own account, and the caller's API tokens."""

from typing import Annotated

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Router, Status

from hiroba.accounts.permissions import is_member
from hiroba.accounts.schemas import MeOut, ProfileOut, TokenCreatedOut, TokenIn, TokenOut
from hiroba.api import selectors
from hiroba.api.body import JsonBody
from hiroba.api.common import MAX_ID
from hiroba.api.schemas import ERRORS
from hiroba.api.services import create_api_token, revoke_api_token
from hiroba.core.errors import Refused

router = Router()


def _require_login(actor) -> None:
    if not is_member(actor):
        raise Refused(_("Please log in to do this."), code="login_required")


@router.get("/me", response={200: MeOut, **ERRORS}, summary="The caller's own account")
def me(request: HttpRequest):
    _require_login(request.auth)
    return request.auth


@router.get("/me/tokens", response={200: list[TokenOut], **ERRORS}, summary="The caller's tokens")
def list_tokens(request: HttpRequest):
    _require_login(request.auth)
    return selectors.list_active_tokens(request.auth)


@router.post(
    "/me/tokens",
    response={201: TokenCreatedOut, **ERRORS},
    summary="Create a token (from a logged-in browser session only)",
)
def create_token(request: HttpRequest, payload: JsonBody[TokenIn]):
    _require_login(request.auth)
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
    _require_login(request.auth)
    revoke_api_token(actor=request.auth, token_id=token_id)
    return Status(204, None)


@router.get("/{handle}", response={200: ProfileOut, **ERRORS}, summary="A member's public profile")
def profile(request: HttpRequest, handle: str):
    return selectors.get_public_member(request.auth, handle)
