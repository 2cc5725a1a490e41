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
from .i18n import translate

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
    dialog = QProgressDialog(title, translate("Background", "Cancel"), 0, 100, window)
    dialog.setMinimumDuration(400)
    dialog.canceled.connect(lambda: setattr(job, "cancel_requested", True))
    job.signals.progress.connect(lambda n, total: dialog.setValue(int(100 * n / total) if total else 100))
    # The dialog goes when the job ends: a finished one left among the window's children would
    # keep its texts in the language of the moment it was made.
    job.signals.finished.connect(lambda message: (_RUNNING.discard(job), dialog.reset(), dialog.deleteLater(), done(message)))
    job.signals.failed.connect(lambda message: (_RUNNING.discard(job), dialog.reset(), dialog.deleteLater(),
                                                QMessageBox.warning(window, title, message)))
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
        self.setWindowTitle(translate("Export", "Export"))
        self.setMinimumWidth(520)
        store = window.store
        self.format = QComboBox()
        self.format.addItems(FORMATS)
        self.layer = QComboBox()  # the layer's name is the item's data, its text is for the reader
        for layer, shown in (("all", translate("Export", "all layers")), ("candidates", translate("Export", "candidates")),
                             ("gold", translate("Export", "gold standard"))):
            self.layer.addItem(shown, layer)
        for name in (a.name for a in store.annotators() if a.kind == "annotator"):
            self.layer.addItem(name, name)
        self.layer.setCurrentIndex(max(0, self.layer.findData(window.layer)))
        self.done_only = QCheckBox(translate("Export", "only documents marked done"))
        self.labels = QLineEdit(placeholderText=translate("Export", "all labels (or e.g. SLOGAN,TARGET)"))
        self.rejected = QCheckBox(translate("Export", "include rejected spans"))
        self.split = QLineEdit(placeholderText=translate("Export", "no split (or e.g. train=0.8,dev=0.1,test=0.1)"))
        self.seed = QSpinBox(maximum=10**6)
        self.tokens = QComboBox()
        self.tokens.addItem(translate("Export", "characters"), "char")
        self.tokens.addItem(translate("Export", "jieba words"), "jieba")
        self.out = QLineEdit(placeholderText=translate("Export", "exports/ with a name that says project, layer, format and time"))
        browse = QPushButton(translate("Export", "Browse…"))
        browse.clicked.connect(self._browse)
        destination = QWidget()
        row = QHBoxLayout(destination)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.out, 1)
        row.addWidget(browse)
        form = QFormLayout(self)
        for label, widget in (
            (translate("Export", "Format"), self.format), (translate("Export", "Layer"), self.layer), ("", self.done_only),
            (translate("Export", "Labels"), self.labels), ("", self.rejected), (translate("Export", "Split"), self.split),
            (translate("Export", "Split seed"), self.seed), (translate("Export", "CoNLL tokens"), self.tokens),
            (translate("Export", "Destination"), destination),
        ):
            form.addRow(label, widget)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, translate("Export", "Export to"), "", translate("Export", "All files (*)"))
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
            format=self.format.currentText(), layer=self.layer.currentData(), done_only=self.done_only.isChecked(),
            labels=labels, statuses=statuses, split=split, seed=self.seed.value(), tokens=self.tokens.currentData(),
        )


def export_from_window(window: "MainWindow") -> None:
    dialog = ExportDialog(window)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return
    try:
        options = dialog.options()
    except AnnotatorError as error:
        QMessageBox.warning(window, translate("Export", "Export"), str(error))
        return
    out = dialog.out.text().strip() or None

    def work(store: Store, progress, cancelled) -> str:
        report = export_project(store, out, options, progress=progress, cancelled=cancelled)
        return translate("Export", "Exported {records} record(s), {spans} span(s) to {files}").format(
            records=report.records, spans=report.spans, files=", ".join(report.files))

    run_in_background(window, translate("Export", "Exporting…"), work,
                      lambda message: QMessageBox.information(window, translate("Export", "Export"), message))


class ImportAnnotationsDialog(QDialog):
    """Whose spans these are: an annotator's layer, or candidates."""

    def __init__(self, window: "MainWindow", files: list[str]):
        super().__init__(window)
        self.setWindowTitle(translate("ImportAnnotations", "Import annotations"))
        self.files = files
        self.into_layer = QRadioButton(translate("ImportAnnotations", "into the layer of annotator"))
        self.as_candidates = QRadioButton(translate("ImportAnnotations", "as candidates"))
        self.into_layer.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.into_layer)
        group.addButton(self.as_candidates)
        self.annotator = QLineEdit(window.layer)
        self.add_labels = QCheckBox(translate("ImportAnnotations", "add labels the codebook lacks"))
        form = QFormLayout(self)
        form.addRow(translate("ImportAnnotations", "Files"), QLineEdit(", ".join(Path(f).name for f in files), readOnly=True))
        form.addRow(self.into_layer, self.annotator)
        form.addRow(self.as_candidates)
        form.addRow(self.add_labels)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


def import_annotations_from_window(window: "MainWindow") -> None:
    files, _ = QFileDialog.getOpenFileNames(window, translate("ImportAnnotations", "Import annotations"), "",
                                            translate("ImportAnnotations", "Annotation files (*.jsonl *.json)"))
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
        return translate("ImportAnnotations", "Imported {spans} span(s) from {records} record(s); {new} new document(s).").format(
            spans=report.spans, records=report.records, new=report.new_documents)

    def done(message: str) -> None:
        window.doc_model.reload()
        window.reload_current()
        window.start_indexing()
        window.statusBar().showMessage(message, 10_000)

    run_in_background(window, translate("ImportAnnotations", "Importing annotations…"), work, done)
