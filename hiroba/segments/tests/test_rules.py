"""Each condition against the town of conftest.py, whose every member's facts are known.

A segment holds the community's members (not staff, not official accounts, not banned or closed
accounts: ``members_q``) meeting every condition; these tests read that through selectors.count_matching / members_matching.
"""

import pytest
from django.core.exceptions import ValidationError

from hiroba.segments.rules import parse_rules
from hiroba.segments.selectors import members_matching
from hiroba.segments.tests.conftest import set_joined

pytestmark = pytest.mark.django_db


def handles(rules) -> set[str]:
    return set(members_matching(parse_rules(rules)).values_list("handle", flat=True))


EVERYONE = {"alice", "bob", "charlie", "dave", "frank"}


def test_no_conditions_is_every_eligible_member(town):
    # eve is banned, the editorial account is not a person, the manager and the moderator are
    # staff: none is a member as the KPIs and the levels count them, nor ever in a segment.
    assert handles([]) == EVERYONE


def test_region(town):
    assert handles([{"type": "region", "regions": ["27"]}]) == {"alice", "dave"}
    assert handles([{"type": "region", "regions": ["13", "27"]}]) == {"alice", "bob", "dave"}


def test_age_band_counts_this_year_minus_the_birth_year(town, monkeypatch):
    from django.utils import timezone

    year = timezone.localdate().year
    expected_alice_band = f"{(year - 1995) // 10 * 10}s"
    assert handles([{"type": "age_band", "bands": [expected_alice_band]}]) >= {"alice"}
    assert "alice" not in handles([{"type": "age_band", "bands": ["under20"]}])
    assert handles([{"type": "age_band", "bands": ["unknown"]}]) == {"charlie", "frank"}
    # dave, born 1960, is 60s until the year he turns 70.
    band = "60s" if year - 1960 < 70 else "70plus"
    assert "dave" in handles([{"type": "age_band", "bands": [band]}])


def test_age_band_edges(town):
    from django.utils import timezone

    from hiroba.accounts.services import update_profile

    year = timezone.localdate().year
    update_profile(actor=town.bob, member=town.bob, birth_year=year - 20)
    update_profile(actor=town.alice, member=town.alice, birth_year=year - 29)
    update_profile(actor=town.dave, member=town.dave, birth_year=year - 19)
    assert handles([{"type": "age_band", "bands": ["20s"]}]) == {"alice", "bob"}
    assert handles([{"type": "age_band", "bands": ["under20"]}]) == {"dave"}


def test_joined_between_two_days_both_included(town):
    from django.utils import timezone

    set_joined(town.alice, 40)
    set_joined(town.bob, 10)
    today = timezone.localdate()
    start = (today - timezone.timedelta(days=40)).isoformat()
    end = (today - timezone.timedelta(days=10)).isoformat()
    assert handles([{"type": "joined", "from": start, "to": end}]) == {"alice", "bob"}
    assert handles([{"type": "joined", "to": end}]) == {"alice", "bob"}
    assert "alice" not in handles([{"type": "joined", "from": end}])


def test_spaces_joined_any_of(town):
    assert handles([{"type": "spaces", "spaces": [town.recipes.pk]}]) == {"alice", "charlie"}
    both = [town.recipes.pk, town.lounge.pk]
    assert handles([{"type": "spaces", "spaces": both}]) == {"alice", "charlie", "dave"}


def test_posts_count_every_kind(town):
    assert handles([{"type": "posts", "min": 3}]) == {"alice"}
    assert handles([{"type": "posts", "min": 1, "max": 1}]) == {"bob"}
    assert handles([{"type": "posts", "max": 0}]) == {"charlie", "dave", "frank"}


def test_answers_are_top_level_comments_on_questions(town):
    assert handles([{"type": "answers", "min": 1}]) == {"alice", "dave"}
    assert handles([{"type": "answers", "min": 2}]) == {"dave"}
    # charlie replied to an answer and commented on a plain post: no answers.
    assert handles([{"type": "answers", "max": 0}]) == {"bob", "charlie", "frank"}
    assert handles([{"type": "answers", "min": 1, "max": 1}]) == {"alice"}


def test_ideas(town):
    assert handles([{"type": "ideas", "min": 1}]) == {"alice"}
    assert "alice" not in handles([{"type": "ideas", "max": 0}])


def test_a_deleted_post_no_longer_counts(town):
    from hiroba.posts.models import Post
    from hiroba.posts.services.posts import delete_post

    for post in Post.objects.filter(author=town.alice, kind="post"):
        delete_post(actor=town.alice, post=post)
    assert handles([{"type": "posts", "min": 2}]) == set()


def test_nps_category_in_the_latest_round(town):
    assert handles([{"type": "nps", "survey": "latest", "categories": ["promoter"]}]) == {
        "alice",
        "dave",
    }
    assert handles([{"type": "nps", "categories": ["passive"]}]) == {"bob"}
    assert handles([{"type": "nps", "categories": ["detractor", "passive"]}]) == {"bob", "charlie"}


def test_nps_category_in_a_chosen_survey(town):
    older = town.older.survey.pk
    assert handles([{"type": "nps", "survey": older, "categories": ["promoter"]}]) == {"bob"}
    assert handles([{"type": "nps", "survey": older, "categories": ["detractor"]}]) == {"dave"}


def test_survey_answer_by_choice_and_by_range(town):
    latest = town.latest
    single = latest.single
    rule = {"type": "survey_answer", "question": single.pk, "choices": [latest.choice(single, 1)]}
    assert handles([rule]) == {"bob", "charlie"}
    rule = {"type": "survey_answer", "question": latest.nps.pk, "min": 8}
    assert handles([rule]) == {"alice", "dave"}
    rule = {"type": "survey_answer", "question": latest.nps.pk, "max": 3}
    assert handles([rule]) == {"charlie"}


