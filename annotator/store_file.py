"""The project file itself: is it ours, may it be opened, and what a failed write means.

Part of the store (this module holds SQL, like :mod:`annotator.store`).

The one rule this module exists for: **the project file is touched only through SQLite**.
On POSIX, closing *any* descriptor of a file releases *all* of the process's fcntl locks on
it, SQLite's included. One ``open()``/``close()`` of a live project (a header check, a hash,
a copy) in a process that also holds a connection lets another process believe it is the
last one and delete the WAL under it: decisions shown as saved are then lost. SQLite itself
keeps such descriptors open until its last lock on the file is gone, so identity checks go
through a read-only SQLite connection, and only ``stat`` (which opens nothing) is used here.
"""

from __future__ import annotations

import os
import socket
import sqlite3
import stat
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from . import migrations
from .errors import ProjectBusyError, ProjectError

UNTOUCHED = "the file was left untouched"


@dataclass(frozen=True)
class Identity:
    """What a read-only look at a database file found."""

    application_id: int
    user_version: int
    objects: tuple[str, ...]  # tables, views, indexes and triggers (not sqlite_*)
    tables: tuple[str, ...]
    applied: tuple[str, ...] | None  # migration steps; None when the record table is gone


def readonly_uri(path: Path, *, immutable: bool = False) -> str:
    """A ``file:`` URI that opens ``path`` read-only (``immutable`` for read-only media)."""
    uri = "file:" + quote(str(path.resolve()), safe="/") + "?mode=ro"
    return uri + ("&immutable=1" if immutable else "")


def connect_readonly(path: Path, **options) -> sqlite3.Connection:
    """A read-only connection. A WAL project on a read-only medium cannot get its shared-memory
    index: it is then read as immutable (nobody can be writing to a medium we cannot write to)."""
    conn = sqlite3.connect(readonly_uri(path), uri=True, **options)
    try:
        conn.execute("PRAGMA user_version").fetchone()
        return conn
    except sqlite3.OperationalError as exc:
        conn.close()
        if "unable to open" not in str(exc):
            raise
    return sqlite3.connect(readonly_uri(path, immutable=True), uri=True, **options)


def connect_to_inspect(path: Path) -> sqlite3.Connection:
    """A read-only look at a file that may not be ours. With a ``-wal`` beside it somebody may
    have it open: read under SQLite's locks. Without one, nobody has it open in WAL mode (the
    WAL exists while anyone does): read it as immutable, which creates no ``-wal``/``-shm``
    beside it."""
    if os.path.exists(f"{path}-wal"):
        return connect_readonly(path)
    return sqlite3.connect(readonly_uri(path, immutable=True), uri=True)


def check_file(path: Path, *, create: bool, quick_check: bool) -> bool:
    """Decide whether ``path`` may be opened as a project, never writing to it.

    Returns True when the project has to be created (no file, or an empty one).
    """
    try:
        info = path.stat()
    except FileNotFoundError:
        if not create:
            raise ProjectError(f"{path}: no such project (nothing was created)") from None
        return True
    except OSError as exc:
        raise ProjectError(f"{path}: cannot be read ({exc.strerror})") from exc
    if stat.S_ISDIR(info.st_mode):
        raise ProjectError(f"{path}: is a directory, not a project file")
    if not stat.S_ISREG(info.st_mode):
        raise ProjectError(f"{path}: is not a regular file (a device, FIFO or socket), so not a project; {UNTOUCHED}")
    if info.st_size == 0:
        return True
    identity = read_identity(path, quick_check=quick_check)
    if identity.application_id == migrations.APPLICATION_ID:
        _check_schema_record(path, identity)
        return False
    if identity.application_id == 0 and not identity.objects:
        return True  # an empty SQLite database: nothing to lose, it becomes a project
    what = ", ".join(identity.objects[:8]) + (", ..." if len(identity.objects) > 8 else "")
    raise ProjectError(
        f"{path}: an SQLite database that is not an annotator project (it holds: {what or 'no tables'}); {UNTOUCHED}"
    )


