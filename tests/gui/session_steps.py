"""A working session, scripted: run by test_session.py in its own process, on a real X display
(Xvfb, platform xcb) when there is one. Keys go to whichever widget has the focus, as a
person's keys would; each step asserts what the annotator relies on.

    open → decide with keys → nested spans → comment → search a traditional article with a
    simplified query → review with two annotators → switch to Chinese → zoom → 1024×700
"""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QAction, QFontMetricsF, QGuiApplication, QInputMethodEvent
from PySide6.QtWidgets import QApplication, QDialog, QPlainTextEdit, QTextEdit

from annotator.gui import i18n
from annotator.services import annotating
from annotator.store import Store

K = Qt.Key
CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
TRADITIONAL = 2  # seeds/001_…: the traditional-character article
NESTED = ("創新開展“六講六進”大宣講活動300余場", "“六講六進”大宣講活動", "六講六進")
SIMPLIFIED_QUERY = "六讲六进"  # written 六講六進 in the article


def step(name: str) -> None:
    print(f"\nstep: {name}", flush=True)


def key(qtbot, window, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """A key pressed where the keyboard is, as a person would: to the window's focused widget
    (asked of the window: without a window manager, closing a dialog does not give the
    activation back to it, as a desktop would)."""
    target = window.focusWidget()
    assert target is not None, "no widget of the window has the keyboard focus"
    qtbot.keyClick(target, key, modifier)


def activate(qtbot, window) -> None:
    """Give the window the activation back, as a desktop does when a dialog or another window
    closes (Xvfb has no window manager to do it)."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)


def type_chinese(widget, text: str) -> None:
    """Chinese arrives as an input method's commit (QTest types ASCII keys only)."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def layer_rows(store: Store, doc_id: int, layer: str = "alice") -> list[tuple]:
    return sorted((a.start, a.end, a.label, a.status, a.comment) for a in store.annotations(doc_id, layer))


def has_feature(window, name: str) -> bool:
    return callable(getattr(window, name, None))


@pytest.fixture
def session_window(qtbot, detected_project: Store):
    from annotator.gui.main_window import MainWindow

    i18n.install(i18n.ENGLISH)
    window = MainWindow(detected_project, "alice")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    window.raise_()
    qtbot.waitUntil(lambda: window._index_job is None, timeout=30_000)
    yield window
    window.close()


def test_a_working_session(qtbot, session_window, detected_project: Store) -> None:
    window, store = session_window, detected_project
    print(f"platform: {QGuiApplication.platformName()}", flush=True)

    step("open: the first key decides the first undecided candidate")
    first = window.current_item()
    assert first is not None and not first.decided
    key(qtbot, window, K.Key_Return)
    assert layer_rows(store, window.doc_id)[0][:4] == (first.start, first.end, first.label, "accepted")

    step("decide with keys: reject, relabel, next")
    second = window.current_item()
    key(qtbot, window, K.Key_X)
    assert (second.start, second.end, second.label, "rejected", "") in layer_rows(store, window.doc_id)
    third = window.current_item()
    number = next(n for n, c in enumerate(window.codebook.categories, start=1) if c.id != third.label)
    key(qtbot, window, getattr(K, f"Key_{number}"))
    relabel = window.codebook.categories[number - 1].id
    assert (third.start, third.end, relabel, "relabelled", "") in layer_rows(store, window.doc_id)
    assert len(layer_rows(store, window.doc_id)) == 3

    step("nested spans: three levels accepted, one more added inside by keyboard selection")
    while window.doc_id != TRADITIONAL:
        key(qtbot, window, K.Key_N)
    text = window.text
    outer = text.index(NESTED[0])
    for phrase in NESTED:
        start = outer + NESTED[0].index(phrase)
        item = next(i for i in window.items if (i.start, i.end) == (start, start + len(phrase)))
        window.make_current(item.key)
        key(qtbot, window, K.Key_Return)
    confirmed = [(a.start, a.end) for a in store.annotations(TRADITIONAL, "alice") if a.status == "accepted"]
    spans = [(outer + NESTED[0].index(p), outer + NESTED[0].index(p) + len(p)) for p in NESTED]
    assert set(spans) <= set(confirmed)
    inner = text.index("大宣講", outer)
    cursor = window.article.textCursor()
    cursor.setPosition(window.article.offsets.to_qt(inner))
    window.article.setTextCursor(cursor)
    window.article.setFocus()
    key(qtbot, window, K.Key_S)
    for _ in range(3):
        key(qtbot, window, K.Key_Right)
    key(qtbot, window, K.Key_4)
    added = [a for a in store.annotations(TRADITIONAL, "alice") if a.status == "added"]
    assert [(a.start, a.end) for a in added] == [(inner, inner + 3)]
    assert all(s <= inner and inner + 3 <= e for s, e in spans[:2])  # inside two accepted spans
    drawn = {(m.start, m.end): m for m in window.article.marks}
    to_qt = window.article.offsets.to_qt
    nested = [drawn[(to_qt(s), to_qt(e))] for s, e in [*spans, (inner, inner + 3)]]
    assert [m.level for m in nested] == sorted((m.level for m in nested), reverse=True)  # each inside the one before
    assert len({m.level for m in nested}) >= 3  # drawn at separate levels
    assert all(m.tag for m in nested)  # each with its label's tag

    step("comment: C opens the comment box, the keyboard confirms it")
    current = window.current_item()

    problems: list[str] = []  # said after the dialog: an exception inside its event loop would abort Qt

    def write_comment(tries: int = 50) -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QDialog):
            if tries:
                QTimer.singleShot(100, lambda: write_comment(tries - 1))
            else:
                problems.append("no comment dialog opened")
            return
        box = dialog.findChild(QPlainTextEdit) or dialog.findChild(QTextEdit)
        if box is None:
            problems.append("the comment dialog has no text box")
            dialog.reject()
            return
        type_chinese(box, "边界待商榷")
        qtbot.keyClick(box, K.Key_Return, CTRL)  # Ctrl+Enter confirms
        if dialog.isVisible():
            problems.append("Ctrl+Enter did not confirm the comment dialog (issue 12, item 6)")
            dialog.reject()

    QTimer.singleShot(100, write_comment)
    key(qtbot, window, K.Key_C)
    assert problems == []
    commented = [a for a in store.annotations(TRADITIONAL, "alice") if (a.start, a.end) == (current.start, current.end)]
    assert commented and commented[0].comment == "边界待商榷"
    activate(qtbot, window)

    step("search: a simplified query finds the traditional article, opens it and marks the hits")
    while window.doc_id != 1:
        key(qtbot, window, K.Key_P)
    key(qtbot, window, K.Key_F, CTRL)
    assert window.focusWidget() is window.search
    type_chinese(window.search, SIMPLIFIED_QUERY)
    qtbot.keyClick(window.search, K.Key_Return)
    qtbot.waitUntil(lambda: window.doc_id == TRADITIONAL and window.focusWidget() is window.article, timeout=15_000)
    assert window.doc_model.ids == [TRADITIONAL]
    hits = window.article.hits
    assert hits and all(window.text[s:e] == "六講六進" for s, e in hits)
    before = len(layer_rows(store, TRADITIONAL))
    key(qtbot, window, K.Key_Return)  # the keys decide in the article that was found
    assert len(layer_rows(store, TRADITIONAL)) == before + 1

    step("review with two annotators: the agreement summary appears, a key adjudicates")
    for item in annotating.document_items(store, "bob", TRADITIONAL)[:12]:
        annotating.accept(store, "bob", item)
    review_menu = next(a.menu() for a in window.menuBar().actions() if a.menu() and "Review" in a.text())
    next(a for a in review_menu.actions() if a.text()).trigger()
    review = window.review_window
    qtbot.waitExposed(review)
    qtbot.waitUntil(lambda: "α" in review.summary.toPlainText(), timeout=60_000)
    summary = review.summary.toPlainText()
    assert "alice" in summary and "bob" in summary
    assert re.search(r"\d\.\d{3}", summary)  # numbers, not "Computing agreement…"
    assert review.model.rows, "two annotators who differ have disagreements"
    activate(qtbot, review)
    review.table.setFocus()
    target = review.current()
    assert target is not None and not target.resolved
    key(qtbot, review, K.Key_1)  # take the first annotator's spans into gold
    assert any(d.resolved for d in review.model.rows if (d.doc_id, d.start) == (target.doc_id, target.start))
    assert store.annotations(target.doc_id, "gold")

    step("switch to Chinese from the menu: at once, everywhere, remembered")
    from tests.gui.test_i18n import untranslated

    language = next(a for a in window.findChildren(QAction) if a.text() == "简体中文")
    language.trigger()
    try:
        titles = [a.text() for a in window.menuBar().actions()]
        assert all(re.search(r"[\u4e00-\u9fff]", t) for t in titles), titles
        allowed = {c.id for c in window.codebook.categories} | {c.key for c in window.codebook.categories}
        allowed |= {w for c in window.codebook.categories for w in re.findall(r"[A-Za-z]+", c.definition + c.name_en)}
        assert untranslated(window, allowed) == []
        assert untranslated(review, allowed | {t for d in review.model.rows for t in re.findall(r"[A-Za-z]+", d.title)}) == []
        assert "标注员：alice, bob" in review.summary.toPlainText()  # the summary, shown again in Chinese
        assert i18n.chosen_language() == i18n.CHINESE
        review.close()

        step("zoom: Ctrl+= enlarges the article text, Ctrl+0 restores it, remembered")
        activate(qtbot, window)
        window.article.setFocus()
        size = window.article.font().pointSizeF()
        key(qtbot, window, K.Key_Equal, CTRL)
        key(qtbot, window, K.Key_Equal, CTRL)
        if window.article.font().pointSizeF() == size:
            pytest.fail("Ctrl+= did not zoom the article (issue 12, comfort: zoom)")
        assert window.article.font().pointSizeF() > size
        key(qtbot, window, K.Key_0, CTRL)
        assert window.article.font().pointSizeF() == pytest.approx(size)
        key(qtbot, window, K.Key_Equal, CTRL)
        from annotator.gui.project_menu import settings

        assert int(settings().value("window/article_zoom")) == 1  # the next window opens at this size

        step("1024×700: the article keeps a readable line")
        window.resize(1024, 700)
        qtbot.waitUntil(lambda: window.width() <= 1030, timeout=5000)
        QApplication.processEvents()
        wide = QFontMetricsF(window.article.font()).horizontalAdvance("国")
        per_line = window.article.viewport().width() / wide
        assert per_line >= 24, f"{per_line:.0f} characters a line (zoomed one step)"
        left, centre, right = window.splitter.sizes()
        assert centre > left and centre > right  # the lists gave up their share too
        assert window.article.cursorRect().intersects(window.article.viewport().rect()) or window.current_item() is None
        current = window.current_item()
        if current is not None:  # the current span is on screen
            rect = window.article.cursorRect(window.article.textCursor())
            assert window.article.viewport().rect().contains(QPoint(rect.x(), rect.center().y()))
    finally:
        i18n.switch_language(i18n.ENGLISH)
