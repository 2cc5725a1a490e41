"""Reviewer mode: the agreement summary, the disagreements, every annotator's layer of a
region stacked with differences marked, and adjudication into gold — keyboard first and
undoable. Annotators' windows stay blind; only this window shows all layers."""

from __future__ import annotations

import html
import math
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QKeyEvent, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ..errors import AnnotatorError
from ..services import adjudication as adj
from ..services.agreement_report import agreement_report
from ..store import Store
from . import commands
from .commands import StoreCommand
from .exchange_dialogs import run_in_background
from .i18n import Retranslator, core_word, translate
from .models import TableModel

if TYPE_CHECKING:
    from .main_window import MainWindow

CONTEXT = 20  # characters shown around a region
MEASURES = ((QT_TRANSLATE_NOOP("Review", "α_U"), "krippendorff_alpha_unitized"),
            (QT_TRANSLATE_NOOP("Review", "α char"), "krippendorff_alpha_char"),
            (QT_TRANSLATE_NOOP("Review", "Fleiss κ"), "fleiss_kappa_char"),
            (QT_TRANSLATE_NOOP("Review", "Cohen κ"), "cohen_kappa_char"),
            (QT_TRANSLATE_NOOP("Review", "F1 exact"), "f1_exact"),
            (QT_TRANSLATE_NOOP("Review", "F1 overlap"), "f1_overlap"))


class DisagreementModel(TableModel):
    HEADERS = (QT_TRANSLATE_NOOP("Review", "Doc"), QT_TRANSLATE_NOOP("Review", "Kind"), QT_TRANSLATE_NOOP("Review", "Labels"),
               QT_TRANSLATE_NOOP("Review", "Text"), QT_TRANSLATE_NOOP("Review", "Gold"))
    CONTEXT = "Review"

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[adj.Disagreement] = []
        self.texts: dict[int, str] = {}

    def set_rows(self, rows: list[adj.Disagreement], texts: dict[int, str]) -> None:
        self.beginResetModel()
        self.rows, self.texts = rows, texts
        self.endResetModel()

    def row_total(self) -> int:
        return len(self.rows)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.UserRole):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.UserRole:
            return index.row()
        text = self.texts.get(row.doc_id, "")[row.start: row.end]
        return (row.doc_id, core_word(row.kind), ", ".join(row.labels), text[:40], "✓" if row.resolved else "")[index.column()]


class GoldCommand(StoreCommand):
    """Undo and redo write through :meth:`StoreCommand.run`: a locked project leaves the
    stack where it was, and the reviewer can try again."""

    def __init__(self, window: "ReviewWindow", change: adj.GoldChange):
        super().__init__(translate("Review", "gold: {reason}").format(reason=change.reason),
                         lambda error: QMessageBox.warning(window, translate("Review", "Not saved"), str(error)))
        self.window, self.change = window, change

    def _revert(self) -> None:
        self.change = adj.revert(self.window.store, self.change)
        self.window.refresh()

    _undo_work = _redo_work = _revert


