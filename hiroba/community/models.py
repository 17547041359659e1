from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Community(models.Model):
    """The community's own settings. There is one row (pk=1), edited by managers."""

    name = models.CharField(_("name"), max_length=80, default="Hiroba")
    description = models.CharField(_("description"), max_length=300, blank=True)
    logo = models.ImageField(_("logo"), upload_to="logos/", blank=True)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="ja"
    )
    time_zone = models.CharField(_("time zone"), max_length=64, default="Asia/Tokyo")
    is_open = models.BooleanField(
        _("open community"),
        default=True,
        help_text=_("Open: anyone can read public spaces. Closed: only members can read anything."),
    )
    guidelines = models.TextField(_("guidelines (Markdown)"), blank=True)
    guidelines_html = models.TextField(blank=True, editable=False)
    hold_first_posts = models.PositiveSmallIntegerField(
        _("hold new members' first posts"),
        default=0,
        help_text=_("A new member's first posts wait for a moderator's approval (0: never)."),
    )
    show_idea_stats = models.BooleanField(
        _("show idea statistics"),
        default=True,
        db_default=True,
        help_text=_(
            "Show the realization rate, the funnel and the time to a first staff response on "
            "the idea board."
        ),
    )
    default_ideas_space = models.ForeignKey(
        "Space",
        verbose_name=_("default space for ideas"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"allows_ideas": True, "is_archived": False},
        help_text=_(
            "Chosen in advance when a member proposes an idea without coming from a space."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("community settings")
        verbose_name_plural = _("community settings")

    def __str__(self) -> str:
        return self.name


class ReportReason(models.TextChoices):
    """What members may report, one code per rule of the published guidelines.

    The guidelines page lists these labels, and a report names one of them.
    """

    SPAM = "spam", _("Spam, advertising or fraud")
    HARASSMENT = "harassment", _("Harassment, insults or discrimination")
    PRIVACY = "privacy", _("Someone's personal information")
    UNSAFE_CLAIMS = "unsafe_claims", _("Unapproved health or efficacy claims")
    ILLEGAL = "illegal", _("Illegal or dangerous content")
    OFF_TOPIC = "off_topic", _("Off topic or disruptive")
    IMPERSONATION = "impersonation", _("Impersonation or a fake account")
    OTHER = "other", _("Something else against the guidelines")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    MEMBERS = "members", _("Members only")
    RESTRICTED = "restricted", _("Restricted (invited members only)")


class Space(models.Model):
    """A themed board ("レシピ", "雑談")."""

    slug = models.SlugField(
        _("address"),
        max_length=50,
        unique=True,
        allow_unicode=False,
        validators=[
            RegexValidator(r"^[a-z0-9-]+$", _("Use lowercase letters, digits and hyphens."))
        ],
    )
    name = models.CharField(_("name"), max_length=60)
    description = models.CharField(_("description"), max_length=300, blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=16, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    position = models.PositiveIntegerField(_("order"), default=0)
    member_count = models.PositiveIntegerField(default=0)
    post_count = models.PositiveIntegerField(default=0)
    is_archived = models.BooleanField(
        _("archived"),
        default=False,
        help_text=_("Archived spaces stay readable but take no new posts."),
    )
    allows_ideas = models.BooleanField(
        _("allows ideas"),
        default=False,
        # A database default too: the scale generator inserts spaces without naming this column.
        db_default=False,
        help_text=_("Members can propose ideas here and vote for them."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name


class SpaceMembership(models.Model):
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="memberships")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["space", "member"], name="space_membership_unique")
        ]
        indexes = [models.Index(fields=["member", "space"], name="membership_member_space")]

    def __str__(self) -> str:
        return f"{self.member_id} in {self.space_id}"
