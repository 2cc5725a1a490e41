"""The queries of ``annotator check``: what a healthy project never holds, and the repairs.

Part of the store family (every SQL string lives in store modules). Each finder returns
:class:`BadRow` records naming the table, row and document, with the whole row so that a
repair can put it into the journal. Finders only read; the repair functions write and must
be called inside :meth:`Store.transaction`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

from .store import Store

# What a row must satisfy to be a span inside its text; ``n`` is the text's length.
_SPAN_INSIDE = (
    "typeof(x.span_start) = 'integer' AND typeof(x.span_end) = 'integer' "
    "AND 0 <= x.span_start AND x.span_start < x.span_end AND x.span_end <= n"
)
# Decisions are newer than others by update time, then by id (a later insert).
_NEWER = "(m.updated_at > n.updated_at OR (m.updated_at = n.updated_at AND m.id > n.id))"

# The schema's guards, as migrations m001 and m005 create them: the journal refuses edits and
# deletions; a layer holds one decision per candidate and one copy of a span it added.
GUARDS: Mapping[str, tuple[str, str]] = {
    "events_no_update": (
        "trigger",
        "CREATE TRIGGER events_no_update BEFORE UPDATE ON events "
        "BEGIN SELECT RAISE(ABORT, 'the event journal is append-only'); END",
    ),
    "events_no_delete": (
        "trigger",
        "CREATE TRIGGER events_no_delete BEFORE DELETE ON events "
        "BEGIN SELECT RAISE(ABORT, 'the event journal is append-only'); END",
    ),
    "annotations_one_decision": (
        "index",
        "CREATE UNIQUE INDEX annotations_one_decision ON annotations (annotator_id, doc_id, candidate_key) "
        "WHERE candidate_key IS NOT NULL",
    ),
    "annotations_one_span": (
        "index",
        "CREATE UNIQUE INDEX annotations_one_span ON annotations (annotator_id, doc_id, span_start, span_end, label) "
        "WHERE candidate_key IS NULL",
    ),
}


@dataclass(frozen=True)
class BadRow:
    """One row a check found wrong."""

    table: str
    rowid: int | None  # None: about the file or the schema, not a row
    doc_id: int | None
    detail: str


# -------------------------------------------------------------------- whole-file checks


# integrity_check also reports rows that break a CHECK, NOT NULL or UNIQUE constraint: those
# are bad rows in a sound file, not a damaged file. (It checks CHECK constraints only on a
# writable connection: values_outside_the_schema below checks them itself.)
_ROW_CONSTRAINT_MESSAGES = ("CHECK constraint failed", "NULL value in", "non-unique entry in index")


def integrity_problems(store: Store, limit: int = 100) -> tuple[list[str], list[str]]:
    """What ``PRAGMA integrity_check`` says is wrong: (damage to the file, rows breaking a
    constraint); both empty when the file is sound."""
    rows = [row[0] for row in store.db.execute(f"PRAGMA integrity_check({int(limit)})").fetchall()]
    if rows == ["ok"]:
        return [], []
    constraints = [message for message in rows if message.startswith(_ROW_CONSTRAINT_MESSAGES)]
    return [message for message in rows if message not in constraints], constraints


# The schema's CHECK rules on values (spans have their own check, spans_outside_text).
_VALUE_RULES = (
    ("annotations", "doc_id", "status NOT IN ('accepted', 'relabelled', 'added', 'rejected')", "status"),
    ("annotations", "doc_id", "uncertain NOT IN (0, 1)", "uncertain"),
    ("annotators", "NULL", "kind NOT IN ('annotator', 'gold')", "kind"),
    ("documents", "id", "script NOT IN ('simplified', 'traditional', 'none')", "script"),
    ("doc_state", "doc_id", "status NOT IN ('todo', 'in_progress', 'done')", "status"),
    ("candidates", "doc_id", "model_score IS NOT NULL AND NOT (0 <= model_score AND model_score <= 1)", "model_score"),
)


def values_outside_the_schema(store: Store) -> list[BadRow]:
    """Rows holding a value the schema's CHECK rules forbid."""
    found = []
    for table, doc_column, condition, column in _VALUE_RULES:
        for rowid, doc_id, value in store.db.execute(
            f"SELECT rowid, {doc_column}, {column} FROM {table} WHERE {condition} ORDER BY rowid"
        ):
            found.append(BadRow(table, rowid, doc_id, f"{column} {value!r} is not allowed"))
    return found


