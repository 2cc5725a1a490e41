"""A merge checks every package completely before it writes anything, never writes into a
package, and merges several packages all or nothing."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from test_import import snapshot

from annotator import textio
from annotator.errors import AnnotatorError
from annotator.services import annotating as an
from annotator.services import package_check
from annotator.services.teamwork import merge, package
from annotator.store import Store


def digest(path: Path) -> str:
    """For tests only, and only once no connection of this process is open on ``path``."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def beside(path: Path) -> set[str]:
    return {p.name for p in path.parent.iterdir() if p.name.startswith(path.name)}


@pytest.fixture
def master(detected_project: Store) -> Store:
    an.add_span(detected_project, "alice", 3, 0, 4, "TARGET")
    return detected_project


@pytest.fixture
def bob_package(master: Store, tmp_path: Path) -> Path:
    """Bob's package, annotated on his laptop: decisions on candidates, an added span, a state."""
    path = Path(package(master, "bob", tmp_path / "bob.annotator.db", ids=[1, 2]).path)
    annotate_as_bob(path)
    return path


def annotate_as_bob(path: Path) -> None:
    """Bob's work in his package: an accepted and a rejected candidate, an added span, a
    document marked done."""
    with Store.open(path, create=False) as pkg:
        items = an.document_items(pkg, "bob", 1)
        an.accept(pkg, "bob", items[0])
        an.reject(pkg, "bob", items[1])
        an.add_span(pkg, "bob", 2, 0, 4, "SLOGAN")
        an.set_document_status(pkg, "bob", 1, "done")


