"""The CoNLL character block (built with strided copies and replaces, for speed) is the plain
definition: one ``CHAR<TAB>TAG`` line per non-whitespace character, B- on the first written
character of each span, I- on the rest, O elsewhere."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.export.conll import _blanks, _character_block
from annotator.records import ExportSpan

# CJK, ASCII (with the letter O and the tag's own characters), astral characters, NUL, and whitespace of
# every kind str.split() splits at: tab, line breaks, the line and paragraph separators, NBSP, the
# ideographic space, the Unicode spaces, the file/group/record/unit separators
WHITESPACE = list("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2005\u200a\u2028\u2029\u202f\u205f\u3000")
ALPHABET = st.sampled_from(list("中文县委abcOIB-9\0") + ["𠮷", "😀"] + WHITESPACE)


def reference(text: str, spans: list[ExportSpan]) -> str:
    tags = ["O"] * len(text)
    for span in spans:
        first = True
        for index in range(span.start, span.end):
            if not text[index].isspace():
                tags[index] = f"{'B' if first else 'I'}-{span.label}"
                first = False
    return "".join(f"{char}\t{tag}\n" for char, tag in zip(text, tags) if not char.isspace())


@st.composite
def documents(draw):
    """A text and spans in order, never overlapping: each a stretch between two cut points,
    so that spans start and end anywhere (on whitespace too) and may touch (one ending where
    the next starts)."""
    text = draw(st.text(ALPHABET, max_size=80))
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=14, unique=True)))
    spans = [ExportSpan(a, b, draw(st.sampled_from(["SLOGAN", "TARGET", "O"])), text[a:b], "alice", "added", "annotator")
             for a, b in zip(cuts, cuts[1:]) if draw(st.booleans())]
    return text, spans


@settings(max_examples=400, deadline=None)
@given(documents())
def test_character_block_is_one_line_per_written_character(document) -> None:
    text, spans = document
    assert _character_block(text, spans) == reference(text, spans)


def test_touching_spans_and_spans_on_whitespace() -> None:
    text = " 县委\u3000\n 书记 召开\t"
    spans = [ExportSpan(0, 3, "SLOGAN", text[0:3], "alice", "added", "annotator"),  # starts on whitespace
             ExportSpan(3, 5, "TARGET", text[3:5], "alice", "added", "annotator"),  # whitespace only, touching
             ExportSpan(5, 7, "TARGET", text[5:7], "alice", "added", "annotator"),  # touching, starts on whitespace
             ExportSpan(7, 9, "SLOGAN", text[7:9], "alice", "added", "annotator"),  # touching
             ExportSpan(9, 12, "TARGET", text[9:12], "alice", "added", "annotator")]  # ends on whitespace
    assert _character_block(text, spans) == reference(text, spans) == (
        "县\tB-SLOGAN\n委\tI-SLOGAN\n书\tB-TARGET\n记\tB-SLOGAN\n召\tB-TARGET\n开\tI-TARGET\n")


def test_a_span_of_astral_and_bmp_characters() -> None:
    text = "县委 𠮷号\n召 😀"
    spans = [ExportSpan(1, 5, "SLOGAN", text[1:5], "alice", "added", "annotator"),
             ExportSpan(6, 9, "TARGET", text[6:9], "alice", "added", "annotator")]
    assert _character_block(text, spans) == "县\tO\n委\tB-SLOGAN\n𠮷\tI-SLOGAN\n号\tI-SLOGAN\n召\tB-TARGET\n😀\tI-TARGET\n"


@settings(max_examples=400, deadline=None)
@given(st.text(ALPHABET, max_size=40))
def test_the_whitespace_is_found_where_it_is(text) -> None:
    pieces = text.split()
    count = len(text) - len("".join(pieces))
    assert _blanks(text, pieces, count) == [index for index, char in enumerate(text) if char.isspace()]
