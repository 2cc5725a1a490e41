"""GUI responsiveness, offscreen, against baselines measured in the same run.

1. Open a 20,000-character article with 500 highlights: time until it is shown, as a
   ratio to a bare QPlainTextEdit.setPlainText of the same text (target <= 3).
2. Keystroke to committed decision (Enter = accept, until the key handler returns: the
   decision is on disk and the view updated, its repaint scheduled): median and p95 over
   many decisions, beside the commit alone (the same service call without the GUI); target:
   p95 beyond the commit well under one 16 ms frame. The repaint that follows is reported
   apart, beside a bare QPlainTextEdit repaint of the same text.
3. A 100,000-document project: time to first paint of the document list, and to apply a
   status filter and a search (target: under 100 ms; the first search also builds the
   full-text index once, reported apart).

    python benchmarks/bench_gui.py [--docs 100000] [--decisions 300]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QPlainTextEdit  # noqa: E402

from annotator import services  # noqa: E402
from annotator.chinese import detect_script  # noqa: E402
from annotator.gui.main_window import MainWindow  # noqa: E402
from annotator.records import CandidateSpan, NewDocument  # noqa: E402
from annotator.services import annotating  # noqa: E402
from annotator.store import Store, utc_now  # noqa: E402
from annotator.textio import text_hash  # noqa: E402
from synthetic import synthetic_documents  # noqa: E402

ARTICLE_CHARS = 20_000
HIGHLIGHTS = 500
LABELS = ("SLOGAN", "TARGET", "CAMPAIGN", "HONOUR", "ACHIEVEMENT")


def painted(app: QApplication, widget) -> None:
    """Process events until the widget has been laid out and painted."""
    widget.repaint()
    app.processEvents()


def new_document(text: str, number: int) -> NewDocument:
    return NewDocument(
        title=text.split("\n", 1)[0][:60], text=text, text_hash=text_hash(text), script=detect_script(text),
        source_path="bench", source_line=number, source_hash="0" * 64, encoding="utf-8",
    )


def long_article() -> str:
    parts, length = [], 0
    for _, _, text in synthetic_documents(100, 1):
        parts.append(text)
        length += len(text)
        if length >= ARTICLE_CHARS:
            break
    return "".join(parts)[:ARTICLE_CHARS]


def article_project(folder: Path) -> Store:
    store = Store.open(folder / "article.annotator.db")
    text = long_article()
    with store.transaction():
        store.insert_documents([new_document(text, 1)], utc_now())
        step = ARTICLE_CHARS // HIGHLIGHTS
        spans = [CandidateSpan(i * step, i * step + 6, LABELS[i % 5], "bench", 0.5) for i in range(HIGHLIGHTS)]
        store.add_candidates(1, spans, "bench")
    services.use_codebook(store)
    return store


def bench_open(app: QApplication, folder: Path) -> tuple[float, float]:
    store = article_project(folder)
    text = store.document(1).text
    bare_times, ours_times = [], []
    for _ in range(5):
        editor = QPlainTextEdit()
        editor.resize(900, 800)
        editor.show()
        start = time.perf_counter()
        editor.setPlainText(text)
        painted(app, editor)
        bare_times.append(time.perf_counter() - start)
        editor.close()
        window = MainWindow(store, "bench")
        window.resize(1400, 860)
        window.show()
        app.processEvents()
        window.doc_id = None
        start = time.perf_counter()
        window.open_document(1)
        painted(app, window.article)
        ours_times.append(time.perf_counter() - start)
        window.close()
    store.close()
    return statistics.median(ours_times), statistics.median(bare_times)


def bench_keystrokes(app: QApplication, folder: Path, decisions: int) -> tuple[list[float], list[float], list[float], list[float]]:
    store = article_project(folder)
    window = MainWindow(store, "bench")
    window.show()
    window.article.setFocus()
    app.processEvents()
    keyed, repaints = [], []
    for _ in range(decisions):
        start = time.perf_counter()
        QTest.keyClick(window.article, Qt.Key.Key_Return)
        keyed.append(time.perf_counter() - start)
        start = time.perf_counter()
        painted(app, window.article)
        repaints.append(time.perf_counter() - start)
    bare = QPlainTextEdit()
    bare.setPlainText(store.document(1).text)
    bare.setFont(window.article.font())
    bare.resize(window.article.size())
    bare.show()
    app.processEvents()
    bare_repaints = []
    for _ in range(decisions):
        start = time.perf_counter()
        painted(app, bare)
        bare_repaints.append(time.perf_counter() - start)
    bare.close()
    window.close()
    commits = []  # the same decision without the GUI: the commit itself
    items = [i for i in annotating.document_items(store, "bench-2", 1) if not i.decided][:decisions]
    for item in items:
        start = time.perf_counter()
        annotating.accept(store, "bench-2", item)
        commits.append(time.perf_counter() - start)
    store.close()
    return keyed, commits, repaints, bare_repaints


def big_project(folder: Path, count: int) -> Store:
    store = Store.open(folder / "big.annotator.db")
    texts = [text for _, _, text in synthetic_documents(200, 2)]
    with store.transaction():
        batch = []
        for number in range(count):
            base = texts[number % len(texts)]
            text = f"第{number}号 " + base[(number * 37) % 500:][:300]
            batch.append(new_document(text, number))
            if len(batch) == 5000:
                store.insert_documents(batch, utc_now())
                batch = []
        store.insert_documents(batch, utc_now())
    return store


def bench_list(app: QApplication, folder: Path, count: int) -> dict[str, str]:
    """The document list of the real window on a large project: first paint, status
    filters (run in the GUI thread), searches (run in the background: the GUI thread is
    busy only to start them; results follow)."""
    store = big_project(folder, count)
    path = store.path
    store.close()
    figures: dict[str, str] = {}
    start = time.perf_counter()
    window = MainWindow(Store.open(path, create=False), "bench")
    window.show()
    painted(app, window.doc_table)
    figures["first paint (window with list)"] = _ms(time.perf_counter() - start, True)
    for name, index in (("filter: done", 3), ("filter: todo", 1), ("filter: all", 0)):
        start = time.perf_counter()
        window.status_filter.setCurrentIndex(index)
        painted(app, window.doc_table)
        figures[name] = _ms(time.perf_counter() - start, True)
    start = time.perf_counter()
    while window.store.refresh_search_index(batch=2000):
        pass
    figures["search index, built once (in the background)"] = _ms(time.perf_counter() - start, False)
    for name, query in (("search 3+ characters (FTS5)", "高质量发展"), ("search 2 characters (scan)", "吉水")):
        window.search.setText(query)
        window._search_timer.stop()
        start = time.perf_counter()
        window.apply_filter()
        busy = time.perf_counter() - start
        expected = window._query_number
        while window.doc_model.search != query or window._query_number != expected:
            app.processEvents()
        painted(app, window.doc_table)
        done = time.perf_counter() - start
        figures[name] = f"{_ms(busy, True)}; results shown after {done * 1000:.1f} ms ({window.doc_model.rowCount():,} documents)"
        window.search.clear()
        window._search_timer.stop()
    window.close()
    return figures


def _ms(seconds: float, target: bool) -> str:
    verdict = f"   target < 100 ms: {'PASS' if seconds < 0.1 else 'FAIL'}" if target else ""
    return f"{seconds * 1000:8.1f} ms{verdict}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--decisions", type=int, default=300)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    ok = True
    with tempfile.TemporaryDirectory() as folder:
        ours, bare = bench_open(app, Path(folder))
        ratio = ours / bare
        ok &= ratio <= 3
        print(f"open a {ARTICLE_CHARS:,}-character article with {HIGHLIGHTS} highlights")
        print(f"  ours {ours * 1000:7.1f} ms   bare setPlainText {bare * 1000:7.1f} ms   ratio {ratio:.2f}   target <= 3: {'PASS' if ratio <= 3 else 'FAIL'}")
        keyed, commits, repaints, bare_repaints = bench_keystrokes(app, Path(folder), args.decisions)
        p = lambda values, q: statistics.quantiles(values, n=100)[q - 1] * 1000  # noqa: E731
        beyond = p(keyed, 95) - p(commits, 95)
        ok &= beyond < 16
        print(f"keystroke (Enter) to committed decision, {len(keyed)} decisions")
        print(f"  median {statistics.median(keyed) * 1000:6.2f} ms   p95 {p(keyed, 95):6.2f} ms")
        print(f"  the commit alone: median {statistics.median(commits) * 1000:6.2f} ms   p95 {p(commits, 95):6.2f} ms")
        print(f"  p95 beyond the commit {beyond:6.2f} ms   target < 16 ms: {'PASS' if beyond < 16 else 'FAIL'}")
        print(f"  then the repaint: median {statistics.median(repaints) * 1000:6.2f} ms "
              f"(a bare QPlainTextEdit repaint of the same text: {statistics.median(bare_repaints) * 1000:6.2f} ms)")
        figures = bench_list(app, Path(folder), args.docs)
        print(f"document list of a {args.docs:,}-document project (GUI thread busy for)")
        for name, figure in figures.items():
            ok &= "FAIL" not in figure
            print(f"  {name:<46} {figure}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
