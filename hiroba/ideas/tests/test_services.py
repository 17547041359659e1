from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone, translation

from conftest import make_member
from hiroba.activity.models import Activity, Verb
from hiroba.audit.models import AuditAction, AuditEntry
from hiroba.core.errors import Refused
from hiroba.ideas.models import Follow, Idea, Status, StatusChange, Vote
from hiroba.ideas.services import (
    change_idea_status,
    follow_idea,
    mark_duplicate,
    submit_idea,
    unvote_idea,
    update_status_styles,
    vote_idea,
)
from hiroba.ideas.styles import status_styles
from hiroba.notifications.messages import render_message
from hiroba.notifications.models import Notification
from hiroba.posts.models import Kind
from hiroba.posts.services import add_comment, delete_post

pytestmark = pytest.mark.django_db


def fresh(idea) -> Idea:
    return Idea.objects.select_related("post").get(pk=idea.pk)


# --- submitting ----------------------------------------------------------------------------------


def test_submitting_makes_a_new_idea_post_and_its_row(alice, ideas_space):
    idea = submit_idea(actor=alice, space=ideas_space, title="  Refill packs  ", body="Please")

    row = fresh(idea)
    assert row.post.kind == Kind.IDEA and row.post.title == "Refill packs"
    assert row.status == Status.NEW and row.vote_count == 0
    assert row.space == ideas_space and row.author == alice
    assert row.submitted_at == row.post.published_at == row.status_changed_at
    assert row.reviewed_at is None and row.first_response_at is None
    assert Activity.objects.filter(verb=Verb.IDEA_SUBMIT, subject_id=idea.pk).count() == 1


def test_a_space_that_does_not_take_ideas_refuses_them(alice, recipes):
    with pytest.raises(ValidationError) as error:
        submit_idea(actor=alice, space=recipes, title="Idea", body="Text")
    assert "space" in error.value.message_dict
    assert not Idea.objects.exists()


def test_an_idea_needs_a_title(alice, ideas_space):
    with pytest.raises(ValidationError) as error:
        submit_idea(actor=alice, space=ideas_space, title="  ", body="Text")
    assert "title" in error.value.message_dict


# --- votes ---------------------------------------------------------------------------------------


def test_a_vote_counts_once_and_can_be_withdrawn(idea, bob):
    assert vote_idea(actor=bob, idea=idea) is True
    assert vote_idea(actor=bob, idea=idea) is False
    assert fresh(idea).vote_count == 1
    assert Activity.objects.filter(verb=Verb.IDEA_VOTE, actor=bob).count() == 1

    assert unvote_idea(actor=bob, idea=idea) is True
    assert unvote_idea(actor=bob, idea=idea) is False
    assert fresh(idea).vote_count == 0 and not Vote.objects.exists()
    assert Activity.objects.filter(verb=Verb.IDEA_UNVOTE, actor=bob).count() == 1


def test_votes_never_change_the_status_by_themselves(idea, bob, alice, charlie):
    for member in (alice, bob, charlie):
        vote_idea(actor=member, idea=idea)
    for member in (alice, bob, charlie):
        unvote_idea(actor=member, idea=idea)
    assert fresh(idea).status == Status.NEW
    assert not StatusChange.objects.exists()


def test_visitors_cannot_vote(idea, anon):
    with pytest.raises(Refused):
        vote_idea(actor=anon, idea=idea)


def test_an_outsider_cannot_vote_for_a_restricted_idea(restricted_idea, charlie):
    with pytest.raises(Http404):
        vote_idea(actor=charlie, idea=restricted_idea)
    assert fresh(restricted_idea).vote_count == 0


def test_a_deleted_idea_takes_no_votes(idea, alice, bob):
    delete_post(actor=alice, post=idea.post)
    with pytest.raises(Http404):
        vote_idea(actor=bob, idea=idea)


# --- the status workflow -------------------------------------------------------------------------


