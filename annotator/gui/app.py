"""Starting the GUI: application, fonts, annotator name, main window."""

from __future__ import annotations

import sys

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QInputDialog

from ..store import Store
from . import i18n
from .i18n import translate
from .main_window import MainWindow
from .project_menu import remember_project, settings

CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans CJK TC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", "WenQuanYi Micro Hei")


def application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("annotator")
    app.setOrganizationName("annotator")
    families = set(QFontDatabase.families())
    for family in CJK_FONTS:
        if family in families:  # a CJK face first, so Chinese never falls back to boxes
            font = QFont(app.font())
            font.setFamilies([family, *font.families()])
            app.setFont(font)
            break
    i18n.install(i18n.chosen_language())
    return app


def annotator_name(given: str | None) -> str | None:
    """The name given, else the remembered one, else ask once (and remember it)."""
    if given:
        settings().setValue("annotator", given)
        return given
    remembered = settings().value("annotator")
    if remembered:
        return str(remembered)
    name, ok = QInputDialog.getText(None, "annotator", translate("App", "Your name (each annotator has their own layer):"))
    name = name.strip()
    if not ok or not name or name == "gold":
        return None
    settings().setValue("annotator", name)
    return name


def run(store: Store, annotator: str | None) -> int:
    app = application()
    name = annotator_name(annotator)
    if name is None:
        return 1
    remember_project(store.path)
    window = MainWindow(store, name)
    window.show()
    return app.exec()
