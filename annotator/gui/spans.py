"""How spans look: one table that both the painter (article.py) and the help (help.py) read.

Drawn like the span editors annotators know (brat, INCEpTION, displaCy): every span has its
own box and a short tag in its category's colour, nested spans sit at separate levels (the
enclosing box is taller and wider than the one inside it, its tag follows the inner one's),
and the status is told by the line and the tag, not by colour alone. The help is generated
from STYLES and MARKERS, so it says what the window draws.

No Qt here: the layout (levels, tags) is plain Python and tested without a display.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence


def translatable(context: str, text: str) -> str:
    """Marks a help text for the translation catalogue (lupdate reads this name as
    QT_TRANSLATE_NOOP; see i18n/update.py) and returns it unchanged: this module stays Qt-free,
    help.py translates the text when it shows it."""
    return text

UNDECIDED, CONFIRMED, REJECTED, CURRENT = "undecided", "confirmed", "rejected", "current"
FLAGGED, COMMENTED = "flagged", "commented"
MAX_LEVEL = 3  # deeper nesting is drawn at this level (a level is a few pixels of a line)


@dataclass(frozen=True)
class SpanStyle:
    """How one status is drawn: the box's line, its fill, the tag, a strike-through."""

    name: str
    outline: str  # "dash", "solid" or "dot"
    outline_width: float
    fill_alpha: int  # 0..255 of the category colour inside the box, 0 for none
    tag: str  # "hollow" (white, coloured border), "filled" (colour, white text), "struck" (grey, ✕)
    strike: bool  # a line through the text (only where no other, kept span lies inside)
    looks: str  # what the annotator sees (help)
    means: str  # what it says (help)


@dataclass(frozen=True)
class Marker:
    """A glyph added to a span's tag: it shows in the text, next to the span."""

    name: str
    glyph: str
    means: str


STYLES: dict[str, SpanStyle] = {
    s.name: s
    for s in (
        SpanStyle(UNDECIDED, "dash", 1.4, 0, "hollow", False,
                  translatable("Spans", "Dashed box, white tag with a coloured border"),
                  translatable("Spans", "an undecided candidate: Enter accepts it, X rejects it")),
        SpanStyle(CONFIRMED, "solid", 1.6, 45, "filled", False,
                  translatable("Spans", "Solid box with a light fill, tag filled with the category colour"),
                  translatable("Spans", "a confirmed span (accepted, relabelled or added)")),
        SpanStyle(REJECTED, "dot", 1.2, 0, "struck", True,
                  translatable("Spans", "Grey dotted box, text struck through, grey tag marked ✕"),
                  translatable("Spans", "a rejected candidate; a span kept inside it keeps its own look")),
        SpanStyle(CURRENT, "solid", 3.2, 70, "filled", False,
                  translatable("Spans", "Thick box edged in black, its tag taller and edged in black"),
                  translatable("Spans", "the current span: the one the keys act on")),
    )
}

MARKERS: dict[str, Marker] = {
    m.name: m
    for m in (
        Marker(FLAGGED, "⚑", translatable("Spans", "flagged uncertain (U)")),
        Marker(COMMENTED, "✎", translatable("Spans", "has a comment (C); hover the span to read it")),
    )
}

NESTING_HELP = translatable(
    "Spans",
    "Nested spans each keep their own box and tag: the enclosing box is taller and reaches "
    "further out than the one inside it, and the tags of spans ending together follow each "
    "other from the innermost out.",
)


def style_name(status: str) -> str:
    """The look of an item's status (accepted, relabelled and added all look confirmed)."""
    if status == "undecided":
        return UNDECIDED
    if status == "rejected":
        return REJECTED
    return CONFIRMED


def markers_of(uncertain: bool, comment: str | None) -> tuple[str, ...]:
    return tuple(name for name, on in ((FLAGGED, uncertain), (COMMENTED, bool(comment))) if on)


def tag_text(short: str, style: str, markers: Sequence[str]) -> str:
    glyphs = "".join(MARKERS[m].glyph for m in markers)
    prefix = "✕" if STYLES[style].tag == "struck" else ""
    return f"{prefix}{short}{glyphs}"


def short_labels(labels: Sequence[str], least: int = 3) -> dict[str, str]:
    """The shortest prefix of each label (at least ``least`` characters) that no other
    label shares: SLOGAN → SLO, CAMPAIGN → CAM; two labels starting alike keep more."""
    unique = sorted(set(labels))
    shorts = {}
    for label in unique:
        length = min(least, len(label))
        while length < len(label) and any(o != label and o.startswith(label[:length]) for o in unique):
            length += 1
        shorts[label] = label[:length]
    return shorts


# ------------------------------------------------------------------ levels


def overlap_groups(spans: Sequence[tuple[int, int]]) -> list[list[int]]:
    """Indices of spans grouped into runs that overlap one another (transitively); spans
    apart from all others are groups of one. Sorting is the only cost: O(n log n)."""
    order = sorted(range(len(spans)), key=lambda i: (spans[i][0], -spans[i][1]))
    groups: list[list[int]] = []
    reach = None
    for index in order:
        start, end = spans[index]
        if reach is None or start >= reach:
            groups.append([])
            reach = end
        groups[-1].append(index)
        reach = max(reach, end)
    return groups


def span_levels(spans: Sequence[tuple[int, int]]) -> list[int]:
    """The nesting level of each span (start, end): 0 for a span with no shorter span
    overlapping it, else one more than the highest level among the shorter (or equally
    long, earlier) spans it overlaps. An enclosing span is therefore always above every
    span inside it, and two crossing spans never share a level."""
    levels = [0] * len(spans)
    for group in overlap_groups(spans):
        if len(group) == 1:
            continue
        placed: list[int] = []
        for index in sorted(group, key=lambda i: (spans[i][1] - spans[i][0], spans[i][0])):
            start, end = spans[index]
            below = [levels[j] for j in placed if spans[j][0] < end and start < spans[j][1]]
            levels[index] = max(below) + 1 if below else 0
            placed.append(index)
    return levels


def uncovered(span: tuple[int, int], others: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The parts of ``span`` that none of ``others`` covers (where a rejected span's
    strike-through may go without crossing a span kept inside it)."""
    pieces, cursor = [], span[0]
    for start, end in sorted(others):
        if end <= cursor or start >= span[1]:
            continue
        if start > cursor:
            pieces.append((cursor, start))
        cursor = max(cursor, end)
    if cursor < span[1]:
        pieces.append((cursor, span[1]))
    return pieces


def category_button_style(colour: str) -> str:
    """The codebook panel's button for a category: its colour as a border and a tint, dark
    text on the tint so it reads under any palette."""
    return (
        f"QPushButton {{ background: {tint(colour, 0.78)}; color: #111; border: 1px solid {colour}; "
        f"border-left: 7px solid {colour}; border-radius: 3px; padding: 3px 7px; }}"
        f"QPushButton:hover {{ background: {tint(colour, 0.6)}; }}"
        f"QPushButton:pressed {{ background: {colour}; color: white; }}"
    )


def tint(colour: str, towards_white: float) -> str:
    """#RRGGBB mixed with white (0 = the colour, 1 = white)."""
    channels = [int(colour[i: i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c + (255 - c) * towards_white):02x}" for c in channels)
