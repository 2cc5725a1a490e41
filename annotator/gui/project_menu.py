"""The File menu: new and open project, recent projects, import files in the background,
switch annotator."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from .. import services
from ..errors import AnnotatorError
from ..store import Store

if TYPE_CHECKING:
    from .main_window import MainWindow

RECENT_KEY = "recent_projects"
RECENT_MAX = 8


def settings() -> QSettings:
    return QSettings("annotator", "annotator")


def recent_projects() -> list[str]:
    """The remembered projects, newest first. QSettings gives a one-element list back from
    its file as a plain string (and no key as None): both become lists here."""
    value = settings().value(RECENT_KEY)
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value else []
    return [str(p) for p in value if p]


def remember_project(path: str) -> None:
    recent = [p for p in recent_projects() if p != path]
    settings().setValue(RECENT_KEY, [path, *recent][:RECENT_MAX])


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
    for path in recent_projects():
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


def import_files(window: "MainWindow") -> None:
    paths, _ = QFileDialog.getOpenFileNames(window, "Import articles", "", "Articles (*.txt *.jsonl *.csv)")
    if paths:
        start_import(window, paths)


def start_import(window: "MainWindow", paths: list[str]):
    """Import, then detect, in the background with progress and cancel."""

    def work(store: Store, progress, cancelled) -> str:
        report = services.import_paths(store, paths, progress=progress, cancelled=cancelled)
        services.detect_project(store, cancelled=cancelled)
        return f"Imported {report.imported} new document(s); {report.duplicates} already in the project."

    def finished(message: str) -> None:
        window.doc_model.reload()
        window.start_indexing()
        window.statusBar().showMessage(message, 10_000)

    return _exchange().run_in_background(window, "Importing…", work, finished)
