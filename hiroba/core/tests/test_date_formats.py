"""Dates are written one way per language (hiroba/core/formats): 2026/03/04 14:05 in Japanese,
4 Mar 2026, 14:05 in English, on pages, in messages, e-mails and the console alike."""

import calendar
import re
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from hiroba.accounts.models import Member
from hiroba.accounts.services import set_language
from hiroba.core.errors import Refused
from hiroba.insights.periods import Period
from hiroba.moderation.services import sanction_member
from hiroba.posts.services import publish_post

pytestmark = pytest.mark.django_db

TOKYO = ZoneInfo("Asia/Tokyo")
# What a template may pass to |date: the named formats, and "c" (ISO 8601 for <time datetime>).
NAMED = {
    "DATE_FORMAT", "DATETIME_FORMAT", "SHORT_DATE_FORMAT", "SHORT_DATETIME_FORMAT",
    "YEAR_MONTH_FORMAT", "MONTH_DAY_FORMAT", "TIME_FORMAT", "c",
}  # fmt: skip


def written(moment, language: str) -> str:
    """The moment as each language writes it, spelt out here independently of Django."""
    local = moment.astimezone(TOKYO)
    if language == "ja":
        return f"{local:%Y/%m/%d %H:%M}"
    return f"{local.day} {calendar.month_abbr[local.month]} {local.year}, {local:%H:%M}"


def page(client, path, language) -> str:
    return client.get(path, HTTP_ACCEPT_LANGUAGE=language).content.decode()


def test_no_template_spells_out_its_own_date_format():
    root = Path(settings.BASE_DIR) / "hiroba"
    found = []
    for path in root.rglob("*"):
        if path.suffix not in (".html", ".txt") or "tests" in path.parts:
            continue
        for fmt in re.findall(r"""\|date:["']([^"']*)["']""", path.read_text(encoding="utf-8")):
            if fmt not in NAMED:
                found.append(f"{path.relative_to(root)}: {fmt}")
    assert found == []


@pytest.mark.parametrize("language", ["ja", "en"])
def test_a_post_shows_its_time_in_the_languages_format(client, alice, recipes, language):
    post = publish_post(actor=alice, space=recipes, title="ゆず胡椒のパスタ", body="作りました")
    expected = written(post.published_at, language)
    assert expected in page(client, "/", language)
    assert expected in page(client, reverse("posts:detail", args=[post.pk]), language)


@pytest.mark.parametrize("language", ["ja", "en"])
def test_a_suspension_reads_the_same_in_the_banner_the_refusal_and_the_e_mail(
    alice, mod, recipes, language, django_capture_on_commit_callbacks
):
    set_language(actor=alice, language=language)
    with django_capture_on_commit_callbacks(execute=True):
        sanction_member(actor=mod, member=alice, kind="suspend", reason="宣伝", days=3)
    alice = Member.objects.get(pk=alice.pk)
    expected = written(alice.suspended_until, language)

    client = Client()
    client.force_login(alice)
    assert expected in page(client, "/", language)
    with translation.override(language), pytest.raises(Refused) as refused:
        publish_post(actor=alice, space=recipes, title="t", body="b")
    assert expected in str(refused.value)
    (message,) = mail.outbox
    assert expected in message.body


def test_the_consoles_periods_are_written_as_days():
    period = Period.month(date(2026, 3, 4))
    with translation.override("ja"):
        assert str(period) == "2026/03/01 – 2026/03/31"
    with translation.override("en"):
        assert str(period) == "1 Mar 2026 – 31 Mar 2026"
