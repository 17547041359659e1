"""The console's engagement pages: members per level, warming up, a member's page.

Editors and managers see them, members get 403; each page runs a bounded number of queries
however many members and rows there are; anonymous surveys' answers never show per member.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import make_member
from hiroba.accounts.models import Member
from hiroba.activity.models import MemberHealth, Verb
from hiroba.activity.services import record_activity
from hiroba.community.selectors import all_spaces
from hiroba.ideas.services import submit_idea
from hiroba.posts.services import add_comment, publish_post
from hiroba.qa.services import ask_question
from hiroba.surveys.services import submit_response
from hiroba.surveys.tests.helpers import answers_for, build_survey

pytestmark = pytest.mark.usefixtures("health_settings")
LIST = "/console/members/"


def page(client, viewer, url, **params):
    client.force_login(viewer)
    return client.get(url, params, HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def busy_alice(alice, bob, recipes, ideas_space, cm):
    """Alice quiet for a year, then back: posts, a question, an answer, an idea, surveys."""
    MemberHealth.objects.filter(member=alice).delete()
    long_ago = timezone.now() - timedelta(days=365)
    for _ in range(10):
        record_activity(actor=alice, verb=Verb.POST, at=long_ago)
    publish_post(actor=alice, space=recipes, body="久しぶりに トマトの肉詰め")
    question = ask_question(actor=bob, space=recipes, title="保存は?", body="冷凍できますか")
    answer = add_comment(actor=alice, post=question.post, body="冷凍できます、一か月くらい")
    add_comment(actor=alice, post=question.post, parent=answer, body="追記: 解凍は冷蔵庫で")
    ask_question(actor=alice, space=recipes, title="おすすめの鍋は?", body="教えてください")
    submit_idea(actor=alice, space=ideas_space, title="レシピ検索", body="材料で探したい")
    named = build_survey(cm, title="名前つきアンケート")
    anonymous = build_survey(cm, title="匿名アンケート", is_anonymous=True)
    submit_response(actor=alice, survey=named.survey, answers=answers_for(named))
    submit_response(actor=alice, survey=anonymous.survey, answers=answers_for(anonymous))
    return alice


@pytest.mark.parametrize("url", [LIST, "/console/members/alice/"])
def test_members_get_403_and_visitors_the_login_page(client, alice, bob, url):
    assert page(client, bob, url).status_code == 403
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("url", [LIST, "/console/members/alice/"])
def test_moderators_without_insights_get_403(client, mod, alice, url):
    assert page(client, mod, url).status_code == 403


def test_the_list_shows_levels_with_their_definitions_and_who_is_warming_up(
    client, editor, busy_alice, bob, charlie
):
    response = page(client, editor, LIST)

    assert response.status_code == 200
    html = response.content.decode()
    levels = {row["level"].value: row["count"] for row in response.context["levels"]}
    # Members only: alice, bob, charlie (the editor viewing and the manager are staff).
    assert sum(levels.values()) == 3
    assert levels["light"] == 1  # alice: 10 old posts and the new ones (test thresholds)
    assert "Long-term score 100 or more" in html and "Long-term score 10 to under 100" in html
    warming = [row.member.handle for row in response.context["page"]["items"]]
    assert warming[0] == "alice"
    assert reverse("console:member", args=["alice"]) in html


def test_the_search_opens_the_member_by_handle_in_any_case(client, editor, alice):
    response = page(client, editor, LIST, q="@ALICE")
    assert response.status_code == 302
    assert response["Location"] == reverse("console:member", args=["alice"])

    missing = page(client, editor, LIST, q="nobody_here")
    assert missing.status_code == 200 and missing.context["not_found"] == "nobody_here"


def test_the_warming_list_pages_with_htmx(client, cm, settings):
    settings.HIROBA_HEALTH_WARMING = {"min": 0.5, "ratio": 2}
    fans = [make_member(f"fan{i:02d}") for i in range(55)]
    # Members for a year, silent until today: each is warming up with one comment.
    Member.objects.filter(pk__in=[f.pk for f in fans]).update(
        date_joined=timezone.now() - timedelta(days=365)
    )
    for fan in Member.objects.filter(pk__in=[f.pk for f in fans]):
        record_activity(actor=fan, verb=Verb.COMMENT)

    first = page(client, cm, LIST)
    cursor = first.context["page"]["next_cursor"]
    assert len(first.context["page"]["items"]) == 50 and cursor
    more = client.get(LIST, {"cursor": cursor}, HTTP_HX_REQUEST="true")

    assert more.status_code == 200
    shown = [row.member.handle for row in first.context["page"]["items"]]
    shown += [row.member.handle for row in more.context["page"]["items"]]
    assert sorted(shown) == sorted(f.handle for f in fans)  # each once; sign-ups weigh 0 here


def test_the_member_page_shows_level_scores_history_and_what_they_wrote(client, cm, busy_alice):
    response = page(client, cm, "/console/members/alice/")

    assert response.status_code == 200
    context = response.context
    assert context["scores"].level.value == "light"
    assert len(context["chart"]["labels"]) == 90
    assert context["chart"]["long"][-1] == pytest.approx(context["scores"].long, abs=0.01)
    counts = dict(context["counts"])
    # 10 old posts, the new post, the question and the idea (each a post); an answer, a reply
    assert counts[Verb.POST.label] == 13 and counts[Verb.COMMENT.label] == 2
    assert [p.title or p.body for p in context["posts"]] == [
        "おすすめの鍋は?",
        "久しぶりに トマトの肉詰め",
    ]
    assert [a.body for a in context["answers"]] == ["冷凍できます、一か月くらい"]  # no reply
    assert [i.post.title for i in context["ideas"]] == ["レシピ検索"]
    html = response.content.decode()
    assert "health-history-data" in html and "chart.umd.min.js" in html


def test_anonymous_survey_answers_never_show_on_the_member_page(client, cm, busy_alice):
    response = page(client, cm, "/console/members/alice/")

    assert [r.survey.title for r in response.context["surveys"]] == ["名前つきアンケート"]
    assert dict(response.context["counts"])[Verb.SURVEY_RESPONSE.label] == 1
    timeline = response.context["page"].items
    surveys = [row for row in timeline if row.verb == Verb.SURVEY_RESPONSE]
    assert len(surveys) == 1 and surveys[0].data["anonymous"] is False
    assert "匿名アンケート" not in response.content.decode()


def test_the_timeline_pages_with_htmx(client, cm, alice):
    for _ in range(40):
        record_activity(actor=alice, verb=Verb.REACTION)
    first = page(client, cm, "/console/members/alice/")
    cursor = first.context["page"].next_cursor
    more = client.get("/console/members/alice/", {"cursor": cursor}, HTTP_HX_REQUEST="true")
    ids = [row.pk for row in first.context["page"].items + more.context["page"].items]
    assert len(ids) == 41 == len(set(ids))  # 40 likes and the sign-up, none twice


def test_an_unknown_member_is_404(client, cm):
    assert page(client, cm, "/console/members/nobody_here/").status_code == 404


def test_the_list_costs_the_same_queries_for_many_members(
    client, cm, settings, django_assert_max_num_queries
):
    settings.HIROBA_HEALTH_WARMING = {"min": 0.5, "ratio": 2}
    for i in range(30):
        record_activity(actor=make_member(f"fan{i:02d}"), verb=Verb.COMMENT)
    client.force_login(cm)
    client.get(LIST)  # the visit of the first page is recorded once
    # session, viewer, level counts (2), warming page, snapshots, notification badge
    with django_assert_max_num_queries(7):
        assert client.get(LIST).status_code == 200


def test_the_member_page_costs_the_same_queries_for_a_busy_member(
    client, cm, busy_alice, django_assert_max_num_queries
):
    for _ in range(50):
        record_activity(actor=busy_alice, verb=Verb.REACTION)
    client.force_login(cm)
    client.get(LIST)
    all_spaces()  # kept in the process until a space changes
    # session, viewer, member with health, timeline, history, counts, the kept spaces'
    # generation number, posts, answers, ideas, survey answers, notification badge
    with django_assert_max_num_queries(12):
        assert client.get("/console/members/alice/").status_code == 200
