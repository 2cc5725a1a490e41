"""Table models over the store: they hold ids and fetch rows lazily, page by page, so a
100,000-document project lists and filters instantly."""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from ..detect.engine import MODEL_PREFIX
from ..records import DocumentRow
from ..services.annotating import Item
from ..store import Store
from .i18n import core_word, translate

Index = QModelIndex | QPersistentModelIndex
STATUS_TEXT = {
    "todo": QT_TRANSLATE_NOOP("DocumentList", "todo"),
    "in_progress": QT_TRANSLATE_NOOP("DocumentList", "in progress"),
    "done": QT_TRANSLATE_NOOP("DocumentList", "done ✓"),
}
NEW_SUGGESTIONS_MARK = "✦ "  # a document with suggestions that arrived after it was marked done


class TableModel(QAbstractTableModel):
    """A flat table with fixed column headers; subclasses say how many rows there are.
    Headers are source texts (marked for lupdate), translated under ``CONTEXT`` when shown."""

    HEADERS: tuple[str, ...] = ()
    HEADER_TIPS: tuple[str | None, ...] = ()  # a header's tooltip, where its short name needs one
    CONTEXT = "Table"

    def row_total(self) -> int:
        raise NotImplementedError

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 (Qt naming)
        return 0 if parent.isValid() else self.row_total()

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return translate(self.CONTEXT, self.HEADERS[section])
        if role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal:
            tip = self.HEADER_TIPS[section] if section < len(self.HEADER_TIPS) else None
            return translate(self.CONTEXT, tip) if tip else None
        return None

    def retranslate(self) -> None:
        """The language changed: headers and cells are shown again in the new one."""
        if self.HEADERS:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.HEADERS) - 1)
        if self.row_total():
            self.dataChanged.emit(self.index(0, 0), self.index(self.row_total() - 1, len(self.HEADERS) - 1))


class DocumentListModel(TableModel):
    """Documents of the project as one annotator sees them: title, status, undecided, spans."""

    # Short headers: the list shares a narrow pane, and the title is what needs the width.
    HEADERS = (QT_TRANSLATE_NOOP("DocumentList", "Title"), QT_TRANSLATE_NOOP("DocumentList", "Status"),
               QT_TRANSLATE_NOOP("DocumentList", "Open"), QT_TRANSLATE_NOOP("DocumentList", "Spans"))
    HEADER_TIPS = (None, None, QT_TRANSLATE_NOOP("DocumentList", "Undecided candidates"),
                   QT_TRANSLATE_NOOP("DocumentList", "Spans in your layer"))
    CONTEXT = "DocumentList"
    PAGE = 100

    def __init__(self, store: Store, layer: str):
        super().__init__()
        self.store = store
        self.layer = layer
        self.status_filter: str | None = None
        self.search = ""
        self.ids: list[int] = []
        self._pages: dict[int, list[DocumentRow]] = {}
        self.reload()

    # --- what is listed

    def reload(self) -> None:
        self.beginResetModel()
        self.ids = self.store.document_ids(self.layer, self.status_filter, self.search or None)
        self._pages.clear()
        self.endResetModel()

    def set_filter(self, status: str | None, search: str) -> None:
        self.status_filter, self.search = status, search
        self.reload()

    def show_ids(self, ids: list[int], status: str | None, search: str) -> None:
        """Results of a query run elsewhere (a background search)."""
        self.status_filter, self.search = status, search
        self._show(ids)

    def refresh(self) -> bool:
        """The project changed elsewhere: list again. Returns whether the list itself
        changed; when it did not, only the rows are repainted (selection and scroll stay)."""
        return self._show(self.store.document_ids(self.layer, self.status_filter, self.search or None))

    def repaint_rows(self) -> None:
        """Rows (status, counts) may have changed: fetch them again when shown."""
        self._pages.clear()
        if self.ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.ids) - 1, len(self.HEADERS) - 1))

    def _show(self, ids: list[int]) -> bool:
        if ids == self.ids:
            self.repaint_rows()
            return False
        self.beginResetModel()
        self.ids = ids
        self._pages.clear()
        self.endResetModel()
        return True

    def set_store(self, store: Store, layer: str) -> None:
        self.store, self.layer = store, layer
        self.reload()

    def refresh_document(self, doc_id: int) -> None:
        """A document's counts changed: drop its cached page and repaint its row."""
        row = self.row_of(doc_id)
        if row is None:
            return
        page = self._pages.get(row // self.PAGE)
        if page is not None:
            page[row % self.PAGE] = self.store.document_rows([doc_id], self.layer)[0]
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.HEADERS) - 1))

    def row_of(self, doc_id: int) -> int | None:
        try:
            return self.ids.index(doc_id)
        except ValueError:
            return None

    def document_row(self, row: int) -> DocumentRow:
        page = row // self.PAGE
        if page not in self._pages:
            self._pages[page] = self.store.document_rows(self.ids[page * self.PAGE: (page + 1) * self.PAGE], self.layer)
        return self._pages[page][row % self.PAGE]

    # --- Qt model interface

    def row_total(self) -> int:
        return len(self.ids)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.ids):
            return None
        if role == Qt.ItemDataRole.UserRole:
            return self.ids[index.row()]
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.TextAlignmentRole):
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter) if index.column() >= 2 else None
        row = self.document_row(index.row())
        if role == Qt.ItemDataRole.ToolTipRole:
            if row.new_suggestions:
                return f"#{row.id} {row.title}\n" + translate(
                    "DocumentList", "{count} new suggestion(s) arrived after you marked it done").format(count=row.new_suggestions)
            return f"#{row.id} {row.title}"
        status = translate(self.CONTEXT, STATUS_TEXT[row.status]) if row.status in STATUS_TEXT else row.status
        title = row.title
        if row.new_suggestions:  # the document changed since it was marked done: say so in the list
            title = NEW_SUGGESTIONS_MARK + title  # before the title: a long title is cut at its end
            status = f"{status} ✦{row.new_suggestions}"  # compact, to fit the column; the tooltip says it in words
        return (title, status, row.undecided, row.spans)[index.column()]


