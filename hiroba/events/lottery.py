"""A lottery event's draw, its winners' answers, and re-running it (docs/draws.md).

The draw is made once: the event moves to "drawn" with a conditional UPDATE in the transaction
that stores the seed, the algorithm and the entrant list's hash, so two staff pressing "draw" at
once make one draw and no seed is ever thrown away.

Who wins: the applications in the draw's order, **strictly**, while their parties (the member
and their companions) fit the capacity. When the next party does not fit, no later one passes
it (the rule the waitlist keeps). The winners are therefore always the first ``Draw.seats`` of
the order, so anyone re-running the draw with the public recipe alone, without knowing who
brings companions, gets exactly the winners (docs/draws.md's contract: the first ``seats`` of
the order win). The price: up to ``companions_allowed`` seats can stay free at the draw, until
a winner declines and the freed seats let the waiting party in. Skipping a party that does not
fit would fill them, but then the winners would no longer be what the public recipe gives. Winners hold their seats until they confirm (by ``confirm_by``), decline,
or let the deadline pass; each freed seat goes to the next runner-up (seats.py).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from hiroba.accounts.models import Member
from hiroba.activity.models import Verb
from hiroba.activity.services import record_activity
from hiroba.core import draws
from hiroba.core.errors import Refused
from hiroba.events import notify
from hiroba.events.models import Application, ApplicationState, Draw, Event, EventStatus, Selection
from hiroba.events.permissions import require_event_staff
from hiroba.events.seats import give_back_seats, offer_to_runners_up, take_seats
from hiroba.events.services import _lock_event

# Winners confirm within this when the event sets no confirm deadline (never past the start).
DEFAULT_CONFIRM_WINDOW = timedelta(days=3)
# The statuses a draw moves from (a published event only once its applications have closed).
DRAWABLE = (EventStatus.PUBLISHED, EventStatus.CLOSED)
UPDATE_BATCH = 500


class DrawConflict(Refused):
    """The event cannot be drawn (or answered) in its present state: 409, with a stable code."""

    status = 409


class DrawMismatch(draws.DrawError):
    """The applications' stored ranks are not the order the stored draw re-runs to."""


def entrant_id(application_id: int) -> str:
    """An application's identifier in the draw (docs/draws.md: a stable string)."""
    return str(application_id)


def can_draw_now(event: Event, now: datetime | None = None) -> bool:
    """Whether staff may draw the event now: a lottery not drawn yet whose applications have
    closed (what ``draw_event`` accepts, read without the lock; it still decides)."""
    now = now or timezone.now()
    return (
        event.selection == Selection.LOTTERY
        and event.status in DRAWABLE
        and (event.status == EventStatus.CLOSED or now >= event.applications_close_at)
    )


