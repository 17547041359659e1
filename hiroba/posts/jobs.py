from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from hiroba.core.images import resized


@db_task(retries=2, retry_delay=10)
def make_photo_sizes(post_id: int) -> None:
    """Make the medium and thumbnail sizes of a post's photos (the cleaned original is kept)."""
    from hiroba.posts.models import Photo

    for photo in Photo.objects.filter(post_id=post_id, thumb=""):
        medium = resized(photo.image, edge=1080, prefix="photo-m")
        thumb = resized(photo.image, edge=320, prefix="photo-t")
        photo.medium.save(medium.name, medium, save=False)
        photo.thumb.save(thumb.name, thumb, save=False)
        photo.save(update_fields=["medium", "thumb"])


@db_periodic_task(crontab(minute="*"))
def publish_scheduled_articles() -> None:
    from hiroba.posts.services import publish_due_articles

    publish_due_articles()
