"""The article with its highlights, drawn as spans/spans.py describes them.

Every span has its own box, a tag in its category's colour right after its last character
(room for it is reserved in the text layout, so no tag covers a character), and a nesting
level: a span enclosing another gets a taller, wider box, and its tag follows the inner
one's. Status shows in the box's line and the tag (dashed / solid / dotted and struck), not
in colour alone; flags and comments add a glyph to the tag. A span kept inside a rejected
one keeps its own look: nothing veils it and the strike-through skips it.

Highlights are painted directly, and only those on screen: a decision repaints in time
independent of how many highlights the article has. Positions here are Qt's (UTF-16); the
items' code point offsets are converted once, by OffsetMap, when the marks are built.
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPaintEvent,
    QPen,
    QTextCharFormat,
    QTextCursor,
    QTextLayout,
)
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QToolTip, QWidget

from ..services.annotating import Item
from . import spans
from .contrast import readable_alpha
from .models import item_tooltip
from .offsets import OffsetMap

REJECTED_GREY = QColor("#7a7a7a")
CURRENT_EDGE = QColor("#1a1a1a")
PEN_STYLES = {"dash": Qt.PenStyle.DashLine, "solid": Qt.PenStyle.SolidLine, "dot": Qt.PenStyle.DotLine}
TAG_GAP = 3.0
# A box's insets at each nesting level (top, bottom, and how far it reaches out sideways):
# an enclosing span's box is taller and wider than the boxes inside it.
LEVEL_INSETS = ((4.5, 2.5, 0.0), (2.0, 0.5, 2.0), (0.0, -1.0, 4.0), (-1.5, -2.0, 6.0))  # pixels between a span's text (or the previous tag) and its tag
HIT_BACKGROUND = "#ffe066"  # search hits: a find-in-page yellow, with black text on any palette
ZOOM_RANGE = 12  # points either side of the base size


class Mark(NamedTuple):
    """One highlight in Qt positions: what to paint for an item (a tuple: hundreds are
    built when an article opens)."""

    start: int
    end: int
    colour: QColor
    style: str  # a key of spans.STYLES
    level: int  # nesting level (0: nothing inside it)
    tag: str  # the tag's text, markers included
    markers: tuple[str, ...]  # keys of spans.MARKERS
    tag_width: float  # room the tag takes after the text, gap included
    tag_offset: float  # room taken before it by the tags of spans ending at the same place
    room_at_end: float  # all the room reserved after the last character
    strike: tuple[tuple[int, int], ...] = ()  # Qt ranges to strike through (rejected spans)
    current: bool = False  # drawn over its status: spans.STYLES[CURRENT]

    def styles(self) -> tuple[str, ...]:
        """Every entry of spans.STYLES and spans.MARKERS this mark is drawn with."""
        return (self.style, *((spans.CURRENT,) if self.current else ()), *self.markers)


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
        self.shorts: dict[str, str] = {}
        self.current_key: str | None = None
        self._press_position: int | None = None
        self._room_by_block: dict[int, tuple] = {}  # block number → the room reserved in it
        self._room_at: dict[int, float] = {}  # Qt end position → the room reserved after it
        self._colour_cache: dict[str, QColor] = {}
        self._update_tag_font()

    # --- content

    def show_document(self, text: str, colours: dict[str, str]) -> None:
        self.colours = colours
        self.shorts = spans.short_labels(list(colours))
        self.offsets = OffsetMap(text)
        self.items, self.marks = [], []
        self._room_by_block, self._room_at, self._colour_cache = {}, {}, {}
        self._update_tag_font()  # clears the caches of the previous document
        self.hits = []
        self.setExtraSelections([])
        self.setPlainText(text)

    def show_items(self, items: list[Item], current_key: str | None) -> None:
        self.items, self.current_key = items, current_key
        self.marks = self._new_marks(items, current_key)
        self._reserve_room(self.marks)
        self.viewport().update()

    def _new_marks(self, items: list[Item], current_key: str | None) -> list[Mark]:
        """Marks in painting order: outer levels first (an inner box is drawn over the
        box around it), the current span last. A decision changes one item's look, not
        the spans' layout: levels are kept while the spans stay, and looks and marks are
        cached, so a keystroke costs little more than a pass over the items."""
        bounds = tuple((i.start, i.end) for i in items)
        if self._layout is None or self._layout[0] != bounds:
            levels = [min(level, spans.MAX_LEVEL) for level in spans.span_levels(bounds)]
            groups = [group for group in spans.overlap_groups(bounds) if len(group) > 1]
            # Tags of spans ending at the same place follow each other, innermost first.
            order = sorted(range(len(items)), key=lambda n: (bounds[n][1], levels[n], bounds[n][0]))
            self._layout = (bounds, levels, groups, order)
        _, levels, groups, order = self._layout
        looks = [self._look(item) for item in items]
        strikes = self._strikes(bounds, looks, groups)
        offsets, room = [0.0] * len(items), {}
        for index in order:
            end = bounds[index][1]
            offsets[index] = room.get(end, 0.0)
            room[end] = offsets[index] + looks[index][3]
        marks = []
        for n, item in enumerate(items):
            key = (bounds[n], item.label, looks[n], levels[n], offsets[n], room[bounds[n][1]], strikes.get(n, ()), item.key == current_key)
            mark = self._mark_cache.get(key)
            if mark is None:
                style, markers, tag, width = looks[n]
                mark = self._mark_cache[key] = Mark(
                    self.offsets.to_qt(item.start), self.offsets.to_qt(item.end), self._colour(item.label), style, levels[n],
                    tag, markers, width, offsets[n], room[bounds[n][1]], strikes.get(n, ()), key[-1],
                )
            marks.append(mark)
        return sorted(marks, key=lambda m: (m.current, -m.level))

    def _look(self, item: Item) -> tuple[str, tuple[str, ...], str, float]:
        """An item's style, markers, tag text and tag width (cached: few distinct looks)."""
        annotation = item.annotation
        key = (item.label, item.status, bool(annotation and annotation.uncertain), bool(annotation and annotation.comment))
        look = self._look_cache.get(key)
        if look is None:
            style = spans.style_name(key[1])
            markers = spans.markers_of(key[2], key[3])
            tag = spans.tag_text(self.shorts.get(item.label) or item.label[:3], style, markers)
            look = self._look_cache[key] = (style, markers, tag, self._tag_width(tag))
        return look

    def _colour(self, label: str) -> QColor:
        colour = self._colour_cache.get(label)
        if colour is None:
            colour = self._colour_cache[label] = QColor(self.colours.get(label, "#888888"))
        return colour

    def _strikes(self, bounds, looks, groups) -> dict[int, tuple[tuple[int, int], ...]]:
        """For each rejected item, the Qt ranges of its text not covered by a span that is
        kept (undecided or confirmed): the strike-through never crosses a kept span."""
        struck = {n for n, look in enumerate(looks) if spans.STYLES[look[0]].strike}
        if not struck:
            return {}
        to_qt = self.offsets.to_qt
        result = {n: ((to_qt(bounds[n][0]), to_qt(bounds[n][1])),) for n in struck}
        for group in groups:
            kept = [bounds[n] for n in group if n not in struck]
            for n in group:
                if n in struck and kept:
                    result[n] = tuple((to_qt(a), to_qt(b)) for a, b in spans.uncovered(bounds[n], kept))
        return result

    # --- tags: their font, width, and the room kept for them in the text layout

    def _update_tag_font(self) -> None:
        """Tags are set in a smaller bold font; the current span's tag is emphasised by its
        edge, not its size, so moving from span to span never reflows the text."""
        font = QFont(self.font())
        font.setPointSizeF(max(7.5, self.font().pointSizeF() * 0.7))
        font.setBold(True)
        self._tag_font = font
        self._tag_height = QFontMetricsF(font).height() + 2
        self._width_cache: dict[str, float] = {}
        self._spacing: dict[float, QTextCharFormat] = {}
        self._look_cache: dict[tuple, tuple] = {}
        self._mark_cache: dict[tuple, Mark] = {}
        self._layout = None

    def _tag_width(self, tag: str) -> float:
        width = self._width_cache.get(tag)
        if width is None:
            width = self._width_cache[tag] = QFontMetricsF(self._tag_font).horizontalAdvance(tag) + 8 + TAG_GAP
        return width

    def _reserve_room(self, marks: list[Mark]) -> None:
        """Widen the last character of each span by the room its tags need (letter spacing
        in the block's additional formats, as a syntax highlighter does), relaying out only
        the paragraphs whose room changed."""
        room_at = {mark.end: mark.room_at_end for mark in marks if mark.end > mark.start}
        if room_at == self._room_at:
            return  # the usual decision: same tags, same room
        self._room_at = room_at
        wanted: dict[int, dict[int, float]] = {}
        document = self.document()
        block = document.begin()
        for end in sorted(room_at):  # one walk through the paragraphs
            while block.isValid() and end - 1 >= block.position() + block.length():
                block = block.next()
            wanted.setdefault(block.blockNumber(), {})[end] = room_at[end]
        numbers = set(wanted) | set(self._room_by_block)
        for number in numbers:
            room = tuple(sorted(wanted.get(number, {}).items()))
            if self._room_by_block.get(number, ()) == room:
                continue
            block = document.findBlockByNumber(number)
            if not block.isValid():
                continue
            ranges = []
            for end, width in room:
                last = self.offsets.to_qt(self.offsets.from_qt(end) - 1)  # the last character, astral or not
                text_format = self._spacing.get(width)
                if text_format is None:
                    text_format = self._spacing[width] = QTextCharFormat()
                    text_format.setFontLetterSpacingType(QFont.SpacingType.AbsoluteSpacing)
                    text_format.setFontLetterSpacing(width)
                reserved = QTextLayout.FormatRange()  # (its keyword constructor ignores its arguments)
                reserved.start, reserved.length, reserved.format = last - block.position(), end - last, text_format
                ranges.append(reserved)
            block.layout().setFormats(ranges)
            document.markContentsDirty(block.position(), block.length())
            if room:
                self._room_by_block[number] = room
            else:
                self._room_by_block.pop(number, None)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # a zoom: tags scale with the text
            self._update_tag_font()
            if getattr(self, "items", None):
                self._room_at = {}
                self._room_by_block = {n: ("stale",) for n in self._room_by_block}
                self.show_items(self.items, self.current_key)

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

    # --- painting: fills under the text; boxes, strike-throughs and tags over it

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt naming)
        visible = QRectF(event.rect())
        self._block_tops: dict[int, float] = {}  # for this paint: where each paragraph starts
        first = self.cursorForPosition(visible.topLeft().toPoint()).position()
        last = self.cursorForPosition(visible.bottomRight().toPoint()).position() + 1
        shown = [(m, self._boxes(m, visible)) for m in self.marks if m.start <= last and m.end >= first]
        shown = [(m, boxes) for m, boxes in shown if boxes]
        if shown:
            painter = QPainter(self.viewport())
            for mark, boxes in shown:
                alpha = self.fill_alpha(mark)
                if alpha:
                    fill = QColor(mark.colour)
                    fill.setAlpha(alpha)
                    for box, _ in boxes:
                        painter.fillRect(box, fill)
            painter.end()
        super().paintEvent(event)
        if not shown:
            return
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for mark, boxes in shown:
            self._paint_mark(painter, mark, boxes, visible)
        painter.end()

    def fill_alpha(self, mark: Mark) -> int:
        """How strongly the mark's colour fills it: its style's strength, weakened where the
        palette (a dark one) would leave the text over it hard to read."""
        alpha = spans.STYLES[spans.CURRENT if mark.current else mark.style].fill_alpha
        if not alpha:
            return 0
        palette = self.palette()
        return readable_alpha(mark.colour, alpha, palette.base().color(), palette.text().color())

    def _boxes(self, mark: Mark, visible: QRectF) -> list[tuple[QRectF, bool]]:
        """The mark's box on each visible line it covers, at its nesting level, the box on
        its last line reaching over its tag; with whether it is that last line."""
        level = mark.level
        top, bottom, side = LEVEL_INSETS[level]
        boxes = []
        for rect, last in self._line_rects(mark.start, mark.end, visible):
            right = rect.right()
            if last:
                right += mark.tag_offset + mark.tag_width - mark.room_at_end
            boxes.append((QRectF(QPointF(rect.left() - side, rect.top() + top), QPointF(right + side, rect.bottom() - bottom)), last))
        return boxes

    def _paint_mark(self, painter: QPainter, mark: Mark, boxes: list[tuple[QRectF, bool]], visible: QRectF) -> None:
        style = spans.STYLES[mark.style]
        rejected = style.tag == "struck"
        line = REJECTED_GREY if rejected else mark.colour
        pen = QPen(line, style.outline_width, PEN_STYLES[style.outline])
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if style.strike:
            painter.setPen(QPen(REJECTED_GREY, 1.4))
            for start, end in mark.strike:
                for rect, last in self._line_rects(start, end, visible):
                    right = rect.right() - (mark.room_at_end if last and end == mark.end else 0)
                    middle = rect.center().y()
                    painter.drawLine(QPointF(rect.left(), middle), QPointF(right, middle))
        if mark.current:  # a thick line in the category colour, edged in near-black
            current = spans.STYLES[spans.CURRENT]
            for box, _ in boxes:
                painter.setPen(QPen(CURRENT_EDGE, current.outline_width + 2))
                painter.drawRoundedRect(box.adjusted(-1, -1, 1, 1), 3, 3)
                painter.setPen(QPen(mark.colour, current.outline_width))
                painter.drawRoundedRect(box.adjusted(-1, -1, 1, 1), 3, 3)
        painter.setPen(pen)
        for box, _ in boxes:
            painter.drawRoundedRect(box.adjusted(0.5, 0.5, -0.5, -0.5), 3, 3)
        for box, last in boxes:
            if last:
                self._paint_tag(painter, mark, box)

    def _paint_tag(self, painter: QPainter, mark: Mark, box: QRectF) -> None:
        style = spans.STYLES[mark.style]
        font = self._tag_font
        height = self._tag_height + (4 if mark.current else 0)
        left = box.right() - mark.tag_width + TAG_GAP * 0.5 - LEVEL_INSETS[mark.level][2]
        tag = QRectF(left, box.center().y() - height / 2, mark.tag_width - TAG_GAP, height)
        if style.tag == "filled":
            background, text, edge = mark.colour, QColor("white"), mark.colour
        elif style.tag == "struck":
            background, text, edge = QColor("white"), REJECTED_GREY, REJECTED_GREY
        else:
            background, text, edge = QColor("white"), mark.colour.darker(130), mark.colour
        if mark.current:
            edge = CURRENT_EDGE
        painter.setPen(QPen(edge, 1.6 if mark.current else 1.0, PEN_STYLES["dash" if style.tag == "hollow" else "solid"]))
        painter.setBrush(QBrush(background))
        painter.drawRoundedRect(tag, 3, 3)
        painter.setFont(font)
        painter.setPen(text)
        painter.drawText(tag, Qt.AlignmentFlag.AlignCenter, mark.tag)
        if style.tag == "struck":
            painter.drawLine(QPointF(tag.left() + 3, tag.center().y()), QPointF(tag.right() - 3, tag.center().y()))
        painter.setBrush(Qt.BrushStyle.NoBrush)

    def _line_rects(self, start: int, end: int, visible: QRectF) -> list[tuple[QRectF, bool]]:
        """One rectangle per visual line the range [start, end) covers, in viewport
        coordinates, with whether the range ends on that line; lines outside ``visible``
        are skipped. Goes straight to the lines of the range (not through every line of
        its paragraph): painting costs what the visible spans cost."""
        rects = []
        block = self.document().findBlock(start)
        offset = self.contentOffset()
        while block.isValid() and block.position() < end:
            top = self._block_tops.get(block.blockNumber())
            if top is None:
                top = self._block_tops[block.blockNumber()] = self.blockBoundingGeometry(block).translated(offset).top()
            if top > visible.bottom():
                break
            layout, position = block.layout(), block.position()
            line = layout.lineForTextPosition(max(start, position) - position)
            while line.isValid():
                line_start = position + line.textStart()
                if line_start >= end:
                    break
                lo, hi = max(start, line_start), min(end, line_start + line.textLength())
                if lo < hi:
                    x1 = line.cursorToX(lo - position)[0]
                    x2 = line.cursorToX(hi - position)[0]
                    rect = QRectF(x1 + offset.x(), top + line.y(), x2 - x1, line.height())
                    if rect.adjusted(0, 0, 60, 0).intersects(visible):  # a tag may reach past the text
                        rects.append((rect, hi == end))
                line = layout.lineAt(line.lineNumber() + 1)
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
