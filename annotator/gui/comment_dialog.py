"""The comment on a span: typed freely, confirmed by keyboard (Ctrl+Enter), never lost.

Enter makes a new line (comments may have several), Tab moves to the buttons, Ctrl+Enter
saves from anywhere in the dialog, Esc or Cancel closes it: whatever was typed is kept as a
draft and comes back the next time the same span is commented.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

HINT = "Ctrl+Enter saves · Enter starts a new line · Tab moves to the buttons · Esc closes (the draft is kept)"


class CommentDialog(QDialog):
    def __init__(self, parent: QWidget | None, previous: str, draft: str | None = None):
        super().__init__(parent)
        self.setWindowTitle("Comment")
        self.setMinimumWidth(420)
        self.editor = QPlainTextEdit(draft if draft is not None else previous)
        self.editor.setTabChangesFocus(True)
        self.editor.moveCursor(self.editor.textCursor().MoveOperation.End)
        label = QLabel("Comment on this span:" + ("  (an unsaved draft)" if draft is not None and draft != previous else ""))
        hint = QLabel(HINT)
        hint.setWordWrap(True)
        hint.setStyleSheet("QLabel { color: palette(placeholder-text); }")
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton("Save (Ctrl+Enter)", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton("Close, keep draft (Esc)", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (label, self.editor, hint, buttons):
            layout.addWidget(widget)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, activated=self.accept, context=Qt.ShortcutContext.WindowShortcut)
        self.editor.setFocus()

    def text(self) -> str:
        return self.editor.toPlainText()
