"""One background thread that runs jobs in the order given: a bulk import parses its input on
the calling thread while this thread writes what was parsed before.

Why a thread and not a process: SQLite lets go of Python's global lock while it works (a
multi-row INSERT … SELECT runs entirely without it), so parsing (in C or Python, holding the
lock) and writing proceed on the two cores at once, on one connection, with no copy of the
data. The caller must not touch that connection while jobs run: every database call of the
work goes through :meth:`WriterThread.submit`.
"""

from __future__ import annotations

import queue
import sys
import threading
from typing import Any, Callable

_DONE = object()
SWITCH_INTERVAL = 1e-4  # seconds


class WriterThread:
    """``with WriterThread() as writer: writer.submit(job, *args)…``. Jobs run one at a time,
    in order. The first job that raises stops the rest: its exception is raised again in the
    caller, at the next :meth:`submit` or when the block ends. Leaving the block by an
    exception abandons the jobs not yet started and waits for the running one, so the caller
    may roll back as soon as the block is left."""

    def __init__(self, depth: int = 2, name: str = "annotator-writer"):
        # A short queue: the caller reads at most ``depth`` batches ahead of the writing,
        # which bounds memory to a few batches however large the input.
        self._jobs: queue.Queue = queue.Queue(maxsize=depth)
        self._failure: BaseException | None = None
        self._abandoned = False
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def __enter__(self) -> "WriterThread":
        # Each row an executemany binds needs the global lock back from the parsing thread,
        # which by default keeps it for 5 ms at a time: thousands of rows would wait that long
        # each. A short interval while the writer lives keeps both threads moving.
        self._interval = sys.getswitchinterval()
        sys.setswitchinterval(SWITCH_INTERVAL)
        self._thread.start()
        return self

    def __exit__(self, exc_type, exc, traceback) -> None:
        if exc_type is not None:
            self._abandoned = True
        self._jobs.put(_DONE)
        self._thread.join()
        sys.setswitchinterval(self._interval)
        if exc_type is None:
            self._raise_failure()

    def submit(self, job: Callable[..., Any], *args: Any) -> None:
        self._raise_failure()
        self._jobs.put((job, args))

    def _raise_failure(self) -> None:
        if self._failure is not None:
            failure, self._failure = self._failure, None
            self._abandoned = True
            raise failure

    def _run(self) -> None:
        while True:
            item = self._jobs.get()
            if item is _DONE:
                return
            if self._abandoned or self._failure is not None:
                continue  # after a failure or an abandon, the queue is only emptied
            job, args = item
            try:
                job(*args)
            except BaseException as exc:  # handed to the caller's thread, which raises it
                self._failure = exc
