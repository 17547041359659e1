"""A hand-built community over three Tokyo days, with every timestamp fixed.

The clock: ``django.utils.timezone.now`` and the model fields whose default is it are pointed at
a settable time, so the real services write the rows as they would at that moment.
"""

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import django.utils.timezone
import pytest
from django.apps import apps
from django.core.cache import cache

from conftest import make_member
from hiroba.accounts.models import Role
from hiroba.activity.services import record_visit
from hiroba.community.services import create_space
from hiroba.ideas.models import Status as IdeaStatus
from hiroba.ideas.services import change_idea_status, submit_idea
from hiroba.posts.services.articles import create_article
from hiroba.posts.services.comments import add_comment
from hiroba.posts.services.posts import publish_post
from hiroba.posts.services.reactions import add_reaction
from hiroba.qa.services import accept_answer, ask_question
from hiroba.surveys.models import Kind as SurveyKind
from hiroba.surveys.services import add_question, create_survey, publish_survey, submit_response

TOKYO = ZoneInfo("Asia/Tokyo")
D0, D1, D2, D3 = date(2026, 3, 1), date(2026, 3, 2), date(2026, 3, 3), date(2026, 3, 4)


class Clock:
    def __init__(self):
        self.now = datetime(2026, 3, 1, 9, 0, tzinfo=TOKYO)

    def at(self, day: date, hour: int, minute: int = 0) -> None:
        self.now = datetime(day.year, day.month, day.day, hour, minute, tzinfo=TOKYO)


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    original = django.utils.timezone.now
    monkeypatch.setattr(django.utils.timezone, "now", lambda: clock.now)
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if field.default is original:
                monkeypatch.setattr(field, "_get_default", lambda: clock.now)
    return clock


class Session(dict):
    def __init__(self, key):
        super().__init__()
        self.session_key = key


def visit(member, key: str) -> None:
    cache.delete(f"visit:{member.pk}")  # the 5-minute throttle counts real seconds
    assert record_visit(actor=member, session=Session(key), path="/") is not None


@dataclass
class Community:
    alice: object
    bob: object
    charlie: object
    dave: object
    recipes: object
    lounge: object
    ideas: object


@pytest.fixture
def community(clock, db) -> Community:
    """Three members and staff registered on D0; dave joins on D2. What each does is written
    beside it; the tests derive every expected figure from this story."""
    clock.at(D0, 10)
    alice, bob, charlie = make_member("alice"), make_member("bob"), make_member("charlie")
    cm, mod = make_member("manager", Role.MANAGER), make_member("mod", Role.MODERATOR)
    editor = make_member("editor", Role.EDITOR)
    from hiroba.accounts.services import create_editorial_account

    official = create_editorial_account(actor=cm, display_name="編集部", handle="editors")
    recipes = create_space(actor=cm, slug="recipes", name="レシピ")
    lounge = create_space(actor=cm, slug="lounge", name="雑談")
    ideas = create_space(actor=cm, slug="ideas", name="アイデア", allows_ideas=True)

    # D1 (Monday)
    for hour, minute in [(9, 0), (9, 10), (9, 20), (11, 0)]:  # 09:00–09:20, then 11:00 alone
        clock.at(D1, hour, minute)
        visit(alice, "alice-phone")
    clock.at(D1, 10)
    p1 = publish_post(actor=alice, space=recipes, body="カレーの写真")
    clock.at(D1, 10, 30)
    bob_comment = add_comment(actor=bob, post=p1, body="おいしそう")
    clock.at(D1, 11)
    add_reaction(actor=charlie, post=p1)
    clock.at(D1, 12)
    create_article(actor=editor, as_account=official, title="お知らせ", body="本文", publish="now")
    clock.at(D1, 12, 30)
    add_comment(actor=mod, post=p1, body="素敵です")
    clock.at(D1, 13)
    q1 = ask_question(actor=alice, space=lounge, title="SIMの設定は?", body="教えて")
    clock.at(D1, 14)
    q1_answer = add_comment(actor=bob, post=q1.post, body="APNを設定")  # 3600 s, member
    clock.at(D1, 14, 30)
    add_reaction(actor=cm, comment=bob_comment)
    clock.at(D1, 23, 50)
    visit(bob, "bob-pc")

    # D2
    clock.at(D2, 0, 10)
    visit(bob, "bob-pc")  # the same browser after midnight: a session of D2
    clock.at(D2, 9)
    q2 = ask_question(actor=charlie, space=recipes, title="保存方法は?", body="冷凍できる?")
    clock.at(D2, 9, 30)
    q2_answer = add_comment(actor=mod, post=q2.post, body="できます")  # 1800 s, staff
    clock.at(D2, 10)
    dave = make_member("dave")
    accept_answer(actor=charlie, question=q2, answer=q2_answer)  # solved by staff
    clock.at(D2, 11)
    accept_answer(actor=alice, question=q1, answer=q1_answer)  # solved by a member
    clock.at(D2, 12)
    add_comment(actor=alice, post=p1, body="ありがとう", parent=bob_comment)
    clock.at(D2, 12, 30)
    add_reaction(actor=dave, post=q2.post)
    clock.at(D2, 13)
    idea1 = submit_idea(actor=alice, space=ideas, title="ダークモード", body="ほしい")

    # D3
    clock.at(D3, 9)
    survey = create_survey(actor=cm, title="2026年春 NPS", is_nps_round=True)
    nps = add_question(actor=cm, survey=survey, kind=SurveyKind.NPS, text="勧めますか?")
    survey = publish_survey(actor=cm, survey=survey)
    clock.at(D3, 9, 30)
    for member, score in [(alice, 10), (bob, 9), (charlie, 3)]:
        submit_response(actor=member, survey=survey, answers={nps.pk: score})
    clock.at(D3, 10)
    q3 = ask_question(actor=dave, space=lounge, title="料金は?", body="いくら?")
    submit_idea(actor=bob, space=ideas, title="通知の改善", body="まとめて")
    clock.at(D3, 10, 10)
    add_comment(actor=alice, post=q3.post, body="月額です")  # 600 s, member
    clock.at(D3, 11)
    add_comment(actor=charlie, post=idea1.post, body="賛成")
    change_idea_status(actor=cm, idea=idea1, status=IdeaStatus.REALIZED, note="実装しました")
    clock.at(D3, 18)
    return Community(alice, bob, charlie, dave, recipes, lounge, ideas)
