"""Gives generated data what a running community's home page shows and ``hiroba generate`` does
not make: five upcoming events (one in a restricted space) and two open surveys (one for all
members, one for a space's members). Made through the services, as staff would, with the
manager account; a second run finds them by title and makes nothing.

    HIROBA_DATA_DIR=... [HIROBA_DATABASE_URL=...] python benchmarks/furnish.py

Run it once on a benchmark database, before pages.py, so that the home page's boxes are
measured with something in them, on the code before a change and after it alike.
"""

import os
import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")

import django  # noqa: E402

django.setup()

from django.utils import timezone  # noqa: E402

from hiroba.accounts.models import Member, Role  # noqa: E402
from hiroba.community.models import Space, Visibility  # noqa: E402
from hiroba.events.models import Event  # noqa: E402
from hiroba.events.services import create_event, publish_event  # noqa: E402
from hiroba.surveys.models import AudienceKind, Kind, Survey  # noqa: E402
from hiroba.surveys.services import add_question, create_survey, publish_survey  # noqa: E402

MARK = "[bench]"
EVENTS = [
    ("トマト農園の収穫体験", 4, None),
    ("新商品の試食会 (オンライン)", 6, None),
    ("レシピ写真コンテスト 表彰式", 9, None),
    ("野菜ソムリエと学ぶ夏野菜", 12, None),
    ("アンバサダー座談会", 5, Visibility.RESTRICTED),
]


def furnish() -> list[str]:
    manager = Member.objects.filter(role=Role.MANAGER, is_active=True).order_by("id").first()
    if manager is None:
        sys.exit("furnish: the database has no manager: run `hiroba generate` first")
    made = []
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    for title, days, visibility in EVENTS:
        title = f"{MARK} {title}"
        if Event.objects.filter(title=title).exists():
            continue
        space = None
        if visibility is not None:
            space = Space.objects.filter(visibility=visibility).order_by("id").first()
        starts = now + timedelta(days=days, hours=5)
        event = create_event(
            actor=manager,
            title=title,
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            applications_open_at=now,
            applications_close_at=starts - timedelta(days=1),
            capacity=30,
            venue="ひろば食品 東京本社",
            space=space,
        )
        publish_event(actor=manager, event=event)
        made.append(title)
    surveys = [
        (f"{MARK} ご利用満足度アンケート", AudienceKind.ALL, None),
        (
            f"{MARK} スペース参加者アンケート",
            AudienceKind.SPACE,
            Space.objects.filter(visibility=Visibility.PUBLIC).order_by("-member_count").first(),
        ),
    ]
    for title, kind, space in surveys:
        if Survey.objects.filter(title=title).exists():
            continue
        survey = create_survey(actor=manager, title=title, audience_kind=kind, audience_space=space)
        add_question(
            actor=manager,
            survey=survey,
            kind=Kind.SCALE,
            text="満足度を5段階で教えてください。",
            required=True,
        )
        publish_survey(actor=manager, survey=survey, closes_at=now + timedelta(days=60))
        made.append(title)
    return made


if __name__ == "__main__":
    made = furnish()
    print(f"furnish: made {len(made)}: {', '.join(made)}" if made else "furnish: all there")
