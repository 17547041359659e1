from django.db import models
from django.utils import timezone


class OutboxJob(models.Model):
    """A job the queue could not take because its Redis was unreachable, kept here until the
    queue answers again (``hiroba.core.jobqueue``). ``data`` is the job as Huey serialized it."""

    data = models.BinaryField()
    priority = models.IntegerField(null=True)
    kept_at = models.DateTimeField(default=timezone.now)
    # The hand-over that is sending this row to the queue, until when (a consumer that died
    # mid-hand-over leaves its rows to the next one once the time is past).
    claimed_by = models.CharField(max_length=32, blank=True, default="")
    claimed_until = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"job kept at {self.kept_at:%Y-%m-%d %H:%M:%S}"


class Generation(models.Model):
    """The number of the current state of something pages keep in each process (the spaces, the
    soonest events, the open surveys): a writer gives it a new number in the transaction that
    changes it, and a process whose copy was made under another number makes it again
    (``hiroba.core.generations``)."""

    topic = models.CharField(max_length=40, primary_key=True)
    number = models.BigIntegerField()

    def __str__(self) -> str:
        return f"{self.topic} #{self.number}"
