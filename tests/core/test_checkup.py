"""annotator check [--repair]: each kind of damage is found, repaired (or reported), journalled,
after a backup made through SQLite's backup API."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from annotator import services
from annotator.services import annotating as an
from annotator import store_check as sc
from annotator.services import checkup
from annotator.store import Store

from test_import import snapshot  # tests/core is on sys.path (rootdir-relative test modules)


def make_project(path: Path, seeds: Path) -> None:
    """Seeds, candidates, and alice's decisions: two accepts and an added span on document 1."""
    with Store.open(path) as store:
        services.import_paths(store, [seeds])
        services.detect_project(store)
        items = an.document_items(store, "alice", 1)
        an.accept(store, "alice", items[0])
        an.accept(store, "alice", items[1])
        an.add_span(store, "alice", 1, 0, 2, "SLOGAN")


def damage(path: Path, *statements: str, params: list | None = None) -> None:
    """Write past the schema's guards, as a crashed tool or a hand edit in sqlite3 would."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA foreign_keys=OFF")
        conn.execute("PRAGMA ignore_check_constraints=ON")
        for statement in statements:
            conn.execute(statement, params or [])
    finally:
        conn.close()


def copy_of(where: str, **changes: str) -> str:
    """SQL inserting a copy of one annotation (new id and uid), with some columns changed."""
    columns = ["doc_id", "annotator_id", "span_start", "span_end", "label", "status", "candidate_id",
               "candidate_key", "comment", "uncertain", "codebook_version", "created_at", "updated_at"]
    values = [changes.get(c, c) for c in columns]
    return (f"INSERT INTO annotations ({', '.join(columns)}, uid) "
            f"SELECT {', '.join(values)}, lower(hex(randomblob(16))) FROM annotations WHERE {where}")


ALICE = "(SELECT id FROM annotators WHERE name = 'alice')"
ADDED = "id = (SELECT min(id) FROM annotations WHERE status = 'added')"  # alice's added span [0, 2)
OLD = "'2000-01-01T00:00:00.000Z'"


@pytest.fixture
def damaged(tmp_path: Path, seeds: Path) -> Path:
    path = tmp_path / "damaged.annotator.db"
    make_project(path, seeds)
    conn = sqlite3.connect(path)
    length4 = conn.execute("SELECT length(text) FROM documents WHERE id = 4").fetchone()[0]
    text4 = conn.execute("SELECT text FROM documents WHERE id = 4").fetchone()[0]
    conn.close()
    with_nul = text4[:10] + "\x00" + text4[10:]
    damage(
        path,
        # guards dropped (as by an old tool or a hand edit), which let duplicates in below
        "DROP INDEX annotations_one_decision",
        "DROP INDEX annotations_one_span",
        # spans outside their text: past the end, negative, empty; and a candidate past the end
        copy_of(ADDED, span_end="99999", updated_at=OLD, created_at=OLD),
        copy_of(ADDED, span_start="-3", updated_at=OLD, created_at=OLD),
        copy_of(ADDED, span_start="5", span_end="5", updated_at=OLD, created_at=OLD),
        "UPDATE candidates SET span_end = 100000 WHERE id = (SELECT min(id) FROM candidates WHERE doc_id = 2)",
        # orphans: a missing document, a missing annotator
        copy_of(ADDED, doc_id="999"),
        "INSERT INTO candidates (doc_id, span_start, span_end, label, rule, score, detector_version, created_at) "
        "VALUES (999, 0, 2, 'SLOGAN', 'x', 1, 'v', 't')",
        "INSERT INTO doc_state (doc_id, annotator_id, updated_at) VALUES (1, 77, 't')",
        "INSERT INTO detection_state (doc_id, fingerprint, learned_fingerprint, detected_at) VALUES (999, 'f', 'l', 't')",
        # a link to a candidate that is gone
        f"UPDATE annotations SET candidate_id = 424242 WHERE id = (SELECT max(id) FROM annotations "
        f"WHERE status = 'accepted' AND annotator_id = {ALICE})",
        # duplicates: an older copy of a decision and of an added span
        copy_of("id = (SELECT min(id) FROM annotations WHERE status = 'accepted')", updated_at=OLD, created_at=OLD),
        copy_of(ADDED, updated_at=OLD, created_at=OLD),
        # report only: an unknown label, a text changed behind its hash, a journal guard dropped
        copy_of(ADDED, label="'NOPE'", span_end="3"),
        "UPDATE documents SET text = text || '改' WHERE id = 5",
        "UPDATE documents SET title = '标题' || char(0) || '二' WHERE id = 3",
        copy_of(ADDED, status="'maybe'", span_start="7", span_end="9"),
        "DROP TRIGGER events_no_delete",
    )
    # a NUL inside document 4 (its hash kept right), and a span after the NUL that is inside the text
    damage(path, "UPDATE documents SET text = ?, text_hash = ? WHERE id = 4",
           params=[with_nul, hashlib.sha256(with_nul.encode()).hexdigest()])
    damage(path, copy_of(ADDED, doc_id="4", span_start=str(length4 - 1), span_end=str(length4 + 1)))
    return path


def counts(report: checkup.CheckReport) -> dict[str, int]:
    return {finding.code: finding.count for finding in report.findings if finding.count}


def test_a_sound_project_is_clean(tmp_path: Path, seeds: Path) -> None:
    path = tmp_path / "sound.annotator.db"
    make_project(path, seeds)
    with checkup.open_for_check(path) as store:
        report = checkup.check_project(store)
    assert report.clean and not report.corrupt
    assert {f.code for f in report.findings} == {c.code for c in checkup.CHECKS}


def test_every_kind_of_damage_is_found(damaged: Path) -> None:
    before = snapshot(damaged)
    with checkup.open_for_check(damaged) as store:
        report = checkup.check_project(store)
    assert snapshot(damaged) == before  # checking writes nothing
    assert counts(report) == {
        "constraints": 1,
        "foreign-keys": 5,  # annotation, candidate, doc_state, detection_state, candidate link
        "orphans": 4,
        "candidate-links": 1,
        "spans": 4,
        "duplicate-decisions": 1,
        "duplicate-spans": 1,
        "labels": 1,
        "nul": 1,
        "nul-title": 1,
        "text-hash": 1,
        "guards": 3,
    }
    by_code = {f.code: f for f in report.findings}
    spans = by_code["spans"].examples
    assert {(e.table, e.doc_id) for e in spans} == {("annotations", 1), ("candidates", 2)}
    assert all("outside a text of" in e.detail for e in spans)
    assert not any(e.doc_id == 4 for e in spans)  # SQLite's length() stops at a NUL; ours does not
    assert by_code["labels"].examples[0].detail == "label 'NOPE' is not in the codebook"
    assert by_code["constraints"].examples[0].detail == "status 'maybe' is not allowed"
    assert by_code["nul"].examples[0].doc_id == 4 and by_code["text-hash"].examples[0].doc_id == 5
    assert [e.detail for e in by_code["guards"].examples] == [
        "trigger events_no_delete is missing", "index annotations_one_decision is missing", "index annotations_one_span is missing"]
    assert {e.doc_id for e in by_code["orphans"].examples} == {999, 1}


def test_repair_backs_up_fixes_journals_and_a_second_check_is_clean(damaged: Path) -> None:
    before = snapshot(damaged)
    with checkup.open_for_check(damaged, repair=True) as store:
        events_before = len(store.events())
        outcome = checkup.repair_project(store, actor="tester")
        events = store.events()[events_before:]
        remaining = checkup.check_project(store)
        added_copies = store.db.execute(
            "SELECT count(*) FROM annotations WHERE status = 'added' AND doc_id = 1 AND span_start = 0 AND span_end = 2"
        ).fetchone()[0]

    # the backup: named beside the project, written before any fix, a usable project
    backup = Path(outcome.backup)
    assert backup.parent == damaged.parent and backup.name.startswith("damaged.backup-")
    assert backup.name.endswith(".annotator.db")
    assert snapshot(backup) == before
    with Store.open(backup, create=False) as copy:
        assert copy.document_count() == 5

    fixed = {fix.code: fix.count for fix in outcome.fixed}
    assert fixed == {"guards": 3, "nul-title": 1, "orphans": 4, "spans": 4, "duplicate-decisions": 1, "duplicate-spans": 1,
                     "candidate-links": 1}
    # one journal event per fix, the removed row in `before`
    repairs = [e for e in events if e.action == checkup.REPAIR_ACTION]
    assert len(repairs) == len(events) == sum(fixed.values())
    assert all(e.actor == "tester" for e in repairs)
    removed = [e for e in repairs if e.after is None]
    title = next(e for e in repairs if e.before.get("problem") == "NUL character in the title")
    assert (title.doc_id, title.before["row"]["title"], title.after["row"]["title"]) == (3, "标题\x00二", "标题二")
    assert len(removed) == fixed["orphans"] + fixed["spans"] + fixed["duplicate-decisions"] + fixed["duplicate-spans"]
    assert all(e.before["row"] and e.before["table"] and e.before["problem"] for e in removed)
    assert {e.before["row"]["span_end"] for e in removed if e.before["table"] == "annotations"} >= {99999}
    link = next(e for e in repairs if e.before.get("row", {}).get("candidate_id") == 424242)
    assert link.after["row"]["candidate_id"] is None

    # what remains is what cannot be repaired without guessing
    assert counts(remaining) == {"labels": 1, "nul": 1, "text-hash": 1, "constraints": 1}
    assert counts(outcome.remaining) == counts(remaining)
    assert added_copies == 1  # the newest of the duplicates is kept
    with checkup.open_for_check(damaged, repair=True) as store:  # the guards are back
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            store.db.execute("DELETE FROM events")
        with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
            store.db.execute(copy_of(ADDED))


def test_repair_keeps_the_newest_decision(damaged: Path) -> None:
    with checkup.open_for_check(damaged, repair=True) as store:
        duplicate = checkup.check_project(store)
        older = next(f for f in duplicate.findings if f.code == "duplicate-decisions").examples[0].row
        key = store.annotation(older).candidate_key
        checkup.repair_project(store)
        [kept] = [a for a in store.annotations(1, "alice") if a.candidate_key == key]
    assert kept.id != older and kept.updated_at > "2000-01-01T00:00:00.000Z"


def test_a_clean_project_gets_no_backup(tmp_path: Path, seeds: Path) -> None:
    path = tmp_path / "sound.annotator.db"
    make_project(path, seeds)
    with checkup.open_for_check(path, repair=True) as store:
        outcome = checkup.repair_project(store)
    assert outcome.backup is None and outcome.fixed == () and outcome.remaining.clean
    assert sorted(p.name for p in tmp_path.iterdir() if "backup" in p.name) == []


def test_backup_never_overwrites_a_file(tmp_path: Path, seeds: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "p.annotator.db"
    make_project(path, seeds)
    taken = tmp_path / "p.backup-20300101-000000.annotator.db"
    taken.write_bytes(b"someone's file")
    monkeypatch.setattr(checkup, "backup_path", lambda project: taken)
    with Store.open(path) as store:
        written = checkup.write_backup(store)
    assert taken.read_bytes() == b"someone's file"
    assert written.name == "p.backup-20300101-000000-2.annotator.db"
    assert snapshot(written) == snapshot(path)


def test_backup_name(tmp_path: Path) -> None:
    from datetime import datetime

    when = datetime(2030, 1, 2, 3, 4, 5)
    assert checkup.backup_path(tmp_path / "x.annotator.db", when).name == "x.backup-20300102-030405.annotator.db"
    assert checkup.backup_path(tmp_path / "p.db", when).name == "p.backup-20300102-030405.annotator.db"


def corrupt_an_index(path: Path) -> None:
    """Scramble the cells of one index page: the tables still read, integrity_check objects."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'candidates_span'").fetchone()[0]
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.close()
    data = bytearray(path.read_bytes())  # a closed file no process has open: safe to edit
    start = (root - 1) * page_size
    data[start + page_size // 2: start + page_size - 8] = bytes(range(256)) * ((page_size // 2 - 8) // 256) + bytes(
        (page_size // 2 - 8) % 256)
    path.write_bytes(bytes(data))


def test_a_damaged_file_is_reported_backed_up_and_not_repaired(tmp_path: Path, seeds: Path) -> None:
    path = tmp_path / "broken.annotator.db"
    make_project(path, seeds)
    corrupt_an_index(path)
    with checkup.open_for_check(path) as store:
        report = checkup.check_project(store)
        assert report.corrupt and counts(report)["integrity"] >= 1
    with checkup.open_for_check(path, repair=True) as store:
        outcome = checkup.repair_project(store)
    assert outcome.corrupt and outcome.fixed == ()
    assert Path(outcome.backup).exists()
    conn = sqlite3.connect(path)
    repairs = conn.execute("SELECT count(*) FROM events WHERE action = ?", [checkup.REPAIR_ACTION]).fetchone()[0]
    conn.close()
    assert repairs == 0  # nothing was "repaired" in a damaged file


def test_an_owned_candidate_or_new_suggestion_of_a_missing_annotator_is_found_and_deleted(tmp_path: Path, seeds: Path) -> None:
    path = tmp_path / "owners.annotator.db"
    make_project(path, seeds)
    damage(
        path,
        "INSERT INTO candidates (doc_id, span_start, span_end, label, rule, score, detector_version, created_at, owner_id) "
        "VALUES (1, 0, 2, 'SLOGAN', 'learned:SLOGAN', 0.7, '2', 'now', 777)",
        "INSERT INTO new_suggestions (doc_id, annotator_id, candidate_key, arrived_at) VALUES (1, 777, '0:2:SLOGAN', 'now')",
    )
    with checkup.open_for_check(path) as store:
        details = {(bad.table, bad.detail) for bad in sc.orphan_rows(store)}
    assert details == {("candidates", "its owner (annotator) is missing"), ("new_suggestions", "its annotator is missing")}
    with checkup.open_for_check(path, repair=True) as store:
        checkup.repair_project(store)
        assert store.db.execute("SELECT count(*) FROM candidates WHERE owner_id = 777").fetchone()[0] == 0
        assert store.db.execute("SELECT count(*) FROM new_suggestions").fetchone()[0] == 0
        assert checkup.check_project(store).clean