def test_staff_move_an_idea_through_every_status_with_notes(idea, mod, bob):
    vote_idea(actor=bob, idea=idea)
    path = [Status.UNDER_REVIEW, Status.PLANNED, Status.REALIZED, Status.DECLINED, Status.NEW]
    for number, status in enumerate(path):
        change_idea_status(actor=mod, idea=idea, status=status, note=f"note {number}")

    history = list(StatusChange.objects.filter(idea=idea).order_by("created_at", "id"))
    assert [(h.old_status, h.new_status) for h in history] == [
        (Status.NEW, Status.UNDER_REVIEW),
        (Status.UNDER_REVIEW, Status.PLANNED),
        (Status.PLANNED, Status.REALIZED),
        (Status.REALIZED, Status.DECLINED),
        (Status.DECLINED, Status.NEW),
    ]
    assert [h.note for h in history] == [f"note {n}" for n in range(5)]
    assert all(h.actor == mod for h in history)
    row = fresh(idea)
    assert row.status == Status.NEW and row.vote_count == 1
    # The dates the funnel reads were set once, when each first happened.
    assert row.reviewed_at == history[0].created_at
    assert row.planned_at == history[1].created_at
    assert row.first_response_at == history[0].created_at
    assert row.realized_at is None
    activity = Activity.objects.filter(verb=Verb.IDEA_STATUS, subject_id=idea.pk).order_by("id")
    assert [(a.data["old"], a.data["new"]) for a in activity] == [
        (h.old_status, h.new_status) for h in history
    ]
    audit = AuditEntry.objects.filter(action=AuditAction.IDEA_STATUS, target_id=idea.pk)
    assert [(a.data["from"], a.data["to"], a.reason) for a in audit.order_by("id")] == [
        (h.old_status, h.new_status, h.note) for h in history
    ]


def test_realizing_sets_the_realized_date(idea, editor):
    change_idea_status(actor=editor, idea=idea, status=Status.REALIZED, note="Done!")
    row = fresh(idea)
    assert row.status == Status.REALIZED and row.realized_at is not None
    assert row.planned_at == row.realized_at == row.reviewed_at


@pytest.mark.parametrize("persona", ["alice", "bob", "anon"])
def test_members_cannot_change_the_status(request, idea, persona):
    actor = request.getfixturevalue(persona)
    with pytest.raises(Refused):
        change_idea_status(actor=actor, idea=idea, status=Status.PLANNED, note="I decide")
    assert fresh(idea).status == Status.NEW
    assert not StatusChange.objects.exists()
    assert not AuditEntry.objects.filter(action=AuditAction.IDEA_STATUS).exists()


def test_every_change_needs_a_note(idea, mod):
    with pytest.raises(ValidationError) as error:
        change_idea_status(actor=mod, idea=idea, status=Status.PLANNED, note="   ")
    assert "note" in error.value.message_dict
    assert fresh(idea).status == Status.NEW


@pytest.mark.parametrize(
    ("status", "field"),
    [("bogus", "status"), (Status.DUPLICATE, "status"), (Status.NEW, "status")],
)
def test_bad_statuses_are_refused(idea, mod, status, field):
    with pytest.raises(ValidationError) as error:
        change_idea_status(actor=mod, idea=idea, status=status, note="x")
    assert field in error.value.message_dict


def test_parking_sets_a_revisit_date_and_the_next_change_clears_it(idea, mod):
    later = timezone.now() + timedelta(days=90)
    change_idea_status(
        actor=mod, idea=idea, status=Status.UNDER_REVIEW, note="Next season", revisit_at=later
    )
    assert fresh(idea).revisit_at == later
    # Parked again, keeping the status.
    again = later + timedelta(days=30)
    change_idea_status(
        actor=mod, idea=idea, status=Status.UNDER_REVIEW, note="Still waiting", revisit_at=again
    )
    assert fresh(idea).revisit_at == again
    change_idea_status(actor=mod, idea=idea, status=Status.PLANNED, note="Go")
    assert fresh(idea).revisit_at is None


def test_parking_needs_a_future_date_and_a_parkable_status(idea, mod):
    with pytest.raises(ValidationError) as error:
        change_idea_status(
            actor=mod,
            idea=idea,
            status=Status.UNDER_REVIEW,
            note="x",
            revisit_at=timezone.now() - timedelta(days=1),
        )
    assert "revisit_at" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        change_idea_status(
            actor=mod,
            idea=idea,
            status=Status.DECLINED,
            note="x",
            revisit_at=timezone.now() + timedelta(days=1),
        )
    assert "revisit_at" in error.value.message_dict


