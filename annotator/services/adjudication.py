"""Disagreements between annotators, and adjudication into the gold layer.

A *region* is a stretch of text where annotators' confirmed spans overlap one another
(any label). Annotators who worked on the document and agree on every span in a region
(same start, end and label) raise no disagreement there; otherwise the region is one, of
the kind:
- "missing span": someone who worked on the document has no span in it;
- "label conflict": everyone has the same boundaries, with different labels;
- "boundary conflict": otherwise.
Adjudication writes the gold layer, region by region, with a reason in the journal; a
region decided as "none" gets a gold rejection, so it counts as resolved and exports
nothing. Gold is written nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from ..errors import AnnotatorError
from ..records import ANNOTATOR_KIND, GOLD_LAYER, Annotation, SpanValues
from ..store import Store
from .codebooks import project_codebook
from .decisions import learn_from

CONFIRMED = ("accepted", "relabelled", "added")
REASONS = ("codebook rule", "boundary rule", "missed by an annotator", "annotation slip", "other")
Span = tuple[int, int, str]


@dataclass(frozen=True)
class Disagreement:
    doc_id: int
    title: str
    start: int  # the region
    end: int
    kind: str
    labels: tuple[str, ...]
    spans: dict[str, tuple[Span, ...]]  # annotator → their spans in the region
    resolved: bool


@dataclass(frozen=True)
class GoldChange:
    """One adjudication: the gold annotations of a region before and after."""

    doc_id: int
    start: int
    end: int
    before: tuple[Annotation, ...]
    after: tuple[Annotation, ...]
    reason: str


def annotators_of(store: Store) -> list[str]:
    return [a.name for a in store.annotators() if a.kind == ANNOTATOR_KIND]


def document_disagreements(store: Store, doc_id: int, annotators: Sequence[str] | None = None) -> list[Disagreement]:
    coders = [c for c in (annotators or annotators_of(store)) if c in store.layer_names_of(doc_id)]
    if len(coders) < 2:
        return []
    spans = {c: [(a.start, a.end, a.label) for a in store.annotations(doc_id, c) if a.status in CONFIRMED] for c in coders}
    gold = [(a.start, a.end) for a in store.annotations(doc_id, GOLD_LAYER)]
    title = store.document(doc_id).title
    found = []
    for start, end in _regions([s for coder_spans in spans.values() for s in coder_spans]):
        inside = {c: tuple(s for s in spans[c] if start <= s[0] and s[1] <= end) for c in coders}
        if len({frozenset(v) for v in inside.values()}) == 1:
            continue  # everyone agrees here
        found.append(Disagreement(
            doc_id, title, start, end, _kind(inside), tuple(sorted({s[2] for v in inside.values() for s in v})),
            inside, any(g0 < end and start < g1 for g0, g1 in gold),
        ))
    return found


def disagreements(store: Store, annotators: Sequence[str] | None = None) -> list[Disagreement]:
    found = []
    for doc_id in store.document_ids(GOLD_LAYER):
        found += document_disagreements(store, doc_id, annotators)
    return found


def agreed_spans(store: Store, doc_id: int, annotators: Sequence[str] | None = None) -> list[Span]:
    """Spans every annotator who worked on the document has, exactly."""
    coders = [c for c in (annotators or annotators_of(store)) if c in store.layer_names_of(doc_id)]
    if len(coders) < 2:
        return []
    sets = [{(a.start, a.end, a.label) for a in store.annotations(doc_id, c) if a.status in CONFIRMED} for c in coders]
    return sorted(set.intersection(*sets))


def adjudicate(
    store: Store, doc_id: int, start: int, end: int, chosen: Sequence[Span], reason: str, *, adjudicator: str = "reviewer",
    teach: bool = True,
) -> GoldChange:
    """Make the gold layer of [start, end) exactly ``chosen`` (no span: a gold rejection of
    the region, so that "none" is a decision too). Journalled with the reason. With
    ``teach``, the chosen spans become everyone's candidates elsewhere at once (otherwise at
    the next ``detect``, which learns from gold too)."""
    labels = project_codebook(store).labels
    for span in chosen:
        if span[2] not in labels or not (0 <= span[0] < span[1] <= len(store.document(doc_id).text)):
            raise AnnotatorError(f"cannot put {span} into gold")
        if not (start <= span[0] and span[1] <= end):
            raise AnnotatorError(f"{span} is outside the region [{start}, {end}) being decided")
    with store.transaction():
        before = tuple(a for a in store.annotations(doc_id, GOLD_LAYER) if a.start < end and start < a.end)
        for annotation in before:
            store.delete_annotation(annotation.id)
        written = [SpanValues(doc_id, s, e, label, "added") for s, e, label in chosen] or [
            SpanValues(doc_id, start, end, "NONE" if "NONE" in labels else labels[0], "rejected", comment="none of the annotators' spans")
        ]
        after = tuple(store.insert_annotation(GOLD_LAYER, values, project_codebook(store).version) for values in written)
        store.append_event(
            "adjudicate", actor=adjudicator, doc_id=doc_id,
            before=[_describe(a) for a in before], after={"spans": [_describe(a) for a in after], "reason": reason},
        )
    for span_start, span_end, label in chosen if teach else ():  # gold teaches everyone
        learn_from(store, doc_id, span_start, span_end, label, GOLD_LAYER)
    return GoldChange(doc_id, start, end, before, after, reason)


def revert(store: Store, change: GoldChange, *, adjudicator: str = "reviewer") -> GoldChange:
    """Undo (or redo) an adjudication: the region's gold goes back to what it was."""
    with store.transaction():
        current = tuple(a for a in store.annotations(change.doc_id, GOLD_LAYER) if a.start < change.end and change.start < a.end)
        for annotation in current:
            store.delete_annotation(annotation.id)
        restored = tuple(store.copy_annotation(change.doc_id, a) for a in change.before)
        store.append_event(
            "undo adjudicate", actor=adjudicator, doc_id=change.doc_id,
            before=[_describe(a) for a in current], after={"spans": [_describe(a) for a in restored]},
        )
    return GoldChange(change.doc_id, change.start, change.end, current, restored, "undo")


