"""The File menu: new and open project, recent projects, import files in the background,
switch annotator."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRunnable, QSettings, QThreadPool, Signal
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QProgressDialog

from .. import services
from ..errors import AnnotatorError
from ..progress import Cancelled
from ..store import Store

if TYPE_CHECKING:
    from .main_window import MainWindow

RECENT_KEY = "recent_projects"
RECENT_MAX = 8


def settings() -> QSettings:
    return QSettings("annotator", "annotator")


def remember_project(path: str) -> None:
    store = settings()
    recent = [p for p in (store.value(RECENT_KEY) or []) if p != path]
    store.setValue(RECENT_KEY, [path, *recent][:RECENT_MAX])


def build_file_menu(window: "MainWindow") -> None:
    menu = window.menuBar().addMenu("&File")
    menu.addAction("New project…", lambda: new_project(window))
    menu.addAction("Open project…", lambda: open_project(window))
    recent = menu.addMenu("Recent projects")
    recent.aboutToShow.connect(lambda: _fill_recent(window, recent))
    menu.addSeparator()
    menu.addAction("Import articles…", lambda: import_files(window))
    menu.addAction("Import annotations…", lambda: _exchange().import_annotations_from_window(window))
    menu.addAction("Export…", lambda: _exchange().export_from_window(window))
    menu.addSeparator()
    menu.addAction("Switch annotator…", lambda: switch_annotator(window))
    menu.addSeparator()
    menu.addAction("Quit", window.close)


def _exchange():
    from . import exchange_dialogs

    return exchange_dialogs


def _fill_recent(window: "MainWindow", menu) -> None:
    menu.clear()
    for path in settings().value(RECENT_KEY) or []:
        menu.addAction(path, lambda p=path: _open(window, Path(p), create=False))


def new_project(window: "MainWindow") -> None:
    path, _ = QFileDialog.getSaveFileName(window, "New project", "", "Annotator projects (*.annotator.db *.db)")
    if path:
        _open(window, Path(path), create=True)


def open_project(window: "MainWindow") -> None:
    path, _ = QFileDialog.getOpenFileName(window, "Open project", "", "Annotator projects (*.annotator.db *.db);;All files (*)")
    if path:
        _open(window, Path(path), create=False)


def _open(window: "MainWindow", path: Path, create: bool) -> None:
    try:
        store = Store.open(path, create=create)
    except AnnotatorError as error:
        QMessageBox.warning(window, "Cannot open the project", str(error))
        return
    remember_project(str(path))
    window.switch_project(store)


def switch_annotator(window: "MainWindow") -> None:
    name, ok = QInputDialog.getText(window, "Annotator", "Your name (each annotator has their own layer):", text=window.layer)
    name = name.strip()
    if ok and name and name != "gold":
        settings().setValue("annotator", name)
        window.switch_annotator(name)


class _Signals(QObject):
    progress = Signal(int, int)
    finished = Signal(str)
    failed = Signal(str)


class ImportJob(QRunnable):
    """Import, then detect, in a worker thread with its own connection to the project."""

    def __init__(self, project: str, paths: list[str]):
        super().__init__()
        self.project, self.paths = project, paths
        self.signals = _Signals()
        self.cancel_requested = False

    def run(self) -> None:
        try:
            with Store.open(self.project, create=False) as store:
                report = services.import_paths(
                    store, self.paths, progress=self.signals.progress.emit, cancelled=lambda: self.cancel_requested
                )
                services.detect_project(store, cancelled=lambda: self.cancel_requested)
            self.signals.finished.emit(
                f"Imported {report.imported} new document(s); {report.duplicates} already in the project."
            )
        except Cancelled:
            self.signals.failed.emit("Import cancelled: nothing was imported.")
        except AnnotatorError as error:
            self.signals.failed.emit(f"{error}\nNothing was imported; the project is unchanged.")


def import_files(window: "MainWindow") -> None:
    paths, _ = QFileDialog.getOpenFileNames(window, "Import articles", "", "Articles (*.txt *.jsonl *.csv)")
    if paths:
        start_import(window, paths)


def start_import(window: "MainWindow", paths: list[str]) -> ImportJob:
    job = ImportJob(window.store.path, paths)
    dialog = QProgressDialog("Importing…", "Cancel", 0, 100, window)
    dialog.setMinimumDuration(500)
    dialog.canceled.connect(lambda: setattr(job, "cancel_requested", True))
    job.signals.progress.connect(lambda done, total: dialog.setValue(int(100 * done / total) if total else 100))

    def finished(message: str) -> None:
        dialog.reset()
        window.doc_model.reload()
        window.start_indexing()
        window.statusBar().showMessage(message, 10_000)

    def failed(message: str) -> None:
        dialog.reset()
        QMessageBox.warning(window, "Import", message)

    job.signals.finished.connect(finished)
    job.signals.failed.connect(failed)
    window.import_job = job  # keep it (and its signals) alive while it runs
    QThreadPool.globalInstance().start(job)
    return job
