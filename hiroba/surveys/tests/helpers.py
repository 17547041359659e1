"""Surveys the tests share, built through the services as a community manager would."""

from dataclasses import dataclass
from datetime import timedelta

from django.test import Client
from django.utils import timezone

from hiroba.surveys.models import Kind, Question, Survey
from hiroba.surveys.selectors import surveys_written
from hiroba.surveys.services import add_question, create_survey, publish_survey


def client_for(member=None, language="en") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    if member is not None:
        client.force_login(member)
    return client


@dataclass
class Built:
    survey: Survey
    single: Question
    multiple: Question
    scale: Question
    nps: Question
    reason: Question
    short: Question

    def choice(self, question: Question, index: int) -> int:
        return list(question.choices.all())[index].pk


def build_survey(actor, *, title="ご利用満足度アンケート", publish=True, **settings) -> Built:
    survey = create_survey(actor=actor, title=title, description="ご協力ください", **settings)
    single = add_question(
        actor=actor,
        survey=survey,
        kind=Kind.SINGLE,
        text="よく使う機能は?",
        required=True,
        choices=["投稿", "質問", "イベント"],
    )
    multiple = add_question(
        actor=actor,
        survey=survey,
        kind=Kind.MULTIPLE,
        text="好きな商品は? (いくつでも)",
        choices=["ゆず塩ドレッシング", "ごまだれ, 濃いめ", '"限定" 味噌'],
    )
    scale = add_question(actor=actor, survey=survey, kind=Kind.SCALE, text="使いやすさ")
    nps = add_question(
        actor=actor,
        survey=survey,
        kind=Kind.NPS,
        text="友人に勧める可能性は?",
        required=True,
    )
    reason = add_question(
        actor=actor, survey=survey, kind=Kind.LONG_TEXT, text="その理由は?", reason_for=nps
    )
    short = add_question(actor=actor, survey=survey, kind=Kind.SHORT_TEXT, text="ひとこと")
    if publish:
        survey = publish_survey(actor=actor, survey=survey)
    return Built(survey, single, multiple, scale, nps, reason, short)


def answers_for(built: Built, *, nps=9, reason="", single=0, multiple=(), scale=None, short=""):
    values = {
        built.single.pk: built.choice(built.single, single),
        built.nps.pk: nps,
        built.reason.pk: reason,
        built.short.pk: short,
    }
    if multiple:
        values[built.multiple.pk] = [built.choice(built.multiple, i) for i in multiple]
    if scale is not None:
        values[built.scale.pk] = scale
    return values


def move_opening(survey: Survey, *, opens_in=None, closes_in=None) -> Survey:
    """Move a published survey's dates relative to now (a test's clock, not a service)."""
    now = timezone.now()
    fields = {}
    if opens_in is not None:
        fields["opens_at"] = now + timedelta(seconds=opens_in)
    if closes_in is not None:
        fields["closes_at"] = now + timedelta(seconds=closes_in)
    Survey.objects.filter(pk=survey.pk).update(**fields)
    # Rows changed behind the services' back: the processes' copies must be told, as a
    # service would tell them.
    surveys_written()
    return Survey.objects.select_related("audience_space").get(pk=survey.pk)


def api_for(member=None):
    """An API client for ``member`` reading messages in English."""
    from hiroba.api.tests.conftest import ApiClient

    api = ApiClient(member)
    api.headers["HTTP_ACCEPT_LANGUAGE"] = "en"
    return api