@transaction.atomic
def draw_event(*, actor: Member, event: Event) -> Draw:
    """Draw a lottery event's winners once its applications have closed (event staff).

    A second draw is refused (409 ``already_drawn``), whether it comes after or at the same
    moment as the first. Winners get WON with a confirm-by date, the others LOST; everyone gets
    their place in the order (``draw_rank``) and is told.
    """
    require_event_staff(actor)
    locked = _lock_event(event.pk)
    now = timezone.now()
    if locked.selection != Selection.LOTTERY:
        raise DrawConflict(_("This event is first come, not a lottery."), code="not_lottery")
    if locked.status == EventStatus.DRAWN or Draw.objects.filter(event=locked).exists():
        raise DrawConflict(_("This event has already been drawn."), code="already_drawn")
    if locked.status not in DRAWABLE:
        raise DrawConflict(_("This event cannot be drawn now."), code="not_drawable")
    if locked.status == EventStatus.PUBLISHED and now < locked.applications_close_at:
        raise DrawConflict(
            _("Applications are still open; the draw comes after they close."),
            code="applications_open",
        )
    # The condition is the guarantee: whatever the locks did, one request moves the event.
    closed = Q(status=EventStatus.CLOSED) | Q(
        status=EventStatus.PUBLISHED, applications_close_at__lte=now
    )
    moved = Event.objects.filter(closed, pk=locked.pk).update(
        status=EventStatus.DRAWN, updated_at=now
    )
    if not moved:
        raise DrawConflict(_("This event has already been drawn."), code="already_drawn")

    applications = {
        entrant_id(a.pk): a
        for a in Application.objects.filter(
            event=locked, state=ApplicationState.APPLIED
        ).select_related("member")
    }
    made = draws.draw(entrants=list(applications), seats=1)
    winners = _strict_winners(made.order, applications, locked.capacity - locked.confirmed_seats)
    stored = Draw.objects.create(
        event=locked,
        algorithm=made.algorithm,
        seed=made.seed,
        entrants_hash=made.entrants_hash,
        entrants=sorted(applications, key=int),
        seats=len(winners),
        drawn_at=now,
        drawn_by=actor,
    )
    confirm_by = _first_confirm_by(locked, now)
    seats = sum(applications[name].seats for name in winners)
    if seats and not take_seats(locked, seats):  # _strict_winners keeps within the capacity
        raise DrawConflict(_("The winners' seats no longer fit."), code="seats_changed")
    ranked = []
    for rank, name in enumerate(made.order, start=1):
        application = applications[name]
        application.draw_rank = rank
        application.decided_at = now
        if name in winners:
            application.state, application.confirm_by = ApplicationState.WON, confirm_by
        else:
            application.state = ApplicationState.LOST
        ranked.append(application)
    # The event is locked and drawn: no application can change state meanwhile.
    Application.objects.bulk_update(
        ranked, ["state", "draw_rank", "confirm_by", "decided_at"], batch_size=UPDATE_BATCH
    )
    record_activity(
        actor=actor,
        verb=Verb.EVENT_DRAW,
        subject=locked,
        space_id=locked.space_id,
        data={"entrants": len(applications), "winners": len(winners), "seats": seats},
    )
    notify.draw_results(
        locked,
        winners=[a for a in ranked if a.state == ApplicationState.WON],
        losers=[a for a in ranked if a.state == ApplicationState.LOST],
    )
    return stored


def _strict_winners(order, applications: dict[str, Application], capacity: int) -> set[str]:
    """The longest prefix of ``order`` whose parties fit ``capacity`` (see the module's note)."""
    winners, taken = set(), 0
    for name in order:
        seats = applications[name].seats
        if taken + seats > capacity:
            break
        winners.add(name)
        taken += seats
    return winners


def _first_confirm_by(event: Event, now: datetime) -> datetime:
    if event.confirm_deadline is not None and event.confirm_deadline > now:
        return event.confirm_deadline
    return min(now + DEFAULT_CONFIRM_WINDOW, event.starts_at)


def _own_win(actor: Member, application: Application) -> tuple[Event, Application]:
    """The event (locked) and the actor's own application; 404 for anyone else's."""
    if actor is None or not actor.is_authenticated:
        raise Http404("No such application")
    locked = _lock_event(application.event_id)
    current = Application.objects.filter(pk=application.pk, event=locked, member=actor).first()
    if current is None:
        raise Http404("No such application")
    return locked, current


@transaction.atomic
def confirm_win(*, actor: Member, application: Application) -> Application:
    """The winner takes their place (by ``confirm_by``): WON becomes CONFIRMED."""
    locked, current = _own_win(actor, application)
    now = timezone.now()
    if current.state == ApplicationState.CONFIRMED:
        return current
    if current.state != ApplicationState.WON:
        raise DrawConflict(_("There is no place to confirm."), code="not_won")
    moved = Application.objects.filter(
        pk=current.pk, state=ApplicationState.WON, confirm_by__gt=now
    ).update(state=ApplicationState.CONFIRMED, decided_at=now)
    if not moved:
        raise DrawConflict(_("The time to confirm this place has passed."), code="confirm_closed")
    current.state, current.decided_at = ApplicationState.CONFIRMED, now
    record_activity(
        actor=actor,
        verb=Verb.EVENT_WIN_CONFIRM,
        subject=locked,
        space_id=locked.space_id,
        data={"application": current.pk, "rank": current.draw_rank},
    )
    return current


