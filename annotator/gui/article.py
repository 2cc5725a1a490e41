"""The article with its highlights.

Undecided candidates are outlined in their category's colour, confirmed spans are filled,
rejected candidates are greyed and struck through, and the current item gets a strong fill
and a thick outline. Longer spans are drawn first, so a span nested in another stays
visible inside it; an outline and a fill combine, so a candidate inside a confirmed span
shows both.

Highlights are painted directly, and only those on screen: a decision repaints in time
independent of how many highlights the article has.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QToolTip, QWidget

from ..services.annotating import UNDECIDED, Item
from .contrast import readable_alpha
from .models import item_tooltip
from .offsets import OffsetMap

CONFIRMED_ALPHA = 90
CURRENT_ALPHA = 120
REJECTED_VEIL_ALPHA = 110  # keeps rejected text at a contrast ratio of 4.5 or more
REJECTED_LINE = QColor("#8a8a8a")
HIT_BACKGROUND = "#ffe066"  # search hits: a find-in-page yellow, with black text on any palette
ZOOM_RANGE = 12  # points either side of the base size


@dataclass(frozen=True)
class Mark:
    """One highlight in Qt positions: how to paint an item."""

    start: int
    end: int
    colour: QColor
    fill: int  # alpha of the fill, 0 for none
    outline: float  # pen width of the outline, 0 for none
    rejected: bool


class ArticleView(QPlainTextEdit):
    itemClicked = Signal(str)  # the key of the item under a mouse click

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self._base_point_size = max(self.font().pointSizeF(), 10.0) * 1.35
        self.zoom_steps = 0
        self.hits: list[tuple[int, int]] = []
        self.set_zoom(0)
        self.offsets = OffsetMap("")
        self.items: list[Item] = []
        self.marks: list[Mark] = []
        self.colours: dict[str, str] = {}
        self._press_position: int | None = None
        self._mark_cache: dict[tuple, Mark] = {}  # per document: a decision re-renders cheaply

    # --- content

    def show_document(self, text: str, colours: dict[str, str]) -> None:
        self.colours = colours
        self.offsets = OffsetMap(text)
        self.items, self.marks = [], []
        self._mark_cache.clear()
        self.hits = []
        self.setExtraSelections([])
        self.setPlainText(text)

    def show_items(self, items: list[Item], current_key: str | None) -> None:
        self.items = items
        ordered = sorted(items, key=lambda i: -(i.end - i.start))
        current = [i for i in ordered if i.key == current_key]
        self.marks = [self._mark(i, False) for i in ordered if i.key != current_key] + [self._mark(i, True) for i in current]
        self.viewport().update()

    def _mark(self, item: Item, current: bool) -> Mark:
        look = (item.start, item.end, item.label, item.status, current)
        mark = self._mark_cache.get(look)
        if mark is None:
            mark = self._mark_cache[look] = self._new_mark(item, current)
        return mark

    def _new_mark(self, item: Item, current: bool) -> Mark:
        colour = QColor(self.colours.get(item.label, "#888888"))
        undecided = item.status == UNDECIDED
        rejected = item.status == "rejected"
        fill = CURRENT_ALPHA if current else (0 if undecided or rejected else CONFIRMED_ALPHA)
        palette = self.palette()  # a dark palette gets lighter fills: the text stays readable
        fill = readable_alpha(colour, fill, palette.base().color(), palette.text().color()) if fill else 0
        outline = 2.5 if current else (1.5 if undecided else 0.0)
        return Mark(self.offsets.to_qt(item.start), self.offsets.to_qt(item.end), colour, fill, outline, rejected and not current)

    def scroll_to(self, offset: int) -> None:
        """Put the caret at ``offset`` and keep it in the middle third of the view: the span
        the annotator decides next is never on the bottom edge (nor cut off)."""
        cursor = self.textCursor()
        if cursor.hasSelection():
            return  # the annotator is selecting: do not move under their hands
        cursor.setPosition(self.offsets.to_qt(offset))
        self.setTextCursor(cursor)
        if not self.in_middle_third(offset):
            self.centerCursor()

    def in_middle_third(self, offset: int) -> bool:
        rect = self.cursorRect(self._cursor_at(offset))
        height = self.viewport().height()
        return height / 3 <= rect.top() and rect.bottom() <= 2 * height / 3

    def _cursor_at(self, offset: int) -> QTextCursor:
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.offsets.to_qt(offset))
        return cursor

    # --- zoom and search hits

    def set_zoom(self, steps: int) -> None:
        """The article's text size: ``steps`` points above (or below) the base size."""
        self.zoom_steps = max(-ZOOM_RANGE, min(ZOOM_RANGE, steps))
        font = QFont(self.font())
        font.setPointSizeF(self._base_point_size + self.zoom_steps)
        self.setFont(font)

    def show_hits(self, spans: list[tuple[int, int]]) -> None:
        """Mark search hits (code point spans) the way a browser's find does."""
        selections = []
        for start, end in spans:
            selection = QTextEdit.ExtraSelection()
            selection.cursor = self._cursor_at(start)
            selection.cursor.setPosition(self.offsets.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
            selection.format.setBackground(QColor(HIT_BACKGROUND))
            selection.format.setForeground(QColor("#000000"))
            selections.append(selection)
        self.hits = list(spans)
        self.setExtraSelections(selections)

    # --- selections in code points

    def selection_span(self) -> tuple[int, int] | None:
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        start = self.offsets.from_qt(cursor.selectionStart())
        end = self.offsets.from_qt(cursor.selectionEnd())
        return (start, end) if start < end else None

    def clear_selection(self) -> None:
        cursor = self.textCursor()
        cursor.clearSelection()
        self.setTextCursor(cursor)

    def item_at(self, qt_position: int) -> Item | None:
        """The shortest item covering a position (the innermost of nested spans)."""
        offset = self.offsets.from_qt(qt_position)
        covering = [i for i in self.items if i.start <= offset < i.end]
        return min(covering, key=lambda i: (i.end - i.start, i.start), default=None)

    # --- painting: fills under the text, outlines and strike-through over it

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt naming)
        visible = QRectF(event.rect())
        first = self.cursorForPosition(visible.topLeft().toPoint()).position()
        last = self.cursorForPosition(visible.bottomRight().toPoint()).position() + 1
        shown = [(m, self._line_rects(m.start, m.end, visible)) for m in self.marks if m.start <= last and m.end >= first]
        if shown:
            painter = QPainter(self.viewport())
            for mark, rects in shown:
                if mark.fill:
                    fill = QColor(mark.colour)
                    fill.setAlpha(mark.fill)
                    for rect in rects:
                        painter.fillRect(rect, fill)
            painter.end()
        super().paintEvent(event)
        if not shown:
            return
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for mark, rects in shown:
            if mark.rejected:
                painter.setPen(QPen(REJECTED_LINE, 1.2))
                for rect in rects:
                    painter.fillRect(rect, self.rejected_veil())
                    painter.drawLine(rect.left(), rect.center().y(), rect.right(), rect.center().y())
            if mark.outline:
                painter.setPen(QPen(mark.colour, mark.outline))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                for rect in rects:
                    painter.drawRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), 3, 3)
        painter.end()

    def rejected_veil(self) -> QColor:
        """Rejected text is veiled in the background's own colour: greyed on a light palette
        and on a dark one alike, and still readable on both."""
        veil = QColor(self.palette().base().color())
        veil.setAlpha(REJECTED_VEIL_ALPHA)
        return veil

    def _line_rects(self, start: int, end: int, visible: QRectF) -> list[QRectF]:
        """One rectangle per visual line the range [start, end) covers, in viewport
        coordinates; lines outside ``visible`` are skipped."""
        rects = []
        block = self.document().findBlock(start)
        offset = self.contentOffset()
        while block.isValid() and block.position() < end:
            top = self.blockBoundingGeometry(block).translated(offset).top()
            if top > visible.bottom():
                break
            layout = block.layout()
            for index in range(layout.lineCount()):
                line = layout.lineAt(index)
                line_start = block.position() + line.textStart()
                lo, hi = max(start, line_start), min(end, line_start + line.textLength())
                if lo >= hi:
                    continue
                x1 = line.cursorToX(lo - block.position())[0]
                x2 = line.cursorToX(hi - block.position())[0]
                rect = QRectF(x1 + offset.x(), top + line.y(), x2 - x1, line.height())
                if rect.intersects(visible):
                    rects.append(rect)
            block = block.next()
        return rects

    # --- mouse

    def char_at(self, point) -> int:
        """The Qt position of the character under a viewport point (not the nearest gap
        between characters, which is what cursorForPosition answers)."""
        cursor = self.cursorForPosition(point)
        position = cursor.position()
        if position > 0 and point.x() < self.cursorRect(cursor).x():
            return position - 1
        return position

    def mousePressEvent(self, event) -> None:  # noqa: N802
        super().mousePressEvent(event)
        self._press_position = self.char_at(event.position().toPoint())

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        super().mouseReleaseEvent(event)
        if self.textCursor().hasSelection() or self._press_position is None:
            return
        item = self.item_at(self._press_position)
        if item is not None:
            self.itemClicked.emit(item.key)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            item = self.item_at(self.char_at(self.viewport().mapFromGlobal(event.globalPos())))
            if item is not None:
                QToolTip.showText(event.globalPos(), item_tooltip(item), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)
