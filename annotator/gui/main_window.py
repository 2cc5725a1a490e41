"""The main window: document list (left), article (centre), spans and codebook (right).

Thin: it renders records from the store and turns keys and clicks into service calls
wrapped in undo commands. Each decision is committed before the view shows it as saved.

Other processes work on the same project (a merge, an import, a second window): the window
notices their commits (SQLite's data_version, polled) and shows the project as it is now.
When one of them holds the project's write lock, a decision waits briefly, then fails with
a sentence naming who is writing; the window stays usable and the decision can be retried.
"""

from __future__ import annotations

import contextlib
import html
from concurrent.futures import Future, ThreadPoolExecutor
import sqlite3
import time
from datetime import datetime
from typing import Iterator

from PySide6.QtCore import QT_TRANSLATE_NOOP, QElapsedTimer, QEvent, QItemSelectionModel, QModelIndex, Qt, QThreadPool, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QColor, QResizeEvent, QShowEvent, QTextCursor, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QInputDialog,
    QComboBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ..chinese import find_all
from ..codebook import Codebook
from ..errors import AnnotatorError
from ..segment import Segmenter, default_segmenter
from ..services import annotating
from ..services.annotating import Change, Item
from ..services.codebooks import project_codebook
from ..services import retraining
from ..store_retraining import TEACHING_ACTIONS
from ..store import Store
from .article import ArticleView
from .background import IndexJob, RetrainJob, SearchJob
from . import commands
from .commands import ChangeCommand, DocumentStatusCommand
from .comment_dialog import CommentDialog
from .contrast import readable_on
from .help import HelpDialog
from . import i18n
from .i18n import Retranslator, translate
from .keys import KeyDispatcher
from .models import DocumentListModel, SpanListModel
from .project_menu import settings
from .spans import category_button_style

TIME_FLUSH_MS = 30_000
WATCH_MS = 700  # how often the window looks whether another process changed the project
BUSY_TIMEOUT_MS = 1500  # how long a decision waits for another process's write lock
IDLE_GRACE_S = 120  # time after the last key or click beyond this is not work on the document
SAVED_GREEN, FAILED_RED = QColor("#2a7d2a"), QColor("#b00020")
SPLITTER_KEY, ZOOM_KEY = "window/splitter", "window/article_zoom"
RETRAIN_KEY, RETRAIN_EVERY = "model/retrain_every", 20  # decisions between background retrainings; 0: off
RETRAIN_RETRY_MS = 30_000  # a retraining the project was too busy for is tried again after this
SUGGESTION_LINKS = 5  # documents named in the new-suggestions bar; the list marks all
# Share of the width for the list, the article and the side panel the first time (the article
# then takes whatever the window gains or loses), and the least each may shrink to.
SPLIT_SHARES = (0.25, 0.52, 0.23)
MIN_WIDTHS = (240, 360, 190)
STATUS_FILTERS = ((QT_TRANSLATE_NOOP("MainWindow", "all"), None), (QT_TRANSLATE_NOOP("MainWindow", "todo"), "todo"),
                  (QT_TRANSLATE_NOOP("MainWindow", "in progress"), "in_progress"), (QT_TRANSLATE_NOOP("MainWindow", "done"), "done"))