def foreign_key_problems(store: Store) -> list[BadRow]:
    """Rows whose reference points at a row that is not there (``PRAGMA foreign_key_check``)."""
    found = []
    for table, rowid, parent, _ in store.db.execute("PRAGMA foreign_key_check").fetchall():
        found.append(BadRow(table, rowid, None, f"refers to a missing row of {parent}"))
    return found


def missing_guards(store: Store) -> list[tuple[str, str]]:
    """(kind, name) of the schema's guards that are gone."""
    present = {
        (row[0], row[1]) for row in store.db.execute("SELECT type, name FROM sqlite_master WHERE type IN ('trigger', 'index')")
    }
    return [(kind, name) for name, (kind, _) in GUARDS.items() if (kind, name) not in present]


# -------------------------------------------------------------------- documents


def texts_with_nul(store: Store) -> list[BadRow]:
    rows = store.db.execute("SELECT id FROM documents WHERE instr(CAST(text AS BLOB), x'00') > 0 ORDER BY id")
    return [BadRow("documents", doc_id, doc_id, "NUL character in the text") for (doc_id,) in rows]


def titles_with_nul(store: Store) -> list[BadRow]:
    rows = store.db.execute("SELECT id FROM documents WHERE instr(CAST(title AS BLOB), x'00') > 0 ORDER BY id")
    return [BadRow("documents", doc_id, doc_id, "NUL character in the title") for (doc_id,) in rows]


def title_of(store: Store, doc_id: int) -> str:
    return store.db.execute("SELECT title FROM documents WHERE id = ?", [doc_id]).fetchone()[0]


def set_title(store: Store, doc_id: int, title: str) -> None:
    """A title carries no offsets: it may change (unlike the text)."""
    store.db.execute("UPDATE documents SET title = ? WHERE id = ?", [title, doc_id])


def documents_not_matching_hash(store: Store) -> list[BadRow]:
    """Documents whose text is no longer what its ``text_hash`` was computed from
    (sha256 of the text's UTF-8 bytes, see :func:`annotator.textio.text_hash`)."""
    found = []
    # The stored bytes, not Python strings: a text that is not valid UTF-8 cannot be decoded.
    for doc_id, data, stored in store.db.execute(
        "SELECT id, CAST(text AS BLOB), text_hash FROM documents ORDER BY id"
    ):
        data = bytes(data or b"")
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            found.append(BadRow("documents", doc_id, doc_id, f"text is not valid UTF-8 (byte {exc.start})"))
            continue
        if hashlib.sha256(data).hexdigest() != stored:
            found.append(BadRow("documents", doc_id, doc_id, "text does not match its text_hash"))
    return found


def duplicate_documents(store: Store) -> list[BadRow]:
    """Documents sharing a text hash with an older one (the schema forbids it)."""
    rows = store.db.execute(
        "SELECT d.id, d.text_hash, (SELECT min(o.id) FROM documents o WHERE o.text_hash = d.text_hash) "
        "FROM documents d WHERE EXISTS (SELECT 1 FROM documents o WHERE o.text_hash = d.text_hash AND o.id < d.id) "
        "ORDER BY d.id"
    ).fetchall()
    return [BadRow("documents", doc_id, doc_id, f"same text as document {first}") for doc_id, _, first in rows]


def text_lengths_with_nul(store: Store) -> dict[int, int]:
    """Length in code points of the texts holding a NUL (SQLite's length() stops at one)."""
    lengths = {}
    for doc_id, data in store.db.execute(
        "SELECT id, CAST(text AS BLOB) FROM documents WHERE instr(CAST(text AS BLOB), x'00') > 0"
    ):
        lengths[doc_id] = len(bytes(data).decode("utf-8", errors="replace"))
    return lengths


