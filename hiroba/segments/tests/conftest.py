"""A small town of members built through the real services, whose every condition is known.

            region   born  spaces   posts (of any kind)  answers ideas  NPS latest  NPS older  level
  alice     Osaka    1995  recipes  2 posts + 1 idea = 3  1       1      10          —          core
  bob       Tokyo    2000  —        1 question = 1        0       0      7           10         light
  charlie   —        —     recipes  0                     0       0      3           —          low
  dave      Osaka    1960  lounge   0                     2       0      9           2          light
  frank     —        —     —        0                     0       0      —           —          dormant
  eve       Osaka    1990  —        banned: never in a segment
  official  (editorial account): never in a segment
  manager, mod  (staff): never in a segment, as they are not counted as members anywhere

Ages are counted as this year minus the birth year (see rules/profile.py). Levels follow the
long-term health score of everything they did just now, with the weights and thresholds set in
``english`` below: alice 29.5 (core ≥ 20), bob 15.5 and dave 12.5 (light ≥ 10), charlie a hair
under 10 (low), frank a hair under 1 (dormant: signing up only); the staff would be low (the
manager, 1.5) and dormant (the moderator) if they counted.
"""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone, translation

from conftest import make_member
from hiroba.accounts.models import Member
from hiroba.accounts.services import update_profile
from hiroba.community.services import create_space, join_space
from hiroba.ideas.services import submit_idea
from hiroba.moderation.services.sanctions import sanction_member
from hiroba.posts.services.comments import add_comment
from hiroba.posts.services.posts import publish_post
from hiroba.qa.services import ask_question
from hiroba.surveys.services import submit_response
from hiroba.surveys.tests.helpers import Built, answers_for, build_survey, move_opening


@pytest.fixture(autouse=True)
def english(settings):
    """Messages are read in English (the source strings) in these tests."""
    settings.LANGUAGE_CODE = "en"
    settings.HIROBA_RATE_POST = "1000/60"
    settings.HIROBA_RATE_COMMENT = "1000/60"
    settings.HIROBA_HEALTH_WEIGHTS = {
        "post": 5,
        "question_ask": 5,
        "idea_submit": 5,
        "comment": 3,
        "survey_response": 2,
        "space_join": 1,
        "signup": 1,
        "profile_edit": 0.5,
    }
    settings.HIROBA_HEALTH_LEVELS = {"core": 20, "light": 10, "low": 1}
    with translation.override("en"):
        yield


@dataclass
class Town:
    alice: Member
    bob: Member
    charlie: Member
    dave: Member
    eve: Member
    official: Member
    cm: Member
    recipes: object
    lounge: object
    ideas: object
    latest: Built
    older: Built

    def handles(self, members) -> set[str]:
        return {m.handle for m in members}


def _profile(member, **changes):
    return update_profile(actor=member, member=member, **changes)


@pytest.fixture
def town(alice, bob, charlie, cm, mod, official, recipes, lounge) -> Town:
    dave = make_member("dave", display_name="大阪 だいすけ")
    eve = make_member("eve")
    make_member("frank")
    _profile(alice, region="27", birth_year=1995)
    _profile(bob, region="13", birth_year=2000)
    _profile(dave, region="27", birth_year=1960)
    _profile(eve, region="27", birth_year=1990)
    ideas = create_space(actor=cm, slug="ideas", name="アイデア", allows_ideas=True)

    join_space(actor=alice, space=recipes)
    join_space(actor=charlie, space=recipes)
    join_space(actor=dave, space=lounge)

    plain = publish_post(actor=alice, space=recipes, body="ゆず塩で焼きました")
    publish_post(actor=alice, space=recipes, body="二品目")
    submit_idea(actor=alice, space=ideas, title="大阪でオフ会", body="やりましょう")
    question = ask_question(actor=bob, space=recipes, title="保存方法は?", body="教えてください")
    add_comment(actor=alice, post=question.post, body="冷蔵庫で一週間")
    first = add_comment(actor=dave, post=question.post, body="冷凍もできます")
    add_comment(actor=dave, post=question.post, body="小分けにして")
    # A reply to an answer is not an answer, and a comment on a plain post is not one either.
    add_comment(actor=charlie, post=question.post, body="なるほど", parent=first)
    add_comment(actor=charlie, post=plain, body="おいしそう")

    older = build_survey(cm, title="NPS 2026年春", is_nps_round=True)
    move_opening(older.survey, opens_in=-90 * 86400)
    submit_response(actor=bob, survey=older.survey, answers=answers_for(older, nps=10))
    submit_response(actor=dave, survey=older.survey, answers=answers_for(older, nps=2))
    latest = build_survey(cm, title="NPS 2026年秋", is_nps_round=True)
    for member, score, choice in ((alice, 10, 0), (bob, 7, 1), (charlie, 3, 1), (dave, 9, 2)):
        submit_response(
            actor=member,
            survey=latest.survey,
            answers=answers_for(latest, nps=score, single=choice),
        )
    sanction_member(actor=cm, member=eve, kind="ban", reason="spam")
    return Town(
        alice=alice,
        bob=bob,
        charlie=charlie,
        dave=dave,
        eve=Member.objects.get(pk=eve.pk),
        official=official,
        cm=cm,
        recipes=recipes,
        lounge=lounge,
        ideas=ideas,
        latest=latest,
        older=older,
    )


def set_joined(member, days_ago: int) -> None:
    """Move a member's joining day back (a test's clock, not a service)."""
    Member.objects.filter(pk=member.pk).update(
        date_joined=timezone.now() - timedelta(days=days_ago)
    )
