"""Krippendorff's unitizing alpha (α_U), pinned to the worked examples in DKPro Agreement's tests.

Published values come from DKPro Agreement (github.com/dkpro/dkpro-statistics), asserted with
the tolerances its tests use:

* ``org.dkpro.statistics.agreement.unitizing.Krippendorff2004Test``: Krippendorff (2004,
  p. 254), categories "c" and "k" on the continuum [150, 450);
* ``de.tudarmstadt.ukp.dkpro.statistics.unitizing.TestAlphaUnitizedAgreement`` (the older
  implementation): the same study, listed section by section in its ``StudyFactory``;
* ``...unitizing.Krippendorff1995Test``: Krippendorff (1995, p. 57), four pairs of coders A–D
  on 24 positions, stretched to longer continua. Its tolerances for D_e and α are loose
  (0.005 and 0.02) because DKPro does not reproduce the paper's D_e exactly (its comment
  suspects an error in the paper's formula);
* ``...unitizing.UnitizingAgreementTest``: a small study, a single unit, an empty study,
  and the distance function.

Our continuum always starts at 0, so studies on [150, 450) are shifted by −150 (α_U depends
only on positions relative to the continuum's start).
"""

from __future__ import annotations

import math
import random
from fractions import Fraction
from itertools import combinations, permutations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.unitizing import (
    Continuum,
    expected_disagreement,
    label_parts,
    observed_disagreement,
    pair_distance,
    section_distance,
    sections,
    unitized_alpha,
    units_by_label,
)


def dkpro_study(units: list[tuple[int, int, int, str]], coders: int, begin: int = 0) -> dict:
    """``spans`` from DKPro's ``study.addUnit(offset, length, rater, category)`` calls."""
    spans: dict[str, list] = {f"coder{r}": [] for r in range(coders)}
    for offset, length, rater, category in units:
        spans[f"coder{rater}"].append((offset - begin, offset - begin + length, category))
    return spans


def dkpro_section(offset: int, length: int, category: str | None) -> tuple[int, int, bool]:
    """A section as DKPro's ``measureDistance`` takes it (category None = gap)."""
    return (offset, offset + length, category is not None)


# ------------------------------------------------------------------ Krippendorff (2004: p. 254)

# Krippendorff2004Test.createExample(): UnitizingAnnotationStudy(2, 150, 300).
K2004_UNITS = [
    (225, 70, 0, "c"), (370, 30, 0, "c"),
    (220, 80, 1, "c"), (355, 20, 1, "c"), (400, 20, 1, "c"),
    (180, 60, 0, "k"), (300, 50, 0, "k"),
    (180, 60, 1, "k"), (300, 50, 1, "k"),
]
K2004 = dkpro_study(K2004_UNITS, coders=2, begin=150)

# The older StudyFactory.getStudy(): every section (category, rater, begin, length, is unit),
# gaps included, with setL(300).
K2004_SECTIONS = [
    ("c", 0, 150, 75, 0), ("c", 0, 225, 70, 1), ("c", 0, 295, 75, 0), ("c", 0, 370, 30, 1),
    ("c", 0, 400, 50, 0),
    ("c", 1, 150, 70, 0), ("c", 1, 220, 80, 1), ("c", 1, 300, 55, 0), ("c", 1, 355, 20, 1),
    ("c", 1, 375, 25, 0), ("c", 1, 400, 20, 1), ("c", 1, 420, 30, 0),
    ("k", 0, 150, 30, 0), ("k", 0, 180, 60, 1), ("k", 0, 240, 60, 0), ("k", 0, 300, 50, 1),
    ("k", 0, 350, 100, 0),
    ("k", 1, 150, 30, 0), ("k", 1, 180, 60, 1), ("k", 1, 240, 60, 0), ("k", 1, 300, 50, 1),
    ("k", 1, 350, 100, 0),
]


