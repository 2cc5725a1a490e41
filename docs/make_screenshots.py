"""Screenshots of the real window for the README: run under a (virtual) X display.

    xvfb-run -s "-screen 0 1600x1000x24" python docs/make_screenshots.py

Builds a throw-away project from seeds/, makes decisions as two annotators (alice, bob) so
every kind of highlight shows, and saves in docs/:

- main_window.png     the window in English on the traditional-character article
- main_window_zh.png  the same window in Simplified Chinese
- nested_spans.png    three nested confirmed spans, a rejected one, a flagged and a commented one
- review.png          the review window with the agreement summary of alice and bob (in Chinese)
- help.png            the keys (English)
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from PySide6.QtCore import QRect, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from annotator import services  # noqa: E402
from annotator.gui import i18n  # noqa: E402
from annotator.gui.app import application  # noqa: E402
from annotator.gui.help import HelpDialog  # noqa: E402
from annotator.gui.main_window import MainWindow  # noqa: E402
from annotator.services import annotating  # noqa: E402
from annotator.store import Store  # noqa: E402

TRADITIONAL = 2  # the traditional-character demo article
NESTED = ("創新開展“六講六進”大宣講活動300余場", "“六講六進”大宣講活動", "六講六進")


def settle(app: QApplication, ms: int = 300) -> None:
    QTimer.singleShot(ms, app.quit)
    app.exec()


def wait_for(app: QApplication, condition, seconds: float = 30) -> None:
    for _ in range(int(seconds * 10)):
        if condition():
            return
        settle(app, 100)
    raise SystemExit("timed out waiting for the window")


def decide_as(store: Store, layer: str, doc_id: int, pattern: str) -> None:
    """Another annotator's decisions on a document: a for accept, x for reject, in turn."""
    for index, item in enumerate(annotating.document_items(store, layer, doc_id)[:24]):
        (annotating.accept if pattern[index % len(pattern)] == "a" else annotating.reject)(store, layer, item)


def nested_decisions(window: MainWindow) -> tuple[int, int]:
    """Accept the three nested spans, reject one candidate, flag and comment two: every look
    the article has. Returns the stretch of text (code points) they cover."""
    text = window.text
    for phrase in NESTED:
        start = text.index(NESTED[0]) + NESTED[0].index(phrase)
        item = next(i for i in window.items if (i.start, i.end) == (start, start + len(phrase)))
        window.make_current(item.key)
        window.accept_current()
    start = text.index(NESTED[0])
    later = [i for i in window.items if not i.decided and i.start > start + len(NESTED[0])]
    window.make_current(later[0].key)
    window.reject_current()
    window.make_current(later[1].key)
    window.accept_current()
    window.make_current(later[1].key)
    window.toggle_uncertain()
    window.make_current(later[2].key)
    window.accept_current()
    window.ask_comment = lambda previous, key=None: "边界待商榷：是否包括“活动”"
    window.make_current(later[2].key)
    window.comment_current()
    return start, later[2].end


def main() -> None:
    out = REPO / "docs"
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(Path(folder) / "demo.annotator.db")
        services.import_paths(store, [REPO / "seeds"])
        services.detect_project(store)
        for doc_id in (1, TRADITIONAL):
            decide_as(store, "bob", doc_id, "axa")
        decide_as(store, "alice", 1, "aax")
        app = application()
        i18n.install(i18n.ENGLISH)
        window = MainWindow(store, "alice")
        window.resize(1560, 940)
        window.show()
        window.open_document(TRADITIONAL)
        start, end = nested_decisions(window)
        window.make_current(next(i for i in window.items if not i.decided and i.start > end).key)
        settle(app)
        window.article.scroll_to(start)
        settle(app)
        window.grab().save(str(out / "main_window.png"))

        i18n.install(i18n.CHINESE)
        settle(app)
        window.grab().save(str(out / "main_window_zh.png"))

        i18n.install(i18n.ENGLISH)
        settle(app)
        article = window.article
        top = article.cursorRect(article.textCursor()).top()
        viewport = article.viewport()
        crop = QRect(0, max(0, top - 150), viewport.width(), 300)
        viewport.grab(crop).save(str(out / "nested_spans.png"))

        i18n.install(i18n.CHINESE)
        window.open_review()
        review = window.review_window
        review.resize(1300, 820)
        wait_for(app, lambda: "α" in review.summary.toPlainText())
        settle(app)
        review.grab().save(str(out / "review.png"))
        review.close()

        i18n.install(i18n.ENGLISH)
        dialog = HelpDialog(window)
        dialog.show()
        settle(app)
        dialog.grab().save(str(out / "help.png"))
        window.close()
        store.close()
    print(f"wrote main_window.png, main_window_zh.png, nested_spans.png, review.png and help.png in {out}")


if __name__ == "__main__":
    main()
