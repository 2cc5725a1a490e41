"""The reads of the agreement report: every document's confirmed spans by annotator, in a
few streamed queries instead of several per document.

Part of the store family (every SQL string lives in store modules). Only reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter
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
    ones (accepted, relabelled, added) with a label among ``labels``, sorted. Four cursors
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
    worked = conn.execute(  # any annotation, of any status, is work on the document
        f"SELECT DISTINCT doc_id, annotator_id FROM annotations WHERE annotator_id IN ({marks}) ORDER BY doc_id",
        chosen_ids,
    )
    label_marks = ",".join("?" * len(labels)) or "NULL"  # no labels: no span matches
    confirmed = conn.execute(
        f"SELECT doc_id, span_start, span_end, label, annotator_id FROM annotations "
        f"WHERE annotator_id IN ({marks}) AND status IN ({','.join('?' * len(CONFIRMED))}) "
        f"AND label IN ({label_marks}) ORDER BY doc_id, annotator_id",
        [*chosen_ids, *CONFIRMED, *labels],
    )
    documents = conn.execute("SELECT id, title, length(text) FROM documents ORDER BY id")
    done_groups, worked_groups, span_groups = _DocumentGroups(done), _DocumentGroups(worked), _DocumentGroups(confirmed)
    for walked, (doc_id, title, length) in enumerate(documents, start=1):
        done_by = {row[1] for row in done_groups.rows_of(doc_id)}
        present = done_by if done_only else done_by | {row[1] for row in worked_groups.rows_of(doc_id)}
        if len(present) < 2:
            span_groups.rows_of(doc_id)
            yield walked, None
            continue
        spans: dict[int, list[Span]] = {annotator_id: [] for annotator_id in present}
        for _, start, end, label, annotator_id in span_groups.rows_of(doc_id):
            if annotator_id in spans:
                spans[annotator_id].append((start, end, label))
        ordered = sorted(present, key=lambda annotator_id: order[name_of[annotator_id]])
        yield walked, CodedDocument(doc_id, title, length, {name_of[a]: sorted(spans[a]) for a in ordered})


class _DocumentGroups:
    """Rows ordered by doc_id (their first column), handed out a document at a time."""

    def __init__(self, rows: Iterator[tuple]):
        self.groups = groupby(rows, key=itemgetter(0))
        self.next = next(self.groups, None)

    def rows_of(self, doc_id: int) -> list[tuple]:
        """The rows of ``doc_id``; those of earlier documents are skipped."""
        found: list[tuple] = []
        while self.next is not None and self.next[0] <= doc_id:
            if self.next[0] == doc_id:
                found = list(self.next[1])
            self.next = next(self.groups, None)
        return found
