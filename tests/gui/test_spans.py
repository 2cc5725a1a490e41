"""Spans drawn like span editors draw them: levels for nesting, a tag per span, the status
readable without colour, markers for flags and comments, and a help generated from the
table the painter draws with."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage

from annotator import services
from annotator.gui import spans
from annotator.gui.spans import short_labels, span_levels, uncovered
from annotator.records import CandidateSpan
from annotator.services import annotating
from annotator.store import Store

K = Qt.Key
TEXT = "县委书记说:确保全年签约超亿元项目三十个以上,推进党史学习教育走深走实,全力以赴。" * 3
RED, BLUE = QColor("#d62728"), QColor("#1f77b4")  # SLOGAN, TARGET in the default codebook

# ------------------------------------------------------------------ the layout, without Qt


def test_a_span_inside_another_is_one_level_below_it() -> None:
    assert span_levels([(0, 10), (2, 5)]) == [1, 0]
    assert span_levels([(2, 5), (0, 10), (3, 4)]) == [1, 2, 0]


def test_spans_apart_share_the_lowest_level() -> None:
    assert span_levels([(0, 3), (3, 6), (10, 12)]) == [0, 0, 0]


def test_crossing_and_identical_spans_get_different_levels() -> None:
    assert sorted(span_levels([(0, 5), (3, 8)])) == [0, 1]
    assert sorted(span_levels([(4, 9), (4, 9)])) == [0, 1]


@given(st.lists(st.tuples(st.integers(0, 60), st.integers(1, 20)).map(lambda t: (t[0], t[0] + t[1])), max_size=25))
def test_levels_separate_every_overlap_and_put_enclosing_spans_above(bounds: list[tuple[int, int]]) -> None:
    levels = span_levels(bounds)
    for i, (a, b) in enumerate(bounds):
        for j, (c, d) in enumerate(bounds):
            if i != j and a < d and c < b:
                assert levels[i] != levels[j]
            if (a, b) != (c, d) and a <= c and d <= b:  # j lies inside i
                assert levels[i] > levels[j]


def test_tags_are_the_shortest_distinct_prefixes() -> None:
    assert short_labels(["SLOGAN", "TARGET", "CAMPAIGN"]) == {"SLOGAN": "SLO", "TARGET": "TAR", "CAMPAIGN": "CAM"}
    assert short_labels(["HONOUR", "HONEST", "AB"]) == {"HONOUR": "HONO", "HONEST": "HONE", "AB": "AB"}


def test_a_strike_through_skips_the_spans_kept_inside() -> None:
    assert uncovered((0, 10), [(2, 4), (3, 6)]) == [(0, 2), (6, 10)]
    assert uncovered((0, 10), [(0, 10)]) == []
    assert uncovered((5, 8), [(0, 2), (9, 12)]) == [(5, 8)]


# ------------------------------------------------------------------ the painted article


def open_window(qtbot, tmp_path: Path, text: str, candidates=(), added=()):
    """A window on a one-article project with the given candidates (start, end, label)
    and the annotator's own spans ``added`` (start, end, label)."""
    from annotator.gui.main_window import MainWindow

    article = tmp_path / "article.txt"
    article.write_text(text, encoding="utf-8")
    store = Store.open(tmp_path / "spans.annotator.db")
    services.import_paths(store, [article])
    services.use_codebook(store)
    with store.transaction():
        store.add_candidates(1, [CandidateSpan(s, e, label, "test", 0.5) for s, e, label in candidates], "test")
    for start, end, label in added:
        annotating.add_span(store, "alice", 1, start, end, label)
    window = MainWindow(store, "alice")
    qtbot.addWidget(window)
    window.resize(1500, 700)
    window.show()
    qtbot.waitExposed(window)
    window.article.setFocus()
    return window, store


def item_at(window, start: int, end: int):
    return next(i for i in window.items if (i.start, i.end) == (start, end))


def mark_of(window, start: int, end: int):
    article = window.article
    return next(m for m in article.marks if (m.start, m.end) == (article.offsets.to_qt(start), article.offsets.to_qt(end)))


def boxes_of(window, start: int, end: int) -> list[QRectF]:
    article = window.article
    article._block_tops = {}
    return [box for box, _ in article._boxes(mark_of(window, start, end), QRectF(article.viewport().rect()))]


def near(pixel: QColor, colour: QColor, tolerance: int = 70) -> bool:
    return sum(abs(a - b) for a, b in zip(pixel.getRgb()[:3], colour.getRgb()[:3])) < tolerance


def reddish(pixel: QColor) -> bool:
    return pixel.red() > pixel.green() + 60 and pixel.red() > pixel.blue() + 40


def bluish(pixel: QColor) -> bool:
    return pixel.blue() > pixel.red() + 60


def column_hits(image: QImage, x: int, rows: range, looks) -> list[int]:
    return [y for y in rows if looks(image.pixelColor(x, y))]