@transaction.atomic
def decline_win(*, actor: Member, application: Application) -> Application:
    """The winner gives their place up (cancelled); it goes to the next runner-up at once."""
    locked, current = _own_win(actor, application)
    now = timezone.now()
    if current.state != ApplicationState.WON:
        raise DrawConflict(_("There is no place to decline."), code="not_won")
    moved = Application.objects.filter(pk=current.pk, state=ApplicationState.WON).update(
        state=ApplicationState.CANCELLED, cancelled_at=now
    )
    if not moved:
        raise DrawConflict(_("There is no place to decline."), code="not_won")
    give_back_seats(locked, current.seats)
    current.state, current.cancelled_at = ApplicationState.CANCELLED, now
    record_activity(
        actor=actor,
        verb=Verb.EVENT_WIN_DECLINE,
        subject=locked,
        space_id=locked.space_id,
        data={"application": current.pk, "rank": current.draw_rank},
    )
    offer_to_runners_up(locked, now=now)
    return current


def expire_unconfirmed_wins(*, now: datetime | None = None) -> int:
    """Wins not confirmed by their ``confirm_by`` lapse (LOST again, told), and their seats go
    to the next runners-up. One transaction per event; safe to run twice. Returns how many."""
    now = now or timezone.now()
    event_ids = (
        Application.objects.filter(state=ApplicationState.WON, confirm_by__lte=now)
        .values_list("event_id", flat=True)
        .distinct()
        .order_by("event_id")
    )
    expired = 0
    for event_id in list(event_ids):
        expired += _expire_event_wins(event_id, now)
    return expired


@transaction.atomic
def _expire_event_wins(event_id: int, now: datetime) -> int:
    locked = _lock_event(event_id)
    lapsed = list(
        Application.objects.filter(
            event=locked, state=ApplicationState.WON, confirm_by__lte=now
        ).select_related("member")
    )
    count = 0
    for application in lapsed:
        # LOST with confirm_by set: a runner-up already asked, never asked again (seats.py).
        moved = Application.objects.filter(pk=application.pk, state=ApplicationState.WON).update(
            state=ApplicationState.LOST, decided_at=now
        )
        if not moved:
            continue
        give_back_seats(locked, application.seats)
        count += 1
        record_activity(
            actor=None,
            verb=Verb.EVENT_WIN_EXPIRE,
            subject=locked,
            space_id=locked.space_id,
            data={
                "application": application.pk,
                "member": application.member_id,
                "rank": application.draw_rank,
            },
        )
        notify.win_expired(application, locked)
    if count:
        offer_to_runners_up(locked, now=now)
    return count


# --- re-running a draw --------------------------------------------------------------------------


@dataclass(frozen=True)
class Verified:
    """A stored draw re-run: ``order`` and ``winners`` as entrant identifiers."""

    draw: Draw
    order: tuple[str, ...]
    winners: tuple[str, ...]
    runners_up: tuple[str, ...]


def verify_draw(event: Event) -> Verified:
    """Re-run ``event``'s stored draw on its stored entrant list (core.draws.verify).

    Raises a ``draws.DrawError`` when the list's hash is not the stored one, the algorithm is
    unknown, or the ranks stored on the applications are not the order the draw gives;
    ``Draw.DoesNotExist`` when the event has not been drawn.
    """
    stored = Draw.objects.get(event_id=event.pk)
    rerun = draws.verify(
        algorithm=stored.algorithm,
        seed=stored.seed,
        entrants_hash=stored.entrants_hash,
        entrants=stored.entrants,
        seats=max(stored.seats, 1),  # no party fitted: nobody won, and the order still holds
    )
    ranks = dict(
        Application.objects.filter(event_id=event.pk, draw_rank__isnull=False).values_list(
            "pk", "draw_rank"
        )
    )
    expected = {int(name): rank for rank, name in enumerate(rerun.order, start=1)}
    if ranks != expected:
        differing = sorted(
            pk for pk in set(ranks) | set(expected) if ranks.get(pk) != expected.get(pk)
        )
        raise DrawMismatch(
            f"The applications' stored ranks differ from the re-run draw for "
            f"{len(differing)} application(s) (first: {differing[:5]})."
        )
    return Verified(
        draw=stored,
        order=rerun.order,
        winners=rerun.order[: stored.seats],
        runners_up=rerun.order[stored.seats :],
    )


def draw_order(stored: Draw) -> tuple[str, ...]:
    """The stored draw's order (the audit page lists it; verify_draw checks it)."""
    return draws.drawn_order(seed=stored.seed, entrants=stored.entrants)
