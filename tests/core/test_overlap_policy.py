"""The overlap policy of the detector (annotator.detect.engine): within one label the most
trusted, then longest, then first candidate wins a contested stretch; across labels spans
overlap freely."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.detect.engine import resolve_overlaps
from annotator.records import CandidateSpan


def ranked(candidate: CandidateSpan) -> tuple:
    return (-candidate.score, -(candidate.end - candidate.start), candidate.start, candidate.rule)


def overlap(a: CandidateSpan, b: CandidateSpan) -> bool:
    return a.start < b.end and b.start < a.end


spans = st.builds(
    lambda start, length, label, rule, score: CandidateSpan(start, start + length, label, rule, score),
    st.integers(0, 80), st.integers(1, 20), st.sampled_from(["SLOGAN", "HONOUR"]),
    st.sampled_from(["a", "b"]), st.sampled_from([0.5, 0.7, 0.9]),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(spans, max_size=40))
def test_kept_spans_never_overlap_and_every_dropped_one_lost_to_a_better_one(candidates) -> None:
    kept = resolve_overlaps(candidates)
    assert kept == sorted(kept, key=lambda c: (c.start, c.end, c.label))
    for index, first in enumerate(kept):
        for second in kept[index + 1:]:
            assert first.label != second.label or not overlap(first, second)
    for candidate in candidates:
        if candidate in kept:
            continue
        winners = [k for k in kept if k.label == candidate.label and overlap(k, candidate)]
        assert any(ranked(w) <= ranked(candidate) for w in winners)  # it lost to one ranked before it


def test_a_dense_list_keeps_every_item_and_the_longer_reading_of_a_stretch() -> None:
    """A table of thousands of honours (each its own span) loses none of them, and a span
    covering two of them at equal trust wins over both (the longer reading)."""
    items = [CandidateSpan(3 * i, 3 * i + 3, "HONOUR", "honour:class", 0.8) for i in range(5000)]
    assert resolve_overlaps(items) == items
    pair = CandidateSpan(0, 6, "HONOUR", "honour:class", 0.8)
    kept = resolve_overlaps([pair, *items])
    assert kept[0] == pair and items[0] not in kept and items[1] not in kept and len(kept) == 4999
