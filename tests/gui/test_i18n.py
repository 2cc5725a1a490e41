"""The Chinese interface: a complete catalogue, compiled, chosen from the system locale,
switchable at once and remembered, and no English left on screen under zh_CN."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QAction, QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QLabel,
    QLineEdit,
    QMenu,
    QTableView,
    QTabWidget,
    QWidget,
)

from annotator.gui import i18n
from annotator.gui.i18n import update

TS = i18n.FOLDER / "annotator_zh_CN.ts"
PLACEHOLDER = re.compile(r"\{[a-z_]*\}")

# Words that stay as they are in a Chinese interface: the program's name, key names, the
# tokenizer, file formats, agreement measures named after people, the demo annotators.
ALLOWED = {
    "annotator", "Ctrl", "Shift", "Alt", "Tab", "Enter", "Esc", "Delete", "Del", "Backspace", "Space",
    "Home", "End", "PgUp", "PgDown", "jieba", "CoNLL", "JSONL", "doccano", "spaCy", "json", "jsonl", "txt", "csv", "db",
    "Krippendorff", "Fleiss", "Cohen", "alice", "bob", "train", "dev", "test", "exports", "α_U",
    "English",  # the language menu names each language in itself
}
ENGLISH_WORD = re.compile(r"[A-Za-z][A-Za-z_]+")


@pytest.fixture
def chinese(qapp):
    i18n.install(i18n.CHINESE)
    yield
    i18n.install(i18n.ENGLISH)


def _messages() -> list[tuple[str, str, ET.Element]]:
    root = ET.parse(TS).getroot()
    return [(c.findtext("name"), m.findtext("source"), m.find("translation")) for c in root.iter("context") for m in c.iter("message")]


# ---------------------------------------------------------------- the catalogue


def test_every_text_has_a_chinese_translation() -> None:
    messages = _messages()
    assert len(messages) > 100  # the window's texts, not a stub
    unfinished = [(c, s) for c, s, t in messages if t.get("type") in ("unfinished", "vanished", "obsolete") or not (t.text or "").strip()]
    assert unfinished == []


def test_translations_keep_placeholders_shortcuts_and_accelerators() -> None:
    for context, source, translation in _messages():
        text = translation.text or ""
        where = f"{context}: {source!r} → {text!r}"
        assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(source)), where
        assert ("\t" in text) == ("\t" in source), where
        if "\t" in source:
            assert text.split("\t")[1] == source.split("\t")[1], where  # the shortcut as Qt writes it
        if re.search(r"&\w", source):
            assert re.search(r"\(&[A-Z]\)|&\w", text), where  # 文件(&F): the Alt key still opens it
        assert re.search(r"[\u4e00-\u9fff]", text) or not english_words(source.replace("&", "")), where


def test_catalogue_and_compiled_file_are_up_to_date_with_the_sources() -> None:
    if update.tool("pyside6-lupdate") is None or update.tool("pyside6-lrelease") is None:
        pytest.skip("the Qt tools (pyside6-lupdate, pyside6-lrelease) are not installed")
    assert update.check() == []


# ---------------------------------------------------------------- choosing the language


def test_language_follows_the_system_locale_until_one_is_chosen(qapp, monkeypatch) -> None:
    monkeypatch.setattr(i18n.QLocale, "system", staticmethod(lambda: QLocale("zh_TW")))
    assert i18n.chosen_language() == i18n.CHINESE
    monkeypatch.setattr(i18n.QLocale, "system", staticmethod(lambda: QLocale("de_DE")))
    assert i18n.chosen_language() == i18n.ENGLISH
    try:
        i18n.switch_language(i18n.CHINESE)
        assert i18n.chosen_language() == i18n.CHINESE  # remembered, whatever the system says
        assert i18n.translate("Words", "accepted") == "已接受"
    finally:
        i18n.switch_language(i18n.ENGLISH)
    assert i18n.chosen_language() == i18n.ENGLISH
    assert i18n.translate("Words", "accepted") == "accepted"


def test_qt_standard_buttons_are_translated_too(chinese) -> None:
    from PySide6.QtWidgets import QDialogButtonBox

    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    texts = {b.text() for b in box.buttons()}
    assert texts == {"确定", "取消"}, texts


# ---------------------------------------------------------------- nothing left in English


def _plain(text: str) -> str:
    if "<" in text:
        document = QTextDocument()
        document.setHtml(text)
        return document.toPlainText()
    return text


def visible_texts(window: QWidget) -> list[tuple[str, str]]:
    """(where, text) for every text a person sees in the window or opens from it: titles,
    labels, buttons, placeholders, tabs, combo items, menus and their actions, tooltips,
    table headers. The article and the codebook are content, not the interface."""
    found: list[tuple[str, str]] = [("window title", window.windowTitle())]
    for widget in [window, *window.findChildren(QWidget)]:
        name = type(widget).__name__
        if widget.toolTip():
            found.append((f"{name} tooltip", widget.toolTip()))
        if isinstance(widget, QLabel):
            found.append((name, widget.text()))
        elif isinstance(widget, QAbstractButton):
            found.append((name, widget.text()))
        elif isinstance(widget, QLineEdit):
            found.append((f"{name} placeholder", widget.placeholderText()))
        elif isinstance(widget, QComboBox):
            found += [(f"{name} item", widget.itemText(i)) for i in range(widget.count())]
        elif isinstance(widget, QTabWidget):
            found += [(f"{name} tab", widget.tabText(i)) for i in range(widget.count())]
        elif isinstance(widget, QMenu):
            found.append((f"{name} title", widget.title()))
        elif isinstance(widget, QTableView) and widget.model() is not None:
            model = widget.model()
            found += [(f"{name} header", str(model.headerData(c, Qt.Orientation.Horizontal) or "")) for c in range(model.columnCount())]
    for action in window.findChildren(QAction):
        if action.isSeparator():
            continue
        found.append(("action", action.text()))
        found.append(("action tooltip", action.toolTip()))
    return [(where, _plain(text)) for where, text in found if text]


def english_words(text: str, allowed: set[str] = frozenset()) -> list[str]:
    text = re.sub(r"\S*[/\\]\S*", " ", text)  # file paths
    return [w for w in ENGLISH_WORD.findall(text)
            if w not in ALLOWED and w not in allowed and not w.isupper() and not re.fullmatch(r"F\d+", w)]


def untranslated(window: QWidget, allowed: set[str] = frozenset()) -> list[tuple[str, str]]:
    return [(where, text) for where, text in visible_texts(window) if english_words(text, allowed)]


def _codebook_ids(window) -> set[str]:
    """The codebook is the researcher's content (ids, keys, English definitions), not the interface."""
    words = set()
    for c in window.codebook.categories:
        words |= {c.id, c.key, *ENGLISH_WORD.findall(" ".join((c.name_en, c.definition, *c.boundaries, *c.examples)))}
    return words


