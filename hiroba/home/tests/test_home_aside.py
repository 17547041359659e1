"""The home page's side column is kept under what it shows (home/templatetags/home_aside.py):
each fact it shows, changed, shows at once; the events box, the surveys box and the spaces list
have their own tests (events/tests/test_home_box.py, surveys/tests/test_home_box.py,
community/tests/test_spaces_kept.py), which read the page through the kept column too."""

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from hiroba.events.models import Format
from hiroba.events.services import update_event
from hiroba.events.tests.helpers import open_event
from hiroba.posts.services import publish_post
from hiroba.surveys.services import change_close_date
from hiroba.surveys.tests.helpers import build_survey


def aside(member, language="ja") -> str:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(member)
    html = client.get("/").content.decode()
    return html[html.index('<aside class="col-lg-4">') : html.index("</aside>")]


def test_venue_format_and_close_date_follow(cm, alice):
    event = open_event(cm, title="収穫体験", venue="農園")
    survey = build_survey(cm, title="春のアンケート").survey
    before = aside(alice)
    assert "農園" in before

    update_event(actor=cm, event=event, venue="新しい農園")
    assert "新しい農園" in aside(alice)
    update_event(
        actor=cm, event=event, venue="", format=Format.ONLINE, online_url="https://example.com/x"
    )
    assert "オンライン" in aside(alice)

    closes = timezone.localtime(timezone.now() + timedelta(days=40))
    change_close_date(actor=cm, survey=survey, closes_at=closes)
    assert closes.strftime("%Y/%m/%d") in aside(alice)


def test_language_and_tags_make_their_own_column(alice, recipes):
    publish_post(actor=alice, space=recipes, body="#トマト の季節")
    assert "開催予定のイベント" not in aside(alice)  # no event: no box
    japanese, english = aside(alice, "ja"), aside(alice, "en")
    assert "スペース" in japanese and "Spaces" in english
    assert "#トマト" in japanese and "#トマト" in english
