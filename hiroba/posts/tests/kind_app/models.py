from django.db import models

from hiroba.posts.models import Post


class TastingNote(models.Model):
    """The kind's own row, 1:1 with its post."""

    post = models.OneToOneField(
        Post, primary_key=True, on_delete=models.CASCADE, related_name="tasting"
    )
    score = models.PositiveSmallIntegerField()

    def __str__(self) -> str:
        return f"tasting note {self.pk}: {self.score}"
