"""The window process of the soak (benchmarks/soak.py): a REAL MainWindow that makes
scripted keyboard decisions until it is killed.

    python benchmarks/soak_window.py PROJECT LAYER SEED

Protocol on stdout, one JSON object a line, flushed at once:
    {"ready": true}                                  the window is up
    {"intent": [doc, key], "action": A}              about to press the key for A on that candidate
    {"ack": [doc, key], "action": A, "state": S}     the window says "saved"; S is the layer's
                                                     decision on that candidate read back from
                                                     the project: [start, end, label, status,
                                                     uncertain] or null (undecided)
    {"noop": [doc, key], "action": A}                nothing to write (e.g. accept twice)
    {"failed": [doc, key], "action": A, "error": E}  the window said "not saved"

Dialogs are replaced by lines on stdout (a modal box would stop the script); everything
else is the window as a user drives it: QTest key clicks on the article.
"""

from __future__ import annotations

import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QMessageBox  # noqa: E402

from annotator.gui.main_window import MainWindow  # noqa: E402
from annotator.store import Store  # noqa: E402

K, M = Qt.Key, Qt.KeyboardModifier
# (action, weight): decisions dominate; moves and undo/redo keep it wandering.
ACTIONS = (
    ("accept", 30), ("reject", 20), ("relabel", 15), ("uncertain", 3), ("undo", 10), ("redo", 4),
    ("next document", 6), ("previous document", 2), ("next span", 10),
)


def emit(**fields) -> None:
    sys.stdout.write(json.dumps(fields, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def read_back(window: MainWindow, doc_id: int, key: str) -> list | None:
    """The layer's decision on candidate ``key`` as the project now holds it."""
    for a in window.store.annotations(doc_id, window.layer):
        if a.candidate_key == key:
            return [a.start, a.end, a.label, a.status, bool(a.uncertain)]
    return None


def target_of(window: MainWindow, action: str) -> tuple[int, str] | None:
    """The candidate a key press will change (None: nothing it can change)."""
    if action in ("undo", "redo"):
        stack = window.undo_stack
        index = stack.index() - 1 if action == "undo" else stack.index()
        if not 0 <= index < stack.count():
            return None
        change = stack.command(index).change
        annotation = change.after or change.before
        return (change.doc_id, annotation.candidate_key) if annotation.candidate_key else None
    item = window.current_item()
    if item is None or item.candidate is None:
        return None
    if action == "uncertain" and item.annotation is None:
        return None  # U on an undecided candidate does nothing
    return window.doc_id, item.candidate.key


def press(window: MainWindow, action: str, rng: random.Random) -> str:
    widget = window.article
    if action == "accept":
        QTest.keyClick(widget, rng.choice((K.Key_Return, K.Key_A)))
    elif action == "reject":
        QTest.keyClick(widget, K.Key_X)
    elif action == "relabel":
        number = rng.randint(1, len(window.codebook.categories))
        QTest.keyClick(widget, getattr(K, f"Key_{number}"))
        return f"relabel {window.codebook.categories[number - 1].id}"
    elif action == "uncertain":
        QTest.keyClick(widget, K.Key_U)
    elif action == "undo":
        QTest.keyClick(widget, K.Key_Z, M.ControlModifier)
    elif action == "redo":
        QTest.keyClick(widget, K.Key_Y, M.ControlModifier)
    elif action == "next document":
        QTest.keyClick(widget, K.Key_N)
    elif action == "previous document":
        QTest.keyClick(widget, K.Key_P)
    elif action == "next span":
        QTest.keyClick(widget, K.Key_Tab)
    return action


MOVES = ("next document", "previous document", "next span")


def step(window: MainWindow, rng: random.Random) -> None:
    if not window.items:  # an article without candidates (e.g. one imported meanwhile)
        go_to_work(window, rng)
        return
    names, weights = zip(*ACTIONS)
    action = rng.choices(names, weights)[0]
    if action in MOVES:
        press(window, action, rng)
        return
    target = target_of(window, action)
    if target is None:
        press(window, "next span", rng)
        return
    doc_id, key = target
    emit(intent=[doc_id, key], action=action)
    window.save_state.setText("pending")  # "saved" below is then this key's doing
    done = press(window, action, rng)
    said = window.save_state.text()
    if "not saved" in said:
        emit(failed=[doc_id, key], action=done, error=WARNINGS[-1] if WARNINGS else said)
    elif "saved" in said:
        emit(ack=[doc_id, key], action=done, state=read_back(window, doc_id, key))
    else:
        emit(noop=[doc_id, key], action=done)


WARNINGS: list[str] = []


def no_dialogs() -> None:
    def warning(parent, title, text, *args, **kwargs):
        WARNINGS.append(text)
        emit(dialog=title, text=text)
        return QMessageBox.StandardButton.Ok

    QMessageBox.warning = staticmethod(warning)
    QMessageBox.critical = staticmethod(warning)
    QMessageBox.question = staticmethod(lambda *a, **k: QMessageBox.StandardButton.No)


def go_to_work(window: MainWindow, rng: random.Random) -> None:
    """Open a document that has candidates, as a click in the document list would."""
    ids = [doc_id for doc_id in window.doc_model.ids if window.store.document_candidates(doc_id)]
    if ids:
        window.open_document(rng.choice(ids))


def main() -> None:
    project, layer, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
    rng = random.Random(seed)
    app = QApplication([])
    no_dialogs()
    window = MainWindow(Store.open(project, create=False), layer)
    window.show()
    QTest.qWaitForWindowExposed(window, 5000)
    window.article.setFocus()
    go_to_work(window, rng)  # spread the work over the corpus
    emit(ready=True)
    while True:  # bursts of keys, then a pause with the event loop running; killed from outside
        for _ in range(rng.choice((1, 1, 2, 3, 5, 8))):
            step(window, rng)
        deadline = time.monotonic() + rng.choice((0.0, 0.01, 0.05, 0.2))
        while True:
            app.processEvents()
            if time.monotonic() >= deadline:
                break
            time.sleep(0.005)


if __name__ == "__main__":
    main()
