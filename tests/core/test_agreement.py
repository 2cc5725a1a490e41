"""Agreement coefficients against independent implementations and published examples."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.agreement import (
    char_values,
    cohen_kappa,
    confusion_matrix,
    fleiss_kappa,
    krippendorff_alpha,
    span_scores,
)

krippendorff = pytest.importorskip("krippendorff")
sklearn_metrics = pytest.importorskip("sklearn.metrics")
statsmodels_inter = pytest.importorskip("statsmodels.stats.inter_rater")
nltk_agreement = pytest.importorskip("nltk.metrics.agreement")

# Krippendorff's reliability data with missing values (4 coders × 12 units; "Computing
# Krippendorff's Alpha-Reliability", 2011), with its published coefficients.
RELIABILITY_DATA = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
]


@pytest.mark.parametrize(("level", "published"), [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849), ("ratio", 0.797)])
def test_krippendorff_published_values(level: str, published: float) -> None:
    assert krippendorff_alpha(RELIABILITY_DATA, level) == pytest.approx(published, abs=5e-4)


def _reference_alpha(data, level) -> float:
    matrix = [[math.nan if v is None else v for v in row] for row in data]
    return krippendorff.alpha(reliability_data=matrix, level_of_measurement=level)


@pytest.mark.parametrize("level", ["nominal", "ordinal", "interval", "ratio"])
def test_krippendorff_matches_the_package_on_the_published_data(level: str) -> None:
    assert krippendorff_alpha(RELIABILITY_DATA, level) == pytest.approx(_reference_alpha(RELIABILITY_DATA, level), abs=1e-9)


coder_rows = st.integers(min_value=2, max_value=4).flatmap(
    lambda coders: st.integers(min_value=3, max_value=25).flatmap(
        lambda units: st.lists(
            st.lists(st.one_of(st.none(), st.integers(min_value=1, max_value=5)), min_size=units, max_size=units),
            min_size=coders, max_size=coders,
        )
    )
)


@settings(max_examples=150, deadline=None)
@given(data=coder_rows, level=st.sampled_from(["nominal", "ordinal", "interval", "ratio"]))
def test_krippendorff_matches_the_package_on_random_data(data, level) -> None:
    pairable = [u for u in range(len(data[0])) if sum(row[u] is not None for row in data) >= 2]
    values = {row[u] for row in data for u in pairable} - {None}
    if len(values) < 2:
        assert math.isnan(krippendorff_alpha(data, level)) or krippendorff_alpha(data, level) == pytest.approx(1.0)
        return
    assert krippendorff_alpha(data, level) == pytest.approx(_reference_alpha(data, level), abs=1e-9)


@settings(max_examples=100, deadline=None)
@given(data=coder_rows)
def test_krippendorff_nominal_matches_nltk(data) -> None:
    triples = [(f"c{i}", str(u), str(v)) for i, row in enumerate(data) for u, v in enumerate(row) if v is not None]
    pairable = [u for u in range(len(data[0])) if sum(row[u] is not None for row in data) >= 2]
    if len({row[u] for row in data for u in pairable} - {None}) < 2:
        return
    # NLTK drops units with a single value itself only from the observed side; give it pairable units.
    triples = [t for t in triples if int(t[1]) in pairable]
    task = nltk_agreement.AnnotationTask(data=triples)
    assert krippendorff_alpha(data, "nominal") == pytest.approx(task.alpha(), abs=1e-9)


def test_cohen_kappa_cohen_1960_table() -> None:
    # Cohen (1960), Table 1: 200 units, three categories; p_o = 0.70, p_e = 0.41, κ = 0.492.
    cells = {("1", "1"): 88, ("1", "2"): 14, ("1", "3"): 18, ("2", "1"): 10, ("2", "2"): 40, ("2", "3"): 10,
             ("3", "1"): 2, ("3", "2"): 6, ("3", "3"): 12}
    a = [x for (x, _), n in cells.items() for _ in range(n)]
    b = [y for (_, y), n in cells.items() for _ in range(n)]
    assert cohen_kappa(a, b) == pytest.approx(0.492, abs=5e-4)
    assert cohen_kappa(a, b) == pytest.approx(sklearn_metrics.cohen_kappa_score(a, b), abs=1e-9)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("ABCD"), st.sampled_from("ABCD")), min_size=2, max_size=60))
def test_cohen_kappa_matches_sklearn(pairs) -> None:
    a, b = [p[0] for p in pairs], [p[1] for p in pairs]
    ours = cohen_kappa(a, b)
    if math.isnan(ours):
        return  # both constant and equal: undefined (sklearn warns and returns nan too)
    assert ours == pytest.approx(sklearn_metrics.cohen_kappa_score(a, b), abs=1e-9)


FLEISS_WORKED_EXAMPLE = [  # the standard worked example of Fleiss' kappa (10 subjects, 14 raters, 5 categories), κ = 0.210
    [0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7],
]


def test_fleiss_kappa_worked_example() -> None:
    assert fleiss_kappa(FLEISS_WORKED_EXAMPLE) == pytest.approx(0.210, abs=5e-4)
    assert fleiss_kappa(FLEISS_WORKED_EXAMPLE) == pytest.approx(statsmodels_inter.fleiss_kappa(FLEISS_WORKED_EXAMPLE), abs=1e-9)


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=2, max_value=6).flatmap(
    lambda raters: st.lists(st.lists(st.integers(0, 3), min_size=3, max_size=3).map(
        lambda weights: _spread(weights, raters)), min_size=2, max_size=30)))
def test_fleiss_kappa_matches_statsmodels(table) -> None:
    ours = fleiss_kappa(table)
    if math.isnan(ours):
        return
    assert ours == pytest.approx(statsmodels_inter.fleiss_kappa(table), abs=1e-9)


def _spread(weights: list[int], raters: int) -> list[int]:
    """A row of category counts adding up to ``raters``."""
    row = [0, 0, 0]
    for index in range(raters):
        row[weights[index % 3] % 3] += 1
    return row


def test_undefined_coefficients_are_nan() -> None:
    assert math.isnan(krippendorff_alpha([[1, 1, 1], [1, 1, 1]]))
    assert math.isnan(cohen_kappa(["a", "a"], ["a", "a"]))
    with pytest.raises(ValueError):
        krippendorff_alpha([[1, 2], [1]])
    with pytest.raises(ValueError):
        fleiss_kappa([[1, 1], [2, 1]])


def test_span_scores_exact_and_overlap() -> None:
    ref = [(0, 4, "SLOGAN"), (10, 20, "TARGET"), (30, 35, "HONOUR")]
    other = [(0, 4, "SLOGAN"), (12, 20, "TARGET"), (30, 35, "CAMPAIGN"), (50, 52, "SLOGAN")]
    scores = span_scores(ref, other)
    assert scores["precision_exact"] == pytest.approx(1 / 4) and scores["recall_exact"] == pytest.approx(1 / 3)
    assert scores["precision_overlap"] == pytest.approx(2 / 4) and scores["recall_overlap"] == pytest.approx(2 / 3)
    assert scores["f1_overlap"] == pytest.approx(2 * 0.5 * (2 / 3) / (0.5 + 2 / 3))
    assert span_scores([], [])["f1_exact"] == 1.0 and span_scores(ref, [])["f1_exact"] == 0.0


def test_confusion_matrix_pairs_by_position() -> None:
    ref = [(0, 4, "SLOGAN"), (10, 20, "TARGET"), (30, 35, "HONOUR")]
    other = [(0, 4, "SLOGAN"), (12, 20, "ACHIEVEMENT"), (50, 52, "SLOGAN")]
    assert confusion_matrix(ref, other) == {("SLOGAN", "SLOGAN"): 1, ("TARGET", "ACHIEVEMENT"): 1, ("HONOUR", "∅"): 1, ("∅", "SLOGAN"): 1}


def test_char_values() -> None:
    spans = [(0, 3, "SLOGAN"), (2, 5, "TARGET")]
    assert char_values(spans, 6, "SLOGAN") == [1, 1, 1, 0, 0, 0]
    assert char_values(spans, 6) == [("SLOGAN",), ("SLOGAN",), ("SLOGAN", "TARGET"), ("TARGET",), ("TARGET",), "O"]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(st.tuples(st.integers(0, 30), st.integers(1, 8), st.sampled_from(["A", "B"])), max_size=5), min_size=2, max_size=3))
def test_runs_give_the_same_alpha_as_characters(raw) -> None:
    """Character-level α from runs (weights) equals α over every character."""
    from annotator.agreement import krippendorff_alpha_weighted, runs

    length = 40
    coders = [[(s, min(s + w, length), label) for s, w, label in spans] for spans in raw]
    per_char = [char_values(spans, length) for spans in coders]
    ours = krippendorff_alpha_weighted(runs(coders, length))
    reference = krippendorff_alpha(per_char)
    assert (math.isnan(ours) and math.isnan(reference)) or ours == pytest.approx(reference, abs=1e-9)
    for label in ("A", "B"):
        binary = [char_values(spans, length, label) for spans in coders]
        ours = krippendorff_alpha_weighted(runs(coders, length, label))
        reference = krippendorff_alpha(binary)
        assert (math.isnan(ours) and math.isnan(reference)) or ours == pytest.approx(reference, abs=1e-9)


SPANS = st.lists(st.tuples(st.integers(-3, 40), st.integers(-2, 12), st.sampled_from(["A", "B", "C"])), max_size=8).map(
    lambda raw: [(s, s + w, label) for s, w, label in raw]
)


@settings(max_examples=300, deadline=None)
@given(SPANS, SPANS)
def test_confusion_matrix_equals_greedy_matching_over_all_pairs(ref, other) -> None:
    """The bisect search for overlapping spans finds exactly the pairs the plain test of
    every pair finds, so the greedy matching (ties by position) comes out the same; also for
    unsorted, empty and reversed spans."""
    pairs = sorted(
        ((min(r[1], o[1]) - max(r[0], o[0]), i, j) for i, r in enumerate(ref) for j, o in enumerate(other)
         if r[0] < o[1] and o[0] < r[1]),
        key=lambda p: (-p[0], p[1], p[2]),
    )
    used_r, used_o, want = set(), set(), {}
    for _, i, j in pairs:
        if i not in used_r and j not in used_o:
            used_r.add(i)
            used_o.add(j)
            want[(ref[i][2], other[j][2])] = want.get((ref[i][2], other[j][2]), 0) + 1
    for i, r in enumerate(ref):
        if i not in used_r:
            want[(r[2], "∅")] = want.get((r[2], "∅"), 0) + 1
    for j, o in enumerate(other):
        if j not in used_o:
            want[("∅", o[2])] = want.get(("∅", o[2]), 0) + 1
    assert confusion_matrix(ref, other) == want


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.none(), SPANS), min_size=1, max_size=4), st.integers(0, 45), st.sampled_from([None, "A"]))
def test_runs_are_the_characters_values_run_length_encoded(coders, length, label) -> None:
    """Expanding the runs character by character gives each coder's char_values (spans cut
    to the text, overlapping spans' labels joined), None for a coder who did not code."""
    from annotator.agreement import runs

    expanded: list[list] = [[] for _ in coders]
    for run_length, values in runs(coders, length, label):
        assert run_length > 0 or length == 0
        for row, value in zip(expanded, values):
            row.extend([value] * run_length)
    for row, spans in zip(expanded, coders):
        if spans is None:
            assert row == [None] * length
        else:
            inside = [(max(s, 0), min(e, length), lab) for s, e, lab in spans if min(e, length) > max(s, 0)]
            assert row == char_values(inside, length, label)
