"""The help overlay (? or F1): every key, from the same table the dispatcher uses, and every
look of a span, from the same table the article paints with."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from . import spans
from .keys import help_rows


def help_html() -> str:
    rows = "".join(
        f"<tr><td style='padding:3px 14px 3px 0'><b>{html.escape(keys)}</b></td><td>{html.escape(does)}</td></tr>"
        for keys, does in help_rows()
    )
    return (
        "<h3>Keyboard</h3><p>The keys work whichever pane has focus (except while typing in the "
        "search box: Esc leaves it). After each decision the next undecided candidate becomes "
        "current.</p>"
        f"<table>{rows}</table>"
        + spans_help_html()
    )


def spans_help_html() -> str:
    """What the article draws, generated from the table the painter draws with
    (spans.STYLES and spans.MARKERS): the help cannot describe a look the window lacks."""
    looks = "".join(
        f"<tr><td style='padding:3px 14px 3px 0'><b>{html.escape(style.looks)}</b></td><td>{html.escape(style.means)}</td></tr>"
        for style in spans.STYLES.values()
    )
    markers = "".join(
        f"<tr><td style='padding:3px 14px 3px 0'><b>{html.escape(marker.glyph)} in the tag</b></td><td>{html.escape(marker.means)}</td></tr>"
        for marker in spans.MARKERS.values()
    )
    return (
        "<h3>Spans</h3><p>Every span has its own box and, right after its last character, a tag: "
        "the first letters of its category (SLO for SLOGAN) in the category's colour.</p>"
        f"<table>{looks}{markers}</table>"
        f"<p>{html.escape(spans.NESTING_HELP)} Hover a span for its label, rule, score and comment.</p>"
    )


class HelpDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("annotator — keys")
        self.resize(680, 640)
        layout = QVBoxLayout(self)
        browser = QTextBrowser()
        browser.setHtml(help_html())
        layout.addWidget(browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
