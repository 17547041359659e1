from django.db import models
from django.utils import timezone


class OutboxJob(models.Model):
    """A job the queue could not take because its Redis was unreachable, kept here until the
    queue answers again (``hiroba.core.jobqueue``). ``data`` is the job as Huey serialized it."""

    data = models.BinaryField()
    priority = models.IntegerField(null=True)
    kept_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"job kept at {self.kept_at:%Y-%m-%d %H:%M:%S}"