def test_krippendorff_2004_per_category() -> None:
    """Krippendorff2004Test.testCategoryAgreement (tolerance 0.0001)."""
    result = unitized_alpha(K2004, 300)
    assert result["Do"]["c"] == pytest.approx(0.0144, abs=1e-4)
    assert result["De"]["c"] == pytest.approx(0.0532, abs=1e-4)
    assert result["per_label"]["c"] == pytest.approx(0.7286, abs=1e-4)
    assert result["Do"]["k"] == pytest.approx(0.0, abs=1e-4)
    assert result["De"]["k"] == pytest.approx(0.0490, abs=1e-4)
    assert result["per_label"]["k"] == pytest.approx(1.0, abs=1e-4)


def test_krippendorff_2004_overall() -> None:
    """Krippendorff2004Test.testAgreement (tolerance 0.0005)."""
    assert unitized_alpha(K2004, 300)["overall"] == pytest.approx(0.8591, abs=5e-4)


def test_krippendorff_2004_old_implementation_values() -> None:
    """TestAlphaUnitizedAgreement (the older de.tudarmstadt implementation): D_o(k) exactly
    0, everything else to 0.0001. Its comments say the values differ from Krippendorff's
    because the book rounds every intermediate to four places."""
    result = unitized_alpha(K2004, 300)
    assert result["Do"]["c"] == pytest.approx(0.0144, abs=1e-4)
    assert result["Do"]["k"] == 0.0
    assert result["De"]["c"] == pytest.approx(0.0532, abs=1e-4)
    assert result["De"]["k"] == pytest.approx(0.0490, abs=1e-4)
    assert result["per_label"]["c"] == pytest.approx(0.7285, abs=1e-4)
    assert result["per_label"]["k"] == pytest.approx(1.0, abs=1e-4)
    assert result["overall"] == pytest.approx(0.8587, abs=1e-4)


def test_krippendorff_2004_sections_are_the_old_study_factory_sections() -> None:
    """The gaps we derive are exactly the gap sections the older test listed by hand."""
    for category in ("c", "k"):
        for rater in (0, 1):
            listed = [
                (begin - 150, begin - 150 + length, bool(is_unit))
                for cat, r, begin, length, is_unit in K2004_SECTIONS
                if cat == category and r == rater
            ]
            units = [(start, end) for start, end, is_unit in listed if is_unit]
            assert sections(units, 300) == listed


def test_krippendorff_2004_observed_disagreement_by_hand() -> None:
    """D_o(c) from the book's three non-zero distances: δ = 50 (225+70 vs 220+80), 850
    (370+30 vs 355+20) and 400 (the unit 400+20 inside the gap 400+50), so
    D_o = 2 · 1300 / (2 · 1 · 300²) = 13/900."""
    assert section_distance(dkpro_section(225, 70, "c"), dkpro_section(220, 80, "c")) == 50
    assert section_distance(dkpro_section(370, 30, "c"), dkpro_section(355, 20, "c")) == 850
    assert section_distance(dkpro_section(400, 50, None), dkpro_section(400, 20, "c")) == 400
    by_coder = [[(75, 145), (220, 250)], [(70, 150), (205, 225), (250, 270)]]
    assert observed_disagreement(by_coder, 300) == Fraction(13, 900)


# ------------------------------------------------------------------ Krippendorff (1995: p. 57)

# Krippendorff1995Test.createExample(stretch): UnitizingAnnotationStudy(2, 0, 24 * stretch),
# every offset and length multiplied by stretch and truncated to int, as Java's (int) does.
K1995_UNITS = [
    # A Bertha / Bill
    (2, 8, 0, "A"), (14, 6, 0, "A"), (4, 4, 1, "A"), (15, 2, 1, "A"),
    # B John / Jill
    (0, 18, 0, "B"), (0, 2, 1, "B"), (2, 1, 1, "B"), (3, 1, 1, "B"), (4, 1, 1, "B"),
    (5, 1, 1, "B"), (6, 3, 1, "B"), (9, 1, 1, "B"),
    # C Gerret / Gill
    (2, 6, 0, "C"), (10, 2, 0, "C"), (14, 4, 0, "C"), (20, 2, 0, "C"),
    (0, 2, 1, "C"), (4, 4, 1, "C"), (10, 4, 1, "C"), (16, 2, 1, "C"), (20, 2, 1, "C"),
    # D Heather / Hill
    (0, 2, 0, "D"), (2, 8, 0, "D"), (10, 4, 0, "D"), (14, 6, 0, "D"), (20, 4, 0, "D"),
    (0, 4, 1, "D"), (4, 4, 1, "D"), (8, 7, 1, "D"), (15, 2, 1, "D"), (17, 7, 1, "D"),
]


