"""Building surveys: drafts change freely, published ones only in wording; publishing, closing
and extending are audited; only editors, managers and administrators build."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from hiroba.audit.models import AuditAction, AuditEntry
from hiroba.core.errors import Refused
from hiroba.surveys.models import AudienceKind, Kind, Status
from hiroba.surveys.services import (
    add_question,
    change_close_date,
    close_survey,
    create_survey,
    move_question,
    publish_survey,
    remove_question,
    update_question,
    update_survey,
)
from hiroba.surveys.tests.helpers import build_survey


@pytest.mark.parametrize("persona", ["alice", "mod"])
def test_members_and_moderators_cannot_build(request, persona):
    with pytest.raises(Refused) as caught:
        create_survey(actor=request.getfixturevalue(persona), title="x")
    assert caught.value.code == "editors_only"


def test_an_editor_builds_a_draft_and_reorders_it(editor):
    survey = create_survey(actor=editor, title="新商品アンケート")
    first = add_question(actor=editor, survey=survey, kind=Kind.SCALE, text="味")
    second = add_question(
        actor=editor, survey=survey, kind=Kind.SINGLE, text="量", choices=["多い", "", "少ない"]
    )
    third = add_question(actor=editor, survey=survey, kind=Kind.SHORT_TEXT, text="ひとこと")
    assert [c.text for c in second.choices.all()] == ["多い", "少ない"]

    move_question(actor=editor, question=third, offset=-1)
    move_question(actor=editor, question=first, offset=+1)
    assert [q.text for q in survey.questions.order_by("position")] == ["ひとこと", "味", "量"]

    update_question(
        actor=editor,
        question=second,
        text="量は?",
        required=True,
        choices=["多い", "ちょうど", "少ない"],
    )
    second.refresh_from_db()
    assert second.required and [c.text for c in second.choices.all()] == [
        "多い",
        "ちょうど",
        "少ない",
    ]
    remove_question(actor=editor, question=first)
    assert survey.questions.count() == 2
    assert AuditEntry.objects.count() == 0  # drafts are not audited


def test_choice_questions_need_two_different_choices(editor):
    survey = create_survey(actor=editor, title="x")
    with pytest.raises(ValidationError) as caught:
        add_question(actor=editor, survey=survey, kind=Kind.SINGLE, text="?", choices=["一つ"])
    assert "choices" in caught.value.message_dict
    with pytest.raises(ValidationError):
        add_question(actor=editor, survey=survey, kind=Kind.MULTIPLE, text="?", choices=["a", "a"])


def test_a_space_audience_needs_a_space_and_anonymous_surveys_cannot_allow_edits(editor):
    with pytest.raises(ValidationError) as caught:
        create_survey(actor=editor, title="x", audience_kind=AudienceKind.SPACE)
    assert "audience_space" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        create_survey(actor=editor, title="x", is_anonymous=True, allow_edit=True)
    assert "allow_edit" in caught.value.message_dict


def test_publishing_is_audited_and_fixes_the_questions(cm):
    draft = build_survey(cm, publish=False)
    assert draft.survey.status == Status.DRAFT
    opens = timezone.now() + timedelta(days=1)

    survey = publish_survey(actor=cm, survey=draft.survey, opens_at=opens)

    assert survey.status == Status.PUBLISHED and survey.opens_at == opens
    entry = AuditEntry.objects.get(action=AuditAction.SURVEY_PUBLISH)
    assert entry.actor == cm and entry.target_id == survey.pk and entry.data["questions"] == 6
    for change in (
        lambda: add_question(actor=cm, survey=survey, kind=Kind.SCALE, text="追加"),
        lambda: remove_question(actor=cm, question=draft.scale),
        lambda: move_question(actor=cm, question=draft.scale, offset=-1),
    ):
        with pytest.raises(Refused) as caught:
            change()
        assert caught.value.code == "published"


def test_after_publishing_only_wording_changes_and_each_change_is_audited(built, cm):
    question = built.single
    with pytest.raises(ValidationError) as caught:
        update_question(actor=cm, question=question, text="よく使う機能", choices=["投稿", "質問"])
    assert "choices" in caught.value.message_dict
    with pytest.raises(Refused):
        update_question(
            actor=cm, question=question, text="x", required=False, choices=["a", "b", "c"]
        )

    update_question(
        actor=cm, question=question, text="よく使う機能はどれ?", choices=["投稿", "Q&A", "イベント"]
    )
    update_survey(actor=cm, survey=built.survey, title="満足度アンケート 2026", description="")

    question.refresh_from_db()
    assert question.text == "よく使う機能はどれ?"
    assert [c.text for c in question.choices.all()] == ["投稿", "Q&A", "イベント"]
    changes = list(AuditEntry.objects.filter(action=AuditAction.SURVEY_CHANGE).order_by("id"))
    assert len(changes) == 2
    assert changes[0].data["changed"]["choices"][1] == ["投稿", "Q&A", "イベント"]
    assert changes[1].data["changed"]["title"][1] == "満足度アンケート 2026"


def test_an_nps_round_needs_exactly_one_nps_question(cm):
    survey = create_survey(actor=cm, title="NPS", is_nps_round=True)
    add_question(actor=cm, survey=survey, kind=Kind.SCALE, text="満足度")
    with pytest.raises(ValidationError) as caught:
        publish_survey(actor=cm, survey=survey)
    assert "exactly one NPS question" in caught.value.messages[0]
    add_question(actor=cm, survey=survey, kind=Kind.NPS, text="勧めますか?")
    assert publish_survey(actor=cm, survey=survey).status == Status.PUBLISHED


def test_an_empty_draft_cannot_be_published_and_the_close_comes_after_the_opening(cm):
    survey = create_survey(actor=cm, title="空")
    with pytest.raises(ValidationError):
        publish_survey(actor=cm, survey=survey)
    add_question(actor=cm, survey=survey, kind=Kind.SCALE, text="?")
    with pytest.raises(ValidationError) as caught:
        publish_survey(actor=cm, survey=survey, closes_at=timezone.now() - timedelta(hours=1))
    assert "closes_at" in caught.value.message_dict


def test_extending_and_closing_are_audited(built, cm):
    later = timezone.now() + timedelta(days=14)
    survey = change_close_date(actor=cm, survey=built.survey, closes_at=later)
    assert survey.closes_at == later

    survey = close_survey(actor=cm, survey=survey)

    assert survey.status == Status.CLOSED and survey.closed_at is not None
    actions = list(AuditEntry.objects.filter(target_id=survey.pk).values_list("action", flat=True))
    assert actions == [
        AuditAction.SURVEY_PUBLISH,
        AuditAction.SURVEY_CHANGE,
        AuditAction.SURVEY_CLOSE,
    ]
    with pytest.raises(Refused):
        change_close_date(actor=cm, survey=survey, closes_at=later)
    with pytest.raises(Refused):
        update_survey(actor=cm, survey=survey, title="x")