def test_main_window_shows_no_english_under_chinese(chinese, window) -> None:
    window._update_status()
    texts = visible_texts(window)
    assert len(texts) > 40
    assert untranslated(window, _codebook_ids(window)) == []


def test_main_window_switches_language_at_once_and_back(window) -> None:
    def menu_titles() -> list[str]:
        return [a.text() for a in window.menuBar().actions()]

    english = menu_titles()
    i18n.install(i18n.CHINESE)
    try:
        chinese_titles = menu_titles()
        assert chinese_titles != english and all(re.search(r"[\u4e00-\u9fff]", t) for t in chinese_titles), chinese_titles
        assert untranslated(window, _codebook_ids(window)) == []
    finally:
        i18n.install(i18n.ENGLISH)
    assert menu_titles() == english


def test_review_window_shows_no_english_under_chinese(chinese, qtbot, window, store) -> None:
    from annotator.gui.review import ReviewWindow
    from annotator.services import annotating

    for layer in ("alice", "bob"):
        for item in annotating.document_items(store, layer, 1)[:3]:
            annotating.accept(store, layer, item)
    review = ReviewWindow(store, window.colours(), window)
    qtbot.addWidget(review)
    review.show()
    allowed = _codebook_ids(window) | {t for d in review.model.rows for t in re.findall(r"[A-Za-z]+", d.title)}
    assert untranslated(review, allowed) == []


def test_help_is_chinese_under_chinese(chinese) -> None:
    from annotator.gui.help import help_html

    assert english_words(_plain(help_html()), {"Ctrl", "Shift", "Alt"}) == []
