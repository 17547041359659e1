"""After the event: the attendees' survey (audience, list, answering, invitations once) and the
members' photo reports (the post kind, its page, the event page's partial, who may write one)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from conftest import client_for
from hiroba.accounts.services import update_profile
from hiroba.core.errors import Refused
from hiroba.events.after import (
    SURVEY_INVITE,
    event_reports,
    invite_attendees_to_survey,
    invite_due_attendees,
    publish_event_report,
    reports_context,
)
from hiroba.events.audiences import KIND as ATTENDEES
from hiroba.events.models import Application, ApplicationState, Event, EventReport, EventStatus
from hiroba.events.services import apply_to_event
from hiroba.events.tests.helpers import open_event
from hiroba.moderation.services.actions import moderate_post
from hiroba.notifications.models import Notification
from hiroba.posts.models import Post
from hiroba.posts.selectors import list_space_posts
from hiroba.segments.services import create_segment
from hiroba.surveys.audiences import audience_of
from hiroba.surveys.forms import SurveyForm
from hiroba.surveys.models import Respondent, Survey
from hiroba.surveys.permissions import access_survey, answer_refusal
from hiroba.surveys.selectors import list_open_surveys
from hiroba.surveys.services import create_survey, submit_response
from hiroba.surveys.tests.helpers import answers_for, build_survey

pytestmark = pytest.mark.django_db


def hold(event: Event, *, attended=(), confirmed=()) -> Event:
    """The event took place yesterday; ``attended`` were checked in.

    Members apply through the service; the day is moved and the check-in written by hand (a
    test's clock, and the check-in slice's service is not in this branch).
    """
    for member in (*attended, *confirmed):
        apply_to_event(actor=member, event=event)
    now = timezone.now()
    Event.objects.filter(pk=event.pk).update(
        starts_at=now - timedelta(days=1),
        ends_at=now - timedelta(days=1) + timedelta(hours=2),
        status=EventStatus.HELD,
    )
    Application.objects.filter(event=event, member__in=list(attended)).update(
        state=ApplicationState.ATTENDED, checked_in_at=now - timedelta(days=1)
    )
    return Event.objects.select_related("space").get(pk=event.pk)


@pytest.fixture
def held(cm, alice, bob):
    """Alice attended; Bob was confirmed but did not come."""
    return hold(open_event(cm, title="工場見学ツアー"), attended=[alice], confirmed=[bob])


@pytest.fixture
def survey(cm, held):
    return build_survey(cm, title="見学の感想", audience_kind=ATTENDEES, audience_target_id=held.pk)


# --- the audience -----------------------------------------------------------------------------


def test_an_attendee_sees_the_survey_and_answers_it(alice, survey):
    assert [s.pk for s in list_open_surveys(alice).items] == [survey.survey.pk]
    assert access_survey(alice, survey.survey.pk) == survey.survey
    assert answer_refusal(alice, survey.survey) is None

    submit_response(actor=alice, survey=survey.survey, answers=answers_for(survey))

    assert Respondent.objects.filter(survey=survey.survey, member=alice).exists()


def test_a_member_who_did_not_attend_is_refused_with_the_audiences_message(bob, charlie, survey):
    for outsider in (bob, charlie):
        assert list_open_surveys(outsider).items == []
        with translation.override("en"):
            refusal = answer_refusal(outsider, survey.survey)
        assert refusal.code == "not_in_audience"
        assert refusal.message == "This survey is for the members who attended 工場見学ツアー."
        with pytest.raises(Refused):
            submit_response(actor=outsider, survey=survey.survey, answers=answers_for(survey))
    assert not Respondent.objects.exists()


def test_the_survey_page_names_the_event_and_refuses_outsiders(alice, bob, survey):
    url = reverse("surveys:detail", args=[survey.survey.pk])

    page = client_for(alice).get(url).content.decode()
    assert "Attendees of 工場見学ツアー" in page
    refused = client_for(bob).get(url).content.decode()
    assert "This survey is for the members who attended 工場見学ツアー." in refused


@translation.override("en")  # the messages checked are the English ones
def test_a_restricted_events_survey_is_a_404_to_those_who_cannot_see_the_event(
    cm, alice, charlie, inner_circle
):
    event = hold(open_event(cm, title="内輪の会", space=inner_circle), attended=[alice])
    built = build_survey(cm, audience_kind=ATTENDEES, audience_target_id=event.pk)

    assert access_survey(alice, built.survey.pk) == built.survey
    with pytest.raises(Http404):
        access_survey(charlie, built.survey.pk)
    assert audience_of(built.survey).describe(built.survey, charlie) == "Attendees of an event"
    assert client_for(charlie).get(reverse("surveys:list")).status_code == 200
    assert "内輪の会" not in client_for(charlie).get(reverse("surveys:list")).content.decode()


def test_the_members_list_is_one_query_for_the_surveys(cm, alice, held, django_assert_num_queries):
    for i in range(3):
        build_survey(cm, title=f"感想{i}", audience_kind=ATTENDEES, audience_target_id=held.pk)
    build_survey(cm, title="全員向け")
    other = hold(open_event(cm, title="別のイベント"), attended=[])
    build_survey(
        cm, title="別のイベントの感想", audience_kind=ATTENDEES, audience_target_id=other.pk
    )

    with django_assert_num_queries(1):
        titles = sorted(s.title for s in list_open_surveys(alice, size=50).items)
    assert titles == ["全員向け", "感想0", "感想1", "感想2"]


def test_a_survey_for_attendees_needs_an_existing_event(cm):
    for target in (None, 999_999):
        with pytest.raises(ValidationError) as caught:
            create_survey(actor=cm, title="x", audience_kind=ATTENDEES, audience_target_id=target)
        assert "audience_target" in caught.value.message_dict
    assert not Survey.objects.exists()


def test_surveys_own_kinds_keep_no_target(cm, held):
    made = create_survey(actor=cm, title="全員", audience_kind="all", audience_target_id=held.pk)
    assert made.audience_target_id is None
    with transaction.atomic(), pytest.raises(IntegrityError):
        Survey.objects.filter(pk=made.pk).update(audience_target_id=held.pk)


@translation.override("en")  # the messages checked are the English ones
def test_the_builder_offers_the_audience_and_its_events(cm, held, client):
    form = SurveyForm()
    assert (ATTENDEES, "Attendees of an event") in [
        (k, str(label)) for k, label in form.fields["audience_kind"].choices
    ]
    groups = dict(form.fields["audience_target"].choices[1:])
    assert (f"{ATTENDEES}:{held.pk}", "工場見学ツアー") in groups["Attendees of an event"]

    client.force_login(cm)
    response = client.post(
        reverse("surveys:manage_new"),
        {"title": "見学の感想", "description": "", "audience_kind": ATTENDEES,
         "audience_target": f"{ATTENDEES}:{held.pk}"},
    )  # fmt: skip
    made = Survey.objects.get()
    assert response.status_code == 302
    assert (made.audience_kind, made.audience_target_id) == (ATTENDEES, held.pk)
    # The console speaks the manager's language (Japanese here).
    edit = client.get(reverse("surveys:manage_edit", args=[made.pk])).content.decode()
    assert "工場見学ツアーの参加者" in edit
    assert "イベントの参加者" in client.get(reverse("surveys:manage_list")).content.decode()


def test_the_builder_refuses_an_audience_without_its_target(cm, held, client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    client.force_login(cm)
    response = client.post(
        reverse("surveys:manage_new"),
        {"title": "見学の感想", "description": "", "audience_kind": ATTENDEES,
         "audience_target": ""},
    )  # fmt: skip
    assert response.status_code == 422
    assert "Choose the target of this audience." in response.content.decode()
    assert not Survey.objects.exists()


# --- invitations ------------------------------------------------------------------------------


def invitations(member) -> int:
    return Notification.objects.filter(recipient=member, verb=SURVEY_INVITE).count()


def test_attendees_are_invited_once_when_the_survey_is_open(
    cm, alice, bob, charlie, survey, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert invite_due_attendees() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert invite_due_attendees() == 0  # already told: nobody is sent again

    assert (invitations(alice), invitations(bob), invitations(charlie)) == (1, 0, 0)
    note = Notification.objects.get(recipient=alice)
    assert note.url == reverse("surveys:detail", args=[survey.survey.pk])
    assert note.params == {"title": "見学の感想", "event": "工場見学ツアー"}


def test_late_check_ins_are_invited_and_those_who_answered_are_not(
    cm, alice, bob, charlie, held, django_capture_on_commit_callbacks
):
    built = build_survey(cm, audience_kind=ATTENDEES, audience_target_id=held.pk)
    submit_response(actor=alice, survey=built.survey, answers=answers_for(built))
    Application.objects.filter(event=held, member=bob).update(state=ApplicationState.ATTENDED)

    with django_capture_on_commit_callbacks(execute=True):
        assert invite_attendees_to_survey(survey=built.survey) == 1

    assert (invitations(alice), invitations(bob)) == (0, 1)


def test_drafts_scheduled_and_closed_surveys_invite_nobody(
    cm, alice, held, django_capture_on_commit_callbacks
):
    draft = build_survey(cm, publish=False, audience_kind=ATTENDEES, audience_target_id=held.pk)
    later = build_survey(cm, audience_kind=ATTENDEES, audience_target_id=held.pk)
    Survey.objects.filter(pk=later.survey.pk).update(opens_at=timezone.now() + timedelta(days=1))
    closed = build_survey(cm, audience_kind=ATTENDEES, audience_target_id=held.pk)
    Survey.objects.filter(pk=closed.survey.pk).update(
        closes_at=timezone.now() - timedelta(minutes=1)
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert invite_due_attendees() == 0
        assert invite_attendees_to_survey(survey=draft.survey) == 0
    assert invitations(alice) == 0


# --- photo reports ----------------------------------------------------------------------------


def report(member, event, body="楽しかった!", space=None):
    return publish_event_report(
        actor=member, event=event, space=space or event.space, body=body, title="見学レポート"
    )


@pytest.fixture
def held_in_recipes(cm, alice, bob, recipes):
    return hold(open_event(cm, title="料理教室", space=recipes), attended=[alice], confirmed=[bob])


def test_a_report_is_a_post_linked_to_its_event(alice, bob, held_in_recipes):
    first = report(alice, held_in_recipes)
    second = report(bob, held_in_recipes, body="写真です")  # confirmed, did not check in

    assert first.kind == "event_report" and first.space_id == held_in_recipes.space_id
    assert EventReport.objects.get(post=first).event == held_in_recipes
    assert [p.pk for p in event_reports(alice, held_in_recipes)] == [second.pk, first.pk]


def test_the_reports_card_names_the_event_and_its_page_links_back(
    alice, charlie, held_in_recipes, recipes
):
    post = report(alice, held_in_recipes)
    card_feed = list_space_posts(charlie, recipes).items
    assert post.pk in [p.pk for p in card_feed]

    space_page = client_for(charlie).get(reverse("posts:space", args=["recipes"])).content.decode()
    assert "Event report: 料理教室" in space_page
    page = client_for(charlie).get(reverse("posts:detail", args=[post.pk]))
    assert page.status_code == 200  # the post's own page: no page of the kind's own
    assert "A photo report of 料理教室" in page.content.decode()


def test_members_who_did_not_take_part_may_not_report(cm, charlie, held_in_recipes):
    with pytest.raises(Refused) as caught:
        report(charlie, held_in_recipes)
    assert caught.value.code == "not_a_participant"
    response = client_for(charlie).get(reverse("events:report_new", args=[held_in_recipes.pk]))
    assert response.status_code == 403
    assert not Post.objects.filter(kind="event_report").exists()
    assert report(cm, held_in_recipes).kind == "event_report"  # staff may


def test_reports_wait_for_the_event_to_start(cm, alice):
    event = open_event(cm)
    apply_to_event(actor=alice, event=event)
    with pytest.raises(Refused) as caught:
        report(alice, event, space=_any_space(cm))
    assert caught.value.code == "not_started"
    assert not EventReport.objects.exists()


def _any_space(cm):
    from hiroba.community.services import create_space

    return create_space(actor=cm, slug="lobby", name="ロビー")


def test_a_report_of_a_space_event_goes_in_its_space(alice, held_in_recipes, cm):
    elsewhere = _any_space(cm)
    with pytest.raises(Refused) as caught:
        report(alice, held_in_recipes, space=elsewhere)
    assert caught.value.code == "wrong_space"
    assert not Post.objects.exists()  # the post went with the row (one transaction)


def test_outsiders_of_a_restricted_event_get_404(cm, alice, charlie, inner_circle):
    event = hold(open_event(cm, title="内輪の会", space=inner_circle), attended=[alice])

    response = client_for(charlie).get(reverse("events:report_new", args=[event.pk]))
    assert response.status_code == 404
    with pytest.raises(Http404):
        publish_event_report(actor=charlie, event=event, space=inner_circle, body="x")
    assert client_for(alice).get(reverse("events:report_new", args=[event.pk])).status_code == 200


def test_the_report_form_posts_in_the_events_space(alice, held_in_recipes):
    client = client_for(alice)
    url = reverse("events:report_new", args=[held_in_recipes.pk])
    form = client.get(url).content.decode()
    assert "Photo report of 料理教室" in form and 'name="space"' not in form

    response = client.post(url, {"title": "", "body": "とても楽しかった"})

    post = Post.objects.get(kind="event_report")
    assert response.status_code == 302 and response["Location"] == f"/p/{post.pk}/"
    assert post.space == held_in_recipes.space and post.event_report.event == held_in_recipes


def test_without_a_space_the_writer_picks_one(alice, held, recipes):
    client = client_for(alice)
    url = reverse("events:report_new", args=[held.pk])
    assert 'name="space"' in client.get(url).content.decode()

    client.post(url, {"space": "recipes", "body": "写真です"})

    assert Post.objects.get(kind="event_report").space == recipes


def test_a_segment_events_report_card_does_not_name_the_event(cm, alice, bob, recipes):
    """A card is the same for every reader of the space, so a report of an event only for a
    segment names the event on the post's page, to the segment's members, and not on its card
    (bob, outside the segment, reads the space's posts)."""
    update_profile(actor=alice, member=alice, region="27")
    update_profile(actor=bob, member=bob, region="13")
    osaka = create_segment(actor=cm, name="大阪", rules=[{"type": "region", "regions": ["27"]}])
    event = hold(
        open_event(cm, title="大阪ミートアップ", audience_segment_id=osaka.pk), attended=[alice]
    )
    post = report(alice, event, space=recipes)

    for reader in (alice, bob):
        space_page = client_for(reader).get(reverse("posts:space", args=["recipes"]))
        assert "見学レポート" in space_page.content.decode()
        assert "大阪ミートアップ" not in space_page.content.decode()
    assert "A photo report of 大阪ミートアップ" in (
        client_for(alice).get(reverse("posts:detail", args=[post.pk])).content.decode()
    )
    assert "大阪ミートアップ" not in (
        client_for(bob).get(reverse("posts:detail", args=[post.pk])).content.decode()
    )


def test_hidden_and_held_reports_are_not_listed(mod, alice, bob, held_in_recipes):
    shown = report(alice, held_in_recipes)
    hidden = report(bob, held_in_recipes, body="消されるもの")
    moderate_post(actor=mod, post=hidden, action="hide", reason="spam")

    assert [p.pk for p in event_reports(bob, held_in_recipes)] == [shown.pk]


@translation.override("en")  # the messages checked are the English ones
def test_the_partial_lists_reports_newest_first_in_bounded_queries(
    alice, bob, charlie, held_in_recipes, django_assert_max_num_queries
):
    for i in range(4):
        report(alice if i % 2 else bob, held_in_recipes, body=f"レポート{i}")
    request = RequestFactory().get("/events/")
    request.user = alice

    with django_assert_max_num_queries(8):
        context = reports_context(alice, held_in_recipes, limit=3)
        html = render_to_string("events/_reports.html", context, request=request)
    assert html.count("Event report: 料理教室") == 3
    assert html.index("レポート3") < html.index("レポート2")
    assert "Post a photo report" in html
    assert reports_context(charlie, held_in_recipes)["can_report"] is False
