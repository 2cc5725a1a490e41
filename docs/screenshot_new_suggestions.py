"""A screenshot of the window telling an annotator that new suggestions arrived in documents
they had marked done (blind teaching, issue 10). Run under a (virtual) X display:

    xvfb-run -s "-screen 0 1600x1000x24" python docs/screenshot_new_suggestions.py [out.png]

bob marks three seed articles done, then confirms 高质量发展 and 新时代 (as SLOGAN) in another
one: what he taught arrives in the documents he had marked done, as his own suggestions.
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

from annotator import services  # noqa: E402
from annotator.gui.app import application  # noqa: E402
from annotator.gui.main_window import MainWindow  # noqa: E402
from annotator.services import annotating  # noqa: E402
from annotator.store import Store  # noqa: E402

TEACHER_DOC, PHRASES = 1, ("高质量发展", "新时代")
SIZE = tuple(int(v) for v in os.environ.get("SCREENSHOT_SIZE", "1500x900").split("x"))


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "docs" / "new_suggestions.png"
    app = application()
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(Path(folder) / "demo.annotator.db")
        services.import_paths(store, [REPO / "seeds"])
        services.detect_project(store)
        for doc_id in (3, 4, 5):
            annotating.set_document_status(store, "bob", doc_id, "done")
        text = store.document(TEACHER_DOC).text
        for phrase in PHRASES:
            start = text.index(phrase)
            annotating.add_span(store, "bob", TEACHER_DOC, start, start + len(phrase), "SLOGAN")
        window = MainWindow(store, "bob")
        window.resize(*SIZE)
        window.show()
        wait_for(app, lambda: window._index_job is None)
        settle(app, 500)
        window.grab().save(str(out))
        print(window.suggestions_bar.text())
        window.close()
        store.close()


if __name__ == "__main__":
    main()
