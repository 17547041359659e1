"""Uploaded images: verify, re-encode without metadata, make sizes.

Nothing a member uploads is stored as sent. The bytes must open as one of a few raster formats
(so an SVG or a text file renamed ``.jpg`` is refused), the pixel count is bounded (decompression
bombs), the orientation is applied, and the image is re-encoded from pixels alone, which drops
EXIF (GPS included), XMP and ICC comments.
"""

import io
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
MAX_PIXELS = 40_000_000
MAX_STORED_EDGE = 2560


@dataclass(frozen=True)
class CleanImage:
    content: ContentFile
    width: int
    height: int


def max_upload_bytes() -> int:
    return settings.HIROBA_MAX_UPLOAD_MB * 1024 * 1024


def _open_verified(upload) -> Image.Image:
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
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            image_format = probe.format
            probe.verify()
        if image_format not in ACCEPTED_FORMATS:
            raise UnidentifiedImageError(image_format)
        upload.seek(0)
        image = Image.open(upload)
        if image.width * image.height > MAX_PIXELS:
            raise ValidationError(_("The image has too many pixels."), code="image_too_many_pixels")
        image.load()
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            _("This file is not an image we accept. Please upload a JPEG, PNG, WebP or GIF photo."),
            code="image_invalid",
        ) from None
    return image


def _flatten(image: Image.Image) -> Image.Image:
    image = ImageOps.exif_transpose(image)
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def _encode(image: Image.Image, *, quality: int = 85) -> bytes:
    buffer = io.BytesIO()
    # No exif=, no icc_profile=: the new file carries pixels only.
    image.save(buffer, format="JPEG", quality=quality, optimize=True, progressive=True)
    return buffer.getvalue()


def _name(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex}.jpg"


def clean_image(upload, *, prefix: str = "img") -> CleanImage:
    """Verify an upload and return it re-encoded as a metadata-free JPEG (raises ValidationError)."""
    image = _flatten(_open_verified(upload))
    image.thumbnail((MAX_STORED_EDGE, MAX_STORED_EDGE), Image.Resampling.LANCZOS)
    return CleanImage(ContentFile(_encode(image), name=_name(prefix)), image.width, image.height)


def clean_square_image(upload, *, prefix: str = "icon", edge: int = 512) -> CleanImage:
    """Verify an upload and return it centre-cropped to a square (for member icons and logos)."""
    image = ImageOps.fit(_flatten(_open_verified(upload)), (edge, edge), Image.Resampling.LANCZOS)
    return CleanImage(ContentFile(_encode(image), name=_name(prefix)), edge, edge)


def resized(stored_file, *, edge: int, prefix: str, square: bool = False) -> ContentFile:
    """A smaller copy of an already-cleaned stored image (run from jobs)."""
    stored_file.open("rb")
    try:
        with Image.open(stored_file) as image:
            image = image.convert("RGB")
            if square:
                image = ImageOps.fit(image, (edge, edge), Image.Resampling.LANCZOS)
            else:
                image.thumbnail((edge, edge), Image.Resampling.LANCZOS)
            return ContentFile(_encode(image, quality=80), name=_name(prefix))
    finally:
        stored_file.close()