class ReviewWindow(QMainWindow):
    def __init__(self, store: Store, colours: dict[str, str], parent: QWidget | None = None):
        super().__init__(parent)
        self.texts = Retranslator(self)
        self.texts.keep(lambda: self.setWindowTitle(translate("Review", "annotator — review and adjudication")))
        self.resize(1300, 800)
        self.store, self.colours = store, colours
        self.undo_stack = QUndoStack(self)
        self.annotators = adj.annotators_of(store)
        self.summary = QTextBrowser()
        self.summary.setMaximumHeight(190)
        self.model = DisagreementModel()
        self.proxy = QSortFilterProxyModel()
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self.show_current())
        self.layers = QTextBrowser()
        self.reason = QComboBox()  # shows the reason in the interface's language; the journal gets the English
        for reason in adj.REASONS:
            self.reason.addItem(reason, reason)
        self.note = QLineEdit()
        self.progress = QLabel()
        keys = QLabel()
        reason_label = QLabel()
        self.texts.keep(lambda: (
            [self.reason.setItemText(i, core_word(self.reason.itemData(i))) for i in range(self.reason.count())],
            self.note.setPlaceholderText(translate("Review", "reason, in words (optional)")),
            keys.setText(translate(
                "Review",
                "<b>J/K</b> next/previous · <b>1…9</b> take that annotator's spans · <b>B</b> all of them · "
                "<b>E</b> edited span · <b>0</b> none · <b>A</b> accept everything all agree on · <b>Ctrl+Z</b> undo")),
            reason_label.setText(translate("Review", "Reason:")),
            self.model.retranslate(),
        ))
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.layers, 1)
        reasons = QHBoxLayout()
        reasons.addWidget(reason_label)
        reasons.addWidget(self.reason)
        reasons.addWidget(self.note, 1)
        right_layout.addLayout(reasons)
        right_layout.addWidget(keys)
        split = QSplitter()
        split.addWidget(self.table)
        split.addWidget(right)
        split.setSizes([520, 780])
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)
        layout.addWidget(self.progress)
        self.setCentralWidget(central)
        self.table.installEventFilter(self)  # the table would take printable keys for type-to-search
        self.refresh()
        self.texts.keep(self._show_progress)
        self.texts.keep(self.show_current)
        self.texts.keep(self._summary_again)
        self.table.setFocus()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt naming)
        if watched is self.table and event.type() == QEvent.Type.KeyPress:
            return self.handle_key(event)
        return super().eventFilter(watched, event)

    # --- data

    def refresh(self) -> None:
        """Read the disagreements again, staying on the same one (or the one now in its
        place in the sorted list)."""
        current, view_row = self.current(), self.table.currentIndex().row()
        rows = adj.disagreements(self.store, self.annotators)
        texts = {d.doc_id: self.store.document(d.doc_id).text for d in rows}
        self.model.set_rows(rows, texts)
        self._show_progress()
        same = next((i for i, d in enumerate(rows) if current and (d.doc_id, d.start) == (current.doc_id, current.start)), None)
        if same is not None:
            self.table.selectRow(self.proxy.mapFromSource(self.model.index(same, 0)).row())
        elif rows:
            self.table.selectRow(min(max(view_row, 0), len(rows) - 1))
        self.show_current()

    def _show_progress(self) -> None:
        rows = self.model.rows
        self.progress.setText(translate("Review", "gold: {resolved} of {total} disagreement(s) resolved").format(
            resolved=sum(d.resolved for d in rows), total=len(rows)))

    def load_summary(self) -> None:
        """The agreement summary, computed in the background."""
        reports: list[dict] = []  # the report itself, so that it can be shown again in another language

        def work(store: Store, progress, cancelled) -> str:
            reports.append(agreement_report(store, self.annotators, progress=progress, cancelled=cancelled))
            return ""

        self._report = None
        self.summary.setHtml("<p>" + html.escape(translate("Review", "Computing agreement…")) + "</p>")
        run_in_background(self, translate("Review", "Computing agreement…"), work, lambda _: self._show_summary(reports[-1]))

    def _show_summary(self, report: dict) -> None:
        self._report = report
        try:
            self.summary.setHtml(summary_html(report))
        except RuntimeError:  # the window was closed while the agreement was computed
            pass

    def _summary_again(self) -> None:
        """The language changed: the summary in the new one (once it is computed)."""
        if getattr(self, "_report", None) is not None:
            self.summary.setHtml(summary_html(self._report))

    def _current_index(self) -> int | None:
        index = self.table.currentIndex()
        return self.proxy.mapToSource(index).row() if index.isValid() else None

    def current(self) -> adj.Disagreement | None:
        row = self._current_index()
        return self.model.rows[row] if row is not None and row < len(self.model.rows) else None

    def show_current(self) -> None:
        found = self.current()
        if found is None:
            self.layers.setHtml("<p>" + html.escape(translate("Review", "No disagreement.")) + "</p>")
            return
        text = self.model.texts[found.doc_id]
        shown_from, shown_to = max(0, found.start - CONTEXT), min(len(text), found.end + CONTEXT)
        everyone = set.intersection(*(set(v) for v in found.spans.values()))
        gold = [(a.start, a.end, a.label) for a in self.store.annotations(found.doc_id, "gold") if a.start < found.end and found.start < a.end and a.status != "rejected"]
        rows = [
            (f"{number} {name}", spans) for number, (name, spans) in enumerate(found.spans.items(), start=1)
        ] + [(translate("Review", "gold"), tuple(gold))]
        parts = [f"<h3>{html.escape(found.title)} — {html.escape(core_word(found.kind))}</h3><table>"]
        for name, spans in rows:
            parts.append(f"<tr><td style='padding-right:12px'><b>{html.escape(name)}</b></td><td style='font-size:15pt'>"
                         f"{_marked(text, shown_from, shown_to, spans, everyone, self.colours)}</td></tr>")
            parts.append("<tr><td></td><td style='color:#555'>" + ", ".join(f"{s[2]} [{s[0]}, {s[1]})" for s in spans) + "</td></tr>")
        parts.append("</table><p style='color:#555'>"
                     + html.escape(translate("Review", "Spans not shared by every annotator are underlined in red.")) + "</p>")
        self.layers.setHtml("".join(parts))

    # --- decisions

    def decide(self, chosen: list[tuple[int, int, str]]) -> None:
        found = self.current()
        if found is None:
            return
        reason = self.reason.currentData() + (f": {self.note.text().strip()}" if self.note.text().strip() else "")
        try:
            change = adj.adjudicate(self.store, found.doc_id, found.start, found.end, chosen, reason)
        except AnnotatorError as error:
            QMessageBox.warning(self, translate("Review", "Not saved"), str(error))
            return
        self.undo_stack.push(GoldCommand(self, change))
        self.note.clear()
        self.refresh()
        self.step(+1)

    def take(self, number: int) -> None:
        found = self.current()
        if found is not None and 1 <= number <= len(found.spans):
            self.decide(list(list(found.spans.values())[number - 1]))

    def take_all(self) -> None:
        found = self.current()
        if found is not None:
            self.decide(sorted({s for spans in found.spans.values() for s in spans}))

    def edited(self) -> None:
        found = self.current()
        if found is None:
            return
        first = next((s for spans in found.spans.values() for s in spans), (found.start, found.end, found.labels[0]))
        text, ok = QInputDialog.getText(self, translate("Review", "Edited span"), translate("Review", "start end label"),
                                        text=f"{first[0]} {first[1]} {first[2]}")
        if not ok:
            return
        try:
            start, end, label = text.split()
            self.decide([(int(start), int(end), label)])
        except ValueError:
            QMessageBox.warning(self, translate("Review", "Edited span"), translate("Review", "write: start end label"))

    def accept_agreed(self) -> None:
        try:
            changes = adj.accept_agreed(self.store, self.annotators)
        except AnnotatorError as error:  # e.g. the project locked by another program
            QMessageBox.warning(self, translate("Review", "Not saved"), str(error))
            return
        self.undo_stack.beginMacro(translate("Review", "gold: {count} agreed span(s)").format(count=len(changes)))
        for change in changes:
            self.undo_stack.push(GoldCommand(self, change))
        self.undo_stack.endMacro()
        self.refresh()

    def step(self, delta: int) -> None:
        rows = self.proxy.rowCount()
        if rows:
            current = self.table.currentIndex().row()
            self.table.selectRow(max(0, min(rows - 1, current + delta)))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if not self.handle_key(event):
            super().keyPressEvent(event)

    def handle_key(self, event: QKeyEvent) -> bool:
        """The reviewer's keys, wherever focus is in this window; False if not one of them."""
        if isinstance(self.focusWidget(), QLineEdit):
            return False  # typing a reason
        key, mods = event.key(), event.modifiers()
        ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
        shift = bool(mods & Qt.KeyboardModifier.ShiftModifier)
        if ctrl and key == Qt.Key.Key_Z:
            (commands.redo if shift else commands.undo)(self.undo_stack)
        elif ctrl and key == Qt.Key.Key_Y:
            commands.redo(self.undo_stack)
        elif Qt.Key.Key_1 <= key <= Qt.Key.Key_9:
            self.take(key - Qt.Key.Key_1 + 1)
        elif key == Qt.Key.Key_0:
            self.decide([])
        elif key == Qt.Key.Key_B:
            self.take_all()
        elif key == Qt.Key.Key_E:
            self.edited()
        elif key == Qt.Key.Key_A:
            self.accept_agreed()
        elif key in (Qt.Key.Key_J, Qt.Key.Key_Down):
            self.step(+1)
        elif key in (Qt.Key.Key_K, Qt.Key.Key_Up):
            self.step(-1)
        else:
            return False
        return True


