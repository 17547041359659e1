"""Compose add-ons: something a writer may add to a new post or article (a poll), owned by an app
above posts.

The add-on's app registers it from its ``AppConfig.ready()``, and posts builds its compose forms
and its API's request body from the registry and runs the add-on's ``attach`` inside the post's
own transaction, so that posts never imports the app. The add-on's ``name`` is its key
everywhere: in the compose form's cleaned data, in the API's body and in the ``add_ons`` given
to ``publish_post`` and ``create_article``.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.forms import Form
from ninja import Schema


@dataclass(frozen=True)
class ComposeAddOn:
    name: str
    # The kinds of post it can be added to (Post.kind values).
    kinds: tuple[str, ...]
    # Mixed into the compose forms of those kinds: its fields, and a clean() that puts the
    # checked value under ``name`` in the cleaned data (None when the writer left it empty).
    form: type[Form]
    # The compose page includes it after the form's own fields, with ``form``.
    form_template: str
    # Mixed into the API's request body: a field ``name`` (None when not sent).
    schema: type[Schema]
    # The body's part made ready to attach (checked before anything is written); may raise
    # ValidationError.
    prepare: Callable[[Any], Any]
    # ``attach(actor=, post=, value=)``, inside the post's transaction: an error saves no post.
    attach: Callable[..., object]
    # How a multipart/form-data body carries the part, for the API document ("the poll as a
    # JSON part").
    multipart_note: str = ""
    # Shown on the post's page below its body, with ``post`` (the poll and its votes), and the
    # stylesheet that page then loads.
    post_template: str = ""
    stylesheet: str = ""


_add_ons: dict[str, ComposeAddOn] = {}
_forms: dict[tuple, type[Form]] = {}


def register_add_on(add_on: ComposeAddOn) -> None:
    """Called from the add-on's app's ``ready()``; registering a name again replaces it."""
    _add_ons[add_on.name] = add_on
    _forms.clear()


def add_ons_for(kind: str) -> tuple[ComposeAddOn, ...]:
    return tuple(add_on for add_on in _add_ons.values() if kind in add_on.kinds)


def post_page_parts(kind: str) -> dict[str, list[str]]:
    """What the add-ons of ``kind`` show on a post's page: templates and their stylesheets."""
    add_ons = [add_on for add_on in add_ons_for(kind) if add_on.post_template]
    return {
        "add_on_templates": [add_on.post_template for add_on in add_ons],
        "add_on_stylesheets": [add_on.stylesheet for add_on in add_ons if add_on.stylesheet],
    }


class ComposeForm:
    """What ``compose_form`` adds to a kind's form: its own fields apart from the add-ons'."""

    add_ons: tuple[ComposeAddOn, ...] = ()

    def main_fields(self):
        theirs = {name for add_on in self.add_ons for name in add_on.form.base_fields}
        return [field for field in self.visible_fields() if field.name not in theirs]

    @property
    def add_on_templates(self) -> list[str]:
        return [add_on.form_template for add_on in self.add_ons]


def compose_form(base: type[Form], kind: str) -> type[Form]:
    """``base`` with the fields of the add-ons that ``kind`` takes (made once, then reused)."""
    add_ons = add_ons_for(kind)
    key = (base, add_ons)
    if key not in _forms:
        namespace = {"add_ons": add_ons, "__module__": base.__module__}
        mixins = tuple(add_on.form for add_on in add_ons)
        _forms[key] = type(base.__name__, (ComposeForm, base, *mixins), namespace)
    return _forms[key]


def request_schema(
    base: type[Schema], kind: str, *, name: str, doc: str | None = None
) -> type[Schema]:
    """``base`` with the fields of the add-ons that ``kind`` takes, after its own, as ``name``.

    Built when the API's routes are (after every app's ``ready()``), so that every add-on is in.
    """
    if not apps.ready:
        raise ImproperlyConfigured("Compose add-ons are read once every app is ready.")
    parts = tuple(add_on.schema for add_on in add_ons_for(kind))
    # pydantic orders fields from the last base to the first: the base's, then each add-on's.
    return type(name, (*reversed(parts), base), {"__module__": base.__module__, "__doc__": doc})


def multipart_notes(kind: str) -> list[str]:
    return [add_on.multipart_note for add_on in add_ons_for(kind) if add_on.multipart_note]


def values_from_form(kind: str, cleaned_data: Mapping) -> dict:
    """The add-ons the writer filled in on a compose form, for ``add_ons``."""
    return {
        add_on.name: cleaned_data[add_on.name]
        for add_on in add_ons_for(kind)
        if cleaned_data.get(add_on.name) is not None
    }


def values_from_payload(kind: str, payload) -> dict:
    """The add-ons sent in an API body, each checked before anything is written."""
    values = {}
    for add_on in add_ons_for(kind):
        part = getattr(payload, add_on.name, None)
        if part is not None:
            values[add_on.name] = add_on.prepare(part)
    return values


def check_add_ons(kind: str, add_ons: Mapping) -> None:
    """Before the transaction: every add-on given is registered for ``kind``."""
    for name in add_ons:
        add_on = _add_ons.get(name)
        if add_on is None or kind not in add_on.kinds:
            raise ValueError(f"No compose add-on {name!r} for a {kind}")


def attach_add_ons(*, actor, post, add_ons: Mapping) -> None:
    """Inside the post's transaction, after the post is written."""
    for name, value in add_ons.items():
        _add_ons[name].attach(actor=actor, post=post, value=value)
