"""Posts' work after commit, queued by the post services (the periodic jobs are in schedules)."""

from huey.contrib.djhuey import db_task

from hiroba.core.images import resized
from hiroba.posts.models import Photo


@db_task(retries=2, retry_delay=10)
def make_photo_sizes(post_id: int) -> None:
    """Make the medium and thumbnail sizes of a post's photos (the cleaned original is kept)."""
    for photo in Photo.objects.filter(post_id=post_id, thumb=""):
        medium = resized(photo.image, edge=1080, prefix="photo-m")
        thumb = resized(photo.image, edge=320, prefix="photo-t")
        photo.medium.save(medium.name, medium, save=False)
        photo.thumb.save(thumb.name, thumb, save=False)
        photo.save(update_fields=["medium", "thumb"])
