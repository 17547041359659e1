"""A new kind of post needs no edit in posts: the test kind (hiroba.posts.tests.kind_app, a
tasting note with a score) registers itself with posts.kinds, as qa and ideas do, and gets its
row written, its cards, its page and its place in the sitemap through the registry."""

import re
from dataclasses import replace

import pytest
from django.db import IntegrityError
from django.urls import reverse

from hiroba.activity.models import Activity
from hiroba.posts.kinds import card_key_part, get_kind, loaded_row, post_path, register_kind
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


@pytest.fixture
def tasting_written_from_spaces():
    """The test kind with a button on the space pages that take it (recipes only): registered
    for this test alone, since the other tests' URLs have no page to write one."""
    registered = get_kind(KIND)
    register_kind(
        replace(
            registered,
            write_in_space="kind_app:write_in_space",
            write_label="Write a tasting note",
            offered_in=lambda space: space.slug == "recipes",
        )
    )
    yield
    register_kind(registered)


def test_a_space_page_offers_the_kind_where_it_is_taken(
    client, alice, recipes, lounge, tasting_written_from_spaces
):
    client.force_login(alice)

    recipes_response = client.get(reverse("posts:space", args=[recipes.slug]))
    lounge_response = client.get(reverse("posts:space", args=[lounge.slug]))

    assert recipes_response.status_code == lounge_response.status_code == 200
    recipes_page, lounge_page = recipes_response.content.decode(), lounge_response.content.decode()

    write = reverse("kind_app:write_in_space", args=[recipes.slug])
    assert f'href="{write}">Write a tasting note</a>' in recipes_page
    assert "Write a tasting note" not in lounge_page
    # The kinds the site's apps register are still offered beside it.
    assert reverse("qa:ask_in_space", args=[recipes.slug]) in recipes_page
