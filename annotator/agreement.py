"""Agreement between annotators: pure functions, no Qt, no database.

Everything here is checked against independent implementations (the ``krippendorff``
package, scikit-learn, statsmodels, NLTK) and published worked examples in
``tests/core/test_agreement.py``.

Conventions: a missing value is ``None`` (a unit a coder did not code), never a
disagreement. A coefficient that is undefined (no variation at all, so the expected
disagreement is zero) is returned as ``nan``. ``unitized_alpha`` follows DKPro Agreement
instead (0.0 when observed and expected disagreement are equal, 0/0 included; ``nan`` for
a single coder), so that its values match the published ones; see :mod:`annotator.unitizing`.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import Counter
from itertools import combinations
from operator import sub
from typing import Hashable, Iterable, Iterator, Mapping, Sequence

from .unitizing import unitized_alpha

Span = tuple[int, int, str]
LEVELS = ("nominal", "ordinal", "interval", "ratio")
NO_LABEL = "O"

__all__ = [
    "LEVELS", "char_values", "cohen_kappa", "cohen_kappa_weighted", "confusion_matrix", "fleiss_kappa",
    "fleiss_kappa_weighted", "krippendorff_alpha", "krippendorff_alpha_weighted", "runs", "span_scores",
    "unitized_alpha", "value_runs",
]


# ------------------------------------------------------------------ Krippendorff's alpha


def krippendorff_alpha(data: Sequence[Sequence[Hashable | None]], level: str = "nominal") -> float:
    """Krippendorff's α for ``data[coder][unit]`` (``None`` = missing), through the
    coincidence matrix: α = 1 − D_o / D_e with
    D_o = Σ_ck o_ck δ²_ck / n and D_e = Σ_ck n_c n_k δ²_ck / (n (n − 1)).
    Units coded by fewer than two coders are not pairable and are left out."""
    units = len(data[0]) if data else 0
    if any(len(row) != units for row in data):
        raise ValueError("every coder's row must have one value per unit")
    return krippendorff_alpha_weighted(((1, [row[u] for row in data]) for u in range(units)), level)


def krippendorff_alpha_weighted(units: Iterable[tuple[float, Sequence[Hashable | None]]], level: str = "nominal") -> float:
    """Krippendorff's α over units given as (weight, one value per coder): a run of
    identical units (characters with the same labels from every coder) counts once with
    its length as weight, which makes character-level α cost per span, not per character."""
    coincidences = Coincidences()
    for weight, row in units:
        coincidences.add(weight, row)
    return coincidences.alpha(level)


class Coincidences:
    """Krippendorff's coincidence matrix, filled unit by unit (so a corpus can be streamed).

    Units are tallied by their values first: a corpus has few distinct combinations of
    values (most characters are "O" for everyone), so each is paired out once."""

    def __init__(self) -> None:
        self.matrix: Counter = Counter()
        self.tally: Counter = Counter()

    @classmethod
    def of_tally(cls, tally: Mapping[tuple, float]) -> "Coincidences":
        """The coincidences of units already tallied by their values (values → weight), in
        the tally's order: the same as adding them one by one."""
        made = cls()
        made.tally = Counter({row: weight for row, weight in tally.items() if weight > 0})
        return made

    def add(self, weight: float, row: Sequence[Hashable | None]) -> None:
        if weight > 0:
            self.tally[tuple(row)] += weight

    def _pair_out(self) -> None:
        for row, weight in self.tally.items():
            values = [v for v in row if v is not None]
            m = len(values)
            if m < 2:
                continue  # a unit fewer than two coders coded is not pairable
            share = weight / (m - 1)
            for i, c in enumerate(values):
                for j, k in enumerate(values):
                    if i != j:
                        self.matrix[(c, k)] += share
        self.tally.clear()

    def alpha(self, level: str = "nominal") -> float:
        if level not in LEVELS:
            raise ValueError(f"level must be one of {', '.join(LEVELS)}")
        self._pair_out()
        totals: Counter = Counter()
        for (c, _), weight in self.matrix.items():
            totals[c] += weight
        n = sum(totals.values())
        if n <= 1:
            return math.nan
        delta = _metric(level, totals)
        observed = sum(weight * delta(c, k) for (c, k), weight in self.matrix.items()) / n
        expected = sum(totals[c] * totals[k] * delta(c, k) for c in totals for k in totals) / (n * (n - 1))
        return math.nan if expected == 0 else 1.0 - observed / expected


def _metric(level: str, totals: Mapping) -> callable:
    if level == "nominal":
        return lambda c, k: 0.0 if c == k else 1.0
    if level == "interval":
        return lambda c, k: float(c - k) ** 2
    if level == "ratio":
        return lambda c, k: 0.0 if c == k else ((c - k) / (c + k)) ** 2
    ranked = sorted(totals)  # ordinal: distances from the marginal counts between the ranks
    position = {value: index for index, value in enumerate(ranked)}
    cumulative = [0.0]
    for value in ranked:
        cumulative.append(cumulative[-1] + totals[value])

    def ordinal(c, k) -> float:
        low, high = sorted((position[c], position[k]))
        between = cumulative[high + 1] - cumulative[low]
        return (between - (totals[c] + totals[k]) / 2.0) ** 2

    return ordinal


