"""Models, offsets beyond the BMP, rendering, background import."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from annotator import services
from annotator.gui.models import DocumentListModel, SpanListModel
from annotator.gui.offsets import OffsetMap
from annotator.store import Store

K = Qt.Key


def test_document_model_passes_qabstractitemmodeltester(qtmodeltester, store: Store) -> None:
    model = DocumentListModel(store, "alice")
    qtmodeltester.check(model)
    model.set_filter("todo", "黨史")
    qtmodeltester.check(model)
    assert model.rowCount() == 2  # the traditional article and the simplified one with 党史


def test_span_model_passes_qabstractitemmodeltester(qtmodeltester, window) -> None:
    model = SpanListModel(window.colour_of)
    model.set_items(window.text, window.items)
    qtmodeltester.check(model)
    assert model.rowCount() == len(window.items)


def test_document_model_is_lazy(store: Store, monkeypatch) -> None:
    fetched: list[int] = []
    original = store.document_rows
    monkeypatch.setattr(store, "document_rows", lambda ids, layer: fetched.extend(ids) or original(ids, layer))
    model = DocumentListModel(store, "alice")
    assert fetched == []  # listing ids fetches no rows
    model.data(model.index(0, 0))
    assert fetched == [1, 2, 3, 4, 5]  # one page, on demand


def test_offset_map_round_trips_astral_characters() -> None:
    text = "甲𠮷乙😀丙𡒄丁"
    offsets = OffsetMap(text)
    utf16 = len(text.encode("utf-16-le")) // 2
    assert [offsets.to_qt(i) for i in range(len(text) + 1)] == [0, 1, 3, 4, 6, 7, 9, 10]
    assert offsets.to_qt(len(text)) == utf16
    assert all(offsets.from_qt(offsets.to_qt(i)) == i for i in range(len(text) + 1))


def test_spans_are_exact_beyond_the_bmp(qtbot, tmp_path: Path) -> None:
    from annotator.gui.main_window import MainWindow

    article = tmp_path / "astral.txt"
    text = "标题𠮷😀\n𡒄县坚持“一城三区”发展定位,确保总投资达300亿元。"
    article.write_text(text, encoding="utf-8")
    store = Store.open(tmp_path / "astral.annotator.db")
    services.import_paths(store, [article])
    services.detect_project(store)
    window = MainWindow(store, "alice")
    qtbot.addWidget(window)
    window.show()
    window.article.setFocus()
    # keyboard selection of "𠮷😀\n𡒄县" starting after 标题
    cursor = window.article.textCursor()
    cursor.setPosition(window.article.offsets.to_qt(2))
    window.article.setTextCursor(cursor)
    qtbot.keyClick(window.article, K.Key_S)
    for _ in range(5):
        qtbot.keyClick(window.article, K.Key_Right)
    qtbot.keyClick(window.article, K.Key_1)
    [added] = [a for a in store.annotations(1, "alice") if a.status == "added"]
    assert text[added.start:added.end] == "𠮷😀\n𡒄县"
    # candidates after the astral characters are highlighted at the right place
    target = next(i for i in window.items if i.label == "TARGET")
    assert text[target.start:target.end] == "确保总投资达300亿元"
    window.make_current(target.key)
    qtbot.keyClick(window.article, K.Key_Return)
    accepted = [a for a in store.annotations(1, "alice") if a.status == "accepted"]
    assert [text[a.start:a.end] for a in accepted] == ["确保总投资达300亿元"]
    window.close()
    store.close()


def test_main_window_renders_an_article(window) -> None:
    image: QImage = window.grab().toImage()
    assert image.width() > 800 and image.height() > 500
    sample = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
    assert len(sample) > 50  # text, highlights and widgets: far from blank
    assert window.article.toPlainText().startswith("专访吉水县委书记")
    assert len(window.article.marks) == len(window.items)


def test_background_import_adds_documents(qtbot, window, tmp_path: Path) -> None:
    from annotator.gui.project_menu import start_import

    extra = tmp_path / "extra.jsonl"
    extra.write_text('{"title": "新文章", "text": "确保年内新增高新技术企业5家"}\n', encoding="utf-8")
    start_import(window, [str(extra)])
    # Wait for what the job's own finished handler does (connected before it started), not for
    # its signal: a fast job may emit before a test could start listening.
    qtbot.waitUntil(lambda: window.doc_model.rowCount() == 6, timeout=20_000)


def test_search_box_filters_the_list_in_the_background(qtbot, window) -> None:
    window.search.setFocus()
    window.search.setText("黨史學習")  # QTest types ASCII only; 5 has 党史学习 (simplified)
    qtbot.waitUntil(lambda: window.doc_model.ids == [2, 5], timeout=10_000)
    window.search.clear()
    qtbot.waitUntil(lambda: len(window.doc_model.ids) == 5, timeout=10_000)
    window.search.setText("吉水")  # two characters: a scan
    qtbot.waitUntil(lambda: window.doc_model.ids == [1], timeout=10_000)
    window.status_filter.setCurrentIndex(3)  # done: none yet
    qtbot.waitUntil(lambda: window.doc_model.ids == [], timeout=10_000)


def test_search_index_is_built_in_the_background(qtbot, window, store) -> None:
    qtbot.waitUntil(lambda: store.search_indexed_upto() == 5, timeout=10_000)


def test_export_dialog_and_background_export(qtbot, window, tmp_path: Path) -> None:
    import json

    from annotator.gui.exchange_dialogs import ExportDialog, run_in_background
    from dataclasses import replace

    from annotator.export import export_project

    qtbot.keyClick(window.article, K.Key_Return)
    dialog = ExportDialog(window)
    dialog.format.setCurrentText("doccano")
    dialog.split.setText("train=0.5,test=0.5")
    options = dialog.options()
    assert (options.format, options.layer, options.split) == ("doccano", "alice", {"train": 0.5, "test": 0.5})
    options = replace(options, allow_empty=True)  # one record: one of the two parts stays empty
    out = tmp_path / "gui_export"
    finished: list[str] = []  # the done callback is connected before the job starts: never missed
    run_in_background(window, "Exporting…", lambda store, progress, cancelled: str(export_project(store, out, options, progress=progress).records), finished.append)
    qtbot.waitUntil(lambda: bool(finished), timeout=20_000)
    assert finished == ["1"]
    written = [json.loads(line) for f in tmp_path.glob("gui_export.*.jsonl") for line in f.read_text(encoding="utf-8").splitlines()]
    assert len(written) == 1 and len(written[0]["label"]) == 1


def test_review_window_adjudicates_with_keys_and_undoes(qtbot, window, store) -> None:
    from annotator.gui.review import ReviewWindow
    from annotator.services import adjudication as adj

    from annotator.services import annotating as items
    for layer, pattern in (("alice", "aax"), ("bob", "axa")):
        for index, item in enumerate(items.document_items(store, layer, 1)[:9]):
            (items.accept if pattern[index % 3] == "a" else items.reject)(store, layer, item)
    review = ReviewWindow(store, window.colours())
    qtbot.addWidget(review)
    review.show()
    total = len(review.model.rows)
    assert total > 0 and "alice" in review.layers.toHtml()
    first = review.current()
    review.table.setFocus()
    qtbot.keyClick(review.table, Qt.Key.Key_1)  # take alice's spans, with the list focused
    gold = [(a.start, a.end, a.label) for a in store.annotations(first.doc_id, "gold") if first.start < a.end and a.start < first.end]
    assert gold == list(first.spans["alice"])
    assert "1 of" in review.progress.text()
    qtbot.keyClick(review, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert adj.gold_progress(store) == (0, total)
    qtbot.keyClick(review, Qt.Key.Key_A)  # everything both agree on
    assert store.summary().layers[0].total > 0
    review.close()
