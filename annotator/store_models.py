"""SQL for the recommender: trained models (table ``models``) and the decisions they learn from.

Part of the store family (every SQL string lives in store modules); functions take the
:class:`~annotator.store.Store` a caller opened. Writers must be called inside
:meth:`Store.transaction`.
"""

from __future__ import annotations

import json
from typing import Sequence

from .records import StoredModel
from .store import Store


def stored_model(store: Store, scope: str) -> StoredModel | None:
    row = store.db.execute(
        "SELECT scope, version, fingerprint, metrics, model, trained_at FROM models WHERE scope = ?", [scope]
    ).fetchone()
    if row is None:
        return None
    scope, version, fingerprint, metrics, model, trained_at = row
    return StoredModel(scope, version, fingerprint, json.loads(metrics or "{}"), bytes(model), trained_at)


def put_model(store: Store, model: StoredModel) -> None:
    store.db.execute(
        "INSERT INTO models (scope, version, fingerprint, metrics, model, trained_at) VALUES (?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (scope) DO UPDATE SET version = excluded.version, fingerprint = excluded.fingerprint, "
        "metrics = excluded.metrics, model = excluded.model, trained_at = excluded.trained_at",
        [model.scope, model.version, model.fingerprint, json.dumps(model.metrics, ensure_ascii=False, sort_keys=True),
         model.model, model.trained_at],
    )


def delete_model(store: Store, scope: str) -> bool:
    return store.db.execute("DELETE FROM models WHERE scope = ?", [scope]).rowcount > 0


def layers_with_decisions(store: Store) -> list[str]:
    """Names of the layers (annotators and gold) holding any decision, gold last."""
    rows = store.db.execute(
        "SELECT a.name FROM annotators a WHERE EXISTS (SELECT 1 FROM annotations n WHERE n.annotator_id = a.id) "
        "ORDER BY a.kind = 'gold', a.name"
    )
    return [row[0] for row in rows]


def decided_documents(store: Store, layers: Sequence[str]) -> list[tuple[int, str, str, str]]:
    """(doc_id, layer, layer kind, the layer's status of the document) of every document a
    chosen layer decided anything on, in document then layer order."""
    if not layers:
        return []
    marks = ", ".join("?" for _ in layers)
    rows = store.db.execute(
        "SELECT DISTINCT n.doc_id, a.name, a.kind, coalesce(s.status, 'todo') FROM annotations n "
        "JOIN annotators a ON a.id = n.annotator_id "
        "LEFT JOIN doc_state s ON s.doc_id = n.doc_id AND s.annotator_id = a.id "
        f"WHERE a.name IN ({marks}) ORDER BY n.doc_id, a.name",
        list(layers),
    )
    return [tuple(row) for row in rows]


def decision_rows(store: Store, doc_id: int, layer: str) -> list[tuple[int, int, str, str]]:
    """(start, end, label, status) of a layer's decisions on a document."""
    rows = store.db.execute(
        "SELECT n.span_start, n.span_end, n.label, n.status FROM annotations n JOIN annotators a ON a.id = n.annotator_id "
        "WHERE n.doc_id = ? AND a.name = ? ORDER BY n.span_start, n.span_end, n.label",
        [doc_id, layer],
    )
    return [tuple(row) for row in rows]


def undecided_candidate_spans(store: Store, doc_id: int, layer: str) -> list[tuple[int, int, str]]:
    """(start, end, label) of a document's candidates the layer has not decided on."""
    rows = store.db.execute(
        "SELECT c.span_start, c.span_end, c.label FROM candidates c WHERE c.doc_id = ? AND NOT EXISTS ("
        "  SELECT 1 FROM annotations n JOIN annotators a ON a.id = n.annotator_id "
        "  WHERE a.name = ? AND n.doc_id = c.doc_id "
        "  AND n.candidate_key = c.span_start || ':' || c.span_end || ':' || c.label) "
        "ORDER BY c.span_start, c.span_end, c.label",
        [doc_id, layer],
    )
    return [tuple(row) for row in rows]


def document_hashes(store: Store, doc_ids: Sequence[int]) -> dict[int, str]:
    rows = store.db.execute(
        f"SELECT id, text_hash FROM documents WHERE id IN ({', '.join('?' for _ in doc_ids)})", list(doc_ids)
    ) if doc_ids else []
    return {doc_id: text_hash for doc_id, text_hash in rows}
