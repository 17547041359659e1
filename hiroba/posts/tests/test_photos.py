"""Photos on posts: stored clean, refused when they are not images, sized by a job after commit."""

import io
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from conftest import image_bytes
from hiroba.activity.models import Activity, Verb
from hiroba.posts.models import Photo, Post
from hiroba.posts.services import edit_post, publish_post

GPS_IFD = 0x8825


def stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def gps_jpeg(name="gps.jpg"):
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"
    exif[GPS_IFD] = {1: "N", 2: (35.0, 39.0, 31.0), 3: "E", 4: (139.0, 42.0, 5.0)}
    return SimpleUploadedFile(name, image_bytes(exif=exif), content_type="image/jpeg")


def text_renamed_jpg():
    return SimpleUploadedFile("notes.jpg", b"not a photo at all\n" * 50, content_type="image/jpeg")


def svg_file():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    return SimpleUploadedFile("logo.svg", svg, content_type="image/svg+xml")


def thirty_megabytes():
    return SimpleUploadedFile(
        "huge.jpg", image_bytes() + b"\0" * (30 * 1024 * 1024), content_type="image/jpeg"
    )


def test_a_photo_with_gps_is_stored_without_any_exif(alice, recipes, settings):
    assert Image.open(gps_jpeg()).getexif().get_ifd(GPS_IFD)  # the upload does carry GPS

    post = publish_post(actor=alice, space=recipes, body="公園で", photos=[gps_jpeg()])

    photo = Photo.objects.get(post=post)
    with photo.image.open("rb") as stored_file:
        stored = Image.open(io.BytesIO(stored_file.read()))
    assert stored.format == "JPEG"
    assert len(stored.getexif()) == 0 and stored.getexif().get_ifd(GPS_IFD) == {}
    assert b"Camera maker" not in Path(photo.image.path).read_bytes()
    assert (photo.width, photo.height) == (640, 480)
    assert Path(photo.image.path).is_relative_to(Path(settings.MEDIA_ROOT))


@pytest.mark.parametrize(
    "make_upload",
    [thirty_megabytes, text_renamed_jpg, svg_file],
    ids=["30MB", "text-renamed-jpg", "svg"],
)
def test_a_bad_file_refuses_the_whole_post_and_saves_nothing(
    alice, recipes, settings, jpeg_upload, make_upload
):
    assert (Post.objects.count(), Photo.objects.count(), stored_files(settings)) == (0, 0, [])

    with pytest.raises(ValidationError) as refused:
        publish_post(
            actor=alice, space=recipes, body="写真です", photos=[jpeg_upload(), make_upload()]
        )

    message = refused.value.message_dict["photos"][0]
    assert message.startswith(f"{make_upload().name}: ")
    assert (Post.objects.count(), Photo.objects.count(), stored_files(settings)) == (0, 0, [])
    assert not Activity.objects.filter(verb=Verb.POST).exists()


def test_eleven_photos_are_refused(alice, recipes, settings, jpeg_upload):
    with pytest.raises(ValidationError) as refused:
        publish_post(
            actor=alice,
            space=recipes,
            body="たくさん",
            photos=[jpeg_upload(f"p{i}.jpg") for i in range(11)],
        )

    assert "10" in refused.value.message_dict["photos"][0]
    assert (Post.objects.count(), Photo.objects.count(), stored_files(settings)) == (0, 0, [])


def test_ten_photos_are_accepted_in_order(alice, recipes, jpeg_upload):
    post = publish_post(
        actor=alice,
        space=recipes,
        body="10枚",
        photos=[jpeg_upload(f"p{i}.jpg", color=(i * 20, 0, 0)) for i in range(10)],
    )
    assert post.photo_count == 10
    assert list(post.photos.values_list("position", flat=True)) == list(range(10))


def test_editing_past_ten_photos_is_refused_and_keeps_the_post(alice, recipes, jpeg_upload):
    post = publish_post(
        actor=alice, space=recipes, body="9枚", photos=[jpeg_upload() for _ in range(9)]
    )

    with pytest.raises(ValidationError) as refused:
        edit_post(actor=alice, post=post, body="11枚", photos=[jpeg_upload(), jpeg_upload()])

    assert "10" in refused.value.message_dict["photos"][0]
    post.refresh_from_db()
    assert (post.body, post.photo_count, post.photos.count()) == ("9枚", 9, 9)
    assert not post.revisions.exists()


def test_the_sizes_job_makes_medium_and_thumb_after_commit(
    alice, recipes, jpeg_upload, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        post = publish_post(
            actor=alice, space=recipes, body="大きい写真", photos=[jpeg_upload(size=(2400, 1600))]
        )
    assert len(callbacks) == 1

    photo = Photo.objects.get(post=post)
    assert photo.medium and photo.thumb
    with photo.medium.open("rb") as medium, photo.thumb.open("rb") as thumb:
        assert Image.open(medium).size == (1080, 720)
        assert Image.open(thumb).size == (320, 213)
    assert photo.display_url == photo.medium.url


def test_photos_are_not_sized_before_the_transaction_commits(alice, recipes, jpeg_upload):
    post = publish_post(actor=alice, space=recipes, body="まだ", photos=[jpeg_upload()])
    photo = Photo.objects.get(post=post)
    assert not photo.medium and not photo.thumb
    assert photo.display_url == photo.image.url


# --- through the compose page -----------------------------------------------------------------


def test_posting_through_the_compose_form_with_photos_works(
    client, alice, recipes, jpeg_upload, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("posts:compose_in_space", args=[recipes.slug]),
            {
                "title": "朝ごはん",
                "body": "#朝ごはん です",
                "photos": [gps_jpeg("a.jpg"), jpeg_upload("b.jpg")],
            },
        )

    post = Post.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("posts:detail", args=[post.pk])
    assert (post.author, post.space, post.photo_count) == (alice, recipes, 2)
    assert all(p.thumb and p.medium for p in post.photos.all())
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert page.content.count(b'class="photo-grid') == 1
    for photo in post.photos.all():
        assert photo.medium.url.encode() in page.content


def test_the_global_compose_form_picks_the_space(client, alice, recipes, jpeg_upload):
    client.force_login(alice)
    response = client.post(
        reverse("posts:compose"),
        {"space": recipes.slug, "body": "どこから", "photos": [jpeg_upload()]},
    )
    assert response.status_code == 302
    assert Post.objects.get().space == recipes


@pytest.mark.parametrize(
    "make_upload",
    [thirty_megabytes, text_renamed_jpg, svg_file],
    ids=["30MB", "text-renamed-jpg", "svg"],
)
def test_the_compose_form_shows_a_bad_file_as_a_field_error(
    client, alice, recipes, settings, make_upload
):
    client.force_login(alice)
    response = client.post(
        reverse("posts:compose_in_space", args=[recipes.slug]),
        {"body": "写真つき", "photos": [make_upload()]},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 422
    errors = response.context["form"].errors["photos"]
    assert errors and make_upload().name in errors[0]
    assert errors[0].encode() in response.content or b"has-error" in response.content
    assert (Post.objects.count(), Photo.objects.count(), stored_files(settings)) == (0, 0, [])


def test_the_compose_form_refuses_eleven_photos(client, alice, recipes, settings, jpeg_upload):
    client.force_login(alice)
    response = client.post(
        reverse("posts:compose_in_space", args=[recipes.slug]),
        {"body": "多すぎ", "photos": [jpeg_upload(f"p{i}.jpg") for i in range(11)]},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 422
    assert "10" in response.context["form"].errors["photos"][0]
    assert (Post.objects.count(), Photo.objects.count(), stored_files(settings)) == (0, 0, [])
