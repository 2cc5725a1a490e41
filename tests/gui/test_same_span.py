"""Two candidates on the same offsets (CAMPAIGN and SLOGAN on one span) are two decisions:
Enter, Space, Tab and Shift+Tab visit both, in order, and the second is shown before it is
decided."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from test_spans import open_window

K = Qt.Key
TEXT = "今年开展三服务活动,推进强基工程。"
CANDIDATES = [(2, 6, "CAMPAIGN"), (2, 6, "SLOGAN"), (10, 14, "CAMPAIGN")]


def current(window) -> tuple:
    item = window.current_item()
    return (item.start, item.end, item.label, item.status)


def decisions(store) -> list[tuple]:
    return [(a.start, a.end, a.label, a.status) for a in store.annotations(1, "alice")]


def test_enter_walks_both_candidates_on_one_span(qtbot, tmp_path: Path) -> None:
    window, store = open_window(qtbot, tmp_path, TEXT, CANDIDATES)
    assert current(window) == (2, 6, "CAMPAIGN", "undecided")
    qtbot.keyClick(window.article, K.Key_Return)
    # The second candidate on the same span is shown, selected and still undecided: the
    # annotator sees it before any key decides it.
    assert current(window) == (2, 6, "SLOGAN", "undecided")
    assert decisions(store) == [(2, 6, "CAMPAIGN", "accepted")]
    slogan = next(i for i in window.items if i.label == "SLOGAN")
    assert window.article.current_key == slogan.key  # the article draws it as the current span
    [mark] = [m for m in window.article.marks if m.current]
    assert (mark.start, mark.end) == (window.article.offsets.to_qt(2), window.article.offsets.to_qt(6))
    qtbot.keyClick(window.article, K.Key_Return)
    assert decisions(store) == [(2, 6, "CAMPAIGN", "accepted"), (2, 6, "SLOGAN", "accepted")]
    assert current(window) == (10, 14, "CAMPAIGN", "undecided")
    window.close()
    store.close()


def test_reject_then_skip_visit_the_second_on_the_same_span(qtbot, tmp_path: Path) -> None:
    window, store = open_window(qtbot, tmp_path, TEXT, CANDIDATES)
    qtbot.keyClick(window.article, K.Key_X)  # reject CAMPAIGN: SLOGAN on the same span is next
    assert current(window) == (2, 6, "SLOGAN", "undecided")
    window.make_current(window.items[0].key)  # back on the decided one; Space skips to SLOGAN
    qtbot.keyClick(window.article, K.Key_Space)
    assert current(window) == (2, 6, "SLOGAN", "undecided")
    qtbot.keyClick(window.article, K.Key_Space)
    assert current(window) == (10, 14, "CAMPAIGN", "undecided")
    qtbot.keyClick(window.article, K.Key_Space)  # wraps around to the same span's second
    assert current(window) == (2, 6, "SLOGAN", "undecided")
    window.close()
    store.close()


def test_tab_and_shift_tab_visit_both(qtbot, tmp_path: Path) -> None:
    window, store = open_window(qtbot, tmp_path, TEXT, CANDIDATES)
    seen = [current(window)[:3]]
    for _ in range(3):
        qtbot.keyClick(window.article, K.Key_Tab)
        seen.append(current(window)[:3])
    assert seen == [(2, 6, "CAMPAIGN"), (2, 6, "SLOGAN"), (10, 14, "CAMPAIGN"), (2, 6, "CAMPAIGN")]
    back = []
    for _ in range(3):
        qtbot.keyClick(window.article, K.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
        back.append(current(window)[:3])
    assert back == [(10, 14, "CAMPAIGN"), (2, 6, "SLOGAN"), (2, 6, "CAMPAIGN")]
    window.close()
    store.close()