@pytest.fixture
def nested(qtbot, tmp_path: Path):
    """A confirmed TARGET inside a confirmed SLOGAN, both added by the annotator."""
    start = TEXT.index("确保")
    window, store = open_window(qtbot, tmp_path, TEXT, added=[(start - 2, start + 12, "SLOGAN"), (start, start + 8, "TARGET")])
    yield window, (start - 2, start + 12), (start, start + 8)
    window.close()
    store.close()


def test_nested_spans_are_painted_at_separate_levels(nested) -> None:
    window, outer, inner = nested
    assert mark_of(window, *outer).level == 1 and mark_of(window, *inner).level == 0
    [outer_box], [inner_box] = boxes_of(window, *outer), boxes_of(window, *inner)
    # the enclosing box is taller and wider: each keeps an edge of its own
    assert outer_box.top() < inner_box.top() and outer_box.bottom() > inner_box.bottom()
    assert outer_box.left() < inner_box.left() and outer_box.right() > inner_box.right()
    window.article.show_items(window.items, None)  # neither is current: each has its plain look
    window.article.repaint()
    image = window.article.viewport().grab().toImage()
    x = int(inner_box.center().x())
    rows = range(int(outer_box.top()) - 1, int(inner_box.center().y()))
    red, blue = column_hits(image, x, rows, reddish), column_hits(image, x, rows, bluish)
    # above the text, one column crosses the SLOGAN's red edge first, then the TARGET's blue one
    assert red and blue and min(red) < min(blue), (red, blue)


def test_each_span_shows_its_tag_in_its_colour(nested) -> None:
    window, outer, inner = nested
    window.article.show_items(window.items, None)
    window.article.repaint()
    assert mark_of(window, *outer).tag == "SLO" and mark_of(window, *inner).tag == "TAR"
    image = window.article.viewport().grab().toImage()
    for (start, end), colour in ((outer, RED), (inner, BLUE)):
        mark = mark_of(window, start, end)
        [box] = boxes_of(window, start, end)
        tag = QRectF(box.right() - mark.tag_width - 4, box.top(), mark.tag_width, box.height())
        inside = [image.pixelColor(int(x), int(tag.center().y())) for x in range(int(tag.left()), int(tag.right()))]
        assert sum(near(p, colour) for p in inside) > 5  # a confirmed tag is filled with its colour
    # no tag covers a character: room is kept after the span's last character for its tags
    article = window.article
    cursor = article.textCursor()
    cursor.setPosition(article.offsets.to_qt(inner[1] - 1))
    last_left = article.cursorRect(cursor).left()
    cursor.setPosition(article.offsets.to_qt(inner[1]))
    assert article.cursorRect(cursor).left() - last_left > mark_of(window, *inner).tag_width


def test_a_span_confirmed_inside_a_rejected_one_keeps_its_look(qtbot, tmp_path: Path) -> None:
    start = TEXT.index("确保")
    outer, inner = (start - 2, start + 16), (start, start + 12)
    window, store = open_window(qtbot, tmp_path, TEXT, candidates=[(*outer, "SLOGAN"), (*inner, "TARGET")])
    window.make_current(item_at(window, *outer).key)
    qtbot.keyClick(window.article, K.Key_X)  # reject the outer candidate
    window.make_current(item_at(window, *inner).key)
    qtbot.keyClick(window.article, K.Key_Return)  # accept the inner one
    window.article.show_items(window.items, None)
    assert [item_at(window, *outer).status, item_at(window, *inner).status] == ["rejected", "accepted"]
    rejected, confirmed = mark_of(window, *outer), mark_of(window, *inner)
    assert rejected.style == spans.REJECTED and confirmed.style == spans.CONFIRMED
    assert rejected.tag.startswith("✕") and not confirmed.tag.startswith("✕")
    # the strike-through runs over the rejected text around the kept span, never across it
    to_qt = window.article.offsets.to_qt
    assert rejected.strike == ((to_qt(outer[0]), to_qt(inner[0])), (to_qt(inner[1]), to_qt(outer[1])))
    # and the kept span is filled with its own colour, not veiled grey
    window.article.repaint()
    image = window.article.viewport().grab().toImage()
    [box] = boxes_of(window, *inner)
    tint = QColor(BLUE)
    tint.setAlpha(spans.STYLES[spans.CONFIRMED].fill_alpha)
    y = int(box.top()) + 2
    bluish = [image.pixelColor(x, y) for x in range(int(box.left()) + 3, int(box.right()) - 3)]
    assert sum(p.blue() > p.red() + 15 for p in bluish) > len(bluish) // 2
    window.close()
    store.close()