class SpanListModel(TableModel):
    """The current document's items: candidates with my decisions, and my own spans."""

    HEADERS = (QT_TRANSLATE_NOOP("SpanList", "Label"), QT_TRANSLATE_NOOP("SpanList", "Text"),
               QT_TRANSLATE_NOOP("SpanList", "Status"), QT_TRANSLATE_NOOP("SpanList", "Found by"))
    CONTEXT = "SpanList"

    def __init__(self, colour_of: Callable[[str], str]):
        super().__init__()
        self.items: list[Item] = []
        self.text = ""
        self.colour_of = colour_of

    def set_items(self, text: str, items: list[Item]) -> None:
        """New items: rows are only repainted when the same spans are listed (a decision),
        and the model is reset when the list itself changed (another document, a new span)."""
        same_rows = text == self.text and [i.key for i in items] == [i.key for i in self.items]
        if not same_rows:
            self.beginResetModel()
            self.text, self.items = text, items
            self.endResetModel()
            return
        changed = [row for row, (old, new) in enumerate(zip(self.items, items)) if old != new]
        self.items = items
        if changed:
            self.dataChanged.emit(self.index(min(changed), 0), self.index(max(changed), len(self.HEADERS) - 1))

    def row_total(self) -> int:
        return len(self.items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.items):
            return None
        item = self.items[index.row()]
        if role == Qt.ItemDataRole.UserRole:
            return item.key
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 0:
            return QColor(self.colour_of(item.label))
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(item)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        flags = (" ?" if item.annotation and item.annotation.uncertain else "") + (
            " ✎" if item.annotation and item.annotation.comment else ""
        )
        return (item.label, self.text[item.start: item.end], core_word(item.status) + flags, provenance(item))[index.column()]


def provenance(item: Item) -> str:
    """Who suggested the span: the rule, "model · 0.83" (the recommender and its
    probability), or "rule-name + model 0.83" where both found the same span."""
    candidate = item.candidate
    if candidate is None:
        return item.rule
    if candidate.rule.startswith(MODEL_PREFIX):
        probability = candidate.model_score if candidate.model_score is not None else candidate.score
        return translate("SpanList", "model · {score}").format(score=f"{probability:.2f}")
    if candidate.model_score is not None:
        return translate("SpanList", "{rule} + model {score}").format(rule=candidate.rule, score=f"{candidate.model_score:.2f}")
    return candidate.rule


def _tooltip(item: Item) -> str:
    lines = [f"{item.label} — {core_word(item.status)}", translate("SpanList", "found by: {provenance}").format(provenance=provenance(item))]
    if item.score is not None and not item.rule.startswith(MODEL_PREFIX):  # a model's score is its probability, shown already
        lines.append(translate("SpanList", "score: {score}").format(score=f"{item.score:.2f}"))
    if item.annotation and item.annotation.comment:
        lines.append(translate("SpanList", "comment: {comment}").format(comment=item.annotation.comment))
    if item.annotation and item.annotation.uncertain:
        lines.append(translate("SpanList", "flagged uncertain"))
    return "\n".join(lines)


def item_tooltip(item: Item) -> str:
    return _tooltip(item)
