"""A new kind of post needs no edit in posts: the test kind (hiroba.posts.tests.kind_app, a
tasting note with a score) registers itself with posts.kinds, as qa and ideas do, and gets its
row written, its cards, its page and its place in the sitemap through the registry."""

import re

import pytest
from django.db import IntegrityError
from django.urls import reverse

from hiroba.activity.models import Activity
from hiroba.posts.kinds import card_key_part, loaded_row, post_path
from hiroba.posts.models import Post
from hiroba.posts.selectors import list_space_posts
from hiroba.posts.services import publish_post
from hiroba.posts.sitemaps import post_rows
from hiroba.posts.tests.kind_app.kind import KIND
from hiroba.posts.tests.kind_app.models import TastingNote

pytestmark = pytest.mark.urls("hiroba.posts.tests.kind_app.urls")


def _taste(actor, space, score=4) -> Post:
    return publish_post(
        actor=actor,
        space=space,
        title="新しい胡麻油",
        body="香りが強い",
        kind=KIND,
        kind_data={"score": score},
    )


def test_publish_post_writes_the_kinds_row_and_hands_it_back(
    alice, recipes, django_assert_num_queries
):
    post = _taste(alice, recipes)

    assert post.kind == KIND
    assert TastingNote.objects.get(pk=post.pk).score == 4
    with django_assert_num_queries(0):
        assert post.tasting.score == 4


def test_a_row_that_cannot_be_written_saves_no_post(alice, recipes):
    activities = Activity.objects.count()

    with pytest.raises(IntegrityError):
        _taste(alice, recipes, score=-1)  # the score column holds no negative number

    assert not Post.objects.filter(kind=KIND).exists()
    assert not TastingNote.objects.exists()
    assert Activity.objects.count() == activities


def test_a_kind_no_app_registered_is_refused(alice, recipes):
    with pytest.raises(ValueError):
        publish_post(actor=alice, space=recipes, body="?", kind="nosuchkind")
    assert not Post.objects.exists()


def test_cards_load_the_kinds_row_with_the_post(alice, recipes, django_assert_num_queries):
    plain = publish_post(actor=alice, space=recipes, body="ふつうの投稿")
    tasting = _taste(alice, recipes)

    items = {post.pk: post for post in list_space_posts(alice, recipes).items}

    with django_assert_num_queries(0):
        assert loaded_row(items[tasting.pk]).score == 4
        assert loaded_row(items[plain.pk]) is None
        assert card_key_part(items[tasting.pk]) == 4


def test_a_card_links_to_the_kinds_page_with_its_badge(client, alice, bob, recipes):
    post = _taste(alice, recipes)
    client.force_login(bob)

    page = client.get(reverse("posts:space", args=[recipes.slug])).content.decode()

    assert f'href="/tastings/{post.pk}/"' in page
    assert f'href="/tastings/{post.pk}/#impressions"' in page
    assert re.search(
        r'class="badge tasting-badge">Tasting</span>\s*<span class="tasting-score">score 4<', page
    )


def test_a_cached_card_follows_the_kinds_row(client, alice, bob, recipes):
    post = _taste(alice, recipes)
    client.force_login(bob)
    space_page = reverse("posts:space", args=[recipes.slug])
    assert "score 4" in client.get(space_page).content.decode()

    TastingNote.objects.filter(pk=post.pk).update(score=5)

    page = client.get(space_page).content.decode()
    assert "score 5" in page and "score 4" not in page


def test_posts_detail_sends_the_kind_to_its_own_page(client, alice, bob, recipes):
    post = _taste(alice, recipes)
    client.force_login(bob)

    response = client.get(reverse("posts:detail", args=[post.pk]))

    assert response.status_code == 302
    assert response["Location"] == f"/tastings/{post.pk}/"
    assert post_path(post) == f"/tastings/{post.pk}/"
    assert client.get(response["Location"]).content.decode() == f"tasting note {post.pk}: 4"


def test_the_kind_lists_its_own_pages_rather_than_the_posts_sitemap(alice, recipes):
    plain = publish_post(actor=alice, space=recipes, body="ふつうの投稿")
    tasting = _taste(alice, recipes)

    listed = [row[0] for row in post_rows(0, tasting.pk + 1)]

    assert listed == [plain.pk]
