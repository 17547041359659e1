"""Keep members' folded names in step with the members table."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from hiroba.accounts.models import Member
from hiroba.search.services import index_member

NAME_FIELDS = {"handle", "display_name"}


@receiver(post_save, sender=Member, dispatch_uid="search_index_member")
def member_saved(sender, instance: Member, created: bool, update_fields=None, **kwargs) -> None:
    # Signing in saves last_login alone: that must not write to the index.
    if created or update_fields is None or NAME_FIELDS & set(update_fields):
        index_member(instance)
