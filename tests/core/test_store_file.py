"""The project file under hostile conditions: damaged and foreign files stay byte-identical,
read commands read without writing, SQLite's refusals become sentences, two processes agree."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from annotator import migrations
from annotator.errors import ProjectBusyError, ProjectError
from annotator.records import SpanValues
from annotator.store import Store

from test_store import assert_refused_untouched, digest


def make_project(path: Path) -> Path:
    with Store.open(path) as store, store.transaction():
        store.ensure_annotator("alice")
    return path


def edit_raw(path: Path, *statements: str) -> None:
    """Change a file behind annotator's back, as another program would."""
    conn = sqlite3.connect(path)
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()


def test_foreign_database_holding_only_a_view_is_refused(tmp_path: Path) -> None:
    foreign = tmp_path / "views.db"
    edit_raw(foreign, "CREATE VIEW answer AS SELECT 42")
    assert_refused_untouched(foreign, "not an annotator project.*answer")


def test_foreign_wal_database_gets_no_files_beside_it(tmp_path: Path) -> None:
    foreign = tmp_path / "wal.db"
    edit_raw(foreign, "PRAGMA journal_mode=wal", "CREATE TABLE orders (id)")
    assert_refused_untouched(foreign, "not an annotator project.*orders")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["wal.db"]