def test_a_staff_comment_is_the_first_response_when_it_comes_first(idea, mod, bob):
    add_comment(actor=bob, post=idea.post, body="いいですね")
    assert fresh(idea).first_response_at is None
    comment = add_comment(actor=mod, post=idea.post, body="検討します")
    assert fresh(idea).first_response_at == comment.created_at
    change_idea_status(actor=mod, idea=idea, status=Status.UNDER_REVIEW, note="Looking")
    assert fresh(idea).first_response_at == comment.created_at


def test_a_staff_authors_own_comment_is_no_response(mod, ideas_space):
    idea = submit_idea(actor=mod, space=ideas_space, title="Staff idea", body="x")
    add_comment(actor=mod, post=idea.post, body="details")
    assert fresh(idea).first_response_at is None


# --- duplicates ----------------------------------------------------------------------------------


def test_a_duplicate_moves_its_votes_without_counting_anyone_twice(idea, other_idea, mod):
    both = [make_member(f"both{i}") for i in range(3)]
    only_dup = [make_member(f"dup{i}") for i in range(4)]
    only_orig = [make_member(f"orig{i}") for i in range(2)]
    for member in both + only_orig:
        vote_idea(actor=member, idea=idea)
    for member in both + only_dup:
        vote_idea(actor=member, idea=other_idea)
    assert fresh(idea).vote_count == 5 and fresh(other_idea).vote_count == 7

    mark_duplicate(actor=mod, idea=other_idea, original=idea, note="同じ提案です")

    original, duplicate = fresh(idea), fresh(other_idea)
    assert original.vote_count == 9 == Vote.objects.filter(idea=original).count()
    assert set(Vote.objects.filter(idea=original).values_list("member_id", flat=True)) == {
        m.pk for m in both + only_dup + only_orig
    }
    assert duplicate.status == Status.DUPLICATE and duplicate.duplicate_of == original
    assert duplicate.vote_count == 0 and not Vote.objects.filter(idea=duplicate).exists()
    change = StatusChange.objects.get(idea=duplicate)
    assert change.new_status == Status.DUPLICATE and change.duplicate_of == original
    audit = AuditEntry.objects.get(action=AuditAction.IDEA_DUPLICATE, target_id=duplicate.pk)
    assert audit.data["original"] == original.pk
    assert (audit.data["moved"], audit.data["voted_for_both"]) == (4, 3)
    # A member whose vote moved can withdraw it from the original.
    unvote_idea(actor=only_dup[0], idea=original)
    assert fresh(idea).vote_count == 8


def test_merging_a_merged_into_idea_moves_its_duplicates_to_the_new_original(
    idea, other_idea, mod, alice, ideas_space
):
    # C was merged into B; then B is merged into A: C must point at A, with all votes on A.
    third = submit_idea(actor=alice, space=ideas_space, title="third", body="x")
    c_voters = [make_member(f"cfan{i}") for i in range(3)]
    b_voters = [make_member(f"bfan{i}") for i in range(2)]
    a_voters = [make_member(f"afan{i}") for i in range(2)]
    for member in c_voters:
        vote_idea(actor=member, idea=third)
    for member in b_voters + c_voters[:1]:
        vote_idea(actor=member, idea=other_idea)
    for member in a_voters + b_voters[:1]:
        vote_idea(actor=member, idea=idea)
    follower = make_member("cfollower")
    follow_idea(actor=follower, idea=third)

    mark_duplicate(actor=mod, idea=third, original=other_idea, note="C is B")
    mark_duplicate(actor=mod, idea=other_idea, original=idea, note="B is A")

    assert fresh(third).duplicate_of_id == idea.pk
    assert fresh(other_idea).duplicate_of_id == idea.pk
    assert set(Vote.objects.filter(idea=idea).values_list("member_id", flat=True)) == {
        m.pk for m in c_voters + b_voters + a_voters
    }
    assert fresh(idea).vote_count == 7
    assert not Vote.objects.filter(idea_id__in=[third.pk, other_idea.pk]).exists()
    assert Follow.objects.filter(idea=idea, member=follower).exists()
    assert not Follow.objects.filter(idea_id__in=[third.pk, other_idea.pk]).exists()
    # C's history still says where it was merged at the time.
    assert StatusChange.objects.get(idea=third).duplicate_of_id == other_idea.pk
    audit = AuditEntry.objects.get(action=AuditAction.IDEA_DUPLICATE, target_id=other_idea.pk)
    assert audit.data["chained"] == 1