def corrupt(path: Path, *statements: str) -> None:
    """Edit a package the way a hand or a hostile tool would: plain SQL, no checks."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.create_function("text_hash", 1, textio.text_hash)
    conn.execute("PRAGMA ignore_check_constraints = ON")
    for statement in statements:
        conn.execute(statement)
    conn.close()


def assert_refused(master: Store, paths: list[Path], message: str, names: Path | None = None) -> str:
    """merge refuses with ``message`` naming the package, and changes neither the project
    nor any package file."""
    project = Path(master.path)
    before, packages = snapshot(project), {p: digest(p) for p in paths if p.is_file()}
    with pytest.raises(AnnotatorError, match=message) as refused:
        merge(master, paths)
    text = str(refused.value)
    assert str(names or paths[-1]) in text and "nothing was merged" in text
    assert snapshot(project) == before
    assert {p: digest(p) for p in paths if p.is_file()} == packages
    return text


def drop_unique_indexes(path: Path) -> list[str]:
    """Unique indexes on annotations other than the uid's (the schema's own guards), so a test
    can plant duplicates the way a hand-made package could."""
    conn = sqlite3.connect(path)
    names = [row[0] for row in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'annotations' "
        "AND sql LIKE '%UNIQUE%' AND name != 'annotations_uid'")]
    conn.close()
    return [f'DROP INDEX "{name}"' for name in names]


_COPY_ROW = (
    "INSERT INTO annotations (doc_id, annotator_id, span_start, span_end, label, status, candidate_id, candidate_key, "
    "comment, uncertain, codebook_version, created_at, updated_at, uid) SELECT doc_id, annotator_id, span_start, "
    "span_end, label, status, candidate_id, candidate_key, comment, uncertain, codebook_version, created_at, updated_at, "
    "lower(hex(randomblob(16))) FROM annotations WHERE {} LIMIT 1"
)

CORRUPTIONS = {
    "span past the end": (["UPDATE annotations SET span_end = 100000"], "not inside the text"),
    "negative start": (["UPDATE annotations SET span_start = -1"], "not inside the text|CHECK constraint failed in annotations"),
    "fractional offset": (["UPDATE annotations SET span_end = span_end + 0.5"], "not integers"),
    "offset as text": (["UPDATE annotations SET span_start = 'zero'"], "not integers|CHECK constraint failed in annotations"),
    "text changed": (["UPDATE documents SET text = text || '。' WHERE id = 2"], "document 2 .*does not match its stored hash"),
    "NUL in the text": (["UPDATE documents SET text = text || char(0), text_hash = text_hash(text || char(0))"], "NUL"),
    "metadata not JSON": (["UPDATE documents SET meta = '[1'"], "metadata"),
    "unknown label": (["UPDATE annotations SET label = 'NOPE' WHERE status = 'added'"], "label 'NOPE'.*codebook"),
    "unknown status": (["UPDATE annotations SET status = 'maybe'"], "unknown status 'maybe'|CHECK constraint failed in annotations"),
    "accepted under another label": (
        ["UPDATE annotations SET label = CASE label WHEN 'TARGET' THEN 'SLOGAN' ELSE 'TARGET' END WHERE status = 'accepted'"],
        "accepted with label"),
    "rejected elsewhere than its candidate": (["UPDATE annotations SET span_start = span_start + 1 WHERE status = 'rejected'"], "differs from its candidate"),
    "candidate key outside the text": (["UPDATE annotations SET candidate_key = '0:99999:SLOGAN' WHERE status = 'rejected'"], "no valid candidate"),
    "changed in the future": (["UPDATE annotations SET updated_at = '2999-01-01T00:00:00.000Z'"], "in the future"),
    "no timestamp": (["UPDATE annotations SET updated_at = 'yesterday'"], "not a timestamp"),
    "bad uid": (["UPDATE annotations SET uid = 'x' WHERE status = 'added'"], "no valid uid"),
    "layer renamed to gold": (
        ["UPDATE annotators SET name = 'adjudicated' WHERE kind = 'gold'", "UPDATE annotators SET name = 'gold' WHERE name = 'bob'"],
        "named 'gold'.*adjudication"),
    "layer made gold": (["UPDATE annotators SET kind = 'gold' WHERE name = 'bob'"], "gold layer.*adjudication"),
    "annotations moved into gold": (
        ["UPDATE annotations SET annotator_id = (SELECT id FROM annotators WHERE kind = 'gold')"], "gold layer.*adjudication"),
    "gold document state": (
        ["UPDATE doc_state SET annotator_id = (SELECT id FROM annotators WHERE kind = 'gold')"], "gold layer.*adjudication"),
    "negative time spent": (["UPDATE doc_state SET seconds = -5"], "impossible time spent"),
    "unknown document status": (["UPDATE doc_state SET status = 'finished'"], "unknown status 'finished'|CHECK constraint failed in doc_state"),
    "annotation of no document": (["UPDATE annotations SET doc_id = 999 WHERE status = 'added'"], "belongs to no document"),
    "candidate outside the text": (["UPDATE candidates SET span_end = 1000000 WHERE id = (SELECT min(id) FROM candidates)"], "candidate .*not inside"),
    "handed-out list damaged": (["UPDATE project SET value = '{' WHERE key = 'package_uids'"], "package_uids"),
    "missing table": (["DROP TABLE doc_state"], "doc_state missing"),
    "missing column": (["ALTER TABLE annotations DROP COLUMN comment"], "annotations.comment missing"),
    "foreign application id": (["PRAGMA application_id = 7"], "not an annotator project"),
    "newer schema": (
        ["INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('annotator', 'm999_future', '')"],
        "newer version of annotator"),
    "no record of its schema": (["DROP TABLE _sqlite_migrations"], "_sqlite_migrations.*missing"),
    # bytes that are not UTF-8 (what flipped bits leave): found by benchmarks/soak.py
    "title not UTF-8": (["UPDATE documents SET title = CAST(x'ffa7' AS TEXT)"], "cannot be read as a package.*UTF-8"),
    "layer name not UTF-8": (["UPDATE annotators SET name = CAST(x'c3' AS TEXT) WHERE name = 'bob'"], "UTF-8"),
    "table name not UTF-8": (
        ["CREATE TABLE junk (x)", "PRAGMA writable_schema = ON",
         "UPDATE sqlite_master SET name = CAST(x'ffa7' AS TEXT), tbl_name = CAST(x'ffa7' AS TEXT) WHERE name = 'junk'"],
        "cannot be read as a package.*utf-8"),
    "a second decision on one candidate": (["{drop}", _COPY_ROW.format("candidate_key IS NOT NULL")], "second decision on candidate"),
    "a second identical span": (["{drop}", _COPY_ROW.format("status = 'added'")], "second identical span"),
}


@pytest.mark.parametrize("case", CORRUPTIONS)
def test_a_corrupted_package_is_refused_and_nothing_changes(master: Store, bob_package: Path, case: str) -> None:
    statements, message = CORRUPTIONS[case]
    drops = drop_unique_indexes(bob_package)
    corrupt(bob_package, *[d for s in statements for d in (drops if s == "{drop}" else [s])])
    assert_refused(master, [bob_package], message)


def test_the_file_itself_is_checked_first(master: Store, tmp_path: Path) -> None:
    text = tmp_path / "notes.annotator.db"
    text.write_text("not a database at all, just some notes\n" * 100, encoding="utf-8")
    assert_refused(master, [text], "cannot be read as a package")
    empty = tmp_path / "empty.annotator.db"
    empty.write_bytes(b"")
    assert_refused(master, [empty], "not an annotator project")
    foreign = tmp_path / "foreign.db"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE VIEW v AS SELECT 1")
    conn.close()
    assert_refused(master, [foreign], "not an annotator project")
    assert beside(foreign) == {"foreign.db"}
    assert_refused(master, [tmp_path / "nowhere.db"], "no such file")
    assert_refused(master, [Path(master.path)], "the project itself")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_is_refused_without_hanging(master: Store, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.annotator.db"
    os.mkfifo(fifo)
    assert_refused(master, [fifo], "not a regular file")


def test_sizes_have_limits(master: Store, bob_package: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(package_check._COUNT_LIMITS, "annotations", 2)
    assert_refused(master, [bob_package], "too large to be a package: 3 rows in annotations")
    monkeypatch.setitem(package_check._LIMITS, "annotations.comment", 3)
    corrupt(bob_package, "UPDATE annotations SET comment = 'a long comment'")
    monkeypatch.setitem(package_check._COUNT_LIMITS, "annotations", 10)
    assert_refused(master, [bob_package], "annotations.comment of row .* is 14 long")


def test_an_annotation_with_a_uid_of_another_layer_is_refused(master: Store, bob_package: Path) -> None:
    alices = master.annotations(3, "alice")[0].uid
    corrupt(bob_package, f"UPDATE annotations SET uid = '{alices}' WHERE status = 'added'")
    assert_refused(master, [bob_package], f"annotation {alices} of layer 'bob' has the uid of an annotation of layer 'alice'")


def test_merging_several_packages_is_all_or_nothing(master: Store, bob_package: Path, tmp_path: Path) -> None:
    carol = Path(package(master, "carol", tmp_path / "carol.annotator.db", ids=[4]).path)
    with Store.open(carol, create=False) as pkg:
        an.add_span(pkg, "carol", 1, 0, 4, "SLOGAN")
    # carol's first package is fine; her second reuses one of bob's uids: neither is merged
    second = tmp_path / "carol2.annotator.db"
    Path(package(master, "carol", second, ids=[5]).path)
    with Store.open(second, create=False) as pkg:
        an.add_span(pkg, "carol", 1, 0, 4, "SLOGAN")
    with Store.open(bob_package, create=False) as pkg:
        bobs = next(a.uid for a in pkg.annotations(2, "bob") if a.status == "added")
    corrupt(second, f"UPDATE annotations SET uid = '{bobs}'")
    assert_refused(master, [carol, bob_package, second], f"has the uid of an annotation of layer 'bob'.*{bob_package.name}", names=second)
    assert_refused(master, [bob_package, carol, tmp_path / "missing.annotator.db"], "no such file", names=tmp_path / "missing.annotator.db")
    report = merge(master, [bob_package, carol])
    assert report.layers == ("bob", "carol") and report.added == 4


@pytest.mark.parametrize("journal_mode", ["wal", "delete"])  # as an app leaves it / as `package` makes it
def test_merge_never_writes_into_the_package(master: Store, bob_package: Path, journal_mode: str) -> None:
    """The package file is byte-identical after a real merge process, and nothing new lies
    beside it (no -wal or -shm)."""
    db = master.path
    master.close()
    corrupt(bob_package, f"PRAGMA journal_mode={journal_mode}")
    before, files = digest(bob_package), beside(bob_package)
    assert files == {bob_package.name}
    done = subprocess.run([sys.executable, "-m", "annotator", "merge", str(bob_package), "--db", db],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Merged 1 file(s), layers bob: 3 added" in done.stdout
    assert digest(bob_package) == before and beside(bob_package) == files
    with Store.open(db, create=False) as store:
        assert [a.label for a in store.annotations(2, "bob") if a.status == "added"] == ["SLOGAN"]


_WRITER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA journal_mode=wal")
conn.execute("PRAGMA wal_autocheckpoint=0")
conn.execute("UPDATE annotations SET comment = 'written by a live app' WHERE status = 'added'")
print("ready", flush=True)
sys.stdin.readline()
"""


