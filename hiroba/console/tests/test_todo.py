"""The console's to-do list: each item counts what its definition says, for the right roles."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from hiroba.accounts.models import Member
from hiroba.console.todo import todo_for
from hiroba.ideas.services import submit_idea
from hiroba.moderation.services.reports import report_content
from hiroba.posts.services import add_comment, publish_post
from hiroba.qa.models import Question
from hiroba.qa.services import ask_question


def ask(actor, space, title, *, hours_ago):
    question = ask_question(actor=actor, space=space, title=title, body="どうすれば？")
    Question.objects.filter(pk=question.pk).update(
        asked_at=timezone.now() - timedelta(hours=hours_ago)
    )
    return question


def by_key(items):
    return {item.key: item for item in items}


@pytest.mark.django_db
def test_unanswered_questions_wait_past_the_threshold(settings, alice, bob, mod, recipes):
    """Counted: still unanswered and asked more than HIROBA_TODO_UNANSWERED_HOURS ago."""
    settings.HIROBA_TODO_UNANSWERED_HOURS = 24
    old = ask(alice, recipes, "トマトの保存方法は？", hours_ago=30)
    ask(alice, recipes, "新しい質問", hours_ago=2)  # not waiting long enough
    answered = ask(alice, recipes, "答えがある質問", hours_ago=40)
    add_comment(actor=bob, post=answered.post, body="冷蔵庫へ")

    item = by_key(todo_for(mod))["questions"]
    assert item.count == 1
    assert [entry.label for entry in item.entries] == [old.post.title]
    assert item.entries[0].url == reverse("qa:detail", args=[old.post_id])


@pytest.mark.django_db
def test_preview_shows_the_longest_waiting_and_counts_them_all(settings, alice, mod, recipes):
    settings.HIROBA_TODO_UNANSWERED_HOURS = 1
    for n in range(7):
        ask(alice, recipes, f"質問{n}", hours_ago=10 + n)
    item = by_key(todo_for(mod))["questions"]
    assert item.count == 7
    assert [entry.label for entry in item.entries] == [f"質問{n}" for n in (6, 5, 4, 3, 2)]


@pytest.mark.django_db
def test_ideas_reports_and_roles(alice, bob, mod, editor, ideas_space, recipes):
    submit_idea(actor=alice, space=ideas_space, title="夜間モード", body="目に優しく")
    submit_idea(actor=bob, space=ideas_space, title="検索の改善", body="あいまい検索")
    post = publish_post(actor=alice, space=recipes, body="宣伝です")
    report_content(actor=bob, post=post, reason="spam")

    moderator_items = by_key(todo_for(mod))
    assert moderator_items["ideas"].count == 2
    assert moderator_items["reports"].count == 1
    # Editors review ideas but do not handle reports.
    editor_items = by_key(todo_for(editor))
    assert editor_items["ideas"].count == 2
    assert "reports" not in editor_items


@pytest.mark.django_db
def test_new_members_to_welcome(settings, alice, bob, charlie, mod, editor, official):
    """Counted as the KPIs count new members: members (no staff, editorial, banned or closed
    accounts) who joined in the last N days."""
    settings.HIROBA_TODO_NEW_MEMBER_DAYS = 7
    Member.objects.filter(pk=alice.pk).update(date_joined=timezone.now() - timedelta(days=8))
    Member.objects.filter(pk=bob.pk).update(banned_at=timezone.now())
    item = by_key(todo_for(mod))["welcome"]
    # charlie joined just now; alice too long ago, bob is banned, the rest are staff or official.
    assert item.count == 1
    assert [entry.note for entry in item.entries] == ["@charlie"]


@pytest.mark.django_db
def test_home_page_shows_items_in_bounded_queries(
    client, settings, alice, mod, recipes, django_assert_max_num_queries
):
    settings.HIROBA_TODO_UNANSWERED_HOURS = 1
    for n in range(6):
        ask(alice, recipes, f"まだ答えのない質問{n}", hours_ago=5)
    client.force_login(mod)
    client.get(reverse("home"))  # the first page of a session also records the visit
    # session, member, bell, then each item (questions 2, ideas 2, reports 1, welcome 1).
    with django_assert_max_num_queries(10):
        response = client.get(reverse("console:home"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "まだ答えのない質問0" in html and "まだ答えのない質問5" not in html  # a preview of 5
    assert '<span class="badge rounded-pill text-bg-warning todo-count">6</span>' in html
    assert 'data-todo="reports"' in html


@pytest.mark.django_db
def test_new_members_page_pages_by_key(client, mod, django_assert_max_num_queries):
    from conftest import make_member

    for n in range(55):
        make_member(f"newbie{n:02d}")
    client.force_login(mod)
    client.get(reverse("home"))  # the first page of a session also records the visit
    with django_assert_max_num_queries(5):
        first = client.get(reverse("console:new_members"))
    html = first.content.decode()
    assert html.count('class="list-group-item d-flex') == 50
    cursor = html.split("?cursor=")[1].split('"')[0]
    rest = client.get(reverse("console:new_members"), {"cursor": cursor}).content.decode()
    # 55 newbies (mod is staff, not a member to welcome), minus the 50 on the first page.
    assert rest.count('class="list-group-item d-flex') == 5
    assert "?cursor=" not in rest


@pytest.mark.django_db
def test_new_members_page_is_403_for_members(client, alice):
    client.force_login(alice)
    assert client.get(reverse("console:new_members")).status_code == 403


@pytest.mark.django_db
def test_members_warming_up_for_editors_and_managers(alice, mod, editor, recipes):
    """Warming up: hiroba.activity.health's definition (a short-term score well above the
    long-term one). A member who suddenly writes a lot today is one; staff who do nothing are not."""
    alice.date_joined = timezone.now() - timedelta(days=365)  # quiet for a year until today
    alice.save(update_fields=["date_joined"])
    for n in range(6):
        publish_post(actor=alice, space=recipes, body=f"今日の写真 {n}")
    editor_items = by_key(todo_for(editor))
    assert editor_items["warming"].count >= 1
    assert "@alice" in [entry.note for entry in editor_items["warming"].entries]
    assert editor_items["warming"].url.startswith(reverse("console:members"))
    # Moderators see neither the figures nor this item.
    assert "warming" not in by_key(todo_for(mod))
