"""New files of one new folder, created by a second process while this one makes their contents.

brat writes two files a document. Creating a file is kernel work (on ext4 without a journal,
as on this project's test machine, each new inode is searched past every inode freed in its
group in the last 30 seconds), and in one process it adds to the export's Python work. So the
names and contents go through a pipe to a small Python process (``python -I -S``, no import
but ``os``) that creates the files in the folder, one ``os.open``/``os.write``/``os.close``
each, on the other core. A small export does not start one (a process costs ~15 ms): its
files are written here at the end.

All or nothing stays the exporter's: the folder is hidden until placed, and a failure -- in
either process -- stops the writer before the folder is removed, so nothing is left behind.
A failure is an ``OSError`` naming the file (its path in the folder) that could not be made.
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

# Below this many files no process is started: the files are written here, at the end.
IN_PROCESS_FILES = 256
CHUNK = 1 << 20  # bytes sent to the writer at a time
_PIPE_SIZE = 1 << 20  # the pipe's buffer (Linux lets a user raise it to 1 MB): the writer's lead
_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)  # a new folder: never an existing file

# The writer: frames of (name length: 4 bytes, content length: 8 bytes, little-endian, name,
# content) on standard input, in the folder (its working directory). A file that cannot be
# made ends it with "errno<TAB>name<TAB>message" on standard output and exit status 1. A
# stream cut short (this process died) ends it without making the file it cut.
WRITER = r"""
import os, sys
read = sys.stdin.buffer.read
flags = %d
name = b""
try:
    while True:
        head = read(12)
        if len(head) < 12:
            break
        size, length = int.from_bytes(head[:4], "little"), int.from_bytes(head[4:], "little")
        name, data = read(size), read(length)
        if len(name) < size or len(data) < length:
            break
        descriptor = os.open(name, flags, 0o666)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(descriptor, view):]
        finally:
            os.close(descriptor)
except OSError as error:
    message = (error.strerror or str(error)).encode("utf-8", "replace")
    sys.stdout.buffer.write(b"%%d\t%%s\t%%s" %% (error.errno or 0, name, message))
    sys.stdout.flush()
    sys.exit(1)
""" % _FLAGS


class FileMaker:
    """Makes new files in ``folder`` (which must exist, new and empty): :meth:`add` each,
    then :meth:`finish` (all made, or an OSError) or :meth:`abort` (the writer stopped)."""

    def __init__(self, folder: Path, in_process_files: int | None = None):
        self.folder = folder
        self.threshold = IN_PROCESS_FILES if in_process_files is None else in_process_files
        self.pending: list[tuple[str, bytes]] = []  # until the writer starts (or for good)
        self.buffer = bytearray()
        self.writer: subprocess.Popen | None = None
        self.in_process = False  # no writer could be started: every file is written here

    def add(self, name: str, data: bytes) -> None:
        if self.writer is None:
            if self.in_process:
                self._write_here([(name, data)])
                return
            self.pending.append((name, data))
            if len(self.pending) > self.threshold:
                self._start()
            return
        encoded = os.fsencode(name)
        buffer = self.buffer
        buffer += len(encoded).to_bytes(4, "little")
        buffer += len(data).to_bytes(8, "little")
        buffer += encoded
        buffer += data
        if len(buffer) >= CHUNK:
            self._send()

    def finish(self) -> None:
        """Every file made (the writer has ended), or an OSError naming the first that was not."""
        if self.writer is None:
            self._write_here(self.pending)
            self.pending = []
            return
        self._send()
        writer, self.writer = self.writer, None
        writer.stdin.close()  # the end of the stream: the writer makes what it has and ends
        self._end(writer)

    def abort(self) -> None:
        """Stop the writer and wait for it: nothing more is created in the folder afterwards."""
        writer, self.writer = self.writer, None
        self.pending, self.buffer = [], bytearray()
        if writer is None:
            return
        writer.kill()
        try:
            writer.stdin.close()
        except OSError:
            pass
        writer.wait()
        writer.stdout.close()

    # ------------------------------------------------------------------ the writer

    def _start(self) -> None:
        try:
            self.writer = subprocess.Popen(
                [sys.executable, "-I", "-S", "-c", WRITER], cwd=self.folder,
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, bufsize=0,
            )
        except OSError:  # no interpreter to start (a frozen application, say): write here
            self.in_process = True
            return
        _widen(self.writer.stdin.fileno())
        pending, self.pending = self.pending, []
        for name, data in pending:
            self.add(name, data)

    def _send(self) -> None:
        view = memoryview(self.buffer)
        try:
            descriptor = self.writer.stdin.fileno()
            while view:
                view = view[os.write(descriptor, view):]
        except BrokenPipeError:  # the writer ended early: its own error is the one to tell
            view.release()
            writer, self.writer = self.writer, None
            writer.stdin.close()
            self._end(writer)
            raise OSError(errno.EPIPE, "the process writing the files ended early", str(self.folder)) from None
        view.release()
        self.buffer = bytearray()

    def _end(self, writer: subprocess.Popen) -> None:
        """Wait for the writer (its standard input closed); an OSError if it did not make every file."""
        with writer.stdout:
            report = writer.stdout.read()  # a line at most, written as it ends
        if writer.wait() != 0:
            raise self._failure(writer.returncode, report)

    def _failure(self, status: int, report: bytes) -> OSError:
        code, name, message = (report.split(b"\t", 2) + [b"", b""])[:3]
        if code.isdigit() and name:
            return OSError(int(code), message.decode("utf-8", "replace"), str(self.folder / os.fsdecode(name)))
        return OSError(errno.EIO, f"the process writing the files stopped (exit status {status})", str(self.folder))

    # ------------------------------------------------------------------ here

    def _write_here(self, files: list[tuple[str, bytes]]) -> None:
        """The files written by this process: each relative to the folder's descriptor (the
        kernel does not walk the whole path again), three system calls each."""
        by_folder = os.open in os.supports_dir_fd
        folder = os.open(self.folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)) if by_folder else None
        try:
            for name, data in files:
                try:
                    if folder is None:
                        descriptor = os.open(self.folder / name, _FLAGS, 0o666)
                    else:
                        descriptor = os.open(name, _FLAGS, 0o666, dir_fd=folder)
                    try:
                        view = memoryview(data)
                        while view:
                            view = view[os.write(descriptor, view):]
                    finally:
                        os.close(descriptor)
                except OSError as error:
                    raise OSError(error.errno, error.strerror, str(self.folder / name)) from error
        finally:
            if folder is not None:
                os.close(folder)


def _widen(descriptor: int) -> None:
    """A larger pipe (Linux): the writer can fall behind by a megabyte before this process waits."""
    try:
        import fcntl

        fcntl.fcntl(descriptor, fcntl.F_SETPIPE_SZ, _PIPE_SIZE)
    except (ImportError, AttributeError, OSError):
        pass
