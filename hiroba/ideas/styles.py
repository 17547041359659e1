"""The community's labels, colors and order of the idea statuses, memoized for a few seconds.

Every board card and badge shows them; one query per process every few seconds instead of one
per page. update_status_styles forgets the memo at once (and again on commit).
"""

import time
from dataclasses import dataclass

from hiroba.ideas.models import DEFAULT_COLORS, Status, StatusStyle

LOCAL_SECONDS = 5
_memo: tuple[float, dict[str, "Style"]] | None = None


@dataclass(frozen=True)
class Style:
    status: str
    custom_label: str
    color: str
    position: int

    @property
    def label(self) -> str:
        # Read at render time, so the default label is in the reader's language.
        return self.custom_label or str(Status(self.status).label)

    @property
    def badge_class(self) -> str:
        if self.color in ("warning", "light", "info"):
            return f"text-bg-{self.color} border"
        return f"text-bg-{self.color}"


def status_styles() -> dict[str, Style]:
    """Every status's style, in the community's order."""
    global _memo
    now = time.monotonic()
    if _memo is not None and _memo[0] > now:
        return _memo[1]
    rows = {row.status: row for row in StatusStyle.objects.all()}
    styles = []
    for status in Status.values:
        row = rows.get(status)
        if row is None:
            styles.append(Style(status, "", DEFAULT_COLORS[status], default_position(status)))
        else:
            styles.append(Style(status, row.label, row.color, row.position))
    ordered = {
        s.status: s
        for s in sorted(styles, key=lambda s: (s.position, Status.values.index(s.status)))
    }
    _memo = (now + LOCAL_SECONDS, ordered)
    return ordered


def default_position(status: str) -> int:
    return (Status.values.index(status) + 1) * 10


def style_of(status: str) -> Style:
    return status_styles()[status]


def styles_key() -> str:
    """What the cached cards must change with when staff relabel or recolor the statuses."""
    return "|".join(f"{s.status}:{s.custom_label}:{s.color}" for s in status_styles().values())


def forget_styles() -> None:
    global _memo
    _memo = None
