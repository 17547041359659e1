"""Photo files without writing a file per photo.

A few folders of real JPEGs (drawn with Pillow once) live in ``MEDIA_ROOT/photo-pool/<n>/``;
each post with photos gets ``MEDIA_ROOT/photos/<post id>`` as a symbolic link to one of them, so
the paths the media view expects (``photos/<post id>/<name>``) all exist, for the cost of one
link per post.
"""

import io
import os
import random
from pathlib import Path

from PIL import Image

from hiroba.demo import pictures
from hiroba.demo.scale.posts import PHOTO_POOL, PHOTO_SIZES

POOL = "photo-pool"
SIZES = {"": None, "-m": 1080, "-t": 320}


def make_pool(media_root: Path, seed: int) -> None:
    rng = random.Random(seed)
    for folder in range(PHOTO_POOL):
        target = media_root / POOL / str(folder)
        target.mkdir(parents=True, exist_ok=True)
        for position in range(3):
            width, height = PHOTO_SIZES[(folder + position) % len(PHOTO_SIZES)]
            upload = pictures.food_photo(rng, size=(width, height))
            image = Image.open(io.BytesIO(upload.read())).convert("RGB")
            for suffix, edge in SIZES.items():
                sized = image.copy()
                if edge:
                    sized.thumbnail((edge, edge))
                sized.save(target / f"img{position + 1}{suffix}.jpg", "JPEG", quality=80)


def linker(media_root: Path):
    """A function that links ``photos/<post id>`` to a pool folder."""
    photos = media_root / "photos"
    photos.mkdir(parents=True, exist_ok=True)
    base = str(photos)

    def link(post_id: int, folder: int) -> None:
        path = f"{base}/{post_id}"
        try:
            os.symlink(f"../{POOL}/{folder}", path)
        except FileExistsError:
            os.remove(path)
            os.symlink(f"../{POOL}/{folder}", path)

    return link
