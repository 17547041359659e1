"""Uploaded images: verify, re-encode with pixels and colour profile only, make sizes.

Nothing a member uploads is stored as sent. The bytes must open as one of a few raster formats
(so an SVG or a text file renamed ``.jpg`` is refused), the orientation is applied, and the image
is re-encoded from its pixels, which drops EXIF (GPS included), XMP, IPTC and JPEG/GIF comment
segments. An RGB colour profile is the one thing kept: without it a Display P3 photo from a
phone would be shown with washed-out colours.

Memory is bounded per upload. The pixel count is checked from the header before anything is
decoded, JPEGs are decoded at the smallest scale that still covers the stored size
(``draft``), and every other file is refused when its full-size pixels, with the copies made
while shrinking it, would pass ``MAX_DECODE_BYTES``. The image is shrunk before it is turned
upright or flattened, so those copies are small.
"""

import ctypes
import io
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError
from pillow_heif import register_heif_opener

# iPhones save HEIC. Depth maps, auxiliary images and thumbnails are never used here, so the
# decoder is told not to read them.
register_heif_opener(thumbnails=False, depth_images=False, aux_images=False)

ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP", "GIF", "HEIF")
MAX_PIXELS = 40_000_000
# What one upload may hold in full-size pixels at once (see _bytes_per_pixel); the stored copy
# and the encoder add about 30 MB. It takes any JPEG up to MAX_PIXELS (decoded at a reduced
# scale), a 24-megapixel iPhone HEIC and PNGs up to 33 megapixels (20 with transparency).
MAX_DECODE_BYTES = 192 * 1024 * 1024
MAX_STORED_EDGE = 2560

Size = tuple[int, int]

# glibc keeps what a thread freed in that thread's arena: after one large photo a web worker
# stayed at its peak. malloc_trim hands the free pages back (absent elsewhere, and then skipped).
_malloc_trim = getattr(ctypes.CDLL(None), "malloc_trim", None)


@dataclass(frozen=True)
class CleanImage:
    content: ContentFile
    width: int
    height: int


def max_upload_bytes() -> int:
    return settings.HIROBA_MAX_UPLOAD_MB * 1024 * 1024


def _invalid() -> ValidationError:
    return ValidationError(
        _(
            "This file is not an image we accept. "
            "Please upload a JPEG, PNG, WebP, GIF or HEIC photo."
        ),
        code="image_invalid",
    )


def _too_many_pixels(limit: int) -> ValidationError:
    return ValidationError(
        _(
            "The image has too many pixels. "
            "Please upload one of at most %(limit)d megapixels, or make it smaller first."
        )
        % {"limit": max(1, limit // 1_000_000)},
        code="image_too_many_pixels",
    )


def _check_size(upload) -> None:
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, io.SEEK_END)
        size = upload.tell()
    if size > max_upload_bytes():
        raise ValidationError(
            _("The image is too large (%(size)d MB). The limit is %(limit)d MB.")
            % {"size": round(size / 1024 / 1024), "limit": settings.HIROBA_MAX_UPLOAD_MB},
            code="image_too_large",
        )
    if size == 0:
        raise ValidationError(_("The file is empty."), code="image_empty")


def _bytes_per_pixel(image: Image.Image) -> int:
    """The most memory one full-size pixel holds at once, from decoding to the shrunk copy.

    Pillow keeps 1, L and P in one byte and RGB, RGBA, CMYK and LA in four. A palette is
    expanded before shrinking (it could only be resampled pixel by pixel); shrinking an image
    with alpha makes a premultiplied copy; the shrinking itself makes copies of up to two
    bytes a pixel. The WebP decoder keeps its canvas and the bytes it handed over alive; the
    HEIC decoder's buffer is freed before shrinking, once Pillow has copied it. (Measured
    with Pillow 13 and pillow-heif 1.9: see tests/test_image_memory.py.)
    """
    alpha = image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )
    held = 1 if image.mode in ("1", "L", "P") else 4
    if image.mode == "P":
        held += 4
    if alpha:
        held += 4
    held += 2
    if image.format == "WEBP":
        held += 8
    if image.format == "HEIF":
        return max(held, 4 + (4 if alpha else 3))
    return held


def _decode(upload, target: Callable[[Size], Size]) -> tuple[Image.Image, bytes | None]:
    """Open, check and decode an upload, shrunk to ``target(size)``, upright and in RGB.

    Returns the image and its colour profile (None when it has none worth keeping).
    """
    _check_size(upload)
    try:
        upload.seek(0)
        with Image.open(upload, formats=ACCEPTED_FORMATS) as probe:
            size = probe.size
            if size[0] * size[1] > MAX_PIXELS:
                raise _too_many_pixels(MAX_PIXELS)
            probe.verify()
        upload.seek(0)
        image = Image.open(upload, formats=ACCEPTED_FORMATS)
        wanted = target(size)
        # A JPEG decodes at 1/2, 1/4 or 1/8 scale when asked to; other formats ignore this.
        image.draft(None, wanted)
        decoded = image.width * image.height
        if decoded * _bytes_per_pixel(image) > MAX_DECODE_BYTES:
            # Said in the pixels of the file sent (a drafted JPEG decodes fewer).
            limit = MAX_DECODE_BYTES // _bytes_per_pixel(image) * size[0] * size[1] // decoded
            raise _too_many_pixels(min(limit, MAX_PIXELS))
        image.load()
        profile = _rgb_profile(image)
        image = ImageOps.exif_transpose(_shrink(image, wanted))
    except ValidationError:
        raise
    except Image.DecompressionBombError:
        # Pillow refuses past ~179 megapixels by itself, before our own check can run.
        raise _too_many_pixels(MAX_PIXELS) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise _invalid() from None
    return _flatten(image), profile


