"""CoNLL: BIO tags, one unit (a character, or a jieba word) a line, a blank line after each document.

Two shapes, both tab-separated:

- by default ``TOKEN<TAB>TAG`` and nothing else, which is what doccano's CoNLL importer reads
  (``data_import/pipeline/parsers.py``, ``CoNLLParser``: every non-blank line must be exactly
  two tab-separated columns, so a comment line is refused at line 1) and what CoNLL-2003-style
  readers read;
- with ``comments`` (``--conll-comments``), ``# doc_id = …`` and ``# annotator = …`` lines
  start each document and every token line starts with its number (``ID<TAB>TOKEN<TAB>TAG``,
  as in CoNLL-U): a comment-aware reader (``conllu``) takes any line starting with ``#`` as a
  comment, and a ``#`` token would be swallowed if it could start a line.

Whitespace units are not written (a blank token cannot be a column); a unit touching a span is
in it; B- marks the first unit written of each span.
"""

from __future__ import annotations

import bisect
import itertools
import operator
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

from ..errors import AnnotatorError
from ..records import ExportSpan
from .model import ExportRecord
from .writers import Writer

Units = Callable[[str], Iterator[tuple[str, int, int]]]


def bio_spans(spans: Sequence[ExportSpan]) -> tuple[list[ExportSpan], int]:
    """BIO cannot overlap: keep the longer span (then the earlier), drop what overlaps it.
    Returns the kept spans (by start) and how many were dropped."""
    # the usual case: the spans come by start and nothing overlaps (each end against the next
    # start, compared in C; as every span ends after it starts, that also proves the order)
    if all(map(operator.le, map(_END, spans), map(_START, itertools.islice(spans, 1, None)))):
        return list(spans), 0
    by_start = sorted(spans, key=_START)
    if all(map(operator.le, map(_END, by_start), map(_START, itertools.islice(by_start, 1, None)))):
        return by_start, 0
    kept: list[ExportSpan] = []  # sorted by start, never overlapping: only neighbours can overlap a newcomer
    starts: list[int] = []
    for span in sorted(spans, key=lambda s: (-(s.end - s.start), s.start, s.label)):
        place = bisect.bisect_right(starts, span.start)
        if place and kept[place - 1].end > span.start:
            continue
        if place < len(kept) and kept[place].start < span.end:
            continue
        kept.insert(place, span)
        starts.insert(place, span.start)
    return kept, len(spans) - len(kept)


_START, _END, _LABEL = operator.itemgetter(0), operator.itemgetter(1), operator.itemgetter(2)  # of an ExportSpan
_BOUNDS = operator.itemgetter(0, 1, 2)  # start, end, label


def characters(text: str) -> Iterator[tuple[str, int, int]]:
    return ((char, index, index + 1) for index, char in enumerate(text))


def jieba_words(text: str) -> Iterator[tuple[str, int, int]]:
    from ..segment import default_segmenter

    for word, start, end in default_segmenter().tokenizer.tokenize(text, HMM=True):
        yield from _split_on_whitespace(word, start)


def _split_on_whitespace(word: str, start: int) -> Iterator[tuple[str, int, int]]:
    """A word holding whitespace (jieba keeps "a b" together at times) as its non-blank pieces:
    a column cannot hold a tab, and a space would not survive a reader that strips."""
    piece_start = None
    for offset, char in enumerate(word + " "):
        if char.isspace():
            if piece_start is not None:
                yield word[piece_start:offset], start + piece_start, start + offset
                piece_start = None
        elif piece_start is None:
            piece_start = offset


class ConllWriter(Writer):
    suffix = ".conll"

    def __init__(self, path: Path, tokens: str = "char", **settings: Any):
        super().__init__(path, tokens, **settings)
        self.units: Units = jieba_words if tokens == "jieba" else characters

    def write(self, record: ExportRecord) -> None:
        spans, dropped = bio_spans(record.spans)
        self.note("overlapping spans dropped", dropped)
        if self.units is characters and not self.comments:
            block = _character_block(record.text, spans)
            if not block:
                self.note("documents without a token (written as nothing)")
                return
            self.handle.write(block.encode("utf-8"))  # no copy of the block to add the blank line
            self.handle.write(b"\n")
            return
        owner = [-1] * len(record.text)  # which kept span covers each character
        for index, span in enumerate(spans):
            _check_label(span.label)
            owner[span.start: span.end] = [index] * (span.end - span.start)
        lines = [f"# doc_id = {record.doc_id}", f"# annotator = {record.layer}"] if self.comments else []
        previous, number = -1, 0
        for token, start, end in self.units(record.text):
            if not token.strip():
                continue  # whitespace is not written, and so never carries a B- tag
            index = next((o for o in owner[start:end] if o >= 0), -1)  # a unit touching a span is in it
            tag = "O" if index < 0 else f"{'I' if index == previous else 'B'}-{spans[index].label}"
            number += 1
            lines.append(f"{number}\t{token}\t{tag}" if self.comments else f"{token}\t{tag}")
            previous = index
        if number == 0:
            self.note("documents without a token (written as nothing)")
            return  # an empty block would be read as an empty document, or end the file early
        self.handle.write(("\n".join(lines) + "\n\n").encode("utf-8"))


