"""Net Promoter Score from counts: the one definition every page, the API and the tests share.

NPS = % promoters (9–10) − % detractors (0–6), over everyone who answered the NPS question.

Rounding: the score and the three percentages are given to one decimal place, rounded half away
from zero (Decimal ROUND_HALF_UP), so 1/3 of promoters reads 33.3 and −12.25 reads −12.3. They are
rounded from the exact fraction, never from rounded percentages, so the score can differ by 0.1
from "promoters % − detractors %" as shown.
Empty: with no answers there is no score (None, shown as "—"), and the percentages are None too;
the counts are 0.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

PROMOTER_MIN = 9
DETRACTOR_MAX = 6


def category(score: int) -> str:
    if score >= PROMOTER_MIN:
        return "promoter"
    if score <= DETRACTOR_MAX:
        return "detractor"
    return "passive"


def round_percent(value: Fraction) -> Decimal:
    """A percentage (given as an exact fraction) to one decimal, half away from zero."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class NPS:
    promoters: int
    passives: int
    detractors: int

    @property
    def total(self) -> int:
        return self.promoters + self.passives + self.detractors

    def _percent(self, count: int) -> Decimal | None:
        return round_percent(Fraction(100 * count, self.total)) if self.total else None

    @property
    def score(self) -> Decimal | None:
        if not self.total:
            return None
        return round_percent(Fraction(100 * (self.promoters - self.detractors), self.total))

    @property
    def promoter_percent(self) -> Decimal | None:
        return self._percent(self.promoters)

    @property
    def passive_percent(self) -> Decimal | None:
        return self._percent(self.passives)

    @property
    def detractor_percent(self) -> Decimal | None:
        return self._percent(self.detractors)

    def as_dict(self) -> dict:
        def number(value):
            return float(value) if value is not None else None

        return {
            "score": number(self.score),
            "total": self.total,
            "promoters": self.promoters,
            "passives": self.passives,
            "detractors": self.detractors,
            "promoter_percent": number(self.promoter_percent),
            "passive_percent": number(self.passive_percent),
            "detractor_percent": number(self.detractor_percent),
        }


def nps_from_counts(counts: dict[int, int]) -> NPS:
    """NPS from {score 0–10: number of answers}, as GROUP BY number returns them."""
    groups = {"promoter": 0, "passive": 0, "detractor": 0}
    for score, count in counts.items():
        groups[category(score)] += count
    return NPS(
        promoters=groups["promoter"], passives=groups["passive"], detractors=groups["detractor"]
    )
