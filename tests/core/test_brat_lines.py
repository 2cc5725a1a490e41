"""brat's .ann text made in bulk (one %-format for a document, the spans holding a line break
given as fragments) is the lines made span by span, with the same notes."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.export.brat import BratWriter
from annotator.records import ExportSpan

ALPHABET = st.sampled_from(list("中文县委ab \n\r\x0b\x1c\x85\u2028") + ["𠮷"])


@st.composite
def documents(draw):
    text = draw(st.text(ALPHABET, min_size=1, max_size=40))
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=12, unique=True)))
    spans = tuple(ExportSpan(a, b, draw(st.sampled_from(["SLOGAN", "TARGET"])), text[a:b], "alice", "added", "annotator")
                  for a, b in zip(cuts[::2], cuts[1::2]) if a < b)
    return text, spans


def _writer() -> BratWriter:
    writer = BratWriter.__new__(BratWriter)  # no folder: only the lines are made here
    writer.notes, writer.labels = {}, set()
    return writer


@settings(max_examples=400, deadline=None)
@given(documents())
def test_the_ann_text_in_one_format_is_the_span_by_span_lines(document) -> None:
    text, spans = document
    bulk, one_by_one = _writer(), _writer()
    ann = bulk._plain_ann(text, spans)
    expected = one_by_one._lines(text, spans)
    if ann is None:  # a span of line breaks only: the span-by-span path writes this one
        assert any(not text[s.start:s.end].strip("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029") for s in spans)
        return
    assert ann == "".join(f"{line}\n" for line in expected)
    assert bulk.notes == one_by_one.notes
