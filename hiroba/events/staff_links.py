"""Links the event page offers its organizers to screens of apps above events (the console's
participants and edit pages): those apps register them here, so that events names none of them."""

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class StaffLink:
    label: object  # a gettext_lazy string
    url_name: str  # reversed with the event's id


_LINKS: dict[str, StaffLink] = {}


def register_staff_link(label, url_name: str) -> None:
    _LINKS[url_name] = StaffLink(label, url_name)


def staff_links(event) -> list[tuple[str, str]]:
    """(label, address) of each registered link, for ``event``."""
    return [(str(link.label), reverse(link.url_name, args=[event.pk])) for link in _LINKS.values()]