# -------------------------------------------------------------------- spans


def spans_outside_text(store: Store) -> list[BadRow]:
    """Annotations and candidates whose span is not a non-empty stretch of their text."""
    found = []
    nul_lengths = text_lengths_with_nul(store)
    for table in ("annotations", "candidates"):
        rows = store.db.execute(
            "WITH lengths AS MATERIALIZED (SELECT id, length(text) AS n FROM documents "
            "  WHERE instr(CAST(text AS BLOB), x'00') = 0) "
            f"SELECT x.rowid, x.doc_id, x.span_start, x.span_end, n FROM {table} x JOIN lengths l ON l.id = x.doc_id "
            f"WHERE NOT ({_SPAN_INSIDE}) ORDER BY x.doc_id, x.rowid"
        ).fetchall()
        for rowid, doc_id, start, end, length in rows:
            found.append(BadRow(table, rowid, doc_id, _span_detail(start, end, length)))
        for doc_id, length in sorted(nul_lengths.items()):
            for rowid, start, end in store.db.execute(
                f"SELECT rowid, span_start, span_end FROM {table} WHERE doc_id = ? ORDER BY rowid", [doc_id]
            ):
                if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= length):
                    found.append(BadRow(table, rowid, doc_id, _span_detail(start, end, length)))
    return found


def _span_detail(start: Any, end: Any, length: int) -> str:
    return f"span [{start!r}, {end!r}) outside a text of {length} characters"


def annotations_with_labels(store: Store, known: Sequence[str]) -> list[BadRow]:
    """Annotations whose label is not one of ``known``."""
    marks = ",".join("?" * len(known))
    rows = store.db.execute(
        f"SELECT id, doc_id, label FROM annotations WHERE label NOT IN ({marks}) ORDER BY doc_id, id", list(known)
    ).fetchall()
    return [BadRow("annotations", rowid, doc_id, f"label {label!r} is not in the codebook") for rowid, doc_id, label in rows]


def duplicate_decisions(store: Store) -> list[BadRow]:
    """Older decisions of a layer on a candidate it decided again (the newest is kept)."""
    rows = store.db.execute(
        "SELECT n.id, n.doc_id, n.candidate_key FROM annotations n WHERE n.candidate_key IS NOT NULL AND EXISTS ("
        "  SELECT 1 FROM annotations m WHERE m.annotator_id = n.annotator_id AND m.doc_id = n.doc_id "
        f"  AND m.candidate_key = n.candidate_key AND {_NEWER}) ORDER BY n.doc_id, n.id"
    ).fetchall()
    return [BadRow("annotations", rowid, doc_id, f"older decision on candidate {key}") for rowid, doc_id, key in rows]


def duplicate_added_spans(store: Store) -> list[BadRow]:
    """Older copies of a span a layer added twice (same document, span and label, no candidate)."""
    rows = store.db.execute(
        "SELECT n.id, n.doc_id, n.span_start, n.span_end, n.label FROM annotations n WHERE n.candidate_key IS NULL AND EXISTS ("
        "  SELECT 1 FROM annotations m WHERE m.candidate_key IS NULL AND m.annotator_id = n.annotator_id "
        "  AND m.doc_id = n.doc_id AND m.span_start = n.span_start AND m.span_end = n.span_end "
        f"  AND m.label = n.label AND {_NEWER}) ORDER BY n.doc_id, n.id"
    ).fetchall()
    return [
        BadRow("annotations", rowid, doc_id, f"older copy of added span [{start}, {end}) {label}")
        for rowid, doc_id, start, end, label in rows
    ]


# -------------------------------------------------------------------- orphans