def accept_agreed(store: Store, annotators: Sequence[str] | None = None, *, adjudicator: str = "reviewer") -> list[GoldChange]:
    """Bulk: every span all annotators agree on goes into gold, region by region (all the
    agreed spans of a region in one decision), where gold has nothing yet. What it teaches
    is offered at the next ``detect`` (one pass over the corpus, not one per span)."""
    changes = []
    for doc_id in store.document_ids(GOLD_LAYER):
        agreed = agreed_spans(store, doc_id, annotators)
        gold = store.annotations(doc_id, GOLD_LAYER)
        for start, end in _regions(agreed):
            if any(g.start < end and start < g.end for g in gold):
                continue
            inside = [s for s in agreed if start <= s[0] and s[1] <= end]
            changes.append(adjudicate(store, doc_id, start, end, inside, "all annotators agree", adjudicator=adjudicator,
                                      teach=False))
    return changes


def gold_progress(store: Store, annotators: Sequence[str] | None = None) -> tuple[int, int]:
    """(disagreements resolved in gold, disagreements)."""
    found = disagreements(store, annotators)
    return sum(d.resolved for d in found), len(found)


def _regions(spans: list[Span]) -> list[tuple[int, int]]:
    regions: list[list[int]] = []
    for start, end, _ in sorted(spans):
        if regions and start < regions[-1][1]:
            regions[-1][1] = max(regions[-1][1], end)
        else:
            regions.append([start, end])
    return [(a, b) for a, b in regions]


def _kind(inside: dict[str, tuple[Span, ...]]) -> str:
    if any(not spans for spans in inside.values()):
        return "missing span"
    bounds = {frozenset((s, e) for s, e, _ in spans) for spans in inside.values()}
    return "label conflict" if len(bounds) == 1 else "boundary conflict"


def _describe(annotation: Annotation) -> dict:
    return {"start": annotation.start, "end": annotation.end, "label": annotation.label, "status": annotation.status}
