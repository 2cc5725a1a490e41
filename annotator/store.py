"""The project store: one SQLite file is one annotation project.

This module and :mod:`annotator.migrations` hold every SQL string of the application. The
rest of the code gets and gives records (:mod:`annotator.records`).

Safety rules, all enforced here:
- a file that is not one of our projects, or was written by a newer schema, is refused
  before anything is written to it;
- WAL journal, ``synchronous=FULL``, foreign keys on, a busy timeout;
- writes happen inside :meth:`Store.transaction`; a change and its journal event commit
  together, so a killed process leaves either both or neither.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import operator
import os
import sqlite3
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping, Sequence

from .sqlite_lib import Database

from . import migrations, store_file
from .errors import ProjectError
from .records import (
    ANNOTATOR_KIND,
    Annotation,
    Annotator,
    Candidate,
    CandidateRow,
    CandidateSpan,
    Document,
    Event,
    LayerCount,
    NewDocument,
    ProjectSummary,
    RuleStats,
    SpanValues,
    DocState,
    DocumentRow,
    NewSuggestions,
)

BUSY_TIMEOUT_MS = 10_000

_DOCUMENT_COLUMNS = (
    "title, text, text_hash, script, source_path, source_line, source_hash, encoding, "
    "external_id, meta, imported_at"
)
_CANDIDATE_COLUMNS = (
    "c.id, c.doc_id, c.span_start, c.span_end, c.label, c.rule, c.score, c.detector_version, "
    "(SELECT o.name FROM annotators o WHERE o.id = c.owner_id), c.model_score"
)
# Blind teaching: a layer sees everyone's candidates (owner NULL) and its own. The layer is
# given by name as the statement's next parameter.
_VISIBLE_TO = "(c.owner_id IS NULL OR c.owner_id = (SELECT id FROM annotators WHERE name = ?))"
_KEY = "c.span_start || ':' || c.span_end || ':' || c.label"
_ANNOTATION_COLUMNS = (
    "n.id, n.doc_id, a.name, n.span_start, n.span_end, n.label, n.status, n.candidate_id, "
    "n.candidate_key, n.comment, n.uncertain, n.codebook_version, n.created_at, n.updated_at, n.uid"
)
_INSERT_CANDIDATE = (
    "INSERT OR IGNORE INTO candidates (doc_id, span_start, span_end, label, rule, score, "
    "base_score, detector_version, created_at, owner_id, model_score) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_SEEN_BY = "(c.owner_id IS NULL OR c.owner_id = {layer_id})"
# The candidate of a document a layer (by id) sees under a key: everyone's, else its own.
_CANDIDATE_OF_LAYER = (
    "SELECT c.id FROM candidates c WHERE c.doc_id = ? AND " + _KEY + " = ? "
    "AND " + _SEEN_BY.format(layer_id="?") + " ORDER BY c.owner_id IS NOT NULL, c.id LIMIT 1"
)
# Decisions refer to candidates by "start:end:label"; re-attach them after re-detection (to a
# candidate their own layer sees).
_RELINK_DECISIONS = """
    UPDATE annotations SET candidate_id = (
        SELECT c.id FROM candidates c
        WHERE c.doc_id = annotations.doc_id
          AND c.span_start || ':' || c.span_end || ':' || c.label = annotations.candidate_key
          AND (c.owner_id IS NULL OR c.owner_id = annotations.annotator_id)
        ORDER BY c.owner_id IS NOT NULL, c.id LIMIT 1)
    WHERE doc_id = ? AND candidate_key IS NOT NULL
"""
# Undecided candidates each layer that marked the document done sees: (annotator id, key).
# A decision is one on the candidate's key, or a span the layer added at its place.
_DONE_LAYERS_UNDECIDED = (
    "SELECT s.annotator_id, " + _KEY + " FROM doc_state s "
    "JOIN annotators a ON a.id = s.annotator_id AND a.kind = 'annotator' "
    "JOIN candidates c ON c.doc_id = s.doc_id AND " + _SEEN_BY.format(layer_id="s.annotator_id") + " "
    "WHERE s.doc_id = ? AND s.status = 'done' AND NOT EXISTS ("
    "  SELECT 1 FROM annotations n WHERE n.annotator_id = s.annotator_id AND n.doc_id = s.doc_id "
    "  AND (n.candidate_key = " + _KEY + " OR (n.candidate_key IS NULL AND n.span_start = c.span_start "
    "       AND n.span_end = c.span_end AND n.label = c.label)))"
)
# New suggestions of a document (d) for a layer (me): recorded, still there, still undecided.
_NEW_SUGGESTIONS_OF_DOC = (
    "SELECT count(*) FROM new_suggestions ns JOIN candidates c ON c.doc_id = ns.doc_id "
    "AND " + _KEY + " = ns.candidate_key AND " + _SEEN_BY.format(layer_id="ns.annotator_id") + " "
    "WHERE ns.doc_id = d.id AND ns.annotator_id = (SELECT id FROM me) AND NOT EXISTS ("
    "  SELECT 1 FROM annotations n WHERE n.annotator_id = ns.annotator_id AND n.doc_id = ns.doc_id "
    "  AND (n.candidate_key = ns.candidate_key OR (n.candidate_key IS NULL "
    "       AND n.span_start || ':' || n.span_end || ':' || n.label = ns.candidate_key)))"
)
_INSERT_DOCUMENT = (
    f"INSERT OR IGNORE INTO documents ({_DOCUMENT_COLUMNS}) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def utc_now() -> str:
    """A sortable UTC timestamp with milliseconds, as stored in every table."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


