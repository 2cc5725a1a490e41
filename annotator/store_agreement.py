"""The reads of the agreement report: every document's confirmed spans by annotator, in a
few streamed queries instead of several per document.

Part of the store family (every SQL string lives in store modules). Only reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Sequence

from .store import Store

Span = tuple[int, int, str]
CONFIRMED = ("accepted", "relabelled", "added")


@dataclass(frozen=True)
class CodedDocument:
    """A document at least two of the chosen annotators worked on, with their spans."""

    id: int
    title: str
    length: int  # characters (code points) of the text
    spans: dict[str, list[Span]]  # annotator → sorted confirmed spans, in the chosen order


def coded_documents(
    store: Store, annotators: Sequence[str], labels: Sequence[str], *, done_only: bool = False
) -> Iterator[tuple[int, CodedDocument | None]]:
    """(documents walked so far, the document or None) for every document in id order.

    An annotator worked on a document when they hold an annotation of it (of any status) or
    marked it done; with ``done_only``, when they marked it done. Spans are the confirmed
    ones (accepted, relabelled, added) with a label among ``labels``, sorted. Three cursors
    walk in doc_id order side by side, so memory holds one document at a time.
    """
    ids = {row[0]: row[1] for row in store.db.execute("SELECT name, id FROM annotators")}
    chosen = [(name, ids[name]) for name in annotators if name in ids]
    if len(chosen) < 2:
        for walked, _ in enumerate(store.db.execute("SELECT id FROM documents ORDER BY id"), start=1):
            yield walked, None
        return
    name_of = {annotator_id: name for name, annotator_id in chosen}
    order = {name: index for index, (name, _) in enumerate(chosen)}
    marks = ",".join("?" * len(chosen))
    chosen_ids = [annotator_id for _, annotator_id in chosen]
    conn = store.db.conn  # plain cursors: several are walked at once
    done = conn.execute(
        f"SELECT doc_id, annotator_id FROM doc_state WHERE status = 'done' AND annotator_id IN ({marks}) "
        "ORDER BY doc_id",
        chosen_ids,
    )
    annotated = conn.execute(
        f"SELECT doc_id, annotator_id, status, span_start, span_end, label FROM annotations "
        f"WHERE annotator_id IN ({marks}) ORDER BY doc_id",
        chosen_ids,
    )
    documents = conn.execute("SELECT id, title, length(text) FROM documents ORDER BY id")
    wanted = set(labels)
    next_done, next_annotation = next(done, None), next(annotated, None)
    for walked, (doc_id, title, length) in enumerate(documents, start=1):
        done_by: set[int] = set()
        while next_done is not None and next_done[0] <= doc_id:
            if next_done[0] == doc_id:
                done_by.add(next_done[1])
            next_done = next(done, None)
        spans: dict[int, list[Span]] = {}
        while next_annotation is not None and next_annotation[0] <= doc_id:
            if next_annotation[0] == doc_id:
                _, annotator_id, status, start, end, label = next_annotation
                layer = spans.setdefault(annotator_id, [])
                if status in CONFIRMED and label in wanted:
                    layer.append((start, end, label))
            next_annotation = next(annotated, None)
        present = done_by if done_only else done_by | set(spans)
        if len(present) < 2:
            yield walked, None
            continue
        by_name = {name_of[a]: sorted(spans.get(a, ())) for a in present}
        ordered = dict(sorted(by_name.items(), key=lambda item: order[item[0]]))
        yield walked, CodedDocument(doc_id, title, length, ordered)
