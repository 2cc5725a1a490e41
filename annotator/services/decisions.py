"""Annotators' decisions on candidates and their own spans, each journalled and saved in
its own transaction before the caller is told it is done.

A confirmed span teaches at once: wherever the same text occurs in another document, it
becomes a candidate there (rule ``learned:<LABEL>``), for the annotator who confirmed it only
(blind teaching); what the gold layer confirms is offered to everyone.
"""

from __future__ import annotations

from ..detect import DETECTOR_VERSION
from ..detect.engine import LEARNED_PREFIX, LEARNED_SCORE, learned_beside
from ..errors import AnnotatorError
from ..records import GOLD_LAYER, Annotation, CandidateSpan, SpanValues
from ..store import Store
from .codebooks import project_codebook
from .detecting import LEARNED_MIN_LENGTH


def accept_candidate(store: Store, annotator: str, candidate_id: int) -> Annotation:
    candidate = store.candidate(candidate_id)
    return _decide(store, annotator, candidate.doc_id, candidate.start, candidate.end, candidate.label, "accepted", candidate_id)


def reject_candidate(store: Store, annotator: str, candidate_id: int) -> Annotation:
    candidate = store.candidate(candidate_id)
    return _decide(store, annotator, candidate.doc_id, candidate.start, candidate.end, candidate.label, "rejected", candidate_id)


def relabel_candidate(store: Store, annotator: str, candidate_id: int, label: str) -> Annotation:
    candidate = store.candidate(candidate_id)
    return _decide(store, annotator, candidate.doc_id, candidate.start, candidate.end, label, "relabelled", candidate_id)


def add_span(store: Store, annotator: str, doc_id: int, start: int, end: int, label: str) -> Annotation:
    return _decide(store, annotator, doc_id, start, end, label, "added", None)


def _decide(
    store: Store, annotator: str, doc_id: int, start: int, end: int, label: str, status: str, candidate_id: int | None
) -> Annotation:
    if annotator == GOLD_LAYER:
        raise AnnotatorError("the gold layer is written only by adjudication")
    codebook = project_codebook(store)
    if label not in codebook.labels:
        raise AnnotatorError(f"unknown label {label!r}; the codebook has {', '.join(codebook.labels)}")
    length = len(store.document(doc_id).text)
    if not 0 <= start < end <= length:
        raise AnnotatorError(f"span [{start}, {end}) is not inside document {doc_id} (length {length})")
    key = store.candidate(candidate_id).key if candidate_id is not None else None
    with store.transaction():
        store.ensure_annotator(annotator)
        # One decision per candidate (and one added span per place): a decision made before
        # (here or by another process) is updated, never duplicated.
        existing = (store.layer_annotation(annotator, doc_id, candidate_key=key) if key is not None
                    else store.layer_annotation(annotator, doc_id, span=(start, end, label)))
        if existing is None:
            annotation = store.add_annotation(
                doc_id, annotator, start, end, label, status,
                candidate_id=candidate_id, candidate_key=key, codebook_version=codebook.version,
            )
        else:
            values = SpanValues(doc_id, start, end, label, status, key, existing.comment, existing.uncertain)
            annotation = store.update_annotation(existing.id, values, codebook.version)
        store.append_event(
            status, actor=annotator, doc_id=doc_id,
            before=_describe(existing) if existing is not None else None, after=_describe(annotation),
        )
    if status != "rejected":
        learn_from(store, doc_id, start, end, label, annotator)
    return annotation


def learn_from(store: Store, doc_id: int, start: int, end: int, label: str, layer: str) -> list[int]:
    """Offer a span ``layer`` confirmed as a candidate wherever its text occurs in other
    documents: to ``layer`` alone, or to everyone when ``layer`` is the gold layer.

    Respects the overlap policy against the candidates the learner sees there. Returns the
    ids of the candidates added (so that an undo can take them back).
    """
    owner = None if layer == GOLD_LAYER else layer
    phrase = store.document(doc_id).text[start:end]
    if len(phrase) < LEARNED_MIN_LENGTH:
        return []
    added: list[int] = []
    with store.transaction():
        for other_id, text in store.documents_containing(phrase):
            if other_id == doc_id:
                continue
            learned = [
                CandidateSpan(i, i + len(phrase), label, LEARNED_PREFIX + label, LEARNED_SCORE)
                for i in _occurrences(text, phrase)
            ]
            survivors = learned_beside(store.candidate_spans(other_id, layer=owner), learned)
            store.add_candidates(other_id, survivors, DETECTOR_VERSION, owner=owner)
            added += store.candidate_ids(other_id, [(c.start, c.end, c.label) for c in survivors], owner=owner)
    return added


def _occurrences(text: str, phrase: str) -> list[int]:
    found, position = [], text.find(phrase)
    while position != -1:
        found.append(position)
        position = text.find(phrase, position + 1)
    return found


def _describe(annotation: Annotation) -> dict:
    return {
        "id": annotation.id, "layer": annotation.layer, "start": annotation.start, "end": annotation.end,
        "label": annotation.label, "status": annotation.status, "candidate_key": annotation.candidate_key,
    }
