"""The comment on a span: typed freely, confirmed by keyboard (Ctrl+Enter), never lost.

Enter makes a new line (comments may have several), Tab moves to the buttons, Ctrl+Enter
saves from anywhere in the dialog, Esc or Cancel closes it: whatever was typed is kept as a
draft and comes back the next time the same span is commented.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from .i18n import translate



class CommentDialog(QDialog):
    def __init__(self, parent: QWidget | None, previous: str, draft: str | None = None):
        super().__init__(parent)
        self.setWindowTitle(translate("Comment", "Comment"))
        self.setMinimumWidth(420)
        self.editor = QPlainTextEdit(draft if draft is not None else previous)
        self.editor.setTabChangesFocus(True)
        self.editor.moveCursor(self.editor.textCursor().MoveOperation.End)
        label = QLabel(translate("Comment", "Comment on this span:")
                       + (translate("Comment", "  (an unsaved draft)") if draft is not None and draft != previous else ""))
        self.hint = hint = QLabel(translate("Comment", "Ctrl+Enter saves · Enter starts a new line · Tab moves to the buttons · "
                                                       "Esc closes (the draft is kept)"))
        hint.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(translate("Comment", "Save (Ctrl+Enter)"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton(translate("Comment", "Close, keep draft (Esc)"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (label, self.editor, hint, buttons):
            layout.addWidget(widget)
        self.editor.installEventFilter(self)  # the editor would take Ctrl+Enter as a new line
        self.editor.setFocus()

    def eventFilter(self, watched, event: QEvent) -> bool:  # noqa: N802 (Qt naming)
        if watched is self.editor and event.type() == QEvent.Type.KeyPress and _is_ctrl_enter(event):
            self.accept()
            return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 — on a button, say
        if _is_ctrl_enter(event):
            self.accept()
            return
        super().keyPressEvent(event)

    def text(self) -> str:
        return self.editor.toPlainText()


def _is_ctrl_enter(event: QKeyEvent) -> bool:
    return event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
