"""A Python client generated from /api/v1/openapi.json (openapi-python-client, a pinned test
dependency) comments, answers, accepts, votes and reports: what clients of the document do.

The client speaks HTTP to Django's WSGI handler in-process (httpx's WSGI transport), so the
requests go through the same middleware, authentication and parsing as on a server.

Not used here: the three operations whose body is JSON or multipart (POST /posts, /questions,
/ideas). openapi-python-client 0.29 writes their modules with a name it does not import
(openapi-generators/openapi-python-client#1451); the document itself is checked in
test_openapi_document.
"""

import importlib
import subprocess
import sys
from datetime import timedelta

import httpx
import pytest
from django.test import Client
from django.utils import timezone

from hiroba.accounts.tokens import create_api_token
from hiroba.community.models import ReportReason
from hiroba.community.services import create_space
from hiroba.events.models import Application
from hiroba.ideas.services import submit_idea
from hiroba.moderation.models import Report
from hiroba.polls.services import clean_poll, publish_post_with_poll
from hiroba.posts.models import Comment
from hiroba.posts.services import publish_post
from hiroba.qa.services import ask_question

PACKAGE = "hiroba_client"
CONFIG = f"package_name_override: {PACKAGE}\nproject_name_override: hiroba-client\npost_hooks: []\n"


@pytest.fixture(scope="module")
def generated(tmp_path_factory, django_db_blocker):
    """The client package, generated once for this module from the served document."""
    folder = tmp_path_factory.mktemp("client")
    with django_db_blocker.unblock():
        response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    (folder / "openapi.json").write_bytes(response.content)
    (folder / "config.yaml").write_text(CONFIG)
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "openapi_python_client",
            "generate",
            "--path",
            str(folder / "openapi.json"),
            "--config",
            str(folder / "config.yaml"),
            "--meta",
            "none",
            "--output-path",
            str(folder / PACKAGE),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    # The generator skips what it cannot read with a warning: the document must need none.
    assert run.returncode == 0 and "Warning" not in run.stdout + run.stderr, run.stdout + run.stderr
    sys.path.insert(0, str(folder))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(folder))
        for name in [name for name in sys.modules if name.split(".")[0] == PACKAGE]:
            del sys.modules[name]


@pytest.fixture
def connect(generated, wsgi_app):
    def connect(member=None):
        transport = {"transport": httpx.WSGITransport(app=wsgi_app)}
        if member is None:
            return generated.Client(base_url="http://testserver", httpx_args=transport)
        _token, secret = create_api_token(actor=member, name="generated client")
        return generated.AuthenticatedClient(
            base_url="http://testserver", token=secret, httpx_args=transport
        )

    return connect


def _call(module: str):
    return importlib.import_module(f"{PACKAGE}.api.{module}")


def _models():
    return importlib.import_module(f"{PACKAGE}.models")


def test_a_member_comments_and_replies(connect, alice, bob, recipes):
    post = publish_post(actor=bob, space=recipes, body="今日のお弁当")
    create_comment = _call("posts.posts_create_comment")
    client = connect(alice)
    comment = create_comment.sync(
        client=client, post_id=post.pk, body=_models().CommentIn(body="おいしそう")
    )
    assert isinstance(comment, _models().CommentOut), comment
    assert comment.author.handle == "alice" and comment.body == "おいしそう"
    reply = create_comment.sync(
        client=connect(bob),
        post_id=post.pk,
        body=_models().CommentIn(body="ありがとう", parent=comment.id),
    )
    assert reply.parent_id == comment.id
    assert Comment.objects.filter(post=post).count() == 2

    thread = _call("posts.posts_list_comments").sync(client=client, post_id=post.pk)
    assert [c.id for c in thread.items] == [comment.id]
    assert [r.id for r in thread.items[0].replies] == [reply.id]


def test_an_anonymous_comment_parses_as_the_documented_error(connect, alice, recipes):
    post = publish_post(actor=alice, space=recipes, body="hello")
    answer = _call("posts.posts_create_comment").sync_detailed(
        client=connect(), post_id=post.pk, body=_models().CommentIn(body="x")
    )
    assert answer.status_code == 401
    assert isinstance(answer.parsed, _models().ErrorOut)
    assert answer.parsed.code == "login_required"
    assert not Comment.objects.exists()


