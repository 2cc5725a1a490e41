"""The CoNLL character block (built with strided copies and replaces, for speed) is the plain
definition: one ``CHAR<TAB>TAG`` line per non-whitespace character, B- on the first written
character of each span, I- on the rest, O elsewhere."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.export.conll import _blanks, _character_block
from annotator.records import ExportSpan

# CJK, ASCII, astral characters, whitespace of several kinds (tab, line separators, NBSP, the usual kinds
# and rarer ones), and NUL (the marker the block uses for whitespace: a text holding it takes the other path)
ALPHABET = st.sampled_from(list("中文县委abcO9\t\n \u3000\u2028\xa0\x85\r\0") + ["𠮷", "😀"])


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
    text = draw(st.text(ALPHABET, max_size=60))
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=10, unique=True)))
    spans = [ExportSpan(a, b, draw(st.sampled_from(["SLOGAN", "TARGET"])), text[a:b], "alice", "added", "annotator")
             for a, b in zip(cuts[::2], cuts[1::2]) if a < b]
    return text, spans


@settings(max_examples=400, deadline=None)
@given(documents())
def test_character_block_is_one_line_per_written_character(document) -> None:
    text, spans = document
    assert _character_block(text, spans) == reference(text, spans)


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
