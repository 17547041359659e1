"""The audit log names each target in the reader's language and links it to its page."""

import re

import pytest
from django.urls import reverse

from hiroba.audit.models import AuditAction
from hiroba.audit.services import record_audit
from hiroba.community.selectors import get_community
from hiroba.community.services import create_space
from hiroba.console.services import update_health_settings
from hiroba.ideas.services import change_idea_status, submit_idea
from hiroba.moderation.services import (
    add_word_rule,
    moderate_post,
    remove_word_rule,
    sanction_member,
    set_hold_first_posts,
)
from hiroba.posts.services import publish_post
from hiroba.segments.services import create_segment

pytestmark = pytest.mark.django_db


def rows(page: str) -> list[str]:
    """The target cell of each row, tags stripped, white space collapsed."""
    cells = re.findall(r'<td class="audit-target">(.*?)</td>', page, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in cells]


@pytest.fixture
def log(alice, mod, cm, recipes):
    """One entry of each kind of target, newest last."""
    post = publish_post(actor=alice, space=recipes, title="激安の宣伝", body="本文")
    moderate_post(actor=mod, post=post, action="hide", reason="宣伝")
    rule = add_word_rule(actor=mod, phrase="フリータンク", action="hold")
    sanction_member(actor=mod, member=alice, kind="warn", reason="宣伝の繰り返し")
    ideas = create_space(actor=cm, slug="ideas", name="アイデア", allows_ideas=True)
    idea = submit_idea(actor=alice, space=ideas, title="小さいボトル", body="ほしい")
    change_idea_status(actor=cm, idea=idea, status="planned", note="来春")
    segment = create_segment(actor=cm, name="大阪のファン", rules=[])
    update_health_settings(
        actor=cm, core=50, light=12, low=2, warming_min=2, warming_ratio=1.5, recompute=False
    )
    record_audit(actor=cm, action=AuditAction.KPI_EXPORT, target_type="kpi")
    set_hold_first_posts(actor=cm, count=2)
    return {"post": post, "rule": rule, "idea": idea, "segment": segment}


def test_targets_read_as_labelled_links_in_japanese(client, cm, log, alice):
    client.force_login(cm)
    page = client.get("/moderation/audit/", HTTP_ACCEPT_LANGUAGE="ja").content.decode()

    assert rows(page) == [
        f"コミュニティ設定 {get_community().name}",
        "KPIデータ",
        "ヘルススコアの設定",
        "セグメント 大阪のファン",
        "アイデア 小さいボトル",
        "メンバー アリス (@alice)",
        "禁止ワード フリータンク",
        "投稿 激安の宣伝",
    ]
    for url in (
        reverse("posts:detail", args=[log["post"].pk]),
        reverse("moderation:word_rules"),
        reverse("moderation:member", args=["alice"]),
        reverse("community:settings"),
        reverse("ideas:detail", args=[log["idea"].pk]),
        reverse("console:segment", args=[log["segment"].pk]),
        reverse("console:health_settings"),
    ):
        assert f'href="{url}"' in page
    assert ">wordrule<" not in page and ">post " not in page


def test_the_filter_offers_each_kind_by_its_name(client, cm, log):
    client.force_login(cm)
    page = client.get("/moderation/audit/", HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert '<option value="wordrule">禁止ワード</option>' in page
    assert '<option value="post">投稿</option>' in page

    filtered = client.get("/moderation/audit/", {"target_type": "wordrule"}).content.decode()
    assert rows(filtered) == ["禁止ワード フリータンク"]


def test_a_target_that_is_gone_keeps_its_kind_and_id(client, cm, log):
    rule = log["rule"]
    remove_word_rule(actor=cm, rule=rule)
    client.force_login(cm)
    page = client.get("/moderation/audit/", {"target_type": "wordrule"}).content.decode()
    assert rows(page) == [f"禁止ワード #{rule.pk}"] * 2


def test_the_page_costs_one_query_per_kind_of_target(
    client, cm, log, django_assert_max_num_queries
):
    client.force_login(cm)
    client.get("/moderation/audit/")  # warm the session and the community
    # The session, the member, the unread badge, the entries with their actors, and one query
    # for each of the six kinds that have names (kpi and the settings row need none).
    with django_assert_max_num_queries(10):
        assert client.get("/moderation/audit/").status_code == 200