def test_a_member_answers_and_the_asker_accepts(connect, alice, bob, recipes):
    question = ask_question(actor=alice, space=recipes, title="保存方法は?", body="何日もちますか")
    answer = _call("questions.qa_answer_question").sync(
        client=connect(bob), post_id=question.pk, body=_models().AnswerIn(body="冷蔵で三日です")
    )
    assert isinstance(answer, _models().AnswerOut), answer
    assert answer.by_asker is False

    accepted = _call("questions.qa_accept_answer").sync(
        client=connect(alice), post_id=question.pk, body=_models().AcceptIn(answer=answer.id)
    )
    assert isinstance(accepted, _models().QuestionOut), accepted
    assert accepted.accepted_answer_id == answer.id and accepted.state.value == "solved"


def test_members_vote_in_polls_and_for_ideas(connect, cm, alice, bob, recipes):
    post = publish_post_with_poll(
        actor=alice,
        space=recipes,
        title="好きなトマト料理は?",
        body="ひとつ選んでください。",
        poll=clean_poll(choices=["カプレーゼ", "ミネストローネ"]),
    )
    poll = _call("polls.polls_get_poll").sync(client=connect(bob), poll_id=post.pk)
    chosen = poll.choices[1].id
    voted = _call("polls.polls_vote").sync(
        client=connect(bob), poll_id=post.pk, body=_models().VoteIn(choices=[chosen])
    )
    assert isinstance(voted, _models().PollOut), voted
    assert voted.my_choices == [chosen] and voted.voter_count == 1

    ideas = create_space(actor=cm, slug="ideas", name="アイデア", allows_ideas=True)
    idea = submit_idea(actor=alice, space=ideas, title="小さいボトル", body="一人暮らし向けに")
    supported = _call("ideas.ideas_vote").sync(client=connect(bob), post_id=idea.pk)
    assert isinstance(supported, _models().IdeaOut), supported
    assert supported.vote_count == 1


def test_a_member_reports_a_post(connect, alice, bob, recipes):
    post = publish_post(actor=alice, space=recipes, body="宣伝です")
    reasons = _call("moderation.moderation_reasons").sync(client=connect(bob))
    assert [r.code for r in reasons] == list(ReportReason.values)
    report = _call("moderation.moderation_create_report").sync(
        client=connect(bob),
        body=_models().ReportIn(
            target_type=_models().ReportInTargetType.POST,
            target_id=post.pk,
            reason=reasons[0].code,
            note="確認をお願いします",
        ),
    )
    assert isinstance(report, _models().ReportOut), report
    assert (report.target_type, report.target_id) == ("post", post.pk)
    stored = Report.objects.get(pk=report.id)
    assert (stored.reporter, stored.post_id, stored.reason) == (bob, post.pk, reasons[0].code)


def test_staff_build_an_event_and_a_member_applies(connect, cm, alice):
    models, now = _models(), timezone.now()
    staff = connect(cm)
    event = _call("events.events_create_event").sync(
        client=staff,
        body=models.EventIn(
            title="工場見学",
            starts_at=now + timedelta(days=3),
            ends_at=now + timedelta(days=3, hours=2),
            applications_open_at=now - timedelta(hours=1),
            applications_close_at=now + timedelta(days=2),
            capacity=10,
            companions_allowed=1,
        ),
    )
    assert isinstance(event, models.EventDetailOut), event
    form = _call("events.events_set_questions").sync(
        client=staff,
        event_id=event.id,
        body=models.EventQuestionsIn(
            questions=[
                models.EventQuestionIn(
                    kind=models.EventQuestionInKind.SINGLE,
                    text="参加方法",
                    required=True,
                    choices=["会場", "配信"],
                )
            ]
        ),
    )
    assert isinstance(form, models.EventQuestionListOut), form
    question = form.questions[0]
    published = _call("events.events_publish_event").sync(client=staff, event_id=event.id)
    assert published.status == "published"

    member = connect(alice)
    listed = _call("events.events_list_events").sync(client=member)
    assert [e.id for e in listed.items] == [event.id]
    answers = models.ApplyInAnswers.from_dict({str(question.id): question.choices[1].id})
    applied = _call("events.events_apply").sync(
        client=member, event_id=event.id, body=models.ApplyIn(companions=1, answers=answers)
    )
    assert isinstance(applied, models.ApplicationOut), applied
    assert applied.state == "confirmed"
    stored = Application.objects.get(pk=applied.id)
    assert stored.answers == {str(question.id): question.choices[1].id}

    mine = _call("events.events_my_applications").sync(client=member)
    assert [a.id for a in mine.items] == [applied.id]
    cancelled = _call("events.events_cancel_application").sync(
        client=member, application_id=applied.id
    )
    assert cancelled.state == "cancelled"
    again = _call("events.events_apply").sync_detailed(
        client=member, event_id=event.id, body=models.ApplyIn(answers=models.ApplyInAnswers())
    )
    assert again.status_code == 422 and again.parsed.code == "invalid"
