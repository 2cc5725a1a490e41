"""Screenshots of the real window for the README: run under a (virtual) X display.

    xvfb-run -s "-screen 0 1600x1000x24" python docs/make_screenshots.py

Builds a throw-away project from seeds/, makes a few decisions so every kind of highlight
shows, and saves docs/main_window.png and docs/help.png.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from annotator import services  # noqa: E402
from annotator.gui.app import application  # noqa: E402
from annotator.gui.help import HelpDialog  # noqa: E402
from annotator.gui.main_window import MainWindow  # noqa: E402
from annotator.store import Store  # noqa: E402


def settle(app: QApplication, ms: int = 300) -> None:
    QTimer.singleShot(ms, app.quit)
    app.exec()


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
        settle(app)
        window.grab().save(str(out / "main_window.png"))
        dialog = HelpDialog(window)
        dialog.show()
        settle(app)
        dialog.grab().save(str(out / "help.png"))
        window.close()
        store.close()
    print(f"wrote {out / 'main_window.png'} and {out / 'help.png'}")


if __name__ == "__main__":
    main()
