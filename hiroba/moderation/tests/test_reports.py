"""Members report posts, comments and members with a reason from the guidelines."""

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import translation

from hiroba.core.errors import RateLimited, Refused
from hiroba.moderation.models import Report
from hiroba.moderation.services import moderate_post, report_content
from hiroba.posts.services import add_comment, publish_post

pytestmark = pytest.mark.django_db


def test_one_open_report_per_reporter_and_target(alice, bob, charlie, mod, recipes):
    post = publish_post(actor=alice, space=recipes, body="本文")
    report_content(actor=bob, post=post, reason="spam")
    with pytest.raises(ValidationError) as error:
        report_content(actor=bob, post=post, reason="harassment")
    assert error.value.code == "already_reported"
    report_content(actor=charlie, post=post, reason="harassment")
    moderate_post(actor=mod, post=post, action="dismiss", reason="問題なし")
    # Once dismissed, the same member may report it again (something may have changed).
    report_content(actor=bob, post=post, reason="spam")
    assert Report.objects.filter(reporter=bob).count() == 2


def test_reports_need_a_guideline_reason_and_a_short_note(alice, bob, recipes):
    post = publish_post(actor=alice, space=recipes, body="本文")
    for kwargs in (
        {"reason": "boring"},
        {"reason": "held_word_rule"},  # system reasons are not for members
        {"reason": "spam", "note": "x" * 1001},
        {"reason": "spam", "note": "a\x00b"},
    ):
        with pytest.raises(ValidationError):
            report_content(actor=bob, post=post, **kwargs)
    assert not Report.objects.exists()


def test_nobody_reports_themselves_or_their_own_words(alice, recipes):
    post = publish_post(actor=alice, space=recipes, body="本文")
    comment = add_comment(actor=alice, post=post, body="自分のコメント")
    for target in ({"post": post}, {"comment": comment}, {"member": alice}):
        with pytest.raises(Refused):
            report_content(actor=alice, reason="spam", **target)


@override_settings(HIROBA_RATE_REPORT="2/600")
def test_reporting_is_rate_limited_with_a_clear_message(alice, bob, recipes):
    posts = [publish_post(actor=alice, space=recipes, body=f"本文{i}") for i in range(3)]
    report_content(actor=bob, post=posts[0], reason="spam")
    report_content(actor=bob, post=posts[1], reason="spam")
    with pytest.raises(RateLimited) as limited, translation.override("en"):
        report_content(actor=bob, post=posts[2], reason="spam")
    assert "too often" in limited.value.message
    assert Report.objects.count() == 2


def test_the_report_form_works_in_place_and_as_a_page(client, alice, bob, recipes):
    post = publish_post(actor=alice, space=recipes, body="本文")
    comment = add_comment(actor=alice, post=post, body="コメント")
    client.force_login(bob)
    detail = client.get(f"/p/{post.pk}/").content.decode()
    assert f"/moderation/report/post/{post.pk}/" in detail
    assert f"/moderation/report/comment/{comment.pk}/" in detail

    form = client.get(f"/moderation/report/post/{post.pk}/", headers={"HX-Request": "true"})
    assert form.status_code == 200 and 'name="reason"' in form.content.decode()
    invalid = client.post(
        f"/moderation/report/post/{post.pk}/", {"note": "x"}, headers={"HX-Request": "true"}
    )
    assert invalid.status_code == 422 and 'role="alert"' in invalid.content.decode()
    sent = client.post(
        f"/moderation/report/post/{post.pk}/", {"reason": "spam"}, headers={"HX-Request": "true"}
    )
    assert sent.status_code == 200 and "alert-success" in sent.content.decode()
    again = client.post(
        f"/moderation/report/post/{post.pk}/", {"reason": "spam"}, headers={"Accept-Language": "en"}
    )
    assert again.status_code == 200 and "already reported" in again.content.decode()
    page = client.post(f"/moderation/report/comment/{comment.pk}/", {"reason": "harassment"})
    assert page.status_code == 302 and page.url.endswith(f"#comment-{comment.pk}")
    profile = client.get("/members/alice/").content.decode()
    assert "/moderation/report/member/" in profile
    assert client.post("/moderation/report/member/999999/", {"reason": "spam"}).status_code == 404
    assert client.get("/moderation/report/nothing/1/").status_code == 404
    assert Report.objects.filter(reporter=bob).count() == 2

    client.force_login(alice)  # the writer gets no report link on their own post
    assert (
        f"/moderation/report/post/{post.pk}/" not in client.get(f"/p/{post.pk}/").content.decode()
    )


def test_visitors_are_sent_to_log_in_and_outsiders_get_404(client, alice, charlie, inner_circle):
    post = publish_post(actor=alice, space=inner_circle, body="内輪の話")
    response = client.get(f"/moderation/report/post/{post.pk}/")
    assert response.status_code == 302 and "/accounts/login/" in response.url
    client.force_login(charlie)
    assert client.get(f"/moderation/report/post/{post.pk}/").status_code == 404
