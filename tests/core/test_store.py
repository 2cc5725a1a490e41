"""The project store: creation, refusal of foreign and newer files, safety settings."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from annotator import migrations
from annotator.errors import ProjectError
from annotator.store import Store


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_refused_untouched(path: Path, message: str) -> None:
    """Opening ``path`` fails with ``message`` and leaves the file byte for byte as it was."""
    before = digest(path)
    with pytest.raises(ProjectError, match=message):
        Store.open(path)
    assert digest(path) == before


def test_new_project_has_schema_and_safety_settings(project_path: Path) -> None:
    with Store.open(project_path) as store:
        pragma = lambda name: store.db.execute(f"PRAGMA {name}").fetchone()[0]  # noqa: E731
        assert pragma("journal_mode") == "wal"
        assert pragma("foreign_keys") == 1
        assert pragma("busy_timeout") > 0
        assert pragma("synchronous") == 2  # FULL
        assert pragma("application_id") == migrations.APPLICATION_ID
        assert store.schema_version == len(migrations.known_names())
        assert {"documents", "annotators", "candidates", "annotations", "doc_state", "events"} <= set(
            store.db.table_names()
        )
        assert [a.name for a in store.annotators()] == ["gold"]


def test_reopening_keeps_data_and_does_not_migrate_twice(project_path: Path) -> None:
    with Store.open(project_path) as store, store.transaction():
        store.ensure_annotator("alice")
    with Store.open(project_path) as store:
        assert "alice" in [a.name for a in store.annotators()]
        applied = store.db.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0]
        assert applied == len(migrations.known_names())


def test_foreign_sqlite_file_is_refused_and_untouched(tmp_path: Path) -> None:
    foreign = tmp_path / "other.db"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE customers (id INTEGER, name TEXT)")
    conn.commit()
    conn.close()
    assert_refused_untouched(foreign, "not an annotator project.*customers")
    assert not Path(str(foreign) + "-wal").exists()


def test_non_sqlite_file_is_refused_and_untouched(tmp_path: Path) -> None:
    text_file = tmp_path / "notes.db"
    text_file.write_text("这不是数据库", encoding="utf-8")
    assert_refused_untouched(text_file, "not an SQLite database")


def test_project_from_newer_version_is_refused_and_untouched(project_path: Path) -> None:
    Store.open(project_path).close()
    conn = sqlite3.connect(project_path)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES (?, ?, ?)",
        [migrations.MIGRATION_SET, "m999_from_the_future", "2030-01-01"],
    )
    conn.commit()
    conn.close()
    assert_refused_untouched(project_path, "newer version.*m999_from_the_future")


def test_missing_project_is_not_created_when_not_asked(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "p.db"
    with pytest.raises(ProjectError, match="no such project"):
        Store.open(missing, create=False)
    assert not missing.exists()
    assert not missing.parent.exists()


def test_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match="is a directory"):
        Store.open(tmp_path)


def test_event_journal_is_append_only() -> None:
    store = Store.memory()
    with store.transaction():
        store.append_event("test", actor="alice", before={"a": 1}, after={"a": "二"})
    [event] = store.events()
    assert (event.actor, event.action, event.before, event.after) == ("alice", "test", {"a": 1}, {"a": "二"})
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        store.db.execute("UPDATE events SET action = 'forged'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        store.db.execute("DELETE FROM events")
    assert len(store.events()) == 1


def test_transaction_rolls_back_everything_on_error() -> None:
    store = Store.memory()
    with pytest.raises(RuntimeError), store.transaction():
        store.ensure_annotator("bob")
        store.append_event("test")
        raise RuntimeError("boom")
    assert [a.name for a in store.annotators()] == ["gold"]
    assert store.events() == []


def test_committed_write_is_visible_to_another_connection(project_path: Path) -> None:
    """A committed change is on disk at once (what 'saved' means to the GUI)."""
    with Store.open(project_path) as store:
        with store.transaction():
            store.ensure_annotator("carol")
        other = sqlite3.connect(project_path)
        names = [row[0] for row in other.execute("SELECT name FROM annotators")]
        other.close()
    assert "carol" in names