def _check_schema_record(path: Path, identity: Identity) -> None:
    known = migrations.known_names()
    if identity.applied is None:
        raise ProjectError(
            f"{path}: an annotator project whose schema record (table _sqlite_migrations) is missing, so "
            f"it cannot be upgraded safely; run `annotator check --db {path}` or restore a backup; {UNTOUCHED}"
        )
    unknown = [name for name in identity.applied if name not in known]
    if unknown or identity.user_version > len(known):
        steps = ", ".join(unknown) if unknown else f"schema version {identity.user_version}"
        raise ProjectError(
            f"{path}: written by a newer version of annotator (schema steps {steps} are unknown to this "
            f"version); upgrade annotator to open it; {UNTOUCHED}"
        )
    if identity.user_version > len(identity.applied):
        # Each step and the version number are written in one transaction: a version ahead of
        # the steps was set by something other than annotator.
        raise ProjectError(
            f"{path}: its schema version ({identity.user_version}) does not match the steps it records "
            f"({len(identity.applied)}); the file was changed by another program; {UNTOUCHED}"
        )


def read_identity(path: Path, *, quick_check: bool = False) -> Identity:
    """application_id, schema objects and applied migration steps, through a read-only link;
    with ``quick_check``, also proves the file is not corrupt."""
    try:
        conn = connect_to_inspect(path)
    except sqlite3.DatabaseError as exc:
        raise _unreadable(path, exc) from exc
    try:
        return identity_of(conn, path, quick_check)
    except sqlite3.DatabaseError as exc:
        raise _unreadable(path, exc) from exc
    finally:
        conn.close()


def _unreadable(path: Path, exc: sqlite3.Error) -> ProjectError:
    if "not a database" in str(exc):
        return ProjectError(f"{path}: not an SQLite database, so not an annotator project; {UNTOUCHED}")
    return ProjectError(f"{path}: cannot be read as an SQLite database ({exc}); {UNTOUCHED}")


def identity_of(conn: sqlite3.Connection, path: Path, quick_check: bool = False) -> Identity:
    """What the database behind ``conn`` is (raises sqlite3 errors for a file that is none)."""
    application_id = conn.execute("PRAGMA application_id").fetchone()[0]
    user_version = conn.execute("PRAGMA user_version").fetchone()[0]
    rows = conn.execute(
        "SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type = 'table' DESC, name"
    ).fetchall()
    tables = tuple(name for kind, name in rows if kind == "table")
    applied = None
    if migrations.migrations.migrations_table in tables:
        applied = tuple(
            row[0]
            for row in conn.execute(
                "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY id", [migrations.MIGRATION_SET]
            )
        )
    if quick_check and application_id == migrations.APPLICATION_ID:
        problems = [" ".join(row[0].split()) for row in conn.execute("PRAGMA quick_check(5)")]
        if problems != ["ok"]:
            raise ProjectError(
                f"{path}: the project file is damaged ({'; '.join(problems)}); run `annotator check --db {path}` "
                f"for details, or restore a backup; {UNTOUCHED}"
            )
    return Identity(application_id, user_version, tuple(name for _, name in rows), tables, applied)


# -------------------------------------------------------------------- failed writes


def describe_failure(exc: sqlite3.Error, path: str, busy_with: str | None = None) -> Exception:
    """The sentence a user sees when SQLite refuses a write (the change was rolled back)."""
    message = str(exc).lower()
    if "locked" in message or "busy" in message:
        holder = busy_with or "another program"
        return ProjectBusyError(
            f"{path}: the project is busy: {holder} is writing to it; this change was not saved. "
            "Try again when it has finished."
        )
    if "disk is full" in message or "database or disk is full" in message:
        return ProjectError(f"{path}: the disk is full; this change was not saved (the project is as it was before it)")
    if "readonly" in message or "read-only" in message:
        return ProjectError(f"{path}: the project is read-only (file or medium); it can be read but not changed")
    if "disk i/o" in message:
        return ProjectError(f"{path}: the disk reported an error while writing; this change was not saved ({exc})")
    if "malformed" in message or "not a database" in message:
        return ProjectError(f"{path}: the project file is damaged ({exc}); run `annotator check --db {path}`")
    return ProjectError(f"{path}: the project could not be changed ({exc}); nothing was saved")


# -------------------------------------------------------------------- who is writing


def this_host() -> str:
    return socket.gethostname()


def process_alive(pid: int, host: str) -> bool:
    """Whether a process that registered an activity still runs (unknown elsewhere: yes)."""
    if host != this_host():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