_ORPHANS = (
    ("annotations", "doc_id", "NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = x.doc_id)", "its document is missing"),
    ("annotations", "doc_id", "NOT EXISTS (SELECT 1 FROM annotators a WHERE a.id = x.annotator_id)", "its annotator is missing"),
    ("candidates", "doc_id", "NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = x.doc_id)", "its document is missing"),
    ("doc_state", "doc_id", "NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = x.doc_id)", "its document is missing"),
    ("doc_state", "doc_id", "NOT EXISTS (SELECT 1 FROM annotators a WHERE a.id = x.annotator_id)", "its annotator is missing"),
    ("detection_state", "doc_id", "NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = x.doc_id)", "its document is missing"),
    # An annotator's own candidate (m007) whose annotator is gone: nobody would ever see it.
    ("candidates", "doc_id", "x.owner_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM annotators a WHERE a.id = x.owner_id)",
     "its owner (annotator) is missing"),
    ("new_suggestions", "doc_id", "NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = x.doc_id)", "its document is missing"),
    ("new_suggestions", "doc_id", "NOT EXISTS (SELECT 1 FROM annotators a WHERE a.id = x.annotator_id)",
     "its annotator is missing"),
)


def orphan_rows(store: Store) -> list[BadRow]:
    """Rows that belong to a document or annotator that is not there."""
    found: dict[tuple[str, int], BadRow] = {}
    for table, doc_column, condition, detail in _ORPHANS:
        for rowid, doc_id in store.db.execute(
            f"SELECT x.rowid, x.{doc_column} FROM {table} x WHERE {condition} ORDER BY x.rowid"
        ):
            found.setdefault((table, rowid), BadRow(table, rowid, doc_id, detail))
    return list(found.values())


def dangling_candidate_links(store: Store) -> list[BadRow]:
    """Annotations whose ``candidate_id`` names a candidate that is not there."""
    rows = store.db.execute(
        "SELECT n.id, n.doc_id, n.candidate_id FROM annotations n WHERE n.candidate_id IS NOT NULL "
        "AND NOT EXISTS (SELECT 1 FROM candidates c WHERE c.id = n.candidate_id) ORDER BY n.doc_id, n.id"
    ).fetchall()
    return [BadRow("annotations", rowid, doc_id, f"refers to candidate {cid}, which is missing") for rowid, doc_id, cid in rows]


# -------------------------------------------------------------------- repairs (inside a transaction)

_TABLES = ("annotations", "candidates", "doc_state", "detection_state", "new_suggestions")


def row_values(store: Store, table: str, rowid: int | None) -> dict[str, Any] | None:
    """The whole row, as column → value (for the journal), or None when it is gone."""
    _known_table(table)
    cursor = store.db.execute(f"SELECT * FROM {table} WHERE rowid = ?", [rowid])
    row = cursor.fetchone()
    if row is None:
        return None
    return {column[0]: _plain(value) for column, value in zip(cursor.description, row)}


def delete_row(store: Store, table: str, rowid: int | None) -> bool:
    """Remove one row; False when it was gone already."""
    _known_table(table)
    return store.db.execute(f"DELETE FROM {table} WHERE rowid = ?", [rowid]).rowcount > 0


def clear_candidate_link(store: Store, annotation_id: int) -> bool:
    """Forget a missing candidate, as deleting that candidate would have (ON DELETE SET NULL);
    the decision keeps its candidate_key and re-attaches at the next detection."""
    return store.db.execute(
        "UPDATE annotations SET candidate_id = NULL WHERE id = ? AND candidate_id IS NOT NULL "
        "AND NOT EXISTS (SELECT 1 FROM candidates c WHERE c.id = annotations.candidate_id)",
        [annotation_id],
    ).rowcount > 0


def restore_guard(store: Store, name: str) -> None:
    """Recreate a guard (an index only once its duplicates are gone)."""
    store.db.execute(GUARDS[name][1])


def _known_table(table: str) -> None:
    if table not in _TABLES:  # table names go into SQL text: only ours
        raise ValueError(f"not a repairable table: {table}")


def _plain(value: Any) -> Any:
    """A value the journal's JSON can hold."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).hex()
    return value
