import pytest

from hiroba.posts.services import delete_post, publish_post


@pytest.fixture
def media_client(client):
    """The embedded default serves media through the app (HIROBA_SERVE_MEDIA defaults on)."""
    return client


def _photo_url(post):
    return post.photos.get().image.url


def test_a_public_posts_photo_is_served_to_anyone(media_client, alice, recipes, jpeg_upload):
    post = publish_post(actor=alice, space=recipes, body="写真", photos=[jpeg_upload()])
    response = media_client.get(_photo_url(post))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"


def test_a_restricted_spaces_photo_is_404_to_outsiders(
    media_client, alice, charlie, inner_circle, jpeg_upload
):
    post = publish_post(actor=alice, space=inner_circle, body="内緒", photos=[jpeg_upload()])
    url = _photo_url(post)
    assert media_client.get(url).status_code == 404
    media_client.force_login(charlie)
    assert media_client.get(url).status_code == 404
    media_client.force_login(alice)
    assert media_client.get(url).status_code == 200


def test_a_deleted_posts_photo_is_gone_for_members(media_client, alice, bob, recipes, jpeg_upload):
    post = publish_post(actor=alice, space=recipes, body="消す", photos=[jpeg_upload()])
    url = _photo_url(post)
    delete_post(actor=alice, post=post)
    media_client.force_login(bob)
    assert media_client.get(url).status_code == 404


def test_unknown_media_paths_are_404(media_client, db):
    for path in ("/media/photos/../../etc/passwd", "/media/secret.txt", "/media/photos/x/y.jpg"):
        assert media_client.get(path).status_code == 404
