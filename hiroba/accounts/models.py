from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hiroba.accounts.regions import Region
from hiroba.core.prepared import model_rows

HANDLE_RE = r"^[A-Za-z0-9_]{3,30}$"


class Role(models.TextChoices):
    MEMBER = "member", _("Member")
    MODERATOR = "moderator", _("Moderator")
    EDITOR = "editor", _("Editor")
    MANAGER = "manager", _("Community manager")
    ADMIN = "admin", _("Administrator")


STAFF_ROLES = frozenset({Role.MODERATOR, Role.EDITOR, Role.MANAGER, Role.ADMIN})


def outsiders_q(prefix: str = "") -> models.Q:
    """Accounts that are not the community's members, wherever members are counted or picked:
    the KPIs' member counts, activity levels, warming up, segments. Staff roles, official
    editorial accounts, banned and closed accounts. One definition, so that "members" is the
    same number on every screen. A filter over Member, or over a model that reaches it through
    ``prefix`` ("member__")."""
    return (
        models.Q(**{f"{prefix}role__in": STAFF_ROLES})
        | models.Q(**{f"{prefix}is_official": True})
        | models.Q(**{f"{prefix}banned_at__isnull": False})
        | models.Q(**{f"{prefix}is_active": False})
    )


def members_q(prefix: str = "") -> models.Q:
    """The community's members: every account but the ``outsiders_q`` ones (suspended members
    are members: they still read)."""
    return models.Q(
        **{
            f"{prefix}is_active": True,
            f"{prefix}is_official": False,
            f"{prefix}banned_at__isnull": True,
        }
    ) & ~models.Q(**{f"{prefix}role__in": STAFF_ROLES})


class MemberManager(BaseUserManager):
    use_in_migrations = True

    def get(self, *args, **kwargs):
        """``Member.objects.get(pk=…)`` is how Django's ModelBackend loads the member of every
        logged-in request: answered by a statement each process builds once (core.prepared),
        the row read fresh. Any other lookup is Django's own."""
        pk = kwargs.get("pk")
        if args or len(kwargs) != 1 or type(pk) is not int or self._db is not None:
            return super().get(*args, **kwargs)
        found = model_rows("member by id", lambda pk: self.model._base_manager.filter(pk=pk), pk=pk)
        if not found:
            raise self.model.DoesNotExist(
                f"{self.model._meta.object_name} matching query does not exist."
            )
        return found[0]

    def create_user(self, email, password=None, **fields):
        # Kept for Django's own tools (createsuperuser, tests of allauth); Hiroba code calls
        # hiroba.accounts.services.register_member instead.
        member = self.model(email=self.normalize_email(email), **fields)
        member.set_password(password)
        member.save(using=self._db)
        return member

    def create_superuser(self, email, password=None, **fields):
        fields.setdefault("role", Role.ADMIN)
        fields.setdefault("is_superuser", True)
        fields.setdefault("handle", (email or "admin").split("@")[0][:30])
        fields.setdefault("display_name", fields["handle"])
        return self.create_user(email, password, **fields)


class Member(AbstractBaseUser, PermissionsMixin):
    """A person in the community, or an official editorial account (``is_official``)."""

    email = models.EmailField(_("e-mail address"), unique=True, null=True, blank=True)
    handle = models.CharField(
        _("handle"),
        max_length=30,
        unique=True,
        validators=[
            RegexValidator(
                HANDLE_RE, _("Use 3–30 letters, digits or underscores."), "invalid_handle"
            )
        ],
        help_text=_("Your unique name in addresses, e.g. @hanako_k."),
    )
    display_name = models.CharField(_("display name"), max_length=50)
    bio = models.CharField(_("short bio"), max_length=300, blank=True)
    icon = models.ImageField(_("icon"), upload_to="icons/", blank=True)
    icon_small = models.ImageField(upload_to="icons/", blank=True)
    birth_year = models.PositiveSmallIntegerField(
        _("birth year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    region = models.CharField(_("region"), max_length=2, choices=Region.choices, blank=True)
    # The member's own choice for pages, notifications and e-mail; empty follows the browser
    # (pages) and the community's language (e-mail): see community.selectors.language_for().
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        default="",
        # In the database too: adding the column rewrites no table, and the scale generator's
        # inserts need not name it.
        db_default="",
        help_text=_(
            "Pages, notifications and e-mails come in this language. Automatic: pages follow "
            "your browser, e-mails the community's language."
        ),
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    is_official = models.BooleanField(_("official editorial account"), default=False)
    is_suspended = models.BooleanField(_("suspended"), default=False)
    # Empty with is_suspended: until lifted. A ban is a suspension without end that also
    # ends the member's sessions (is_active false), kept apart so that lifting it is explicit.
    suspended_until = models.DateTimeField(_("suspended until"), null=True, blank=True)
    banned_at = models.DateTimeField(_("banned"), null=True, blank=True)
    is_active = models.BooleanField(default=True)
    accepted_guidelines_at = models.DateTimeField(null=True, blank=True)
    date_joined = models.DateTimeField(default=timezone.now, db_index=True)
    post_count = models.PositiveIntegerField(default=0)

    objects = MemberManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [
            models.UniqueConstraint(Lower("handle"), name="member_handle_ci_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.display_name} (@{self.handle})"

    @property
    def is_staff(self) -> bool:
        """Staff roles (and official accounts) wear a staff mark on their icon."""
        return self.role in STAFF_ROLES or self.is_official

    @property
    def is_write_blocked(self) -> bool:
        """Suspended now: the flag is set and its period (if any) has not ended yet."""
        if not self.is_suspended:
            return False
        return self.suspended_until is None or self.suspended_until > timezone.now()

    def get_short_name(self) -> str:
        return self.display_name

    def get_full_name(self) -> str:
        return self.display_name


class ApiToken(models.Model):
    """A personal API token. Only a SHA-256 digest is stored; the secret is shown once."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=60)
    prefix = models.CharField(max_length=12)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        # Made by the api app, whose tokens these were before they became the accounts' own.
        db_table = "api_apitoken"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
