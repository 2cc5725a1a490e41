"""Retraining while annotating (the window's background job), on generated articles: an
annotator's own model is trained on their layer (and gold), only when they decided something
new, never crashes on a busy project, and says how many new suggestions it brought."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from annotator import services, store_models
from annotator.detect.engine import DETECTOR_VERSION
from annotator.records import CandidateSpan
from annotator.services import adjudication, annotating, retraining
from annotator.store import Store

from test_model import ANNOTATOR, _annotate, _write_articles  # the recommender's own small-data maker


@pytest.fixture(scope="module")
def decided(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project of 8 generated articles the annotator decided and marked done (no model yet)."""
    folder = tmp_path_factory.mktemp("retrain")
    gold = _write_articles(folder / "docs", 8, seed=5)
    path = folder / "decided.annotator.db"
    with Store.open(path) as store:
        services.import_paths(store, [folder / "docs"])
        services.detect_project(store)
        _annotate(store, gold)
    return path


@pytest.fixture
def project(decided: Path, tmp_path: Path) -> Path:
    target = tmp_path / decided.name
    shutil.copy(decided, target)  # the module's project is closed: a plain copy is safe
    return target


def stored(path: Path, scope: str):
    with Store.open(path) as store:
        return store_models.stored_model(store, scope)


def test_retraining_trains_the_annotators_own_model_and_refreshes_their_documents(project: Path) -> None:
    report = retraining.retrain_layer(project, ANNOTATOR)
    assert report.outcome == retraining.RETRAINED
    assert report.scope == f"layer:{ANNOTATOR}" and report.documents == 8 and report.refreshed == 8
    assert report.folds >= 2  # the scope's first model is cross-validated: it has figures and a calibration
    assert 0 < report.precision <= 1 and 0 < report.recall <= 1
    model = stored(project, f"layer:{ANNOTATOR}")
    assert model is not None and model.metrics["layers"] == [ANNOTATOR]
    assert stored(project, "shared") is None  # the shared model is not this annotator's to change


def test_no_new_decision_no_retraining_and_a_later_one_is_a_single_quick_fit(project: Path) -> None:
    retraining.retrain_layer(project, ANNOTATOR)
    assert retraining.retrain_layer(project, ANNOTATOR) is None  # nothing decided since
    with Store.open(project) as store:
        doc_id = next(iter(store.documents())).id
        annotating.add_span(store, ANNOTATOR, doc_id, 0, 2, "CAMPAIGN")
    assert retraining.retrain_layer(project, ANNOTATOR, min_new_decisions=2) is None
    again = retraining.retrain_layer(project, ANNOTATOR, min_new_decisions=1)
    assert again.outcome == retraining.RETRAINED and again.folds == 0  # one fit, the stored calibration kept
    assert again.precision is not None  # the figures of the last cross-validation
    forced = retraining.retrain_layer(project, ANNOTATOR, min_new_decisions=0)
    assert forced.outcome == retraining.UNCHANGED and forced.refreshed == 0


def test_gold_teaches_the_annotators_model_too(project: Path) -> None:
    with Store.open(project) as store:
        document = next(iter(store.documents()))
        span = store.annotations(document.id, ANNOTATOR)[0]
        adjudication.adjudicate(store, document.id, span.start, span.end, [(span.start, span.end, span.label)], "agreed")
    report = retraining.retrain_layer(project, ANNOTATOR)
    assert report.outcome == retraining.RETRAINED
    assert stored(project, f"layer:{ANNOTATOR}").metrics["layers"] == [ANNOTATOR, "gold"]


def test_a_busy_project_is_reported_for_a_retry_and_left_unchanged(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(retraining, "WORKER_BUSY_TIMEOUT_MS", 100)
    other = sqlite3.connect(str(project), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    try:
        report = retraining.retrain_layer(project, ANNOTATOR)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert report.outcome == retraining.BUSY and report.detail
    assert stored(project, f"layer:{ANNOTATOR}") is None
    assert retraining.retrain_layer(project, ANNOTATOR).outcome == retraining.RETRAINED  # the retry works


def test_a_layer_with_nothing_confirmed_is_told_not_raised(project: Path) -> None:
    with Store.open(project) as store:
        doc_id = next(iter(store.documents())).id
        annotating.reject(store, "carol", annotating.document_items(store, "carol", doc_id)[0])
    report = retraining.retrain_layer(project, "carol")
    assert report.outcome == retraining.NOTHING_TO_LEARN and "nothing to learn" in report.detail
    assert stored(project, "layer:carol") is None


def test_cancelled_retraining_stores_nothing(project: Path) -> None:
    report = retraining.retrain_layer(project, ANNOTATOR, cancelled=lambda: True)
    assert report.outcome == retraining.CANCELLED
    assert stored(project, f"layer:{ANNOTATOR}") is None


def test_new_suggestions_are_counted_and_recorded_in_done_documents(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The recomputation's new undecided candidates for this layer are counted; in a document
    the layer marked done they are recorded as new suggestions (not arriving silently)."""
    with Store.open(project) as store:
        first = next(iter(store.documents()))
    assert store_state(project, first.id) == "done"

    def refresh(store: Store, doc_ids, *, actor=None) -> int:
        if first.id in doc_ids:
            with store.transaction():
                store.add_candidates(first.id, [CandidateSpan(0, 1, "CAMPAIGN", "model:CAMPAIGN", 0.83, 0.83)],
                                     DETECTOR_VERSION, owner=ANNOTATOR)
        return len(doc_ids)

    monkeypatch.setattr(retraining, "refresh_model_candidates", refresh)
    report = retraining.retrain_layer(project, ANNOTATOR, first_doc=first.id)
    assert report.new_suggestions == 1 and report.refreshed == 8
    with Store.open(project) as store:
        assert [(s.doc_id, s.count) for s in store.new_suggestions(ANNOTATOR)] == [(first.id, 1)]
        assert store.new_suggestions("bob") == []  # nobody else sees it


def store_state(path: Path, doc_id: int) -> str:
    with Store.open(path) as store:
        return store.doc_state(doc_id, ANNOTATOR).status


def test_overall_scores_weigh_labels_by_their_spans() -> None:
    metrics = {"A": {"gold": 10, "predicted": 10, "overlap_precision": 1.0, "overlap_recall": 0.5, "exact_precision": 1, "exact_recall": 1},
               "B": {"gold": 30, "predicted": 10, "overlap_precision": 0.5, "overlap_recall": 1.0, "exact_precision": 1, "exact_recall": 1}}
    assert retraining.overall_scores(metrics) == (0.75, 35 / 40)
    assert retraining.overall_scores({}) == (None, None)
