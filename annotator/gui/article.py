"""The article with its highlights.

Undecided candidates are outlined in their category's colour, confirmed spans are filled,
rejected candidates are struck through in grey, and the current item gets a strong fill and
a thick outline. Shorter spans are drawn last, so a span nested in another stays visible
inside it; an outline and a fill combine, so a candidate inside a confirmed span shows both.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QToolTip, QWidget

from ..services.annotating import UNDECIDED, Item
from .models import item_tooltip
from .offsets import OffsetMap

CONFIRMED_ALPHA = 90
CURRENT_ALPHA = 120


class ArticleView(QPlainTextEdit):
    itemClicked = Signal(str)  # the key of the item under a mouse click

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF(), 10.0) * 1.35)
        self.setFont(font)
        self.offsets = OffsetMap("")
        self.items: list[Item] = []
        self.colours: dict[str, str] = {}
        self._text = ""
        self._press_position: int | None = None
        self._outlines: list[tuple[int, int, QColor, float]] = []  # Qt positions, colour, width

    # --- content

    def show_document(self, text: str, colours: dict[str, str]) -> None:
        self._text = text
        self.colours = colours
        self.offsets = OffsetMap(text)
        self.setPlainText(text)

    def show_items(self, items: list[Item], current_key: str | None) -> None:
        self.items = items
        selections = []
        self._outlines = []
        for item in sorted(items, key=lambda i: -(i.end - i.start)):
            selections.append(self._selection(item, item.key == current_key))
            if item.status == UNDECIDED or item.key == current_key:
                width = 2.5 if item.key == current_key else 1.5
                colour = QColor(self.colours.get(item.label, "#888888"))
                self._outlines.append((self.offsets.to_qt(item.start), self.offsets.to_qt(item.end), colour, width))
        current = next((i for i in items if i.key == current_key), None)
        if current is not None:  # its fill is drawn last, over everything
            selections.append(self._selection(current, True))
        self.setExtraSelections(selections)
        self.viewport().update()

    def scroll_to(self, offset: int) -> None:
        cursor = self.textCursor()
        if cursor.hasSelection():
            return  # the annotator is selecting: do not move under their hands
        cursor.setPosition(self.offsets.to_qt(offset))
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

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

    # --- drawing

    def _selection(self, item: Item, current: bool) -> QTextEdit.ExtraSelection:
        selection = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.offsets.to_qt(item.start))
        cursor.setPosition(self.offsets.to_qt(item.end), QTextCursor.MoveMode.KeepAnchor)
        selection.cursor = cursor
        selection.format = self._format(item, current)
        return selection

    def _format(self, item: Item, current: bool) -> QTextCharFormat:
        colour = QColor(self.colours.get(item.label, "#888888"))
        fmt = QTextCharFormat()
        if current:
            fill = QColor(colour)
            fill.setAlpha(CURRENT_ALPHA)
            fmt.setBackground(fill)
        elif item.status == UNDECIDED:
            pass  # outlined in paintEvent
        elif item.status == "rejected":
            fmt.setFontStrikeOut(True)
            fmt.setForeground(QColor("#9a9a9a"))
        else:
            fill = QColor(colour)
            fill.setAlpha(CONFIRMED_ALPHA)
            fmt.setBackground(fill)
        return fmt

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt naming)
        super().paintEvent(event)
        if not self._outlines:
            return
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        visible = QRectF(event.rect())
        for start, end, colour, width in self._outlines:
            pen = QPen(colour, width)
            painter.setPen(pen)
            for rect in self._line_rects(start, end, visible):
                painter.drawRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), 3, 3)
        painter.end()

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
                line_end = line_start + line.textLength()
                lo, hi = max(start, line_start), min(end, line_end)
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

    def mousePressEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        super().mousePressEvent(event)
        self._press_position = self.cursorForPosition(event.position().toPoint()).position()

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        super().mouseReleaseEvent(event)
        if self.textCursor().hasSelection() or self._press_position is None:
            return
        item = self.item_at(self._press_position)
        if item is not None:
            self.itemClicked.emit(item.key)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            item = self.item_at(self.cursorForPosition(self.viewport().mapFromGlobal(event.globalPos())).position())
            if item is not None:
                QToolTip.showText(event.globalPos(), item_tooltip(item), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)
