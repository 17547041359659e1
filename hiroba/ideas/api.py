"""Ideas: votes, a public status workflow with history, the realization rate."""

from ninja import Router

router = Router()
