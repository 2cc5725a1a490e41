"""Export reads in bulk: the whole project streamed in document order by a few queries (the
documents, the chosen layer's spans, the layers' "done" marks), which the exporter merges,
instead of several queries for every document. Each yields rows one at a time: memory stays
flat however large the project."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from .records import Document
from .store import _DOCUMENT_COLUMNS, _document_from_row

if TYPE_CHECKING:
    from .store import Store

ALL_LAYERS = "all"  # every annotator's layer, gold aside
CANDIDATES = "candidates"


def documents(store: "Store") -> Iterator[tuple[Document, int]]:
    """Every document in id order, with its length as SQLite counts it (an independent count:
    offsets are code points, and a text read back otherwise would shift every span)."""
    cursor = store.db.execute(f"SELECT id, {_DOCUMENT_COLUMNS}, length(text) FROM documents ORDER BY id")
    for row in cursor:
        yield _document_from_row(row[:-1]), row[-1]


def spans(store: "Store", layer: str) -> Iterator[tuple]:
    """The spans of a layer (an annotator's, "gold", "candidates", or "all" annotators' but
    gold) as rows (doc_id, layer, start, end, label, annotator, status, source, comment,
    uncertain, score), by document, then layer name, then start, end, label and age."""
    if layer == CANDIDATES:
        return store.db.execute(
            "SELECT doc_id, 'candidates', span_start, span_end, label, 'candidates', 'candidate', rule, '', 0, score "
            "FROM candidates ORDER BY doc_id, span_start, span_end, label"
        )
    chosen, value = ("a.name <> ?", "gold") if layer == ALL_LAYERS else ("a.name = ?", layer)
    return store.db.execute(
        "SELECT n.doc_id, a.name, n.span_start, n.span_end, n.label, a.name, n.status, coalesce(c.rule, 'annotator'), "
        "n.comment, n.uncertain, NULL "
        "FROM annotations n JOIN annotators a ON a.id = n.annotator_id LEFT JOIN candidates c ON c.id = n.candidate_id "
        f"WHERE {chosen} ORDER BY n.doc_id, a.name, n.span_start, n.span_end, n.label, n.id",
        [value],
    )


def done_marks(store: "Store", layer: str) -> Iterator[tuple[int, str]]:
    """(doc_id, layer) of each document a layer (or every annotator's but gold) marked done,
    by document then layer name."""
    chosen, value = ("a.name <> ?", "gold") if layer == ALL_LAYERS else ("a.name = ?", layer)
    return store.db.execute(
        "SELECT s.doc_id, a.name FROM doc_state s JOIN annotators a ON a.id = s.annotator_id "
        f"WHERE s.status = 'done' AND {chosen} ORDER BY s.doc_id, a.name",
        [value],
    )