def k1995(stretch: float, categories: str = "ABCD") -> tuple[dict, int]:
    units = [
        (int(offset * stretch), int(length * stretch), rater, category)
        for offset, length, rater, category in K1995_UNITS
        if category in categories
    ]
    return dkpro_study(units, coders=2), int(24 * stretch)


def test_krippendorff_1995_observed_disagreement() -> None:
    """Krippendorff1995Test.testAgreement, D_o on 24 positions (tolerance 0.00001)."""
    result = unitized_alpha(*k1995(1))
    assert result["Do"]["A"] == pytest.approx(0.03125, abs=1e-5)
    assert result["Do"]["B"] == pytest.approx(2.26736, abs=1e-5)
    assert result["Do"]["C"] == pytest.approx(0.02777, abs=1e-5)
    assert result["Do"]["D"] == pytest.approx(0.38715, abs=1e-5)


def test_krippendorff_1995_expected_disagreement_and_alpha() -> None:
    """Krippendorff1995Test.testAgreement on 1,200,000 positions (the paper's near-continuous
    case): D_e to 0.005 and α to 0.02, DKPro's tolerances."""
    result = unitized_alpha(*k1995(1200000 // 24))
    for label, expected in {"A": 0.06990, "B": 1.17731, "C": 0.08642, "D": 0.41445}.items():
        assert result["De"][label] == pytest.approx(expected, abs=0.005), label
    for label, alpha in {"A": 0.553, "B": -0.926, "C": 0.679, "D": 0.066}.items():
        assert result["per_label"][label] == pytest.approx(alpha, abs=0.02), label


@pytest.mark.parametrize(
    ("stretch", "expected", "expected_tolerance", "alpha"),
    [
        (12 / 24.0, 0.05494, 1e-5, 0.494),
        (120 / 24.0, 0.08234, 0.005, 0.663),
        (1200 / 24.0, 0.08600, 0.005, 0.677),
        (12000 / 24.0, 0.08638, 0.005, 0.678),
        (120000 / 24.0, 0.08642, 0.005, 0.679),
        (1200000 / 24.0, 0.08642, 0.005, 0.679),
    ],
)
def test_krippendorff_1995_varying_lengths(
    stretch: float, expected: float, expected_tolerance: float, alpha: float
) -> None:
    """Krippendorff1995Test.testVaryingLengths, category C only. (At stretch 0.5 Java's
    truncation gives units of length 0 in B, which we reject; C's values do not depend on
    the other categories.)"""
    result = unitized_alpha(*k1995(stretch, "C"))
    assert result["Do"]["C"] == pytest.approx(0.02777, abs=1e-5)
    assert result["De"]["C"] == pytest.approx(expected, abs=expected_tolerance)
    assert result["per_label"]["C"] == pytest.approx(alpha, abs=0.02)


# ------------------------------------------------------------------ UnitizingAgreementTest


def test_small_study() -> None:
    """UnitizingAgreementTest.testAgreement: r0 -11111111-, r1 --1-1-1--- (tolerance 0.0001)."""
    spans = dkpro_study([(1, 8, 0, "A"), (2, 1, 1, "A"), (4, 1, 1, "A"), (6, 1, 1, "A")], 2)
    result = unitized_alpha(spans, 10)
    assert result["Do"]["A"] == pytest.approx(0.9100, abs=1e-4)
    assert result["De"]["A"] == pytest.approx(0.5351, abs=1e-4)
    assert result["per_label"]["A"] == pytest.approx(-0.7003, abs=1e-4)
    assert result["overall"] == pytest.approx(-0.7003, abs=1e-4)


def test_single_annotation_unit_gives_zero() -> None:
    """UnitizingAgreementTest.testSingleAnnotationUnit: three coders, one unit. D_o and D_e
    are both 1/600, and DKPro returns 0.0 whenever D_o == D_e."""
    spans = dkpro_study([(0, 1, 0, "X")], coders=3)
    result = unitized_alpha(spans, 20)
    assert result["overall"] == 0.0
    assert result["per_label"] == {"X": 0.0}
    assert result["Do"]["X"] == result["De"]["X"] == pytest.approx(1 / 600, rel=1e-12)


def test_empty_study_is_nan() -> None:
    """UnitizingAgreementTest.testEmptyAnnotationSet: no units at all → NaN."""
    result = unitized_alpha({"a": [], "b": [], "c": []}, 20)
    assert math.isnan(result["overall"])
    assert result["per_label"] == {} and result["Do"] == {} and result["De"] == {}


@pytest.mark.parametrize(
    ("first", "second", "distance"),
    [
        # UnitizingAgreementTest.testDistanceMetric
        ((0, 1, None), (0, 2, None), 0),
        ((1, 8, "A"), (0, 2, None), 0),
        ((1, 8, "A"), (2, 1, "A"), 37),
        ((1, 8, "A"), (3, 1, None), 0),
        ((1, 8, "A"), (4, 1, "A"), 25),
        ((1, 8, "A"), (5, 1, None), 0),
        ((1, 8, "A"), (6, 1, "A"), 29),
        ((1, 8, "A"), (7, 4, None), 0),
        ((9, 2, None), (7, 4, None), 0),
        # Krippendorff2004Test.testDistanceMetric1
        ((5, 6, "X"), (4, 2, "X"), 26),
        ((5, 6, "X"), (5, 2, "X"), 16),
        ((5, 6, "X"), (6, 2, "X"), 10),
        ((5, 6, "X"), (7, 2, "X"), 8),
        ((5, 6, "X"), (6, 4, "X"), 2),
        ((5, 6, "X"), (5, 6, "X"), 0),
        # Krippendorff2004Test.testDistanceMetric2
        ((225, 70, "c"), (220, 80, "c"), 50),
        ((370, 30, "c"), (355, 20, "c"), 850),
        ((400, 50, None), (400, 20, "c"), 400),
    ],
)
def test_distance(first: tuple, second: tuple, distance: int) -> None:
    a, b = dkpro_section(*first), dkpro_section(*second)
    assert section_distance(a, b) == distance
    assert section_distance(b, a) == distance


def test_distance_sums() -> None:
    """Krippendorff2004Test.testDistanceMetric1: pairs of distances adding up to 40."""
    assert section_distance(dkpro_section(2, 3, None), dkpro_section(2, 2, "X")) + section_distance(
        dkpro_section(5, 6, "X"), dkpro_section(4, 7, None)
    ) == 40
    assert section_distance(dkpro_section(3, 2, None), dkpro_section(3, 2, "X")) + section_distance(
        dkpro_section(5, 6, "X"), dkpro_section(5, 6, None)
    ) == 40


# ------------------------------------------------------------------ properties

LABELS = ("甲", "乙", "丙")


@st.composite
def coder_spans(draw, length: int) -> list[tuple[int, int, str]]:
    """One coder's spans: per label, non-overlapping spans (adjacent allowed)."""
    spans = []
    for label in LABELS:
        pos = 0
        for _ in range(draw(st.integers(0, 6))):
            pos += draw(st.integers(0, 8))
            end = pos + draw(st.integers(1, 12))
            if end > length:
                break
            spans.append((pos, end, label))
            pos = end
    return draw(st.permutations(spans))


@st.composite
def studies(draw, min_coders: int = 2, max_coders: int = 4) -> tuple[dict, int]:
    length = draw(st.integers(1, 120))
    coders = draw(st.integers(min_coders, max_coders))
    return {f"c{i}": draw(coder_spans(length)) for i in range(coders)}, length


def naive_alpha(spans: dict, length: int) -> dict:
    """Reference written straight from the formulas: every ordered pair of sections of two
    different coders, and a plain loop over every gap for every unit."""
    coders = list(spans)
    labels = sorted({label for coder in coders for *_, label in spans[coder]})
    r, big_l = len(coders), length
    observed, expected = {}, {}
    for label in labels:
        units = [sorted((s, e) for s, e, lab in spans[c] if lab == label) for c in coders]
        parts = [sections(u, length) for u in units]
        total = sum(
            section_distance(g, h)
            for i, j in permutations(range(r), 2)
            for g in parts[i]
            for h in parts[j]
        )
        observed[label] = Fraction(total, r * (r - 1) * big_l**2)
        lengths = [e - s for u in units for s, e in u]
        gaps = [e - s for p in parts for s, e, is_unit in p if not is_unit]
        n_c = len(lengths)
        numerator = Fraction(0)
        for l_u in lengths:
            numerator += Fraction((n_c - 1) * (2 * l_u**3 - 3 * l_u**2 + l_u), 3)
            numerator += l_u**2 * sum(g - l_u + 1 for g in gaps if g >= l_u)
        denominator = r * big_l * (r * big_l - 1) - sum(l_u * (l_u - 1) for l_u in lengths)
        expected[label] = Fraction(2, big_l) * numerator / denominator
    return {"Do": observed, "De": expected}


@settings(max_examples=300, deadline=None)
@given(studies(min_coders=2, max_coders=4))
def test_matches_naive_reference(study: tuple[dict, int]) -> None:
    spans, length = study
    result = unitized_alpha(spans, length)
    reference = naive_alpha(spans, length)
    assert set(result["Do"]) == set(reference["Do"])
    for label in reference["Do"]:
        assert result["Do"][label] == float(reference["Do"][label])
        assert result["De"][label] == float(reference["De"][label])


@settings(max_examples=200, deadline=None)
@given(studies(), st.randoms(use_true_random=False))
def test_coder_order_does_not_matter(study: tuple[dict, int], rng: random.Random) -> None:
    spans, length = study
    names = list(spans)
    rng.shuffle(names)
    shuffled = {name: list(reversed(spans[name])) for name in names}
    assert_same(unitized_alpha(shuffled, length), unitized_alpha(spans, length))


def assert_same(got: dict, want: dict) -> None:
    """Equal results, NaN equal to NaN (the arithmetic is exact, so no tolerance)."""
    assert math.isnan(got["overall"]) == math.isnan(want["overall"])
    if not math.isnan(want["overall"]):
        assert got["overall"] == want["overall"]
    for key in ("per_label", "Do", "De"):
        assert got[key].keys() == want[key].keys()
        for label, value in want[key].items():
            assert got[key][label] == value or (math.isnan(got[key][label]) and math.isnan(value))


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 120).flatmap(lambda n: st.tuples(coder_spans(n), st.just(n))), st.integers(2, 5))
def test_perfect_agreement_is_one(one: tuple[list, int], coders: int) -> None:
    spans, length = one
    labels = {label for *_, label in spans}
    # Every coder filling the whole continuum with one-character units of a label is the one
    # case where D_e = 0 (then D_o = D_e and DKPro's rule gives 0.0, tested below).
    tiled = {lab for lab in labels if sum(e - s for s, e, x in spans if x == lab) == length
             and all(e - s == 1 for s, e, x in spans if x == lab)}
    result = unitized_alpha({f"c{i}": list(spans) for i in range(coders)}, length)
    assert set(result["per_label"]) == labels
    for label in labels - tiled:
        assert result["Do"][label] == 0.0
        assert result["per_label"][label] == 1.0
    if labels and not tiled:
        assert result["overall"] == 1.0


