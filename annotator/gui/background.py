"""Work off the GUI thread: each job opens its own connection to the project (SQLite
connections stay in their thread; WAL lets it read while the window writes)."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import QObject, QRunnable, Signal

from ..errors import AnnotatorError
from ..store import Store

INDEX_BATCH = 200  # documents indexed per transaction


class _Signals(QObject):
    ids = Signal(int, list)  # (query number, matching document ids)
    indexed = Signal()


class SearchJob(QRunnable):
    """The document list's query (a scan can take a while on a large project)."""

    def __init__(self, project: str, number: int, layer: str, status: str | None, search: str):
        super().__init__()
        self.project, self.number = project, number
        self.layer, self.status, self.search = layer, status, search
        self.signals = _Signals()

    def run(self) -> None:
        try:
            with Store.open(self.project, create=False, quick_check=False) as store:
                ids = store.document_ids(self.layer, self.status, self.search or None)
        except AnnotatorError:
            return
        self.signals.ids.emit(self.number, ids)


class IndexJob(QRunnable):
    """Brings the full-text index up to date in short transactions, between decisions."""

    def __init__(self, project: str):
        super().__init__()
        self.project = project
        self.signals = _Signals()
        self.stop = False

    def run(self) -> None:
        try:
            with Store.open(self.project, create=False, quick_check=False) as store:
                # small batches: a decision waits for the write lock only briefly
                while not self.stop and store.refresh_search_index(batch=INDEX_BATCH):
                    pass
        except (AnnotatorError, sqlite3.Error):
            pass  # the index catches up next time; searches scan what it lacks meanwhile
        self.signals.indexed.emit()


class _RetrainSignals(QObject):
    finished = Signal(object)  # RetrainReport, or None when there was nothing new to learn
    failed = Signal(str)  # one sentence


class RetrainJob(QRunnable):
    """Retrains the annotator's own model and recomputes the candidates (see
    :mod:`annotator.services.retraining`); the window reads the result when it finishes."""

    def __init__(self, project: str, layer: str, first_doc: int | None, min_new_decisions: int):
        super().__init__()
        self.project, self.layer, self.first_doc = project, layer, first_doc
        self.min_new_decisions = min_new_decisions
        self.signals = _RetrainSignals()
        self.stop = self.cancel_requested = False

    def run(self) -> None:
        from ..services.retraining import retrain_layer

        try:
            report = retrain_layer(self.project, self.layer, min_new_decisions=self.min_new_decisions,
                                   first_doc=self.first_doc, cancelled=lambda: self.cancel_requested)
        except AnnotatorError as error:
            self.signals.failed.emit(str(error))
            return
        except Exception as error:  # noqa: BLE001 — a worker must not die silently; the window says it once
            self.signals.failed.emit(f"{type(error).__name__}: {error}")
            return
        self.signals.finished.emit(report)