def test_the_done_when_segment(town):
    """Light members in Osaka who answered the last NPS with 9–10: alice is core, so only dave."""
    rules = [
        {"type": "region", "regions": ["27"]},
        {"type": "nps", "survey": "latest", "categories": ["promoter"]},
    ]
    assert handles(rules) == {"alice", "dave"}
    assert handles([{"type": "level", "levels": ["light"]}, *rules]) == {"dave"}
    assert handles([{"type": "level", "levels": ["core"]}, *rules]) == {"alice"}


def test_levels_in_the_town(town):
    assert handles([{"type": "level", "levels": ["core"]}]) == {"alice"}
    assert handles([{"type": "level", "levels": ["light"]}]) == {"bob", "dave"}
    assert handles([{"type": "level", "levels": ["low"]}]) == {"charlie"}
    assert handles([{"type": "level", "levels": ["dormant"]}]) == {"frank"}


def refusal(rules) -> dict:
    with pytest.raises(ValidationError) as caught:
        parse_rules(rules)
    return caught.value.message_dict


def codes(rules) -> dict:
    with pytest.raises(ValidationError) as caught:
        parse_rules(rules)
    return {key: [e.code for e in errors] for key, errors in caught.value.error_dict.items()}


def test_an_anonymous_survey_cannot_pick_members(town, cm):
    from hiroba.surveys.tests.helpers import build_survey

    secret = build_survey(cm, title="匿名アンケート", is_anonymous=True)
    assert codes([{"type": "nps", "survey": secret.survey.pk, "categories": ["promoter"]}]) == {
        "nps": ["anonymous_survey"]
    }
    message = refusal([{"type": "survey_answer", "question": secret.nps.pk, "min": 9}])
    assert "anonymous" in message["survey_answer"][0]
    assert "匿名アンケート" in message["survey_answer"][0]


def test_an_anonymous_latest_round_is_refused_not_skipped(town, cm):
    from hiroba.surveys.tests.helpers import build_survey

    build_survey(cm, title="匿名NPS", is_nps_round=True, is_anonymous=True)
    assert codes([{"type": "nps", "survey": "latest", "categories": ["promoter"]}]) == {
        "nps": ["anonymous_survey"]
    }


@pytest.mark.parametrize(
    "rules, key",
    [
        ("not a list", "rules"),
        ([{"type": "nope"}], "rules"),
        (["region"], "rules"),
        ([{"type": "region", "regions": []}], "region"),
        ([{"type": "region", "regions": ["27", "XX"]}], "region"),
        ([{"type": "region", "regions": ["27"], "typo": 1}], "region"),
        ([{"type": "region", "regions": ["27"]}, {"type": "region", "regions": ["13"]}], "region"),
        ([{"type": "age_band", "bands": ["teen"]}], "age_band"),
        ([{"type": "joined"}], "joined"),
        ([{"type": "joined", "from": "2026-13-01"}], "joined"),
        ([{"type": "joined", "from": "2026-05-02", "to": "2026-05-01"}], "joined"),
        ([{"type": "posts"}], "posts"),
        ([{"type": "posts", "min": -1}], "posts"),
        ([{"type": "posts", "min": True}], "posts"),
        ([{"type": "posts", "min": "three"}], "posts"),
        ([{"type": "answers", "min": 5, "max": 2}], "answers"),
        ([{"type": "ideas", "min": 10**12}], "ideas"),
        ([{"type": "spaces", "spaces": [999999]}], "spaces"),
        ([{"type": "spaces", "spaces": ["x"]}], "spaces"),
        ([{"type": "spaces", "spaces": [2**70]}], "spaces"),
        ([{"type": "nps", "categories": ["fans"]}], "nps"),
        ([{"type": "nps", "survey": 999999, "categories": ["promoter"]}], "nps"),
        ([{"type": "survey_answer", "question": 999999, "min": 1}], "survey_answer"),
        ([{"type": "survey_answer"}], "survey_answer"),
    ],
)
def test_invalid_conditions_are_refused_by_type(town, rules, key):
    assert key in refusal(rules)


def test_survey_answer_must_fit_its_question(town):
    latest = town.latest
    other_choice = latest.choice(latest.multiple, 0)
    assert "survey_answer" in refusal(
        [{"type": "survey_answer", "question": latest.single.pk, "choices": [other_choice]}]
    )
    assert codes([{"type": "survey_answer", "question": latest.short.pk, "min": 1}]) == {
        "survey_answer": ["text_question"]
    }
    assert "survey_answer" in refusal(
        [{"type": "survey_answer", "question": latest.scale.pk, "min": 0, "max": 9}]
    )
    assert "survey_answer" in refusal(
        [{"type": "survey_answer", "question": latest.single.pk, "min": 1}]
    )


def test_no_nps_round_yet(db, cm):
    assert codes([{"type": "nps", "categories": ["promoter"]}]) == {"nps": ["no_nps_round"]}


def test_stored_form_is_normal(town):
    rules = parse_rules(
        [
            {"type": "region", "regions": ["27", "13", "27"]},
            {"type": "posts", "min": "2"},
            {"type": "spaces", "spaces": [town.lounge.pk, str(town.recipes.pk)]},
        ]
    )
    assert [r.as_dict() for r in rules] == [
        {"type": "region", "regions": ["13", "27"]},
        {"type": "posts", "min": 2, "max": None},
        {"type": "spaces", "spaces": sorted([town.lounge.pk, town.recipes.pk])},
    ]
