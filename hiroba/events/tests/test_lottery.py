"""The lottery: one draw per event, winners in the draw's order, runners-up taking freed seats,
and a stored draw that re-runs to the same winners (docs/draws.md)."""

from datetime import timedelta

import pytest
from django.http import Http404
from django.utils import timezone

from conftest import make_member, run_in_threads
from hiroba.accounts.models import Role
from hiroba.activity.models import Activity, Verb
from hiroba.core import draws
from hiroba.core.errors import Refused
from hiroba.events.lottery import (
    DrawConflict,
    DrawMismatch,
    confirm_win,
    decline_win,
    draw_event,
    expire_unconfirmed_wins,
    verify_draw,
)
from hiroba.events.models import Application, ApplicationState, Draw, Event, EventStatus
from hiroba.events.services import apply_to_event, cancel_application
from hiroba.events.tests.helpers import open_event
from hiroba.events.tests.lottery_helpers import closed_lottery, entrants

pytestmark = pytest.mark.django_db


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


def states(event) -> dict[str, int]:
    counts: dict[str, int] = {}
    for state in Application.objects.filter(event=event).values_list("state", flat=True):
        counts[state] = counts.get(state, 0) + 1
    return counts


def by_rank(event) -> list[Application]:
    return list(
        Application.objects.filter(event=event, draw_rank__isnull=False)
        .select_related("member")
        .order_by("draw_rank")
    )


def test_the_draw_stores_its_values_ranks_everyone_and_seats_the_winners(cm):
    members = entrants(8)
    event = closed_lottery(cm, members, capacity=3)
    applied = set(Application.objects.filter(event=event).values_list("pk", flat=True))
    assert fresh(event).confirmed_seats == 0

    stored = draw_event(actor=cm, event=event)

    assert fresh(event).status == EventStatus.DRAWN
    assert stored.algorithm == draws.ALGORITHM and len(stored.seed) == 64
    assert sorted(stored.entrants) == sorted(str(pk) for pk in applied)
    assert stored.entrants_hash == draws.hash_entrants(str(pk) for pk in applied)
    assert stored.seats == 3 and stored.drawn_by == cm
    ranked = by_rank(event)
    assert [a.draw_rank for a in ranked] == list(range(1, 9))
    order = draws.drawn_order(seed=stored.seed, entrants=stored.entrants)
    assert [str(a.pk) for a in ranked] == list(order)
    assert [a.state for a in ranked] == [ApplicationState.WON] * 3 + [ApplicationState.LOST] * 5
    assert all(a.confirm_by == fresh(event).starts_at for a in ranked[:3])
    assert all(a.confirm_by is None for a in ranked[3:])
    assert fresh(event).confirmed_seats == 3
    entry = Activity.objects.get(verb=Verb.EVENT_DRAW)
    assert entry.actor == cm and entry.data == {"entrants": 8, "winners": 3, "seats": 3}


def test_the_confirm_deadline_of_the_event_is_the_winners(cm):
    members = entrants(2)
    event = closed_lottery(cm, members, capacity=5)
    deadline = timezone.now() + timedelta(days=1, hours=3)
    Event.objects.filter(pk=event.pk).update(confirm_deadline=deadline)

    draw_event(actor=cm, event=event)

    assert {a.confirm_by for a in by_rank(event)} == {deadline}


def test_rerunning_the_stored_draw_gives_the_same_winners(cm):
    event = closed_lottery(cm, entrants(12), capacity=4)
    stored = draw_event(actor=cm, event=event)
    winners = [str(a.pk) for a in by_rank(event) if a.state == ApplicationState.WON]

    result = verify_draw(event)

    assert list(result.winners) == winners
    assert len(result.order) == 12 and result.draw == stored


def test_changing_one_entrant_changes_the_hash_and_the_draw_no_longer_verifies(cm):
    event = closed_lottery(cm, entrants(6), capacity=2)
    stored = draw_event(actor=cm, event=event)
    tampered = [*stored.entrants[:-1], str(int(stored.entrants[-1]) + 1000)]
    assert draws.hash_entrants(tampered) != stored.entrants_hash

    Draw.objects.filter(pk=stored.pk).update(entrants=tampered)

    with pytest.raises(draws.EntrantsChanged):
        verify_draw(event)


def test_ranks_changed_on_the_applications_do_not_verify(cm):
    event = closed_lottery(cm, entrants(4), capacity=1)
    draw_event(actor=cm, event=event)
    first, second = by_rank(event)[:2]
    Application.objects.filter(pk=first.pk).update(draw_rank=2)
    Application.objects.filter(pk=second.pk).update(draw_rank=1)

    with pytest.raises(DrawMismatch):
        verify_draw(event)


