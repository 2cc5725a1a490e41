"""A screenshot of the window showing a model candidate with its provenance, after the
annotator's model retrained in the background (issue 10). Run under a (virtual) X display:

    xvfb-run -a -s "-screen 0 1600x1000x24" python docs/screenshot_model_candidates.py [out.png]

alice decides a few candidates of a seed article with the keys' own methods, asks for a
retraining (Ctrl+Shift+T), and the window, once it finished, makes a model candidate current:
the spans table says "model · 0.83" (or "rule + model 0.83"), its tooltip says the same, and
the status bar says what the retraining did.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="annotator-screenshots-")

from make_screenshots import settle, wait_for  # noqa: E402
from PySide6.QtWidgets import QToolTip  # noqa: E402

from annotator import services  # noqa: E402
from annotator.detect.engine import MODEL_PREFIX  # noqa: E402
from annotator.gui.app import application  # noqa: E402
from annotator.gui.main_window import MainWindow  # noqa: E402
from annotator.gui.models import item_tooltip  # noqa: E402
from annotator.services import annotating  # noqa: E402
from annotator.store import Store  # noqa: E402
from PySide6.QtGui import QCursor  # noqa: E402

DOC = 1
TAUGHT = (2, 3, 4)  # documents alice decided before (accept three of four candidates, reject the fourth)
DECISIONS = 6


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "docs" / "model_candidates.png"
    app = application()
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(Path(folder) / "demo.annotator.db")
        services.import_paths(store, [REPO / "seeds"])
        services.detect_project(store)  # the starter model shipped with the package is in force
        for doc_id in TAUGHT:
            for index, item in enumerate(annotating.document_items(store, "alice", doc_id)):
                (annotating.reject if index % 4 == 3 else annotating.accept)(store, "alice", item)
        window = MainWindow(store, "alice")
        window.resize(1500, 900)
        window.show()
        wait_for(app, lambda: window._index_job is None)
        window.open_document(DOC)
        for _ in range(DECISIONS):
            window.accept_current()
        window.retrain_now()
        wait_for(app, lambda: window._retrain_job is None, seconds=120)
        message = window.statusBar().currentMessage()
        model = [i for i in window.items if i.candidate is not None and i.candidate.model_score is not None and not i.decided]
        # A model candidate the model is not sure of: its probability says something.
        alone = sorted((i for i in model if i.rule.startswith(MODEL_PREFIX)), key=lambda i: abs(i.candidate.model_score - 0.8))
        shown = alone[0] if alone else (model[0] if model else None)
        if shown is None:
            raise SystemExit("no model candidate in the document")
        window.make_current(shown.key)
        window.splitter.setSizes([260, 760, 480])  # room for the spans table's "Found by" column
        window.span_table.horizontalHeader().resizeSection(3, 190)
        settle(app, 400)
        cursor = window.article.textCursor()
        cursor.setPosition(window.article.offsets.to_qt(shown.start))
        point = window.article.viewport().mapToGlobal(window.article.cursorRect(cursor).bottomRight())
        QCursor.setPos(point)
        QToolTip.showText(point, item_tooltip(shown), window.article)
        settle(app, 600)
        # The screen, not the window: the tooltip is a window of its own.
        geometry = window.frameGeometry()
        app.primaryScreen().grabWindow(0, geometry.x(), geometry.y(), geometry.width(), geometry.height()).save(str(out))
        print(message)
        print(item_tooltip(shown))
        window.close()
        store.close()


if __name__ == "__main__":
    main()
