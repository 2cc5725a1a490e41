"""The window among other processes: it shows what they did, never duplicates what they
decided, and stays usable (saying who is writing) while one of them holds the project."""

from __future__ import annotations

import textwrap
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from annotator import services
from annotator.services import annotating as an
from annotator.services import teamwork
from annotator.store import Store

from window_process import decide_around, window_env

K = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier


def press(qtbot, window, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(window.article, key, modifier)


def alice_rows(store: Store, doc_id: int) -> list[tuple]:
    return [(a.start, a.end, a.label, a.status) for a in store.annotations(doc_id, "alice")]


# ---------------------------------------------------------------- changes made elsewhere


def test_window_shows_what_another_process_did(qtbot, window, store: Store) -> None:
    doc_id, current = window.doc_id, window.current_key
    other_item = next(i for i in window.items if not i.decided and i.key != current)
    scroll = window.article.verticalScrollBar()
    assert scroll.maximum() > 0  # the article is longer than the view
    scroll.setValue(scroll.maximum() // 2)  # the annotator is reading further down
    position = scroll.value()
    with Store.open(store.path, create=False) as other:  # another process: a merge, a second window
        an.reject(other, "alice", other_item)
        an.set_document_status(other, "alice", 2, "done")
    qtbot.waitUntil(lambda: next(i for i in window.items if i.key == other_item.key).status == "rejected", timeout=5000)
    assert (window.doc_id, window.current_key) == (doc_id, current)  # the annotator's place is kept
    assert scroll.value() == position
    row = window.doc_model.row_of(2)
    qtbot.waitUntil(lambda: window.doc_model.data(window.doc_model.index(row, 1)) == "done ✓", timeout=5000)
    assert "1/5 documents done" in window.project_progress.text()
    rejected = window.span_model.items[window.items.index(next(i for i in window.items if i.key == other_item.key))]
    assert rejected.status == "rejected"  # the spans table too


def test_a_text_selection_is_not_lost_to_a_reload(qtbot, window, store: Store) -> None:
    cursor = window.article.textCursor()
    cursor.setPosition(3)
    cursor.setPosition(9, QTextCursor.MoveMode.KeepAnchor)
    window.article.setTextCursor(cursor)
    selected = window.article.selection_span()
    item = next(i for i in window.items if not i.decided and i.key != window.current_key)
    with Store.open(store.path, create=False) as other:
        an.accept(other, "alice", item)
    qtbot.wait(2 * 700 + 300)  # two looks at the project
    assert window.article.selection_span() == selected  # the selection survives
    assert not next(i for i in window.items if i.key == item.key).decided  # the reload waits
    window.article.clear_selection()
    qtbot.waitUntil(lambda: next(i for i in window.items if i.key == item.key).decided, timeout=5000)


def test_a_decision_on_a_stale_view_updates_the_one_made_elsewhere(qtbot, window, store: Store) -> None:
    window._watch_timer.stop()  # the window has not looked yet: its items are a snapshot
    item = window.current_item()
    with Store.open(store.path, create=False) as other:
        an.accept(other, "alice", item)
    press(qtbot, window, K.Key_X)
    assert [r[3] for r in alice_rows(store, window.doc_id)] == ["rejected"]  # one row: the latest gesture
    assert "saved" in window.save_state.text() and window.notice.isHidden()
    press(qtbot, window, K.Key_Z, CTRL)  # undo brings back what the other process had decided
    assert [r[3] for r in alice_rows(store, window.doc_id)] == ["accepted"]


# ---------------------------------------------------------------- a locked project


def test_a_locked_project_says_who_writes_and_the_retry_works(qtbot, window, store: Store) -> None:
    window.confirm = lambda question: True
    doc_id = window.doc_id
    item = window.current_item()
    other = Store.open(store.path, create=False)
    try:
        with other.transaction(what="an import"):  # another process holds the write lock
            press(qtbot, window, K.Key_Return)
            assert "an import" in window.notice.text() and window.notice.isVisible()
            assert "not saved" in window.save_state.text()
            assert "an import" in window.statusBar().currentMessage()
            assert window.undo_stack.count() == 0  # nothing to undo: nothing was done
            assert window.current_key == item.key and not window.current_item().decided
            press(qtbot, window, K.Key_Tab)  # the window still answers
            assert window.current_key != item.key
            press(qtbot, window, K.Key_K)
        assert alice_rows(store, doc_id) == []  # nothing written
        press(qtbot, window, K.Key_Return)  # the retry, once the import is done
        assert alice_rows(store, doc_id) == [(item.start, item.end, item.label, "accepted")]
        assert "saved" in window.save_state.text() and window.notice.isHidden()
        assert window.undo_stack.count() == 1

        with other.transaction(what="an import"):
            press(qtbot, window, K.Key_Z, CTRL)  # undo while locked: refused, the stack stays
            assert "an import" in window.notice.text()
            assert window.undo_stack.index() == 1 and window.undo_stack.canUndo()
            press(qtbot, window, K.Key_D)  # mark done while locked: refused too
            assert window.undo_stack.count() == 1
        assert alice_rows(store, doc_id) == [(item.start, item.end, item.label, "accepted")]
        assert store.doc_state(doc_id, "alice").status == "in_progress"
        assert window.undo_stack.count() == 1
        press(qtbot, window, K.Key_Z, CTRL)  # the same undo again, now that it is free
        assert alice_rows(store, doc_id) == []
        assert window.undo_stack.index() == 0
        press(qtbot, window, K.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)  # and redo
        assert alice_rows(store, doc_id) == [(item.start, item.end, item.label, "accepted")]
    finally:
        other.close()


def test_a_locked_redo_and_status_undo_keep_the_stack_consistent(qtbot, window, store: Store) -> None:
    window.confirm = lambda question: True
    doc_id = window.doc_id
    press(qtbot, window, K.Key_D)
    assert store.doc_state(doc_id, "alice").status == "done"
    other = Store.open(store.path, create=False)
    try:
        with other.transaction(what="a merge"):
            press(qtbot, window, K.Key_Z, CTRL)
            assert "a merge" in window.notice.text()
        assert store.doc_state(doc_id, "alice").status == "done" and window.undo_stack.index() == 1
        press(qtbot, window, K.Key_Z, CTRL)
        assert store.doc_state(doc_id, "alice").status == "todo" and window.undo_stack.index() == 0
        with other.transaction(what="a merge"):
            press(qtbot, window, K.Key_Y, CTRL)
        assert store.doc_state(doc_id, "alice").status == "todo" and window.undo_stack.index() == 0
        press(qtbot, window, K.Key_Y, CTRL)
        assert store.doc_state(doc_id, "alice").status == "done" and window.undo_stack.index() == 1
    finally:
        other.close()


# ---------------------------------------------------------------- real processes

WINDOW = textwrap.dedent(
    """
    import sys
    from PySide6.QtCore import Qt, QThreadPool
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication
    from annotator.gui.main_window import MainWindow
    from annotator.store import Store

    app = QApplication([])
    window = MainWindow(Store.open(sys.argv[1], create=False), "alice")
    window._watch_timer.stop()  # decide on the snapshot taken now, whatever happens meanwhile
    window.show()
    window.article.setFocus()
    QThreadPool.globalInstance().waitForDone(30000)  # its background indexing is done
    print("READY", flush=True)
    sys.stdin.readline()  # meanwhile `annotator merge` brings alice's package in
    for doc in range(5):  # accept every candidate as the window shows it (document 1: before the merge)
        for key in [i.key for i in window.items if i.candidate is not None]:
            window.make_current(key)
            QTest.keyClick(window.article, Qt.Key.Key_Return)
            print("ACK", window.doc_id, key, window.save_state.text().split()[0] == "✓", flush=True)
        QTest.keyClick(window.article, Qt.Key.Key_N)
    print("DONE", flush=True)
    app.exec()
    """
)


def test_a_window_and_a_merge_of_the_same_annotator_never_duplicate(tmp_path: Path, seeds: Path) -> None:
    """Measured before: the window open, `annotator merge` of alice's package, decisions on
    what the window showed → 53 duplicate decisions (or, with the schema refusing them,
    decisions shown as not saved). Now every acknowledged decision is there, once."""
    project, package = tmp_path / "team.annotator.db", tmp_path / "alice.package.db"
    with Store.open(project) as store:
        services.import_paths(store, [seeds])
        services.detect_project(store)
        teamwork.package(store, "alice", package, count=5)
    with Store.open(package, create=False) as theirs:  # alice rejected everything at home
        for doc_id in range(1, 6):
            for item in an.document_items(theirs, "alice", doc_id):
                an.reject(theirs, "alice", item)
    acks, errors = decide_around(WINDOW, project, ["merge", str(package)], window_env(tmp_path))
    assert "Traceback" not in errors, errors
    assert acks and all(ack[3] == "True" for ack in acks), acks  # every decision shown as saved
    with Store.open(project, create=False) as store:
        rows = [a for d in range(1, 6) for a in store.annotations(d, "alice")]
    keys = [(a.doc_id, a.candidate_key) for a in rows]
    assert len(keys) == len(set(keys))  # no duplicates
    status = {(a.doc_id, a.candidate_key): a.status for a in rows}
    for _, doc_id, key, _ in acks:  # the window's decision is the latest: it is what is kept
        assert status[(int(doc_id), key)] == "accepted", (doc_id, key)


def test_review_undo_on_a_locked_project_keeps_the_gold_and_the_stack(qtbot, window, store: Store, monkeypatch) -> None:
    from annotator.gui import review as review_module
    from annotator.services import adjudication as adj

    for layer in ("alice", "bob"):
        for item in an.document_items(store, layer, 1)[:3]:
            (an.accept if layer == "alice" else an.reject)(store, layer, item)
    warnings: list[str] = []
    monkeypatch.setattr(review_module.QMessageBox, "warning", lambda parent, title, text: warnings.append(text))
    review = review_module.ReviewWindow(store, window.colours())
    qtbot.addWidget(review)
    review.show()
    review.table.setFocus()
    qtbot.keyClick(review.table, K.Key_1)  # take alice's spans into gold
    gold = adj.gold_progress(store)
    other = Store.open(store.path, create=False)
    try:
        with other.transaction(what="a merge"):
            qtbot.keyClick(review, K.Key_Z, CTRL)
        assert warnings and "a merge" in warnings[-1]
        assert adj.gold_progress(store) == gold and review.undo_stack.index() == 1  # nothing undone
        qtbot.keyClick(review, K.Key_Z, CTRL)  # again, now that the merge is done
        assert adj.gold_progress(store) != gold and review.undo_stack.index() == 0
    finally:
        other.close()
        review.close()
