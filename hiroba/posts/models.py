from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hiroba.community.models import Space
from hiroba.core.plaintext import markdown_excerpt


class Kind(models.TextChoices):
    POST = "post", _("Post")
    ARTICLE = "article", _("Article")
    QUESTION = "question", _("Question")
    IDEA = "idea", _("Idea")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SCHEDULED = "scheduled", _("Scheduled")
    PUBLISHED = "published", _("Published")
    # Moderation states: held for review (a word rule or a new member's first posts) and hidden
    # by a moderator. Neither is "published", so every feed, count and index leaves them out.
    HELD = "held", _("Held for review")
    HIDDEN = "hidden", _("Hidden by a moderator")


class Post(models.Model):
    """One content model for every kind: a member's post, a staff article, later questions and ideas.

    ``author`` is who the post shows (an official editorial account for articles); ``created_by``
    is the person who really wrote it, kept for the audit trail.
    """

    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.POST)
    space = models.ForeignKey(
        Space, null=True, blank=True, on_delete=models.PROTECT, related_name="posts"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="posts"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=120, blank=True)
    body = models.TextField(_("text"))
    body_html = models.TextField(editable=False)
    cover = models.ImageField(_("cover image"), upload_to="covers/", blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PUBLISHED)
    publish_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    is_pinned = models.BooleanField(default=False)
    comment_count = models.PositiveIntegerField(default=0)
    reaction_count = models.PositiveIntegerField(default=0)
    photo_count = models.PositiveSmallIntegerField(default=0)
    read_count = models.PositiveIntegerField(default=0)
    search_text = models.TextField(blank=True, editable=False)
    tags = models.ManyToManyField("Tag", through="PostTag", related_name="posts")

    class Meta:
        indexes = [
            models.Index(
                fields=["-published_at", "-id"],
                name="post_feed",
                condition=Q(status="published", deleted_at__isnull=True),
            ),
            models.Index(
                fields=["space", "-published_at", "-id"],
                name="post_space_feed",
                condition=Q(status="published", deleted_at__isnull=True),
            ),
            models.Index(
                fields=["kind", "-published_at", "-id"],
                name="post_kind_feed",
                condition=Q(status="published", deleted_at__isnull=True),
            ),
            models.Index(
                fields=["author", "-published_at", "-id"],
                name="post_author_feed",
                condition=Q(status="published", deleted_at__isnull=True),
            ),
            # Pinned posts are a handful among millions: without their own index, finding the
            # pinned posts of a big space read the whole space (425 ms at mineo scale).
            models.Index(
                fields=["-published_at"],
                name="post_pinned",
                condition=Q(is_pinned=True, status="published", deleted_at__isnull=True),
            ),
            # Partial, and not led by status: an index starting with status would tempt SQLite
            # to serve the feed from it and sort every published post (see test_query_plans).
            models.Index(
                fields=["publish_at"], name="post_scheduled", condition=Q(status="scheduled")
            ),
        ]

    def __str__(self) -> str:
        return self.title or markdown_excerpt(self.body, 40)

    @property
    def is_visible(self) -> bool:
        return self.status == Status.PUBLISHED and self.deleted_at is None

    @property
    def is_article(self) -> bool:
        return self.kind == Kind.ARTICLE


class PostRevision(models.Model):
    """The text of a post before an edit; the history members and moderators can read."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(max_length=120, blank=True)
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"revision of {self.post_id} at {self.created_at}"


def photo_path(photo: "Photo", filename: str) -> str:
    """Photos live under their post's id, so the media view can check who may see them."""
    return f"photos/{photo.post_id}/{filename}"


class Photo(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="photos")
    position = models.PositiveSmallIntegerField(default=0)
    image = models.ImageField(upload_to=photo_path)
    medium = models.ImageField(upload_to=photo_path, blank=True)
    thumb = models.ImageField(upload_to=photo_path, blank=True)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    alt = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"photo {self.position} of {self.post_id}"

    @property
    def display_url(self) -> str:
        return (self.medium or self.image).url


class CommentStatus(models.TextChoices):
    PUBLISHED = "published", _("Published")
    HELD = "held", _("Held for review")
    HIDDEN = "hidden", _("Hidden by a moderator")


class Comment(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="comments"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    body = models.TextField(_("comment"))
    body_html = models.TextField(editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    reaction_count = models.PositiveIntegerField(default=0)
    reply_count = models.PositiveIntegerField(default=0)
    status = models.CharField(
        max_length=16, choices=CommentStatus.choices, default=CommentStatus.PUBLISHED
    )

    class Meta:
        indexes = [models.Index(fields=["post", "created_at", "id"], name="comment_thread")]

    def __str__(self) -> str:
        return markdown_excerpt(self.body, 40)


class Reaction(models.Model):
    """A "like" on a post or a comment: one per member per target (enforced by the database)."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey(
        Post, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=16, default="like")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["post", "member"],
                condition=Q(post__isnull=False),
                name="reaction_post_unique",
            ),
            models.UniqueConstraint(
                fields=["comment", "member"],
                condition=Q(comment__isnull=False),
                name="reaction_comment_unique",
            ),
            models.CheckConstraint(
                condition=Q(post__isnull=False, comment__isnull=True)
                | Q(post__isnull=True, comment__isnull=False),
                name="reaction_one_target",
            ),
        ]
        indexes = [models.Index(fields=["member", "created_at"], name="reaction_member_time")]

    def __str__(self) -> str:
        return f"{self.kind} by {self.member_id} on {self.post_id or self.comment_id}"


class Tag(models.Model):
    name = models.CharField(max_length=50, unique=True)
    post_count = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"#{self.name}"


class PostTag(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="+")
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="+")
    published_at = models.DateTimeField(null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["tag", "post"], name="post_tag_unique")]
        indexes = [models.Index(fields=["tag", "-published_at", "-post"], name="post_tag_feed")]

    def __str__(self) -> str:
        return f"{self.tag_id} on {self.post_id}"
