"""What the audit log shows of an entry's target: what kind of thing it is ("Word rule", in the
reader's language) and, while it exists, its name linked to the page where staff see it. The
registry sits at the bottom layer, so that any app registers its targets without importing the
moderation app that shows the log.

Entries name their target by type and id (``record_audit`` stores the model's name, e.g.
``wordrule``). Each app says how its targets read, from its AppConfig.ready()::

    register_target("segment", _("Segment"), describe=segment_names)

``describe`` receives the ids of one page's entries of that type and returns
``{id: (name, url)}`` for those that still exist, with one query; an id it leaves out shows as
"#id". A type nobody registered shows the verbose name of the model of that name, if any.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.apps import apps
from django.utils.text import capfirst

Describe = Callable[[list[int]], dict[int, tuple[str, str | None]]]


@dataclass(frozen=True)
class TargetKind:
    label: object  # a gettext_lazy string
    describe: Describe | None = None


@dataclass(frozen=True)
class ShownTarget:
    label: str
    name: str
    url: str | None


_KINDS: dict[str, TargetKind] = {}


def register_target(target_type: str, label, *, describe: Describe | None = None) -> None:
    """Register how targets of ``target_type`` read; registering again replaces it."""
    _KINDS[target_type] = TargetKind(label, describe)


def target_types() -> list[tuple[str, str]]:
    """(type, label) of every registered type, by label, for the log's filter."""
    return sorted(((key, str(kind.label)) for key, kind in _KINDS.items()), key=lambda t: t[1])


def target_label(target_type: str) -> str:
    kind = _KINDS.get(target_type)
    if kind is not None:
        return str(kind.label)
    for model in apps.get_models():
        if model._meta.model_name == target_type:
            return capfirst(model._meta.verbose_name)
    return target_type


def show_targets(entries: Iterable) -> None:
    """Set ``entry.shown_target`` (a ShownTarget, or None without a target) on each entry: one
    query per type of target on the page."""
    entries = list(entries)
    ids: dict[str, set[int]] = defaultdict(set)
    for entry in entries:
        if entry.target_type and entry.target_id is not None:
            ids[entry.target_type].add(entry.target_id)
    found: dict[str, dict[int, tuple[str, str | None]]] = {}
    for target_type, wanted in ids.items():
        kind = _KINDS.get(target_type)
        found[target_type] = kind.describe(sorted(wanted)) if kind and kind.describe else {}
    for entry in entries:
        if not entry.target_type:
            entry.shown_target = None
            continue
        name, url = found.get(entry.target_type, {}).get(entry.target_id, (None, None))
        if name is None:
            name = f"#{entry.target_id}" if entry.target_id is not None else ""
        entry.shown_target = ShownTarget(target_label(entry.target_type), name, url)
