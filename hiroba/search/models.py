from django.conf import settings
from django.db import models


class MemberText(models.Model):
    """A member's handle and display name, folded for search (see hiroba.core.text).

    Kept beside the member rather than on it so the search index (an FTS5 table on SQLite, a
    trigram index on PostgreSQL) covers a narrow table, and so signing in, which saves the member,
    never touches the index.
    """

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL, primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    text = models.TextField()

    def __str__(self) -> str:
        return self.text
