"""GUI fixtures: a real project file from the seeds, the main window, offscreen."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from annotator.store import Store  # noqa: E402


@pytest.fixture(autouse=True)
def private_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """QSettings (annotator name, recent projects) go to a temporary folder."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    from PySide6.QtCore import QSettings

    # Qt reads XDG_CONFIG_HOME once per process: point it at this test's folder explicitly.
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path / "config"))


@pytest.fixture
def store(detected_project: Store) -> Store:
    return detected_project


@pytest.fixture
def window(qtbot, store: Store):
    from annotator.gui.main_window import MainWindow

    window = MainWindow(store, "alice")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    # The window indexes the project in the background on its own connection; let it finish so
    # that no test's decision races its (short) write transactions on a loaded machine.
    qtbot.waitUntil(lambda: window._index_job is None, timeout=30_000)
    window.article.setFocus()
    yield window
    window.close()
