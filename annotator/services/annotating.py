"""Annotation as an annotator does it: decisions on candidates and own spans, flags,
comments, document status, time, and undo.

Every change is a :class:`Change` (what the annotation was, what it is now), applied in
its own transaction together with its journal event, so that once a function returns the
decision is on disk. Undo is applying the inverse change, journalled the same way, so it
also survives a restart.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property

from ..errors import AnnotatorError
from ..records import GOLD_LAYER, Annotation, Candidate, SpanValues
from ..store import Store
from .codebooks import project_codebook
from .decisions import learn_from

UNDECIDED = "undecided"


@dataclass(frozen=True, eq=True)
class Item:
    """A span as the annotator sees it: a candidate with this layer's decision on it (if
    any), or a span of this layer with no candidate behind it."""

    candidate: Candidate | None
    annotation: Annotation | None

    @property
    def start(self) -> int:
        return self.annotation.start if self.annotation else self.candidate.start

    @property
    def end(self) -> int:
        return self.annotation.end if self.annotation else self.candidate.end

    @property
    def label(self) -> str:
        return self.annotation.label if self.annotation else self.candidate.label

    @property
    def status(self) -> str:
        return self.annotation.status if self.annotation else UNDECIDED

    @property
    def decided(self) -> bool:
        return self.annotation is not None

    @property
    def rule(self) -> str:
        return self.candidate.rule if self.candidate else "annotator"

    @property
    def score(self) -> float | None:
        return self.candidate.score if self.candidate else None

    @cached_property
    def key(self) -> str:
        """Stable identity for views: the candidate's key, else the annotation's id."""
        return self.candidate.key if self.candidate else f"annotation:{self.annotation.id}"


@dataclass(frozen=True)
class Change:
    """One applied change to one annotation of one layer (None = did not / does not exist)."""

    layer: str
    doc_id: int
    action: str
    before: Annotation | None
    after: Annotation | None
    learned: tuple[int, ...] = ()  # candidates this change taught in other documents


def document_items(store: Store, layer: str, doc_id: int) -> list[Item]:
    """Candidates and this layer's spans of a document, by position (blind: no other layer).

    A decision belongs to its candidate by the candidate's key; a span the annotator added
    exactly where a candidate is (e.g. learned later) counts as their decision on it. Every
    annotation is shown: one that cannot be paired with a candidate is an item of its own.
    """
    by_key: dict[str, Annotation] = {}
    unpaired: list[Annotation] = []
    for annotation in store.annotations(doc_id, layer):
        key = annotation.candidate_key or f"{annotation.start}:{annotation.end}:{annotation.label}"
        if key in by_key:
            unpaired.append(annotation)
        else:
            by_key[key] = annotation
    items = [Item(c, by_key.pop(c.key, None)) for c in store.document_candidates(doc_id)]
    # Spans without a (current) candidate: added ones, and decisions on candidates a later
    # detection no longer produces.
    items += [Item(None, a) for a in (*by_key.values(), *unpaired)]
    return sorted(items, key=lambda item: (item.start, item.end, item.label))


# ------------------------------------------------------------------ decisions
# Each returns the applied Change, or None when the item already says so (nothing written).


def accept(store: Store, layer: str, item: Item) -> Change | None:
    if item.candidate is None:
        return None  # an own span is confirmed already
    return _decide(store, layer, item, "accept")


def reject(store: Store, layer: str, item: Item) -> Change | None:
    if item.candidate is None:  # an own span: rejecting it removes it
        return apply(store, layer, item.annotation.doc_id, "delete", item.annotation, None)
    return _decide(store, layer, item, "reject", rejected=True)


def relabel(store: Store, layer: str, item: Item, label: str) -> Change | None:
    if item.candidate is None:
        return _update(store, layer, item, "relabel", label=label)
    return _decide(store, layer, item, "relabel", label=label)


def resize(store: Store, layer: str, item: Item, start: int, end: int) -> Change | None:
    if item.candidate is None:
        return _update(store, layer, item, "resize", start=start, end=end)
    return _decide(store, layer, item, "resize", start=start, end=end)


def add_span(store: Store, layer: str, doc_id: int, start: int, end: int, label: str) -> Change | None:
    """A new span; where a candidate with the same span and label is, it is accepting it,
    and a span the layer has already is not added twice."""
    items = document_items(store, layer, doc_id)
    key = f"{start}:{end}:{label}"
    on_candidate = next((i for i in items if i.candidate is not None and i.candidate.key == key), None)
    if on_candidate is not None:
        return accept(store, layer, on_candidate) if on_candidate.status in (UNDECIDED, "rejected") else None
    if any(i.annotation is not None and i.status != "rejected" and (i.start, i.end, i.label) == (start, end, label) for i in items):
        return None
    return apply(store, layer, doc_id, "add", None, SpanValues(doc_id, start, end, label, "added"))


def set_uncertain(store: Store, layer: str, item: Item, uncertain: bool) -> Change | None:
    """Flags belong to a decision: on an undecided candidate, accept it flagged (one change)."""
    if item.annotation is None:
        return _decide(store, layer, item, "uncertain", uncertain=uncertain)
    return _update(store, layer, item, "uncertain", uncertain=uncertain)


def set_comment(store: Store, layer: str, item: Item, comment: str) -> Change | None:
    if item.annotation is None:
        return _decide(store, layer, item, "comment", comment=comment)
    return _update(store, layer, item, "comment", comment=comment)


def revert(store: Store, change: Change) -> Change:
    """Undo ``change`` (or redo an undone one): apply its inverse, journalled as such.
    Candidates it taught elsewhere go again, unless someone has decided on them."""
    target = _current(store, change) if change.after is not None else None
    values = _values(change.before) if change.before is not None else None
    if change.learned:
        with store.transaction():
            store.delete_undecided_candidates(change.learned)
    return apply(store, change.layer, change.doc_id, f"undo {change.action}", target, values)


def _current(store: Store, change: Change) -> Annotation:
    """The annotation ``change`` left, as it is now. Its id changes when an undo re-creates
    a deleted span, so it is found by what it says when the id no longer fits."""
    after = change.after
    try:
        found = store.annotation(after.id)
    except KeyError:
        found = None
    if found is not None and found.layer == change.layer and _values(found) == _values(after):
        return found
    for annotation in store.annotations(change.doc_id, change.layer):
        if _values(annotation) == _values(after):
            return annotation
    raise AnnotatorError("this span has been changed since (elsewhere?); it cannot be undone")


def apply(
    store: Store, layer: str, doc_id: int, action: str, before: Annotation | None, values: SpanValues | None
) -> Change:
    """The one write path: insert, update or delete an annotation, with its journal event,
    in one transaction. Learning from a confirmed span follows the commit."""
    if layer == GOLD_LAYER:
        raise AnnotatorError("the gold layer is written only by adjudication")
    codebook = project_codebook(store)
    if values is not None:
        _validate(store, codebook.labels, values)
    with store.transaction():
        store.ensure_annotator(layer)
        if store.doc_state(doc_id, layer).status == "todo":  # the first decision starts the document
            store.set_doc_state(doc_id, layer, "in_progress")
        after = None
        if before is None and values is not None:
            after = store.insert_annotation(layer, values, codebook.version)
        elif before is not None and values is not None:
            after = store.update_annotation(before.id, values, codebook.version)
        elif before is not None:
            store.delete_annotation(before.id)
        store.append_event(
            action, actor=layer, doc_id=doc_id,
            before=_describe(before), after=_describe(after),
        )
    learned: list[int] = []
    if after is not None and after.status in ("accepted", "relabelled", "added") and (
        before is None or (before.start, before.end, before.label, before.status) != (after.start, after.end, after.label, after.status)
    ):
        learned = learn_from(store, doc_id, after.start, after.end, after.label)
    return Change(layer, doc_id, action, before, after, tuple(learned))


# ------------------------------------------------------------------ documents


def set_document_status(store: Store, layer: str, doc_id: int, status: str) -> str:
    """Set the status (todo / in_progress / done); returns the previous one."""
    previous = store.doc_state(doc_id, layer).status
    with store.transaction():
        store.ensure_annotator(layer)
        store.set_doc_state(doc_id, layer, status)
        store.append_event("document status", actor=layer, doc_id=doc_id, before=previous, after=status)
    return previous


def add_time(store: Store, layer: str, doc_id: int, seconds: float) -> None:
    """Record time spent on a document. Looking is not working: the status stays as it is
    (a document becomes in progress with its first decision)."""
    if seconds <= 0:
        return
    with store.transaction():
        store.ensure_annotator(layer)
        store.set_doc_state(doc_id, layer, store.doc_state(doc_id, layer).status, add_seconds=seconds)


# ------------------------------------------------------------------ helpers


def _decide(
    store: Store, layer: str, item: Item, action: str, *, rejected: bool = False,
    label: str | None = None, start: int | None = None, end: int | None = None,
    comment: str | None = None, uncertain: bool | None = None,
) -> Change | None:
    """A decision on a candidate. Status follows the codebook's vocabulary: rejected, or
    accepted (the candidate's label, its span possibly adjusted), or relabelled."""
    candidate, previous = item.candidate, item.annotation
    kept = previous if previous is not None and previous.status != "rejected" else None
    if rejected:
        span, chosen = (candidate.start, candidate.end), candidate.label
    else:
        span = (start if start is not None else (kept.start if kept else candidate.start),
                end if end is not None else (kept.end if kept else candidate.end))
        chosen = label or (kept.label if kept else candidate.label)
    values = SpanValues(
        doc_id=candidate.doc_id, start=span[0], end=span[1], label=chosen,
        status="rejected" if rejected else ("accepted" if chosen == candidate.label else "relabelled"),
        candidate_key=candidate.key,
        comment=comment if comment is not None else (previous.comment if previous else ""),
        uncertain=uncertain if uncertain is not None else (previous.uncertain if previous else False),
    )
    if previous is not None and _values(previous) == values:
        return None
    return apply(store, layer, candidate.doc_id, action, previous, values)


def _update(store: Store, layer: str, item: Item, action: str, **changes: object) -> Change | None:
    annotation = item.annotation
    values = replace(_values(annotation), **changes)
    if values == _values(annotation):
        return None
    return apply(store, layer, annotation.doc_id, action, annotation, values)


def _values(annotation: Annotation) -> SpanValues:
    return SpanValues(
        annotation.doc_id, annotation.start, annotation.end, annotation.label, annotation.status,
        annotation.candidate_key, annotation.comment, annotation.uncertain,
    )


def _validate(store: Store, labels: tuple[str, ...], values: SpanValues) -> None:
    if values.label not in labels:
        raise AnnotatorError(f"unknown label {values.label!r}; the codebook has {', '.join(labels)}")
    length = len(store.document(values.doc_id).text)
    if not 0 <= values.start < values.end <= length:
        raise AnnotatorError(f"span [{values.start}, {values.end}) is not inside document {values.doc_id} (length {length})")


def _describe(annotation: Annotation | None) -> dict | None:
    if annotation is None:
        return None
    return {
        "id": annotation.id, "start": annotation.start, "end": annotation.end, "label": annotation.label,
        "status": annotation.status, "candidate_key": annotation.candidate_key,
        "comment": annotation.comment, "uncertain": annotation.uncertain,
    }
