"""Uploaded images are verified and re-encoded: no metadata survives, and non-images are refused."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from conftest import image_bytes
from hiroba.core.images import clean_image, clean_square_image, resized

GPS_IFD = 0x8825
ORIENTATION = 0x0112


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def gps_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"
    exif[GPS_IFD] = {1: "N", 2: (35.0, 39.0, 31.0), 3: "E", 4: (139.0, 42.0, 5.0)}
    return exif


def upload(data: bytes, name: str = "photo.jpg", content_type: str = "image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def test_the_fixture_photo_really_carries_gps_before_cleaning():
    original = Image.open(io.BytesIO(image_bytes(exif=gps_exif())))
    assert original.getexif().get_ifd(GPS_IFD)[2] == (35.0, 39.0, 31.0)


def test_it_drops_exif_and_gps_from_a_jpeg():
    cleaned = clean_image(upload(image_bytes(exif=gps_exif())))

    stored = Image.open(io.BytesIO(cleaned.content.read()))
    assert stored.format == "JPEG"
    assert "exif" not in stored.info
    assert len(stored.getexif()) == 0
    assert stored.getexif().get_ifd(GPS_IFD) == {}
    assert (cleaned.width, cleaned.height) == (640, 480)


def test_it_applies_the_orientation_before_dropping_it():
    exif = Image.Exif()
    exif[ORIENTATION] = 6  # "rotate 90° clockwise to display"

    cleaned = clean_image(upload(image_bytes(size=(640, 480), exif=exif)))

    stored = Image.open(io.BytesIO(cleaned.content.read()))
    assert stored.size == (480, 640) == (cleaned.width, cleaned.height)
    assert ORIENTATION not in stored.getexif()


def test_it_reencodes_png_with_transparency_as_jpeg():
    buffer = io.BytesIO()
    Image.new("RGBA", (100, 80), (0, 0, 0, 0)).save(buffer, format="PNG")

    cleaned = clean_image(upload(buffer.getvalue(), "clear.png", "image/png"))

    stored = Image.open(io.BytesIO(cleaned.content.read()))
    assert stored.format == "JPEG" and stored.mode == "RGB"
    assert stored.getpixel((50, 40)) == pytest.approx((255, 255, 255), abs=2)
    assert cleaned.content.name.endswith(".jpg")


def test_it_shrinks_a_huge_photo_to_the_stored_edge():
    cleaned = clean_image(upload(image_bytes(size=(4000, 1000))))
    assert (cleaned.width, cleaned.height) == (2560, 640)


def test_square_images_are_centre_cropped():
    cleaned = clean_square_image(upload(image_bytes(size=(900, 300))), edge=128)
    assert Image.open(io.BytesIO(cleaned.content.read())).size == (128, 128)


def test_it_refuses_a_file_over_the_size_limit(settings):
    settings.HIROBA_MAX_UPLOAD_MB = 20
    big = upload(image_bytes() + b"\0" * (30 * 1024 * 1024))
    assert big.size > 30 * 1024 * 1024

    with pytest.raises(ValidationError) as refused:
        clean_image(big)

    assert refused.value.code == "image_too_large"
    assert "20 MB" in refused.value.messages[0]


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("notes.jpg", "これは写真ではありません\n".encode() * 20, "image/jpeg"),
        (
            "logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
            b'<script>alert(1)</script><rect width="10" height="10"/></svg>',
            "image/svg+xml",
        ),
        ("cut.jpg", image_bytes()[:200], "image/jpeg"),
        ("paper.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n", "image/jpeg"),
    ],
    ids=["text-renamed-jpg", "svg", "truncated-jpeg", "pdf"],
)
def test_it_refuses_what_is_not_a_raster_image(name, data, content_type):
    with pytest.raises(ValidationError) as refused:
        clean_image(upload(data, name, content_type))

    assert refused.value.code == "image_invalid"
    assert "JPEG, PNG, WebP or GIF" in refused.value.messages[0]


def test_it_refuses_an_empty_file():
    with pytest.raises(ValidationError) as refused:
        clean_image(upload(b""))
    assert refused.value.code == "image_empty"


def test_it_refuses_a_decompression_bomb_before_decoding_it():
    buffer = io.BytesIO()
    Image.new("1", (8000, 6000)).save(buffer, format="PNG")  # 48 Mpx, a few kB on disk
    assert len(buffer.getvalue()) < 1024 * 1024

    with pytest.raises(ValidationError) as refused:
        clean_image(upload(buffer.getvalue(), "bomb.png", "image/png"))

    assert refused.value.code == "image_too_many_pixels"


def test_resized_makes_a_smaller_copy_of_a_stored_image(tmp_path):
    from django.core.files.storage import FileSystemStorage

    storage = FileSystemStorage(location=tmp_path)
    name = storage.save("big.jpg", clean_image(upload(image_bytes(size=(2000, 1500)))).content)
    stored = storage.open(name)

    small = resized(stored, edge=320, prefix="t")
    square = resized(stored, edge=96, prefix="s", square=True)

    assert Image.open(io.BytesIO(small.read())).size == (320, 240)
    assert Image.open(io.BytesIO(square.read())).size == (96, 96)
