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
from typing import Callable

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
    items = [Item(c, by_key.pop(c.key, None)) for c in store.document_candidates(doc_id, layer)]
    # Spans without a (current) candidate: added ones, and decisions on candidates a later
    # detection no longer produces.
    items += [Item(None, a) for a in (*by_key.values(), *unpaired)]
    return sorted(items, key=lambda item: (item.start, item.end, item.label))


# ------------------------------------------------------------------ decisions
# Each returns the applied Change, or None when the project already says so (nothing
# written). An Item is what the window showed, a snapshot: another process (a merge, an
# import, a second window) may have decided the same candidate since. Every decision is
# therefore a gesture, applied inside the write transaction to the layer's annotation as
# it is then: a decision made meanwhile is updated (the latest gesture wins, journalled
# with the real before), never duplicated; one deleted meanwhile is written anew.

Gesture = Callable[[Annotation | None], SpanValues | None]


def accept(store: Store, layer: str, item: Item) -> Change | None:
    if item.candidate is None:
        return None  # an own span is confirmed already
    return _decide(store, layer, item, "accept")


def reject(store: Store, layer: str, item: Item) -> Change | None:
    if item.candidate is None:  # an own span: rejecting it removes it
        return _apply(store, layer, item.annotation.doc_id, "delete", (item.annotation,), lambda current: None)
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
    added = SpanValues(doc_id, start, end, label, "added")
    # the same span added meanwhile (by another process) is kept as it is
    return _apply(store, layer, doc_id, "add", (), lambda current: added if current is None else _values(current), span=added)


def set_uncertain(store: Store, layer: str, item: Item, uncertain: bool) -> Change | None:
    """Flags belong to a decision: on an undecided candidate, accept it flagged (one change)."""
    return _flag(store, layer, item, "uncertain", uncertain=uncertain)


def set_comment(store: Store, layer: str, item: Item, comment: str) -> Change | None:
    return _flag(store, layer, item, "comment", comment=comment)


def revert(store: Store, change: Change) -> Change:
    """Undo ``change`` (or redo an undone one): make the annotation say again what it said
    before ``change``, journalled as such. The annotation is found as it is now (its id
    changes when an undo re-creates a deleted span; another process may have changed it).
    Candidates it taught elsewhere go again, unless someone has decided on them."""
    if change.learned:
        with store.transaction():
            store.delete_undecided_candidates(change.learned)
    wanted = _values(change.before) if change.before is not None else None
    action = f"undo {change.action}"
    anchors = tuple(a for a in (change.after, change.before) if a is not None)
    applied, current = _apply_gesture(store, change.layer, change.doc_id, action, anchors, lambda current: wanted)
    if applied is not None:
        return applied
    # The project says so already (someone did the same meanwhile): nothing to write, and
    # redoing makes it say again what ``change`` had made it say.
    return Change(change.layer, change.doc_id, action, change.after, current)


def apply(
    store: Store, layer: str, doc_id: int, action: str, before: Annotation | None, values: SpanValues | None
) -> Change | None:
    """Make ``before`` (the annotation as the caller saw it, None for a new one) say
    ``values`` (None: delete it), against the layer's current state; None when the
    project says so already."""
    anchors = (before,) if before is not None else ()
    return _apply(store, layer, doc_id, action, anchors, lambda current: values, span=values)


def _apply(
    store: Store, layer: str, doc_id: int, action: str, anchors: tuple[Annotation, ...], gesture: Gesture,
    key: str | None = None, span: SpanValues | None = None,
) -> Change | None:
    return _apply_gesture(store, layer, doc_id, action, anchors, gesture, key, span)[0]


def _apply_gesture(
    store: Store, layer: str, doc_id: int, action: str, anchors: tuple[Annotation, ...], gesture: Gesture,
    key: str | None = None, span: SpanValues | None = None,
) -> tuple[Change | None, Annotation | None]:
    """The one write path. Inside one write transaction: find the annotation the gesture is
    about as it is now (``anchors``: what the caller saw; ``key``: the candidate decided;
    ``span``: an own span's place), apply the gesture to it, write the result with its
    journal event. Learning from a confirmed span follows the commit. Returns the change
    (None when nothing had to be written) and the annotation as it was found."""
    if layer == GOLD_LAYER:
        raise AnnotatorError("the gold layer is written only by adjudication")
    codebook = project_codebook(store)
    with store.transaction():
        current = _find_current(store, layer, doc_id, anchors, key, span)
        values = gesture(current)
        if values is not None:
            _validate(store, codebook.labels, values)
            holder = _holder(store, layer, values)
            if holder is not None and (current is None or holder.id != current.id):
                if current is not None:
                    raise AnnotatorError(
                        f"{_where(values)} is in {layer}'s layer already (made elsewhere?); this change was not saved"
                    )
                current, values = holder, gesture(holder)  # made meanwhile: decide on it
        unchanged = values is None if current is None else values == _values(current)
        if unchanged:
            return None, current
        store.ensure_annotator(layer)
        if store.doc_state(doc_id, layer).status == "todo":  # the first decision starts the document
            store.set_doc_state(doc_id, layer, "in_progress")
        after = None
        if current is None:
            after = store.insert_annotation(layer, values, codebook.version)
        elif values is not None:
            after = store.update_annotation(current.id, values, codebook.version)
        else:
            store.delete_annotation(current.id)
        store.append_event(
            action, actor=layer, doc_id=doc_id,
            before=_describe(current), after=_describe(after),
        )
    learned: list[int] = []
    if after is not None and after.status in ("accepted", "relabelled", "added") and (
        current is None or (current.start, current.end, current.label, current.status) != (after.start, after.end, after.label, after.status)
    ):
        learned = learn_from(store, doc_id, after.start, after.end, after.label, layer)
    return Change(layer, doc_id, action, current, after, tuple(learned)), current


