"""Package → annotate elsewhere → merge: nothing lost, conflicts resolved by time and
journalled, merging twice changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator import services
from annotator.cli import main
from annotator.errors import AnnotatorError
from annotator.services import annotating as an
from annotator.services.teamwork import merge, package
from annotator.store import Store


@pytest.fixture
def master(detected_project: Store) -> Store:
    return detected_project


def rows(store: Store, doc_id: int, layer: str) -> list[tuple]:
    return sorted((a.start, a.end, a.label, a.status, a.comment) for a in store.annotations(doc_id, layer))


def test_package_holds_documents_candidates_codebook_and_layer(master: Store, tmp_path: Path) -> None:
    an.accept(master, "bob", an.document_items(master, "bob", 2)[0])
    report = package(master, "bob", tmp_path / "bob.annotator.db", ids=[2, 4])
    assert (report.documents, report.annotations) == (2, 1)
    with Store.open(report.path, create=False) as pkg:
        assert [d.text for d in pkg.documents()] == [master.document(2).text, master.document(4).text]
        assert pkg.summary().candidates == report.candidates > 0
        assert services.project_codebook(pkg).labels == services.project_codebook(master).labels
        assert rows(pkg, 1, "bob") == rows(master, 2, "bob")
    with pytest.raises(AnnotatorError, match="already exists"):
        package(master, "bob", tmp_path / "bob.annotator.db", count=1)
    with pytest.raises(AnnotatorError, match="no document with id 99"):
        package(master, "bob", tmp_path / "other.annotator.db", ids=[99])
    with pytest.raises(AnnotatorError, match=f"no document with id {10**30}"):  # too big for SQLite
        package(master, "bob", tmp_path / "other.annotator.db", ids=[10**30])
    assert not (tmp_path / "other.annotator.db").exists()


def test_round_trip_and_idempotent_merge(master: Store, tmp_path: Path) -> None:
    path = package(master, "bob", tmp_path / "bob.annotator.db", count=2).path
    with Store.open(path, create=False) as pkg:  # bob works on his laptop
        for item in an.document_items(pkg, "bob", 1)[:3]:
            an.accept(pkg, "bob", item)
        an.add_span(pkg, "bob", 2, 0, 4, "SLOGAN")
        an.set_document_status(pkg, "bob", 1, "done")
        expected = {1: rows(pkg, 1, "bob"), 2: rows(pkg, 2, "bob")}
    report = merge(master, [path])
    assert (report.added, report.updated, report.kept, report.new_documents) == (4, 0, 0, 0)
    assert rows(master, 1, "bob") == expected[1] and rows(master, 2, "bob") == expected[2]
    assert master.doc_state(1, "bob").status == "done"
    events = len(master.events())
    again = merge(master, [path])
    assert (again.added, again.updated, again.kept, again.states, again.unchanged) == (0, 0, 0, 0, 4)
    assert len(master.events()) == events  # nothing changed, nothing journalled


def test_conflict_later_change_wins_and_the_other_is_journalled(master: Store, tmp_path: Path) -> None:
    item = an.document_items(master, "bob", 1)[0]
    an.accept(master, "bob", item)
    path = package(master, "bob", tmp_path / "bob.annotator.db", ids=[1]).path
    with Store.open(path, create=False) as pkg:  # later, on the laptop: rejected after all
        an.reject(pkg, "bob", next(i for i in an.document_items(pkg, "bob", 1) if i.key == item.key))
    report = merge(master, [path])
    assert report.updated == 1
    assert [a.status for a in master.annotations(1, "bob")] == ["rejected"]
    conflict = [e for e in master.events() if e.action == "merge conflict"]
    assert conflict and conflict[0].before["status"] == "accepted" and conflict[0].after["status"] == "rejected"
    # now the master changes it again, later than the package: the master's version is kept
    an.relabel(master, "bob", an.document_items(master, "bob", 1)[0], "HONOUR" if item.label != "HONOUR" else "TARGET")
    kept = merge(master, [path])
    assert kept.kept == 1 and master.annotations(1, "bob")[0].status == "relabelled"


def test_merge_brings_new_documents(master: Store, tmp_path: Path) -> None:
    other = Store.open(tmp_path / "elsewhere.annotator.db")
    article = tmp_path / "new.txt"
    article.write_text("新文章\n确保年内新增高新技术企业5家", encoding="utf-8")
    services.import_paths(other, [article])
    an.add_span(other, "carol", 1, 4, 8, "TARGET")
    other.close()
    report = merge(master, [tmp_path / "elsewhere.annotator.db"])
    assert report.new_documents == 1 and master.document_count() == 6
    assert rows(master, 6, "carol") == [(4, 8, "TARGET", "added", "")]


def test_cli_package_and_merge(master: Store, tmp_path: Path) -> None:
    db = master.path
    master.close()
    ids = tmp_path / "ids.txt"
    ids.write_text("1\n3\n", encoding="utf-8")
    out = tmp_path / "pkg.annotator.db"
    made = CliRunner().invoke(main, ["package", "--db", db, "--annotator", "dave", "--ids", str(ids), "--out", str(out)])
    assert made.exit_code == 0, made.output
    assert "2 document(s)" in made.output
    merged = CliRunner().invoke(main, ["merge", str(out), "--db", db])
    assert merged.exit_code == 0 and "Merged 1 file(s), layers dave" in merged.output


def test_relabels_and_deletions_in_the_package_come_back(master: Store, tmp_path: Path) -> None:
    an.add_span(master, "alice", 1, 0, 4, "SLOGAN")
    an.add_span(master, "alice", 1, 10, 14, "TARGET")
    path = package(master, "alice", tmp_path / "alice.annotator.db", ids=[1]).path
    with Store.open(path, create=False) as pkg:
        own = [i for i in an.document_items(pkg, "alice", 1) if i.candidate is None and i.start in (0, 10)]
        first = next(i for i in own if i.start == 0)
        second = next(i for i in own if i.start == 10)
        an.relabel(pkg, "alice", first, "TARGET")
        an.reject(pkg, "alice", second)  # removes an own span
    report = merge(master, [path])
    assert (report.updated, report.deleted) == (1, 1)
    assert [(a.start, a.end, a.label) for a in master.annotations(1, "alice") if a.start in (0, 10)] == [(0, 4, "TARGET")]
    again = merge(master, [path])
    assert (again.added, again.updated, again.deleted, again.kept) == (0, 0, 0, 0)


# ---------------------------------------------------------------- package: complete or absent

_KILLED_MIDWAY = """
import sys, time
from annotator.services import teamwork
fill = teamwork._fill
def slow_fill(*args):
    result = fill(*args)
    print("filled", flush=True)
    time.sleep(120)
    return result
