"""What the rule tests share: the detector as shipped, both punctuation widths, and the
(span, rule) pairs a detector finds for one label."""

from __future__ import annotations

from annotator.codebook import load_codebook
from annotator.detect import Detector
from annotator.resources import load_resources

FULL_WIDTH = str.maketrans({",": "，", ":": "：", ";": "；", "?": "？", "!": "！"})
WIDTHS = ("ascii", "full-width")


def shipped_detector() -> Detector:
    """The built-in rules and lexicons, no model."""
    codebook = load_codebook()
    return Detector(codebook, load_resources(labels=codebook.labels))


def written(text: str, width: str) -> str:
    return text if width == "ascii" else text.translate(FULL_WIDTH)


def found(detector: Detector, text: str, label: str, width: str) -> list[tuple[str, str]]:
    """(span text, rule) of every ``label`` candidate in ``text`` written in ``width``."""
    text = written(text, width)
    return [(text[c.start: c.end], c.rule) for c in detector.detect(text) if c.label == label]