def test_perfect_agreement_on_the_worked_example() -> None:
    spans = {"a": K2004["coder0"], "b": K2004["coder0"], "c": K2004["coder0"]}
    result = unitized_alpha(spans, 300)
    assert result["per_label"] == {"c": 1.0, "k": 1.0}
    assert result["overall"] == 1.0


def test_continuum_tiled_with_single_characters_gives_zero() -> None:
    """D_e = 0 (and so D_o = 0): DKPro's D_o == D_e rule gives α = 0.0, not NaN or 1.0."""
    spans = [(i, i + 1, "X") for i in range(5)]
    result = unitized_alpha({"a": spans, "b": spans}, 5)
    assert result["De"]["X"] == 0.0 and result["Do"]["X"] == 0.0
    assert result["per_label"]["X"] == 0.0 and result["overall"] == 0.0


def test_coder_without_spans_for_a_label() -> None:
    """A coder who never used "k" still counts: for "k" their continuum is one gap."""
    with_k = unitized_alpha(K2004, 300)
    spans = {"coder0": K2004["coder0"], "coder1": [s for s in K2004["coder1"] if s[2] != "k"]}
    result = unitized_alpha(spans, 300)
    # "c" is untouched by what coder1 did with "k".
    assert result["Do"]["c"] == with_k["Do"]["c"]
    assert result["De"]["c"] == with_k["De"]["c"]
    # "k": coder0's units (60 and 50 long) each lie inside coder1's single gap [0, 300).
    assert result["Do"]["k"] == pytest.approx(2 * (60**2 + 50**2) / (2 * 1 * 300**2), rel=1e-12)
    assert result["per_label"]["k"] < 1.0
    assert result["overall"] < with_k["overall"]


