"""The help overlay (? or F1): every key, from the same table the dispatcher uses, and every
look of a span, from the same table the article paints with."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from . import spans
from .i18n import translate
from .keys import help_rows


def help_html() -> str:
    rows = "".join(
        f"<tr><td style='padding:3px 14px 3px 0'><b>{html.escape(keys)}</b></td><td>{html.escape(does)}</td></tr>"
        for keys, does in help_rows()
    )
    keyboard = translate("Help", "Keyboard")
    intro = translate("Help", "The keys work whichever pane has focus (except while typing in the search box: Esc "
                              "leaves it). After each decision the next undecided candidate becomes current.")
    return f"<h3>{html.escape(keyboard)}</h3><p>{html.escape(intro)}</p><table>{rows}</table>" + spans_help_html()


def spans_help_html() -> str:
    """What the article draws, generated from the table the painter draws with
    (spans.STYLES and spans.MARKERS): the help cannot describe a look the window lacks."""
    looks = "".join(
        f"<tr><td style='padding:3px 14px 3px 0'><b>{html.escape(translate('Spans', style.looks))}</b></td>"
        f"<td>{html.escape(translate('Spans', style.means))}</td></tr>"
        for style in spans.STYLES.values()
    )
    in_the_tag = translate("Help", "{glyph} in the tag")
    markers = "".join(
        f"<tr><td style='padding:3px 14px 3px 0'><b>{html.escape(in_the_tag.format(glyph=marker.glyph))}</b></td>"
        f"<td>{html.escape(translate('Spans', marker.means))}</td></tr>"
        for marker in spans.MARKERS.values()
    )
    title = translate("Help", "Spans")
    intro = translate("Help", "Every span has its own box and, right after its last character, a tag: the first "
                              "letters of its category (SLO for SLOGAN) in the category's colour.")
    hover = translate("Help", "Hover a span for its label, rule, score and comment.")
    return (f"<h3>{html.escape(title)}</h3><p>{html.escape(intro)}</p><table>{looks}{markers}</table>"
            f"<p>{html.escape(translate('Spans', spans.NESTING_HELP))} {html.escape(hover)}</p>")


class HelpDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(translate("Help", "annotator — keys"))
        self.resize(680, 640)
        layout = QVBoxLayout(self)
        browser = QTextBrowser()
        browser.setHtml(help_html())
        layout.addWidget(browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
