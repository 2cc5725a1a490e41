"""Export reads in bulk: the whole project streamed in document order by one query (the
documents with a layer's spans and "done" marks aggregated beside each), or two merged by the
exporter (the documents, the candidates), instead of several queries for every document. Rows
come one at a time: memory stays flat however large the project."""

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


def candidate_spans(store: "Store") -> Iterator[tuple]:
    """The candidates as rows (doc_id, "candidates", start, end, label, "candidates",
    "candidate", rule, "", 0, score), by document, then start, end and label."""
    return store.db.execute(
        "SELECT doc_id, 'candidates', span_start, span_end, label, 'candidates', 'candidate', rule, '', 0, score "
        # everyone's only: what one annotator taught is theirs alone (blind teaching)
        "FROM candidates WHERE owner_id IS NULL ORDER BY doc_id, span_start, span_end, label"
    )


def documents_with_spans(store: "Store", layer: str) -> Iterator[tuple[Document, int, str | None, str | None]]:
    """Every document in id order with its length as SQLite counts it, the spans of a layer
    (an annotator's, "gold", or "all" annotators' but gold) and the layers that marked it
    done: the spans as one JSON array a document, each [layer, start, end, label, id,
    status, source, comment, uncertain], aggregated by SQLite in C (one text a document
    for Python to read, rather than a row a span); the done marks as a JSON array of names.
    Either is NULL when there is none. The spans come in no promised order: sort them."""
    chosen = "a.name <> :layer" if layer == ALL_LAYERS else "a.name = :layer"
    cursor = store.db.execute(
        f"SELECT d.id, {_prefixed('d.', _DOCUMENT_COLUMNS)}, length(d.text), "
        "(SELECT json_group_array(json_array(a.name, n.span_start, n.span_end, n.label, n.id, n.status, "
        "coalesce(c.rule, 'annotator'), n.comment, n.uncertain)) "
        " FROM annotations n JOIN annotators a ON a.id = n.annotator_id LEFT JOIN candidates c ON c.id = n.candidate_id "
        f" WHERE n.doc_id = d.id AND {chosen} HAVING count(*) > 0), "
        "(SELECT json_group_array(a.name) FROM doc_state s JOIN annotators a ON a.id = s.annotator_id "
        f" WHERE s.doc_id = d.id AND s.status = 'done' AND {chosen} HAVING count(*) > 0) "
        "FROM documents d ORDER BY d.id",
        {"layer": "gold" if layer == ALL_LAYERS else layer},
    )
    for row in cursor:
        yield _document_from_row(row[:-3]), row[-3], row[-2], row[-1]


def _prefixed(prefix: str, columns: str) -> str:
    return ", ".join(prefix + column.strip() for column in columns.split(","))
