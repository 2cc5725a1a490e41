"""Screenshots of the real window for the README: run under a (virtual) X display.

    xvfb-run -s "-screen 0 1600x1000x24" python docs/make_screenshots.py

Builds a throw-away project from seeds/, makes decisions so that every look of a span shows
(undecided, confirmed, rejected, a span confirmed inside a rejected one, nested spans, a flag,
a comment, the current span), and saves docs/main_window.png, docs/help.png and docs/help_spans.png.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QTextBrowser  # noqa: E402

from annotator import services  # noqa: E402
from annotator.gui.app import application  # noqa: E402
from annotator.gui.help import HelpDialog  # noqa: E402
from annotator.gui.main_window import MainWindow  # noqa: E402
from annotator.store import Store  # noqa: E402


def settle(app: QApplication, ms: int = 300) -> None:
    QTimer.singleShot(ms, app.quit)
    app.exec()


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
    window.ask_comment = lambda previous: "a study slogan, not a campaign?"
    window.comment_current()
    leaders = text.index("縣委、縣政府主要領導率先垂范")  # nested: a campaign around an honour
    select(leaders, leaders + 14)
    window.category_key(3)
    select(leaders + 3, leaders + 6)
    window.category_key(4)
    make_current(leaders + 3, leaders + 6)


def main() -> None:
    out = REPO / "docs"
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(Path(folder) / "demo.annotator.db")
        services.import_paths(store, [REPO / "seeds"])
        services.detect_project(store)
        app = application()
        window = MainWindow(store, "alice")
        window.resize(1560, 940)
        window.show()
        window.open_document(2)  # the traditional-character article
        for _ in range(3):
            window.accept_current()
        window.reject_current()
        window.category_key(3)
        show_every_look(window)
        settle(app)
        window.grab().save(str(out / "main_window.png"))
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
    print(f"wrote {out / 'main_window.png'}, {out / 'help.png'} and {out / 'help_spans.png'}")


if __name__ == "__main__":
    main()
