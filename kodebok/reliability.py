"""Agreement coefficients as plain functions over counts, checked against the literature.

* percent agreement: the share of units on which all coders agree;
* Cohen's kappa (two coders): (po - pe) / (1 - pe), pe from each coder's own marginals;
* Gwet's AC1 (two coders): pe = 2·π·(1-π), π the mean share coded, so it does not collapse when a
  code is rare (the kappa paradox);
* Krippendorff's alpha (nominal): 1 - Do/De from the coincidence matrix, any number of coders,
  missing values allowed.

Each returns ``None`` where the figure is undefined (no units; kappa when chance agreement is 1,
e.g. both coders code nothing; alpha when only one value occurs).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class TwoByTwo:
    """Two coders' yes/no decisions over the same units."""

    both: int
    a_only: int
    b_only: int
    neither: int

    @property
    def units(self) -> int:
        return self.both + self.a_only + self.b_only + self.neither

    @property
    def observed(self) -> float | None:
        return (self.both + self.neither) / self.units if self.units else None

    def shares(self) -> tuple[float, float]:
        return (self.both + self.a_only) / self.units, (self.both + self.b_only) / self.units


def percent_agreement(table: TwoByTwo) -> float | None:
    po = table.observed
    return None if po is None else 100.0 * po


def cohen_kappa(table: TwoByTwo) -> float | None:
    po = table.observed
    if po is None:
        return None
    pa, pb = table.shares()
    pe = pa * pb + (1 - pa) * (1 - pb)
    if pe >= 1.0:
        return None
    return (po - pe) / (1 - pe)


def gwet_ac1(table: TwoByTwo) -> float | None:
    po = table.observed
    if po is None:
        return None
    pa, pb = table.shares()
    pi = (pa + pb) / 2
    pe = 2 * pi * (1 - pi)
    return (po - pe) / (1 - pe)


def nominal_alpha(units: Sequence[Sequence[Hashable | None]]) -> float | None:
    """Krippendorff's alpha for nominal data; ``units`` is one row of values per unit (``None`` = missing)."""
    totals: Counter[Hashable] = Counter()
    disagreement = 0.0
    for row in units:
        values = Counter(v for v in row if v is not None)
        m = sum(values.values())
        if m < 2:
            continue  # a unit coded by fewer than two coders is not pairable
        totals.update({v: c for v, c in values.items()})
        disagreement += (m * m - sum(c * c for c in values.values())) / (m - 1)
    n = sum(totals.values())
    if n < 2:
        return None
    expected = (n * n - sum(c * c for c in totals.values())) / (n - 1)
    if expected == 0:
        return None
    return 1.0 - disagreement / expected


def all_agree(rows: Sequence[Sequence[Hashable]]) -> float | None:
    """Percent of units on which every coder gave the same value (any number of coders)."""
    if not rows:
        return None
    return 100.0 * sum(1 for r in rows if len(set(r)) == 1) / len(rows)
