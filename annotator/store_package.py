"""SQL for packages: reading another project file without writing to it, the raw reads that
validate it before a merge, and finishing a freshly built package as one self-contained file.

A package arrives from another machine and may be damaged or hostile, so it is read as raw
rows (SQLite is dynamically typed: a column declared INTEGER can hold text) and checked by
:mod:`annotator.services.package_check` before any :class:`~annotator.store.Store` method
reads it.

Never ``open()``, hash or copy a package file with Python: on POSIX, closing any descriptor of
a file drops every SQLite lock this process holds on it. Everything here goes through SQLite.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from . import migrations, store_file

# Tables and the columns a merge reads from each.
REQUIRED_COLUMNS = {
    "project": ("key", "value"),
    "documents": ("id", "title", "text", "text_hash", "script", "source_path", "source_line", "source_hash",
                  "encoding", "external_id", "meta", "imported_at"),
    "annotators": ("id", "name", "kind", "created_at"),
    # owner_id (m007): a merge copies everyone's candidates only (owner NULL); an annotator's
    # own are recomputed by `detect` from their merged layer, never copied into others' views.
    "candidates": ("id", "doc_id", "span_start", "span_end", "label", "rule", "score", "detector_version", "owner_id"),
    "annotations": ("id", "doc_id", "annotator_id", "span_start", "span_end", "label", "status", "candidate_key",
                    "comment", "uncertain", "codebook_version", "created_at", "updated_at", "uid"),
    "doc_state": ("doc_id", "annotator_id", "status", "seconds", "updated_at"),
}


@dataclass(frozen=True)
class Identity:
    """What a file says it is, read before anything else."""

    application_id: int
    tables: tuple[str, ...]
    applied: tuple[str, ...]  # migration steps recorded in it
    has_migration_table: bool


class Unreadable(Exception):
    """The file cannot be read as an SQLite database (or changed while it was read)."""


def read_only_copy(path: Path, target: Path) -> Identity:
    """Copy the database at ``path`` into the new file ``target`` with SQLite's backup API,
    writing nothing at or beside ``path``. Only files that carry our application id are copied.

    A file without a ``-wal`` beside it is read as immutable (no locks, no ``-shm``/``-wal``
    created: a read-only connection to a WAL-mode file would create both and leave them). A
    file with ``-wal`` and ``-shm`` (an app has it open, or was killed) is read through them,
    read-only, so committed changes still in the WAL are seen.
    """
    wal, shm = Path(f"{path}-wal"), Path(f"{path}-shm")
    if wal.exists() and not shm.exists():
        raise Unreadable(f"it has a write-ahead log ({wal.name}) without its index; open it once in annotator to "
                         "fold the log in, then merge again")
    immutable = not wal.exists()
    before = _stat(path)
    try:
        source = store_file.connect_to_inspect(path)
    except sqlite3.Error as exc:
        raise Unreadable(str(exc)) from exc
    try:
        identity = _identity(source, path)
        if identity.application_id == migrations.APPLICATION_ID:
            copy = sqlite3.connect(str(target))
            try:
                source.backup(copy)
            finally:
                copy.close()
    except (sqlite3.Error, UnicodeDecodeError) as exc:  # a damaged file may hold bytes that are not UTF-8
        raise Unreadable(str(exc)) from exc
    finally:
        source.close()
    if immutable and (wal.exists() or _stat(path) != before):
        raise Unreadable("it was changed while it was being read (is it open in annotator?); close it there and merge again")
    return identity


def _stat(path: Path) -> tuple[int, int]:
    info = os.stat(path)  # a stat opens no descriptor: SQLite's locks are safe
    return info.st_size, info.st_mtime_ns


def _identity(conn: sqlite3.Connection, path: Path) -> Identity:
    found = store_file.identity_of(conn, path)
    ours = found.application_id == migrations.APPLICATION_ID
    return Identity(found.application_id, found.tables, (found.applied or ()) if ours else (), found.applied is not None)


# -------------------------------------------------------------------- raw reads of a package


def quick_check(conn: sqlite3.Connection) -> str:
    """'ok', or SQLite's first complaint about the file's structure."""
    row = conn.execute("PRAGMA quick_check(1)").fetchone()
    return str(row[0]) if row else "no answer"


def missing_columns(conn: sqlite3.Connection) -> list[str]:
    """``table.column`` (or ``table``) a merge reads and the file lacks."""
    missing = []
    for table, columns in REQUIRED_COLUMNS.items():
        present = {row[1] for row in conn.execute("SELECT * FROM pragma_table_info(?)", [table])}
        if not present:
            missing.append(table)
        else:
            missing.extend(f"{table}.{column}" for column in columns if column not in present)
    return missing


def row_counts(conn: sqlite3.Connection) -> dict[str, int]:
    return {table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in REQUIRED_COLUMNS}


def oversized(conn: sqlite3.Connection, limits: dict[str, int]) -> tuple[str, int, int] | None:
    """The first (``table.column``, rowid, length) whose value is longer than its limit in
    ``limits`` (keyed ``table.column``); None when every value fits."""
    for name, limit in limits.items():
        table, column = name.split(".")
        row = conn.execute(f"SELECT rowid, length({column}) FROM {table} WHERE length({column}) > ? LIMIT 1", [limit]).fetchone()
        if row is not None:
            return name, row[0], row[1]
    return None


def settings(conn: sqlite3.Connection) -> list[tuple]:
    return conn.execute("SELECT key, value FROM project").fetchall()


def annotator_rows(conn: sqlite3.Connection) -> list[tuple]:
    return conn.execute("SELECT id, name, kind FROM annotators ORDER BY id").fetchall()


def document_rows(conn: sqlite3.Connection) -> Iterator[tuple]:
    """(id, title, text, text_hash, script, source_path, source_line, source_hash, encoding,
    external_id, meta, imported_at), one row at a time."""
    yield from conn.execute(
        "SELECT id, title, text, text_hash, script, source_path, source_line, source_hash, encoding, external_id, "
        "meta, imported_at FROM documents ORDER BY id")


def candidate_rows(conn: sqlite3.Connection) -> Iterator[tuple]:
    """(id, doc_id, start, end, label, rule, score, detector_version)."""
    yield from conn.execute(
        "SELECT id, doc_id, span_start, span_end, label, rule, score, detector_version FROM candidates ORDER BY id")


def annotation_rows(conn: sqlite3.Connection) -> Iterator[tuple]:
    """(id, doc_id, annotator_id, start, end, label, status, candidate_key, comment, uncertain,
    codebook_version, created_at, updated_at, uid)."""
    yield from conn.execute(
        "SELECT id, doc_id, annotator_id, span_start, span_end, label, status, candidate_key, comment, uncertain, "
        "codebook_version, created_at, updated_at, uid FROM annotations ORDER BY id")


def doc_state_rows(conn: sqlite3.Connection) -> Iterator[tuple]:
    """(doc_id, annotator_id, status, seconds, updated_at)."""
    yield from conn.execute("SELECT doc_id, annotator_id, status, seconds, updated_at FROM doc_state")


# -------------------------------------------------------------------- the project's side


def uid_owners(conn: sqlite3.Connection, uids: list[str]) -> dict[str, tuple[str, str]]:
    """uid → (layer, document text hash) of those of ``uids`` the project holds."""
    owners: dict[str, tuple[str, str]] = {}
    batch = 500
    for i in range(0, len(uids), batch):
        chunk = uids[i: i + batch]
        marks = ",".join("?" * len(chunk))
        rows = conn.execute(
            "SELECT n.uid, a.name, d.text_hash FROM annotations n JOIN annotators a ON a.id = n.annotator_id "
            f"JOIN documents d ON d.id = n.doc_id WHERE n.uid IN ({marks})", chunk)
        owners.update({uid: (layer, text_hash) for uid, layer, text_hash in rows})
    return owners


# -------------------------------------------------------------------- finishing a package


def fold_into_single_file(conn: sqlite3.Connection) -> bool:
    """Checkpoint the WAL into the file and leave WAL mode, so that once the connection is
    closed the package is one self-contained file. False when another connection prevents it."""
    busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
    if busy:
        return False
    return conn.execute("PRAGMA journal_mode=DELETE").fetchone()[0] == "delete"
