"""Signals higher apps listen to, so that the notifications app can tell a member about a change
to their spaces without the community app knowing about it. Sent inside the service's
transaction (a receiver that writes or notifies does so on commit)."""

from django.dispatch import Signal

# Sent with membership=SpaceMembership, actor=Member after a manager added a member to a space.
member_added_to_space = Signal()
