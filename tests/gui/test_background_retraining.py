"""Retraining while annotating: after every N decisions the window retrains the annotator's
model on a worker thread and never waits for it (keys and timers go on while it trains), runs
one job at a time, shows the new candidates keeping the current span, says what it did in
one line, and can be turned off. Model candidates show their provenance.

Training is replaced by a slow stand-in (it sleeps) and the recomputation by one that adds a
model candidate: what is tested is the window's side, the service has its own tests."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from annotator.detect.engine import DETECTOR_VERSION
from annotator.model.training import LabelScores
from annotator.records import Candidate, CandidateSpan
from annotator.services import retraining
from annotator.services.annotating import Item
from annotator.services.modelling import TrainReport
from annotator.gui import i18n
from annotator.gui.models import item_tooltip, provenance

TRAIN_SECONDS = 1.5
RULE_COLUMN = 3


class SlowTraining:
    """Stands in for train_project_model: sleeps (as a fit would, off the GUI thread) and
    records how many ran at once; the recomputation adds one model candidate."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, place: tuple[int, int, int, str] | None = None):
        self.calls = 0
        self.running = self.most_at_once = 0
        self.lock = threading.Lock()
        self.place = place  # (doc_id, start, end, label) of the candidate the model "finds"
        monkeypatch.setattr(retraining, "train_project_model", self.train)
        monkeypatch.setattr(retraining, "refresh_model_candidates", self.refresh)

    def train(self, store, layers=None, scope="shared", **options) -> TrainReport:
        with self.lock:
            self.calls += 1
            self.running += 1
            self.most_at_once = max(self.most_at_once, self.running)
        time.sleep(TRAIN_SECONDS)
        with self.lock:
            self.running -= 1
        scores = {"SLOGAN": LabelScores(10, 10, 0.8, 0.7, 0.83, 0.75)}
        return TrainReport(scope, tuple(layers), 7, 7, 1000, True, f"fp{self.calls}", scores, {}, 0, TRAIN_SECONDS)

    def refresh(self, store, doc_ids, *, actor=None) -> int:
        if self.place is not None and self.place[0] in doc_ids:
            doc_id, start, end, label = self.place
            with store.transaction():
                store.ensure_annotator(actor)
                store.add_candidates(doc_id, [CandidateSpan(start, end, label, "model:" + label, 0.83, 0.83)],
                                     DETECTOR_VERSION, owner=actor)
        return len(doc_ids)


def free_place(window) -> tuple[int, int, int, str]:
    """A stretch of the open document no candidate covers (for the model's new candidate)."""
    taken = [(i.start, i.end) for i in window.items]
    for start in range(len(window.text) - 3):
        if window.text[start] != "\n" and not any(s < start + 3 and start < e for s, e in taken):
            return window.doc_id, start, start + 3, "CAMPAIGN"
    raise AssertionError("no free place in the document")


def reject_keys(qtbot, window, count: int) -> None:
    for _ in range(count):
        qtbot.keyClick(window.article, Qt.Key.Key_X)


def test_after_n_decisions_it_retrains_in_the_background_and_the_window_keeps_working(
        qtbot, window, monkeypatch) -> None:
    training = SlowTraining(monkeypatch, free_place(window))
    window.set_retrain_every(3)
    ticks = []
    timer = QTimer(window, interval=20, timeout=lambda: ticks.append(time.monotonic()))
    timer.start()
    reject_keys(qtbot, window, 2)
    assert window._retrain_job is None  # not yet: 2 of 3
    reject_keys(qtbot, window, 1)
    job = window._retrain_job
    assert job is not None and window.retrain_state.text()
    qtbot.waitUntil(lambda: training.running == 1, timeout=5000)
    # While it trains, keys are processed at once and timers fire: the GUI thread does not wait.
    started = time.monotonic()
    decided = sum(i.decided for i in window.items)
    reject_keys(qtbot, window, 3)  # the next 3 decisions: a second retraining is due
    assert sum(i.decided for i in window.items) == decided + 3
    assert time.monotonic() - started < TRAIN_SECONDS / 2
    assert window._retrain_job is job and window._retrain_again  # one at a time: the next waits
    qtbot.wait(500)
    assert training.running == 1 and len([t for t in ticks if t > started]) >= 10  # the event loop ran meanwhile
    current = window.current_key
    qtbot.waitUntil(lambda: training.calls == 2 and window._retrain_job is None, timeout=15_000)
    timer.stop()
    assert training.most_at_once == 1
    # The model's candidate is in the window; the current span stayed current and selected.
    doc_id, start, end, label = training.place
    new = next(i for i in window.items if (i.start, i.end, i.label) == (start, end, label))
    assert new.candidate.rule == "model:CAMPAIGN" and not new.decided
    assert window.current_key == current
    assert window.span_model.items[window.span_table.currentIndex().row()].key == current
    assert window.retrain_state.text() == ""
    assert QApplication.activeModalWidget() is None


