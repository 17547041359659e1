"""Progress lines for long commands that work through a table in stages (``hiroba reindex``,
``hiroba rerender``): one line per stage every few percent and at the end, so that a log stays
readable at mineo scale."""

import time
from collections.abc import Callable

Progress = Callable[[str, int, int], None]


def stage_progress(write: Callable[[str], None], *, steps: int = 20) -> Progress:
    """A ``progress(stage, done, total)`` callback writing through ``write`` about ``steps``
    lines per stage: rows done, the share and the seconds since the command began."""
    started = time.monotonic()
    shown: dict[str, int] = {}

    def progress(stage: str, done: int, total: int) -> None:
        step = max(total // steps, 1)
        mark = done // step if done < total else -1  # -1: the stage's last line
        if mark == shown.get(stage):
            return
        shown[stage] = mark
        share = f"{100 * done // total}%" if total else "100%"
        elapsed = time.monotonic() - started
        write(f"{stage:<14} {done:>10,} / {total:,}  {share:>4}  {elapsed:7.1f} s")

    return progress
