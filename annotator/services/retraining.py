"""Retraining while annotating: an annotator's own model, brought up to date in the background.

The window calls :func:`retrain_layer` on a worker thread every few decisions. It opens its
own connection (SQLite connections stay in their thread), trains the scope
``layer:<annotator>`` on gold and that annotator's layer — what the annotator teaches shows
in their own candidates only — then recomputes the candidates of the project's documents,
the open one first. Training holds no lock (:func:`train_project_model` reads, trains, then
stores the model in one short transaction); the recomputation writes in short transactions.
A project busy with another writer is not an error here: the report says so and the caller
tries again later.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Sequence

from .. import store_models, store_retraining
from ..errors import AnnotatorError, ProjectBusyError, ProjectError
from ..progress import Cancelled, IsCancelled, never_cancelled
from ..records import GOLD_LAYER
from ..store import Store
from .modelling import layer_scope, refresh_model_candidates, train_project_model

RETRAINED = "retrained"
UNCHANGED = "unchanged"  # the training data is the same as the stored model's: nothing done
NOTHING_TO_LEARN = "nothing to learn"  # no accepted, relabelled or added span yet
BUSY = "busy"  # another writer held the project: nothing half-done, try again later
CANCELLED = "cancelled"  # the window closed meanwhile

# Documents per recomputation. redetect_documents detects inside its write transaction (about
# 0.05–0.1 s a document with the model, on a loaded machine), and a decision in the window
# waits for the lock 1.5 s at most: small chunks keep that wait well under it.
REFRESH_CHUNK = 4
WORKER_BUSY_TIMEOUT_MS = 10_000  # the worker may wait longer than the window: nobody waits on it


@dataclass(frozen=True)
class RetrainReport:
    layer: str
    scope: str
    outcome: str  # one of the constants above
    documents: int = 0  # distinct documents the model learned from
    precision: float | None = None  # overlap, over all labels, of the scope's last cross-validation
    recall: float | None = None
    folds: int = 0  # 0: one fit keeping the stored calibration
    refreshed: int = 0  # documents whose candidates were recomputed
    new_suggestions: int = 0  # undecided candidates the layer sees now and did not before
    seconds: float = 0.0
    detail: str = ""  # for BUSY and NOTHING_TO_LEARN: the sentence saying why


def retrain_layer(
    project_path: str | Path,
    layer: str,
    *,
    min_new_decisions: int = 1,
    first_doc: int | None = None,
    cancelled: IsCancelled = never_cancelled,
) -> RetrainReport | None:
    """Retrain ``layer``'s own model and recompute the candidates with it.

    None when the layer made fewer than ``min_new_decisions`` teaching decisions since its
    model was last trained (0: look at the data whatever the count). ``first_doc`` (the
    document on screen) is recomputed first. Raises :class:`AnnotatorError` when the project
    cannot be opened; a busy project gives a BUSY report, never an exception."""
    started = time.perf_counter()
    scope = layer_scope(layer)
    try:
        with Store.open(project_path, create=False, quick_check=False, busy_timeout_ms=WORKER_BUSY_TIMEOUT_MS) as store:
            if min_new_decisions > 0 and store_retraining.decisions_since_training(store, layer, scope) < min_new_decisions:
                return None
            return _retrain(store, layer, scope, first_doc, cancelled, started)
    except ProjectBusyError as error:
        return RetrainReport(layer, scope, BUSY, seconds=time.perf_counter() - started, detail=str(error))
    except sqlite3.OperationalError as error:  # "database is locked" outside a transaction
        if "locked" not in str(error) and "busy" not in str(error):
            raise AnnotatorError(f"{project_path}: retraining failed: {error}") from error
        return RetrainReport(layer, scope, BUSY, seconds=time.perf_counter() - started, detail=str(error))


def _retrain(store: Store, layer: str, scope: str, first_doc: int | None, cancelled: IsCancelled,
             started: float) -> RetrainReport:
    layers = [layer]
    if layer != GOLD_LAYER and GOLD_LAYER in store_models.layers_with_decisions(store):
        layers.append(GOLD_LAYER)  # gold teaches everyone
    stored = store_models.stored_model(store, scope)
    # One fit keeps the stored calibration and thresholds. Until the scope has a cross-validated
    # model (its first training, or one on a single document) it is cross-validated (a few
    # fits more), which calibrates it and gives its figures.
    folds = 0 if stored is not None and stored.metrics.get("labels") else None
    try:
        report = train_project_model(store, layers, scope, folds=folds, progress=_stop_when(cancelled))
    except Cancelled:
        return RetrainReport(layer, scope, CANCELLED, seconds=time.perf_counter() - started)
    except ProjectError:
        raise
    except AnnotatorError as error:  # nothing confirmed yet to learn from
        return RetrainReport(layer, scope, NOTHING_TO_LEARN, seconds=time.perf_counter() - started, detail=str(error))
    if not report.trained:
        return RetrainReport(layer, scope, UNCHANGED, report.documents, folds=report.folds,
                             seconds=time.perf_counter() - started)
    precision, recall = overall_scores(report.metrics or _stored_scores(store, scope))
    doc_ids = _refresh_order(store.document_ids(layer), first_doc)
    before = undecided_places(store, layer, doc_ids)
    refreshed = 0
    for chunk in _chunks(doc_ids, first_doc):
        if cancelled():
            break  # the rest is recomputed by the next `detect` (the model changed its fingerprint)
        refreshed += refresh_model_candidates(store, chunk, actor=layer)
    arrived = undecided_places(store, layer, doc_ids) - before
    return RetrainReport(layer, scope, RETRAINED, report.documents, precision, recall, report.folds, refreshed,
                         len(arrived), time.perf_counter() - started)


def _stop_when(cancelled: IsCancelled):
    def progress(done: int, total: int) -> None:
        if cancelled():
            raise Cancelled("retraining cancelled")

    return progress


def _refresh_order(doc_ids: Sequence[int], first_doc: int | None) -> list[int]:
    if first_doc in doc_ids:
        return [first_doc, *(d for d in doc_ids if d != first_doc)]
    return list(doc_ids)


def _chunks(doc_ids: list[int], first_doc: int | None) -> list[list[int]]:
    """The document on screen alone first (the annotator sees it soon), then the others."""
    head = doc_ids[:1] if doc_ids and doc_ids[0] == first_doc else []
    rest = doc_ids[len(head):]
    return ([head] if head else []) + [rest[i: i + REFRESH_CHUNK] for i in range(0, len(rest), REFRESH_CHUNK)]


def undecided_places(store: Store, layer: str, doc_ids: Sequence[int]) -> set[tuple[int, int, int, str]]:
    """(doc_id, start, end, label) of the candidates ``layer`` sees and has not decided."""
    decided = set()
    for doc_id, start, end, label, _status, candidate_key in store.layer_spans_in(layer, doc_ids):
        decided.add((doc_id, start, end, label))
        if candidate_key:
            s, e, l = candidate_key.split(":", 2)
            decided.add((doc_id, int(s), int(e), l))
    return set(store.candidate_ids_in(doc_ids, layer)) - decided


def _stored_scores(store: Store, scope: str) -> Mapping[str, Mapping]:
    stored = store_models.stored_model(store, scope)
    return stored.metrics.get("labels", {}) if stored is not None else {}


def overall_scores(metrics: Mapping[str, object]) -> tuple[float | None, float | None]:
    """Overlap precision and recall over all labels (each label weighted by its predicted
    and gold spans), from per-label scores (LabelScores or their stored dicts)."""
    predicted = gold = precise = found = 0.0
    for scores in metrics.values():
        values = scores if isinstance(scores, Mapping) else vars(scores)
        predicted += values["predicted"]
        gold += values["gold"]
        precise += values["overlap_precision"] * values["predicted"]
        found += values["overlap_recall"] * values["gold"]
    return (precise / predicted if predicted else None, found / gold if gold else None)