def test_winners_are_the_longest_prefix_of_the_order_whose_parties_fit(cm):
    # Parties of 1 to 3 for 12 entrants and 7 seats: which ones fit depends on the seed, so
    # the rule is checked on the order the draw made.
    members = entrants(12)
    event = closed_lottery(cm, members, companions={i: i % 3 for i in range(12)}, capacity=7)

    stored = draw_event(actor=cm, event=event)

    ranked = by_rank(event)
    winners = [a for a in ranked if a.state == ApplicationState.WON]
    assert winners == ranked[: stored.seats]  # a prefix: the public recipe gives the winners
    seats = sum(a.seats for a in winners)
    assert seats <= 7 and seats + ranked[stored.seats].seats > 7
    assert fresh(event).confirmed_seats == seats
    assert verify_draw(event).winners == tuple(str(a.pk) for a in winners)


def test_a_lottery_with_no_entrants_draws_nobody(cm):
    event = closed_lottery(cm, [], capacity=3)
    stored = draw_event(actor=cm, event=event)
    assert (stored.entrants, stored.seats) == ([], 0)
    assert verify_draw(event).winners == ()


def test_a_second_draw_is_refused_with_409(cm):
    event = closed_lottery(cm, entrants(3), capacity=1)
    stored = draw_event(actor=cm, event=event)

    with pytest.raises(DrawConflict) as refused:
        draw_event(actor=cm, event=event)

    assert (refused.value.status, refused.value.code) == (409, "already_drawn")
    assert Draw.objects.get() == stored
    assert Activity.objects.filter(verb=Verb.EVENT_DRAW).count() == 1


def test_no_draw_while_applications_are_open_or_for_first_come(cm, alice):
    lottery = open_event(cm, selection="lottery")
    apply_to_event(actor=alice, event=lottery)
    with pytest.raises(DrawConflict) as refused:
        draw_event(actor=cm, event=lottery)
    assert refused.value.code == "applications_open"

    first_come = open_event(cm)
    with pytest.raises(DrawConflict) as refused:
        draw_event(actor=cm, event=first_come)
    assert refused.value.code == "not_lottery"
    assert not Draw.objects.exists()
    assert fresh(lottery).status == EventStatus.PUBLISHED


@pytest.mark.parametrize("persona", ["alice", "mod"])
def test_only_event_staff_draw(request, cm, persona):
    event = closed_lottery(cm, entrants(2), capacity=1)
    with pytest.raises(Refused):
        draw_event(actor=request.getfixturevalue(persona), event=event)
    assert not Draw.objects.exists()


# --- winners answer ----------------------------------------------------------------------------


def drawn(cm, count=5, capacity=2, **fields):
    event = closed_lottery(cm, entrants(count), capacity=capacity, **fields)
    draw_event(actor=cm, event=event)
    return event, by_rank(event)


def test_a_winner_confirms_their_place(cm):
    event, ranked = drawn(cm)
    winner = ranked[0]

    confirmed = confirm_win(actor=winner.member, application=winner)

    assert confirmed.state == fresh(winner).state == ApplicationState.CONFIRMED
    assert fresh(event).confirmed_seats == 2  # the seats were held since the draw
    assert Activity.objects.filter(verb=Verb.EVENT_WIN_CONFIRM, actor=winner.member).exists()


def test_nobody_confirms_or_declines_anothers_win(cm, alice):
    event, ranked = drawn(cm)
    for act in (confirm_win, decline_win):
        with pytest.raises(Http404):
            act(actor=alice, application=ranked[0])
        with pytest.raises(Http404):
            act(actor=cm, application=ranked[0])
    assert fresh(ranked[0]).state == ApplicationState.WON


def test_a_runner_up_cannot_confirm(cm):
    event, ranked = drawn(cm)
    with pytest.raises(DrawConflict) as refused:
        confirm_win(actor=ranked[2].member, application=ranked[2])
    assert refused.value.code == "not_won"


def test_declining_gives_the_seat_to_the_first_runner_up(cm):
    event, ranked = drawn(cm)
    winner, runner_up = ranked[0], ranked[2]

    decline_win(actor=winner.member, application=winner)

    assert fresh(winner).state == ApplicationState.CANCELLED
    offered = fresh(runner_up)
    assert offered.state == ApplicationState.WON and offered.confirm_by is not None
    assert offered.confirm_by <= fresh(event).starts_at
    assert fresh(ranked[3]).state == ApplicationState.LOST
    assert fresh(event).confirmed_seats == 2
    offer = Activity.objects.get(verb=Verb.EVENT_OFFER)
    assert (offer.actor, offer.data["member"]) == (None, runner_up.member_id)
    confirm_win(actor=runner_up.member, application=runner_up)
    assert fresh(runner_up).state == ApplicationState.CONFIRMED


def test_a_cancelled_win_also_goes_to_the_next_runner_up(cm):
    event, ranked = drawn(cm)

    cancel_application(actor=ranked[1].member, application=ranked[1])

    assert fresh(ranked[2]).state == ApplicationState.WON
    assert fresh(event).confirmed_seats == 2