def test_coder_with_no_spans_at_all_counts() -> None:
    spans = dict(K2004, coder2=[])
    result = unitized_alpha(spans, 300)
    assert set(result["per_label"]) == {"c", "k"}
    two = unitized_alpha(K2004, 300)
    assert result["per_label"]["k"] < two["per_label"]["k"] == 1.0


def test_label_used_by_only_one_coder() -> None:
    spans = {"a": [(2, 8, "X"), (10, 12, "Y")], "b": [(10, 12, "Y")]}
    result = unitized_alpha(spans, 20)
    assert set(result["per_label"]) == {"X", "Y"}
    assert result["per_label"]["Y"] == 1.0
    # X: one unit of length 6 inside coder b's gap [0, 20): D_o = 2·36 / (2·1·400).
    assert result["Do"]["X"] == pytest.approx(72 / 800, rel=1e-12)
    # D_e: N_c = 1, gaps of a: 2, 12 and of b: 20 → Σ_{G ≥ 6} (G − 6 + 1) = 7 + 15 = 22,
    # numerator 36 · 22, denominator 40 · 39 − 6 · 5.
    assert result["De"]["X"] == pytest.approx(2 / 20 * 36 * 22 / (40 * 39 - 30), rel=1e-12)
    assert result["per_label"]["X"] == pytest.approx(1 - (72 / 800) / (2 / 20 * 36 * 22 / 1530), rel=1e-12)


