"""A working session in the main window, driven by real keys and mouse events (issue 12):
the first key decides, the list and the keys agree, the current span stays in view, search
finds either script, comments are confirmed by keyboard, and the window is comfortable."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QColor, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu

from annotator.store import Store

K = Qt.Key
SHIFT, CTRL = Qt.KeyboardModifier.ShiftModifier, Qt.KeyboardModifier.ControlModifier
NONE = Qt.KeyboardModifier.NoModifier


def rows(store: Store, doc_id: int) -> list[tuple]:
    return [(a.start, a.end, a.label, a.status, a.comment) for a in store.annotations(doc_id, "alice")]


def focused():
    return QApplication.focusWidget()


def press_in(qtbot, window, key, modifier=NONE) -> None:
    """A key pressed where the keyboard is, as a person would: to the window's focused widget
    (asked of the window: the offscreen platform does not always give activation back after
    a dialog or a popup)."""
    qtbot.keyClick(window.focusWidget(), key, modifier)


def open_fresh_window(qtbot, store: Store):
    from annotator.gui.main_window import MainWindow

    window = MainWindow(store, "alice")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow() and focused() is not None, timeout=5000)
    return window


# ---------------------------------------------------------------- 1. review shows agreement


def test_review_from_the_menu_shows_the_agreement(qtbot, window, store: Store) -> None:
    from annotator.services import annotating as an

    for layer, pattern in (("alice", "aax"), ("bob", "axa")):
        for index, item in enumerate(an.document_items(store, layer, 1)[:9]):
            (an.accept if pattern[index % 3] == "a" else an.reject)(store, layer, item)
    review_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Review")
    review_menu.actions()[0].trigger()
    review = window.review_window
    qtbot.addWidget(review)
    qtbot.waitUntil(lambda: "α_U" in review.summary.toPlainText(), timeout=30_000)
    assert "Computing" not in review.summary.toPlainText()
    assert "alice, bob" in review.summary.toPlainText()
    review.close()


# ---------------------------------------------------------------- 2. the first key decides


def test_the_first_enter_accepts_without_clicking_anywhere(qtbot, store: Store) -> None:
    window = open_fresh_window(qtbot, store)
    assert focused() is window.article
    first = window.current_item()
    press_in(qtbot, window, K.Key_Return)
    assert rows(store, window.doc_id) == [(first.start, first.end, first.label, "accepted", "")]
    window.close()


# ---------------------------------------------------------------- 3. the current span in view


def test_the_current_span_stays_in_the_middle_third(qtbot, window, store: Store) -> None:
    window.resize(1024, 700)
    longest = max(window.doc_model.ids, key=lambda d: len(store.document(d).text))
    window.open_document(longest)
    bar = window.article.verticalScrollBar()
    assert bar.maximum() > 0  # the article is longer than the view
    checked = 0
    for _ in range(25):
        press_in(qtbot, window, K.Key_Return)
        item = window.current_item()
        if item is None or item.decided:
            break
        if bar.minimum() < bar.value() < bar.maximum():  # the view could scroll: it did
            assert window.article.in_middle_third(item.start)
            checked += 1
    assert checked >= 3


# ---------------------------------------------------------------- 4. the list and the keys agree


def test_arrows_in_the_list_open_that_document_and_enter_decides_there(qtbot, window, store: Store) -> None:
    first = window.doc_id
    QTest.mouseClick(window.doc_table.viewport(), Qt.MouseButton.LeftButton, NONE,
                     window.doc_table.visualRect(window.doc_model.index(0, 0)).center())
    assert focused() is window.doc_table
    qtbot.keyClick(window.doc_table, K.Key_Down)
    second = window.doc_model.ids[1]
    assert window.doc_id == second  # the highlighted document is the open one
    qtbot.keyClick(window.doc_table, K.Key_Return)
    assert rows(store, first) == [] and len(rows(store, second)) == 1
    qtbot.keyClick(window.doc_table, K.Key_Up)
    assert window.doc_id == first


def test_time_counts_on_the_open_document_only(qtbot, window, store: Store) -> None:
    window.flush_time()
    before = {d: store.doc_state(d, "alice").seconds for d in window.doc_model.ids}
    window.doc_table.setFocus()
    qtbot.keyClick(window.doc_table, K.Key_Down)
    opened = window.doc_id
    qtbot.wait(300)
    window.flush_time()
    after = {d: store.doc_state(d, "alice").seconds for d in window.doc_model.ids}
    grown = {d for d in after if after[d] > before[d]}
    assert opened in grown and grown <= {opened, window.doc_model.ids[0]}
    assert after[opened] - before[opened] >= 0.25


def test_esc_on_a_mouse_opened_menu_gives_the_keys_back_to_the_article(qtbot, store: Store) -> None:
    window = open_fresh_window(qtbot, store)
    bar = window.menuBar()
    file_action = bar.actions()[0]
    QTest.mouseClick(bar, Qt.MouseButton.LeftButton, NONE, bar.actionGeometry(file_action).center())
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu), timeout=3000)
    qtbot.keyClick(QApplication.activePopupWidget(), K.Key_Escape)
    qtbot.wait(300)
    # (the offscreen platform leaves the closed popup "active": ask the window for its focus)
    assert QApplication.activePopupWidget() is None and window.focusWidget() is window.article
    qtbot.keyClick(window.focusWidget(), K.Key_Down)  # an arrow moves the caret; no menu opens
    qtbot.wait(50)
    assert QApplication.activePopupWidget() is None
    first = window.current_item()
    qtbot.keyClick(window.focusWidget(), K.Key_Return)
    assert rows(store, window.doc_id)[0][:2] == (first.start, first.end)


# ---------------------------------------------------------------- 5. Shift+arrow extends a selection


def test_shift_arrow_extends_a_mouse_selection_and_decides_nothing(qtbot, window, store: Store) -> None:
    article = window.article
    cursor = article.textCursor()
    cursor.setPosition(10)
    article.setTextCursor(cursor)
    start = article.cursorRect(cursor).center()
    cursor.setPosition(14)
    end = article.cursorRect(cursor).center()
    QTest.mousePress(article.viewport(), Qt.MouseButton.LeftButton, NONE, start)
    QTest.mouseMove(article.viewport(), end)
    QTest.mouseRelease(article.viewport(), Qt.MouseButton.LeftButton, NONE, end)
    selected = article.selection_span()
    assert selected is not None
    qtbot.keyClick(article, K.Key_Left, SHIFT)
    qtbot.keyClick(article, K.Key_Left, SHIFT)
    assert article.selection_span() == (selected[0], selected[1] - 2)
    assert rows(store, window.doc_id) == []  # the current span was not resized (nor accepted)
    qtbot.keyClick(article, K.Key_Right, SHIFT)
    assert article.selection_span() == (selected[0], selected[1] - 1)
    qtbot.keyClick(article, K.Key_1)
    assert rows(store, window.doc_id) == [(selected[0], selected[1] - 1, "SLOGAN", "added", "")]


# ---------------------------------------------------------------- 6. the comment dialog


def _in_comment_dialog(qtbot, steps) -> list:
    """Run ``steps(dialog)`` once the modal comment dialog is up. Returns [hint, error]: a
    failing step closes the dialog (else the test would wait forever) and is raised after."""
    seen: list = []

    def act() -> None:
        from annotator.gui.comment_dialog import CommentDialog

        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, CommentDialog):
            QTimer.singleShot(20, act)
            return
        seen.append(dialog.hint.text())
        try:
            dialog.activateWindow()  # as the window manager would: keys and Tab go to it
            qtbot.waitUntil(dialog.isActiveWindow, timeout=3000)
            steps(dialog)
        except BaseException as error:  # noqa: BLE001 (re-raised by the test)
            seen.append(error)
            dialog.done(0)

    QTimer.singleShot(0, act)
    return seen


def _raise_from(seen: list) -> None:
    for error in seen[1:]:
        raise error


def test_comment_is_confirmed_with_ctrl_enter_tab_moves_and_esc_keeps_a_draft(qtbot, window, store: Store) -> None:
    def type_then_tab_then_esc(dialog) -> None:
        qtbot.keyClicks(dialog.editor, "check")
        qtbot.keyClick(dialog.editor, K.Key_Tab)
        assert "\t" not in dialog.text() and dialog.focusWidget() is not dialog.editor  # Tab moved on
        qtbot.keyClick(dialog.focusWidget(), K.Key_Escape)

    hints = _in_comment_dialog(qtbot, type_then_tab_then_esc)
    press_in(qtbot, window, K.Key_C)
    _raise_from(hints)
    assert "Ctrl+Enter" in hints[0]
    assert rows(store, window.doc_id) == []  # closed: nothing saved …
    assert "draft" in window.statusBar().currentMessage()

    def go_on_and_confirm(dialog) -> None:
        assert dialog.text() == "check"  # … but nothing lost
        qtbot.keyClick(dialog.editor, K.Key_Return)  # Enter: a new line
        qtbot.keyClicks(dialog.editor, "ed")
        qtbot.keyClick(dialog.editor, K.Key_Return, CTRL)

    seen = _in_comment_dialog(qtbot, go_on_and_confirm)
    press_in(qtbot, window, K.Key_C)
    _raise_from(seen)
    assert rows(store, window.doc_id)[0][4] == "check\ned"


def test_comment_cancel_with_shift_tab_and_space_loses_nothing(qtbot, window, store: Store) -> None:
    def cancel_with_space(dialog) -> None:
        qtbot.keyClicks(dialog.editor, "note")
        qtbot.keyClick(dialog.editor, K.Key_Tab)
        for _ in range(5):
            if dialog.focusWidget() is dialog.cancel_button:
                break
            qtbot.keyClick(dialog.focusWidget(), K.Key_Tab)
        assert dialog.focusWidget() is dialog.cancel_button
        qtbot.keyClick(dialog.focusWidget(), K.Key_Space)

    seen = _in_comment_dialog(qtbot, cancel_with_space)
    press_in(qtbot, window, K.Key_C)
    _raise_from(seen)
    assert rows(store, window.doc_id) == []
    seen = _in_comment_dialog(qtbot, lambda dialog: qtbot.keyClick(dialog.editor, K.Key_Enter, CTRL))
    press_in(qtbot, window, K.Key_C)
    _raise_from(seen)
    assert rows(store, window.doc_id)[0][4] == "note"


# ---------------------------------------------------------------- 8. recent projects


def test_recent_projects_list_whole_paths_from_the_second_start_on(qtbot, window, tmp_path) -> None:
    from annotator.gui import project_menu

    first = str(tmp_path / "a.annotator.db")
    project_menu.remember_project(first)
    project_menu.settings().sync()  # as at the next start: read back from the file
    assert project_menu.recent_projects() == [first]
    second = str(tmp_path / "b.annotator.db")
    project_menu.remember_project(second)
    file_menu = window.menuBar().actions()[0].menu()
    recent = next(a.menu() for a in file_menu.actions() if a.text() == "Recent projects")
    recent.aboutToShow.emit()
    assert [a.text() for a in recent.actions()] == [second, first]


# ---------------------------------------------------------------- 9. search in either script


def test_simplified_search_opens_the_traditional_article_and_marks_the_hits(qtbot, window, store: Store) -> None:
    traditional = next(d for d in window.doc_model.ids if "黨史" in store.document(d).text)
    window.step_document(+4)
    assert window.doc_id != traditional
    press_in(qtbot, window, K.Key_Slash)
    assert window.focusWidget() is window.search
    window.search.setText("六县六区")  # simplified; only article 2 has it, as 六縣六區 (QTest types ASCII only)
    qtbot.keyClick(window.search, K.Key_Return)
    qtbot.waitUntil(lambda: window.doc_id == traditional and window.focusWidget() is window.article, timeout=10_000)
    assert window.doc_model.ids == [traditional]
    hits = window.article.hits
    assert hits and all(window.text[a:b] == "六縣六區" for a, b in hits)
    assert len(window.article.extraSelections()) == len(hits)
    press_in(qtbot, window, K.Key_Return)  # the keys decide in the article that was found
    assert len(rows(store, traditional)) == 1


# ---------------------------------------------------------------- 10. small windows


def test_at_1024_by_700_the_article_gets_most_of_the_width(qtbot, store: Store) -> None:
    from annotator.gui.main_window import MainWindow

    window = MainWindow(store, "alice")
    qtbot.addWidget(window)
    window.resize(1024, 700)
    window.show()
    qtbot.waitExposed(window)
    article = window.article
    per_line = article.viewport().width() / article.fontMetrics().horizontalAdvance("中")
    assert per_line >= 28
    left, centre, right = window.splitter.sizes()
    assert centre > left and centre > right and centre >= 0.45 * sum(window.splitter.sizes())
    window.close()


# ---------------------------------------------------------------- 11. keys by the codebook


def test_category_keys_follow_the_codebook_and_unknown_keys_say_so(qtbot, window, store: Store, monkeypatch) -> None:
    from dataclasses import replace

    categories = window.codebook.categories
    # The codebook gives SLOGAN the key 7 (its button says so): 7 labels SLOGAN, 1 labels nothing.
    moved = tuple(replace(c, key="7") if c.id == "SLOGAN" else c for c in categories)
    monkeypatch.setattr(window, "codebook", replace(window.codebook, categories=moved))
    item = window.current_item()
    other = "TARGET" if item.label != "TARGET" else "HONOUR"
    press_in(qtbot, window, getattr(K, f"Key_{next(c.key for c in moved if c.id == other)}"))
    assert rows(store, window.doc_id)[-1][2:4] == (other, "relabelled")
    item = window.current_item()
    press_in(qtbot, window, K.Key_7)
    assert (rows(store, window.doc_id)[-1][:4]) == (item.start, item.end, "SLOGAN", "relabelled" if item.label != "SLOGAN" else "accepted")
    count = len(rows(store, window.doc_id))
    press_in(qtbot, window, K.Key_1)
    assert len(rows(store, window.doc_id)) == count
    assert "No category has the key 1" in window.statusBar().currentMessage()


def test_skip_moves_on_without_deciding(qtbot, window, store: Store) -> None:
    first = window.current_item()
    press_in(qtbot, window, K.Key_Space)
    second = window.current_item()
    assert second.key != first.key and not second.decided
    press_in(qtbot, window, K.Key_Period)
    assert window.current_item().key not in (first.key, second.key)
    assert rows(store, window.doc_id) == []


def test_the_first_word_resize_does_not_wait_for_jieba(qtbot, window, store: Store) -> None:
    qtbot.waitUntil(window._segmenter.done, timeout=30_000)  # loaded in the background at start
    began = time.perf_counter()
    press_in(qtbot, window, K.Key_Right, SHIFT | Qt.KeyboardModifier.AltModifier)
    assert time.perf_counter() - began < 0.5
    assert len(rows(store, window.doc_id)) == 1


# ---------------------------------------------------------------- comfort


def test_zoom_keys_resize_the_article_and_are_remembered(qtbot, window, store: Store) -> None:
    size = window.article.font().pointSizeF()
    press_in(qtbot, window, K.Key_Equal, CTRL)
    press_in(qtbot, window, K.Key_Equal, CTRL)
    assert window.article.font().pointSizeF() == size + 2
    press_in(qtbot, window, K.Key_Minus, CTRL)
    assert window.article.font().pointSizeF() == size + 1
    window.close()
    again = open_fresh_window(qtbot, store)
    assert again.article.font().pointSizeF() == size + 1
    press_in(qtbot, again, K.Key_0, CTRL)
    assert again.article.font().pointSizeF() == size
    again.close()


def test_splitter_sizes_are_remembered(qtbot, window, store: Store) -> None:
    first_share = window.splitter.sizes()[0]
    handle = window.splitter.handle(1)
    QTest.mousePress(handle, Qt.MouseButton.LeftButton, NONE, QPoint(2, 10))
    QTest.mouseMove(handle, QPoint(-60, 10))
    QTest.mouseRelease(handle, Qt.MouseButton.LeftButton, NONE, QPoint(-60, 10))
    sizes = window.splitter.sizes()
    window.close()
    again = open_fresh_window(qtbot, store)
    assert all(abs(a - b) <= 3 for a, b in zip(again.splitter.sizes(), sizes))  # kept as shares: ±rounding
    assert again.splitter.sizes()[0] <= first_share - 50  # the list was dragged narrower than its first share
    again.close()


@pytest.fixture
def dark_palette(qapp):
    before = qapp.palette()
    dark = QPalette()
    for role, colour in ((QPalette.ColorRole.Window, "#2b2b2b"), (QPalette.ColorRole.WindowText, "#e6e6e6"),
                         (QPalette.ColorRole.Base, "#1e1e1e"), (QPalette.ColorRole.Text, "#e6e6e6"),
                         (QPalette.ColorRole.Button, "#353535"), (QPalette.ColorRole.ButtonText, "#e6e6e6")):
        dark.setColor(role, QColor(colour))
    qapp.setPalette(dark)
    yield dark
    qapp.setPalette(before)


def test_colours_keep_their_contrast_under_a_dark_palette(qtbot, dark_palette, store: Store) -> None:
    from annotator.gui.contrast import READABLE, contrast, over

    window = open_fresh_window(qtbot, store)
    press_in(qtbot, window, K.Key_Return)  # a confirmed span, and the save state in green
    press_in(qtbot, window, K.Key_X)  # a rejected one
    article = window.article
    base, text = article.palette().base().color(), article.palette().text().color()
    assert base.name() == "#1e1e1e"
    filled = [m for m in article.marks if article.fill_alpha(m)]
    assert filled
    for mark in filled:  # text over every fill
        assert contrast(text, over(mark.colour, article.fill_alpha(mark), base)) >= READABLE
    saved = QColor(window.save_state.styleSheet().split("color:")[1].strip(" ;"))
    assert contrast(saved, window.palette().window().color()) >= READABLE
    window.close()
