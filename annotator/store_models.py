"""SQL for the recommender: trained models (table ``models``) and the decisions they learn from.

Part of the store family (every SQL string lives in store modules); functions take the
:class:`~annotator.store.Store` a caller opened. Writers must be called inside
:meth:`Store.transaction`.
"""

from __future__ import annotations

import json
from typing import Mapping, Sequence

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


def model_scopes(store: Store, prefix: str = "") -> list[str]:
    """The scopes of the stored models, those starting with ``prefix``."""
    rows = store.db.execute("SELECT scope FROM models WHERE substr(scope, 1, ?) = ? ORDER BY scope", [len(prefix), prefix])
    return [row[0] for row in rows]


def stale_model_scopes(store: Store, current: Mapping[str, str], doc_ids: Sequence[int] | None = None) -> dict[int, set[str]]:
    """Per detected document (of ``doc_ids``, default all), the layer scopes whose owned model
    candidates are not those of the ``current`` models (scope → fingerprint): made by another
    model, by none yet, or by a model that is gone."""
    where, params = "", []
    if doc_ids is not None:
        if not doc_ids:
            return {}
        where, params = f"WHERE d.doc_id IN ({', '.join('?' for _ in doc_ids)})", list(doc_ids)
    made: dict[int, dict[str, str]] = {}
    for doc_id, scope, fingerprint in store.db.execute(
        f"SELECT d.doc_id, m.scope, m.fingerprint FROM detection_state d LEFT JOIN model_state m ON m.doc_id = d.doc_id {where}",
        params,
    ):
        states = made.setdefault(doc_id, {})
        if scope is not None:
            states[scope] = fingerprint
    stale = {}
    for doc_id, states in made.items():
        scopes = {s for s, f in current.items() if states.get(s) != f} | (set(states) - set(current))
        if scopes:
            stale[doc_id] = scopes
    return stale


def set_model_states(store: Store, doc_id: int, states: Mapping[str, str | None]) -> None:
    """Record which model made a document's owned candidates, per scope (None: no model any
    more). Call inside a transaction."""
    for scope, fingerprint in states.items():
        if fingerprint is None:
            store.db.execute("DELETE FROM model_state WHERE doc_id = ? AND scope = ?", [doc_id, scope])
        else:
            store.db.execute(
                "INSERT INTO model_state (doc_id, scope, fingerprint) VALUES (?, ?, ?) "
                "ON CONFLICT (doc_id, scope) DO UPDATE SET fingerprint = excluded.fingerprint",
                [doc_id, scope, fingerprint],
            )


def replace_model_states(store: Store, doc_id: int, states: Mapping[str, str]) -> None:
    """A document freshly detected with every current model: its states are those. Call inside a transaction."""
    store.db.execute("DELETE FROM model_state WHERE doc_id = ?", [doc_id])
    set_model_states(store, doc_id, states)
