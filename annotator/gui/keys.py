"""The keyboard: one table of keys → actions, dispatched wherever focus is (text inputs
such as the search box aside), and the help text made from the same table."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QMenu,
    QMenuBar,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from .i18n import translate

if TYPE_CHECKING:
    from .main_window import MainWindow

K = Qt.Key
M = Qt.KeyboardModifier
_MODIFIERS = M.ShiftModifier | M.ControlModifier | M.AltModifier | M.MetaModifier


@dataclass(frozen=True)
class Binding:
    keys: tuple[tuple[int, int], ...]  # (key, modifiers) pairs
    shown: str  # how the help writes them
    does: str  # what the help says
    action: Callable[["MainWindow"], None]


def _v(value: object) -> int:
    """The integer of a Qt enum or flag (PySide6 enums are Python enums)."""
    return value.value if hasattr(value, "value") else int(value)


def _k(key: object, modifiers: object = 0) -> tuple[int, int]:
    return _v(key), _v(modifiers)


SHIFT, CTRL, ALT = _v(M.ShiftModifier), _v(M.ControlModifier), _v(M.AltModifier)

BINDINGS: tuple[Binding, ...] = (
    Binding((_k(K.Key_Return), _k(K.Key_Enter), _k(K.Key_A)), QT_TRANSLATE_NOOP("Keys", "Enter / A"), QT_TRANSLATE_NOOP("Keys", "accept the current candidate"), lambda w: w.accept_current()),
    Binding((_k(K.Key_X), _k(K.Key_Delete)), QT_TRANSLATE_NOOP("Keys", "X / Delete"), QT_TRANSLATE_NOOP("Keys", "reject the current candidate (removes an own span)"), lambda w: w.reject_current()),
    Binding(tuple((_v(K.Key_1) + i, 0) for i in range(9)), QT_TRANSLATE_NOOP("Keys", "1 … 9"), QT_TRANSLATE_NOOP("Keys", "the category with that key in the codebook: relabel the current span; with text selected, make a new span"), lambda w: None),
    Binding((_k(K.Key_Space), _k(K.Key_Period)), QT_TRANSLATE_NOOP("Keys", "Space / ."), QT_TRANSLATE_NOOP("Keys", "skip: on to the next undecided candidate without deciding"), lambda w: w.skip_current()),
    Binding((_k(K.Key_Tab), _k(K.Key_J)), QT_TRANSLATE_NOOP("Keys", "Tab / J"), QT_TRANSLATE_NOOP("Keys", "next span"), lambda w: w.step_item(+1)),
    Binding((_k(K.Key_Backtab, SHIFT), _k(K.Key_Backtab), _k(K.Key_K)), QT_TRANSLATE_NOOP("Keys", "Shift+Tab / K"), QT_TRANSLATE_NOOP("Keys", "previous span"), lambda w: w.step_item(-1)),
    Binding((_k(K.Key_N),), QT_TRANSLATE_NOOP("Keys", "N"), QT_TRANSLATE_NOOP("Keys", "next document"), lambda w: w.step_document(+1)),
    Binding((_k(K.Key_P),), QT_TRANSLATE_NOOP("Keys", "P"), QT_TRANSLATE_NOOP("Keys", "previous document"), lambda w: w.step_document(-1)),
    Binding((_k(K.Key_Left, SHIFT),), QT_TRANSLATE_NOOP("Keys", "Shift+←"), QT_TRANSLATE_NOOP("Keys", "move the current span's start one character left (with text selected: extend the selection)"), lambda w: w.move_edge("start", -1)),
    Binding((_k(K.Key_Right, SHIFT),), QT_TRANSLATE_NOOP("Keys", "Shift+→"), QT_TRANSLATE_NOOP("Keys", "move the start one character right"), lambda w: w.move_edge("start", +1)),
    Binding((_k(K.Key_Left, CTRL | SHIFT),), QT_TRANSLATE_NOOP("Keys", "Ctrl+Shift+←"), QT_TRANSLATE_NOOP("Keys", "move the current span's end one character left"), lambda w: w.move_edge("end", -1)),
    Binding((_k(K.Key_Right, CTRL | SHIFT),), QT_TRANSLATE_NOOP("Keys", "Ctrl+Shift+→"), QT_TRANSLATE_NOOP("Keys", "move the end one character right"), lambda w: w.move_edge("end", +1)),
    Binding((_k(K.Key_Left, SHIFT | ALT),), QT_TRANSLATE_NOOP("Keys", "Alt+Shift+←"), QT_TRANSLATE_NOOP("Keys", "move the start to the previous word boundary (jieba)"), lambda w: w.move_edge("start", -1, snap=True)),
    Binding((_k(K.Key_Right, SHIFT | ALT),), QT_TRANSLATE_NOOP("Keys", "Alt+Shift+→"), QT_TRANSLATE_NOOP("Keys", "move the start to the next word boundary"), lambda w: w.move_edge("start", +1, snap=True)),
    Binding((_k(K.Key_Left, CTRL | SHIFT | ALT),), QT_TRANSLATE_NOOP("Keys", "Ctrl+Alt+Shift+←"), QT_TRANSLATE_NOOP("Keys", "move the end to the previous word boundary"), lambda w: w.move_edge("end", -1, snap=True)),
    Binding((_k(K.Key_Right, CTRL | SHIFT | ALT),), QT_TRANSLATE_NOOP("Keys", "Ctrl+Alt+Shift+→"), QT_TRANSLATE_NOOP("Keys", "move the end to the next word boundary"), lambda w: w.move_edge("end", +1, snap=True)),
    Binding((_k(K.Key_S),), QT_TRANSLATE_NOOP("Keys", "S"), QT_TRANSLATE_NOOP("Keys", "start selecting at the caret: arrows extend the selection, then a category key"), lambda w: w.start_keyboard_selection()),
    Binding((_k(K.Key_Escape),), QT_TRANSLATE_NOOP("Keys", "Esc"), QT_TRANSLATE_NOOP("Keys", "cancel the selection"), lambda w: w.cancel_selection()),
    Binding((_k(K.Key_U),), QT_TRANSLATE_NOOP("Keys", "U"), QT_TRANSLATE_NOOP("Keys", "flag the current span uncertain (again to unflag)"), lambda w: w.toggle_uncertain()),
    Binding((_k(K.Key_C),), QT_TRANSLATE_NOOP("Keys", "C"), QT_TRANSLATE_NOOP("Keys", "comment on the current span"), lambda w: w.comment_current()),
    Binding((_k(K.Key_D),), QT_TRANSLATE_NOOP("Keys", "D"), QT_TRANSLATE_NOOP("Keys", "mark the document done (warns if candidates remain)"), lambda w: w.mark_done()),
    Binding((_k(K.Key_Z, CTRL),), QT_TRANSLATE_NOOP("Keys", "Ctrl+Z"), QT_TRANSLATE_NOOP("Keys", "undo (across documents)"), lambda w: w.undo()),
    Binding((_k(K.Key_Z, CTRL | SHIFT), _k(K.Key_Y, CTRL)), QT_TRANSLATE_NOOP("Keys", "Ctrl+Shift+Z / Ctrl+Y"), QT_TRANSLATE_NOOP("Keys", "redo"), lambda w: w.redo()),
    Binding((_k(K.Key_T, CTRL | SHIFT),), QT_TRANSLATE_NOOP("Keys", "Ctrl+Shift+T"), QT_TRANSLATE_NOOP("Keys", "retrain your model now, in the background (it also retrains by itself every few decisions)"), lambda w: w.retrain_now()),
    Binding((_k(K.Key_F, CTRL), _k(K.Key_Slash)), QT_TRANSLATE_NOOP("Keys", "Ctrl+F or /"), QT_TRANSLATE_NOOP("Keys", "search the documents"), lambda w: w.focus_search()),
    Binding((_k(K.Key_Equal, CTRL), _k(K.Key_Plus, CTRL), _k(K.Key_Plus, CTRL | SHIFT)), QT_TRANSLATE_NOOP("Keys", "Ctrl+= / Ctrl++"), QT_TRANSLATE_NOOP("Keys", "larger article text (remembered)"), lambda w: w.zoom(+1)),
    Binding((_k(K.Key_Minus, CTRL),), QT_TRANSLATE_NOOP("Keys", "Ctrl+−"), QT_TRANSLATE_NOOP("Keys", "smaller article text"), lambda w: w.zoom(-1)),
    Binding((_k(K.Key_0, CTRL),), QT_TRANSLATE_NOOP("Keys", "Ctrl+0"), QT_TRANSLATE_NOOP("Keys", "article text at its normal size"), lambda w: w.zoom(0)),
    Binding((_k(K.Key_Question), _k(K.Key_Question, SHIFT), _k(K.Key_F1)), QT_TRANSLATE_NOOP("Keys", "? / F1"), QT_TRANSLATE_NOOP("Keys", "this help"), lambda w: w.show_help()),
)

_ARROWS = {_v(k) for k in (K.Key_Left, K.Key_Right, K.Key_Up, K.Key_Down, K.Key_Home, K.Key_End)}


def _table() -> dict[tuple[int, int], Binding]:
    table = {}
    for binding in BINDINGS:
        for key in binding.keys:
            table[key] = binding
    return table


_TABLE = _table()


def is_text_input(widget: QWidget | None) -> bool:
    if isinstance(widget, (QLineEdit, QAbstractSpinBox)):
        return True
    if isinstance(widget, QComboBox):
        return widget.isEditable()
    if isinstance(widget, (QTextEdit, QPlainTextEdit)):
        return not widget.isReadOnly()
    return False


class KeyDispatcher(QObject):
    """Application event filter: keys of the main window go to its actions first."""

    def __init__(self, window: "MainWindow"):
        super().__init__(window)
        self.window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt naming)
        if event.type() != QEvent.Type.KeyPress or not isinstance(watched, QWidget):
            return False
        if isinstance(watched, QMenu):
            self._after_menu_key(watched, event)
            return False
        if watched.window() is not self.window:
            return False
        focus = QApplication.focusWidget()
        if is_text_input(focus):
            if event.key() == K.Key_Escape:
                self.window.article.setFocus()
                return True
            return False
        return self.dispatch(event)

    def _after_menu_key(self, menu: QMenu, event: QKeyEvent) -> None:
        """Esc in one of the window's menus closes it and gives the keys back to the article
        (Qt would leave the menu bar holding them, and the next arrow would open a menu)."""
        bar = menu.parentWidget()
        if event.key() == K.Key_Escape and isinstance(bar, QMenuBar) and bar.window() is self.window:
            QTimer.singleShot(0, self.window.article.setFocus)

    def dispatch(self, event: QKeyEvent) -> bool:
        self.window.note_activity()
        key = _v(event.key())
        modifiers = _v(event.modifiers() & _MODIFIERS)
        if _v(K.Key_1) <= key <= _v(K.Key_9) and modifiers == 0:
            self.window.category_key(chr(key))  # the codebook's key, not the button's position
            return True
        if key in _ARROWS and modifiers == 0:
            return self.window.caret_key(key)
        if key in _ARROWS and modifiers == SHIFT and self.window.extend_selection(key):
            return True
        binding = _TABLE.get((key, modifiers))
        if binding is None:
            return False
        binding.action(self.window)
        return True


def help_rows() -> list[tuple[str, str]]:
    """(keys, what they do) in the interface's language."""
    rows = [(translate("Keys", b.shown), translate("Keys", b.does)) for b in BINDINGS]
    rows.append((translate("Keys", "click a highlight"), translate("Keys", "make it current (the mouse works too)")))
    rows.append((translate("Keys", "select + category button"), translate("Keys", "make a new span with the mouse")))
    return rows
