"""The registry of notification verbs: each app says what its notifications say.

An app registers its verbs in its AppConfig.ready()::

    from django.utils.translation import gettext_lazy as _
    from hiroba.notifications.messages import Category, register

    register(
        "idea_status",
        _("The status of your idea “%(title)s” changed to %(status)s."),
        category=Category.OWN,
        formatters={"status": status_label},  # optional: value -> text, run in the reader's language
    )

The message is a gettext_lazy string; its ``%(name)s`` placeholders are filled from the params
given to notify() (``%(actor)s`` defaults to the actor's display name). It is rendered when read,
in the reader's language, with every param escaped: params may hold member-written titles.
The notifications app imports none of the apps that register here.
"""

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models
from django.utils import translation
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

VERB_RE = re.compile(r"[a-z][a-z0-9_.]{0,39}")
# A param longer than this is cut when shown (titles are shorter; a body would not be).
MAX_PARAM_LENGTH = 200


class Category(models.TextChoices):
    """What a notification is about; members choose per category whether they get e-mail."""

    OWN = "own", _("About my own content (answers, comments, replies, accepted answers, my ideas)")
    FOLLOWING = "following", _("About things I follow (ideas I voted for)")
    ACCOUNT = "account", _("About my account and moderators' decisions")


# E-mail copies for members who never changed their settings.
EMAIL_DEFAULTS: dict[str, bool] = {
    Category.OWN: True,
    Category.FOLLOWING: False,
    Category.ACCOUNT: True,
}
# The categories members choose on the settings page. Account notices (moderation outcomes)
# are not a choice: moderation e-mails them itself, with the reason.
CHOOSABLE: tuple[str, ...] = (Category.OWN, Category.FOLLOWING)


@dataclass(frozen=True)
class VerbSpec:
    verb: str
    message: object  # a gettext_lazy string
    category: str
    formatters: dict[str, Callable[[object], str]] = field(default_factory=dict)


_REGISTRY: dict[str, VerbSpec] = {}


def register(
    verb: str,
    message,
    *,
    category: str = Category.OWN,
    formatters: dict[str, Callable[[object], str]] | None = None,
) -> None:
    """Register ``verb`` (lowercase letters, digits, ``_`` and ``.``; at most 40) and its message.

    Registering the same verb again replaces it (AppConfig.ready may run twice in tests).
    """
    if not VERB_RE.fullmatch(verb or ""):
        raise ValueError(f"Bad notification verb: {verb!r}")
    if category not in Category.values:
        raise ValueError(f"Unknown notification category: {category!r}")
    _REGISTRY[verb] = VerbSpec(verb, message, str(category), dict(formatters or {}))


def get_spec(verb: str) -> VerbSpec | None:
    return _REGISTRY.get(verb)


def registered_verbs() -> list[str]:
    return sorted(_REGISTRY)


class _Params(dict):
    """Placeholders a message names but the params lack read as empty, never as an error."""

    def __missing__(self, key):
        return ""


def _prepare(spec: VerbSpec, params: dict, actor, *, html: bool) -> _Params:
    values = _Params()
    raw = dict(params or {})
    if "actor" not in raw:
        raw["actor"] = actor.display_name if actor is not None else gettext("Someone")
    for key, value in raw.items():
        formatter = spec.formatters.get(key)
        if formatter is not None:
            try:
                value = formatter(value)
            except Exception:  # a formatter must never break the list
                logger.exception("Notification formatter for %s.%s failed", spec.verb, key)
        text = "" if value is None else str(value)
        if len(text) > MAX_PARAM_LENGTH:
            text = text[: MAX_PARAM_LENGTH - 1] + "…"
        values[key] = conditional_escape(text) if html else text
    return values


def render_message(verb: str, params: dict, actor=None, *, html: bool = True) -> str:
    """The message of ``verb`` in the active language, filled from ``params``.

    html=True escapes every param and returns safe HTML; html=False returns plain text (e-mail,
    the API). A translation whose placeholders do not fit falls back to the English source.
    """
    spec = _REGISTRY.get(verb)
    if spec is None:
        text = gettext("You have a new notification.")
        return mark_safe(conditional_escape(text)) if html else text
    values = _prepare(spec, params, actor, html=html)
    try:
        text = _fill(str(spec.message), values, html=html)
    except (KeyError, ValueError, TypeError):
        logger.warning("Notification message for %s does not fit its params", verb)
        with translation.override("en"):
            text = _fill(str(spec.message), values, html=html)
    return mark_safe(text) if html else text


def _fill(template: str, values: _Params, *, html: bool) -> str:
    # In HTML the message's own text is escaped too (a translation may hold & or <); the params
    # were escaped one by one, so nothing is escaped twice.
    return (str(escape(template)) if html else template) % values