def test_a_package_open_in_a_live_app_is_read_with_its_log_and_left_alone(master: Store, bob_package: Path) -> None:
    writer = subprocess.Popen([sys.executable, "-c", _WRITER, str(bob_package)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().strip() == "ready"
        files = {name: digest(bob_package.parent / name) for name in beside(bob_package) if not name.endswith("-shm")}
        assert f"{bob_package.name}-wal" in files
        merge(master, [bob_package])
        assert [a.comment for a in master.annotations(2, "bob") if a.status == "added"] == ["written by a live app"]
        assert {name: digest(bob_package.parent / name) for name in files} == files
    finally:
        writer.communicate("\n", timeout=30)


def test_a_package_moving_a_decision_onto_another_is_kept_apart_and_journalled_once(master: Store, tmp_path: Path) -> None:
    an.add_span(master, "dora", 1, 0, 4, "SLOGAN")
    an.add_span(master, "dora", 1, 10, 14, "SLOGAN")
    path = Path(package(master, "dora", tmp_path / "dora.annotator.db", ids=[1]).path)
    with Store.open(path, create=False) as pkg:  # dora moves her first span...
        first = next(i for i in an.document_items(pkg, "dora", 1) if i.candidate is None and i.start == 0)
        an.resize(pkg, "dora", first, 0, 5)
        an.add_span(pkg, "dora", 1, 0, 4, "SLOGAN")  # ...and adds a new one where it was
    with Store.open(path, create=False) as pkg:
        expected = sorted((a.start, a.end, a.label) for a in pkg.annotations(1, "dora"))
    report = merge(master, [path])
    assert sorted((a.start, a.end, a.label) for a in master.annotations(1, "dora")) == expected
    assert (report.added, report.updated) == (1, 1)
    # meanwhile dora adds a span here where the package then moves her 10:14 span to
    an.add_span(master, "dora", 1, 0, 6, "SLOGAN")
    with Store.open(path, create=False) as pkg:
        moved = next(i for i in an.document_items(pkg, "dora", 1) if i.candidate is None and i.start == 10)
        an.resize(pkg, "dora", moved, 0, 6)
    rows = master.annotations(1, "dora")
    report = merge(master, [path])
    assert report.kept == 1 and master.annotations(1, "dora") == rows  # no second span 0:6
    conflict = [e for e in master.events(1) if e.action == "merge conflict"][-1]
    assert (conflict.before["start"], conflict.before["end"], conflict.before["project"]) == (0, 6, str(path))
    events = len(master.events())
    again = merge(master, [path])
    assert again.kept == 1 and len(master.events()) == events  # journalled once
