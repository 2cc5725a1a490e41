"""The keyboard drives every decision; after each key the store holds the decision."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from annotator.services import annotating as an
from annotator.store import Store

K = Qt.Key
SHIFT, CTRL, ALT = Qt.KeyboardModifier.ShiftModifier, Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier


def rows(store: Store, doc_id: int) -> list[tuple]:
    return [(a.start, a.end, a.label, a.status, a.comment, a.uncertain) for a in store.annotations(doc_id, "alice")]


def press(qtbot, window, key, modifier=Qt.KeyboardModifier.NoModifier, widget=None) -> None:
    qtbot.keyClick(widget or window.article, key, modifier)


def test_opens_on_first_undecided_candidate(window) -> None:
    item = window.current_item()
    assert item is not None and not item.decided
    assert item == next(i for i in window.items if not i.decided)


def test_accept_reject_relabel_move_on(qtbot, window, store: Store) -> None:
    first = window.current_item()
    press(qtbot, window, K.Key_Return)
    assert rows(store, window.doc_id) == [(first.start, first.end, first.label, "accepted", "", False)]
    second = window.current_item()
    assert second.key != first.key and not second.decided  # moved to the next undecided
    press(qtbot, window, K.Key_X)
    assert rows(store, window.doc_id)[-1][:4] == (second.start, second.end, second.label, "rejected")
    third = window.current_item()
    new_label = "HONOUR" if third.label != "HONOUR" else "SLOGAN"
    press(qtbot, window, getattr(K, f"Key_{window.codebook.labels.index(new_label) + 1}"))
    decided = [r for r in rows(store, window.doc_id) if r[:2] == (third.start, third.end)]
    assert decided == [(third.start, third.end, new_label, "relabelled", "", False)]
    press(qtbot, window, K.Key_A)
    assert len(rows(store, window.doc_id)) == 4
    press(qtbot, window, K.Key_Delete)
    assert len(rows(store, window.doc_id)) == 5


def test_navigation_keys(qtbot, window) -> None:
    keys = [i.key for i in window.items]
    start = keys.index(window.current_key)
    press(qtbot, window, K.Key_Tab)
    assert window.current_key == keys[start + 1]
    press(qtbot, window, K.Key_J)
    assert window.current_key == keys[start + 2]
    press(qtbot, window, K.Key_K)
    press(qtbot, window, K.Key_Backtab, SHIFT)
    assert window.current_key == keys[start]
    first_doc = window.doc_id
    press(qtbot, window, K.Key_N)
    assert window.doc_id == window.doc_model.ids[1]
    press(qtbot, window, K.Key_P)
    assert window.doc_id == first_doc


def test_keys_work_from_the_document_list_but_not_in_the_search_box(qtbot, window, store: Store) -> None:
    window.doc_table.setFocus()
    press(qtbot, window, K.Key_A, widget=window.doc_table)
    assert len(rows(store, window.doc_id)) == 1
    window.search.setFocus()
    qtbot.keyClicks(window.search, "ax")
    assert window.search.text() == "ax"
    assert len(rows(store, window.doc_id)) == 1


def test_select_with_the_keyboard_and_create_a_span(qtbot, window, store: Store) -> None:
    window.step_document(+1)
    cursor = window.article.textCursor()
    cursor.setPosition(0)
    window.article.setTextCursor(cursor)
    press(qtbot, window, K.Key_S)
    for _ in range(4):
        press(qtbot, window, K.Key_Right)
    press(qtbot, window, K.Key_4)
    assert rows(store, window.doc_id)[0] == (0, 4, "HONOUR", "added", "", False)
    assert window.current_item().annotation.status == "added"


def test_resize_by_character_and_by_word(qtbot, window, store: Store) -> None:
    item = window.current_item()
    press(qtbot, window, K.Key_Right, SHIFT)
    assert rows(store, window.doc_id)[0][:2] == (item.start + 1, item.end)
    press(qtbot, window, K.Key_Left, CTRL | SHIFT)
    assert rows(store, window.doc_id)[0][:2] == (item.start + 1, item.end - 1)
    press(qtbot, window, K.Key_Right, CTRL | SHIFT | ALT)  # snap the end to the next word boundary
    end = rows(store, window.doc_id)[0][1]
    assert end >= item.end - 1 + 1
    assert end in window._boundaries
    assert window.undo_stack.count() == 1  # consecutive resizes are one undo step
    press(qtbot, window, K.Key_Z, CTRL)
    assert rows(store, window.doc_id) == []


def test_flag_comment_done(qtbot, window, store: Store, monkeypatch) -> None:
    press(qtbot, window, K.Key_U)
    assert rows(store, window.doc_id)[0][3:] == ("accepted", "", True)
    monkeypatch.setattr(window, "ask_comment", lambda previous, key=None: "边界待定")
    press(qtbot, window, K.Key_C)
    assert rows(store, window.doc_id)[0][4] == "边界待定"
    asked = []
    monkeypatch.setattr(window, "confirm", lambda question: asked.append(question) or False)
    press(qtbot, window, K.Key_D)
    assert asked and "undecided" in asked[0]
    assert store.doc_state(window.doc_id, "alice").status != "done"
    monkeypatch.setattr(window, "confirm", lambda question: True)
    press(qtbot, window, K.Key_D)
    assert store.doc_state(window.doc_id, "alice").status == "done"
    press(qtbot, window, K.Key_Z, CTRL)
    assert store.doc_state(window.doc_id, "alice").status != "done"


def test_undo_redo_across_documents(qtbot, window, store: Store) -> None:
    first_doc = window.doc_id
    press(qtbot, window, K.Key_Return)
    press(qtbot, window, K.Key_N)
    press(qtbot, window, K.Key_X)
    second_doc = window.doc_id
    assert len(rows(store, first_doc)) == 1 and len(rows(store, second_doc)) == 1
    press(qtbot, window, K.Key_Z, CTRL)
    assert rows(store, second_doc) == []
    press(qtbot, window, K.Key_Z, CTRL)
    assert rows(store, first_doc) == [] and window.doc_id == first_doc  # it went back there
    press(qtbot, window, K.Key_Z, CTRL | SHIFT)
    assert len(rows(store, first_doc)) == 1
    press(qtbot, window, K.Key_Y, CTRL)
    assert len(rows(store, second_doc)) == 1 and window.doc_id == second_doc
    assert [e.action for e in store.events(doc_id=first_doc)] == ["accept", "undo accept", "undo undo accept"]


def test_mouse_click_makes_a_highlight_current(qtbot, window) -> None:
    target = window.items[3]
    rect = window.article.cursorRect(_cursor_at(window, target.start + 1))
    qtbot.mouseClick(window.article.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_key == target.key or window.current_item().start <= target.start + 1 < window.current_item().end


def _cursor_at(window, offset: int):
    cursor = window.article.textCursor()
    cursor.setPosition(window.article.offsets.to_qt(offset))
    return cursor


def test_status_bar_shows_annotator_and_progress(qtbot, window) -> None:
    press(qtbot, window, K.Key_Return)
    assert "alice" in window.annotator_label.text()
    assert "1/" in window.doc_progress.text()
    assert "0/5 documents done" in window.project_progress.text()
    assert "saved" in window.save_state.text()


def test_help_lists_every_key() -> None:
    from annotator.gui.help import help_html

    text = help_html()
    for keys in ("Enter / A", "X / Delete", "Tab / J", "Shift+←", "Ctrl+Z", "U", "C", "D", "N", "P"):
        assert keys in text


def test_items_come_from_the_annotators_layer_only(window, store: Store) -> None:
    item = an.document_items(store, "bob", window.doc_id)[0]
    an.accept(store, "bob", item)
    window.doc_id, doc = None, window.doc_id
    window.open_document(doc)
    assert not any(i.decided for i in window.items)


def test_idle_time_is_not_counted(qtbot, window, store: Store, monkeypatch) -> None:
    import annotator.gui.main_window as mw

    press(qtbot, window, K.Key_Return)
    window.flush_time()
    before = store.doc_state(window.doc_id, "alice").seconds
    monkeypatch.setattr(mw.time, "monotonic", lambda: window._last_activity + mw.IDLE_GRACE_S + 3600)
    window.flush_time()  # an hour after the last key: nothing beyond what was measured, less the idle hour
    assert store.doc_state(window.doc_id, "alice").seconds == pytest.approx(before, abs=1.0)