def test_single_coder_is_nan() -> None:
    """DKPro divides by R(R − 1) = 0 for D_o: NaN, and so α is NaN; D_e is still defined."""
    result = unitized_alpha({"only": [(0, 5, "X"), (7, 9, "Y")]}, 10)
    assert math.isnan(result["overall"])
    assert all(math.isnan(v) for v in result["per_label"].values())
    assert all(math.isnan(v) for v in result["Do"].values())
    assert all(v > 0 for v in result["De"].values())


def test_adjacent_spans_stay_separate_units() -> None:
    joined = unitized_alpha({"a": [(0, 10, "X")], "b": [(0, 10, "X")]}, 20)
    split = unitized_alpha({"a": [(0, 10, "X")], "b": [(0, 5, "X"), (5, 10, "X")]}, 20)
    assert joined["per_label"]["X"] == 1.0
    assert split["per_label"]["X"] < 1.0


@pytest.mark.parametrize(
    "spans",
    [
        {"a": [(0, 5, "X"), (3, 8, "X")], "b": []},  # overlapping units of one label
        {"a": [(0, 5, "X"), (0, 5, "X")], "b": []},  # the same unit twice
        {"a": [(4, 4, "X")], "b": []},  # empty span
        {"a": [(5, 3, "X")], "b": []},  # reversed span
        {"a": [(-1, 3, "X")], "b": []},  # before the continuum
        {"a": [(8, 11, "X")], "b": []},  # past its end
    ],
)
def test_invalid_spans_are_rejected(spans: dict) -> None:
    with pytest.raises(ValueError):
        unitized_alpha(spans, 10)


