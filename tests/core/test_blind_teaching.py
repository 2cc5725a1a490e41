"""Blind teaching: what an annotator confirms becomes candidates for that annotator alone;
what the gold layer confirms, for everyone. A document a layer marked done never gains
undecided candidates silently: they are recorded as new suggestions until decided."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from annotator import services
from annotator.records import GOLD_LAYER, CandidateSpan, NewSuggestions
from annotator.services import adjudication
from annotator.services import annotating as an
from annotator.services.teamwork import merge, package
from annotator.store import Store

PHRASE = "吉事即办"
TEXTS = {
    "a.txt": "甲县\n今年全面推行吉事即办改革。",
    "b.txt": "乙县\n我们学习吉事即办经验。",
    "c.txt": "丙县\n吉事即办让群众满意。",
}


def make(tmp_path: Path, name: str = "p.annotator.db") -> Store:
    folder = tmp_path / "docs"
    if not folder.exists():
        folder.mkdir()
        for file, text in TEXTS.items():
            (folder / file).write_text(text, encoding="utf-8")
    store = Store.open(tmp_path / name)
    services.import_paths(store, [folder])
    services.detect_project(store)
    with store.transaction():
        store.ensure_annotator("alice")
        store.ensure_annotator("bob")
    return store


@pytest.fixture
def store(tmp_path: Path) -> Store:
    project = make(tmp_path)
    yield project
    project.close()


def doc(store: Store, name: str):
    return next(d for d in store.documents() if d.source_path.endswith(name))


def seen(store: Store, layer: str, doc_id: int) -> list[tuple]:
    """What ``layer`` is shown in a document: (start, end, label, rule, status)."""
    return [(i.start, i.end, i.label, i.rule, i.status) for i in an.document_items(store, layer, doc_id)]


def learned(store: Store, layer: str, doc_id: int) -> list[tuple]:
    return [(s, e, label) for s, e, label, rule, _ in seen(store, layer, doc_id) if rule.startswith("learned:")]


def teach(store: Store, layer: str, name: str = "a.txt") -> an.Change:
    a = doc(store, name)
    start = a.text.index(PHRASE)
    return an.add_span(store, layer, a.id, start, start + len(PHRASE), "SLOGAN")


def place(store: Store, name: str) -> tuple[int, int, str]:
    start = doc(store, name).text.index(PHRASE)
    return (start, start + len(PHRASE), "SLOGAN")


def test_what_alice_teaches_is_hers_alone(store: Store) -> None:
    b, c = doc(store, "b.txt"), doc(store, "c.txt")
    bob_before = {d.id: seen(store, "bob", d.id) for d in (b, c)}
    bob_rows = store.document_rows([b.id, c.id], "bob")
    change = teach(store, "alice")
    assert change.learned  # alice's other documents gained the phrase, at once
    assert learned(store, "alice", b.id) == [place(store, "b.txt")]
    assert learned(store, "alice", c.id) == [place(store, "c.txt")]
    assert {d.id: seen(store, "bob", d.id) for d in (b, c)} == bob_before
    assert store.document_rows([b.id, c.id], "bob") == bob_rows  # his counts too
    assert [r.undecided for r in store.document_rows([b.id], "alice")] == [bob_rows[0].undecided + 1]
    assert all(c.owner == "alice" for c in store.document_candidates(b.id, "alice") if c.rule.startswith("learned:"))
    # Detection recomputes the same: hers, not bob's, not everyone's.
    services.detect_project(store)
    assert learned(store, "alice", b.id) == [place(store, "b.txt")]
    assert {d.id: seen(store, "bob", d.id) for d in (b, c)} == bob_before
    assert not any(r.rule.startswith("learned:") for r in store.candidates())
    # ... also a detection from scratch (every document recomputed).
    with store.transaction():
        store.db.execute("DELETE FROM detection_state")
    services.detect_project(store)
    assert learned(store, "alice", c.id) == [place(store, "c.txt")]
    assert {d.id: seen(store, "bob", d.id) for d in (b, c)} == bob_before


def test_undo_takes_back_what_alice_taught(store: Store) -> None:
    b = doc(store, "b.txt")
    change = teach(store, "alice")
    an.revert(store, change)
    assert learned(store, "alice", b.id) == []


def test_bob_learns_from_his_own_layer_only(store: Store) -> None:
    teach(store, "alice")
    teach(store, "bob", "b.txt")
    a, c = doc(store, "a.txt"), doc(store, "c.txt")
    assert learned(store, "bob", a.id) == [place(store, "a.txt")]
    assert learned(store, "bob", c.id) == [place(store, "c.txt")]
    # alice, who taught it too, is shown it once in c (her own copy), not twice
    assert learned(store, "alice", c.id) == [place(store, "c.txt")]


def test_gold_teaches_everyone(store: Store) -> None:
    teach(store, "alice")
    a, b = doc(store, "a.txt"), doc(store, "b.txt")
    span = place(store, "a.txt")
    adjudication.adjudicate(store, a.id, span[0], span[1], [span], "both agree")
    for layer in ("alice", "bob"):
        assert learned(store, layer, b.id) == [place(store, "b.txt")], layer  # once each, alice's copy gone
    [candidate] = [c for c in store.document_candidates(b.id, "bob") if c.rule.startswith("learned:")]
    assert candidate.owner is None
    services.detect_project(store)  # detection agrees: gold's phrases are everyone's
    for layer in ("alice", "bob", "carol"):
        assert learned(store, layer, b.id) == [place(store, "b.txt")], layer
    assert [r.rule for r in store.candidates(doc_id=b.id) if r.rule.startswith("learned:")] == ["learned:SLOGAN"]


def test_a_decision_on_her_own_candidate_survives_gold_teaching_the_same(store: Store) -> None:
    teach(store, "alice")
    a, b = doc(store, "a.txt"), doc(store, "b.txt")
    [item] = [i for i in an.document_items(store, "alice", b.id) if i.rule.startswith("learned:")]
    an.reject(store, "alice", item)
    span = place(store, "a.txt")
    adjudication.adjudicate(store, a.id, span[0], span[1], [span], "gold says yes")
    services.detect_project(store)
    [item] = [i for i in an.document_items(store, "alice", b.id) if i.rule.startswith("learned:")]
    assert item.status == "rejected" and item.candidate.owner is None
    assert store.candidate(item.annotation.candidate_id).owner is None  # re-attached to everyone's


def test_a_done_document_gaining_suggestions_says_so(store: Store) -> None:
    b, c = doc(store, "b.txt"), doc(store, "c.txt")
    undecided_before = store.document_rows([b.id], "bob")[0].undecided
    an.set_document_status(store, "bob", b.id, "done")  # with its rule candidates left undecided
    an.set_document_status(store, "alice", b.id, "done")
    teach(store, "bob")
    assert store.new_suggestions("bob") == [NewSuggestions(b.id, b.title, 1)]
    assert store.new_suggestions("alice") == []  # bob's teaching is not hers
    row = store.document_rows([b.id], "bob")[0]
    assert (row.status, row.undecided, row.new_suggestions) == ("done", undecided_before + 1, 1)
    assert store.doc_state(b.id, "bob").status == "done"  # not reopened behind his back
    assert store.document_rows([c.id], "bob")[0].new_suggestions == 0  # c was not marked done
    # Re-detection keeps them new; candidates that were there when he marked it done are not new.
    with store.transaction():
        store.db.execute("DELETE FROM detection_state")
    services.detect_project(store)
    assert store.new_suggestions("bob") == [NewSuggestions(b.id, b.title, 1)]
    # Deciding them clears it; the document stays done.
    [item] = [i for i in an.document_items(store, "bob", b.id) if i.rule.startswith("learned:")]
    an.accept(store, "bob", item)
    assert store.new_suggestions("bob") == [] and store.document_rows([b.id], "bob")[0].new_suggestions == 0
    assert store.doc_state(b.id, "bob").status == "done"


def test_gold_teaching_is_reported_in_every_layer_that_marked_it_done(store: Store) -> None:
    a, b = doc(store, "a.txt"), doc(store, "b.txt")
    for layer in ("alice", "bob"):
        an.set_document_status(store, layer, b.id, "done")
    with store.transaction():  # gold written by another tool: taught at the next detection
        store.insert_annotation(GOLD_LAYER, an.SpanValues(a.id, *place(store, "a.txt"), "added"), None)
    services.detect_project(store)
    for layer in ("alice", "bob"):
        assert store.new_suggestions(layer) == [NewSuggestions(b.id, b.title, 1)], layer
    an.set_document_status(store, "bob", b.id, "done")  # marking it done again acknowledges them
    assert store.new_suggestions("bob") == [] and len(store.new_suggestions("alice")) == 1


def test_owned_candidates_are_unique_per_owner(store: Store) -> None:
    b = doc(store, "b.txt")
    span = CandidateSpan(*place(store, "b.txt"), "learned:SLOGAN", 0.7)
    with store.transaction():
        assert store.add_candidates(b.id, [span], "t", owner="alice") == 1
        assert store.add_candidates(b.id, [span], "t", owner="bob") == 1
        assert store.add_candidates(b.id, [span], "t", owner="alice") == 0  # the same owner twice: refused
    with store.transaction(), pytest.raises(sqlite3.IntegrityError):
        store.db.execute(
            "INSERT INTO candidates (doc_id, span_start, span_end, label, rule, score, detector_version, created_at, "
            "owner_id) SELECT doc_id, span_start, span_end, label, rule, score, detector_version, created_at, owner_id "
            "FROM candidates WHERE owner_id IS NOT NULL LIMIT 1"
        )
    with store.transaction():  # everyone's now: the owned copies go, each layer sees it once
        assert store.add_candidates(b.id, [span], "t") == 1
    assert [c.owner for c in store.document_candidates(b.id, "alice") if c.rule == "learned:SLOGAN"] == [None]
    assert store.db.execute("SELECT count(*) FROM candidates WHERE owner_id IS NOT NULL").fetchone()[0] == 0


def test_a_package_carries_her_own_candidates_and_a_merge_shows_them_to_nobody_else(store: Store, tmp_path: Path) -> None:
    teach(store, "alice")
    b = doc(store, "b.txt")
    out = tmp_path / "alice.annotator.db"
    package(store, "alice", out, ids=[b.id])
    with Store.open(out) as handed:
        [pb] = list(handed.documents())
        assert learned(handed, "alice", pb.id) == [place(store, "b.txt")]
        [candidate] = [c for c in handed.document_candidates(pb.id, "alice") if c.rule.startswith("learned:")]
        assert candidate.owner == "alice"
        [item] = [i for i in an.document_items(handed, "alice", pb.id) if i.rule.startswith("learned:")]
        an.accept(handed, "alice", item)
    # Merged into a project that has not got the documents: only everyone's candidates come.
    other = Store.open(tmp_path / "other.annotator.db")
    report = merge(other, [out])
    assert report.new_documents == 1
    [ob] = list(other.documents())
    assert other.db.execute("SELECT count(*) FROM candidates WHERE owner_id IS NOT NULL").fetchone()[0] == 0
    assert learned(other, "bob", ob.id) == []
    assert [a.status for a in other.annotations(ob.id, "alice")] == ["accepted"]  # her decision came
    # ... and detection makes her own again, from her layer: still nobody else's.
    services.detect_project(other)
    assert learned(other, "bob", ob.id) == []
    assert [i.status for i in an.document_items(other, "alice", ob.id) if i.rule.startswith("learned:")] == ["accepted"]
    other.close()
    # Merged back into the master: her decision re-attaches to her own candidate.
    merge(store, [out])
    [item] = [i for i in an.document_items(store, "alice", b.id) if i.rule.startswith("learned:")]
    assert item.status == "accepted" and item.candidate.owner == "alice"
    assert learned(store, "bob", b.id) == []


def test_a_project_from_before_owners_is_upgraded(tmp_path: Path) -> None:
    """m007 on a project whose learned candidates were everyone's: they stay (owner NULL)
    until the next detection makes each annotator's phrases theirs."""
    store = make(tmp_path)
    teach(store, "alice")
    b = doc(store, "b.txt")
    store.close()
    path = tmp_path / "p.annotator.db"
    conn = sqlite3.connect(path)
    for statement in (
        "DROP TABLE new_suggestions",
        "DROP INDEX candidates_span",
        "UPDATE candidates SET owner_id = NULL",
        "ALTER TABLE candidates DROP COLUMN owner_id",
        "CREATE UNIQUE INDEX candidates_span ON candidates (doc_id, span_start, span_end, label)",
        "DELETE FROM _sqlite_migrations WHERE name = 'm007_candidate_owner_and_new_suggestions'",
        "PRAGMA user_version = 6",
    ):
        conn.execute(statement)
    conn.commit()
    conn.close()
    with Store.open(path) as upgraded:
        assert learned(upgraded, "bob", b.id) == [place(upgraded, "b.txt")]  # as before: everyone's
        services.detect_project(upgraded)
        assert learned(upgraded, "bob", b.id) == []
        assert learned(upgraded, "alice", b.id) == [place(upgraded, "b.txt")]


def test_an_export_of_candidates_holds_everyones_only(store: Store, tmp_path: Path) -> None:
    import json

    from annotator.export import ExportOptions, export_project

    teach(store, "alice")
    with store.transaction():  # one of everyone's (a rule's) beside alice's own
        store.add_candidates(doc(store, "b.txt").id, [CandidateSpan(0, 2, "HONOUR", "test:rule", 0.5)], "t")
    assert store.db.execute("SELECT count(*) FROM candidates WHERE owner_id IS NOT NULL").fetchone()[0] == 2
    report = export_project(store, tmp_path / "cands", ExportOptions(layer="candidates"))
    records = [json.loads(line) for line in Path(report.files[0]).read_text(encoding="utf-8").splitlines()]
    rules = [s.get("source") or s.get("rule") for r in records for s in r["spans"]]
    assert "test:rule" in rules and not any(str(rule).startswith("learned:") for rule in rules)
    assert len(rules) == store.db.execute("SELECT count(*) FROM candidates WHERE owner_id IS NULL").fetchone()[0]
