"""Surveys built by staff, answered by their audience; NPS and its trend."""

from ninja import Router

router = Router()