# ------------------------------------------------------------------ kappas


def cohen_kappa(a: Sequence[Hashable], b: Sequence[Hashable]) -> float:
    """Cohen's κ of two equal-length label sequences: (p_o − p_e) / (1 − p_e)."""
    if len(a) != len(b):
        raise ValueError("the two sequences must have the same length")
    return cohen_kappa_weighted((1, x, y) for x, y in zip(a, b))


def cohen_kappa_weighted(pairs: Iterable[tuple[float, Hashable, Hashable]]) -> float:
    """Cohen's κ over (weight, label of a, label of b) runs."""
    total, agree = 0.0, 0.0
    count_a: Counter = Counter()
    count_b: Counter = Counter()
    for weight, x, y in pairs:
        total += weight
        agree += weight if x == y else 0.0
        count_a[x] += weight
        count_b[y] += weight
    if total == 0:
        return math.nan
    observed = agree / total
    expected = sum(count_a[c] * count_b[c] for c in count_a) / (total * total)
    return math.nan if expected >= 1 - 1e-15 else (observed - expected) / (1 - expected)


def fleiss_kappa(table: Sequence[Sequence[float]]) -> float:
    """Fleiss' κ of ``table[unit][category]`` = raters who put the unit in the category
    (the same number of raters for every unit)."""
    return fleiss_kappa_weighted((1, row) for row in table)


def fleiss_kappa_weighted(rows: Iterable[tuple[float, Sequence[float]]]) -> float:
    """Fleiss' κ over (weight, category counts) runs of identical units."""
    units, raters, agreement = 0.0, None, 0.0
    category_totals: Counter = Counter()
    for weight, row in rows:
        count = sum(row)
        if raters is None:
            raters = count
        if count < 2 or abs(count - raters) > 1e-9:
            raise ValueError("every unit needs the same number (at least 2) of raters")
        units += weight
        agreement += weight * (sum(x * x for x in row) - raters) / (raters * (raters - 1))
        for category, x in enumerate(row):
            category_totals[category] += weight * x
    if not units:
        raise ValueError("every unit needs the same number (at least 2) of raters")
    observed = agreement / units
    expected = sum((total / (units * raters)) ** 2 for total in category_totals.values())
    return math.nan if expected >= 1 - 1e-15 else (observed - expected) / (1 - expected)


# ------------------------------------------------------------------ spans


def span_scores(reference: Iterable[Span], other: Iterable[Span]) -> dict[str, float | int]:
    """Precision, recall and F1 of ``other`` against ``reference``, exact (start, end and
    label equal, counted as multisets) and overlap (same label, a character in common)."""
    ref, oth = list(reference), list(other)
    exact = sum((Counter(ref) & Counter(oth)).values())
    ref_hit = sum(1 for r in ref if any(_overlap(r, o) for o in oth))
    oth_hit = sum(1 for o in oth if any(_overlap(r, o) for r in ref))
    scores: dict[str, float | int] = {"reference_spans": len(ref), "other_spans": len(oth)}
    for kind, precision_hits, recall_hits in (("exact", exact, exact), ("overlap", oth_hit, ref_hit)):
        precision = precision_hits / len(oth) if oth else math.nan
        recall = recall_hits / len(ref) if ref else math.nan
        scores[f"precision_{kind}"] = precision
        scores[f"recall_{kind}"] = recall
        scores[f"f1_{kind}"] = _f1(precision, recall, ref, oth)
    return scores


def _f1(precision: float, recall: float, ref: list, oth: list) -> float:
    if not ref and not oth:
        return 1.0  # both found nothing: full agreement
    if not ref or not oth or math.isnan(precision) or math.isnan(recall) or precision + recall == 0:
        return 0.0
    return 2 * precision * recall / (precision + recall)


def _overlap(a: Span, b: Span) -> bool:
    return a[2] == b[2] and a[0] < b[1] and b[0] < a[1]


def confusion_matrix(reference: Iterable[Span], other: Iterable[Span]) -> dict[tuple[str, str], int]:
    """Labels of spans matched by position (any label): pairs are formed greedily by the
    largest overlap; a span left without a partner is paired with ``"∅"``."""
    ref, oth = list(reference), list(other)
    pairs = _overlapping(ref, oth)
    pairs.sort()  # the largest overlap first, then by position in ref and in oth
    used_r, used_o, matrix = set(), set(), Counter()
    for _, i, j in pairs:
        if i not in used_r and j not in used_o:
            used_r.add(i)
            used_o.add(j)
            matrix[(ref[i][2], oth[j][2])] += 1
    for i, r in enumerate(ref):
        if i not in used_r:
            matrix[(r[2], "∅")] += 1
    for j, o in enumerate(oth):
        if j not in used_o:
            matrix[("∅", o[2])] += 1
    return dict(matrix)


