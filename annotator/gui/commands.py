"""Undo commands: one small QUndoCommand per applied change.

A change is applied (and committed) before its command is pushed, so a failed write never
enters the stack; the first redo() is therefore a no-op. Undo and redo apply the inverse
change through the services, committed and journalled like any decision.
"""

from __future__ import annotations

import sqlite3
from typing import Callable

from PySide6.QtGui import QUndoCommand

from ..errors import AnnotatorError
from ..services import annotating
from ..services.annotating import Change
from ..store import Store

RESIZE_ID = 1  # consecutive resizes of one span merge into one undo step


class ChangeCommand(QUndoCommand):
    def __init__(self, store: Store, change: Change, text: str, changed: Callable[[int], None],
                 failed: Callable[[Exception], None] = lambda error: None):
        super().__init__(text)
        self.store = store
        self.change = change
        self.changed = changed  # told the document whose annotations changed
        self.failed = failed  # told when undo or redo cannot be applied
        self._applied = True

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        self._revert()

    def undo(self) -> None:
        self._revert()

    def _revert(self) -> None:
        try:
            self.change = annotating.revert(self.store, self.change)
        except (AnnotatorError, sqlite3.Error) as error:
            self.setObsolete(True)  # the stack drops a step it cannot apply
            self.failed(error)
            return
        self.changed(self.change.doc_id)

    def id(self) -> int:  # noqa: A003 (Qt's name)
        return RESIZE_ID if self.change.action == "resize" else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802
        if not isinstance(other, ChangeCommand) or other.change.action != "resize":
            return False
        mine, theirs = self.change.after, other.change.before
        if mine is None or theirs is None or mine.id != theirs.id:
            return False
        self.change = Change(self.change.layer, self.change.doc_id, "resize", self.change.before, other.change.after)
        return True


class DocumentStatusCommand(QUndoCommand):
    def __init__(self, store: Store, layer: str, doc_id: int, before: str, after: str, changed: Callable[[int], None]):
        super().__init__(f"mark document {after}")
        self.store, self.layer, self.doc_id = store, layer, doc_id
        self.before, self.after = before, after
        self.changed = changed
        self._applied = True

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        annotating.set_document_status(self.store, self.layer, self.doc_id, self.after)
        self.changed(self.doc_id)

    def undo(self) -> None:
        annotating.set_document_status(self.store, self.layer, self.doc_id, self.before)
        self.changed(self.doc_id)
