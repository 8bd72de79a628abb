"""Agreement coefficients against worked examples from the literature and the krippendorff package."""

from __future__ import annotations

import krippendorff
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kodebok.reliability import TwoByTwo, all_agree, cohen_kappa, gwet_ac1, nominal_alpha, percent_agreement

N = None
# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: four observers,
# twelve units, values 1-5, missing values; nominal alpha = 0.743.
KRIPPENDORFF_2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
    [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
]


def test_krippendorff_2011_nominal_example() -> None:
    units = list(zip(*KRIPPENDORFF_2011, strict=True))
    assert round(nominal_alpha(units) or 0, 3) == 0.743
    package = krippendorff.alpha(np.array([[np.nan if v is None else v for v in row] for row in KRIPPENDORFF_2011],
                                          dtype=float), level_of_measurement="nominal")
    assert nominal_alpha(units) == pytest.approx(package)


def test_krippendorff_2011_binary_two_observer_example() -> None:
    # Section A of the same paper: two observers, ten units, binary data; alpha = 0.095.
    a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0]
    b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]
    assert round(nominal_alpha(list(zip(a, b, strict=True))) or 0, 3) == 0.095


def test_cohen_kappa_textbook_example() -> None:
    # The standard worked example (e.g. Wikipedia "Cohen's kappa"): 50 proposals, both yes 20,
    # A yes/B no 5, A no/B yes 10, both no 15 -> po = 0.70, pe = 0.50, kappa = 0.40.
    table = TwoByTwo(both=20, a_only=5, b_only=10, neither=15)
    assert percent_agreement(table) == pytest.approx(70.0)
    assert cohen_kappa(table) == pytest.approx(0.40)


def test_gwet_ac1_against_the_formula_and_the_kappa_paradox() -> None:
    # Gwet (2008): for two raters and two categories AC1 = (pa - pe) / (1 - pe) with
    # pe = 2·π·(1-π), π = mean share rated "yes". Table with high agreement and a rare "no":
    # both yes 118, A only 5, B only 2, both no 0 (n = 125): pa = 0.944, π = 0.972,
    # pe = 0.054432, AC1 = 0.9408; kappa collapses to about -0.023 (the paradox).
    table = TwoByTwo(both=118, a_only=5, b_only=2, neither=0)
    assert gwet_ac1(table) == pytest.approx(0.94078, abs=1e-5)
    assert cohen_kappa(table) == pytest.approx(-0.02339, abs=1e-5)
    # The symmetric balanced case: AC1 equals kappa when both marginals are 0.5.
    balanced = TwoByTwo(both=20, a_only=5, b_only=5, neither=20)
    assert gwet_ac1(balanced) == pytest.approx(cohen_kappa(balanced) or 0)


def test_undefined_figures_are_none() -> None:
    nothing = TwoByTwo(both=0, a_only=0, b_only=0, neither=12)
    assert cohen_kappa(nothing) is None  # both coded nothing: chance agreement is 1
    assert percent_agreement(nothing) == 100.0
    assert gwet_ac1(nothing) == 1.0
    assert nominal_alpha([[False, False]] * 12) is None
    assert cohen_kappa(TwoByTwo(0, 0, 0, 0)) is None and gwet_ac1(TwoByTwo(0, 0, 0, 0)) is None
    assert all_agree([]) is None


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.one_of(st.none(), st.integers(0, 3)), min_size=3, max_size=3), min_size=2, max_size=25))
def test_alpha_matches_the_krippendorff_package(units: list[list[int | None]]) -> None:
    ours = nominal_alpha(units)
    data = np.array([[np.nan if v is None else v for v in unit] for unit in units], dtype=float).T
    try:
        with np.errstate(all="ignore"):
            theirs = krippendorff.alpha(data, level_of_measurement="nominal")
    except (ValueError, ZeroDivisionError):
        theirs = None
    if ours is None or theirs is None or np.isnan(theirs):
        assert ours is None or theirs is None or np.isnan(theirs) or abs(ours) < 1e-9
    else:
        assert ours == pytest.approx(theirs, abs=1e-9)
