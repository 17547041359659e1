"""Polls attached to posts and articles: one vote per member, exact under concurrency."""

from ninja import Router

router = Router()
