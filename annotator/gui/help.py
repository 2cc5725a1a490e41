"""The help overlay (? or F1): every key, from the same table the dispatcher uses."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

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
        "<h3>Highlights</h3><p>Dashed underline: undecided candidate. Fill: confirmed span "
        "(accepted, relabelled or added). Grey strike-through: rejected. Strong fill: the "
        "current span. Hover a highlight for its label, rule and score.</p>"
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
