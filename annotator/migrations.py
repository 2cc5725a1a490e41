"""Schema of a project file, as an ordered list of migration steps.

Never edit a step that has shipped: add a new one. A project records which steps it has had
(sqlite-utils' ``_sqlite_migrations`` table); a file with a step this code does not know was
written by a newer version and is refused by :mod:`annotator.store`.
"""

from __future__ import annotations

from .sqlite_lib import Database, Migrations

# PRAGMA application_id of every project file ("ANNO"): tells our files from foreign SQLite.
APPLICATION_ID = 0x414E4E4F
MIGRATION_SET = "annotator"

migrations = Migrations(MIGRATION_SET)


def _run(db: Database, *statements: str) -> None:
    # One statement at a time: sqlite3's executescript() would COMMIT the migration's
    # transaction before running, and a failed step must roll back whole.
    for statement in statements:
        db.execute(statement)


@migrations()
def m001_initial(db: Database) -> None:
    _run(
        db,
        """
        CREATE TABLE project (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL,
            text TEXT NOT NULL,
            text_hash TEXT NOT NULL UNIQUE,
            script TEXT NOT NULL CHECK (script IN ('simplified', 'traditional', 'none')),
            source_path TEXT NOT NULL,
            source_line INTEGER,
            source_hash TEXT NOT NULL,
            encoding TEXT NOT NULL,
            external_id TEXT,
            meta TEXT NOT NULL DEFAULT '{}',
            imported_at TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE annotators (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL CHECK (kind IN ('annotator', 'gold')),
            created_at TEXT NOT NULL
        )
        """,
        """
        INSERT INTO annotators (name, kind, created_at)
            VALUES ('gold', 'gold', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
        """,
        """
        CREATE TABLE candidates (
            id INTEGER PRIMARY KEY,
            doc_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
            span_start INTEGER NOT NULL,
            span_end INTEGER NOT NULL,
            label TEXT NOT NULL,
            rule TEXT NOT NULL,
            score REAL NOT NULL,
            detector_version TEXT NOT NULL,
            created_at TEXT NOT NULL,
            CHECK (0 <= span_start AND span_start < span_end)
        )
        """,
        """
        CREATE INDEX candidates_doc ON candidates (doc_id, span_start)
        """,
        """
        CREATE TABLE annotations (
            id INTEGER PRIMARY KEY,
            doc_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
            annotator_id INTEGER NOT NULL REFERENCES annotators (id),
            span_start INTEGER NOT NULL,
            span_end INTEGER NOT NULL,
            label TEXT NOT NULL,
            status TEXT NOT NULL
                CHECK (status IN ('accepted', 'relabelled', 'added', 'rejected')),
            candidate_id INTEGER REFERENCES candidates (id) ON DELETE SET NULL,
            comment TEXT NOT NULL DEFAULT '',
            uncertain INTEGER NOT NULL DEFAULT 0 CHECK (uncertain IN (0, 1)),
            codebook_version TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            CHECK (0 <= span_start AND span_start < span_end)
        )
        """,
        """
        CREATE INDEX annotations_doc_layer ON annotations (doc_id, annotator_id)
        """,
        """
        CREATE TABLE doc_state (
            doc_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
            annotator_id INTEGER NOT NULL REFERENCES annotators (id),
            status TEXT NOT NULL DEFAULT 'todo'
                CHECK (status IN ('todo', 'in_progress', 'done')),
            seconds REAL NOT NULL DEFAULT 0,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (doc_id, annotator_id)
        )
        """,
        """
        -- The journal is append-only: the database itself refuses edits and deletions.
        CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            actor TEXT,
            action TEXT NOT NULL,
            doc_id INTEGER,
            before TEXT,
            after TEXT
        )
        """,
        """
        CREATE INDEX events_doc ON events (doc_id)
        """,
        """
        CREATE TRIGGER events_no_update BEFORE UPDATE ON events
            BEGIN SELECT RAISE(ABORT, 'the event journal is append-only'); END
        """,
        """
        CREATE TRIGGER events_no_delete BEFORE DELETE ON events
            BEGIN SELECT RAISE(ABORT, 'the event journal is append-only'); END
        """,
    )


