"""The idea pages: the board with its filters and sorts, proposing, the idea page with its
history, voting, the staff panel (every status, parking, duplicates), the review queue, the
labels page and the figures; 403/404 for the wrong persona and pinned query counts."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import make_member
from hiroba.community.services import update_community_settings, update_space
from hiroba.ideas.models import Idea, Status, StatusChange, Vote
from hiroba.ideas.services import change_idea_status, mark_duplicate, submit_idea, vote_idea
from hiroba.notifications.models import Notification
from hiroba.posts.services import add_comment

pytestmark = pytest.mark.django_db


def client_for(member=None, language="en") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    if member is not None:
        client.force_login(member)
    return client


def detail_url(idea) -> str:
    return reverse("ideas:detail", args=[idea.pk])


def row_ids(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'id="idea-(\d+)-title"', html)]


# --- the board -----------------------------------------------------------------------------------


def test_the_board_sorts_by_votes_newest_and_recent_change(idea, other_idea, alice, bob, mod):
    vote_idea(actor=alice, idea=other_idea)
    client = client_for(bob)
    assert row_ids(client.get(reverse("ideas:board")).content.decode()) == [
        other_idea.pk,
        idea.pk,
    ]
    html = client.get(reverse("ideas:board"), {"sort": "new"}).content.decode()
    assert row_ids(html) == [other_idea.pk, idea.pk]
    change_idea_status(actor=mod, idea=idea, status=Status.UNDER_REVIEW, note="見ています")
    html = client.get(reverse("ideas:board"), {"sort": "changed"}).content.decode()
    assert row_ids(html) == [idea.pk, other_idea.pk]


def test_the_board_filters_by_status_and_space(idea, other_idea, mod, cm, alice, bob):
    change_idea_status(actor=mod, idea=idea, status=Status.PLANNED, note="やります")
    other_space = submit_idea(
        actor=alice,
        space=_second_space(cm),
        title="Another space",
        body="x",
    )
    client = client_for(bob)
    html = client.get(reverse("ideas:board"), {"status": "planned"}).content.decode()
    assert row_ids(html) == [idea.pk]
    html = client.get(reverse("ideas:board"), {"space": "more-ideas"}).content.decode()
    assert row_ids(html) == [other_space.pk]


def _second_space(cm):
    from hiroba.community.services import create_space

    return create_space(actor=cm, slug="more-ideas", name="More", allows_ideas=True)


def test_the_board_pages_by_key(alice, ideas_space):
    ideas = [
        submit_idea(actor=alice, space=ideas_space, title=f"Idea {i}", body="x") for i in range(25)
    ]
    client = client_for(alice)
    first = client.get(reverse("ideas:board"), {"sort": "new"}).content.decode()
    cursor = re.search(r"cursor=([\w-]+)", first).group(1)
    second = client.get(reverse("ideas:board"), {"sort": "new", "cursor": cursor})
    seen = row_ids(first) + row_ids(second.content.decode())
    assert seen == [i.pk for i in reversed(ideas)]


def test_restricted_ideas_stay_off_the_board_and_404_for_outsiders(restricted_idea, charlie, bob):
    assert restricted_idea.pk not in row_ids(
        client_for(charlie).get(reverse("ideas:board")).content.decode()
    )
    assert client_for(charlie).get(detail_url(restricted_idea)).status_code == 404
    assert client_for().get(detail_url(restricted_idea)).status_code == 404
    assert (
        client_for(charlie).post(reverse("ideas:vote", args=[restricted_idea.pk])).status_code
        == 404
    )
    assert not Vote.objects.exists()
    assert client_for(bob).get(detail_url(restricted_idea)).status_code == 200


def test_visitors_see_the_board_without_forms(idea, anon):
    html = client_for().get(reverse("ideas:board")).content.decode()
    assert idea.post.title in html
    assert "csrfmiddlewaretoken" not in html
    assert "Log in to vote" in html


def test_the_board_shows_the_figures_unless_the_community_turns_them_off(idea, cm, mod, bob):
    change_idea_status(actor=mod, idea=idea, status=Status.REALIZED, note="Done")
    html = client_for(bob).get(reverse("ideas:board")).content.decode()
    assert "Realization rate" in html and "100.0%" in html
    assert client_for(bob).get(reverse("ideas:stats")).status_code == 200

    update_community_settings(actor=cm, show_idea_stats=False)

    html = client_for(bob).get(reverse("ideas:board")).content.decode()
    assert "Realization rate" not in html
    assert client_for(bob).get(reverse("ideas:stats")).status_code == 404
    assert client_for(mod).get(reverse("ideas:stats")).status_code == 200


def test_the_stats_page_states_its_definitions_and_counts_by_space(idea, other_idea, mod, bob):
    change_idea_status(actor=mod, idea=idea, status=Status.REALIZED, note="Done")
    html = client_for(bob).get(reverse("ideas:stats"), {"period": "all"}).content.decode()
    assert "How these are counted" in html and "First staff response" in html
    assert "1 realized of 2 submitted" in html and "50.0%" in html
    assert "アイデア広場" in html


def test_the_stats_page_is_cached_per_period_and_readable_spaces(
    restricted_idea, idea, mod, bob, charlie
):
    change_idea_status(actor=mod, idea=restricted_idea, status=Status.REALIZED, note="done")
    client = client_for(bob)
    with CaptureQueriesContext(connection) as first:
        html = client.get(reverse("ideas:stats"), {"period": "all"}).content.decode()
    assert "1 realized of 2 submitted" in html
    assert any("ideas_idea" in q["sql"] for q in first.captured_queries)
    with CaptureQueriesContext(connection) as second:
        html = client.get(reverse("ideas:stats"), {"period": "all"}).content.decode()
    assert "1 realized of 2 submitted" in html
    assert not [q["sql"] for q in second.captured_queries if "ideas_idea" in q["sql"]]
    # (session: in the database or in Redis), member, community settings, spaces, memberships,
    # unread notifications
    assert len(second.captured_queries) <= 6
    # Another period and another set of readable spaces are counted on their own.
    with CaptureQueriesContext(connection) as other_period:
        client.get(reverse("ideas:stats"), {"period": "30"})
    assert any("ideas_idea" in q["sql"] for q in other_period.captured_queries)
    html = client_for(charlie).get(reverse("ideas:stats"), {"period": "all"}).content.decode()
    assert "0 realized of 1 submitted" in html


def test_the_showcase_lists_realized_ideas_with_their_note(idea, other_idea, mod, bob):
    change_idea_status(actor=mod, idea=idea, status=Status.REALIZED, note="**発売しました**")
    html = client_for(bob).get(reverse("ideas:realized")).content.decode()
    assert row_ids(html) == [idea.pk]
    assert "<strong>発売しました</strong>" in html


# --- proposing -----------------------------------------------------------------------------------


def test_a_member_proposes_an_idea_from_the_space_page(alice, ideas_space):
    client = client_for(alice)
    space_page = client.get(reverse("posts:space", args=[ideas_space.slug])).content.decode()
    assert reverse("ideas:submit_in_space", args=[ideas_space.slug]) in space_page

    response = client.post(
        reverse("ideas:submit_in_space", args=[ideas_space.slug]),
        {"title": "詰め替えパック", "body": "ゴミが減ります"},
    )

    idea = Idea.objects.get()
    assert response.status_code == 302 and response["Location"] == detail_url(idea)
    assert idea.post.title == "詰め替えパック" and idea.status == Status.NEW


def test_spaces_without_ideas_have_no_button_and_refuse_ideas(alice, recipes):
    client = client_for(alice)
    page = client.get(reverse("posts:space", args=["recipes"])).content.decode()
    assert "Propose an idea" not in page
    response = client.post(
        reverse("ideas:submit_in_space", args=["recipes"]), {"title": "x", "body": "y"}
    )
    assert response.status_code == 422
    assert "does not take ideas" in response.content.decode()
    assert not Idea.objects.exists()


def test_the_space_choice_lists_only_spaces_that_take_ideas(alice, ideas_space, recipes):
    html = client_for(alice).get(reverse("ideas:submit")).content.decode()
    assert 'value="ideas"' in html and 'value="recipes"' not in html


def test_a_bad_proposal_keeps_the_text_and_says_why(alice, ideas_space):
    response = client_for(alice).post(
        reverse("ideas:submit_in_space", args=[ideas_space.slug]), {"title": "", "body": "本文"}
    )
    assert response.status_code == 422
    assert "本文" in response.content.decode() and not Idea.objects.exists()


def test_the_space_edit_form_turns_ideas_on(cm, recipes):
    client = client_for(cm)
    response = client.post(
        reverse("community:space_edit", args=["recipes"]),
        {"slug": "recipes", "name": "レシピ", "visibility": "public", "position": 1,
         "allows_ideas": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    recipes.refresh_from_db()
    assert recipes.allows_ideas is True


# --- the idea page -------------------------------------------------------------------------------


def test_a_member_votes_and_withdraws_from_the_page(idea, bob):
    client = client_for(bob)
    client.post(reverse("ideas:vote", args=[idea.pk]), {"action": "vote"})
    assert Idea.objects.get(pk=idea.pk).vote_count == 1
    html = client.get(detail_url(idea)).content.decode()
    assert 'aria-pressed="true"' in html
    response = client.post(
        reverse("ideas:vote", args=[idea.pk]), {"action": "unvote"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and 'aria-pressed="false"' in response.content.decode()
    assert Idea.objects.get(pk=idea.pk).vote_count == 0


def test_an_htmx_vote_on_a_merged_idea_swaps_the_button_with_the_reason(idea, other_idea, mod, bob):
    mark_duplicate(actor=mod, idea=other_idea, original=idea, note="same")
    url = reverse("ideas:vote", args=[other_idea.pk])
    response = client_for(bob).post(url, {"action": "vote"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    # 422 is swapped by htmx here (base.html's responseHandling): the vote partial, not the page.
    assert response.status_code == 422
    assert html.lstrip().startswith('<div class="idea-vote') and "<html" not in html
    assert "merged into another one: vote for the original" in html and 'role="alert"' in html
    # Without JavaScript: back to the idea page with the message.
    response = client_for(bob).post(url, {"action": "vote"}, follow=True)
    assert response.redirect_chain[-1][0] == detail_url(other_idea)
    assert "merged into another one: vote for the original" in response.content.decode()


def test_an_htmx_vote_over_the_rate_limit_says_so_in_the_button(idea, other_idea, bob, settings):
    settings.HIROBA_RATE_REACTION = "1/60"
    client = client_for(bob)
    assert (
        client.post(reverse("ideas:vote", args=[idea.pk]), HTTP_HX_REQUEST="true").status_code
        == 200
    )
    response = client.post(reverse("ideas:vote", args=[other_idea.pk]), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 429
    assert html.lstrip().startswith('<div class="idea-vote') and 'role="alert"' in html
    assert Idea.objects.get(pk=other_idea.pk).vote_count == 0
    response = client.post(reverse("ideas:vote", args=[other_idea.pk]))
    assert response.status_code == 302 and response.url == detail_url(other_idea)


def test_comments_are_the_posts_comments(idea, bob):
    response = client_for(bob).post(reverse("posts:comment", args=[idea.pk]), {"body": "賛成!"})
    assert response.status_code == 302
    assert client_for(bob).get(response["Location"], follow=True).status_code == 200
    assert "賛成!" in client_for(bob).get(detail_url(idea)).content.decode()


def test_the_post_address_of_an_idea_leads_to_its_page(idea, bob):
    response = client_for(bob).get(reverse("posts:detail", args=[idea.pk]))
    assert response.status_code == 302 and response["Location"] == detail_url(idea)


def test_feed_cards_show_the_idea_status_and_link_to_its_page(idea, mod, bob, ideas_space):
    change_idea_status(actor=mod, idea=idea, status=Status.PLANNED, note="Next spring")
    html = client_for(bob).get(reverse("posts:space", args=[ideas_space.slug])).content.decode()
    assert f'href="{detail_url(idea)}"' in html
    assert "idea-status-planned" in html
    # The card changes with the status (its cache key holds it).
    change_idea_status(actor=mod, idea=idea, status=Status.REALIZED, note="Out now")
    html = client_for(bob).get(reverse("posts:space", args=[ideas_space.slug])).content.decode()
    assert "idea-status-realized" in html and "idea-status-planned" not in html


@pytest.mark.parametrize("persona", ["alice", "bob", None])
def test_members_get_no_staff_panel_and_403_on_status_changes(request, idea, persona):
    member = request.getfixturevalue(persona) if persona else None
    client = client_for(member)
    assert "staff-panel" not in client.get(detail_url(idea)).content.decode()
    response = client.post(
        reverse("ideas:status", args=[idea.pk]), {"status": "planned", "note": "I decide"}
    )
    assert response.status_code == (403 if member else 302)
    response = client.post(
        reverse("ideas:duplicate", args=[idea.pk]), {"original": "1", "note": "x"}
    )
    assert response.status_code == (403 if member else 302)
    assert Idea.objects.get(pk=idea.pk).status == Status.NEW
    assert client.get(reverse("ideas:review")).status_code in (403, 302)


def test_staff_move_an_idea_through_every_status_from_the_page(
    idea, mod, bob, charlie, django_capture_on_commit_callbacks
):
    vote_idea(actor=bob, idea=idea)
    client = client_for(mod)
    assert "staff-panel" in client.get(detail_url(idea)).content.decode()
    path = [Status.UNDER_REVIEW, Status.PLANNED, Status.REALIZED, Status.DECLINED, Status.NEW]
    for number, status in enumerate(path):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("ideas:status", args=[idea.pk]),
                {"status": status, "note": f"Step {number}: see you"},
            )
        assert response.status_code == 302, response.content.decode()
        assert Idea.objects.get(pk=idea.pk).status == status

    html = client_for(charlie).get(detail_url(idea)).content.decode()
    history = html.split('id="history"')[1].split("</section>")[0]
    for number in range(len(path)):
        assert f"Step {number}: see you" in history
    assert history.count('class="mb-3 status-change"') == len(path)
    # The author and the voter heard of each change; the staff member of none.
    for member, verb in ((idea.author, "idea_status"), (bob, "idea_status.following")):
        rows = Notification.objects.filter(recipient=member, verb=verb)
        assert rows.count() == len(path)
        assert {r.url for r in rows} == {detail_url(idea)}
    assert not Notification.objects.filter(recipient=mod).exists()


def test_a_status_change_without_a_note_is_a_form_error(idea, mod):
    response = client_for(mod).post(
        reverse("ideas:status", args=[idea.pk]), {"status": "planned", "note": ""}
    )
    assert response.status_code == 422
    assert "This field cannot be empty" in response.content.decode() or "required" in (
        response.content.decode()
    )
    assert Idea.objects.get(pk=idea.pk).status == Status.NEW


def test_staff_park_an_idea_and_it_comes_back_to_the_queue(idea, mod):
    client = client_for(mod)
    response = client.post(
        reverse("ideas:status", args=[idea.pk]),
        {"status": "under_review", "note": "Next season", "park": "on"},
    )
    assert response.status_code == 302
    parked = Idea.objects.get(pk=idea.pk)
    assert parked.revisit_at.date() == (timezone.now() + timedelta(days=90)).date()
    html = client.get(reverse("ideas:review")).content.decode()
    assert "No parked idea is due." in html
    Idea.objects.filter(pk=idea.pk).update(revisit_at=timezone.now() - timedelta(days=1))
    html = client.get(reverse("ideas:review")).content.decode()
    due = html.split('id="due-heading"')[1].split("</section>")[0]
    assert idea.post.title in due


def test_the_due_list_pages_by_key_oldest_due_first_so_none_is_forgotten(alice, ideas_space, mod):
    now = timezone.now()
    ideas = [
        submit_idea(actor=alice, space=ideas_space, title=f"Parked {i:02d}", body="x")
        for i in range(25)
    ]
    for i, idea in enumerate(ideas):
        # Two share a date: the key breaks the tie by id.
        day = now - timedelta(days=30 - min(i, 23))
        Idea.objects.filter(pk=idea.pk).update(revisit_at=day)
    client = client_for(mod)
    html = client.get(reverse("ideas:review")).content.decode()
    due = html.split('id="due-heading"')[1].split("</section>")[0]
    assert '<span class="badge text-bg-danger">25</span>' in due
    titles = re.findall(r"Parked \d\d", due)
    assert titles == [f"Parked {i:02d}" for i in range(20)]
    cursor = re.search(r"due_cursor=([\w-]+)", due).group(1)
    rest = client.get(reverse("ideas:review"), {"due_cursor": cursor}, HTTP_HX_REQUEST="true")
    rest = rest.content.decode()
    assert re.findall(r"Parked \d\d", rest) == [f"Parked {i:02d}" for i in range(20, 25)]
    assert "due_cursor" not in rest and "No parked idea is due." not in rest


def test_the_merged_list_says_how_many_more_it_does_not_show(idea, alice, ideas_space, bob):
    others = [
        submit_idea(actor=alice, space=ideas_space, title=f"Same {i:02d}", body="x")
        for i in range(53)
    ]
    Idea.objects.filter(pk__in=[o.pk for o in others]).update(
        duplicate_of=idea, status=Status.DUPLICATE
    )
    html = client_for(bob).get(detail_url(idea)).content.decode()
    merged = html.split('class="small text-body-secondary mt-3 merged-ideas"')[1].split("</div>")[0]
    assert len(re.findall(r"Same \d\d", merged)) == 50 and "and 3 more" in merged


def test_the_review_queue_lists_new_ideas_oldest_or_most_voted_first(
    idea, other_idea, mod, charlie
):
    vote_idea(actor=charlie, idea=other_idea)
    client = client_for(mod)
    html = client.get(reverse("ideas:review")).content.decode()
    queue = html.split('id="new-heading"')[1]
    assert queue.index(idea.post.title) < queue.index(other_idea.post.title)
    html = client.get(reverse("ideas:review"), {"order": "votes"}).content.decode()
    queue = html.split('id="new-heading"')[1]
    assert queue.index(other_idea.post.title) < queue.index(idea.post.title)
    change_idea_status(actor=mod, idea=idea, status=Status.DECLINED, note="no")
    html = client.get(reverse("ideas:review")).content.decode()
    assert idea.post.title not in html.split('id="new-heading"')[1]


def test_staff_mark_a_duplicate_from_the_page(idea, other_idea, mod, charlie):
    vote_idea(actor=charlie, idea=idea)
    vote_idea(actor=charlie, idea=other_idea)
    client = client_for(mod)
    response = client.post(
        reverse("ideas:duplicate", args=[other_idea.pk]),
        {"original": f"http://testserver{detail_url(idea)}", "note": "同じ提案です"},
    )
    assert response.status_code == 302
    assert Idea.objects.get(pk=other_idea.pk).duplicate_of_id == idea.pk
    assert Idea.objects.get(pk=idea.pk).vote_count == 1
    html = client_for(charlie).get(detail_url(other_idea)).content.decode()
    assert "This idea was merged into" in html and detail_url(idea) in html
    html = client_for(charlie).get(detail_url(idea)).content.decode()
    assert other_idea.post.title in html  # listed as merged into it


def test_a_duplicate_of_an_unknown_idea_is_a_form_error(idea, mod):
    response = client_for(mod).post(
        reverse("ideas:duplicate", args=[idea.pk]), {"original": "999999", "note": "x"}
    )
    assert response.status_code == 422 and "No idea has this number" in response.content.decode()
    response = client_for(mod).post(
        reverse("ideas:duplicate", args=[idea.pk]), {"original": "abc", "note": "x"}
    )
    assert response.status_code == 422
    assert not StatusChange.objects.exists()


def test_managers_relabel_statuses_and_the_board_follows(cm, mod, idea, bob):
    client = client_for(cm)
    data = {}
    for position, status in enumerate(Status.values):
        data[f"{status}-label"] = ""
        data[f"{status}-color"] = "secondary"
        data[f"{status}-position"] = position
    data["new-label"] = "受付中"
    assert client.post(reverse("ideas:settings"), data).status_code == 302
    assert "受付中" in client_for(bob).get(reverse("ideas:board")).content.decode()
    assert client_for(mod).get(reverse("ideas:settings")).status_code == 403
    data["new-color"] = "pink"
    assert client.post(reverse("ideas:settings"), data).status_code == 200


# --- query counts --------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [5, 40])
def test_the_board_query_count_does_not_grow_with_ideas(
    count, alice, bob, ideas_space, mod, django_assert_max_num_queries
):
    for i in range(count):
        idea = submit_idea(actor=alice if i % 2 else bob, space=ideas_space, title=f"{i}", body="x")
        vote_idea(actor=bob, idea=idea)
        if i % 3 == 0:
            change_idea_status(actor=mod, idea=idea, status=Status.PLANNED, note="ok")
    for member in (bob, None):
        client = client_for(member)
        client.get(reverse("ideas:board"), {"sort": "new", "space": "ideas"})
        # session, member, spaces, memberships, space list, ideas, votes, unread notifications;
        # a visitor: spaces, space list, ideas. The figures come from the cache after the first
        # view.
        with django_assert_max_num_queries(8 if member else 3):
            response = client.get(reverse("ideas:board"), {"sort": "new", "space": "ideas"})
        assert response.status_code == 200


@pytest.mark.parametrize("changes", [1, 8])
def test_the_idea_page_query_count_does_not_grow_with_history_or_comments(
    changes, idea, mod, bob, django_assert_max_num_queries
):
    statuses = [Status.UNDER_REVIEW, Status.PLANNED]
    for i in range(changes):
        change_idea_status(actor=mod, idea=idea, status=statuses[i % 2], note=f"note {i}")
        add_comment(actor=make_member(f"fan{i}"), post=idea.post, body=f"comment {i}")
    for member in (bob, mod, None):
        client = client_for(member)
        client.get(detail_url(idea))
        # session, member, post, spaces, memberships, idea, history, vote, follow, merged,
        # comments, comment likes, photos, unread notifications; a visitor: post, spaces, idea,
        # history, merged, comments, photos
        with django_assert_max_num_queries(14 if member else 7):
            response = client.get(detail_url(idea))
        assert response.status_code == 200


def test_archived_idea_spaces_are_not_offered(alice, cm, ideas_space):
    update_space(actor=cm, space=ideas_space, is_archived=True)
    html = client_for(alice).get(reverse("ideas:submit")).content.decode()
    assert "No space takes ideas yet." in html


def test_followers_hear_of_changes_and_of_a_merge(
    idea, other_idea, mod, charlie, bob, alice, django_capture_on_commit_callbacks
):
    client = client_for(charlie)
    assert client.post(reverse("ideas:follow", args=[other_idea.pk])).status_code == 302
    assert 'aria-pressed="true"' in client.get(detail_url(other_idea)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(mod).post(
            reverse("ideas:duplicate", args=[other_idea.pk]),
            {"original": str(idea.pk), "note": "まとめました"},
        )
    # The duplicate's author and follower hear of the merge; alice (the original's author) hears
    # that it was merged into her idea, with the votes it brought.
    assert Notification.objects.get(recipient=bob, verb="idea_status").url == detail_url(other_idea)
    assert Notification.objects.filter(recipient=charlie, verb="idea_status.following").exists()
    merged = Notification.objects.get(recipient=alice)
    assert (merged.verb, merged.url) == ("idea_merged", detail_url(idea))
    html = client_for(alice).get(reverse("notifications:list")).content.decode()
    assert (
        f"“{other_idea.post.title}” was merged into your idea “{idea.post.title}” with 0 votes."
        in html
    )
    # Both now follow the original: the next change reaches them.
    with django_capture_on_commit_callbacks(execute=True):
        change_idea_status(actor=mod, idea=idea, status=Status.PLANNED, note="やります")
    assert set(
        Notification.objects.filter(
            verb="idea_status.following", params__status="planned"
        ).values_list("recipient_id", flat=True)
    ) == {bob.pk, charlie.pk}
    assert Notification.objects.filter(recipient=alice, verb="idea_status").count() == 1


def test_the_community_settings_form_has_the_figures_checkbox(cm):
    client = client_for(cm)
    html = client.get(reverse("community:settings")).content.decode()
    assert 'name="show_idea_stats"' in html
    html = client.get(reverse("community:spaces")).content.decode()
    assert 'name="allows_ideas"' in html


def test_the_cached_figures_are_kept_per_set_of_readable_spaces(
    restricted_idea, idea, mod, bob, charlie
):
    change_idea_status(actor=mod, idea=restricted_idea, status=Status.REALIZED, note="done")
    insider = client_for(bob).get(reverse("ideas:board")).content.decode()
    outsider = client_for(charlie).get(reverse("ideas:board")).content.decode()
    assert "50.0%" in insider
    assert "0.0%" in outsider and "50.0%" not in outsider


def test_the_history_tells_screen_readers_the_new_status_follows_in_japanese(idea, mod):
    change_idea_status(actor=mod, idea=idea, status=Status.UNDER_REVIEW, note="確認します")
    page = client_for(language="ja").get(detail_url(idea)).content.decode()
    hidden = re.findall(r'<span class="visually-hidden">([^<]*)</span> <span', page)
    assert hidden == ["、変更後は"]
    page = client_for(language="en").get(detail_url(idea)).content.decode()
    assert re.findall(r'<span class="visually-hidden">([^<]*)</span> <span', page) == ["to"]
