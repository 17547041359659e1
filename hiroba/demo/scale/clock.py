"""Time for the generated community: seconds since the epoch, a growth trend, a weekly and a
daily rhythm (Tokyo time), and fast formatting of timestamps as database text.
"""

import bisect
import random
from datetime import UTC, date, datetime, timedelta

DAY = 86_400
JST = 9 * 3600
# Relative activity per hour of the day in Tokyo: quiet at night, lunch, a long evening peak.
HOURLY = [2.0, 1.2, 0.6, 0.3, 0.3, 0.5, 1.5, 3.0, 4.0, 4.0, 4.0, 5.0,
          7.0, 6.0, 5.0, 5.0, 5.0, 6.0, 7.0, 8.0, 9.0, 9.5, 8.0, 5.0]  # fmt: skip
# Monday .. Sunday (Tokyo): weekends are busier.
WEEKLY = [1.0, 0.95, 0.95, 1.0, 1.05, 1.3, 1.25]
HISTORY_DAYS = 3 * 365  # members who joined before the generated months


class Clock:
    """The generated months end at ``until`` (midnight UTC); days are indexed from the start."""

    def __init__(self, *, until: date, months: int, time_suffix: str = ""):
        self.end = int(datetime(until.year, until.month, until.day, tzinfo=UTC).timestamp())
        self.days = max(7, round(months * 30.44))
        self.start = self.end - self.days * DAY
        self.origin = self.start - (HISTORY_DAYS + 60) * DAY
        first = datetime.fromtimestamp(self.origin, UTC).date()
        total = (self.end - self.origin) // DAY + 400
        self._dates = [f"{first + timedelta(days=i)} " for i in range(total)]
        self._times = [
            f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}{time_suffix}" for s in range(DAY)
        ]
        # Weight of each hour of the generated months: growth x weekday x hour of the day.
        self.hour_weights: list[float] = []
        for hour in range(self.days * 24):
            at = self.start + hour * 3600
            local = datetime.fromtimestamp(at + JST, UTC)
            growth = 0.6 + 0.4 * hour / (self.days * 24)
            self.hour_weights.append(growth * WEEKLY[local.weekday()] * HOURLY[local.hour])
        self.day_weights = [sum(self.hour_weights[d * 24 : d * 24 + 24]) for d in range(self.days)]
        self._day_cums = []
        for d in range(self.days):
            cum, acc = [], 0.0
            for w in self.hour_weights[d * 24 : d * 24 + 24]:
                acc += w
                cum.append(acc)
            self._day_cums.append(cum)

    def text(self, t: int) -> str:
        """The database text of a timestamp (UTC, whole seconds)."""
        offset = t - self.origin
        return self._dates[offset // DAY] + self._times[offset % DAY]

    def day_start(self, day: int) -> int:
        return self.start + day * DAY

    def at(self, rng: random.Random, day: int) -> int:
        """A moment of ``day``, more likely in busy hours."""
        cum = self._day_cums[day]
        hour = bisect.bisect_right(cum, rng.random() * cum[-1])
        return self.start + day * DAY + min(hour, 23) * 3600 + int(rng.random() * 3600)

    def spread(self, total: float, weights: list[float]) -> list[int]:
        """Whole numbers proportional to ``weights`` that add up to round(total)."""
        whole, out, acc, done = sum(weights), [], 0.0, 0
        for w in weights:
            acc += total * w / whole
            out.append(round(acc) - done)
            done += out[-1]
        return out
