from conftest import make_member
from hiroba.posts import selectors
from hiroba.posts.services import add_reaction, delete_post, publish_post


def test_popular_ranks_the_weeks_likes_pages_through_and_drops_deleted_posts(
    settings, alice, charlie, recipes, inner_circle
):
    settings.HIROBA_RATE_POST = "100/60"
    fans = [make_member(f"fan{i}") for i in range(5)]
    posts = [publish_post(actor=alice, space=recipes, body=f"投稿 {i}") for i in range(5)]
    secret = publish_post(actor=alice, space=inner_circle, body="内緒")
    for likes, post in enumerate(posts):
        for fan in fans[:likes]:
            add_reaction(actor=fan, post=post)
    add_reaction(actor=alice, post=secret)

    first = selectors.list_feed(charlie, order="popular", size=3)
    assert [p.pk for p in first.items] == [posts[4].pk, posts[3].pk, posts[2].pk]
    second = selectors.list_feed(charlie, order="popular", cursor=first.next_cursor, size=3)
    assert [p.pk for p in second.items] == [posts[1].pk, posts[0].pk]
    assert second.next_cursor is None

    delete_post(actor=alice, post=posts[4])
    again = selectors.list_feed(charlie, order="popular", size=3)
    assert posts[4].pk not in [p.pk for p in again.items]
    assert secret.pk not in [p.pk for p in again.items]
    assert secret.pk in [p.pk for p in selectors.list_feed(alice, order="popular").items]
