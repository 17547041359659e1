"""A segment: a named, saved list of conditions over members, all of which must hold.

``rules`` is a JSON list of conditions, each ``{"type": ..., ...}``; hiroba.segments.rules
validates every condition and turns it into a query. The rows store the conditions, never the
members: who is in a segment is decided when it is read, so it follows the community as it changes.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Segment(models.Model):
    name = models.CharField(_("name"), max_length=100)
    description = models.CharField(_("description"), max_length=500, blank=True)
    rules = models.JSONField(_("conditions"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("segment")
        verbose_name_plural = _("segments")
        ordering = ["-updated_at", "-id"]

    def __str__(self) -> str:
        return self.name
