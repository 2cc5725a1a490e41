"""The interface's languages: English (the source texts) and Simplified Chinese.

Every text the window shows goes through :func:`translate` with an explicit context, the one
spelling ``pyside6-lupdate`` extracts from Python (``self.tr`` picks its context from the
runtime class, which subclasses change, so lupdate and Qt would disagree). Texts defined at
module level are marked with ``QT_TRANSLATE_NOOP(context, text)`` and translated when shown.
Values go in through ``str.format`` placeholders (``{count}``), never f-strings: lupdate
cannot read an f-string, and the translation moves the placeholder where Chinese wants it.

The catalogue is ``annotator_zh_CN.ts`` (edit it with ``pyside6-linguist``); the compiled
``annotator_zh_CN.qm`` is committed, so neither running the window nor the tests needs the
tools. After changing texts, run ``python -m annotator.gui.i18n.update`` (lupdate, then
lrelease); a test fails while the catalogue lags the sources or a text lacks a translation.

Texts from the core (error sentences, rule names, codebook content) stay as the core wrote
them: the core has no Qt. The window's own framing around them is translated.

The language comes from the system locale unless the annotator picked one (View › Language),
which is remembered. Switching installs another translator, and each window sets its texts
again (:class:`Retranslator`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import weakref

import shiboken6
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QLibraryInfo, QLocale, QObject, QSettings, QTranslator
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QWidget

FOLDER = Path(__file__).resolve().parent
CATALOGUE = "annotator"  # annotator_<language>.ts / .qm
ENGLISH, CHINESE = "en", "zh_CN"
LANGUAGES: tuple[tuple[str, str], ...] = ((ENGLISH, "English"), (CHINESE, "简体中文"))  # each in its own language
SETTING = "language"

_installed: list[QTranslator] = []  # kept alive: Qt holds only a pointer
_retranslators: "weakref.WeakSet[Retranslator]" = weakref.WeakSet()
_current = ENGLISH


def translate(context: str, text: str, disambiguation: str | None = None) -> str:
    """``text`` in the interface's language (itself when there is no translation)."""
    return QCoreApplication.translate(context, text, disambiguation)


def _settings() -> QSettings:
    return QSettings("annotator", "annotator")  # the same store as project_menu.settings()


def system_language() -> str:
    """Chinese for any Chinese system locale (zh_CN, zh_TW, zh_HK, zh_SG): a reader of
    traditional characters reads simplified better than English; English otherwise."""
    return CHINESE if QLocale.system().language() == QLocale.Language.Chinese else ENGLISH


def chosen_language() -> str:
    """The annotator's choice if they made one, else the system's language."""
    remembered = _settings().value(SETTING)
    known = {code for code, _ in LANGUAGES}
    return str(remembered) if remembered in known else system_language()


def current_language() -> str:
    return _current


def catalogue_path(language: str) -> Path:
    return FOLDER / f"{CATALOGUE}_{language}.qm"


def install(language: str) -> str:
    """Make ``language`` the interface's language now: every window is told (LanguageChange)
    and sets its texts again. Qt's own texts (OK, Cancel, Yes, No) come along."""
    global _current
    app = QCoreApplication.instance()
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    if language != ENGLISH:
        qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        for name, folder in ((f"qtbase_{language}", qt_folder), (f"{CATALOGUE}_{language}", str(FOLDER))):
            translator = QTranslator(app)
            if translator.load(name, folder):
                app.installTranslator(translator)
                _installed.append(translator)
    _current = language
    QLocale.setDefault(QLocale(language))
    # Every window sets its texts again now (Qt's own LanguageChange is posted, and not at all
    # outside its event loop): the switch is done when this returns.
    for retranslator in list(_retranslators):
        if shiboken6.isValid(retranslator):
            retranslator.language_changed()
    return language


def switch_language(language: str) -> None:
    """The annotator's choice from the menu: take effect now, and remember it."""
    _settings().setValue(SETTING, language)
    install(language)


class Retranslator(QObject):
    """Sets a window's texts again when the language changes.

    A window registers each piece of text-setting code once, with :meth:`keep`, which also
    runs it at once; when the language changes (:func:`install`) every piece runs again, in
    order, now translating into the new language. Texts computed on each update (status,
    progress) need no entry beyond the update itself."""

    def __init__(self, window: QWidget):
        super().__init__(window)
        self._setters: list[Callable[[], None]] = []
        self._stale = False
        window.installEventFilter(self)
        _retranslators.add(self)

    def keep(self, setter: Callable[[], None]) -> None:
        self._setters.append(setter)
        setter()

    def retranslate(self) -> None:
        self._stale = False
        for setter in self._setters:
            setter()

    def language_changed(self) -> None:
        # A closed window (its project perhaps closed too) catches up when shown again.
        if self.parent().isVisible():
            self.retranslate()
        else:
            self._stale = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt naming)
        if watched is self.parent() and event.type() == QEvent.Type.Show and self._stale:
            self.retranslate()
        return False


# Words the core writes into records (statuses, kinds of disagreement, adjudication reasons):
# stored in English, shown in the interface's language.
CORE_WORDS = frozenset((
    QT_TRANSLATE_NOOP("Words", "undecided"),
    QT_TRANSLATE_NOOP("Words", "accepted"),
    QT_TRANSLATE_NOOP("Words", "relabelled"),
    QT_TRANSLATE_NOOP("Words", "added"),
    QT_TRANSLATE_NOOP("Words", "rejected"),
    QT_TRANSLATE_NOOP("Words", "todo"),
    QT_TRANSLATE_NOOP("Words", "in_progress"),
    QT_TRANSLATE_NOOP("Words", "done"),
    QT_TRANSLATE_NOOP("Words", "missing span"),
    QT_TRANSLATE_NOOP("Words", "label conflict"),
    QT_TRANSLATE_NOOP("Words", "boundary conflict"),
    QT_TRANSLATE_NOOP("Words", "codebook rule"),
    QT_TRANSLATE_NOOP("Words", "boundary rule"),
    QT_TRANSLATE_NOOP("Words", "missed by an annotator"),
    QT_TRANSLATE_NOOP("Words", "annotation slip"),
    QT_TRANSLATE_NOOP("Words", "other"),
))


def core_word(value: str) -> str:
    """A word from a record, in the interface's language (other values as they are)."""
    return translate("Words", value) if value in CORE_WORDS else value


def language_menu(parent: QWidget) -> QMenu:
    """View › Language: each language named in itself, the current one checked; a choice
    takes effect at once and is remembered."""
    menu = QMenu(parent)
    group = QActionGroup(menu)
    for code, name in LANGUAGES:
        action = QAction(name, menu, checkable=True)
        action.setData(code)
        action.triggered.connect(lambda _=False, c=code: switch_language(c))
        group.addAction(action)
        menu.addAction(action)

    def update() -> None:
        menu.setTitle(translate("Language", "&Language"))
        for action in group.actions():
            action.setChecked(action.data() == _current)

    retranslator = Retranslator(parent)
    retranslator.keep(update)
    menu.aboutToShow.connect(update)
    return menu
