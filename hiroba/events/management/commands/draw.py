"""``hiroba draw --verify EVENT_ID``: re-run an event's stored draw and show its winners.

Exits non-zero, saying why, when the stored entrant list no longer matches its hash (or the
applications' ranks no longer match the order the draw gives).
"""

from django.core.management.base import BaseCommand, CommandError

from hiroba.core.draws import DrawError
from hiroba.events.lottery import verify_draw
from hiroba.events.models import Application, Draw, Event


class Command(BaseCommand):
    help = "Re-run an event's stored lottery draw and print the algorithm, seed, hash and winners."

    def add_arguments(self, parser):
        parser.add_argument(
            "--verify",
            metavar="EVENT_ID",
            type=int,
            required=True,
            help="The event whose stored draw to re-run.",
        )

    def handle(self, *args, verify: int, **options):
        event = Event.objects.filter(pk=verify).first()
        if event is None:
            raise CommandError(f"No event {verify}.")
        try:
            result = verify_draw(event)
        except Draw.DoesNotExist:
            raise CommandError(f"Event {verify} has not been drawn.") from None
        except DrawError as error:
            raise CommandError(f"The draw of event {verify} does not verify: {error}") from None
        stored = result.draw
        handles = dict(
            Application.objects.filter(pk__in=[int(name) for name in result.order]).values_list(
                "pk", "member__handle"
            )
        )
        write = self.stdout.write
        write(f"event:          {event.pk} {event.title}")
        write(f"algorithm:      {stored.algorithm}")
        write(f"seed:           {stored.seed}")
        write(f"entrants hash:  {stored.entrants_hash} (matches)")
        write(f"entrants:       {len(stored.entrants)}")
        write(f"drawn at:       {stored.drawn_at.isoformat()}")
        write(f"winners:        {len(result.winners)}")
        for rank, name in enumerate(result.winners, start=1):
            write(f"  {rank:>4}  application {name}  @{handles.get(int(name), '?')}")
        if result.runners_up:
            write(f"runners-up:     {len(result.runners_up)}")
            for rank, name in enumerate(result.runners_up, start=len(result.winners) + 1):
                write(f"  {rank:>4}  application {name}  @{handles.get(int(name), '?')}")
        write(self.style.SUCCESS("The draw re-runs to the stored result."))
