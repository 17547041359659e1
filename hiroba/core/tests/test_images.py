"""Uploaded images are verified and re-encoded: pixels and an RGB colour profile survive, nothing
else does; non-images are refused, and so are images too large to decode, with that reason."""

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image, ImageCms

from conftest import image_bytes
from hiroba.core.images import MAX_DECODE_BYTES, clean_image, clean_square_image, resized

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


def encoded(image: Image.Image, fmt: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


def flat_png(width: int, height: int, color_type: int = 2) -> bytes:
    """A PNG of one colour written row by row: a few hundred kB on disk however many pixels it
    has, and never held in memory (color type 0 grey, 2 RGB, 6 RGBA)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    row = b"\0" + b"\x80" * (width * {0: 1, 2: 3, 6: 4}[color_type])
    compressor = zlib.compressobj(1)
    data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, color_type, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


def srgb_profile() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


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
        ("scan.bmp", image_bytes("BMP"), "image/bmp"),
        ("scan.tif", image_bytes("TIFF"), "image/tiff"),
    ],
    ids=["text-renamed-jpg", "svg", "truncated-jpeg", "pdf", "bmp", "tiff"],
)
def test_it_refuses_what_is_not_a_raster_image(name, data, content_type):
    with pytest.raises(ValidationError) as refused:
        clean_image(upload(data, name, content_type))

    assert refused.value.code == "image_invalid"
    assert "JPEG, PNG, WebP, GIF or HEIC" in refused.value.messages[0]


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


def test_a_bomb_past_pillows_own_limit_is_refused_for_its_pixels_not_its_format():
    # 14,000 x 13,000 = 182 Mpx: Pillow refuses it on opening, before our own count can run.
    bomb = flat_png(14_000, 13_000, color_type=0)
    assert len(bomb) < 1024 * 1024

    with pytest.raises(ValidationError) as refused:
        clean_image(upload(bomb, "bomb.png", "image/png"))

    assert refused.value.code == "image_too_many_pixels"
    assert "40 megapixels" in refused.value.messages[0]


def test_a_png_too_large_to_decode_within_the_budget_is_refused_before_decoding():
    # 40 Mpx (under the pixel limit), RGB: 4 bytes a pixel decoded plus the copies made while
    # shrinking would pass the per-upload budget, so it is refused from its header.
    png = flat_png(7300, 5475)
    assert MAX_DECODE_BYTES < 7300 * 5475 * 6

    with pytest.raises(ValidationError) as refused:
        clean_image(upload(png, "poster.png", "image/png"))

    assert refused.value.code == "image_too_many_pixels"
    assert "33 megapixels" in refused.value.messages[0]


@pytest.mark.parametrize(
    ("fmt", "image"),
    [("JPEG", Image.new("RGB", (320, 240), (10, 20, 30))), ("GIF", Image.new("P", (320, 240)))],
    ids=["jpeg", "gif"],
)
def test_comment_segments_do_not_survive(fmt, image):
    sent = encoded(image, fmt, comment=b"home: 1-2-3 Shibuya, call 090-0000-0000")
    assert Image.open(io.BytesIO(sent)).info["comment"].startswith(b"home:")

    stored = clean_image(upload(sent, f"photo.{fmt.lower()}")).content.read()

    assert b"Shibuya" not in stored
    assert "comment" not in Image.open(io.BytesIO(stored)).info


def test_a_comment_too_long_for_a_jpeg_segment_is_dropped_not_a_crash():
    sent = encoded(Image.new("P", (32, 32)), "GIF", comment=b"x" * 70_000)

    stored = clean_image(upload(sent, "long.gif", "image/gif")).content.read()

    assert "comment" not in Image.open(io.BytesIO(stored)).info


def test_the_rgb_colour_profile_is_kept_on_the_photo_and_its_sizes(tmp_path):
    from django.core.files.storage import FileSystemStorage

    profile = srgb_profile()
    sent = encoded(Image.new("RGB", (1200, 900), (200, 80, 40)), "JPEG", icc_profile=profile)

    cleaned = clean_image(upload(sent))
    storage = FileSystemStorage(location=tmp_path)
    stored = storage.open(storage.save("p.jpg", cleaned.content))

    assert Image.open(stored).info["icc_profile"] == profile
    small = resized(stored, edge=320, prefix="t")
    assert Image.open(io.BytesIO(small.read())).info["icc_profile"] == profile


def test_a_profile_that_does_not_parse_is_dropped():
    sent = encoded(Image.new("RGB", (64, 64)), "PNG", icc_profile=b"not a colour profile")
    assert Image.open(io.BytesIO(sent)).info["icc_profile"]

    stored = clean_image(upload(sent, "odd.png", "image/png")).content.read()

    assert "icc_profile" not in Image.open(io.BytesIO(stored)).info


def test_an_iphone_heic_is_converted_upright_with_its_profile():
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    profile = srgb_profile()  # once: a profile made a second later has another date in it
    sent = encoded(
        Image.new("RGB", (800, 600), (30, 140, 220)),
        "HEIF",
        quality=90,
        exif=exif.tobytes(),
        icc_profile=profile,
    )

    cleaned = clean_image(upload(sent, "IMG_0001.HEIC", "image/heic"))

    stored = Image.open(io.BytesIO(cleaned.content.read()))
    assert stored.format == "JPEG" and stored.mode == "RGB"
    assert stored.size == (600, 800) == (cleaned.width, cleaned.height)
    assert stored.getpixel((300, 400)) == pytest.approx((30, 140, 220), abs=6)
    assert stored.info["icc_profile"] == profile
    assert len(stored.getexif()) == 0


def test_an_iphone_multi_picture_jpeg_is_accepted():
    # Portrait photos come as MPO: a JPEG followed by a second picture (a depth map, say).
    buffer = io.BytesIO()
    first, depth = Image.new("RGB", (640, 480), (200, 80, 40)), Image.new("RGB", (640, 480))
    first.save(buffer, format="MPO", save_all=True, append_images=[depth])
    assert Image.open(io.BytesIO(buffer.getvalue())).format == "MPO"

    cleaned = clean_image(upload(buffer.getvalue()))

    assert Image.open(io.BytesIO(cleaned.content.read())).getpixel((5, 5)) == pytest.approx(
        (200, 80, 40), abs=3
    )


def test_a_square_icon_from_a_large_photo_is_centre_cropped():
    cleaned = clean_square_image(upload(image_bytes(size=(6000, 4000))), edge=256)

    stored = Image.open(io.BytesIO(cleaned.content.read()))
    assert stored.size == (256, 256) and "comment" not in stored.info


def test_resized_makes_a_smaller_copy_of_a_stored_image(tmp_path):
    from django.core.files.storage import FileSystemStorage

    storage = FileSystemStorage(location=tmp_path)
    name = storage.save("big.jpg", clean_image(upload(image_bytes(size=(2000, 1500)))).content)
    stored = storage.open(name)

    small = resized(stored, edge=320, prefix="t")
    square = resized(stored, edge=96, prefix="s", square=True)

    assert Image.open(io.BytesIO(small.read())).size == (320, 240)
    assert Image.open(io.BytesIO(square.read())).size == (96, 96)
