"""The agreement report as it was before the fast path (issue 13), kept verbatim (its own
queries through the Store's per-document methods) so that tests can check the fast report
gives exactly the same numbers on generated projects. Not used by the application."""
from __future__ import annotations

import math
from bisect import bisect_left
from collections import Counter
from itertools import combinations
from typing import Any, Sequence

from annotator.agreement import Coincidences, cohen_kappa_weighted, confusion_matrix, fleiss_kappa_weighted, runs, unitized_alpha
from annotator.progress import IsCancelled, Progress, Cancelled, never_cancelled, no_progress
from annotator.records import ANNOTATOR_KIND
from annotator.store import Store
from annotator.services.codebooks import project_codebook

CONFIRMED = ("accepted", "relabelled", "added")
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
    for done, document in enumerate(store.documents(), start=1):
        if cancelled():
            raise Cancelled("agreement report cancelled")
        present = _coders_of(store, document.id, coders, done_only)
        if len(present) >= 2:
            spans = {c: _spans(store, document.id, c, labels) for c in present}
            acc.add_document(document.id, document.title, len(document.text), spans)
        progress(done, total)
    return acc.report()


def _coders_of(store: Store, doc_id: int, coders: list[str], done_only: bool) -> list[str]:
    worked = set(store.layer_names_of(doc_id))
    present = [c for c in coders if c in worked]
    if done_only:
        present = [c for c in present if store.doc_state(doc_id, c).status == "done"]
    return present


def _spans(store: Store, doc_id: int, layer: str, labels: list[str]) -> list[Span]:
    return sorted(
        (a.start, a.end, a.label) for a in store.annotations(doc_id, layer) if a.status in CONFIRMED and a.label in labels
    )