teamwork._fill = slow_fill
from annotator.cli import main
main()
"""


def test_a_killed_package_leaves_nothing_under_its_name_and_the_rerun_works(master: Store, tmp_path: Path) -> None:
    import subprocess
    import sys

    db, out = master.path, tmp_path / "bob.annotator.db"
    master.close()
    args = ["package", "--db", db, "--annotator", "bob", "--docs", "2", "--out", str(out)]
    run = subprocess.Popen([sys.executable, "-c", _KILLED_MIDWAY, *args], stdout=subprocess.PIPE, text=True)
    try:
        assert run.stdout.readline().strip() == "filled"
        assert not out.exists()
    finally:
        run.kill()
        run.wait(timeout=30)
    assert not out.exists()
    left = [p.name for p in tmp_path.iterdir() if ".partial-" in p.name]
    assert left  # the killed run's unfinished package
    live = tmp_path / f".{out.name}.partial-1"  # a run still going (pid 1 lives) keeps its own
    live.write_bytes(b"")
    again = CliRunner().invoke(main, args)
    assert again.exit_code == 0, again.output
    with Store.open(out, create=False) as pkg:
        assert pkg.document_count() == 2
    assert [p.name for p in tmp_path.iterdir() if ".partial-" in p.name] == [live.name]  # the dead run's went


def test_a_failing_package_removes_its_partial_file(master: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from annotator.services import teamwork

    def broken(source, target, annotator, chosen):
        with target.transaction():
            target.ensure_annotator(annotator)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(teamwork, "_fill", broken)
    out = tmp_path / "bob.annotator.db"
    with pytest.raises(AnnotatorError, match="bob.annotator.db: the package could not be written.*No space left"):
        package(master, "bob", out, count=1)
    assert sorted(p.name for p in tmp_path.iterdir() if "bob" in p.name) == []
    monkeypatch.undo()
    assert package(master, "bob", out, count=1).documents == 1


def test_package_is_one_finished_file_and_never_replaces_one_that_appeared(master: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from annotator.services import teamwork

    out = tmp_path / "bob.annotator.db"
    package(master, "bob", out, count=1)
    assert sorted(p.name for p in tmp_path.iterdir() if "bob" in p.name) == [out.name]  # no -wal, no partial
    fill = teamwork._fill

    def someone_else_writes_there(source, target, annotator, chosen):
        result = fill(source, target, annotator, chosen)
        other.write_text("theirs", encoding="utf-8")
        return result

    other = tmp_path / "carol.annotator.db"
    monkeypatch.setattr(teamwork, "_fill", someone_else_writes_there)
    with pytest.raises(AnnotatorError, match="appeared while the package was being written"):
        package(master, "carol", other, count=1)
    assert other.read_text(encoding="utf-8") == "theirs"
    assert sorted(p.name for p in tmp_path.iterdir() if "carol" in p.name) == [other.name]
    with pytest.raises(AnnotatorError, match="gold layer is written only by adjudication"):
        package(master, "gold", tmp_path / "gold.annotator.db", count=1)


def test_cli_refusals_are_one_sentence_and_exit_1(master: Store, tmp_path: Path) -> None:
    db = master.path
    master.close()
    missing = CliRunner().invoke(main, ["merge", str(tmp_path / "nowhere.db"), "--db", db])
    assert missing.exit_code == 1 and missing.output.strip().splitlines() == [f"Error: {tmp_path / 'nowhere.db'}: no such file; nothing was merged"]
    notes = tmp_path / "notes.db"
    notes.write_text("hello", encoding="utf-8")
    refused = CliRunner().invoke(main, ["merge", str(notes), "--db", db])
    assert refused.exit_code == 1 and len(refused.output.strip().splitlines()) == 1 and str(notes) in refused.output
    ids = tmp_path / "ids.txt"
    ids.write_text("1\n" + "9" * 30 + "\n", encoding="utf-8")
    huge = CliRunner().invoke(main, ["package", "--db", db, "--annotator", "bob", "--ids", str(ids), "--out", str(tmp_path / "p.db")])
    assert huge.exit_code == 1 and "9" * 30 in huge.output and len(huge.output.strip().splitlines()) == 1
    assert not (tmp_path / "p.db").exists()


def test_merge_ignores_a_packages_model_and_keeps_the_projects_own(master: Store, tmp_path: Path) -> None:
    """A package's model was trained on one annotator's copy: merging takes their decisions
    (the project's model learns them at its next training), never their model."""
    from annotator import store_models
    from annotator.records import StoredModel

    own = StoredModel("shared", "1", "f" * 16, {"labels": {}}, b"the project's model", "2026-01-01T00:00:00.000Z")
    with master.transaction():
        store_models.put_model(master, own)
    path = package(master, "bob", tmp_path / "bob.annotator.db", count=1).path
    with Store.open(path, create=False) as pkg:
        assert store_models.stored_model(pkg, "shared") is None  # a package carries no model
        an.add_span(pkg, "bob", 1, 0, 4, "SLOGAN")
        with pkg.transaction():
            store_models.put_model(pkg, StoredModel("shared", "1", "0" * 16, {}, b"bob's model", "2026-02-01T00:00:00.000Z"))
            store_models.put_model(pkg, StoredModel("layer:9", "1", "1" * 16, {}, b"bob's own", "2026-02-01T00:00:00.000Z"))
    report = merge(master, [path])
    assert report.added == 1
    assert store_models.stored_model(master, "shared") == own
    assert store_models.stored_model(master, "layer:9") is None
