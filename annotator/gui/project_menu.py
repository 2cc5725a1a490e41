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
from .i18n import Retranslator, translate

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
    menu = window.menuBar().addMenu("")
    new = menu.addAction("", lambda: new_project(window))
    open_ = menu.addAction("", lambda: open_project(window))
    recent = menu.addMenu("")
    recent.aboutToShow.connect(lambda: _fill_recent(window, recent))
    menu.addSeparator()
    articles = menu.addAction("", lambda: import_files(window))
    annotations = menu.addAction("", lambda: _exchange().import_annotations_from_window(window))
    export = menu.addAction("", lambda: _exchange().export_from_window(window))
    menu.addSeparator()
    annotator = menu.addAction("", lambda: switch_annotator(window))
    menu.addSeparator()
    quit_ = menu.addAction("", window.close)
    Retranslator(window).keep(lambda: (
        menu.setTitle(translate("FileMenu", "&File")),
        new.setText(translate("FileMenu", "New project…")),
        open_.setText(translate("FileMenu", "Open project…")),
        recent.setTitle(translate("FileMenu", "Recent projects")),
        articles.setText(translate("FileMenu", "Import articles…")),
        annotations.setText(translate("FileMenu", "Import annotations…")),
        export.setText(translate("FileMenu", "Export…")),
        annotator.setText(translate("FileMenu", "Switch annotator…")),
        quit_.setText(translate("FileMenu", "Quit")),
    ))


def _exchange():
    from . import exchange_dialogs

    return exchange_dialogs


def _fill_recent(window: "MainWindow", menu) -> None:
    menu.clear()
    for path in recent_projects():
        menu.addAction(path, lambda p=path: _open(window, Path(p), create=False))


def new_project(window: "MainWindow") -> None:
    path, _ = QFileDialog.getSaveFileName(window, translate("FileMenu", "New project"), "",
                                          translate("FileMenu", "Annotator projects (*.annotator.db *.db)"))
    if path:
        _open(window, Path(path), create=True)


def open_project(window: "MainWindow") -> None:
    path, _ = QFileDialog.getOpenFileName(window, translate("FileMenu", "Open project"), "",
                                          translate("FileMenu", "Annotator projects (*.annotator.db *.db);;All files (*)"))
    if path:
        _open(window, Path(path), create=False)


def _open(window: "MainWindow", path: Path, create: bool) -> None:
    try:
        store = Store.open(path, create=create)
    except AnnotatorError as error:
        QMessageBox.warning(window, translate("FileMenu", "Cannot open the project"), str(error))
        return
    remember_project(str(path))
    window.switch_project(store)


def switch_annotator(window: "MainWindow") -> None:
    name, ok = QInputDialog.getText(window, translate("FileMenu", "Annotator"),
                                    translate("FileMenu", "Your name (each annotator has their own layer):"), text=window.layer)
    name = name.strip()
    if ok and name and name != "gold":
        settings().setValue("annotator", name)
        window.switch_annotator(name)


def import_files(window: "MainWindow") -> None:
    paths, _ = QFileDialog.getOpenFileNames(window, translate("FileMenu", "Import articles"), "",
                                            translate("FileMenu", "Articles (*.txt *.jsonl *.csv)"))
    if paths:
        start_import(window, paths)


def start_import(window: "MainWindow", paths: list[str]):
    """Import, then detect, in the background with progress and cancel."""

    def work(store: Store, progress, cancelled) -> str:
        report = services.import_paths(store, paths, progress=progress, cancelled=cancelled)
        services.detect_project(store, cancelled=cancelled)
        return translate("FileMenu", "Imported {imported} new document(s); {duplicates} already in the project.").format(
            imported=report.imported, duplicates=report.duplicates)

    def finished(message: str) -> None:
        window.doc_model.reload()
        window.start_indexing()
        window.statusBar().showMessage(message, 10_000)

    return _exchange().run_in_background(window, translate("FileMenu", "Importing…"), work, finished)