def test_damaged_project_is_refused_by_quick_check(tmp_path: Path) -> None:
    path = make_project(tmp_path / "p.annotator.db")
    edit_raw(path, "CREATE TABLE filler (x)", *["INSERT INTO filler VALUES (randomblob(3000))"] * 20)
    edit_raw(path, "PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    page = 4096
    data[8 * page + 10 : 8 * page + 400] = os.urandom(390)  # scribble over a b-tree page
    path.write_bytes(bytes(data))
    assert_refused_untouched(path, "damaged.*annotator check")


def test_project_without_its_schema_record_is_refused(tmp_path: Path) -> None:
    path = make_project(tmp_path / "p.annotator.db")
    edit_raw(path, "DROP TABLE _sqlite_migrations")
    assert_refused_untouched(path, "schema record.*missing")


def test_project_whose_version_number_was_changed_is_refused(tmp_path: Path) -> None:
    path = make_project(tmp_path / "p.annotator.db")
    edit_raw(path, f"PRAGMA user_version = {len(migrations.known_names()) + 3}")
    assert_refused_untouched(path, "newer version")


def test_a_fifo_is_refused_without_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.annotator.db"
    os.mkfifo(fifo)
    with pytest.raises(ProjectError, match="not a regular file"):
        Store.open(fifo)


def test_readonly_open_writes_nothing_and_refuses_writes(tmp_path: Path) -> None:
    path = make_project(tmp_path / "p.annotator.db")
    before = digest(path)
    with Store.open(path, readonly=True) as store:
        assert store.summary().annotators == ("alice",)
        with pytest.raises(ProjectError, match="read-only"), store.transaction():
            store.ensure_annotator("bob")
    assert digest(path) == before


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX permissions")
def test_read_commands_work_on_a_readonly_medium(tmp_path: Path, seeds: Path) -> None:
    folder = tmp_path / "medium"
    folder.mkdir()
    path = folder / "p.annotator.db"
    subprocess.run([sys.executable, "-m", "annotator", "import", str(seeds), "--db", str(path)], check=True,
                   capture_output=True)
    before = digest(path)
    info = _on_readonly_medium(folder, "info", "--db", str(path))
    assert info.returncode == 0, info.stderr
    assert "Documents:   5" in info.stdout
    export = _on_readonly_medium(folder, "export", "--db", str(path), "--layer", "candidates", "--out", str(tmp_path / "c.jsonl"))
    assert export.returncode == 0, export.stderr
    write = _on_readonly_medium(folder, "detect", "--db", str(path))
    assert write.returncode == 1
    assert "read-only" in write.stderr and "Traceback" not in write.stderr
    assert digest(path) == before


def _on_readonly_medium(folder: Path, *args: str) -> subprocess.CompletedProcess:
    """Run the command with ``folder`` read-only: a private read-only bind mount when root
    (root ignores permissions), else file permissions."""
    command = [sys.executable, "-m", "annotator", *args]
    if os.geteuid() != 0:
        for item in [*folder.iterdir(), folder]:
            item.chmod(0o555 if item.is_dir() else 0o444)
        try:
            return subprocess.run(command, capture_output=True, text=True)
        finally:
            folder.chmod(0o755)
    script = 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && shift && exec "$@"'
    probe = subprocess.run(["unshare", "-m", "sh", "-c", script, "sh", str(folder), "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip(f"cannot make a read-only mount here: {probe.stderr.decode().strip()}")
    return subprocess.run(["unshare", "-m", "sh", "-c", script, "sh", str(folder), *command], capture_output=True, text=True)


def test_full_disk_is_a_sentence_and_writes_nothing(tmp_path: Path) -> None:
    path = make_project(tmp_path / "p.annotator.db")
    with Store.open(path) as store:
        pages = store.db.execute("PRAGMA page_count").fetchone()[0]
        store.db.execute(f"PRAGMA max_page_count = {pages}")  # the disk is full from here on
        with pytest.raises(ProjectError, match="disk is full.*not saved"), store.transaction():
            store.append_event("big", after="x" * 200_000)
        assert store.events() == []


def test_busy_project_names_the_work_that_holds_it(tmp_path: Path) -> None:
    path = make_project(tmp_path / "p.annotator.db")
    holder = Store.open(path)
    started, release = threading.Event(), threading.Event()

    def long_import() -> None:
        with holder.transaction(what="an import"):
            started.set()
            release.wait(10)

    thread = threading.Thread(target=long_import)
    thread.start()
    started.wait(10)
    try:
        with Store.open(path, busy_timeout_ms=200) as window:
            t0 = time.monotonic()
            with pytest.raises(ProjectBusyError, match=rf"an import \(process {os.getpid()}.*not saved"):
                with window.transaction():
                    window.ensure_annotator("bob")
            assert time.monotonic() - t0 < 5
    finally:
        release.set()
        thread.join()
    with Store.open(path) as store:
        assert store.db.execute("SELECT count(*) FROM activity").fetchone()[0] == 0  # deregistered
        assert "bob" not in [a.name for a in store.annotators()]
    holder.close()


def test_stale_activity_of_a_killed_process_is_not_blamed(tmp_path: Path) -> None:
    path = make_project(tmp_path / "p.annotator.db")
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    with Store.open(path) as store, store.transaction():
        store.db.execute("INSERT INTO activity (what, pid, host, started_at) VALUES ('a merge', ?, ?, 'x')",
                         [int(dead.stdout), __import__("socket").gethostname()])
    with Store.open(path) as store:
        assert store._busy_with() is None


def test_data_version_tells_a_window_of_other_processes_writes(tmp_path: Path) -> None:
    path = make_project(tmp_path / "p.annotator.db")
    with Store.open(path) as window:
        seen = window.data_version()
        with window.transaction():
            window.ensure_annotator("own")  # its own writes do not count
        assert window.data_version() == seen
        subprocess.run([sys.executable, "-c", f"""
from annotator.store import Store
with Store.open({str(path)!r}) as s, s.transaction():
    s.ensure_annotator("elsewhere")
"""], check=True)
        assert window.data_version() != seen


def _decision(store: Store, layer: str, start: int, key: str | None, status: str = "accepted") -> None:
    with store.transaction():
        store.ensure_annotator(layer)
        store.insert_annotation(layer, SpanValues(1, start, start + 2, "SLOGAN", status, key), "1")


def test_schema_refuses_two_decisions_on_one_candidate_and_duplicate_added_spans(detected_project: Store) -> None:
    store = detected_project
    _decision(store, "alice", 0, "0:2:SLOGAN")
    with pytest.raises(sqlite3.IntegrityError):
        _decision(store, "alice", 0, "0:2:SLOGAN", "rejected")
    _decision(store, "alice", 5, None)
    with pytest.raises(sqlite3.IntegrityError):
        _decision(store, "alice", 5, None)
    _decision(store, "bob", 5, None)  # another layer may say the same
    assert len(store.annotations(1, "alice")) == 2


def test_upgrade_keeps_the_newest_of_duplicates_and_journals_the_others(tmp_path: Path) -> None:
    """Projects written before the schema refused duplicates are mended on upgrade."""
    path = make_project(tmp_path / "p.annotator.db")
    edit_raw(
        path,
        "DROP INDEX annotations_one_decision",
        "DELETE FROM _sqlite_migrations WHERE name = 'm005_one_decision_and_activity'",
        "DROP INDEX annotations_one_span",
        "DROP TABLE activity",
        "PRAGMA user_version = 4",
        "INSERT INTO documents (title, text, text_hash, script, source_path, source_hash, encoding, imported_at) "
        "VALUES ('t', '口号三统筹', 'h', 'simplified', 'x', 'y', 'utf-8', 'now')",
        *[
            "INSERT INTO annotations (doc_id, annotator_id, span_start, span_end, label, status, candidate_key, "
            f"created_at, updated_at, uid) VALUES (1, 2, 0, 2, 'SLOGAN', '{status}', '0:2:SLOGAN', 'c', '{at}', '{uid}')"
            for status, at, uid in [("accepted", "2026-01-01", "u1"), ("rejected", "2026-02-01", "u2")]
        ],
    )
    with Store.open(path) as store:
        [kept] = store.annotations(1, "alice")
        assert (kept.status, kept.uid) == ("rejected", "u2")
        [event] = [e for e in store.events() if e.action == "dedupe"]
        assert event.before["uid"] == "u1" and event.before["status"] == "accepted"
        assert store.schema_version == len(migrations.known_names())
