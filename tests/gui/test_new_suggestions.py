"""A document this layer marked done never gains undecided candidates silently: the window
says how many new suggestions arrived and where, marks them in the document list, jumps
there from the message, and the message goes once they are decided. The status stays done."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from annotator import services
from annotator.services import annotating as an
from annotator.store import Store

PHRASE = "吉事即办"
TEXTS = {"a.txt": "甲县\n今年全面推行吉事即办改革。", "b.txt": "乙县\n我们学习吉事即办经验。", "c.txt": "丙县\n群众满意。"}


def project(tmp_path: Path) -> Store:
    folder = tmp_path / "docs"
    folder.mkdir()
    for name, text in TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    store = Store.open(tmp_path / "p.annotator.db")
    services.import_paths(store, [folder])
    services.detect_project(store)
    return store


def doc_id(store: Store, name: str) -> int:
    return next(d.id for d in store.documents() if d.source_path.endswith(name))


def open_window(qtbot, store: Store, layer: str):
    from annotator.gui.main_window import MainWindow

    window = MainWindow(store, layer)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window._index_job is None, timeout=30_000)
    window.article.setFocus()
    return window


def select(window, start: int, end: int) -> None:
    cursor = window.article.textCursor()
    cursor.setPosition(window.article.offsets.to_qt(start))
    cursor.setPosition(window.article.offsets.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
    window.article.setTextCursor(cursor)


def status_cell(window, doc: int) -> str:
    model = window.doc_model
    return model.data(model.index(model.row_of(doc), 1))


def test_new_suggestions_in_a_done_document_are_announced_and_cleared(qtbot, tmp_path: Path) -> None:
    store = project(tmp_path)
    a, b = doc_id(store, "a.txt"), doc_id(store, "b.txt")
    with store.transaction():
        store.ensure_annotator("alice")
    an.set_document_status(store, "bob", b, "done")
    window = open_window(qtbot, store, "bob")
    assert window.suggestions_bar.isHidden()
    # bob teaches the phrase in a: b, which he marked done, gains it as a suggestion
    window.open_document(a)
    start = window.text.index(PHRASE)
    select(window, start, start + len(PHRASE))
    window.category_key(window.codebook.categories[window.codebook.labels.index("SLOGAN")].key)
    assert not window.suggestions_bar.isHidden()
    text = window.suggestions_bar.text()
    assert "1 new suggestion(s) in 1 document(s) you marked done" in text
    assert f'href="doc:{b}"' in text and store.document(b).title in text
    assert "✦1" in status_cell(window, b) and "✦" not in status_cell(window, a)
    title_cell = window.doc_model.data(window.doc_model.index(window.doc_model.row_of(b), 0))
    assert title_cell == "✦ " + store.document(b).title
    assert store.doc_state(b, "bob").status == "done"
    # the link opens b on the new suggestion; Enter decides it and the message goes
    window.suggestions_bar.linkActivated.emit(f"doc:{b}")
    assert window.doc_id == b
    item = window.current_item()
    assert (window.text[item.start:item.end], item.rule, item.decided) == (PHRASE, "learned:SLOGAN", False)
    qtbot.keyClick(window.article, Qt.Key.Key_Return)
    assert window.suggestions_bar.isHidden()
    assert "✦" not in status_cell(window, b)
    assert store.doc_state(b, "bob").status == "done"  # deciding did not reopen it
    window.close()
    # alice, blind to bob's teaching, is told nothing
    an.set_document_status(store, "alice", b, "done")
    other = open_window(qtbot, store, "alice")
    assert other.suggestions_bar.isHidden()
    other.close()
    store.close()


def test_suggestions_arriving_from_another_process_are_announced(qtbot, tmp_path: Path) -> None:
    store = project(tmp_path)
    a, b = doc_id(store, "a.txt"), doc_id(store, "b.txt")
    an.set_document_status(store, "bob", b, "done")
    window = open_window(qtbot, store, "bob")
    elsewhere = Store.open(tmp_path / "p.annotator.db")  # a second connection: a merge, a terminal
    start = elsewhere.document(a).text.index(PHRASE)
    an.add_span(elsewhere, "bob", a, start, start + len(PHRASE), "SLOGAN")
    elsewhere.close()
    window.check_for_changes()
    assert "1 new suggestion(s) in 1 document(s)" in window.suggestions_bar.text()
    assert not window.suggestions_bar.isHidden()
    window.close()
    store.close()


def test_the_message_and_the_marker_are_in_chinese_under_zh_cn(qtbot, tmp_path: Path) -> None:
    from annotator.gui import i18n
    from test_i18n import _plain, english_words

    store = project(tmp_path)
    a, b = doc_id(store, "a.txt"), doc_id(store, "b.txt")
    an.set_document_status(store, "bob", b, "done")
    start = store.document(a).text.index(PHRASE)
    an.add_span(store, "bob", a, start, start + len(PHRASE), "SLOGAN")
    i18n.install(i18n.CHINESE)
    try:
        window = open_window(qtbot, store, "bob")
        bar = _plain(window.suggestions_bar.text())
        assert "新到 1 条建议" in bar and store.document(b).title in bar
        assert english_words(bar) == [] and english_words(status_cell(window, b)) == []
        assert "✦1" in status_cell(window, b) and "完成" in status_cell(window, b)
        window.close()
    finally:
        i18n.install(i18n.ENGLISH)
    store.close()
