"""The home page's "Surveys for you" box, read from each process's copy of the published
surveys (surveys.selectors.surveys_for_home): it follows publishing, editing, closing and the
reader's own answer at once, and costs no query while no survey is open."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hiroba.community.services import join_space
from hiroba.surveys import selectors
from hiroba.surveys.models import AudienceKind
from hiroba.surveys.selectors import open_surveys_for, surveys_for_home
from hiroba.surveys.services import change_close_date, close_survey, submit_response
from hiroba.surveys.services.building import update_survey
from hiroba.surveys.tests.helpers import answers_for, build_survey


def box(member) -> list[str]:
    client = Client()
    client.force_login(member)
    html = client.get(reverse("home")).content.decode()
    if 'id="home-surveys"' not in html:
        return []
    start = html.index('id="home-surveys"')
    section = html[start : html.index("</section>", start)]
    return [part.split("</span>")[0] for part in section.split('<span class="d-block">')[1:]]


def test_the_box_follows_publishing_editing_answering_and_closing(cm, alice):
    assert box(alice) == []
    first = build_survey(cm, title="春のアンケート")
    assert box(alice) == ["春のアンケート"]
    second = build_survey(cm, title="商品アンケート")
    assert box(alice) == ["商品アンケート", "春のアンケート"]

    update_survey(actor=cm, survey=second.survey, title="新商品アンケート")
    assert box(alice) == ["新商品アンケート", "春のアンケート"]

    submit_response(actor=alice, survey=first.survey, answers=answers_for(first))
    assert box(alice) == ["新商品アンケート"]

    close_survey(actor=cm, survey=second.survey)
    assert box(alice) == []


def test_a_survey_past_its_close_date_leaves_the_box_without_being_told(cm, alice, monkeypatch):
    built = build_survey(cm, title="今週まで")
    change_close_date(actor=cm, survey=built.survey, closes_at=timezone.now() + timedelta(days=2))
    assert [s.title for s in surveys_for_home(alice)] == ["今週まで"]

    later = timezone.now() + timedelta(days=3)
    monkeypatch.setattr(selectors.timezone, "now", lambda: later)
    assert surveys_for_home(alice) == []


def test_a_spaces_survey_is_in_its_members_box_only(cm, alice, bob, recipes):
    build_survey(cm, title="全員へ")
    build_survey(
        cm, title="レシピの会員へ", audience_kind=AudienceKind.SPACE, audience_space=recipes
    )
    join_space(actor=alice, space=recipes)

    for reader in (alice, bob):
        expected = [s.title for s in open_surveys_for(reader).order_by("-opens_at", "-id")]
        assert [s.title for s in surveys_for_home(reader, limit=10)] == expected
    assert box(alice) == ["レシピの会員へ", "全員へ"]
    assert box(bob) == ["全員へ"]
    join_space(actor=bob, space=recipes)
    assert box(bob) == ["レシピの会員へ", "全員へ"]


def test_no_open_survey_costs_no_query_but_the_generation_numbers(
    cm, alice, django_assert_num_queries
):
    closed = build_survey(cm, title="終わった")
    close_survey(actor=cm, survey=closed.survey)
    surveys_for_home(alice)  # the process's copy is made
    with django_assert_num_queries(1):
        assert surveys_for_home(alice) == []


@pytest.mark.parametrize("kept", [1, 2])
def test_more_published_surveys_than_kept_asks_the_database(cm, alice, monkeypatch, kept):
    monkeypatch.setattr(selectors, "PUBLISHED_KEPT", kept)
    selectors._published.forget()
    for title in ("一", "二", "三"):
        build_survey(cm, title=title)
    assert [s.title for s in surveys_for_home(alice)] == ["三", "二", "一"]
