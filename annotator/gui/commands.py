"""Undo commands: one small QUndoCommand per applied change.

A change is applied (and committed) before its command is pushed, so a failed write never
enters the stack; the first redo() is therefore a no-op. Undo and redo apply the inverse
change through the services, committed and journalled like any decision.

The window undoes and redoes through :meth:`StoreCommand.run`, which writes first and lets
the stack move only when the write succeeded: when the project is locked by another
program, the stack stays where it was and the same Ctrl+Z can simply be tried again.
"""

from __future__ import annotations

import sqlite3
from typing import Callable

from PySide6.QtGui import QUndoCommand, QUndoStack

from ..errors import AnnotatorError
from ..services import annotating
from ..services.annotating import Change
from ..store import Store
from .i18n import core_word, translate

RESIZE_ID = 1  # consecutive resizes of one span merge into one undo step
WRITE_ERRORS = (AnnotatorError, sqlite3.Error)


class StoreCommand(QUndoCommand):
    """A command whose coming undo()/redo() may have been done already (by the window's
    :meth:`run`, or before the push): the stack's call then only moves its index."""

    def __init__(self, text: str, failed: Callable[[Exception], None]):
        super().__init__(text)
        self.failed = failed  # told when undo or redo cannot be applied
        self._done_ahead = True  # applied before being pushed

    def run(self, undoing: bool) -> bool:
        """Write the undo (or redo) now; False, with nothing written and the stack to be
        left alone, when it cannot be written (e.g. the project is locked)."""
        try:
            self._undo_work() if undoing else self._redo_work()
        except WRITE_ERRORS as error:
            self.failed(error)
            return False
        self._done_ahead = True
        return True

    def redo(self) -> None:
        self._step(self._redo_work)

    def undo(self) -> None:
        self._step(self._undo_work)

    def _step(self, work: Callable[[], None]) -> None:
        if self._done_ahead:
            self._done_ahead = False
            return
        try:  # called by the stack directly: a step that cannot be applied is dropped
            work()
        except WRITE_ERRORS as error:
            self.setObsolete(True)
            self.failed(error)

    def _undo_work(self) -> None:
        raise NotImplementedError

    def _redo_work(self) -> None:
        raise NotImplementedError


def undo(stack: QUndoStack) -> bool:
    """Undo the stack's current step, moving the stack only if the undo was written."""
    index = stack.index()
    if index == 0:
        return False
    command = stack.command(index - 1)
    if isinstance(command, StoreCommand) and not command.run(undoing=True):
        return False
    stack.undo()
    return True


def redo(stack: QUndoStack) -> bool:
    index = stack.index()
    if index >= stack.count():
        return False
    command = stack.command(index)
    if isinstance(command, StoreCommand) and not command.run(undoing=False):
        return False
    stack.redo()
    return True


class ChangeCommand(StoreCommand):
    def __init__(self, store: Store, change: Change, text: str, changed: Callable[[int], None],
                 failed: Callable[[Exception], None] = lambda error: None):
        super().__init__(text, failed)
        self.store = store
        self.change = change
        self.changed = changed  # told the document whose annotations changed

    def _revert(self) -> None:
        self.change = annotating.revert(self.store, self.change)
        self.changed(self.change.doc_id)

    _undo_work = _redo_work = _revert

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


class DocumentStatusCommand(StoreCommand):
    def __init__(self, store: Store, layer: str, doc_id: int, before: str, after: str, changed: Callable[[int], None],
                 failed: Callable[[Exception], None] = lambda error: None):
        super().__init__(translate("Commands", "mark document {status}").format(status=core_word(after)), failed)
        self.store, self.layer, self.doc_id = store, layer, doc_id
        self.before, self.after = before, after
        self.changed = changed

    def _redo_work(self) -> None:
        annotating.set_document_status(self.store, self.layer, self.doc_id, self.after)
        self.changed(self.doc_id)

    def _undo_work(self) -> None:
        annotating.set_document_status(self.store, self.layer, self.doc_id, self.before)
        self.changed(self.doc_id)