def _overlapping(ref: list[Span], oth: list[Span]) -> list[tuple[int, int, int]]:
    """(−overlap, i, j) for every span ref[i] that shares a character with oth[j] (negated:
    sorted, the largest overlap comes first): the starts of ``oth`` sorted and a bisect per
    span of ``ref``, not all pairs."""
    if any(o[1] <= o[0] for o in oth):  # empty or reversed spans: the plain test of every pair
        return [(max(r[0], o[0]) - min(r[1], o[1]), i, j) for i, r in enumerate(ref) for j, o in enumerate(oth)
                if r[0] < o[1] and o[0] < r[1]]
    starts = [o[0] for o in oth]
    order: Sequence[int] = range(len(oth))
    if any(a > b for a, b in zip(starts, starts[1:])):
        order = sorted(order, key=lambda j: oth[j][0])
        starts = [oth[j][0] for j in order]
    longest = max((o[1] - o[0] for o in oth), default=0)
    found = []
    for i, (r_start, r_end, _) in enumerate(ref):
        # A span of oth ends at most `longest` after its start: none starting earlier reaches r.
        for k in range(bisect_left(starts, r_start - longest), bisect_left(starts, r_end)):
            o_start, o_end, _ = oth[order[k]]
            if r_start < o_end:
                found.append((max(r_start, o_start) - min(r_end, o_end), i, order[k]))
    return found


def runs(spans_by_coder: Sequence[Iterable[Span] | None], length: int, label: str | None = None) -> list[tuple[int, list]]:
    """Characters [0, length) cut into runs over which no coder's value changes, as
    (run length, one value per coder); a coder given as ``None`` did not annotate the text
    and has ``None`` (missing) everywhere. Values as in :func:`char_values`. A sweep over
    span edges: the cost grows with the spans, not the characters."""
    return [(run_length, list(values)) for run_length, values in value_runs(spans_by_coder, length, label)]


def value_runs(spans_by_coder: Sequence[Iterable[Span] | None], length: int, label: str | None = None) -> Iterator[tuple[int, tuple]]:
    """:func:`runs` with each run's values as a tuple, made lazily (what a tally keys on)."""
    coders = [None if spans is None else _inside(spans, length, label) for spans in spans_by_coder]
    edges = sorted({0, length} | {p for kept in coders for s in kept or () for p in s[:2]})
    index = {edge: i for i, edge in enumerate(edges)}
    missing = [None] * (len(edges) - 1)
    columns = [_sweep(kept, index, len(edges) - 1, label) if kept is not None else missing for kept in coders]
    return zip(map(sub, edges[1:], edges), zip(*columns))


def _inside(spans: Iterable[Span], length: int, label: str | None) -> list[Span]:
    """The spans (of ``label``, if given) cut to [0, length), empty ones dropped."""
    spans = list(spans)
    if label is None and all(0 <= s[0] < s[1] <= length for s in spans):
        return spans  # the usual case: nothing to cut, no copy made span by span
    return [
        (max(0, s[0]), min(length, s[1]), s[2]) for s in spans
        if (label is None or s[2] == label) and min(length, s[1]) > max(0, s[0])
    ]


def _sweep(spans: list[Span], index: dict[int, int], count: int, label: str | None) -> list:
    """One coder's value on each of the ``count`` runs; ``index`` gives the run each edge
    opens. Each span marks the runs it covers (runs are cut at every span edge)."""
    if label is not None:
        marked = [0] * count
        for start, end, _ in spans:
            marked[index[start]:index[end]] = [1] * (index[end] - index[start])
        return marked
    covering: list = [None] * count  # None, one label, or a set of labels
    for start, end, span_label in spans:
        for run in range(index[start], index[end]):
            held = covering[run]
            if held is None:
                covering[run] = span_label
            elif isinstance(held, set):
                held.add(span_label)
            elif held != span_label:
                covering[run] = {held, span_label}
    return [
        NO_LABEL if held is None else tuple(sorted(held)) if isinstance(held, set) else (held,)
        for held in covering
    ]


def char_values(spans: Iterable[Span], length: int, label: str | None = None) -> list:
    """One value per character: with ``label``, 1 where a span of that label covers the
    character and 0 elsewhere; without, the (sorted) tuple of labels covering it, or
    ``"O"`` where none does."""
    if label is not None:
        values = [0] * length
        for start, end, span_label in spans:
            if span_label == label:
                values[start:end] = [1] * (end - start)
        return values
    covering: list[set] = [set() for _ in range(length)]
    for start, end, span_label in spans:
        for position in range(start, end):
            covering[position].add(span_label)
    return [tuple(sorted(labels)) if labels else NO_LABEL for labels in covering]


def pairs(coders: Sequence[str]) -> list[tuple[str, str]]:
    return list(combinations(coders, 2))