def known_names() -> list[str]:
    """Names of every migration step this version of the code knows, in order."""
    # no plugins: sqlite-utils would look for them among every installed package's entry points
    # (importlib.metadata), a fifth of a command's start-up, for a scratch database
    return [step.name for step in migrations.pending(Database(memory=True, execute_plugins=False))]


@migrations()
def m002_detection(db: Database) -> None:
    _run(
        db,
        # What each document's candidates were computed from: re-detection skips documents
        # whose fingerprint (detector version + codebook + lexicons) and learned set match.
        """
        CREATE TABLE detection_state (
            doc_id INTEGER PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
            fingerprint TEXT NOT NULL,
            learned_fingerprint TEXT NOT NULL,
            detected_at TEXT NOT NULL
        )
        """,
        # The rule's own confidence; `score` is it adjusted by annotators' acceptance rate.
        "ALTER TABLE candidates ADD COLUMN base_score REAL NOT NULL DEFAULT 0.5",
        "CREATE UNIQUE INDEX candidates_span ON candidates (doc_id, span_start, span_end, label)",
        "CREATE INDEX candidates_rule ON candidates (rule)",
        # "start:end:label" of the candidate a decision was about: stable when candidates are
        # recomputed (their ids change), so decisions re-attach and never get lost.
        "ALTER TABLE annotations ADD COLUMN candidate_key TEXT",
        "CREATE INDEX annotations_candidate ON annotations (candidate_id)",
    )


@migrations()
def m003_annotation_and_search(db: Database) -> None:
    _run(
        db,
        # Full-text search of Chinese substrings (trigram tokenizer: any 3+ character
        # substring). External content: the text lives once, in documents. Filled lazily by
        # Store.refresh_search_index so that imports do not pay for it.
        """
        CREATE VIRTUAL TABLE documents_fts USING fts5(
            title, text, content='documents', content_rowid='id', tokenize='trigram'
        )
        """,
        "CREATE INDEX doc_state_layer ON doc_state (annotator_id, status)",
        "CREATE INDEX annotations_layer_key ON annotations (annotator_id, doc_id, candidate_key)",
    )


@migrations()
def m004_annotation_uid(db: Database) -> None:
    _run(
        db,
        # A stable identity that travels with an annotation when a package is handed out
        # and merged back: relabelling, resizing or deleting it elsewhere is recognised.
        "ALTER TABLE annotations ADD COLUMN uid TEXT",
        "UPDATE annotations SET uid = lower(hex(randomblob(16))) WHERE uid IS NULL",
        "CREATE UNIQUE INDEX annotations_uid ON annotations (uid)",
    )


@migrations()
def m005_one_decision_and_activity(db: Database) -> None:
    # Two processes (a window and a merge, say) once both wrote a decision on the same
    # candidate. Keep the newest of such duplicates (the journal gets the others), then let
    # the database itself refuse them: one decision per layer and candidate, and one added
    # span per layer, place and label.
    for name, duplicates in _DUPLICATES.items():
        _run(
            db,
            f"""
            INSERT INTO events (at, actor, action, doc_id, before, after)
            SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), a.name, 'dedupe', n.doc_id,
                   json_object('id', n.id, 'start', n.span_start, 'end', n.span_end, 'label', n.label,
                               'status', n.status, 'candidate_key', n.candidate_key, 'comment', n.comment,
                               'uncertain', n.uncertain, 'updated_at', n.updated_at, 'uid', n.uid),
                   json_object('reason', '{name}')
            FROM annotations n JOIN annotators a ON a.id = n.annotator_id
            WHERE n.id IN ({duplicates})
            """,
            f"DELETE FROM annotations WHERE id IN ({duplicates})",
        )
    _run(
        db,
        "CREATE UNIQUE INDEX annotations_one_decision ON annotations (annotator_id, doc_id, candidate_key) "
        "WHERE candidate_key IS NOT NULL",
        "CREATE UNIQUE INDEX annotations_one_span ON annotations (annotator_id, doc_id, span_start, span_end, label) "
        "WHERE candidate_key IS NULL",
        # Long work (an import, a merge) says here that it holds the write lock, so that a
        # window kept waiting can tell the annotator who is writing; rows of killed processes
        # are recognised by their pid and ignored.
        """
        CREATE TABLE activity (
            id INTEGER PRIMARY KEY,
            what TEXT NOT NULL,
            pid INTEGER NOT NULL,
            host TEXT NOT NULL,
            started_at TEXT NOT NULL
        )
        """,
    )