def _rgb_profile(image: Image.Image) -> bytes | None:
    """The image's ICC profile if it is a valid RGB one (a grey or CMYK profile would be wrong
    on the RGB file stored, and anything that does not parse is not a profile)."""
    icc = image.info.get("icc_profile")
    if not icc or image.mode not in ("RGB", "RGBA", "P"):
        return None
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
    except (OSError, ValueError, TypeError):
        return None
    return icc if profile.profile.xcolor_space.strip() == "RGB" else None


def _shrink(image: Image.Image, wanted: Size) -> Image.Image:
    """Shrink first, so that converting and turning work on the small copy. A palette is
    expanded before (it would be resampled pixel by pixel), a bilevel image becomes grey."""
    if image.mode == "P":
        has_alpha = "transparency" in image.info or image.palette.mode == "RGBA"
        image = image.convert("RGBA" if has_alpha else "RGB")
    elif image.mode == "1":
        image = image.convert("L")
    image.thumbnail(wanted, Image.Resampling.LANCZOS)
    return image


def _flatten(image: Image.Image) -> Image.Image:
    if image.mode in ("RGBA", "LA", "PA"):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def _encode(image: Image.Image, *, icc_profile: bytes | None, quality: int = 85) -> bytes:
    # Pillow writes a comment it finds in image.info (a JPEG's or a GIF's) into the new file,
    # so the info is emptied; the profile is the one thing passed on.
    image.info = {}
    buffer = io.BytesIO()
    options = {"icc_profile": icc_profile} if icc_profile else {}
    image.save(buffer, format="JPEG", quality=quality, optimize=True, progressive=True, **options)
    return buffer.getvalue()


def _name(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex}.jpg"


def _fit_in_box(edge: int) -> Callable[[Size], Size]:
    def target(size: Size) -> Size:
        scale = min(1.0, edge / size[0], edge / size[1])
        return max(1, round(size[0] * scale)), max(1, round(size[1] * scale))

    return target


def _cover_square(edge: int) -> Callable[[Size], Size]:
    def target(size: Size) -> Size:
        scale = min(1.0, edge / min(size))
        return max(1, round(size[0] * scale)), max(1, round(size[1] * scale))

    return target


def _release_freed_memory() -> None:
    if _malloc_trim is not None:
        _malloc_trim(0)


def _on_field(error: ValidationError, field: str | None) -> ValidationError:
    """The error keyed by the service's argument, so a form shows it beside its input."""
    if field is None:
        return error
    return ValidationError({field: ValidationError(error.messages[0], code=error.code)})


def clean_image(upload, *, prefix: str = "img", field: str | None = None) -> CleanImage:
    """Verify an upload and return it re-encoded as a JPEG that carries pixels and colour
    profile only (raises ValidationError, keyed by ``field`` when given)."""
    try:
        image, icc = _decode(upload, _fit_in_box(MAX_STORED_EDGE))
        content = ContentFile(_encode(image, icc_profile=icc), name=_name(prefix))
        return CleanImage(content, image.width, image.height)
    except ValidationError as error:
        raise _on_field(error, field) from None
    finally:
        _release_freed_memory()


def clean_square_image(
    upload, *, prefix: str = "icon", edge: int = 512, field: str | None = None
) -> CleanImage:
    """Verify an upload and return it centre-cropped to a square (for member icons and logos)."""
    try:
        image, icc = _decode(upload, _cover_square(edge))
        image = ImageOps.fit(image, (edge, edge), Image.Resampling.LANCZOS)
        content = ContentFile(_encode(image, icc_profile=icc), name=_name(prefix))
        return CleanImage(content, edge, edge)
    except ValidationError as error:
        raise _on_field(error, field) from None
    finally:
        _release_freed_memory()


def resized(stored_file, *, edge: int, prefix: str, square: bool = False) -> ContentFile:
    """A smaller copy of an already-cleaned stored image (run from jobs)."""
    stored_file.open("rb")
    try:
        with Image.open(stored_file) as image:
            icc = image.info.get("icc_profile")
            image = image.convert("RGB")
            if square:
                image = ImageOps.fit(image, (edge, edge), Image.Resampling.LANCZOS)
            else:
                image.thumbnail((edge, edge), Image.Resampling.LANCZOS)
            return ContentFile(_encode(image, icc_profile=icc, quality=80), name=_name(prefix))
    finally:
        stored_file.close()