class _Accumulators:
    def __init__(self, coders: list[str], scopes: list[str | None]):
        self.coders, self.scopes = coders, scopes
        self.pairs = list(combinations(coders, 2))
        self.alpha = {scope: Coincidences() for scope in scopes}
        self.fleiss: dict = {scope: Counter() for scope in scopes}  # values every coder gave → characters
        self.cohen: dict = {(pair, scope): Counter() for pair in self.pairs for scope in scopes}  # (a, b) → characters
        self.pair_alpha = {pair: Coincidences() for pair in self.pairs}
        self.f1 = {(pair, scope): Counter() for pair in self.pairs for scope in scopes}
        self.unitized_spans: dict[str, list[Span]] = {c: [] for c in coders}
        self.unitized_length = 0
        self.documents: list[dict] = []
        self.characters = 0
        self.span_counts: Counter = Counter()
        self.pair_characters: Counter = Counter()
        self.confusion: Counter = Counter()  # (label of a, label of b) over spans matched by position

    def add_document(self, doc_id: int, title: str, length: int, spans: dict[str, list[Span]]) -> None:
        rows = [spans.get(c) for c in self.coders]  # None: this coder did not work on it
        self.characters += length
        positions = {c: i for i, c in enumerate(self.coders)}
        overall = runs(rows, length)  # one sweep; each label's 1/0 values follow from the label sets
        for scope in self.scopes:
            for run_length, values in overall if scope is None else _binary(overall, scope):
                self.alpha[scope].add(run_length, values)
                if all(v is not None for v in values):
                    self.fleiss[scope][tuple(values)] += run_length
                for (a, b) in self.pairs:
                    va, vb = values[positions[a]], values[positions[b]]
                    if va is not None and vb is not None:
                        self.cohen[((a, b), scope)][(va, vb)] += run_length
                        if scope is None:
                            self.pair_alpha[(a, b)].add(run_length, [va, vb])
                            self.pair_characters[(a, b)] += run_length
        for (a, b) in self.pairs:
            if a in spans and b in spans:
                self.confusion.update(confusion_matrix(spans[a], spans[b]))
                for scope in self.scopes:
                    _count_f1(self.f1[((a, b), scope)], spans[a], spans[b], scope)
        for coder, coder_spans in spans.items():
            self.span_counts[None] += len(coder_spans)
            for span in coder_spans:
                self.span_counts[span[2]] += 1
        if len(spans) == len(self.coders):  # α_U over one continuum of fully coded documents
            for coder, coder_spans in spans.items():
                self.unitized_spans[coder].extend((s + self.unitized_length, e + self.unitized_length, l) for s, e, l in coder_spans)
            self.unitized_length += length
        document_alpha = unitized_alpha(_units(spans), length) if length else {"overall": math.nan}
        char = Coincidences()  # the document's own character α: the same runs, its coders only
        for run_length, values in overall:
            char.add(run_length, values)
        f1 = [_f1_from(_count_f1(Counter(), spans[a], spans[b], None)) for a, b in combinations(sorted(spans), 2)]
        self.documents.append({
            "id": doc_id, "title": title, "annotators": sorted(spans),
            "krippendorff_alpha_unitized": document_alpha["overall"],
            "krippendorff_alpha_char": char.alpha(),
            "f1_exact": _mean([f["exact"] for f in f1]), "f1_overlap": _mean([f["overlap"] for f in f1]),
            "spans": sum(len(s) for s in spans.values()), "characters": length,
        })

    def report(self) -> dict[str, Any]:
        unitized = unitized_alpha(_units(self.unitized_spans), self.unitized_length) if self.unitized_length else None
        pairs = []
        for (a, b) in self.pairs:
            f1 = _f1_from(self.f1[((a, b), None)])
            pairs.append({
                "a": a, "b": b,
                "cohen_kappa_char": _cohen(self.cohen[((a, b), None)]),
                "krippendorff_alpha_char": self.pair_alpha[(a, b)].alpha(),
                "f1_exact": f1["exact"], "f1_overlap": f1["overlap"],
                "spans_a": self.f1[((a, b), None)]["a"], "spans_b": self.f1[((a, b), None)]["b"],
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


def _count_f1(counter: Counter, a: list[Span], b: list[Span], scope: str | None) -> Counter:
    a = [s for s in a if scope is None or s[2] == scope]
    b = [s for s in b if scope is None or s[2] == scope]
    counter["a"] += len(a)
    counter["b"] += len(b)
    counter["exact"] += sum((Counter(a) & Counter(b)).values())
    counter["a_hit"] += _hits(a, b)
    counter["b_hit"] += _hits(b, a)
    return counter


def _hits(spans: list[Span], others: list[Span]) -> int:
    """How many of ``spans`` overlap a span of ``others`` with the same label (sorted
    starts and a bisect per span, not all pairs)."""
    by_label: dict[str, tuple[list[int], list[Span]]] = {}
    for span in sorted(others):
        starts, items = by_label.setdefault(span[2], ([], []))
        starts.append(span[0])
        items.append(span)
    longest = {label: max(e - s for s, e, _ in items) for label, (_, items) in by_label.items()}
    hits = 0
    for start, end, label in spans:
        if label not in by_label:
            continue
        starts, items = by_label[label]
        low = bisect_left(starts, start - longest[label])
        high = bisect_left(starts, end)
        hits += any(s < end and start < e for s, e, _ in items[low:high])
    return hits


def _f1_from(counter: Counter) -> dict[str, float]:
    """Micro F1 between two annotators; symmetric (either may be the reference)."""
    if counter["a"] == 0 and counter["b"] == 0:
        return {"exact": math.nan, "overlap": math.nan}
    exact = 2 * counter["exact"] / (counter["a"] + counter["b"])
    p = counter["b_hit"] / counter["b"] if counter["b"] else 0.0
    r = counter["a_hit"] / counter["a"] if counter["a"] else 0.0
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


def _binary(overall: list[tuple[int, list]], label: str) -> list[tuple[int, list]]:
    """Runs of label sets as runs of 1/0 for one label (missing stays missing)."""
    return [(n, [None if v is None else int(v != "O" and label in v) for v in values]) for n, values in overall]


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