# Rows that lose to a newer row saying the same thing (latest updated_at, then highest id).
_NEWER = "(o.updated_at > n.updated_at OR (o.updated_at = n.updated_at AND o.id > n.id))"
_DUPLICATES = {
    "two decisions of one layer on one candidate": (
        "SELECT n.id FROM annotations n JOIN annotations o ON o.annotator_id = n.annotator_id "
        f"AND o.doc_id = n.doc_id AND o.candidate_key = n.candidate_key WHERE {_NEWER}"
    ),
    "the same added span twice in one layer": (
        "SELECT n.id FROM annotations n JOIN annotations o ON o.annotator_id = n.annotator_id "
        "AND o.doc_id = n.doc_id AND o.span_start = n.span_start AND o.span_end = n.span_end AND o.label = n.label "
        f"AND o.candidate_key IS NULL AND n.candidate_key IS NULL WHERE {_NEWER}"
    ),
}


@migrations()
def m006_search_in_either_script(db: Database) -> None:
    # The index holds the simplified view of each title and text (annotator.chinese maps
    # character by character, so offsets and lengths are those of the stored text): a query in
    # either script, simplified the same way, finds the article in either script, including
    # the traditional articles that mix in simplified characters. Contentless: the text itself
    # stays once, in documents. Store.refresh_search_index fills it again from the start.
    _run(
        db,
        "DROP TABLE documents_fts",
        "CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, content='', tokenize='trigram')",
        "DELETE FROM project WHERE key = 'search_indexed_upto'",
    )


@migrations()
def m007_candidate_owner_and_new_suggestions(db: Database) -> None:
    _run(
        db,
        # Blind teaching: what an annotator taught (their learned phrases) is a candidate for
        # them alone; NULL is everyone's (rules, patterns, what the gold layer taught).
        "ALTER TABLE candidates ADD COLUMN owner_id INTEGER REFERENCES annotators (id)",
        # One candidate per place and label for each owner. NULLs are distinct in a unique
        # index, so everyone's candidates are keyed as owner 0 (no annotator has id 0).
        "DROP INDEX candidates_span",
        "CREATE UNIQUE INDEX candidates_span ON candidates (doc_id, span_start, span_end, label, ifnull(owner_id, 0))",
        # Suggestions that arrived in a document after its layer marked it done: the window
        # says so until the layer has decided on them (the status stays done).
        """
        CREATE TABLE new_suggestions (
            doc_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
            annotator_id INTEGER NOT NULL REFERENCES annotators (id),
            candidate_key TEXT NOT NULL,
            arrived_at TEXT NOT NULL,
            PRIMARY KEY (doc_id, annotator_id, candidate_key)
        )
        """,
        "CREATE INDEX new_suggestions_layer ON new_suggestions (annotator_id, doc_id)",
    )


@migrations()
def m008_models(db: Database) -> None:
    # (Numbered 8: step 7 adds candidates.owner_id; the two are independent of each other.)
    _run(
        db,
        # Trained recommenders, one per scope: 'shared' (taught by every layer chosen), later
        # 'layer:<annotator id>' for one annotator's own suggestions. `fingerprint` identifies
        # the training data (retraining on unchanged data is skipped); `model` is the bundle's
        # bytes (annotator.model.tagger.SpanModel), `metrics` its cross-validated figures.
        """
        CREATE TABLE models (
            scope TEXT PRIMARY KEY,
            version TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            metrics TEXT NOT NULL DEFAULT '{}',
            model BLOB NOT NULL,
            trained_at TEXT NOT NULL
        )
        """,
        # The model's calibrated probability for a candidate a rule found too (a model-only
        # candidate has it as its score as well); NULL where the model did not find it.
        "ALTER TABLE candidates ADD COLUMN model_score REAL "
        "CHECK (model_score IS NULL OR (0 <= model_score AND model_score <= 1))",
    )


@migrations()
def m009_model_state(db: Database) -> None:
    _run(
        db,
        # Which layer model ('layer:<annotator name>', by the digest of its bytes) made a
        # document's owned model candidates: a new model for one layer recomputes that layer's
        # candidates only, and `detect` finishes the documents a refresh did not reach.
        """
        CREATE TABLE model_state (
            doc_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
            scope TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            PRIMARY KEY (doc_id, scope)
        )
        """,
    )