def test_flags_and_comments_show_as_markers_in_the_tag(qtbot, tmp_path: Path, monkeypatch) -> None:
    start = TEXT.index("确保")
    window, store = open_window(qtbot, tmp_path, TEXT, candidates=[(start, start + 12, "TARGET")])
    window.make_current(item_at(window, start, start + 12).key)
    width = mark_of(window, start, start + 12).tag_width
    qtbot.keyClick(window.article, K.Key_U)
    monkeypatch.setattr(window, "ask_comment", lambda previous, key=None: "boundary unclear")
    qtbot.keyClick(window.article, K.Key_C)
    mark = mark_of(window, start, start + 12)
    assert mark.markers == (spans.FLAGGED, spans.COMMENTED)
    assert mark.tag.endswith(spans.MARKERS[spans.FLAGGED].glyph + spans.MARKERS[spans.COMMENTED].glyph)
    assert mark.tag_width > width  # the text makes room for the longer tag
    window.close()
    store.close()


def test_the_current_span_is_edged_in_black(nested) -> None:
    window, outer, inner = nested
    window.make_current(item_at(window, *inner).key)
    mark = mark_of(window, *inner)
    assert mark.current and window.article.marks[-1] is mark  # painted last, over the others
    window.article.repaint()
    image = window.article.viewport().grab().toImage()
    [box] = boxes_of(window, *inner)
    x = int(box.center().x())
    dark = [y for y in range(int(box.top()) - 4, int(box.top()) + 3) if max(image.pixelColor(x, y).getRgb()[:3]) < 90]
    assert dark


def test_tags_sit_after_astral_characters_at_the_right_place(qtbot, tmp_path: Path) -> None:
    text = "𠮷😀𡒄县,确保总投资达300亿元。"
    start = text.index("确保")
    window, store = open_window(qtbot, tmp_path, text, added=[(start, start + 11, "TARGET")])
    article = window.article
    assert text[start:start + 11] == "确保总投资达300亿元"
    [box] = boxes_of(window, start, start + 11)
    cursor = article.textCursor()
    cursor.setPosition(article.offsets.to_qt(start))
    assert abs(box.left() - article.cursorRect(cursor).left()) < 3  # the box starts at 确
    cursor.setPosition(article.offsets.to_qt(start + 11))
    after = article.cursorRect(cursor).left()
    cursor.setPosition(article.offsets.to_qt(start + 10))
    assert after - article.cursorRect(cursor).left() > mark_of(window, start, start + 11).tag_width  # room after 元
    window.close()
    store.close()


def test_the_help_describes_every_look_the_painter_uses(qtbot, tmp_path: Path, monkeypatch) -> None:
    from annotator.gui.help import help_html

    start = TEXT.index("确保")
    window, store = open_window(
        qtbot, tmp_path, TEXT,
        candidates=[(start - 2, start + 16, "SLOGAN"), (start, start + 12, "TARGET"), (0, 4, "CAMPAIGN")],
        added=[(30, 34, "HONOUR")],
    )
    window.make_current(item_at(window, start - 2, start + 16).key)
    qtbot.keyClick(window.article, K.Key_X)
    window.make_current(item_at(window, 30, 34).key)
    qtbot.keyClick(window.article, K.Key_U)
    monkeypatch.setattr(window, "ask_comment", lambda previous, key=None: "why?")
    qtbot.keyClick(window.article, K.Key_C)
    used = {name for mark in window.article.marks for name in mark.styles()}
    assert used == set(spans.STYLES) | set(spans.MARKERS)  # this article shows every look
    text = help_html()
    for name in used:
        entry = spans.STYLES.get(name) or spans.MARKERS[name]
        assert (entry.looks if name in spans.STYLES else entry.glyph) in text and entry.means in text
    assert "dashed underline" not in text.lower()
    window.close()
    store.close()


def test_category_buttons_carry_their_colour_and_key(window) -> None:
    from PySide6.QtWidgets import QPushButton

    buttons = [b for b in window.findChildren(QPushButton) if b.text()[:1].isdigit()]
    assert len(buttons) == len(window.codebook.categories)
    for button, category in zip(buttons, window.codebook.categories):
        assert button.text().startswith(category.key)
        image = button.grab().toImage()
        edge = [image.pixelColor(x, image.height() // 2) for x in range(1, 6)]
        assert any(near(p, QColor(category.colour), 40) for p in edge), category.id



def test_tags_grow_with_a_zoom_and_keep_their_room(nested) -> None:
    window, outer, inner = nested
    article = window.article
    before = mark_of(window, *inner).tag_width
    article.zoomIn(4)
    after = mark_of(window, *inner).tag_width
    assert after > before
    cursor = article.textCursor()
    cursor.setPosition(article.offsets.to_qt(inner[1] - 1))
    last_left = article.cursorRect(cursor).left()
    cursor.setPosition(article.offsets.to_qt(inner[1]))
    assert article.cursorRect(cursor).left() - last_left > after
