"""Qt-free progress and cancellation: plain callables the CLI and the GUI both supply."""

from __future__ import annotations

from typing import Callable

from .errors import AnnotatorError

Progress = Callable[[int, int], None]  # (done, total), in the unit the caller documents
IsCancelled = Callable[[], bool]


def no_progress(done: int, total: int) -> None:
    """A progress callback that ignores what it is told."""


def never_cancelled() -> bool:
    return False


class Cancelled(AnnotatorError):
    """The user cancelled; whatever the operation had written was rolled back."""