def _character_block(text: str, spans: list[ExportSpan]) -> str:
    """The lines of a document, one character each, whitespace left out (as str.split()
    drops it). Built in C a document at a time: every written character as an O line, by one
    ``str.replace`` of the empty string (which puts "\\tO\\n" before every character and after
    the last: the line of written character k starts at 4k + 3), cut at the spans' first
    characters; the stretch after a span's B tag (its other lines, then the O lines up to the
    next span) has the span's count of O tags replaced, from the left. One slice and one
    replace a span, no string object per character. ``spans`` do not overlap and are sorted
    by start; their offsets are turned into offsets in the written characters on the way, by
    counting the whitespace passed (``_blanks``: sorted, so one walk serves every span)."""
    pieces = text.split()
    written = "".join(pieces)
    lines = written.replace("", _O_TAG)
    blanks = iter(_blanks(text, pieces, len(text) - len(written)) if len(written) < len(text) else ())
    blank = next(blanks, _BEYOND)  # the next whitespace not yet passed
    passed = 0  # whitespace characters before it
    tags = _TAGS
    parts: list[str] = []
    append = parts.append
    position, inside, count = 3, _O_TAG, 0  # where the lines not yet taken start; the last span's I tag and I lines
    for start, end, label in map(_BOUNDS, spans):
        begin, span_inside = tags.get(label) or _tags(label)
        while blank < start:
            passed, blank = passed + 1, next(blanks, _BEYOND)
        first = start - passed  # whitespace at the start is passed over: B goes on the first written character
        while blank < end:
            passed, blank = passed + 1, next(blanks, _BEYOND)
        if end - passed == first:
            continue  # whitespace only: nothing written
        # "\tO\n" is found only where it ends a line (no written character is a tab or a line break)
        append(lines[position: 4 * first + 4].replace(_O_TAG, inside, count))
        append(begin)
        position, inside, count = 4 * first + 7, span_inside, end - passed - first - 1
    append(lines[position:].replace(_O_TAG, inside, count))
    return "".join(parts)


_O_TAG = "\tO\n"
_BEYOND = float("inf")  # past every offset: no whitespace left (whatever a span holds, the walk ends)
_TAGS: dict[str, tuple[str, str]] = {}  # label -> its B- and I- line ends


def _tags(label: str) -> tuple[str, str]:
    _check_label(label)  # once for each new label (a label that fails is never kept)
    return _TAGS.setdefault(label, (f"\tB-{label}\n", f"\tI-{label}\n"))


def _blanks(text: str, pieces: list[str], count: int) -> list[int]:
    """Where the ``count`` whitespace characters of ``text`` are, ``pieces`` being its
    ``split()``. When every run of whitespace is one character (a paragraph's end, a space
    between words) the places follow from the pieces' lengths, summed in C, without a look
    at the text; otherwise the usual kinds are searched for, one kind at a time."""
    leading, trailing = int(text[:1].isspace()), int(text[-1:].isspace())
    if pieces and count == len(pieces) - 1 + leading + trailing:  # one character a run: no run is longer
        # the whitespace after piece i is at leading + (the lengths of pieces 0..i) + i
        ends = itertools.islice(itertools.accumulate(map(len, pieces), initial=leading), 1, None)
        after = list(map(operator.add, ends, range(len(pieces) - 1 + trailing)))
        return [0, *after] if leading else after
    found: list[int] = []
    find = text.find
    for kind in _USUAL_WHITESPACE:  # each found by str.find, in C, rather than every character tested
        place = find(kind)
        while place >= 0:
            found.append(place)
            place = find(kind, place + 1)
        if len(found) == count:
            return sorted(found)
    return [match.start() for match in _WHITESPACE.finditer(text)]  # a rarer kind of whitespace


_USUAL_WHITESPACE = ("\n", " ", "\u3000", "\xa0", "\r", "\t")  # in Chinese articles: paragraphs, indents, spaces


_WHITESPACE = re.compile(r"\s")  # what str.split() splits at (both ask Py_UNICODE_ISSPACE)


@lru_cache(maxsize=1024)  # a codebook's few labels, checked once each rather than once a span
def _check_label(label: str) -> None:
    if any(char.isspace() for char in label):
        raise AnnotatorError(f"label {label!r} holds whitespace: it cannot be a CoNLL tag; rename it in the codebook")