class MainWindow(QMainWindow):
    def __init__(self, store: Store, layer: str):
        super().__init__()
        self.store = store
        store.set_busy_timeout(BUSY_TIMEOUT_MS)
        self.layer = layer
        self.codebook: Codebook = project_codebook(store)
        self.undo_stack = QUndoStack(self)
        self.doc_id: int | None = None
        self.text = ""
        self.items: list[Item] = []
        self.current_key: str | None = None
        self.selecting = False
        self._boundaries: list[int] | None = None
        self._clock = QElapsedTimer()
        self._last_activity = time.monotonic()
        self._query_number = 0
        self._go_after_search = False
        self._jobs: list = []  # background jobs kept alive while they run
        self._index_job: IndexJob | None = None
        self._index_again = False
        self._comment_drafts: dict[str, str] = {}  # span key → a comment closed without saving
        # Background retraining: one job at a time, on a pool of its own (a training that takes
        # a while must not hold up the searches and indexing of the shared pool).
        self._retrain_pool = QThreadPool(self)
        self._retrain_pool.setMaxThreadCount(1)
        self._retrain_job: RetrainJob | None = None
        self._retrain_again = False
        self._decisions_since_retrain = 0
        self._retrain_retry = QTimer(self, singleShot=True, interval=RETRAIN_RETRY_MS,
                                     timeout=lambda: self.start_retraining(manual=False))
        self._first_show = True
        # jieba's dictionary takes about a second to load: load it now, off the GUI thread, so
        # the first word-boundary resize does not freeze the window.
        self._segmenter: Future[Segmenter] = ThreadPoolExecutor(1, thread_name_prefix="jieba").submit(default_segmenter)
        self._build()
        self.keys = KeyDispatcher(self)
        from PySide6.QtWidgets import QApplication

        QApplication.instance().installEventFilter(self.keys)
        self._time_timer = QTimer(self, interval=TIME_FLUSH_MS, timeout=self.flush_time)
        self._time_timer.start()
        self._search_timer = QTimer(self, singleShot=True, interval=250, timeout=self.apply_filter)
        self._data_version = store.data_version()
        self._refresh_pending = False
        self._watch_timer = QTimer(self, interval=WATCH_MS, timeout=self.check_for_changes)
        self._watch_timer.start()
        self._pending_seconds: dict[int, float] = {}
        self.texts.keep(self._set_title)
        self.resize(1400, 860)
        if self.doc_model.ids:
            self.open_document(self.doc_model.ids[0])
        self._update_status()
        self.start_indexing()
        self.article.setFocus()  # the keys decide from the first press, not the search box

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt naming)
        super().showEvent(event)
        if self._first_show:
            self._first_show = False
            self._restore_layout()
            self.article.setFocus()

    # ================================================================ layout

    def _build(self) -> None:
        self.texts = Retranslator(self)
        self.search = QLineEdit()
        self.texts.keep(lambda: self.search.setPlaceholderText(translate("MainWindow", "Search titles and texts (Ctrl+F)")))
        self.search.textChanged.connect(lambda _: self._search_timer.start())
        self.search.returnPressed.connect(self.search_and_go)
        self.status_filter = QComboBox()
        for text, _ in STATUS_FILTERS:
            self.status_filter.addItem(text)
        self.texts.keep(lambda: [self.status_filter.setItemText(i, translate("MainWindow", text))
                                 for i, (text, _) in enumerate(STATUS_FILTERS)])
        self.status_filter.currentIndexChanged.connect(lambda _: self.apply_filter())
        self.doc_model = DocumentListModel(self.store, self.layer)
        self.doc_table = self._table(self.doc_model, stretch=0, widths={1: 74, 2: 44, 3: 44})
        # The list's current row is the open document, whether moved by click or by arrow key.
        self.doc_table.selectionModel().currentRowChanged.connect(self._document_row_changed)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        filters.addWidget(self.status_filter)
        left_layout.addLayout(filters)
        left_layout.addWidget(self.doc_table)

        self.article = ArticleView()
        self.article.itemClicked.connect(self.make_current)
        # A failed write is said here, without a modal dialog: the keyboard stays in the article.
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("QLabel { background: #fdecea; color: #8a1c1c; border: 1px solid #e0a0a0; padding: 4px; }")
        self.notice.hide()
        # Suggestions that arrived (learned, detected) in documents this layer marked done:
        # said here, with links to those documents, until they are decided.
        self.suggestions_bar = QLabel()
        self.suggestions_bar.setWordWrap(True)
        self.suggestions_bar.setTextFormat(Qt.TextFormat.RichText)
        self.suggestions_bar.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys stay in the article
        self.suggestions_bar.setStyleSheet(
            "QLabel { background: #e8f1fb; color: #123c69; border: 1px solid #9dbbe0; padding: 4px; }")
        self.suggestions_bar.linkActivated.connect(self._open_link)
        self.suggestions_bar.hide()
        self._new_suggestions: list = []
        centre = QWidget()
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(0, 0, 0, 0)
        centre_layout.addWidget(self.suggestions_bar)
        centre_layout.addWidget(self.notice)
        centre_layout.addWidget(self.article, 1)

        self.span_model = SpanListModel(self.colour_of)
        self.span_table = self._table(self.span_model, stretch=1, widths={0: 96, 2: 86, 3: 130})
        self.span_table.clicked.connect(lambda index: self.make_current(self.span_model.items[index.row()].key))
        self.codebook_view = QTextBrowser()
        self.codebook_view.setHtml(codebook_html(self.codebook))
        tabs = QTabWidget()
        tabs.addTab(self.span_table, "")
        tabs.addTab(self.codebook_view, "")
        self.texts.keep(lambda: (tabs.setTabText(0, translate("MainWindow", "Spans")),
                                 tabs.setTabText(1, translate("MainWindow", "Codebook")),
                                 self.codebook_view.setHtml(codebook_html(self.codebook)),
                                 self.doc_model.retranslate(), self.span_model.retranslate()))
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self._label_buttons())
        right_layout.addWidget(tabs)

        self.splitter = splitter = QSplitter()
        for index, widget in enumerate((left, centre, right)):
            splitter.addWidget(widget)
            widget.setMinimumWidth(MIN_WIDTHS[index])
            splitter.setStretchFactor(index, 1 if widget is centre else 0)
        splitter.setChildrenCollapsible(False)
        splitter.splitterMoved.connect(lambda *_: self._save_layout())
        self.setCentralWidget(splitter)
        self._build_status_bar()
        self._build_menus()

    def _table(self, model, stretch: int, widths: dict[int, int]) -> QTableView:
        table = QTableView()
        table.setModel(model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setTabKeyNavigation(False)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(24)
        # Fixed widths: sizing columns to their contents would read every row of the model.
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in widths.items():
            header.resizeSection(column, width)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        return table

    def _label_buttons(self) -> QWidget:
        """One button per category: the mouse way to label a selection or the current span."""
        box = QWidget()
        layout = QGridLayout(box)  # rows of two: a long codebook does not widen the panel
        layout.setContentsMargins(0, 0, 0, 0)
        for number, category in enumerate(self.codebook.categories):
            button = QPushButton(f"{category.key} {category.name_zh}")
            button.setToolTip(f"{category.id}: {category.definition}")
            button.setStyleSheet(category_button_style(category.colour))  # its colour, as its spans have it
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keep the selection in the article
            button.clicked.connect(lambda _=False, key=category.key: self.category_key(key))
            layout.addWidget(button, number // 2, number % 2)
        return box

    def _build_status_bar(self) -> None:
        self.annotator_label = QLabel()
        self.doc_progress = QLabel()
        self.project_progress = QLabel()
        self.save_state = QLabel()
        self.retrain_state = QLabel()  # says a retraining runs; the window stays usable meanwhile
        self._save_state: datetime | str | None = None  # when last saved, "failed", or None before any change
        self.texts.keep(self._show_save_state)
        bar = self.statusBar()
        for widget in (self.annotator_label, self.doc_progress, self.project_progress):
            bar.addWidget(widget)
        bar.addPermanentWidget(self.retrain_state)
        bar.addPermanentWidget(self.save_state)

    def _build_menus(self) -> None:
        from .project_menu import build_file_menu

        build_file_menu(self)
        edit = self.menuBar().addMenu("")
        # Own actions rather than the stack's: an undo that cannot be written leaves the stack as it was.
        undo = QAction(self, enabled=False, triggered=self.undo)
        redo = QAction(self, enabled=False, triggered=self.redo)
        self.undo_stack.canUndoChanged.connect(undo.setEnabled)
        self.undo_stack.canRedoChanged.connect(redo.setEnabled)
        edit.addAction(undo)
        edit.addAction(redo)
        view = self.menuBar().addMenu("")
        view.addMenu(i18n.language_menu(self))
        view.addSeparator()
        retrain_now = view.addAction("", self.retrain_now)
        self.retrain_setting = view.addAction("", self.ask_retrain_every)
        review = self.menuBar().addMenu("")
        agreement = review.addAction("", self.open_review)
        help_menu = self.menuBar().addMenu("")
        keys = help_menu.addAction("", self.show_help)
        self.texts.keep(lambda: (
            edit.setTitle(translate("MainWindow", "&Edit")),
            undo.setText(translate("MainWindow", "Undo\tCtrl+Z")),
            redo.setText(translate("MainWindow", "Redo\tCtrl+Shift+Z")),
            view.setTitle(translate("MainWindow", "&View")),
            retrain_now.setText(translate("MainWindow", "Retrain my model now\tCtrl+Shift+T")),
            self._show_retrain_setting(),
            review.setTitle(translate("MainWindow", "&Review")),
            agreement.setText(translate("MainWindow", "Agreement and adjudication… (all annotators' layers)")),
            help_menu.setTitle(translate("MainWindow", "&Help")),
            keys.setText(translate("MainWindow", "Keys…\tF1")),
            self._update_status(),
        ))

    # ================================================================ documents

    def open_document(self, doc_id: int) -> None:
        if doc_id == self.doc_id:
            return
        self.flush_time()
        self.doc_id = doc_id
        document = self.store.document(doc_id)
        self.text = document.text
        self._boundaries = None
        self.selecting = False
        self.article.show_document(self.text, self.colours())
        self._show_hits()
        self.items = annotating.document_items(self.store, self.layer, doc_id)
        first = next((i for i in self.items if not i.decided), self.items[0] if self.items else None)
        self.current_key = first.key if first else None
        self._render()
        self._select_document_row(doc_id)
        self._clock.start()

    def _document_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid() and current.row() < len(self.doc_model.ids):
            self.note_activity()
            self.open_document(self.doc_model.ids[current.row()])

    def step_document(self, step: int) -> None:
        ids = self.doc_model.ids
        if not ids:
            return
        row = self.doc_model.row_of(self.doc_id) if self.doc_id is not None else None
        target = 0 if row is None else max(0, min(len(ids) - 1, row + step))
        self.open_document(ids[target])

    def _select_document_row(self, doc_id: int) -> None:
        row = self.doc_model.row_of(doc_id)
        if row is None:
            return
        index = self.doc_model.index(row, 0)
        self.doc_table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.doc_table.scrollTo(index)

    def apply_filter(self, quiet: bool = False) -> None:
        """Status filters run at once; searches run in the background (a scan of a large
        project takes longer than a frame) and the newest one wins."""
        status = STATUS_FILTERS[self.status_filter.currentIndex()][1]
        search = self.search.text().strip()
        self._query_number += 1
        if not search or self.store.path == ":memory:":
            self.doc_model.set_filter(status, search)
            self._after_filter()
            return
        job = SearchJob(self.store.path, self._query_number, self.layer, status, search)
        job.signals.ids.connect(lambda number, ids: self._search_done(number, ids, status, search, quiet))
        self._jobs.append(job)
        if not quiet:  # a refresh after changes made elsewhere searches again without a word
            self.statusBar().showMessage(translate("MainWindow", "searching…"))
        QThreadPool.globalInstance().start(job)

    def _search_done(self, number: int, ids: list[int], status: str | None, search: str, quiet: bool = False) -> None:
        if number != self._query_number:
            return  # a newer query is on its way
        self._jobs = [j for j in self._jobs if getattr(j, "number", None) != number]
        self.doc_model.show_ids(ids, status, search)
        if not quiet:
            self.statusBar().showMessage(translate("MainWindow", "{count} document(s) found").format(count=len(ids)), 4000)
        self._after_filter()

    def _after_filter(self) -> None:
        """The list shows what was found: when the open document is not among it, the first
        document found opens; the search's hits are marked in the article."""
        ids = self.doc_model.ids
        if self.doc_model.search and ids and self.doc_id not in ids:
            self.open_document(ids[0])
        elif self.doc_id is not None:
            self._select_document_row(self.doc_id)
        self._show_hits()
        if self._go_after_search:
            self._go_after_search = False
            self.article.setFocus()
            if self.article.hits:
                self.article.scroll_to(self.article.hits[0][0])

    def search_and_go(self) -> None:
        """Enter in the search box: search, open what was found, and give the keys back to
        the article."""
        self._go_after_search = True
        self.apply_filter()

    def _show_hits(self) -> None:
        search = self.search.text().strip()
        self.article.show_hits(find_all(self.text, search) if search else [])

    def start_indexing(self) -> None:
        """Bring the search index up to date in the background (also after imports); one
        job at a time, and one more after it if asked while it runs."""
        if self.store.path == ":memory:":
            return
        if self._index_job is not None:
            self._index_again = True
            return
        job = IndexJob(self.store.path)
        job.signals.indexed.connect(self._indexing_done)
        self._index_job, self._index_again = job, False
        self._jobs.append(job)
        QThreadPool.globalInstance().start(job)

    def _indexing_done(self) -> None:
        self._jobs = [j for j in self._jobs if j is not self._index_job]
        self._index_job = None
        if self._index_again:
            self.start_indexing()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # ================================================================ items

    def current_item(self) -> Item | None:
        return next((i for i in self.items if i.key == self.current_key), None)

    def make_current(self, key: str) -> None:
        self.note_activity()
        self.current_key = key
        self._render()

    def step_item(self, step: int) -> None:
        if not self.items:
            return
        keys = [i.key for i in self.items]
        if self.current_key in keys:
            index = (keys.index(self.current_key) + step) % len(keys)
        else:
            index = 0 if step > 0 else len(keys) - 1
        self.current_key = keys[index]
        self._render()

    def _advance_to_undecided(self, after: Item | None) -> None:
        """After a decision: the next undecided candidate after it, wrapping around."""
        following = self._undecided_after(after)
        if following:
            self.current_key = following[0].key

    def _undecided_after(self, after: Item | None) -> list[Item]:
        """Undecided items in the order Tab visits them, starting after ``after`` and wrapping
        around (``after`` itself last, if undecided). By place in the list, not by offsets:
        two candidates on the same span (CAMPAIGN and SLOGAN, say) are both visited."""
        if not self.items:
            return []
        keys = [i.key for i in self.items]
        if after is not None and after.key in keys:
            first = keys.index(after.key) + 1
        else:  # gone from the list (or none): the first item past its place
            place = (after.start, after.end, after.label) if after is not None else (-1, -1, "")
            first = next((n for n, i in enumerate(self.items) if (i.start, i.end, i.label) > place), len(keys))
        ordered = self.items[first:] + self.items[:first]
        return [i for i in ordered if not i.decided]

    # ================================================================ decisions

    def accept_current(self) -> None:
        item = self.current_item()
        if item is not None:
            self._decide(lambda: annotating.accept(self.store, self.layer, item), "accept", item, advance=True)

    def reject_current(self) -> None:
        item = self.current_item()
        if item is not None:
            self._decide(lambda: annotating.reject(self.store, self.layer, item), "reject", item, advance=True)

    def category_key(self, key: str | int) -> None:
        """The category whose codebook key is ``key`` (a digit): label the selection as a new
        span, or relabel the current one."""
        category = next((c for c in self.codebook.categories if c.key == str(key)), None)
        if category is None:
            keys = ", ".join(f"{c.key} {c.name_zh}" for c in self.codebook.categories)
            self.statusBar().showMessage(translate("MainWindow", "No category has the key {key} (the codebook's keys: {keys})").format(
                key=key, keys=keys), 5000)
            return
        label = category.id
        span = self.article.selection_span()
        if span is not None and self.doc_id is not None:
            doc_id = self.doc_id
            change = self._decide(lambda: annotating.add_span(self.store, self.layer, doc_id, span[0], span[1], label), f"add {label}", None)
            self.article.clear_selection()
            self.selecting = False
            if change is not None and change.after is not None:
                self.current_key = f"annotation:{change.after.id}"
                self._render()
            return
        item = self.current_item()
        if item is not None:
            self._decide(lambda: annotating.relabel(self.store, self.layer, item, label), f"relabel {label}", item, advance=True)

    def move_edge(self, edge: str, step: int, snap: bool = False) -> None:
        item = self.current_item()
        if item is None:
            return
        start, end = item.start, item.end
        if edge == "start":
            start = self._moved(start, step, snap)
        else:
            end = self._moved(end, step, snap)
        if not 0 <= start < end <= len(self.text):
            return
        key = item.key
        self._decide(lambda: annotating.resize(self.store, self.layer, item, start, end), "resize", item)
        self.current_key = key if any(i.key == key for i in self.items) else self.current_key
        self._render()

    def skip_current(self) -> None:
        """On to the next undecided candidate, leaving this one undecided."""
        item = self.current_item()
        undecided = [i for i in self._undecided_after(item) if item is None or i.key != item.key]
        if not undecided:
            self.statusBar().showMessage(translate("MainWindow", "No other undecided candidate in this document"), 4000)
            return
        self.current_key = undecided[0].key
        self._render()

    def _moved(self, offset: int, step: int, snap: bool) -> int:
        if not snap:
            return offset + step
        if self._boundaries is None:
            self._boundaries = self._segmenter.result().boundaries(self.text)
        if step > 0:
            return next((b for b in self._boundaries if b > offset), offset)
        return next((b for b in reversed(self._boundaries) if b < offset), offset)

    def toggle_uncertain(self) -> None:
        item = self.current_item()
        if item is None:
            return
        flag = not (item.annotation is not None and item.annotation.uncertain)
        key = item.key
        self._decide(lambda: annotating.set_uncertain(self.store, self.layer, item, flag), "flag uncertain", item)
        self.make_current(key)

    def comment_current(self) -> None:
        item = self.current_item()
        if item is None:
            return
        previous = item.annotation.comment if item.annotation else ""
        comment = self.ask_comment(previous, item.key)
        if comment is None or comment == previous:
            return
        self._comment_drafts.pop(item.key, None)
        key = item.key
        self._decide(lambda: annotating.set_comment(self.store, self.layer, item, comment), "comment", item)
        self.make_current(key)

    def mark_done(self) -> None:
        if self.doc_id is None:
            return
        undecided = sum(1 for i in self.items if not i.decided)
        question = translate("MainWindow", "{count} candidate(s) are still undecided.\nMark this document done anyway?")
        if undecided and not self.confirm(question.format(count=undecided)):
            return
        doc_id = self.doc_id
        try:
            before = annotating.set_document_status(self.store, self.layer, doc_id, "done")
        except (AnnotatorError, sqlite3.Error) as error:  # e.g. the project locked by another program
            self._failed(error)
            return
        self.undo_stack.push(DocumentStatusCommand(self.store, self.layer, doc_id, before, "done", self.document_changed, self._failed))
        self._saved()
        self.document_changed(doc_id)

    def _decide(self, do, text: str, item: Item | None, advance: bool = False) -> Change | None:
        try:
            change = do()
        except (AnnotatorError, sqlite3.Error) as error:  # e.g. the project locked by another program
            self._failed(error)
            self._reload_items()
            self._render()
            return None
        if change is None:  # the project says so already (perhaps decided elsewhere meanwhile)
            self._reload_items()
            if advance:
                self._advance_to_undecided(item)
            self._render()
            return None
        self.undo_stack.push(ChangeCommand(self.store, change, text, self.document_changed, self._failed))
        self._saved()
        self._update_item(item, change)
        if advance:
            self._advance_to_undecided(item)
        self._render()
        self.doc_model.refresh_document(change.doc_id)
        if change.action in TEACHING_ACTIONS:
            self._count_decision()
        return change

    def document_changed(self, doc_id: int) -> None:
        """Annotations of ``doc_id`` changed (also by undo/redo): show that document."""
        if doc_id != self.doc_id:
            self.open_document(doc_id)
        self._reload_items()
        self._render()
        self.doc_model.refresh_document(doc_id)
        self._saved()

    def _update_item(self, item: Item | None, change: Change) -> None:
        """After a decision on a candidate the list keeps its shape: swap in the new
        decision instead of reading the whole document again."""
        if item is not None and item.candidate is not None and change.after is not None and change.after.candidate_key == item.candidate.key:
            self.items = [Item(i.candidate, change.after) if i.key == item.key else i for i in self.items]
        else:
            self._reload_items()

    def _reload_items(self) -> None:
        self.items = annotating.document_items(self.store, self.layer, self.doc_id)
        if self.current_key not in {i.key for i in self.items}:
            self._advance_to_undecided(None)

    def undo(self) -> None:
        commands.undo(self.undo_stack)

    def redo(self) -> None:
        commands.redo(self.undo_stack)

    # ================================================================ background retraining

    def retrain_every(self) -> int:
        """Decisions between two background retrainings (0: never by itself); kept in QSettings."""
        try:
            return max(0, int(settings().value(RETRAIN_KEY, RETRAIN_EVERY)))
        except (TypeError, ValueError):
            return RETRAIN_EVERY

    def set_retrain_every(self, count: int) -> None:
        settings().setValue(RETRAIN_KEY, max(0, count))
        self._show_retrain_setting()
        message = (translate("MainWindow", "Your model retrains in the background after every {count} decisions").format(count=count)
                   if count else translate("MainWindow", "Automatic retraining is off (Ctrl+Shift+T retrains now)"))
        self.statusBar().showMessage(message, 5000)

    def ask_retrain_every(self) -> None:
        count, ok = QInputDialog.getInt(
            self, translate("MainWindow", "Automatic retraining"),
            translate("MainWindow", "Retrain your model after every N decisions (0: off):"), self.retrain_every(), 0, 10_000)
        if ok:
            self.set_retrain_every(count)
        self.article.setFocus()

    def _show_retrain_setting(self) -> None:
        count = self.retrain_every()
        self.retrain_setting.setText(
            translate("MainWindow", "Retrain after every {count} decisions…").format(count=count) if count
            else translate("MainWindow", "Automatic retraining: off…"))

    def _count_decision(self) -> None:
        every = self.retrain_every()
        if not every:
            return
        self._decisions_since_retrain += 1
        if self._decisions_since_retrain >= every:
            self.start_retraining(manual=False)

    def retrain_now(self) -> None:
        self.start_retraining(manual=True)

    def start_retraining(self, manual: bool) -> None:
        """Retrain this annotator's model on a worker thread; the window never waits for it.
        One job at a time: asked again while one runs, it runs once more afterwards."""
        if self.store.path == ":memory:":
            return
        if self._retrain_job is not None:
            self._retrain_again = True
            if manual:
                self.statusBar().showMessage(
                    translate("MainWindow", "Retraining is running; it will run once more when it finishes"), 5000)
            return
        self._retrain_retry.stop()
        self._decisions_since_retrain = 0
        self._retrain_again = False
        # A manual retraining looks at the data whatever was decided; an automatic one only
        # when the journal holds a decision the model has not seen.
        job = RetrainJob(self.store.path, self.layer, self.doc_id, 0 if manual else 1)
        job.signals.finished.connect(self._retraining_done)
        job.signals.failed.connect(self._retraining_failed)
        self._retrain_job = job
        self._jobs.append(job)
        self.retrain_state.setText(translate("MainWindow", "⟳ retraining…"))
        if manual:
            self.statusBar().showMessage(translate("MainWindow", "Retraining your model in the background…"), 4000)
        self._retrain_pool.start(job)

    def _retraining_done(self, report: "retraining.RetrainReport | None") -> None:
        job = self._end_retraining()
        if job is None or job.project != self.store.path or job.layer != self.layer:
            return  # another project or annotator meanwhile: what it did shows when it is opened
        self.check_for_changes()  # the new candidates, keeping the current span and the scroll
        message = retrain_message(report)
        if report is not None and report.outcome == retraining.BUSY:
            self._retrain_retry.start()
        if message:
            self.statusBar().showMessage(message, 10_000)
        if self._retrain_again:
            self.start_retraining(manual=False)

    def _retraining_failed(self, message: str) -> None:
        """Said once in the status bar, no dialog; the next decisions try again."""
        if self._end_retraining() is None:
            return
        self.statusBar().showMessage(translate("MainWindow", "Retraining failed: {message}").format(message=message), 15_000)

    def _end_retraining(self) -> RetrainJob | None:
        job, self._retrain_job = self._retrain_job, None
        self._jobs = [j for j in self._jobs if j is not job]
        self.retrain_state.setText("")
        return job

    # ================================================================ changes made elsewhere

    def check_for_changes(self) -> None:
        """Another process (or a background job) committed to the project: show it as it is
        now. Cheap when nothing changed: one pragma."""
        try:
            version = self.store.data_version()
        except sqlite3.Error:
            return
        if version != self._data_version or self._refresh_pending:
            self._data_version = version
            self.refresh_from_project()

    def refresh_from_project(self) -> None:
        """Read again what the window shows (document rows, the document's spans, progress),
        keeping the document, the current span and the scroll positions. Not in the middle of
        the annotator's text selection: that waits until the selection is done."""
        if self.selecting or self.article.textCursor().hasSelection():
            self._refresh_pending = True
            return
        self._refresh_pending = False
        with _kept_scroll(self.doc_table):
            if self.doc_model.search and self.store.path != ":memory:":
                self.doc_model.repaint_rows()
                self.apply_filter(quiet=True)  # the list itself is searched again in the background
            elif self.doc_model.refresh():
                self._after_filter()
        if self.doc_id is not None:
            with _kept_scroll(self.article), _kept_scroll(self.span_table):
                self._reload_items()
                self._render(scroll=False)
        else:
            self._update_status()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt naming)
        super().changeEvent(event)
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.check_for_changes()  # back from the terminal: show what was done there

    # ================================================================ keyboard selection

    def start_keyboard_selection(self) -> None:
        self.selecting = True
        self.article.setFocus()
        self.statusBar().showMessage(
            translate("MainWindow", "Selecting: move with the arrows, then press a category key (Esc cancels)"), 5000)

    def cancel_selection(self) -> None:
        self.selecting = False
        self.article.clear_selection()

    def extend_selection(self, key: int) -> bool:
        """Shift+arrow with text selected (by mouse or keys) extends the selection, as in any
        text; only without a selection does it move the current span's edge."""
        if not self.article.textCursor().hasSelection():
            return False
        self.selecting = True
        return self.caret_key(key)

    def caret_key(self, key: int) -> bool:
        """Arrows move the caret in the article; while selecting, they extend the selection."""
        if self.focusWidget() is not self.article and not self.selecting:
            return False
        operations = {
            Qt.Key.Key_Left: QTextCursor.MoveOperation.Left, Qt.Key.Key_Right: QTextCursor.MoveOperation.Right,
            Qt.Key.Key_Up: QTextCursor.MoveOperation.Up, Qt.Key.Key_Down: QTextCursor.MoveOperation.Down,
            Qt.Key.Key_Home: QTextCursor.MoveOperation.StartOfLine, Qt.Key.Key_End: QTextCursor.MoveOperation.EndOfLine,
        }
        cursor = self.article.textCursor()
        mode = QTextCursor.MoveMode.KeepAnchor if self.selecting else QTextCursor.MoveMode.MoveAnchor
        cursor.movePosition(operations[Qt.Key(key)], mode)
        self.article.setTextCursor(cursor)
        return True

    # ================================================================ rendering

    def colours(self) -> dict[str, str]:
        return {c.id: c.colour for c in self.codebook.categories}

    def colour_of(self, label: str) -> str:
        return self.colours().get(label, "#888888")

    def _render(self, scroll: bool = True) -> None:
        self.article.show_items(self.items, self.current_key)
        self.span_model.set_items(self.text, self.items)
        current = self.current_item()
        if current is not None:
            if scroll:
                self.article.scroll_to(current.start)
            row = self.items.index(current)
            self.span_table.selectRow(row)
            if scroll:
                self.span_table.scrollTo(self.span_model.index(row, 0))
        self._update_status()

    def _update_status(self) -> None:
        self.annotator_label.setText(translate("MainWindow", "annotator: <b>{name}</b>").format(name=html.escape(self.layer)))
        decided = sum(1 for i in self.items if i.decided)
        self.doc_progress.setText(translate("MainWindow", "document: {decided}/{total} decided").format(
            decided=decided, total=len(self.items)))
        done, total = self.store.layer_progress(self.layer)
        self.project_progress.setText(translate("MainWindow", "project: {done}/{total} documents done").format(done=done, total=total))
        self._show_new_suggestions()

    def _show_new_suggestions(self) -> None:
        """Say how many suggestions arrived in documents this layer marked done, and where."""
        try:
            arrived = self.store.new_suggestions(self.layer)
        except sqlite3.Error:  # the project busy: said at the next refresh
            return
        changed = arrived != self._new_suggestions
        self._new_suggestions = arrived
        if not arrived:
            self.suggestions_bar.hide()
            return
        shown = arrived[:SUGGESTION_LINKS]
        links = ", ".join(f'<a href="doc:{a.doc_id}">{html.escape(a.title)}</a> ({a.count})' for a in shown)
        if len(arrived) > len(shown):
            links += translate("MainWindow", " and {more} more (the list marks them)").format(more=len(arrived) - len(shown))
        text = translate("MainWindow", "{count} new suggestion(s) in {documents} document(s) you marked done: {links}")
        self.suggestions_bar.setText(text.format(count=sum(a.count for a in arrived), documents=len(arrived), links=links))
        self.suggestions_bar.show()
        if changed:
            self.doc_model.repaint_rows()

    def _open_link(self, link: str) -> None:
        """A document named in the suggestions bar: open it on its first new suggestion."""
        if not link.startswith("doc:"):
            return
        self.note_activity()
        doc_id = int(link[4:])
        self.open_document(doc_id)
        arrived = self.store.new_suggestion_keys(doc_id, self.layer)
        first = next((i for i in self.items if not i.decided and i.key in arrived), None)
        if first is not None:
            self.make_current(first.key)
        self.article.setFocus()

    def _saved(self) -> None:
        self._save_state = datetime.now()
        self._show_save_state()
        self.save_state.setStyleSheet(f"color: {self._readable(SAVED_GREEN)};")
        self.notice.hide()
        self._update_status()

    def _readable(self, colour: QColor) -> str:
        return readable_on(colour, self.palette().window().color()).name()

    def _show_save_state(self) -> None:
        if self._save_state is None:
            self.save_state.setText(translate("MainWindow", "no changes yet"))
        elif self._save_state == "failed":
            self.save_state.setText(translate("MainWindow", "⚠ not saved"))
        else:
            self.save_state.setText(translate("MainWindow", "✓ saved {time}").format(time=f"{self._save_state:%H:%M:%S}"))

    def _failed(self, error: Exception) -> None:
        """Say why a change was not saved, without a modal dialog: the annotator reads it,
        keeps working, and tries again (the same key) when the project is free."""
        self._save_state = "failed"
        self._show_save_state()
        self.save_state.setStyleSheet(f"color: {self._readable(FAILED_RED)};")
        message = str(error) if isinstance(error, AnnotatorError) else translate(
            "MainWindow", "the project refused the change: {error}").format(error=error)
        self.statusBar().showMessage(translate("MainWindow", "Not saved: {message}").format(message=message), 20_000)
        self.notice.setText(translate("MainWindow", "⚠ Not saved — {message}").format(message=message))
        self.notice.show()

    # ================================================================ dialogs (replaceable in tests)

    def confirm(self, question: str) -> bool:
        answer = QMessageBox.question(self, "annotator", question, defaultButton=QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def ask_comment(self, previous: str, key: str | None = None) -> str | None:
        """The new comment, or None when the dialog was closed (what was typed stays a draft)."""
        dialog = CommentDialog(self, previous, self._comment_drafts.get(key) if key else None)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.text()
        if key is not None and dialog.text() != previous:
            self._comment_drafts[key] = dialog.text()
            self.statusBar().showMessage(translate("MainWindow", "Comment not saved: the draft is kept, press C to go on with it"), 8000)
        return None

    def open_review(self) -> None:
        from .review import open_review

        open_review(self)

    def show_help(self) -> None:
        HelpDialog(self).exec()

    # ================================================================ comfort: zoom and layout

    def zoom(self, step: int) -> None:
        """Ctrl+= / Ctrl+− make the article's text larger or smaller, Ctrl+0 resets; remembered."""
        self.article.set_zoom(0 if step == 0 else self.article.zoom_steps + step)
        settings().setValue(ZOOM_KEY, self.article.zoom_steps)
        self.statusBar().showMessage(translate("MainWindow", "Text size {size} pt").format(size=f"{self.article.font().pointSizeF():.0f}"), 2000)

    def _restore_layout(self) -> None:
        """Splitter and zoom as the annotator left them. The splitter is kept as shares of
        the width, so a layout saved on a large screen still favours the article on a small
        one; the first time, shares that give the article most of the width."""
        self._apply_shares()
        try:
            self.article.set_zoom(int(settings().value(ZOOM_KEY) or 0))
        except (TypeError, ValueError):
            pass

    def _apply_shares(self) -> None:
        shares = _shares(settings().value(SPLITTER_KEY)) or SPLIT_SHARES
        width = self.splitter.width()
        self.splitter.setSizes([max(least, int(width * share)) for least, share in zip(MIN_WIDTHS, shares)])

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt naming)
        """A window made smaller (or larger) keeps the panes' shares: QSplitter alone would take
        the whole difference from the article, the one stretchable pane, and leave it a narrow
        column beside full-width lists at 1024×700."""
        super().resizeEvent(event)
        if not self._first_show:
            self._apply_shares()

    def _save_layout(self) -> None:
        sizes = self.splitter.sizes()
        if sum(sizes) > 0:
            settings().setValue(SPLITTER_KEY, ",".join(f"{size / sum(sizes):.4f}" for size in sizes))

    # ================================================================ time and closing

    def note_activity(self) -> None:
        self._last_activity = time.monotonic()

    def flush_time(self) -> None:
        """Add the time since the last flush to the document, less any idle stretch (no key
        or click for more than IDLE_GRACE_S): a window left open overnight is not work."""
        if self.doc_id is None or not self._clock.isValid():
            return
        seconds = self._clock.restart() / 1000.0
        idle = time.monotonic() - self._last_activity - IDLE_GRACE_S
        seconds = max(0.0, seconds - max(0.0, idle))
        self._pending_seconds[self.doc_id] = self._pending_seconds.get(self.doc_id, 0.0) + seconds
        for doc_id, pending in list(self._pending_seconds.items()):
            try:
                annotating.add_time(self.store, self.layer, doc_id, pending)
            except (AnnotatorError, sqlite3.Error):
                return  # time is a statistic: kept for the next flush, never blocks the annotator
            del self._pending_seconds[doc_id]
            self.doc_model.refresh_document(doc_id)

    def switch_project(self, store: Store) -> None:
        self.flush_time()
        self._decisions_since_retrain, self._retrain_again = 0, False
        self._retrain_retry.stop()
        self._pending_seconds.clear()  # they belong to the old project
        old = self.store
        self.store = store
        store.set_busy_timeout(BUSY_TIMEOUT_MS)
        self._data_version = store.data_version()
        self.codebook = project_codebook(store)
        self.codebook_view.setHtml(codebook_html(self.codebook))
        self.undo_stack.clear()
        self.doc_id = None
        self.items, self.current_key = [], None
        self.doc_model.set_store(store, self.layer)
        self._set_title()
        self.start_indexing()
        if self.doc_model.ids:
            self.open_document(self.doc_model.ids[0])
        else:
            self.article.show_document("", self.colours())
            self._render()
        if old is not store:
            old.close()

    def _set_title(self) -> None:
        self.setWindowTitle(f"annotator — {self.store.path}")

    def reload_current(self) -> None:
        """Annotations may have changed outside the window (an import): show them again."""
        if self.doc_id is not None:
            self._reload_items()
            self._render()

    def switch_annotator(self, layer: str) -> None:
        self.flush_time()
        self._decisions_since_retrain, self._retrain_again = 0, False
        self._retrain_retry.stop()
        self._pending_seconds.clear()  # they belong to the previous annotator
        self.layer = layer
        self.undo_stack.clear()
        self.doc_model.set_store(self.store, layer)
        doc_id, self.doc_id = self.doc_id, None
        if doc_id is not None:
            self.open_document(doc_id)
        self._update_status()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.flush_time()
        self._save_layout()
        self._time_timer.stop()
        self._search_timer.stop()
        self._watch_timer.stop()
        self._retrain_retry.stop()
        self._retrain_again = False
        for job in self._jobs:
            job.stop = job.cancel_requested = True  # index jobs read the first, exports and imports the second
        QThreadPool.globalInstance().waitForDone(5000)
        from PySide6.QtWidgets import QApplication

        QApplication.instance().removeEventFilter(self.keys)
        super().closeEvent(event)


def retrain_message(report: "retraining.RetrainReport | None") -> str:
    """What the status bar says when a retraining ends ("" for nothing worth a word)."""
    if report is None:
        return ""
    if report.outcome == retraining.RETRAINED:
        if report.precision is not None and report.recall is not None:
            text = translate("MainWindow", "Model retrained on {documents} document(s) (P/R {precision}/{recall}) — {count} new suggestion(s)")
            return text.format(documents=report.documents, precision=f"{report.precision:.2f}", recall=f"{report.recall:.2f}",
                               count=report.new_suggestions)
        text = translate("MainWindow", "Model retrained on {documents} document(s) — {count} new suggestion(s)")
        return text.format(documents=report.documents, count=report.new_suggestions)
    if report.outcome == retraining.UNCHANGED:
        return translate("MainWindow", "Model unchanged: nothing new to learn from")
    if report.outcome == retraining.NOTHING_TO_LEARN:
        return translate("MainWindow", "Nothing to retrain on yet: accept, relabel or add a span first")
    if report.outcome == retraining.BUSY:
        return translate("MainWindow", "Retraining postponed, the project is busy: {detail} It will be tried again shortly.").format(
            detail=report.detail)
    return ""


def _shares(value: object) -> tuple[float, ...] | None:
    """Splitter shares as saved ("0.2,0.5,0.3"); None when absent or not three shares."""
    try:
        shares = tuple(float(x) for x in str(value).split(","))
    except ValueError:
        return None
    return shares if len(shares) == 3 and all(0 < x < 1 for x in shares) else None


@contextlib.contextmanager
def _kept_scroll(view: QAbstractItemView | QPlainTextEdit) -> Iterator[None]:
    """Keep a view's scroll position across a reload of what it shows."""
    vertical, horizontal = view.verticalScrollBar().value(), view.horizontalScrollBar().value()
    yield
    view.verticalScrollBar().setValue(vertical)
    view.horizontalScrollBar().setValue(horizontal)


def codebook_html(codebook: Codebook) -> str:
    version = translate("MainWindow", "version {version}").format(version=codebook.version)
    parts = [f"<h3>{html.escape(codebook.name)}</h3><p>{html.escape(version)}</p>"]
    for c in codebook.categories:
        parts.append(
            f"<h4><span style='background:{c.colour};color:white'>&nbsp;{html.escape(c.key)}&nbsp;</span> "
            f"{html.escape(c.id)} {html.escape(c.name_zh)} — {html.escape(c.name_en)}</h4>"
            f"<p>{html.escape(c.definition)}</p>"
            f"<p><b>{html.escape(translate('MainWindow', 'Boundaries'))}</b></p><ul>"
            + "".join(f"<li>{html.escape(b)}</li>" for b in c.boundaries) + "</ul>"
            f"<p><b>{html.escape(translate('MainWindow', 'Examples'))}</b>: " + "；".join(html.escape(e) for e in c.examples) + "</p>"
        )
    return "".join(parts)
