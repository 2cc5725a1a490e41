"""Export and import of annotation files from the window, in the background with progress."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QWidget,
)

from .. import services
from ..errors import AnnotatorError
from ..export import FORMATS, ExportOptions, export_project, parse_split
from ..export.writers import WRITERS
from ..store import Store

if TYPE_CHECKING:
    from .main_window import MainWindow


class _Signals(QObject):
    progress = Signal(int, int)
    finished = Signal(str)
    failed = Signal(str)


_RUNNING: set["Job"] = set()  # jobs under way: their signals must outlive the caller's frame


class Job(QRunnable):
    """Runs ``work(store, progress, cancelled) -> message`` with its own connection."""

    def __init__(self, project: str, work: Callable):
        super().__init__()
        self.project, self.work = project, work
        self.signals = _Signals()
        self.cancel_requested = False

    def run(self) -> None:
        try:
            with Store.open(self.project, create=False, quick_check=False) as store:
                message = self.work(store, self.signals.progress.emit, lambda: self.cancel_requested)
            self.signals.finished.emit(message)
        except AnnotatorError as error:  # Cancelled included: nothing was changed
            self.signals.failed.emit(f"{error}")


def run_in_background(window: QWidget, title: str, work: Callable, done: Callable[[str], None]) -> Job:
    """Run ``work`` on the project of ``window`` (any window with a ``store``: the main window,
    the review window). The job is kept alive here until it reports, whoever started it."""
    job = Job(window.store.path, work)
    dialog = QProgressDialog(title, "Cancel", 0, 100, window)
    dialog.setMinimumDuration(400)
    dialog.canceled.connect(lambda: setattr(job, "cancel_requested", True))
    job.signals.progress.connect(lambda n, total: dialog.setValue(int(100 * n / total) if total else 100))
    job.signals.finished.connect(lambda message: (_RUNNING.discard(job), dialog.reset(), done(message)))
    job.signals.failed.connect(lambda message: (_RUNNING.discard(job), dialog.reset(), QMessageBox.warning(window, title, message)))
    _RUNNING.add(job)
    jobs = getattr(window, "_jobs", None)
    if jobs is not None:  # the main window asks its jobs to stop when it closes
        jobs.append(job)
    QThreadPool.globalInstance().start(job)
    return job


class ExportDialog(QDialog):
    """Format, layer, filters, split and destination of an export."""

    def __init__(self, window: "MainWindow"):
        super().__init__(window)
        self.setWindowTitle("Export")
        self.setMinimumWidth(520)
        store = window.store
        self.format = QComboBox()
        self.format.addItems(FORMATS)
        self.layer = QComboBox()
        self.layer.addItems(["all", "candidates", "gold", *[a.name for a in store.annotators() if a.kind == "annotator"]])
        self.layer.setCurrentText(window.layer)
        self.done_only = QCheckBox("only documents marked done")
        self.labels = QLineEdit(placeholderText="all labels (or e.g. SLOGAN,TARGET)")
        self.rejected = QCheckBox("include rejected spans")
        self.split = QLineEdit(placeholderText="no split (or e.g. train=0.8,dev=0.1,test=0.1)")
        self.seed = QSpinBox(maximum=10**6)
        self.tokens = QComboBox()
        self.tokens.addItems(["char", "jieba"])
        self.out = QLineEdit(placeholderText="exports/ with a name that says project, layer, format and time")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        destination = QWidget()
        row = QHBoxLayout(destination)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.out, 1)
        row.addWidget(browse)
        form = QFormLayout(self)
        for label, widget in (
            ("Format", self.format), ("Layer", self.layer), ("", self.done_only), ("Labels", self.labels),
            ("", self.rejected), ("Split", self.split), ("Split seed", self.seed), ("CoNLL tokens", self.tokens),
            ("Destination", destination),
        ):
            form.addRow(label, widget)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export to", "", "All files (*)")
        if path:
            # The export writes exactly the name in the field; a name picked without an
            # extension gets the format's here, where it can be seen (and changed).
            suffix = WRITERS[self.format.currentText()].suffix
            if suffix and not Path(path).suffix:
                path += suffix
            self.out.setText(path)

    def options(self) -> ExportOptions:
        labels = tuple(x.strip() for x in self.labels.text().split(",") if x.strip()) or None
        statuses = ("accepted", "relabelled", "added") + (("rejected",) if self.rejected.isChecked() else ())
        split = parse_split(self.split.text()) if self.split.text().strip() else None
        return ExportOptions(
            format=self.format.currentText(), layer=self.layer.currentText(), done_only=self.done_only.isChecked(),
            labels=labels, statuses=statuses, split=split, seed=self.seed.value(), tokens=self.tokens.currentText(),
        )


def export_from_window(window: "MainWindow") -> None:
    dialog = ExportDialog(window)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return
    try:
        options = dialog.options()
    except AnnotatorError as error:
        QMessageBox.warning(window, "Export", str(error))
        return
    out = dialog.out.text().strip() or None

    def work(store: Store, progress, cancelled) -> str:
        report = export_project(store, out, options, progress=progress, cancelled=cancelled)
        return f"Exported {report.records} record(s), {report.spans} span(s) to {', '.join(report.files)}"

    run_in_background(window, "Exporting…", work, lambda message: QMessageBox.information(window, "Export", message))


class ImportAnnotationsDialog(QDialog):
    """Whose spans these are: an annotator's layer, or candidates."""

    def __init__(self, window: "MainWindow", files: list[str]):
        super().__init__(window)
        self.setWindowTitle("Import annotations")
        self.files = files
        self.into_layer = QRadioButton("into the layer of annotator")
        self.as_candidates = QRadioButton("as candidates")
        self.into_layer.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.into_layer)
        group.addButton(self.as_candidates)
        self.annotator = QLineEdit(window.layer)
        self.add_labels = QCheckBox("add labels the codebook lacks")
        form = QFormLayout(self)
        form.addRow("Files", QLineEdit(", ".join(Path(f).name for f in files), readOnly=True))
        form.addRow(self.into_layer, self.annotator)
        form.addRow(self.as_candidates)
        form.addRow(self.add_labels)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


def import_annotations_from_window(window: "MainWindow") -> None:
    files, _ = QFileDialog.getOpenFileNames(window, "Import annotations", "", "Annotation files (*.jsonl *.json)")
    if not files:
        return
    dialog = ImportAnnotationsDialog(window, files)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return
    annotator = None if dialog.as_candidates.isChecked() else dialog.annotator.text().strip()
    add = dialog.add_labels.isChecked()

    def work(store: Store, progress, cancelled) -> str:
        report = services.import_annotations(
            store, files, annotator=annotator, as_candidates=annotator is None, add_missing_labels=add, progress=progress
        )
        return f"Imported {report.spans} span(s) from {report.records} record(s); {report.new_documents} new document(s)."

    def done(message: str) -> None:
        window.doc_model.reload()
        window.reload_current()
        window.start_indexing()
        window.statusBar().showMessage(message, 10_000)

    run_in_background(window, "Importing annotations…", work, done)
