"""Annotating as the GUI does it, without the GUI: decisions, undo as inverse changes,
document state, the document list and search."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator import services
from annotator.errors import AnnotatorError
from annotator.services import annotating as an
from annotator.store import Store

ME, OTHER = "alice", "bob"


@pytest.fixture
def store(seeds: Path) -> Store:
    store = Store.memory()
    services.import_paths(store, [seeds])
    services.detect_project(store)
    return store


def first_undecided(store: Store, doc_id: int = 1, layer: str = ME) -> an.Item:
    return next(i for i in an.document_items(store, layer, doc_id) if not i.decided)


def layer_rows(store: Store, doc_id: int = 1, layer: str = ME) -> list[tuple]:
    return [(a.start, a.end, a.label, a.status, a.candidate_key, a.comment, a.uncertain) for a in store.annotations(doc_id, layer)]


def test_accept_reject_relabel_write_the_layer_and_journal(store: Store) -> None:
    item = first_undecided(store)
    change = an.accept(store, ME, item)
    assert layer_rows(store) == [(item.start, item.end, item.label, "accepted", item.candidate.key, "", False)]
    assert change.before is None and change.after.status == "accepted"
    assert an.accept(store, ME, an.document_items(store, ME, 1)[[i.key for i in an.document_items(store, ME, 1)].index(item.key)]) is None
    other_label = "TARGET" if item.label != "TARGET" else "SLOGAN"
    decided = next(i for i in an.document_items(store, ME, 1) if i.key == item.key)
    an.relabel(store, ME, decided, other_label)
    assert layer_rows(store)[0][2:4] == (other_label, "relabelled")
    decided = next(i for i in an.document_items(store, ME, 1) if i.key == item.key)
    an.reject(store, ME, decided)
    assert layer_rows(store)[0][2:4] == (item.label, "rejected")
    actions = [e.action for e in store.events(doc_id=1)]
    assert actions == ["accept", "relabel", "reject"]


def test_resize_and_add_and_remove_own_span(store: Store) -> None:
    item = first_undecided(store)
    an.resize(store, ME, item, item.start + 1, item.end)
    assert layer_rows(store)[0][:4] == (item.start + 1, item.end, item.label, "accepted")
    change = an.add_span(store, ME, 1, 0, 3, "SLOGAN")
    own = next(i for i in an.document_items(store, ME, 1) if i.candidate is None)
    assert (own.start, own.end, own.status, own.rule) == (0, 3, "added", "annotator")
    an.resize(store, ME, own, 0, 5)
    an.reject(store, ME, next(i for i in an.document_items(store, ME, 1) if i.candidate is None))
    assert all(i.candidate is not None for i in an.document_items(store, ME, 1))
    assert change.after.status == "added"


def test_flag_and_comment_accept_an_undecided_candidate_first(store: Store) -> None:
    item = first_undecided(store)
    an.set_uncertain(store, ME, item, True)
    decided = next(i for i in an.document_items(store, ME, 1) if i.key == item.key)
    an.set_comment(store, ME, decided, "边界不确定 — 看上下文")
    assert layer_rows(store)[0][3:] == ("accepted", item.candidate.key, "边界不确定 — 看上下文", True)


def test_undo_and_redo_are_inverse_changes_that_persist(store: Store, tmp_path: Path) -> None:
    item = first_undecided(store)
    change = an.accept(store, ME, item)
    undone = an.revert(store, change)
    assert layer_rows(store) == []
    redone = an.revert(store, undone)
    assert layer_rows(store)[0][3] == "accepted"
    an.revert(store, redone)
    assert layer_rows(store) == []
    assert [e.action for e in store.events(doc_id=1)] == ["accept", "undo accept", "undo undo accept", "undo undo undo accept"]
    # an undone deletion restores the span with its comment
    own = an.add_span(store, ME, 1, 0, 3, "SLOGAN")
    commented = an.set_comment(store, ME, an.Item(None, own.after), "mine")
    deleted = an.reject(store, ME, an.Item(None, commented.after))
    an.revert(store, deleted)
    assert layer_rows(store) == [(0, 3, "SLOGAN", "added", None, "mine", False)]


def test_layers_are_blind_to_each_other(store: Store) -> None:
    item = first_undecided(store)
    an.accept(store, OTHER, item)
    assert not any(i.decided for i in an.document_items(store, ME, 1))
    assert any(i.decided for i in an.document_items(store, OTHER, 1))


def test_gold_and_bad_spans_are_refused(store: Store) -> None:
    with pytest.raises(AnnotatorError, match="gold"):
        an.add_span(store, "gold", 1, 0, 2, "SLOGAN")
    with pytest.raises(AnnotatorError, match="unknown label"):
        an.add_span(store, ME, 1, 0, 2, "NOPE")
    with pytest.raises(AnnotatorError, match="not inside"):
        an.add_span(store, ME, 1, 5, 5, "SLOGAN")


def test_document_status_time_and_rows(store: Store) -> None:
    rows = store.document_rows([1, 2], ME)
    assert [r.status for r in rows] == ["todo", "todo"]
    undecided_before = rows[0].undecided
    an.accept(store, ME, first_undecided(store))
    an.add_time(store, ME, 1, 12.5)
    assert store.doc_state(1, ME).status == "in_progress"
    an.add_time(store, ME, 1, 2.5)
    assert store.doc_state(1, ME).seconds == pytest.approx(15.0)
    previous = an.set_document_status(store, ME, 1, "done")
    assert previous == "in_progress"
    row = store.document_rows([1], ME)[0]
    assert (row.status, row.undecided, row.spans) == ("done", undecided_before - 1, 1)
    assert store.layer_progress(ME) == (1, 5)
    assert store.document_rows([1], OTHER)[0].status == "todo"


def test_document_ids_filter_and_search(store: Store) -> None:
    assert store.document_ids(ME) == [1, 2, 3, 4, 5]
    an.set_document_status(store, ME, 2, "done")
    assert store.document_ids(ME, status="done") == [2]
    assert store.document_ids(ME, status="todo") == [1, 3, 4, 5]
    assert store.document_ids(ME, search="黨史學習教育") == [2, 5]  # FTS5 trigram; 5 has 党史学习教育
    assert store.document_ids(ME, search="吉水") == [1]  # two characters: a scan
    assert store.document_ids(ME, search="不存在的字符串") == []
    assert store.document_ids(ME, status="done", search="黨史") == [2]


def test_search_finds_documents_before_and_after_indexing(store: Store) -> None:
    assert store.search_indexed_upto() == 0
    assert store.document_ids(ME, search="黨史學習教育") == [2, 5]  # not indexed yet: scanned (5 is simplified)
    assert store.refresh_search_index(batch=2) == 3  # two indexed, three left
    assert store.document_ids(ME, search="黨史學習教育") == [2, 5]
    while store.refresh_search_index(batch=2):
        pass
    assert store.search_indexed_upto() == 5
    assert store.document_ids(ME, search="黨史學習教育") == [2, 5]
    # the index holds the simplified view (migration m006)
    assert store.db.execute("SELECT count(*) FROM documents_fts WHERE documents_fts MATCH '\"学习教育\"'").fetchone()[0] == 2  # 2 (traditional) and 5


@pytest.mark.parametrize("indexed", [False, True])
@pytest.mark.parametrize("query", ["党史学习教育", "黨史學習教育", "接续奋斗", "接續奮鬥", "党史", "奋斗"])
def test_search_finds_the_traditional_article_with_either_script(store: Store, query: str, indexed: bool) -> None:
    """Article 2 is traditional and mixes in simplified forms (接續奮斗): any spelling finds it."""
    while indexed and store.refresh_search_index(batch=2):
        pass
    assert 2 in store.document_ids(ME, search=query)


def test_find_all_marks_hits_in_either_script() -> None:
    from annotator.chinese import find_all

    text = "開創全縣高質量發展新篇章，接續奮斗。Economy"
    assert find_all(text, "高质量发展") == [(4, 9)]
    assert find_all(text, "奋斗") == [(15, 17)]
    assert find_all(text, "economy") == [(18, 25)]
    assert find_all(text, "  ") == []


def test_undo_survives_a_span_recreated_under_a_new_id(store: Store) -> None:
    """Add X, add Y, delete X; undo, undo, undo: each step finds its span again."""
    x = an.add_span(store, ME, 1, 0, 2, "SLOGAN")
    y = an.add_span(store, ME, 1, 3, 5, "SLOGAN")
    deleted = an.reject(store, ME, an.Item(None, x.after))
    restored = an.revert(store, deleted)  # X is back, under a new id
    assert restored.after.id != x.after.id
    an.revert(store, y)
    an.revert(store, x)  # X's own add: found by what it says
    assert layer_rows(store) == []


def test_undo_takes_back_what_a_decision_taught(store: Store) -> None:
    before = store.summary().candidates
    start = store.document(1).text.index("发展")
    change = an.add_span(store, ME, 1, start, start + 2, "SLOGAN")
    assert change.learned and store.summary().candidates > before
    an.revert(store, change)
    assert store.summary().candidates == before


def test_looking_at_a_document_is_not_working_on_it(store: Store) -> None:
    an.add_time(store, ME, 1, 30.0)
    assert store.doc_state(1, ME).status == "todo" and store.doc_state(1, ME).seconds == 30.0
    assert store.layer_names_of(1) == []  # not exported as a (false) negative
    an.accept(store, ME, first_undecided(store))
    assert store.doc_state(1, ME).status == "in_progress" and store.layer_names_of(1) == [ME]


def test_flag_on_an_undecided_candidate_is_one_undoable_change(store: Store) -> None:
    change = an.set_uncertain(store, ME, first_undecided(store), True)
    assert change.before is None and change.after.uncertain and change.after.status == "accepted"
    an.revert(store, change)
    assert layer_rows(store) == []


def test_a_span_added_where_a_candidate_is_accepts_it(store: Store) -> None:
    item = first_undecided(store)
    change = an.add_span(store, ME, 1, item.start, item.end, item.label)
    assert change.after.status == "accepted" and change.after.candidate_key == item.candidate.key
    assert an.add_span(store, ME, 1, item.start, item.end, item.label) is None
    own = an.add_span(store, ME, 1, 0, 2, "HONOUR")
    assert an.add_span(store, ME, 1, 0, 2, "HONOUR") is None and own is not None
    keys = [i.key for i in an.document_items(store, ME, 1)]
    assert len(keys) == len(set(keys))


def test_search_ignores_ascii_case_indexed_or_not(store: Store, tmp_path: Path) -> None:
    article = tmp_path / "latin.txt"
    article.write_text("标题\n推进 Smart City 建设", encoding="utf-8")
    services.import_paths(store, [article])
    assert store.document_ids(ME, search="smart city") == [6]  # not indexed yet: scanned
    while store.refresh_search_index():
        pass
    assert store.document_ids(ME, search="smart city") == [6]


# ---------------------------------------------------------------- another process meanwhile
# The window's Item is a snapshot; a second connection to the same file (another process: a
# merge, an import, a second window) decides meanwhile. A decision is made against the
# project as it is when it is written: never a second row, the real before in the journal.


@pytest.fixture
def two_connections(tmp_path: Path, seeds: Path):
    """(the window's connection, another process's connection) to one project file."""
    path = tmp_path / "shared.annotator.db"
    with Store.open(path) as setup:
        services.import_paths(setup, [seeds])
        services.detect_project(setup)
    window, other = Store.open(path, create=False), Store.open(path, create=False)
    yield window, other
    window.close()
    other.close()


def decisions_on(store: Store, key: str, doc_id: int = 1) -> list[tuple]:
    return [(a.label, a.status, a.comment, a.uncertain) for a in store.annotations(doc_id, ME) if a.candidate_key == key]


def test_a_stale_item_updates_the_decision_made_meanwhile(two_connections) -> None:
    window, other = two_connections
    seen = first_undecided(window)  # what the window shows: undecided
    theirs = an.set_comment(other, ME, first_undecided(other), "from the merge")  # accepted elsewhere
    change = an.reject(window, ME, seen)
    assert decisions_on(other, seen.key) == [(seen.label, "rejected", "from the merge", False)]  # one row, updated
    assert change.before.id == theirs.after.id and change.before.status == "accepted"
    journal = [e for e in other.events(doc_id=1) if e.action == "reject"]
    assert journal[-1].before["status"] == "accepted" and journal[-1].before["comment"] == "from the merge"
    an.revert(window, change)  # undo brings back what was really there before
    assert decisions_on(other, seen.key) == [(seen.label, "accepted", "from the merge", False)]


def test_every_gesture_on_a_stale_item_leaves_one_decision(two_connections) -> None:
    window, other = two_connections
    items = [i for i in an.document_items(window, ME, 1) if not i.decided][:4]
    for item in items:
        an.accept(other, ME, item)
    relabel_to = "TARGET" if items[1].label != "TARGET" else "SLOGAN"
    an.accept(window, ME, items[0])  # says so already: nothing written
    an.relabel(window, ME, items[1], relabel_to)
    an.set_uncertain(window, ME, items[2], True)
    an.resize(window, ME, items[3], items[3].start + 1, items[3].end)
    keys = [a.candidate_key for a in other.annotations(1, ME)]
    assert sorted(keys) == sorted(i.key for i in items)  # one decision per candidate
    assert decisions_on(other, items[1].key)[0][:2] == (relabel_to, "relabelled")
    assert decisions_on(other, items[2].key) == [(items[2].label, "accepted", "", True)]
    assert [e.action for e in other.events(doc_id=1)].count("accept") == 4  # the window's accept wrote nothing


def test_a_decision_deleted_meanwhile_is_written_anew(two_connections) -> None:
    window, other = two_connections
    decided = an.accept(window, ME, first_undecided(window))
    stale = an.Item(window.candidate(decided.after.candidate_id), decided.after)
    with other.transaction():
        other.delete_annotation(decided.after.id)
    change = an.relabel(window, ME, stale, "TARGET" if stale.label != "TARGET" else "SLOGAN")
    assert change.before is None and len(decisions_on(other, stale.key)) == 1


def test_a_span_added_meanwhile_is_not_added_twice(two_connections) -> None:
    window, other = two_connections
    items = an.document_items(window, ME, 1)  # the window's view: no span at [0, 2)
    assert not any(i.start == 0 and i.end == 2 for i in items)
    an.add_span(other, ME, 1, 0, 2, "HONOUR")
    # the window's add, from its snapshot (made before the other's): written against the project as it is now
    change = an.apply(window, ME, 1, "add", None, an.SpanValues(1, 0, 2, "HONOUR", "added"))
    assert change is None
    assert [(a.start, a.end, a.label) for a in other.annotations(1, ME)] == [(0, 2, "HONOUR")]


def test_undo_copes_with_changes_made_meanwhile(two_connections) -> None:
    window, other = two_connections
    change = an.accept(window, ME, first_undecided(window))
    with other.transaction():
        other.delete_annotation(change.after.id)  # a merge deleted it meanwhile
    undone = an.revert(window, change)  # nothing to take back: no error, nothing written
    assert layer_rows(other) == []
    an.revert(window, undone)  # redo: the decision again, once
    assert [r[3] for r in layer_rows(other)] == ["accepted"]
    # an own span re-added meanwhile by someone else: the undo of its deletion does not duplicate it
    own = an.add_span(window, ME, 1, 0, 2, "HONOUR")
    deleted = an.reject(window, ME, an.Item(None, own.after))
    an.add_span(other, ME, 1, 0, 2, "HONOUR")
    an.revert(window, deleted)
    assert [(a.start, a.end, a.label) for a in other.annotations(1, ME) if a.candidate_key is None] == [(0, 2, "HONOUR")]


def test_a_resize_onto_a_span_made_meanwhile_is_refused_with_a_sentence(two_connections) -> None:
    window, other = two_connections
    own = an.add_span(window, ME, 1, 0, 2, "HONOUR")
    an.add_span(other, ME, 1, 0, 3, "HONOUR")
    before = layer_rows(other)
    with pytest.raises(AnnotatorError, match=r"\[0, 3\) HONOUR .*already.*not saved"):
        an.resize(window, ME, an.Item(None, own.after), 0, 3)
    assert layer_rows(other) == before


def test_the_candidate_helpers_update_a_decision_instead_of_adding_a_second(two_connections) -> None:
    window, other = two_connections
    item = first_undecided(window)
    services.accept_candidate(other, ME, item.candidate.id)
    services.reject_candidate(window, ME, item.candidate.id)
    assert decisions_on(other, item.key) == [(item.label, "rejected", "", False)]
    services.add_span(window, ME, 1, 0, 2, "HONOUR")
    services.add_span(other, ME, 1, 0, 2, "HONOUR")
    assert [(a.start, a.end) for a in other.annotations(1, ME) if a.candidate_key is None] == [(0, 2)]