def test_the_finished_retraining_says_what_it_did(qtbot, window, monkeypatch) -> None:
    training = SlowTraining(monkeypatch, free_place(window))
    assert window.retrain_every() == 20  # the default
    qtbot.keyClick(window.article, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window._retrain_job is not None  # Retrain now, without any decision
    qtbot.waitUntil(lambda: window._retrain_job is None, timeout=15_000)
    assert training.calls == 1
    message = window.statusBar().currentMessage()
    assert message == "Model retrained on 7 document(s) (P/R 0.83/0.75) — 1 new suggestion(s)", message


def test_setting_zero_turns_it_off_and_is_remembered(qtbot, window, monkeypatch) -> None:
    training = SlowTraining(monkeypatch)
    window.set_retrain_every(0)
    assert "off" in window.retrain_setting.text()
    reject_keys(qtbot, window, 5)
    qtbot.wait(300)
    assert window._retrain_job is None and training.calls == 0
    from annotator.gui.project_menu import settings

    assert int(settings().value("model/retrain_every")) == 0
    window.set_retrain_every(4)
    assert window.retrain_every() == 4 and "4" in window.retrain_setting.text()


def test_a_failed_retraining_is_one_sentence_not_a_dialog(qtbot, window, monkeypatch) -> None:
    def broken(*args, **kwargs):
        raise RuntimeError("the model file is damaged")

    monkeypatch.setattr(retraining, "train_project_model", broken)
    window.set_retrain_every(1)
    reject_keys(qtbot, window, 1)
    qtbot.waitUntil(lambda: window._retrain_job is None, timeout=15_000)
    assert window.statusBar().currentMessage() == "Retraining failed: RuntimeError: the model file is damaged"
    assert QApplication.activeModalWidget() is None
    reject_keys(qtbot, window, 1)  # the next decision tries again, and the keys still work
    assert window._retrain_job is not None
    qtbot.waitUntil(lambda: window._retrain_job is None, timeout=15_000)


def test_a_busy_project_is_said_and_tried_again_later(qtbot, window, monkeypatch) -> None:
    busy = retraining.RetrainReport("alice", "layer:alice", retraining.BUSY, detail="an import is writing (process 1).")
    monkeypatch.setattr(retraining, "retrain_layer", lambda *a, **k: busy)
    window.retrain_now()
    qtbot.waitUntil(lambda: window._retrain_job is None, timeout=15_000)
    assert "project is busy: an import is writing" in window.statusBar().currentMessage()
    assert window._retrain_retry.isActive()


# ---------------------------------------------------------------- provenance


def candidate(rule: str, score: float, model_score: float | None) -> Item:
    return Item(Candidate(1, 1, 0, 4, "SLOGAN", rule, score, DETECTOR_VERSION, None, model_score), None)


def test_provenance_names_the_model_with_its_probability() -> None:
    assert provenance(candidate("model:SLOGAN", 0.83, 0.83)) == "model · 0.83"
    assert provenance(candidate("slogan:quoted", 0.9, 0.714)) == "slogan:quoted + model 0.71"
    assert provenance(candidate("slogan:quoted", 0.9, None)) == "slogan:quoted"
    tooltip = item_tooltip(candidate("model:SLOGAN", 0.83, 0.83))
    assert "found by: model · 0.83" in tooltip and "score" not in tooltip  # the probability once
    tooltip = item_tooltip(candidate("slogan:quoted", 0.9, 0.71))
    assert "found by: slogan:quoted + model 0.71" in tooltip and "score: 0.90" in tooltip


def test_provenance_in_chinese(qapp) -> None:
    i18n.install(i18n.CHINESE)
    try:
        assert provenance(candidate("model:SLOGAN", 0.83, 0.83)) == "模型 · 0.83"
        assert provenance(candidate("slogan:quoted", 0.9, 0.71)) == "slogan:quoted + 模型 0.71"
    finally:
        i18n.install(i18n.ENGLISH)


def test_the_spans_table_shows_a_model_candidates_provenance(qtbot, window, store) -> None:
    doc_id, start, end, label = free_place(window)
    with store.transaction():
        store.add_candidates(doc_id, [CandidateSpan(start, end, label, "model:" + label, 0.83, 0.83)], DETECTOR_VERSION)
    window.reload_current()
    row = next(n for n, i in enumerate(window.span_model.items) if (i.start, i.end) == (start, end))
    index = window.span_model.index(row, RULE_COLUMN)
    assert window.span_model.data(index) == "model · 0.83"
    assert "found by: model · 0.83" in window.span_model.data(index, Qt.ItemDataRole.ToolTipRole)
    assert window.span_model.headerData(RULE_COLUMN, Qt.Orientation.Horizontal) == "Found by"


def test_a_real_retraining_from_the_window_stores_the_annotators_model(qtbot, window, store) -> None:
    """End to end, no stand-in: decisions by key, Retrain now, the model of alice's scope stored."""
    from annotator import store_models

    for _ in range(3):
        qtbot.keyClick(window.article, Qt.Key.Key_Return)
    window.retrain_now()
    # A real training on the starter corpus (200 documents, cross-validated): 40-60 s on a quiet
    # machine of 2 cores, over 80 s with other jobs on it. The wait is not what is tested.
    qtbot.waitUntil(lambda: window._retrain_job is None, timeout=240_000)
    assert window.statusBar().currentMessage().startswith("Model retrained on 1 document(s)")
    assert store_models.stored_model(store, "layer:alice") is not None
    assert store_models.stored_model(store, "shared") is None
