"""The agreement report of a project: overall, per label, per pair of annotators and per
document, streamed over the documents.

What counts: each annotator's confirmed spans (accepted, relabelled, added); a document
counts where at least two of the chosen annotators worked on it (with ``done_only``: marked
it done). A document an annotator did not work on is missing for them, not disagreement.

- Character-level α: one unit per character, its value the set of labels covering it
  (``"O"`` for none); per label, 1 or 0. Fleiss' κ uses the characters every chosen
  annotator coded; Cohen's κ, per pair, the characters both coded.
- α_U (unitized): per document over its annotators; overall and per label over one
  continuum made of the documents every chosen annotator worked on. Overlapping spans of
  one label by one annotator are joined into one unit (α_U's units may not overlap).
- F1 exact / overlap: per pair, micro-averaged over the documents both worked on.
- Pairwise measures in ``overall`` and ``per_label`` are the mean over pairs.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import Counter
from itertools import accumulate, combinations
from typing import Any, Sequence

from ..agreement import Coincidences, cohen_kappa_weighted, confusion_matrix, fleiss_kappa_weighted, value_runs
from ..progress import IsCancelled, Progress, Cancelled, never_cancelled, no_progress
from ..records import ANNOTATOR_KIND
from ..store import Store
from ..store_agreement import coded_documents
from ..unitizing import Continuum, label_parts, observed_from_total, overall_alpha, units_by_label
from .codebooks import project_codebook

Span = tuple[int, int, str]


def agreement_report(
    store: Store,
    annotators: Sequence[str] | None = None,
    labels: Sequence[str] | None = None,
    *,
    done_only: bool = False,
    progress: Progress = no_progress,
    cancelled: IsCancelled = never_cancelled,
) -> dict[str, Any]:
    coders = list(annotators) if annotators else [a.name for a in store.annotators() if a.kind == ANNOTATOR_KIND]
    labels = list(labels) if labels else list(project_codebook(store).labels)
    scopes = [None, *labels]  # None: all labels together
    acc = _Accumulators(coders, scopes)
    total = store.document_count()
    for walked, document in coded_documents(store, coders, labels, done_only=done_only):
        if cancelled():
            raise Cancelled("agreement report cancelled")
        if document is not None:
            acc.add_document(document.id, document.title, document.length, document.spans)
        progress(walked, total)
    return acc.report()


class _Accumulators:
    """Tallies per document what the coefficients need, so that the report is formed once.

    Character-level measures need only how many characters carry each combination of values
    (one per coder, None where missing): a corpus has few combinations, so the runs of every
    document go into one tally, and each scope (a label's 1/0 values), pair and measure is
    derived from it at the end. Keys keep the order in which the runs first met them, so the
    coefficients add up in the same order as when each run was added to each measure.
    """

    def __init__(self, coders: list[str], scopes: list[str | None]):
        self.coders, self.scopes = coders, scopes
        self.pairs = list(combinations(coders, 2))
        self.values: Counter = Counter()  # one value per coder → characters
        self.f1 = {(pair, scope): [0] * 5 for pair in self.pairs for scope in scopes}  # see _pair_counts
        self.continuum = Continuum(len(coders))
        self.documents: list[dict] = []
        self.characters = 0
        self.span_counts: Counter = Counter()
        self.confusion: Counter = Counter()  # (label of a, label of b) over spans matched by position

    def add_document(self, doc_id: int, title: str, length: int, spans: dict[str, list[Span]]) -> None:
        rows = [spans.get(c) for c in self.coders]  # None: this coder did not work on it
        self.characters += length
        values: Counter = Counter()
        for run_length, run_values in value_runs(rows, length):  # one sweep; the labels' 1/0 values follow later
            if run_length > 0:
                values[run_values] += run_length
        for key, weight in values.items():
            self.values[key] += weight
        by_label = {coder: _by_label(coder_spans) for coder, coder_spans in spans.items()}
        pair_counts = {
            (a, b): _pair_counts(by_label[a], by_label[b]) for a, b in combinations(sorted(spans), 2)
        }
        for (a, b) in self.pairs:
            if a in spans and b in spans:
                self.confusion.update(confusion_matrix(spans[a], spans[b]))
                counts = pair_counts[(a, b)] if (a, b) in pair_counts else _swapped(pair_counts[(b, a)])
                everything = self.f1[((a, b), None)]
                for label, label_counts in counts.items():
                    one_label = self.f1[((a, b), label)]
                    for field, count in enumerate(label_counts):
                        one_label[field] += count
                        everything[field] += count
        for coder, coder_spans in spans.items():
            self.span_counts[None] += len(coder_spans)
            for span in coder_spans:
                self.span_counts[span[2]] += 1
        if length:
            units = units_by_label(_units(spans), length)
            parts = {label: label_parts(by_coder, length) for label, by_coder in units.items()}
            totals = {label: total for label, (total, _) in parts.items()}
            document_alpha = overall_alpha(
                {label: observed_from_total(total, len(spans), length) for label, (total, _) in parts.items()},
                {label: expected for label, (_, expected) in parts.items()},
            )
        else:
            units, totals, document_alpha = {}, {}, math.nan
        if len(spans) == len(self.coders):  # α_U over one continuum of fully coded documents
            self.continuum.add(units, length, totals)
        char = Coincidences.of_tally(values)  # the document's own character α: the same runs, its coders only
        f1 = [_f1_from(_all_labels(counts)) for counts in pair_counts.values()]
        self.documents.append({
            "id": doc_id, "title": title, "annotators": sorted(spans),
            "krippendorff_alpha_unitized": document_alpha,
            "krippendorff_alpha_char": char.alpha(),
            "f1_exact": _mean([f["exact"] for f in f1]), "f1_overlap": _mean([f["overlap"] for f in f1]),
            "spans": sum(len(s) for s in spans.values()), "characters": length,
        })

    def report(self) -> dict[str, Any]:
        self._char_measures()
        unitized = self.continuum.alpha() if self.continuum.length else None
        pairs = []
        for (a, b) in self.pairs:
            f1 = _f1_from(self.f1[((a, b), None)])
            pairs.append({
                "a": a, "b": b,
                "cohen_kappa_char": _cohen(self.cohen[((a, b), None)]),
                "krippendorff_alpha_char": self.pair_alpha[(a, b)].alpha(),
                "f1_exact": f1["exact"], "f1_overlap": f1["overlap"],
                "spans_a": self.f1[((a, b), None)][0], "spans_b": self.f1[((a, b), None)][1],
                "characters": self.pair_characters[(a, b)],
            })
        return {
            "annotators": self.coders,
            "documents": len(self.documents),
            "overall": self._measures(None, unitized["overall"] if unitized else math.nan, self.characters),
            "per_label": {
                scope: self._measures(scope, (unitized or {}).get("per_label", {}).get(scope, math.nan), self.characters)
                for scope in self.scopes if scope is not None
            },
            "pairs": pairs,
            "per_document": self.documents,
            "confusion": [{"a_label": a, "b_label": b, "count": n} for (a, b), n in sorted(self.confusion.items())],
        }

    def _char_measures(self) -> None:
        """α, Fleiss' κ and Cohen's κ per scope and pair, from the tally of values."""
        self.alpha = {scope: Coincidences() for scope in self.scopes}
        self.fleiss: dict = {scope: Counter() for scope in self.scopes}  # values every coder gave → characters
        self.cohen: dict = {(pair, scope): Counter() for pair in self.pairs for scope in self.scopes}  # (a, b) → characters
        self.pair_alpha = {pair: Coincidences() for pair in self.pairs}
        self.pair_characters: Counter = Counter()
        positions = {c: i for i, c in enumerate(self.coders)}
        for scope in self.scopes:
            for key, weight in self.values.items():
                values = key if scope is None else tuple(None if v is None else int(v != "O" and scope in v) for v in key)
                self.alpha[scope].add(weight, values)
                if all(v is not None for v in values):
                    self.fleiss[scope][values] += weight
                for (a, b) in self.pairs:
                    va, vb = values[positions[a]], values[positions[b]]
                    if va is not None and vb is not None:
                        self.cohen[((a, b), scope)][(va, vb)] += weight
                        if scope is None:
                            self.pair_alpha[(a, b)].add(weight, [va, vb])
                            self.pair_characters[(a, b)] += weight

    def _measures(self, scope: str | None, alpha_u: float, characters: int) -> dict[str, Any]:
        f1 = [_f1_from(self.f1[(pair, scope)]) for pair in self.pairs]
        return {
            "krippendorff_alpha_unitized": alpha_u,
            "krippendorff_alpha_char": self.alpha[scope].alpha(),
            "fleiss_kappa_char": _fleiss(self.fleiss[scope]),
            "cohen_kappa_char": _mean([_cohen(self.cohen[(pair, scope)]) for pair in self.pairs]),
            "f1_exact": _mean([f["exact"] for f in f1]),
            "f1_overlap": _mean([f["overlap"] for f in f1]),
            "spans": self.span_counts[scope],
            "characters": characters,
        }


def _by_label(spans: list[Span]) -> dict[str, list[Span]]:
    grouped: dict[str, list[Span]] = {}
    for span in spans:
        grouped.setdefault(span[2], []).append(span)
    return grouped


def _pair_counts(a: dict[str, list[Span]], b: dict[str, list[Span]]) -> dict[str, tuple[int, int, int, int, int]]:
    """Per label: spans of a, spans of b, exact matches, spans of a overlapping one of b,
    spans of b overlapping one of a. Matches need the same label, so all labels together
    are the sums over the labels."""
    counts = {}
    for label in a.keys() | b.keys():
        mine, theirs = a.get(label, []), b.get(label, [])
        exact = _exact(mine, theirs) if mine and theirs else 0
        counts[label] = (len(mine), len(theirs), exact, _hits(mine, theirs), _hits(theirs, mine))
    return counts


def _exact(a: list[Span], b: list[Span]) -> int:
    """Spans in both, counted as multisets (a layer may hold one span twice)."""
    set_a, set_b = set(a), set(b)
    if len(set_a) == len(a) and len(set_b) == len(b):
        return len(set_a & set_b)
    return sum((Counter(a) & Counter(b)).values())


def _swapped(counts: dict[str, tuple[int, int, int, int, int]]) -> dict[str, tuple[int, int, int, int, int]]:
    return {label: (b, a, exact, b_hit, a_hit) for label, (a, b, exact, a_hit, b_hit) in counts.items()}


def _all_labels(counts: dict[str, tuple[int, int, int, int, int]]) -> list[int]:
    return [sum(column) for column in zip(*counts.values())] if counts else [0] * 5


def _hits(spans: list[Span], others: list[Span]) -> int:
    """How many of ``spans`` overlap one of ``others`` (all of one label, ``others`` sorted):
    a span overlaps one of the others starting before its end exactly when the furthest end
    among those lies past its start. One bisect per span, not all pairs."""
    if not spans or not others:
        return 0
    starts = [s for s, _, _ in others]
    furthest = list(accumulate((e for _, e, _ in others), max))
    hits = 0
    for start, end, _ in spans:
        before_end = bisect_left(starts, end)
        hits += before_end > 0 and furthest[before_end - 1] > start
    return hits


def _f1_from(counts: Sequence[int]) -> dict[str, float]:
    """Micro F1 between two annotators from (spans of a, spans of b, exact matches, a's
    spans hit, b's spans hit); symmetric (either may be the reference)."""
    a, b, exact_matches, a_hit, b_hit = counts
    if a == 0 and b == 0:
        return {"exact": math.nan, "overlap": math.nan}
    exact = 2 * exact_matches / (a + b)
    p = b_hit / b if b else 0.0
    r = a_hit / a if a else 0.0
    return {"exact": exact, "overlap": 2 * p * r / (p + r) if p + r else 0.0}


def _units(spans: dict[str, list[Span]]) -> dict[str, list[Span]]:
    """α_U needs each coder's units of one label not to overlap: overlapping (or nested)
    spans of one label by one annotator are joined into one unit for α_U."""
    joined = {}
    for coder, coder_spans in spans.items():
        result: list[list] = []
        for start, end, label in sorted(coder_spans, key=lambda s: (s[2], s[0], s[1])):
            if result and result[-1][2] == label and start < result[-1][1]:
                result[-1][1] = max(result[-1][1], end)
            else:
                result.append([start, end, label])
        joined[coder] = [tuple(span) for span in result]
    return joined


def _cohen(tally: Counter) -> float:
    return cohen_kappa_weighted((weight, a, b) for (a, b), weight in tally.items())


def _fleiss(tally: Counter) -> float:
    """Fleiss' κ over the characters every chosen annotator coded (tallied by values)."""
    if not tally:
        return math.nan
    categories = sorted({v for values in tally for v in values}, key=str)
    index = {c: i for i, c in enumerate(categories)}
    counted = []
    for values, weight in tally.items():
        counts = [0] * len(categories)
        for v in values:
            counts[index[v]] += 1
        counted.append((weight, counts))
    return fleiss_kappa_weighted(counted)


def _mean(values: list[float]) -> float:
    values = [v for v in values if not math.isnan(v)]
    return sum(values) / len(values) if values else math.nan
