"""An acknowledged decision survives kill -9 of the application."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from annotator import services
from annotator.store import Store

from window_process import decide_around, window_env

CHILD = textwrap.dedent(
    """
    import sys
    from PySide6.QtCore import Qt, QThreadPool
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication
    from annotator.gui.main_window import MainWindow
    from annotator.store import Store

    app = QApplication([])
    window = MainWindow(Store.open(sys.argv[1], create=False), "alice")
    window.show()
    window.article.setFocus()
    QThreadPool.globalInstance().waitForDone(30000)  # its background indexing has opened and closed the project
    item = window.current_item()
    QTest.keyClick(window.article, Qt.Key.Key_Return)
    QTest.keyClick(window.article, Qt.Key.Key_X)
    print("ACK", item.start, item.end, item.label, window.save_state.text(), flush=True)
    app.exec()  # still running when it is killed
    """
)


def test_decisions_survive_kill_9(tmp_path: Path, seeds: Path) -> None:
    project = tmp_path / "kill.annotator.db"
    with Store.open(project) as store:
        services.import_paths(store, [seeds])
        services.detect_project(store)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path / "config")}
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(project)], stdout=subprocess.PIPE, text=True, env=env)
    try:
        line = child.stdout.readline().split()
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    assert line[0] == "ACK" and "saved" in line, line
    start, end, label = int(line[1]), int(line[2]), line[3]
    with Store.open(project, create=False) as store:
        decisions = store.annotations(1, "alice")
        assert [(d.start, d.end, d.label, d.status) for d in decisions][0] == (start, end, label, "accepted")
        assert sorted(d.status for d in decisions) == ["accepted", "rejected"]
        assert [e.action for e in store.events(doc_id=1)] == ["accept", "reject"]


CHILD_WITH_READER = textwrap.dedent(
    """
    import sys
    from PySide6.QtCore import Qt, QThreadPool
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication
    from annotator.gui.main_window import MainWindow
    from annotator.store import Store

    app = QApplication([])
    window = MainWindow(Store.open(sys.argv[1], create=False), "alice")
    window.show()
    window.article.setFocus()
    window.start_indexing()  # a background job re-opens the project on its own connection
    QThreadPool.globalInstance().waitForDone(30000)
    app.processEvents()
    print("READY", flush=True)
    sys.stdin.readline()  # meanwhile another process reads the project and closes it
    for _ in range(5):
        item = window.current_item()
        QTest.keyClick(window.article, Qt.Key.Key_Return)
        print("ACK", window.doc_id, item.start, item.end, item.label,
              window.save_state.text(), flush=True)
    print("DONE", flush=True)
    app.exec()  # still running when it is killed
    """
)


def test_window_loses_nothing_when_a_terminal_reads_the_project(tmp_path: Path, seeds: Path) -> None:
    """The everyday case that once lost every decision: a window open (with a background job
    that re-opened the project), `annotator info` run in a terminal, decisions, kill -9."""
    project = tmp_path / "shared.annotator.db"
    with Store.open(project) as store:
        services.import_paths(store, [seeds])
        services.detect_project(store)
    acks, _ = decide_around(CHILD_WITH_READER, project, ["info"], window_env(tmp_path))
    assert len(acks) == 5 and all("saved" in ack for ack in acks), acks
    with Store.open(project, create=False) as store:
        found = {(a.doc_id, a.start, a.end, a.label) for d in range(1, 6) for a in store.annotations(d, "alice")}
    for ack in acks:
        assert (int(ack[1]), int(ack[2]), int(ack[3]), ack[4]) in found, (ack, found)