def test_overlapping_spans_of_different_labels_are_fine() -> None:
    spans = {"a": [(0, 5, "X"), (3, 8, "Y")], "b": [(0, 5, "X"), (3, 8, "Y")]}
    assert unitized_alpha(spans, 10)["per_label"] == {"X": 1.0, "Y": 1.0}


def test_overall_is_one_minus_summed_disagreements() -> None:
    result = unitized_alpha(*k1995(1))
    assert result["overall"] == pytest.approx(
        1 - sum(result["Do"].values()) / sum(result["De"].values()), rel=1e-12
    )


def test_expected_disagreement_needs_no_per_character_work() -> None:
    """A continuum of ten million characters with a few units is as cheap as a short one."""
    by_coder = [[(1_000_000, 3_000_000)], [(1_500_000, 2_500_000), (9_000_000, 9_000_001)]]
    assert expected_disagreement(by_coder, 10_000_000) > 0
    assert observed_disagreement(by_coder, 10_000_000) > 0


def test_pairs_of_coders_are_averaged() -> None:
    """With three coders D_o is the mean over the three pairs of the two-coder D_o."""
    spans = {"a": [(0, 6, "X")], "b": [(2, 8, "X")], "c": [(1, 4, "X")]}
    three = unitized_alpha(spans, 12)["Do"]["X"]
    pairs = [unitized_alpha({x: spans[x], y: spans[y]}, 12)["Do"]["X"] for x, y in combinations(spans, 2)]
    assert three == pytest.approx(sum(pairs) / 3, rel=1e-12)


@settings(max_examples=200, deadline=None)
@given(st.integers(2, 4).flatmap(lambda coders: st.lists(studies(min_coders=coders, max_coders=coders), min_size=1, max_size=5)))
def test_continuum_of_texts_equals_alpha_of_their_concatenation(texts: list[tuple[dict, int]]) -> None:
    """The agreement report adds its documents one at a time; the result must be α_U of the
    documents laid end to end, gaps running on from one text into the next."""
    coders = list(texts[0][0])
    continuum = Continuum(len(coders))
    joined: dict = {coder: [] for coder in coders}
    offset = 0
    for spans, length in texts:
        spans = {coder: spans[name] for coder, name in zip(coders, spans)}
        units = units_by_label(spans, length)
        continuum.add(units, length, {label: label_parts(by_coder, length)[0] for label, by_coder in units.items()})
        for coder, coder_spans in spans.items():
            joined[coder] += [(start + offset, end + offset, label) for start, end, label in coder_spans]
        offset += length
    assert_same(continuum.alpha(), unitized_alpha(joined, offset))


@settings(max_examples=200, deadline=None)
@given(studies())
def test_label_parts_are_the_pair_distances_and_expected_disagreement(study: tuple[dict, int]) -> None:
    spans, length = study
    for by_coder in units_by_label(spans, length).values():
        total, expected = label_parts(by_coder, length)
        assert total == sum(pair_distance(sections(a, length), sections(b, length)) for a, b in combinations(by_coder, 2))
        assert expected == expected_disagreement(by_coder, length)