def _find_current(
    store: Store, layer: str, doc_id: int, anchors: tuple[Annotation, ...], key: str | None, span: SpanValues | None
) -> Annotation | None:
    """The layer's annotation a gesture is about, as it is now: the one the caller saw (by
    id, else by uid: a merge may have rewritten it), else the layer's decision on the same
    candidate, else its own span at the same place with the same label."""
    for anchor in anchors:
        try:
            found = store.annotation(anchor.id)
        except KeyError:
            found = None
        if found is not None and found.layer == layer and found.doc_id == doc_id and _same(found, anchor):
            return found
        if anchor.uid:
            found = store.layer_annotation(layer, doc_id, uid=anchor.uid)
            if found is not None:
                return found
    for candidate_key in (key, *(a.candidate_key for a in anchors)):
        if candidate_key is not None:
            found = store.layer_annotation(layer, doc_id, candidate_key=candidate_key)
            if found is not None:
                return found
    places = [(a.start, a.end, a.label) for a in anchors if a.candidate_key is None]
    if span is not None and span.candidate_key is None:
        places.append((span.start, span.end, span.label))
    for place in places:
        found = store.layer_annotation(layer, doc_id, span=place)
        if found is not None:
            return found
    return None


def _same(found: Annotation, anchor: Annotation) -> bool:
    """Is ``found`` (same id) the annotation ``anchor`` was? SQLite may reuse the id of a
    deleted row; the uid tells them apart."""
    if found.uid and anchor.uid:
        return found.uid == anchor.uid
    return found.candidate_key == anchor.candidate_key


def _holder(store: Store, layer: str, values: SpanValues) -> Annotation | None:
    """The annotation that already holds what the schema keeps unique about ``values``."""
    if values.candidate_key is not None:
        return store.layer_annotation(layer, values.doc_id, candidate_key=values.candidate_key)
    return store.layer_annotation(layer, values.doc_id, span=(values.start, values.end, values.label))


def _where(values: SpanValues) -> str:
    if values.candidate_key is not None:
        return f"a decision on candidate {values.candidate_key} of document {values.doc_id}"
    return f"the span [{values.start}, {values.end}) {values.label} of document {values.doc_id}"


# ------------------------------------------------------------------ documents


def set_document_status(store: Store, layer: str, doc_id: int, status: str) -> str:
    """Set the status (todo / in_progress / done); returns the previous one (read under
    the write lock: another process may have changed it since the caller looked)."""
    with store.transaction():
        previous = store.doc_state(doc_id, layer).status
        store.ensure_annotator(layer)
        store.set_doc_state(doc_id, layer, status)
        store.forget_new_suggestions(doc_id, layer)  # setting the status again acknowledges them
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
    """A decision on a candidate, made on the layer's decision as it is when written."""
    candidate = item.candidate
    anchors = (item.annotation,) if item.annotation is not None else ()

    def gesture(current: Annotation | None) -> SpanValues:
        return _decision(candidate, current, rejected=rejected, label=label, start=start, end=end,
                         comment=comment, uncertain=uncertain)

    return _apply(store, layer, candidate.doc_id, action, anchors, gesture, key=candidate.key)


def _decision(
    candidate: Candidate, previous: Annotation | None, *, rejected: bool = False,
    label: str | None = None, start: int | None = None, end: int | None = None,
    comment: str | None = None, uncertain: bool | None = None,
) -> SpanValues:
    """Status follows the codebook's vocabulary: rejected, or accepted (the candidate's
    label, its span possibly adjusted), or relabelled."""
    kept = previous if previous is not None and previous.status != "rejected" else None
    if rejected:
        span, chosen = (candidate.start, candidate.end), candidate.label
    else:
        span = (start if start is not None else (kept.start if kept else candidate.start),
                end if end is not None else (kept.end if kept else candidate.end))
        chosen = label or (kept.label if kept else candidate.label)
    return SpanValues(
        doc_id=candidate.doc_id, start=span[0], end=span[1], label=chosen,
        status="rejected" if rejected else ("accepted" if chosen == candidate.label else "relabelled"),
        candidate_key=candidate.key,
        comment=comment if comment is not None else (previous.comment if previous else ""),
        uncertain=uncertain if uncertain is not None else (previous.uncertain if previous else False),
    )


def _update(store: Store, layer: str, item: Item, action: str, **changes: object) -> Change | None:
    """Change what an annotation says; re-created if it was deleted meanwhile."""
    seen = item.annotation

    def gesture(current: Annotation | None) -> SpanValues:
        return replace(_values(current if current is not None else seen), **changes)

    return _apply(store, layer, seen.doc_id, action, (seen,), gesture, key=seen.candidate_key)


def _flag(store: Store, layer: str, item: Item, action: str, **changes: object) -> Change | None:
    """A flag or comment: on a decision or own span, it changes it; on a candidate nobody
    has decided yet (in this layer), it accepts it with the flag."""
    if item.candidate is None:
        return _update(store, layer, item, action, **changes)
    candidate, seen = item.candidate, item.annotation

    def gesture(current: Annotation | None) -> SpanValues:
        if current is None:
            return _decision(candidate, None, **changes)
        return replace(_values(current), **changes)

    return _apply(store, layer, candidate.doc_id, action, (seen,) if seen else (), gesture, key=candidate.key)


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
