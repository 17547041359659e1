"""``hiroba draw --verify EVENT_ID`` re-runs a stored draw and says so; it fails loudly when
the stored entrant list no longer matches its hash."""

import io

import pytest
from django.core.management import CommandError, call_command

from hiroba.cli import run
from hiroba.events.lottery import draw_event
from hiroba.events.models import Application, ApplicationState, Draw
from hiroba.events.tests.lottery_helpers import closed_lottery, entrants

pytestmark = pytest.mark.django_db


def drawn(cm):
    event = closed_lottery(cm, entrants(5), capacity=2)
    return event, draw_event(actor=cm, event=event)


def test_it_prints_the_values_and_the_winners(cm):
    event, stored = drawn(cm)
    out = io.StringIO()

    call_command("draw", "--verify", str(event.pk), stdout=out)

    text = out.getvalue()
    assert f"algorithm:      {stored.algorithm}" in text
    assert stored.seed in text and stored.entrants_hash in text
    winners = Application.objects.filter(event=event, state=ApplicationState.WON).select_related(
        "member"
    )
    assert winners.count() == 2
    for winner in winners:
        assert f"application {winner.pk}  @{winner.member.handle}" in text
    winners_part = text.split("runners-up:")[0]
    for loser in Application.objects.filter(event=event, state=ApplicationState.LOST):
        assert f"application {loser.pk} " not in winners_part
    assert "re-runs to the stored result" in text


def test_a_changed_entrant_list_fails_with_a_clear_message(cm):
    event, stored = drawn(cm)
    Draw.objects.filter(pk=stored.pk).update(entrants=[*stored.entrants[1:], "999999"])

    with pytest.raises(CommandError, match="does not verify: The entrant list has changed"):
        call_command("draw", "--verify", str(event.pk), stdout=io.StringIO())


def test_the_console_command_exits_non_zero(cm, capsys):
    event, stored = drawn(cm)
    Draw.objects.filter(pk=stored.pk).update(entrants=stored.entrants[1:])

    with pytest.raises(SystemExit) as exited:
        run(["hiroba", "draw", "--verify", str(event.pk)])

    assert exited.value.code != 0
    assert "does not verify" in capsys.readouterr().err


@pytest.mark.parametrize("missing", ["no event", "not drawn"])
def test_an_event_without_a_draw_is_an_error(cm, missing):
    event = closed_lottery(cm, entrants(1), capacity=1)
    event_id = event.pk + 1000 if missing == "no event" else event.pk
    with pytest.raises(CommandError):
        call_command("draw", "--verify", str(event_id), stdout=io.StringIO())