def test_the_originals_author_hears_of_each_merge_with_the_votes_it_brought(
    idea, other_idea, mod, alice, bob, ideas_space, django_capture_on_commit_callbacks
):
    fans = [make_member(f"fan{i}") for i in range(3)]
    for member in fans:
        vote_idea(actor=member, idea=other_idea)
    vote_idea(actor=fans[0], idea=idea)
    with django_capture_on_commit_callbacks(execute=True):
        mark_duplicate(actor=mod, idea=other_idea, original=idea, note="same")
    notice = Notification.objects.get(recipient=alice, verb="idea_merged")
    assert notice.params == {
        "title": other_idea.post.title,
        "original": idea.post.title,
        "votes": 2,
    }
    with translation.override("en"):
        assert render_message("idea_merged", notice.params, mod, html=False) == (
            f"“{other_idea.post.title}” was merged into your idea “{idea.post.title}” with 2 votes."
        )
    # A second merge is its own notice; merging an author's own two ideas sends none.
    third = submit_idea(actor=bob, space=ideas_space, title="third", body="x")
    own = submit_idea(actor=alice, space=ideas_space, title="own", body="x")
    with django_capture_on_commit_callbacks(execute=True):
        mark_duplicate(actor=mod, idea=third, original=idea, note="same")
        mark_duplicate(actor=mod, idea=own, original=idea, note="same")
    assert Notification.objects.filter(recipient=alice, verb="idea_merged").count() == 2
    assert not Notification.objects.filter(verb="idea_merged").exclude(recipient=alice).exists()


def test_a_duplicate_moves_its_followers_and_its_author_follows_the_original(
    idea, other_idea, mod, charlie, bob
):
    follow_idea(actor=charlie, idea=other_idea)
    follow_idea(actor=charlie, idea=idea)

    mark_duplicate(actor=mod, idea=other_idea, original=idea, note="same")

    followers = set(Follow.objects.filter(idea=idea).values_list("member_id", flat=True))
    assert followers == {charlie.pk, bob.pk}
    assert not Follow.objects.filter(idea=other_idea).exists()


def test_a_merged_duplicate_takes_no_votes_and_keeps_its_status(idea, other_idea, mod, charlie):
    mark_duplicate(actor=mod, idea=other_idea, original=idea, note="same")
    with pytest.raises(ValidationError):
        vote_idea(actor=charlie, idea=other_idea)
    with pytest.raises(ValidationError):
        change_idea_status(actor=mod, idea=other_idea, status=Status.PLANNED, note="x")
    with pytest.raises(ValidationError):
        mark_duplicate(actor=mod, idea=other_idea, original=idea, note="again")


def test_duplicate_rules(idea, other_idea, mod, alice, ideas_space):
    with pytest.raises(ValidationError):
        mark_duplicate(actor=mod, idea=idea, original=idea, note="self")
    with pytest.raises(Refused):
        mark_duplicate(actor=alice, idea=other_idea, original=idea, note="mine")
    third = submit_idea(actor=alice, space=ideas_space, title="third", body="x")
    mark_duplicate(actor=mod, idea=other_idea, original=idea, note="same")
    with pytest.raises(ValidationError) as error:
        mark_duplicate(actor=mod, idea=third, original=other_idea, note="chain")
    assert "original" in error.value.message_dict


# --- labels --------------------------------------------------------------------------------------


def test_managers_relabel_and_reorder_statuses(cm, mod):
    # The default label is the status's own, in the language of the moment.
    assert status_styles()[Status.PLANNED].label == str(Status.PLANNED.label)
    update_status_styles(
        actor=cm,
        styles={Status.PLANNED: {"label": "やります", "color": "warning", "position": 0}},
    )
    styles = status_styles()
    assert styles[Status.PLANNED].label == "やります" and styles[Status.PLANNED].color == "warning"
    assert list(styles)[0] == Status.PLANNED
    with pytest.raises(Refused):
        update_status_styles(actor=mod, styles={Status.NEW: {"label": "x", "color": "info"}})
    with pytest.raises(ValidationError):
        update_status_styles(actor=cm, styles={Status.NEW: {"label": "x", "color": "pink"}})
