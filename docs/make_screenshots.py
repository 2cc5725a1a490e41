"""Screenshots of the real window for the README: run under a (virtual) X display.

    xvfb-run -s "-screen 0 1600x1000x24" python docs/make_screenshots.py

Builds a throw-away project from seeds/, makes decisions as two annotators (alice, bob) so
every kind of highlight shows, and saves in docs/:

- main_window.png     the window in English on the traditional-character article, every look of a
                      span (nested, confirmed inside rejected, flag, comment, current)
- main_window_zh.png  the same window in Simplified Chinese
- nested_spans.png    three nested confirmed spans, a rejected one, a flagged and a commented one
- review.png          the review window with the agreement summary of alice and bob (in Chinese)
- help.png            the keys (English); help_spans.png: the help's table of span looks
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
# The developer's own settings (language, zoom, splitter) must not shape the pictures.
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="annotator-screenshots-")

from PySide6.QtCore import QEventLoop, QRect, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QTextBrowser  # noqa: E402

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
    """Let the window paint for a while. A local loop: app.quit() would close every window."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


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


def show_every_look(window: MainWindow) -> None:
    """Nested spans, a span confirmed inside a rejected one, a flag and a comment, made with
    the keys' own methods on the article as it stands."""
    text = window.text

    def select(start: int, end: int) -> None:
        cursor = window.article.textCursor()
        cursor.setPosition(window.article.offsets.to_qt(start))
        cursor.setPosition(window.article.offsets.to_qt(end), cursor.MoveMode.KeepAnchor)
        window.article.setTextCursor(cursor)

    def make_current(start: int, end: int) -> None:
        window.make_current(next(i for i in window.items if (i.start, i.end) == (start, end)).key)

    quoted = text.index("學史明理、學史增信")  # a candidate slogan: rejected, with a campaign kept inside
    outer = next(i for i in window.items if i.start <= quoted < i.end and i.status == "undecided")
    window.make_current(outer.key)
    window.reject_current()
    select(quoted, quoted + 4)
    window.category_key(3)
    window.toggle_uncertain()
    window.ask_comment = lambda previous, key=None: "a study slogan, not a campaign?"
    window.comment_current()
    leaders = text.index("縣委、縣政府主要領導率先垂范")  # nested: a campaign around an honour
    select(leaders, leaders + 14)
    window.category_key(3)
    select(leaders + 3, leaders + 6)
    window.category_key(4)
    make_current(leaders + 3, leaders + 6)


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
        for _ in range(3):
            window.accept_current()
        window.reject_current()
        window.category_key(3)
        show_every_look(window)
        settle(app)
        window.grab().save(str(out / "main_window.png"))

        start, end = nested_decisions(window)
        window.make_current(next(i for i in window.items if not i.decided and i.start > end).key)
        settle(app)
        article = window.article
        article.scroll_to(start)
        settle(app)
        top = article.cursorRect(article.textCursor()).top()
        viewport = article.viewport()
        viewport.grab(QRect(0, max(0, top - 120), viewport.width(), 300)).save(str(out / "nested_spans.png"))

        i18n.install(i18n.CHINESE)
        settle(app)
        window.grab().save(str(out / "main_window_zh.png"))

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
        browser = dialog.findChild(QTextBrowser)
        browser.verticalScrollBar().setValue(browser.verticalScrollBar().maximum())  # the spans' looks
        settle(app, 100)
        dialog.grab().save(str(out / "help_spans.png"))
        window.close()
        store.close()
    print(f"wrote main_window.png, main_window_zh.png, nested_spans.png, review.png, help.png and help_spans.png in {out}")


if __name__ == "__main__":
    main()
