"""Errors the core raises; the CLI and the GUI turn them into messages.

Every error that comes from user input names the file (and the line, when there is one),
so a researcher can find and fix the offending record.
"""

from __future__ import annotations

import os
from pathlib import Path


class AnnotatorError(Exception):
    """Base class of every error the user should see as a message, not a traceback."""


class InputError(AnnotatorError):
    """A bad input file or record: says which file and, when known, which line."""

    def __init__(self, path: str | Path, message: str, line: int | None = None):
        self.path = str(path)
        self.line = line
        self.message = message
        super().__init__(str(self))

    def __reduce__(self):  # crosses process boundaries (Dask workers report bad records)
        return (type(self), (self.path, self.message, self.line))

    def __str__(self) -> str:
        # A file name that is not UTF-8 shows its odd bytes as \xNN, and text from a
        # hostile file cannot carry a lone surrogate into the message: printing it, or
        # storing it in the journal, never fails.
        shown = os.fsencode(self.path).decode("utf-8", "backslashreplace")
        where = shown if self.line is None else f"{shown}:{self.line}"
        return f"{where}: {self.message}".encode("utf-8", "backslashreplace").decode("utf-8")


class ProjectError(AnnotatorError):
    """A database that cannot be used as a project (foreign, newer, corrupt, missing)."""


class ProjectBusyError(ProjectError):
    """Another connection held the project's write lock longer than we wait: nothing was
    written, and the same change may simply be tried again."""