def test_expired_wins_go_to_the_runners_up_and_lapse_once(cm):
    now = timezone.now()
    far = {"starts_at": now + timedelta(days=10), "ends_at": now + timedelta(days=10, hours=2)}
    event, ranked = drawn(cm, count=6, **far)
    first, second = ranked[0], ranked[1]
    confirm_win(actor=first.member, application=first)
    later = fresh(second).confirm_by + timedelta(seconds=1)

    with pytest.raises(DrawConflict) as refused:
        # Past the deadline but before the job ran: no confirming any more.
        Application.objects.filter(pk=second.pk).update(confirm_by=timezone.now())
        confirm_win(actor=second.member, application=second)
    assert refused.value.code == "confirm_closed"

    assert expire_unconfirmed_wins(now=later) == 1

    assert fresh(first).state == ApplicationState.CONFIRMED
    assert fresh(second).state == ApplicationState.LOST
    assert fresh(ranked[2]).state == ApplicationState.WON
    assert fresh(event).confirmed_seats == 2
    assert expire_unconfirmed_wins(now=later) == 0
    # The runner-up lets it lapse too: the next one gets it, and the first never again.
    assert expire_unconfirmed_wins(now=fresh(ranked[2]).confirm_by + timedelta(seconds=1)) == 1
    assert fresh(ranked[3]).state == ApplicationState.WON
    assert fresh(second).state == fresh(ranked[2]).state == ApplicationState.LOST
    assert Activity.objects.filter(verb=Verb.EVENT_WIN_EXPIRE).count() == 2


def test_runners_up_keep_the_order_when_a_party_does_not_fit(cm):
    # Capacity 2; whoever declines frees 1 seat at a time. A runner-up bringing a companion
    # waits for two seats, and nobody behind them passes them.
    members = entrants(5)
    event = closed_lottery(cm, members, capacity=2)
    stored = draw_event(actor=cm, event=event)
    ranked = by_rank(event)
    assert stored.seats == 2
    Application.objects.filter(pk=ranked[2].pk).update(companions=1)  # the first runner-up

    decline_win(actor=ranked[0].member, application=ranked[0])

    assert fresh(ranked[2]).state == ApplicationState.LOST
    assert fresh(ranked[3]).state == ApplicationState.LOST
    decline_win(actor=ranked[1].member, application=ranked[1])
    assert fresh(ranked[2]).state == ApplicationState.WON
    assert fresh(event).confirmed_seats == 2


def test_no_offers_once_the_event_has_started(cm):
    event, ranked = drawn(cm)
    Event.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - timedelta(minutes=1),
        applications_close_at=timezone.now() - timedelta(minutes=2),
        applications_open_at=timezone.now() - timedelta(minutes=3),
    )
    decline_win(actor=ranked[0].member, application=ranked[0])
    assert fresh(ranked[2]).state == ApplicationState.LOST
    assert fresh(event).confirmed_seats == 1


# --- concurrency (the "done when") -----------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_20_draws_at_once_make_exactly_one():
    staff = [make_member(f"staff{i:02d}", Role.EDITOR) for i in range(20)]
    event = closed_lottery(staff[0], entrants(15), capacity=6)

    outcomes = run_in_threads(
        [lambda s=s: draw_event(actor=s, event=event) for s in staff],
        returning=(Refused,),
        start_together=True,
    )

    made = [o for o in outcomes if isinstance(o, Draw)]
    refused = [o for o in outcomes if isinstance(o, Refused)]
    assert len(made) == 1 and len(refused) == 19, outcomes
    assert {(r.status, r.code) for r in refused} == {(409, "already_drawn")}
    assert Draw.objects.count() == 1
    assert states(event) == {ApplicationState.WON: 6, ApplicationState.LOST: 9}
    assert fresh(event).confirmed_seats == 6
    assert Activity.objects.filter(verb=Verb.EVENT_DRAW).count() == 1
    assert verify_draw(event).winners == tuple(
        str(a.pk) for a in by_rank(event) if a.state == ApplicationState.WON
    )


@pytest.mark.django_db(transaction=True)
def test_10_declines_at_once_offer_the_next_10_runners_up_in_order():
    staff = make_member("manager", Role.MANAGER)
    event = closed_lottery(staff, entrants(30), capacity=10)
    draw_event(actor=staff, event=event)
    winners = [a for a in by_rank(event) if a.state == ApplicationState.WON]

    outcomes = run_in_threads(
        [lambda a=a: decline_win(actor=a.member, application=a) for a in winners],
        returning=(Refused,),
        start_together=True,
    )

    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    ranked = by_rank(event)
    assert [a.state for a in ranked[10:20]] == [ApplicationState.WON] * 10
    assert all(a.state == ApplicationState.LOST for a in ranked[20:])
    assert fresh(event).confirmed_seats == 10
    offers = Activity.objects.filter(verb=Verb.EVENT_OFFER).order_by("id")
    assert [o.data["rank"] for o in offers] == list(range(11, 21))
