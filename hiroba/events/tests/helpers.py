from datetime import timedelta

from django.utils import timezone

from hiroba.events.models import Selection
from hiroba.events.services import create_event, publish_event, set_event_questions


def event_fields(**overrides) -> dict:
    """An event whose applications are open now and that starts in two days."""
    now = timezone.now()
    fields = {
        "title": "工場見学ツアー",
        "description": "**工場**を見学します",
        "starts_at": now + timedelta(days=2),
        "ends_at": now + timedelta(days=2, hours=2),
        "applications_open_at": now - timedelta(hours=1),
        "applications_close_at": now + timedelta(days=1),
        "capacity": 30,
        "selection": Selection.FIRST_COME,
    }
    return fields | overrides


def open_event(actor, **overrides):
    return publish_event(actor=actor, event=create_event(actor=actor, **event_fields(**overrides)))


def ask_how_and_allergies(actor, event):
    """Two questions on ``event``: how one takes part (required choice) and allergies (text)."""
    return set_event_questions(
        actor=actor,
        event=event,
        questions=[
            {
                "kind": "single",
                "text": "参加方法",
                "required": True,
                "choices": ["会場", "オンライン"],
            },
            {"kind": "short_text", "text": "アレルギー"},
        ],
    )