class Store:
    """An open project. Use :meth:`open` (a file) or :meth:`memory` (tests)."""

    def __init__(self, db: Database, path: str):
        self.db = db
        self.path = path
        self.readonly = False

    # ---------------------------------------------------------------- opening and closing

    @classmethod
    def open(
        cls,
        path: str | Path,
        *,
        create: bool = True,
        readonly: bool = False,
        quick_check: bool = True,
        busy_timeout_ms: int = BUSY_TIMEOUT_MS,
    ) -> "Store":
        """Open the project at ``path``, creating it when ``create`` and it does not exist.

        ``readonly`` opens it without any write (no migration, no pragma that writes), for
        commands that only read; it works on read-only files and media. ``quick_check``
        proves the file is not corrupt before anything else touches it.

        Raises :class:`ProjectError`, leaving the file untouched, when the file is not an
        annotator project, is damaged, or was written by a newer version of the schema.
        """
        path = Path(path)
        is_new = store_file.check_file(path, create=create and not readonly, quick_check=quick_check)
        if readonly:
            return cls._open_readonly(path, busy_timeout_ms)
        if is_new:
            path.parent.mkdir(parents=True, exist_ok=True)
        elif not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
            # Checked before connecting: SQLite would open it read-only without a word.
            raise ProjectError(f"{path}: the project is read-only (file or medium); it can be read but not changed")
        try:
            conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
            store = cls(Database(conn, execute_plugins=False), str(path))
            store._configure(journal_mode="wal", busy_timeout_ms=busy_timeout_ms)
            store._migrate()
        except sqlite3.Error as exc:  # e.g. a folder or file we cannot write to
            raise store_file.describe_failure(exc, str(path)) from exc
        return store

    @classmethod
    def _open_readonly(cls, path: Path, busy_timeout_ms: int) -> "Store":
        try:
            conn = store_file.connect_readonly(path, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as exc:
            raise store_file.describe_failure(exc, str(path)) from exc
        store = cls(Database(conn, execute_plugins=False), str(path))
        store.db.execute(f"PRAGMA busy_timeout={busy_timeout_ms}")
        store.readonly = True
        if store.schema_version < len(migrations.known_names()):
            store.close()
            raise ProjectError(
                f"{path}: written by an older version of annotator; open it once with a command that writes "
                "(e.g. `annotator detect`) to upgrade it, then read it"
            )
        return store

    @classmethod
    def memory(cls) -> "Store":
        """A fresh project in memory, for tests and throw-away work."""
        conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        store = cls(Database(conn, execute_plugins=False), ":memory:")
        store._configure(journal_mode="memory", busy_timeout_ms=BUSY_TIMEOUT_MS)
        store._migrate()
        return store

    def _configure(self, journal_mode: str, busy_timeout_ms: int) -> None:
        self.db.execute(f"PRAGMA busy_timeout={busy_timeout_ms}")
        self.db.execute(f"PRAGMA journal_mode={journal_mode}")
        # FULL: a commit is on disk before the caller is told it is saved.
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.execute("PRAGMA foreign_keys=ON")

    def _migrate(self) -> None:
        """Bring the schema up to date: every step, the version number and the creation time
        in one transaction, so a killed process leaves the old schema or the new one. A
        project that is up to date is only read."""
        version = len(migrations.known_names())
        if self.schema_version == version and not migrations.migrations.pending(self.db) and self.get_setting("created_at"):
            return
        with self.transaction():
            if not self.db.execute("PRAGMA application_id").fetchone()[0]:
                self.db.execute(f"PRAGMA application_id={migrations.APPLICATION_ID}")
            migrations.migrations.apply(self.db)
            if self.schema_version != version:
                self.db.execute(f"PRAGMA user_version={version}")
            if self.get_setting("created_at") is None:
                self.set_setting("created_at", utc_now())

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @contextlib.contextmanager
    def transaction(self, what: str | None = None) -> Iterator["Store"]:
        """All writes inside commit together or not at all (nested blocks are savepoints).

        BEGIN IMMEDIATE takes the write lock up front: a transaction that read first and
        wrote later could fail at once when another connection (a background job, another
        process) wrote in between; waiting for the lock is covered by the busy timeout.

        ``what`` names long work ("an import", "a merge"): it is registered in the project
        for as long as it runs, so that a writer kept waiting can be told who holds the lock.
        SQLite's refusals (busy, disk full, read-only) become :class:`ProjectError` sentences.
        """
        conn = self.db.conn
        if conn.in_transaction:
            with self.db.atomic():  # a savepoint inside the running transaction
                yield self
            return
        activity = self._register_activity(what) if what else None
        try:
            self._begin()
            try:
                yield self
            except sqlite3.OperationalError as exc:  # a full disk, a read-only file
                self._rollback()
                raise self._failure(exc) from exc
            except BaseException:
                self._rollback()
                raise
            try:
                conn.execute("COMMIT")
            except sqlite3.Error as exc:
                self._rollback()
                raise self._failure(exc) from exc
        finally:
            if activity is not None:
                self._end_activity(activity)

    def _begin(self) -> None:
        try:
            self.db.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise self._failure(exc) from exc

    def _rollback(self) -> None:
        if self.db.conn.in_transaction:
            try:
                self.db.conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass  # SQLite has rolled back already (e.g. after a full disk)

    def _failure(self, exc: sqlite3.Error) -> Exception:
        return store_file.describe_failure(exc, self.path, self._busy_with())

    @contextlib.contextmanager
    def writing(self, what: str) -> Iterator["Store"]:
        """Register long work without opening a transaction (work made of many short ones)."""
        activity = self._register_activity(what)
        try:
            yield self
        finally:
            self._end_activity(activity)

    def _register_activity(self, what: str) -> int | None:
        if self.path == ":memory:" or self.readonly:
            return None
        self._begin()
        try:
            row = self.db.execute(
                "INSERT INTO activity (what, pid, host, started_at) VALUES (?, ?, ?, ?) RETURNING id",
                [what, os.getpid(), store_file.this_host(), utc_now()],
            ).fetchone()
            self.db.conn.execute("COMMIT")
        except BaseException:
            self._rollback()
            raise
        return row[0]

    def _end_activity(self, activity: int | None) -> None:
        if activity is None:
            return
        try:
            self.db.execute("DELETE FROM activity WHERE id = ?", [activity])
        except sqlite3.Error:
            pass  # left behind, it is recognised as stale: its process is gone

    def _busy_with(self) -> str | None:
        """Who holds the write lock, as far as the project knows (live registrations only)."""
        try:
            rows = self.db.execute("SELECT what, pid, host, started_at FROM activity ORDER BY id").fetchall()
        except sqlite3.Error:
            return None
        live = [
            f"{what} (process {pid}{'' if host == store_file.this_host() else ' on ' + host}, since {started[11:19]} UTC)"
            for what, pid, host, started in rows
            if store_file.process_alive(pid, host)
        ]
        return "; ".join(live) or None

    def set_busy_timeout(self, milliseconds: int) -> None:
        """How long a write waits for another connection's lock before it fails with
        :class:`ProjectBusyError` (a window waits briefly: it must stay responsive)."""
        self.db.execute(f"PRAGMA busy_timeout={int(milliseconds)}")

    def data_version(self) -> int:
        """Changes when another connection (another process, a background job) commits:
        a window polls it to notice work done elsewhere and reload what it shows."""
        return self.db.execute("PRAGMA data_version").fetchone()[0]

    @property
    def schema_version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    # ---------------------------------------------------------------- project settings

    def get_setting(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM project WHERE key = ?", [key]).fetchone()
        return None if row is None else row[0]

    def set_setting(self, key: str, value: str) -> None:
        self.db.execute(
            "INSERT INTO project (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, value],
        )

    # ---------------------------------------------------------------- documents

    def insert_documents(self, docs: Sequence[NewDocument], imported_at: str) -> int:
        """Insert a batch; documents whose text is already stored are skipped.

        Returns how many were inserted. Call inside :meth:`transaction`.
        """
        rows = [_document_row(doc, imported_at) for doc in docs]
        cursor = self.db.conn.executemany(_INSERT_DOCUMENT, rows)
        return cursor.rowcount

    def document(self, doc_id: int) -> Document:
        row = self.db.execute(
            f"SELECT id, {_DOCUMENT_COLUMNS} FROM documents WHERE id = ?", [doc_id]
        ).fetchone()
        if row is None:
            raise KeyError(doc_id)
        return _document_from_row(row)

    def documents(self) -> Iterator[Document]:
        """Every document in id order, one row at a time (constant memory)."""
        cursor = self.db.execute(f"SELECT id, {_DOCUMENT_COLUMNS} FROM documents ORDER BY id")
        for row in cursor:
            yield _document_from_row(row)

    def document_count(self) -> int:
        return self.db.execute("SELECT count(*) FROM documents").fetchone()[0]

    def document_texts(self, doc_ids: Sequence[int]) -> list[tuple[int, str]]:
        """(id, text) of the given documents, in the given order."""
        marks = ",".join("?" * len(doc_ids))
        rows = dict(self.db.execute(f"SELECT id, text FROM documents WHERE id IN ({marks})", list(doc_ids)).fetchall())
        return [(doc_id, rows[doc_id]) for doc_id in doc_ids if doc_id in rows]

    def document_id_by_hash(self, text_hash: str) -> int | None:
        row = self.db.execute("SELECT id FROM documents WHERE text_hash = ?", [text_hash]).fetchone()
        return None if row is None else row[0]

    def document_ids_by_hashes(self, text_hashes: Iterable[str]) -> dict[str, int]:
        """text hash → id of the stored documents among ``text_hashes``, in one query."""
        rows = self.db.execute(
            "SELECT text_hash, id FROM documents WHERE text_hash IN (SELECT value FROM json_each(?))",
            [json.dumps(list(text_hashes))],
        )
        return dict(rows.fetchall())

    def documents_containing(self, text: str) -> list[tuple[int, str]]:
        """(id, text) of every document whose text contains ``text``."""
        return self.db.execute("SELECT id, text FROM documents WHERE instr(text, ?) > 0 ORDER BY id", [text]).fetchall()

    # ---------------------------------------------------------------- candidates

    def detection_plan(self, fingerprint: str, learned_fingerprint: str) -> tuple[list[int], list[int], int]:
        """Which documents need detection: (full re-detection, learned phrases only, up to date)."""
        full: list[int] = []
        learned_only: list[int] = []
        current = 0
        rows = self.db.execute(
            "SELECT d.id, s.fingerprint, s.learned_fingerprint FROM documents d "
            "LEFT JOIN detection_state s ON s.doc_id = d.id ORDER BY d.id"
        )
        for doc_id, stored, stored_learned in rows:
            if stored != fingerprint:
                full.append(doc_id)
            elif stored_learned != learned_fingerprint:
                learned_only.append(doc_id)
            else:
                current += 1
        return full, learned_only, current

    def replace_candidates(
        self,
        doc_id: int,
        spans: Sequence[CandidateSpan],
        *,
        detector_version: str,
        fingerprint: str,
        learned_fingerprint: str,
        owned: Mapping[str, Sequence[CandidateSpan]] | None = None,
    ) -> None:
        """Swap a document's candidates for freshly detected ones: ``spans`` everyone's,
        ``owned`` each annotator's own (by name). Decisions are kept and re-attached to the new
        candidates by span and label. Call inside a transaction."""
        now = utc_now()
        with self._noting_new_suggestions(doc_id):
            self.db.execute("DELETE FROM candidates WHERE doc_id = ?", [doc_id])
            self._insert_candidates(doc_id, spans, detector_version, now)
            for owner, owner_spans in (owned or {}).items():
                self._insert_candidates(doc_id, owner_spans, detector_version, now, self.annotator(owner).id)
            self.db.execute(_RELINK_DECISIONS, [doc_id])
        self.db.execute(
            "INSERT INTO detection_state (doc_id, fingerprint, learned_fingerprint, detected_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (doc_id) DO UPDATE SET fingerprint = excluded.fingerprint, "
            "learned_fingerprint = excluded.learned_fingerprint, detected_at = excluded.detected_at",
            [doc_id, fingerprint, learned_fingerprint, now],
        )

    def add_candidates(
        self, doc_id: int, spans: Sequence[CandidateSpan], detector_version: str, owner: str | None = None
    ) -> int:
        """Add candidates to a document, everyone's or ``owner``'s alone (those already there
        are skipped); returns how many were new. Call inside a transaction."""
        owner_id = self.annotator(owner).id if owner is not None else None
        with self._noting_new_suggestions(doc_id):
            added = self._insert_candidates(doc_id, spans, detector_version, utc_now(), owner_id)
            if owner_id is None:  # now everyone's: an annotator's own copy would show twice
                self.db.execute(
                    "DELETE FROM candidates WHERE doc_id = ? AND owner_id IS NOT NULL AND EXISTS ("
                    "SELECT 1 FROM candidates c WHERE c.doc_id = candidates.doc_id AND c.owner_id IS NULL "
                    "AND c.span_start = candidates.span_start AND c.span_end = candidates.span_end "
                    "AND c.label = candidates.label)",
                    [doc_id],
                )
            self.db.execute(_RELINK_DECISIONS, [doc_id])
        return added

    def replace_owned_candidates(
        self, doc_id: int, owned: Mapping[str, Sequence[CandidateSpan]], rule_prefix: str, detector_version: str,
        owners: Sequence[str] | None = None,
    ) -> None:
        """Annotators' own candidates of rules with ``rule_prefix`` become ``owned`` (by owner
        name; owners not named lose theirs). With ``owners``, only those owners' candidates are
        replaced (the others' stay). Call inside a transaction."""
        with self._noting_new_suggestions(doc_id):
            which, params = "", []
            if owners is not None:
                which = f" AND owner_id IN (SELECT id FROM annotators WHERE name IN ({', '.join('?' for _ in owners)}))"
                params = list(owners)
            self.db.execute(
                "DELETE FROM candidates WHERE doc_id = ? AND owner_id IS NOT NULL AND substr(rule, 1, ?) = ?" + which,
                [doc_id, len(rule_prefix), rule_prefix, *params],
            )
            now = utc_now()
            for owner, spans in owned.items():
                self._insert_candidates(doc_id, spans, detector_version, now, self.annotator(owner).id)
            self.db.execute(_RELINK_DECISIONS, [doc_id])

    def _insert_candidates(
        self, doc_id: int, spans: Sequence[CandidateSpan], detector_version: str, now: str, owner_id: int | None = None
    ) -> int:
        rows = [
            (doc_id, s.start, s.end, s.label, s.rule, s.score, s.score, detector_version, now, owner_id, s.model_score)
            for s in spans
        ]
        return self.db.conn.executemany(_INSERT_CANDIDATE, rows).rowcount

    @contextlib.contextmanager
    def _noting_new_suggestions(self, doc_id: int) -> Iterator[None]:
        """Candidates that become visible, undecided, to a layer that marked the document done
        are recorded as new suggestions for it: the document does not change silently."""
        before = set(self.db.execute(_DONE_LAYERS_UNDECIDED, [doc_id]).fetchall())
        yield
        arrived = set(self.db.execute(_DONE_LAYERS_UNDECIDED, [doc_id]).fetchall()) - before
        if arrived:
            now = utc_now()
            self.db.conn.executemany(
                "INSERT OR IGNORE INTO new_suggestions (doc_id, annotator_id, candidate_key, arrived_at) VALUES (?, ?, ?, ?)",
                [(doc_id, annotator_id, key, now) for annotator_id, key in sorted(arrived)],
            )

    def candidate_ids(self, doc_id: int, spans: Sequence[tuple[int, int, str]], owner: str | None = None) -> list[int]:
        """Ids of the candidates at these places, everyone's or ``owner``'s own."""
        owner_id = self.annotator(owner).id if owner is not None else 0
        ids = []
        for start, end, label in spans:
            row = self.db.execute(
                "SELECT id FROM candidates WHERE doc_id = ? AND span_start = ? AND span_end = ? AND label = ? "
                "AND ifnull(owner_id, 0) = ?",
                [doc_id, start, end, label, owner_id],
            ).fetchone()
            if row is not None:
                ids.append(row[0])
        return ids

    def delete_undecided_candidates(self, candidate_ids: Sequence[int]) -> int:
        """Remove candidates nobody has decided on (in any layer). Call inside a transaction."""
        removed = 0
        for candidate_id in candidate_ids:
            removed += self.db.execute(
                "DELETE FROM candidates WHERE id = ? AND NOT EXISTS (SELECT 1 FROM annotations n WHERE n.candidate_id = ? "
                "OR (n.doc_id = candidates.doc_id AND n.candidate_key = candidates.span_start || ':' || candidates.span_end || ':' || candidates.label))",
                [candidate_id, candidate_id],
            ).rowcount
        return removed

    def set_learned_fingerprint(self, doc_id: int, learned_fingerprint: str) -> None:
        self.db.execute("UPDATE detection_state SET learned_fingerprint = ? WHERE doc_id = ?", [learned_fingerprint, doc_id])

    def candidate_spans(self, doc_id: int, rule_prefix: str = "", layer: str | None = None) -> set[tuple[int, int, str]]:
        """(start, end, label) of a document's candidates everyone sees (and, with ``layer``,
        that layer's own), optionally of rules with a prefix."""
        rows = self.db.execute(
            "SELECT c.span_start, c.span_end, c.label FROM candidates c WHERE c.doc_id = ? AND substr(c.rule, 1, ?) = ? "
            "AND " + _VISIBLE_TO,
            [doc_id, len(rule_prefix), rule_prefix, layer],
        )
        return {tuple(row) for row in rows}

    def owned_candidate_spans(self, doc_id: int, rule_prefix: str = "") -> dict[str, set[tuple[int, int, str]]]:
        """Owner name → (start, end, label) of their own candidates of a document."""
        rows = self.db.execute(
            "SELECT a.name, c.span_start, c.span_end, c.label FROM candidates c JOIN annotators a ON a.id = c.owner_id "
            "WHERE c.doc_id = ? AND substr(c.rule, 1, ?) = ?",
            [doc_id, len(rule_prefix), rule_prefix],
        )
        owned: dict[str, set[tuple[int, int, str]]] = {}
        for owner, start, end, label in rows:
            owned.setdefault(owner, set()).add((start, end, label))
        return owned

    def candidate(self, candidate_id: int) -> Candidate:
        row = self.db.execute(f"SELECT {_CANDIDATE_COLUMNS} FROM candidates c WHERE c.id = ?", [candidate_id]).fetchone()
        if row is None:
            raise KeyError(candidate_id)
        return Candidate(*row)

    def candidates(
        self, doc_id: int | None = None, label: str | None = None, layer: str | None = None
    ) -> Iterator[CandidateRow]:
        """Candidates everyone sees (with ``layer``: and that layer's own), in document and
        position order, with their text (streamed)."""
        where, params = [_VISIBLE_TO], [layer]
        if doc_id is not None:
            where.append("c.doc_id = ?")
            params.append(doc_id)
        if label is not None:
            where.append("c.label = ?")
            params.append(label)
        sql = (
            "SELECT c.doc_id, d.title, c.span_start, c.span_end, c.label, "
            "substr(d.text, c.span_start + 1, c.span_end - c.span_start), c.rule, c.score "
            "FROM candidates c JOIN documents d ON d.id = c.doc_id"
            + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY c.doc_id, c.span_start, c.span_end, c.label, c.owner_id IS NOT NULL"
        )
        for row in self.db.execute(sql, params):
            yield CandidateRow(*row)

    def rule_stats(self) -> list[RuleStats]:
        """Per rule: candidates, and what annotators (not gold) decided about them."""
        rows = self.db.execute(
            "SELECT c.rule, count(DISTINCT c.id), "
            "count(CASE WHEN n.status = 'accepted' THEN 1 END), "
            "count(CASE WHEN n.status = 'relabelled' THEN 1 END), "
            "count(CASE WHEN n.status = 'rejected' THEN 1 END) "
            "FROM candidates c LEFT JOIN annotations n ON n.candidate_id = c.id "
            "AND n.annotator_id IN (SELECT id FROM annotators WHERE kind = 'annotator') "
            "GROUP BY c.rule ORDER BY c.rule"
        ).fetchall()
        return [RuleStats(*row) for row in rows]

    def rescore_candidates(self, prior_weight: float) -> None:
        """score = (prior_weight × base_score + accepted) / (prior_weight + decided), per rule:
        the rule's own confidence, pulled towards its acceptance rate as decisions come in."""
        self.db.execute(
            "WITH stats AS ("
            "  SELECT c.rule AS rule, count(CASE WHEN n.status = 'accepted' THEN 1 END) AS accepted, "
            "         count(n.id) AS decided "
            "  FROM candidates c JOIN annotations n ON n.candidate_id = c.id "
            "  JOIN annotators a ON a.id = n.annotator_id AND a.kind = 'annotator' GROUP BY c.rule) "
            "UPDATE candidates SET score = round((? * base_score + coalesce(s.accepted, 0)) "
            "    / (? + coalesce(s.decided, 0)), 4) "
            "FROM (SELECT r.rule, stats.accepted, stats.decided FROM (SELECT DISTINCT rule FROM candidates) r "
            "      LEFT JOIN stats ON stats.rule = r.rule) AS s "
            "WHERE candidates.rule = s.rule",
            [prior_weight, prior_weight],
        )

    # ---------------------------------------------------------------- annotations

    def add_annotation(
        self,
        doc_id: int,
        layer: str,
        start: int,
        end: int,
        label: str,
        status: str,
        *,
        candidate_id: int | None = None,
        candidate_key: str | None = None,
        comment: str = "",
        uncertain: bool = False,
        codebook_version: str | None = None,
    ) -> Annotation:
        """Write one annotation into ``layer``. Call inside the transaction that journals it."""
        annotator = self.annotator(layer)
        now = utc_now()
        cursor = self.db.execute(
            "INSERT INTO annotations (doc_id, annotator_id, span_start, span_end, label, status, candidate_id, "
            "candidate_key, comment, uncertain, codebook_version, created_at, updated_at, uid) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, lower(hex(randomblob(16))))",
            [doc_id, annotator.id, start, end, label, status, candidate_id, candidate_key, comment,
             int(uncertain), codebook_version, now, now],
        )
        return self.annotation(cursor.lastrowid)

    def insert_annotation(self, layer: str, values: SpanValues, codebook_version: str | None) -> Annotation:
        """Write ``values`` as a new annotation of ``layer``. Call inside a transaction."""
        return self.add_annotation(
            values.doc_id, layer, values.start, values.end, values.label, values.status,
            candidate_id=self._candidate_id(values.doc_id, values.candidate_key, self.annotator(layer).id),
            candidate_key=values.candidate_key, comment=values.comment,
            uncertain=values.uncertain, codebook_version=codebook_version,
        )

    def insert_annotations(self, layer: str, rows: Sequence[tuple], codebook_version: str | None) -> int:
        """Write many new annotations of ``layer``; each row is (doc_id, start, end, label,
        status, candidate_id, candidate_key, comment, uncertain). Call inside a transaction.
        Returns how many were written.

        In bulk: rows go in by document (their order kept within one), with random uids made
        ascending along them, so every index of the table takes them in one ordered walk
        rather than a random page each. Four values a row are bound (document, start, end,
        label) into a temporary table, and one INSERT … SELECT adds what all rows share; the
        few rows with a status, candidate, comment or flag of their own bring those from a
        second temporary table, joined by position."""
        if not rows:
            return 0
        annotator_id, now = self.annotator(layer).id, utc_now()
        ordered = sorted(rows, key=_first)  # stable: a document's rows keep their order
        conn = self.db.conn
        conn.execute("CREATE TEMP TABLE bulk_spans (doc_id INTEGER, span_start INTEGER, span_end INTEGER, label TEXT, uid TEXT)")
        try:
            conn.executemany(  # (doc_id, start, end, label) + (uid,), each row made in C
                "INSERT INTO temp.bulk_spans VALUES (?, ?, ?, ?, ?)",
                map(tuple.__add__, map(_SHARED_FIELDS, ordered), zip(_random_uids(len(ordered)))),
            )
            own = [] if _all_plain(ordered) else [
                (position, row[4], row[5], row[6], row[7], int(row[8]))
                for position, row in enumerate(ordered, start=1)
                if row[4] != "added" or row[5] is not None or row[6] is not None or row[7] or row[8]]
            if not own:
                cursor = conn.execute(
                    f"INSERT INTO annotations ({_ANNOTATION_INSERT_COLUMNS}) "
                    "SELECT s.doc_id, ?, s.span_start, s.span_end, s.label, 'added', NULL, NULL, '', 0, ?, ?, ?, s.uid "
                    "FROM temp.bulk_spans s ORDER BY s.rowid",
                    [annotator_id, codebook_version, now, now],
                )
                return cursor.rowcount
            conn.execute("CREATE TEMP TABLE bulk_own (position INTEGER PRIMARY KEY, status TEXT, candidate_id INTEGER, "
                         "candidate_key TEXT, comment TEXT, uncertain INTEGER)")
            try:
                conn.executemany("INSERT INTO temp.bulk_own VALUES (?, ?, ?, ?, ?, ?)", own)
                cursor = conn.execute(
                    f"INSERT INTO annotations ({_ANNOTATION_INSERT_COLUMNS}) "
                    "SELECT s.doc_id, ?, s.span_start, s.span_end, s.label, coalesce(o.status, 'added'), o.candidate_id, "
                    "o.candidate_key, coalesce(o.comment, ''), coalesce(o.uncertain, 0), ?, ?, ?, s.uid "
                    "FROM temp.bulk_spans s LEFT JOIN temp.bulk_own o ON o.position = s.rowid ORDER BY s.rowid",
                    [annotator_id, codebook_version, now, now],
                )
                return cursor.rowcount
            finally:
                conn.execute("DROP TABLE temp.bulk_own")
        finally:
            conn.execute("DROP TABLE temp.bulk_spans")

    def layer_spans_in(self, layer: str, doc_ids: Iterable[int]) -> list[tuple]:
        """(doc_id, start, end, label, status, candidate_key) of ``layer``'s annotations of
        the given documents, in one query."""
        return self.db.execute(
            "SELECT n.doc_id, n.span_start, n.span_end, n.label, n.status, n.candidate_key FROM annotations n "
            "JOIN annotators a ON a.id = n.annotator_id "
            "WHERE a.name = ? AND n.doc_id IN (SELECT value FROM json_each(?))",
            [layer, json.dumps(sorted(set(doc_ids)))],
        ).fetchall()

    def candidate_ids_in(self, doc_ids: Iterable[int], layer: str | None = None) -> dict[tuple[int, int, int, str], int]:
        """(doc_id, start, end, label) → id of the candidate ``layer`` sees there (everyone's
        first), for the given documents, in one query."""
        rows = self.db.execute(
            "SELECT c.doc_id, c.span_start, c.span_end, c.label, c.id FROM candidates c "
            "WHERE c.doc_id IN (SELECT value FROM json_each(?)) AND " + _VISIBLE_TO + " "
            "ORDER BY c.owner_id IS NULL, c.id DESC",  # everyone's last: it wins the dict below
            [json.dumps(sorted(set(doc_ids))), layer],
        )
        return {(doc, start, end, label): candidate for doc, start, end, label, candidate in rows}

    def copy_annotation(self, doc_id: int, source: Annotation, annotation_id: int | None = None) -> Annotation:
        """Write an annotation from another project as it is, timestamps included: as a new
        one, or over ``annotation_id``. Call inside a transaction."""
        annotator = self.annotator(source.layer)
        values = [doc_id, annotator.id, source.start, source.end, source.label, source.status,
                  self._candidate_id(doc_id, source.candidate_key, annotator.id), source.candidate_key, source.comment,
                  int(source.uncertain), source.codebook_version, source.created_at, source.updated_at,
                  source.uid or None]
        if annotation_id is None:
            cursor = self.db.execute(
                "INSERT INTO annotations (doc_id, annotator_id, span_start, span_end, label, status, candidate_id, "
                "candidate_key, comment, uncertain, codebook_version, created_at, updated_at, uid) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, coalesce(?, lower(hex(randomblob(16)))))",
                values,
            )
            return self.annotation(cursor.lastrowid)
        self.db.execute(
            "UPDATE annotations SET doc_id = ?, annotator_id = ?, span_start = ?, span_end = ?, label = ?, status = ?, "
            "candidate_id = ?, candidate_key = ?, comment = ?, uncertain = ?, codebook_version = ?, created_at = ?, "
            "updated_at = ?, uid = coalesce(?, uid) WHERE id = ?",
            [*values, annotation_id],
        )
        return self.annotation(annotation_id)

    def update_annotation(self, annotation_id: int, values: SpanValues, codebook_version: str | None) -> Annotation:
        """Overwrite what annotation ``annotation_id`` says. Call inside a transaction."""
        annotator_id = self.db.execute("SELECT annotator_id FROM annotations WHERE id = ?", [annotation_id]).fetchone()
        self.db.execute(
            "UPDATE annotations SET span_start = ?, span_end = ?, label = ?, status = ?, candidate_id = ?, "
            "candidate_key = ?, comment = ?, uncertain = ?, codebook_version = ?, updated_at = ? WHERE id = ?",
            [values.start, values.end, values.label, values.status,
             self._candidate_id(values.doc_id, values.candidate_key, annotator_id[0] if annotator_id else None),
             values.candidate_key, values.comment, int(values.uncertain), codebook_version, utc_now(), annotation_id],
        )
        return self.annotation(annotation_id)

    def delete_annotation(self, annotation_id: int) -> None:
        self.db.execute("DELETE FROM annotations WHERE id = ?", [annotation_id])

    def _candidate_id(self, doc_id: int, key: str | None, annotator_id: int | None) -> int | None:
        """The candidate under ``key`` the layer with ``annotator_id`` sees."""
        if key is None:
            return None
        row = self.db.execute(_CANDIDATE_OF_LAYER, [doc_id, key, annotator_id]).fetchone()
        return None if row is None else row[0]

    def document_candidates(self, doc_id: int, layer: str | None = None) -> list[Candidate]:
        """The candidates of a document everyone sees and, with ``layer``, that layer's own."""
        rows = self.db.execute(
            f"SELECT {_CANDIDATE_COLUMNS} FROM candidates c WHERE c.doc_id = ? AND {_VISIBLE_TO} "
            "ORDER BY c.span_start, c.span_end, c.label, c.owner_id IS NOT NULL",
            [doc_id, layer],
        )
        return [Candidate(*row) for row in rows]

    # ---------------------------------------------------------------- document state

    def doc_state(self, doc_id: int, layer: str) -> DocState:
        row = self.db.execute(
            "SELECT s.status, s.seconds, s.updated_at FROM doc_state s JOIN annotators a ON a.id = s.annotator_id "
            "WHERE s.doc_id = ? AND a.name = ?",
            [doc_id, layer],
        ).fetchone()
        status, seconds, updated_at = row if row else ("todo", 0.0, "")
        return DocState(doc_id, layer, status, seconds, updated_at)

    def put_doc_state(self, state: DocState) -> None:
        """Write a document's state as given (merging projects). Call inside a transaction."""
        annotator = self.annotator(state.layer)
        self.db.execute(
            "INSERT INTO doc_state (doc_id, annotator_id, status, seconds, updated_at) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (doc_id, annotator_id) DO UPDATE SET status = excluded.status, seconds = excluded.seconds, "
            "updated_at = excluded.updated_at",
            [state.doc_id, annotator.id, state.status, state.seconds, state.updated_at or utc_now()],
        )

    def set_doc_state(self, doc_id: int, layer: str, status: str, add_seconds: float = 0.0) -> DocState:
        """Set a document's status for ``layer`` and add time spent. Call inside a transaction."""
        annotator = self.annotator(layer)
        self.db.execute(
            "INSERT INTO doc_state (doc_id, annotator_id, status, seconds, updated_at) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (doc_id, annotator_id) DO UPDATE SET status = excluded.status, "
            "seconds = doc_state.seconds + excluded.seconds, updated_at = excluded.updated_at",
            [doc_id, annotator.id, status, add_seconds, utc_now()],
        )
        return self.doc_state(doc_id, layer)

    def layer_progress(self, layer: str) -> tuple[int, int]:
        """(documents done in ``layer``, documents in the project)."""
        done = self.db.execute(
            "SELECT count(*) FROM doc_state s JOIN annotators a ON a.id = s.annotator_id "
            "WHERE a.name = ? AND s.status = 'done'",
            [layer],
        ).fetchone()[0]
        return done, self.document_count()

    def new_suggestions(self, layer: str) -> list[NewSuggestions]:
        """Documents ``layer`` marked done where suggestions arrived since that it has not
        decided yet, in id order."""
        rows = self.db.execute(
            "WITH me AS (SELECT id FROM annotators WHERE name = ?) "
            f"SELECT d.id, d.title, ({_NEW_SUGGESTIONS_OF_DOC}) AS arrived FROM documents d "
            "WHERE d.id IN (SELECT doc_id FROM new_suggestions WHERE annotator_id = (SELECT id FROM me)) "
            "AND arrived > 0 ORDER BY d.id",
            [layer],
        )
        return [NewSuggestions(*row) for row in rows]

    def new_suggestion_keys(self, doc_id: int, layer: str) -> set[str]:
        """Keys of the candidates that arrived in a document after ``layer`` marked it done."""
        rows = self.db.execute(
            "SELECT candidate_key FROM new_suggestions WHERE doc_id = ? "
            "AND annotator_id = (SELECT id FROM annotators WHERE name = ?)",
            [doc_id, layer],
        )
        return {row[0] for row in rows}

    def forget_new_suggestions(self, doc_id: int, layer: str) -> None:
        """The layer has seen the document's new suggestions (it set its status again). Call
        inside a transaction."""
        self.db.execute(
            "DELETE FROM new_suggestions WHERE doc_id = ? AND annotator_id = (SELECT id FROM annotators WHERE name = ?)",
            [doc_id, layer],
        )

    # ---------------------------------------------------------------- the document list

    def document_ids(self, layer: str, status: str | None = None, search: str | None = None) -> list[int]:
        """Ids of the documents to list, in id order, filtered by this layer's status and by a
        substring of title or text (FTS5 trigram for 3+ characters, a scan below that)."""
        sql = "SELECT d.id FROM documents d"
        where, params = [], []
        if status is not None:
            sql += (
                " LEFT JOIN doc_state s ON s.doc_id = d.id "
                "AND s.annotator_id = (SELECT id FROM annotators WHERE name = ?)"
            )
            params.append(layer)
            where.append("coalesce(s.status, 'todo') = ?")
            params.append(status)
        if search:
            where.append(self._search_condition(search, params))
        if where:
            sql += " WHERE " + " AND ".join(where)
        return [row[0] for row in self.db.execute(sql + " ORDER BY d.id", params)]

    def _search_condition(self, search: str, params: list[Any]) -> str:
        """Documents whose title or text holds ``search`` in either script (see
        annotator.chinese): the index answers 3+ character queries for the documents it holds,
        in its simplified view; shorter queries and newer documents are scanned for every
        spelling of the query (lower() on both sides: like the index, ASCII case is ignored)."""
        from . import chinese  # here, not at start-up: OpenCC is loaded for a search only

        spellings = chinese.scan_variants(search)
        contains = " OR ".join(["instr(lower(d.title), lower(?)) > 0 OR instr(lower(d.text), lower(?)) > 0"] * len(spellings))
        scan_params = [s for spelling in spellings for s in (spelling, spelling)]
        if len(search) < 3:
            params.extend(scan_params)
            return f"({contains})"
        query = chinese.simplified_view(search)
        params.extend(['"' + query.replace('"', '""') + '"', self.search_indexed_upto(), *scan_params])
        return f"(d.id IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?) OR (d.id > ? AND ({contains})))"

    def document_rows(self, doc_ids: Sequence[int], layer: str) -> list[DocumentRow]:
        """List rows for the given documents, in the given order (only these are computed)."""
        if not doc_ids:
            return []
        marks = ",".join("?" * len(doc_ids))
        rows = self.db.execute(
            "WITH me AS (SELECT id FROM annotators WHERE name = ?) "
            "SELECT d.id, d.title, coalesce(s.status, 'todo'), "
            "  (SELECT count(*) FROM candidates c WHERE c.doc_id = d.id "
            "     AND (c.owner_id IS NULL OR c.owner_id = (SELECT id FROM me)) AND NOT EXISTS ("
            "     SELECT 1 FROM annotations n WHERE n.annotator_id = (SELECT id FROM me) AND n.doc_id = d.id "
            "     AND n.candidate_key = c.span_start || ':' || c.span_end || ':' || c.label)), "
            "  (SELECT count(*) FROM annotations n WHERE n.doc_id = d.id "
            "     AND n.annotator_id = (SELECT id FROM me) AND n.status != 'rejected'), "
            f"  ({_NEW_SUGGESTIONS_OF_DOC}) "
            f"FROM documents d LEFT JOIN doc_state s ON s.doc_id = d.id AND s.annotator_id = (SELECT id FROM me) "
            f"WHERE d.id IN ({marks})",
            [layer, *doc_ids],
        ).fetchall()
        by_id = {row[0]: DocumentRow(*row) for row in rows}
        return [by_id[doc_id] for doc_id in doc_ids if doc_id in by_id]

    def search_indexed_upto(self) -> int:
        """Documents with ids up to this one are in the full-text index."""
        return int(self.get_setting("search_indexed_upto") or 0)

    def refresh_search_index(self, batch: int = 2000) -> int:
        """Index up to ``batch`` documents added since the last refresh, in one short
        transaction (so annotators' writes interleave); returns how many are left."""
        from . import chinese  # here, not at start-up (see _search_condition)

        with self.transaction():
            indexed = self.search_indexed_upto()  # read under the write lock: no double indexing
            upto = self.db.execute(
                "SELECT max(id) FROM (SELECT id FROM documents WHERE id > ? ORDER BY id LIMIT ?)", [indexed, batch]
            ).fetchone()[0]
            if upto is None:
                return 0
            rows = self.db.execute("SELECT id, title, text FROM documents WHERE id > ? AND id <= ?", [indexed, upto])
            self.db.conn.executemany(
                "INSERT INTO documents_fts (rowid, title, text) VALUES (?, ?, ?)",
                [(doc_id, chinese.simplified_view(title), chinese.simplified_view(text)) for doc_id, title, text in rows],
            )
            self.set_setting("search_indexed_upto", str(upto))
        return self.db.execute("SELECT count(*) FROM documents WHERE id > ?", [upto]).fetchone()[0]

    # ---------------------------------------------------------------- annotations (reading)

    def annotation(self, annotation_id: int) -> Annotation:
        row = self.db.execute(
            f"SELECT {_ANNOTATION_COLUMNS} FROM annotations n JOIN annotators a ON a.id = n.annotator_id WHERE n.id = ?",
            [annotation_id],
        ).fetchone()
        if row is None:
            raise KeyError(annotation_id)
        return _annotation_from_row(row)

    def annotations(self, doc_id: int, layer: str | None = None) -> list[Annotation]:
        sql = f"SELECT {_ANNOTATION_COLUMNS} FROM annotations n JOIN annotators a ON a.id = n.annotator_id WHERE n.doc_id = ?"
        params: list[Any] = [doc_id]
        if layer is not None:
            sql += " AND a.name = ?"
            params.append(layer)
        return [_annotation_from_row(row) for row in self.db.execute(sql + " ORDER BY n.span_start, n.span_end, n.id", params)]

    def layer_annotation(
        self,
        layer: str,
        doc_id: int,
        *,
        uid: str | None = None,
        candidate_key: str | None = None,
        span: tuple[int, int, str] | None = None,
    ) -> Annotation | None:
        """The layer's annotation of a document as it is now, found by its uid, or as the
        layer's decision on a candidate (by key), or as its own span (start, end, label) —
        the identities the schema keeps unique. Read it inside the write transaction to
        decide against the current state rather than a snapshot."""
        sql = (
            f"SELECT {_ANNOTATION_COLUMNS} FROM annotations n JOIN annotators a ON a.id = n.annotator_id "
            "WHERE a.name = ? AND n.doc_id = ? AND "
        )
        if uid is not None:
            row = self.db.execute(sql + "n.uid = ?", [layer, doc_id, uid]).fetchone()
        elif candidate_key is not None:
            row = self.db.execute(sql + "n.candidate_key = ?", [layer, doc_id, candidate_key]).fetchone()
        elif span is not None:
            row = self.db.execute(
                sql + "n.candidate_key IS NULL AND n.span_start = ? AND n.span_end = ? AND n.label = ?",
                [layer, doc_id, *span],
            ).fetchone()
        else:
            raise ValueError("layer_annotation needs a uid, a candidate key or a span")
        return None if row is None else _annotation_from_row(row)

    # ---------------------------------------------------------------- export reads

    def layer_names_of(self, doc_id: int) -> list[str]:
        """Layers (annotators' and gold) that worked on a document: they hold annotations of
        it, or marked it done (a document done without a span is a true negative)."""
        rows = self.db.execute(
            "SELECT a.name FROM annotators a WHERE ("
            " EXISTS (SELECT 1 FROM annotations n WHERE n.annotator_id = a.id AND n.doc_id = ?)"
            " OR EXISTS (SELECT 1 FROM doc_state s WHERE s.annotator_id = a.id AND s.doc_id = ? AND s.status = 'done'))"
            " ORDER BY a.name",
            [doc_id, doc_id],
        )
        return [row[0] for row in rows]

    def export_spans(self, doc_id: int, layer: str) -> list[tuple]:
        """A layer's spans of a document (``"candidates"`` for the detector's), as rows
        (start, end, label, annotator, status, source, comment, uncertain, score); the score is a
        candidate's, NULL for an annotator's span."""
        if layer == "candidates":  # everyone's: what one annotator taught stays theirs
            return self.db.execute(
                "SELECT span_start, span_end, label, 'candidates', 'candidate', rule, '', 0, score FROM candidates "
                "WHERE doc_id = ? AND owner_id IS NULL ORDER BY span_start, span_end, label",
                [doc_id],
            ).fetchall()
        return self.db.execute(
            "SELECT n.span_start, n.span_end, n.label, a.name, n.status, coalesce(c.rule, 'annotator'), n.comment, n.uncertain, NULL "
            "FROM annotations n JOIN annotators a ON a.id = n.annotator_id LEFT JOIN candidates c ON c.id = n.candidate_id "
            "WHERE n.doc_id = ? AND a.name = ? ORDER BY n.span_start, n.span_end, n.label, n.id",
            [doc_id, layer],
        ).fetchall()

    def stored_length(self, doc_id: int) -> int:
        """The document's length in characters as SQLite counts them (an independent count)."""
        return self.db.execute("SELECT length(text) FROM documents WHERE id = ?", [doc_id]).fetchone()[0]

    def project_fingerprint(self) -> str:
        """Identifies the corpus: a hash over the documents' text hashes, in id order."""
        digest = hashlib.sha256()
        for (text_hash,) in self.db.execute("SELECT text_hash FROM documents ORDER BY id"):
            digest.update(text_hash.encode())
        return digest.hexdigest()[:16]

    def annotation_labels(self) -> list[str]:
        return [row[0] for row in self.db.execute("SELECT DISTINCT label FROM annotations ORDER BY label")]

    def confirmed_phrases(self, min_length: int) -> dict[str | None, list[tuple[str, str]]]:
        """(label, text) of every distinct span confirmed, by who learns from it: the gold
        layer's (adjudicated) under None, for everyone; each annotator's under their name."""
        rows = self.db.execute(
            "SELECT DISTINCT CASE WHEN a.kind = 'gold' THEN NULL ELSE a.name END AS learner, n.label, "
            "substr(d.text, n.span_start + 1, n.span_end - n.span_start) AS phrase "
            "FROM annotations n JOIN documents d ON d.id = n.doc_id JOIN annotators a ON a.id = n.annotator_id "
            "WHERE n.status IN ('accepted', 'relabelled', 'added') AND n.span_end - n.span_start >= ? "
            "ORDER BY learner IS NOT NULL, learner, n.label, phrase",
            [min_length],
        )
        phrases: dict[str | None, list[tuple[str, str]]] = {None: []}
        for learner, label, phrase in rows:
            phrases.setdefault(learner, []).append((label, phrase))
        return phrases

    # ---------------------------------------------------------------- annotators

    def ensure_annotator(self, name: str) -> Annotator:
        """The annotator called ``name``, created on first use. Call inside a transaction."""
        self.db.execute(
            "INSERT INTO annotators (name, kind, created_at) VALUES (?, ?, ?) "
            "ON CONFLICT (name) DO NOTHING",
            [name, ANNOTATOR_KIND, utc_now()],
        )
        return self.annotator(name)

    def annotator(self, name: str) -> Annotator:
        row = self.db.execute(
            "SELECT id, name, kind, created_at FROM annotators WHERE name = ?", [name]
        ).fetchone()
        if row is None:
            raise KeyError(name)
        return Annotator(*row)

    def annotators(self) -> list[Annotator]:
        rows = self.db.execute(
            "SELECT id, name, kind, created_at FROM annotators ORDER BY kind, name"
        ).fetchall()
        return [Annotator(*row) for row in rows]

    # ---------------------------------------------------------------- the journal

    def append_event(
        self,
        action: str,
        *,
        actor: str | None = None,
        doc_id: int | None = None,
        before: Any = None,
        after: Any = None,
    ) -> int:
        """Add one journal line. Call inside the transaction that makes the change."""
        cursor = self.db.execute(
            "INSERT INTO events (at, actor, action, doc_id, before, after) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [utc_now(), actor, action, doc_id, _json_or_none(before), _json_or_none(after)],
        )
        return cursor.lastrowid

    def events(self, doc_id: int | None = None) -> list[Event]:
        sql = "SELECT id, at, actor, action, doc_id, before, after FROM events"
        params: list[Any] = []
        if doc_id is not None:
            sql += " WHERE doc_id = ?"
            params.append(doc_id)
        rows = self.db.execute(sql + " ORDER BY id", params).fetchall()
        return [
            Event(id, at, actor, action, doc, _load_json(before), _load_json(after))
            for id, at, actor, action, doc, before, after in rows
        ]

    # ---------------------------------------------------------------- summary

    def summary(self) -> ProjectSummary:
        scalar = lambda sql: self.db.execute(sql).fetchone()[0]  # noqa: E731
        by_script = dict(
            self.db.execute("SELECT script, count(*) FROM documents GROUP BY script").fetchall()
        )
        return ProjectSummary(
            path=self.path,
            schema_version=self.schema_version,
            documents=scalar("SELECT count(*) FROM documents"),
            documents_by_script=by_script,
            characters=scalar("SELECT coalesce(sum(length(text)), 0) FROM documents"),
            annotators=tuple(a.name for a in self.annotators() if a.kind == ANNOTATOR_KIND),
            candidates=scalar("SELECT count(*) FROM candidates"),
            layers=tuple(self._layer_counts()),
            events=scalar("SELECT count(*) FROM events"),
        )

    def _layer_counts(self) -> Iterable[LayerCount]:
        rows = self.db.execute(
            "SELECT a.name, a.kind, n.status, count(n.id) FROM annotators a "
            "LEFT JOIN annotations n ON n.annotator_id = a.id "
            "GROUP BY a.id, n.status ORDER BY a.kind DESC, a.name"
        ).fetchall()
        layers: dict[str, tuple[str, dict[str, int]]] = {}
        for name, kind, status, count in rows:
            _, counts = layers.setdefault(name, (kind, {}))
            if status is not None:
                counts[status] = count
        for name, (kind, counts) in layers.items():
            yield LayerCount(layer=name, kind=kind, by_status=counts)


# -------------------------------------------------------------------- row conversion


def _document_row(doc: NewDocument, imported_at: str) -> tuple:
    return (
        doc.title,
        doc.text,
        doc.text_hash,
        doc.script,
        doc.source_path,
        doc.source_line,
        doc.source_hash,
        doc.encoding,
        doc.external_id,
        json.dumps(dict(doc.meta), ensure_ascii=False, sort_keys=True),
        imported_at,
    )


def _document_from_row(row: Sequence[Any]) -> Document:
    (id, title, text, text_hash, script, source_path, source_line, source_hash, encoding,
     external_id, meta, imported_at) = row  # fmt: skip
    return Document(
        id=id,
        title=title,
        text=text,
        text_hash=text_hash,
        script=script,
        source_path=source_path,
        source_line=source_line,
        source_hash=source_hash,
        encoding=encoding,
        external_id=external_id,
        meta=json.loads(meta),
        imported_at=imported_at,
    )


def _annotation_from_row(row: Sequence[Any]) -> Annotation:
    values = list(row)
    values[10] = bool(values[10])
    values[14] = values[14] or ""
    return Annotation(*values)


_ANNOTATION_INSERT_COLUMNS = (
    "doc_id, annotator_id, span_start, span_end, label, status, candidate_id, candidate_key, comment, uncertain, "
    "codebook_version, created_at, updated_at, uid"
)


def _first(row: Sequence[Any]) -> Any:
    return row[0]


_SHARED_FIELDS = operator.itemgetter(0, 1, 2, 3)  # of an annotation row: doc_id, start, end, label


def _all_plain(rows: Sequence[tuple]) -> bool:
    """Every row (doc_id, start, end, label, status, candidate_id, candidate_key, comment,
    uncertain) is a plain "added" span: no candidate, no comment, not flagged. A column at a
    time, in C: the usual bulk import, where a row-by-row test was a tenth of its time."""
    column = operator.itemgetter
    return (set(map(column(4), rows)) == {"added"} and set(map(column(5), rows)) == {None}
            and set(map(column(6), rows)) == {None} and not any(map(column(7), rows)) and not any(map(column(8), rows)))


def _random_uids(count: int) -> list[str]:
    """``count`` uids as SQLite's lower(hex(randomblob(16))) makes them (128 random bits),
    sorted: the unique index on uid then takes them in one ordered walk instead of one
    random page each (a third of the time of a large insert)."""
    digits = os.urandom(16 * count).hex()
    return sorted(digits[i: i + 32] for i in range(0, 32 * count, 32))


def _json_or_none(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def _load_json(value: str | None) -> Any:
    return None if value is None else json.loads(value)