def _marked(text: str, start: int, end: int, spans, everyone: set, colours: dict[str, str]) -> str:
    """The text of [start, end) with spans filled in their colours; spans not shared by
    everyone get a red underline."""
    cuts = sorted({start, end} | {max(start, min(end, p)) for s in spans for p in s[:2]})
    out = []
    for a, b in zip(cuts, cuts[1:]):
        covering = [s for s in spans if s[0] <= a and b <= s[1]]
        piece = html.escape(text[a:b]).replace("\n", "⏎")
        if covering:
            span = covering[0]
            style = f"background:{_light(colours.get(span[2], '#cccccc'))};"
            if span not in everyone:
                style += "text-decoration: underline; text-decoration-color: #d00000;"
            out.append(f"<span style='{style}'>{piece}</span>")
        else:
            out.append(piece)
    return "".join(out)


def _light(colour: str, share: float = 0.35) -> str:
    """The colour blended with white (Qt's rich text knows no alpha): readable behind text."""
    r, g, b = (int(colour[i: i + 2], 16) for i in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(*(round(255 - (255 - c) * share) for c in (r, g, b)))


def summary_html(report: dict) -> str:
    head = "".join(f"<th>{html.escape(translate('Review', name))}</th>" for name, _ in MEASURES)
    rows = [(translate("Review", "overall"), report["overall"]), *report["per_label"].items()]
    body = "".join(
        f"<tr><td><b>{html.escape(name)}</b></td>" + "".join(f"<td>{_number(m[key])}</td>" for _, key in MEASURES) + "</tr>"
        for name, m in rows
    )
    heading = translate("Review", "Annotators: {names} · documents: {count}").format(
        names=", ".join(report["annotators"]), count=report["documents"])
    return f"<p>{html.escape(heading)}</p><table cellpadding='3'><tr><th></th>{head}</tr>{body}</table>"


def _number(value: float) -> str:
    return "—" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:.3f}"


def open_review(window: "MainWindow") -> ReviewWindow:
    review = ReviewWindow(window.store, window.colours(), window)
    review.show()
    review.load_summary()
    window.review_window = review
    return review
