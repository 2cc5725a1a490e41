"""Colours that stay readable on the system palette, light or dark (WCAG contrast ratios).

The codebook's colours are fixed; the palette is the user's. Fills behind text and coloured
status text are checked against the palette they are drawn on, and toned down or lightened
until text and background keep a contrast ratio of at least READABLE.
"""

from __future__ import annotations

from PySide6.QtGui import QColor

READABLE = 4.5  # WCAG AA for normal text


def luminance(colour: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF())


def contrast(a: QColor, b: QColor) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def over(colour: QColor, alpha: int, background: QColor) -> QColor:
    """``colour`` at ``alpha`` (0–255) painted over an opaque ``background``."""
    share = alpha / 255
    return QColor.fromRgbF(*(share * c + (1 - share) * b for c, b in zip(
        (colour.redF(), colour.greenF(), colour.blueF()), (background.redF(), background.greenF(), background.blueF()))))


def readable_alpha(colour: QColor, alpha: int, base: QColor, text: QColor) -> int:
    """The strongest fill alpha up to ``alpha`` behind which ``text`` stays readable."""
    while alpha > 0 and contrast(text, over(colour, alpha, base)) < READABLE:
        alpha -= 5
    return max(alpha, 0)


def readable_on(colour: QColor, background: QColor) -> QColor:
    """``colour``, mixed towards white on a dark background (black on a light one) until it
    reads on ``background``: the save state's green on a dark window, for instance."""
    toward = QColor("#ffffff") if luminance(background) < 0.18 else QColor("#000000")
    mixed, step = QColor(colour), 0
    while contrast(mixed, background) < READABLE and step < 20:
        step += 1
        mixed = over(toward, int(255 * step / 20), colour)
    return mixed
