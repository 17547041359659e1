"""In-site notifications: what happened to a member's ideas, questions and posts."""

from ninja import Router

router = Router()
