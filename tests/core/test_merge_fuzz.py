"""Fuzzing merge with damaged packages: whatever is done to a package, merge either merges it
or refuses it with an AnnotatorError (never another exception), and a refusal leaves the
project unchanged. The package file itself is never changed by a merge."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_import import snapshot
from test_merge_checks import annotate_as_bob

from annotator import services, textio
from annotator.errors import AnnotatorError
from annotator.services import annotating as an
from annotator.services.teamwork import merge, package
from annotator.store import Store

# Modest for CI; ANNOTATOR_FUZZ_EXAMPLES=2000 for a long run.
FUZZ = settings(max_examples=int(os.environ.get("ANNOTATOR_FUZZ_EXAMPLES", "40")),
                suppress_health_check=[HealthCheck.function_scoped_fixture])

TABLES = {
    "documents": ("title", "text", "text_hash", "script", "meta", "source_line", "imported_at"),
    "annotators": ("name", "kind"),
    "candidates": ("doc_id", "span_start", "span_end", "label", "score"),
    "annotations": ("doc_id", "annotator_id", "span_start", "span_end", "label", "status", "candidate_key",
                    "comment", "uncertain", "created_at", "updated_at", "uid"),
    "doc_state": ("doc_id", "annotator_id", "status", "seconds", "updated_at"),
    "project": ("value",),
}

values = st.one_of(
    st.none(), st.integers(min_value=-(2**63), max_value=2**63 - 1), st.floats(), st.text(max_size=40),
    st.binary(max_size=40), st.sampled_from(["gold", "SLOGAN", "added", "accepted", "done", "0:4:SLOGAN", "[]", "{}", ""]),
)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project and bob's annotated package of it, closed, to copy for each example."""
    folder = tmp_path_factory.mktemp("merge-fuzz")
    with Store.open(folder / "project.db") as store:
        services.import_paths(store, [Path(__file__).resolve().parents[2] / "seeds"])
        services.detect_project(store)
        an.add_span(store, "alice", 3, 0, 4, "TARGET")
        package(store, "bob", folder / "bob.db", ids=[1, 2])
    annotate_as_bob(folder / "bob.db")
    return folder


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def corrupt(path: Path, *statements: tuple) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.create_function("text_hash", 1, textio.text_hash)
    conn.execute("PRAGMA ignore_check_constraints = ON")
    for statement, *params in statements:
        conn.execute(statement, params)
    conn.close()


def merge_copy(template: Path, damage, *, must_refuse: bool) -> None:
    """Copy the template, damage the package, merge it: refused (AnnotatorError, project
    unchanged) or merged; the package file is unchanged either way."""
    with tempfile.TemporaryDirectory() as folder:
        project, pkg = Path(folder) / "project.db", Path(folder) / "bob.db"
        shutil.copy(template / "project.db", project)
        shutil.copy(template / "bob.db", pkg)
        try:
            damage(pkg)
        except sqlite3.Error:  # the damage itself was refused by SQLite (a unique column...)
            if must_refuse:
                raise
            return
        before, package_bytes = snapshot(project), digest(pkg)
        with Store.open(project, create=False) as store:
            try:
                merge(store, [pkg])
            except AnnotatorError as refused:
                assert str(pkg) in str(refused)
                store.close()
                assert snapshot(project) == before
            else:
                assert not must_refuse, "a damaged package was merged"
        assert digest(pkg) == package_bytes


@FUZZ
@given(table=st.sampled_from(sorted(TABLES)), data=st.data(), value=values)
def test_any_value_anywhere(template: Path, table: str, data: st.DataObject, value) -> None:
    column = data.draw(st.sampled_from(TABLES[table]))
    row = data.draw(st.integers(min_value=1, max_value=4))
    merge_copy(template, lambda p: corrupt(p, (f"UPDATE {table} SET {column} = ? WHERE rowid = ?", value, row)),
               must_refuse=False)


@FUZZ
@given(start=st.integers(min_value=-(2**63), max_value=2**63 - 1), end=st.integers(min_value=-(2**63), max_value=2**63 - 1),
       which=st.sampled_from(["annotations", "candidates"]))
def test_spans_outside_their_text(template: Path, start: int, end: int, which: str) -> None:
    if 0 <= start < end:  # possibly inside the text: move the end past any seed article's
        end = 1_000_000 + end % 1000
    merge_copy(template, lambda p: corrupt(p, (f"UPDATE {which} SET span_start = ?, span_end = ? WHERE rowid = "
                                               f"(SELECT min(rowid) FROM {which})", start, end)), must_refuse=True)


@FUZZ
@given(kind=st.sampled_from(["text", "hash", "label", "gold name", "gold kind", "gold annotations", "uid collision",
                             "drop table", "application id", "status", "future"]),
       text=st.text(min_size=1, max_size=20), number=st.integers(min_value=1, max_value=2**31 - 1))
def test_each_kind_of_damage_is_refused(template: Path, kind: str, text: str, number: int) -> None:
    with Store.open(template / "project.db", create=False) as store:
        alices = store.annotations(3, "alice")[0].uid
    statements = {
        "text": [("UPDATE documents SET text = text || ? WHERE id = 1", text)],
        "hash": [("UPDATE documents SET text_hash = ? WHERE id = 2", textio.text_hash(text))],
        "label": [("UPDATE annotations SET label = ? WHERE status = 'added'", "X" + text)],
        "gold name": [("UPDATE annotators SET name = ? WHERE kind = 'gold'", "old" + text),
                      ("UPDATE annotators SET name = 'gold' WHERE name = 'bob'",)],
        "gold kind": [("UPDATE annotators SET kind = 'gold' WHERE name = 'bob'",)],
        "gold annotations": [("UPDATE annotations SET annotator_id = (SELECT id FROM annotators WHERE kind = 'gold') "
                              "WHERE rowid = (SELECT max(rowid) FROM annotations)",)],
        "uid collision": [("UPDATE annotations SET uid = ? WHERE status = 'added'", alices)],
        "drop table": [(f"DROP TABLE {sorted(TABLES)[number % len(TABLES)]}",)],
        "application id": [(f"PRAGMA application_id = {number if number != 0x414E4E4F else 1}",)],
        "status": [("UPDATE annotations SET status = ? WHERE status = 'added'", "s" + text)],
        "future": [("UPDATE annotations SET updated_at = ?", f"{2100 + number % 7000}-01-01T00:00:00.000Z")],
    }[kind]
    merge_copy(template, lambda p: corrupt(p, *statements), must_refuse=True)


@FUZZ
@given(offset=st.integers(min_value=0, max_value=200_000), garbage=st.binary(min_size=1, max_size=64),
       truncate=st.booleans())
def test_garbage_bytes(template: Path, offset: int, garbage: bytes, truncate: bool) -> None:
    def damage(path: Path) -> None:
        data = bytearray(path.read_bytes())
        at = offset % len(data)
        if truncate:
            del data[at:]
        else:
            data[at: at + len(garbage)] = garbage
        path.write_bytes(bytes(data))

    merge_copy(template, damage, must_refuse=False)
