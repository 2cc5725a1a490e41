"""Character features for the span taggers, computed for a whole document at once.

Every feature is a short string; one position's features are a tuple of them. Columns are
built with ``map``/``zip`` over the text (C loops), never with a Python loop per character,
because detection with the model must stay within twice a bare ``jieba.lcut`` of the text.
Features are computed on the simplified view (same length, same offsets), so a model trained
on simplified articles reads traditional ones too.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import Mapping, Sequence

from ..chinese import simplified_view

Item = tuple[str, ...]

# Character classes, one letter each: the shape of numbers, quotes and punctuation matters
# more for these categories than the characters themselves.
_CLASSES = {
    "D": "0123456789０１２３４５６７８９.．%％",
    "N": "零〇一二三四五六七八九十百千万亿两",
    "P": "，。；：！？、,;:!?\n",
    "Q": "“”‘’「」『』\"'",
    "B": "《》〈〉（）()【】[]",
    "S": " \t\u3000",
}
_CLASS_TABLE: list[str] = ["O"] * 0x10000
for _code in range(0x3400, 0xA000):
    _CLASS_TABLE[_code] = "H"
for _code in range(ord("A"), ord("z") + 1):
    _CLASS_TABLE[_code] = "L" if chr(_code).isalpha() else "O"
for _letter, _chars in _CLASSES.items():
    for _char in _chars:
        _CLASS_TABLE[ord(_char)] = _letter
del _code, _letter, _chars, _char

_CLAUSE_END = re.compile(r"[，。；：！？、,;:!?\n]")
_QUOTED = re.compile(r"“[^“”\n]{1,60}”|「[^「」\n]{1,60}」|‘[^‘’\n]{1,60}’")
_TITLED = re.compile(r"《[^《》\n]{1,60}》")
# Distances to the clause's edges, bucketed: a span tends to start right after punctuation.
_BUCKETS = "0123455666777777" + "8" * 16  # index = distance (capped at 31)
_EDGE = ("^", "^")  # padding beyond the text's ends


class FeatureExtractor:
    """Built once (compiling the lexicons), applied to many documents."""

    def __init__(self, lexicons: Mapping[str, Sequence[str]], segment=None):
        # Lexicon hits are features named by the lexicon's file stem: stable when files are added.
        self._lexicons = [
            (name, re.compile("|".join(re.escape(e) for e in sorted(entries, key=lambda e: (-len(e), e)))))
            for name, entries in sorted(lexicons.items()) if entries
        ]
        self._segment = segment  # text -> iterable of word lengths; None: no word features

    def __call__(self, text: str) -> list[Item]:
        return self.features(text)

    def features(self, text: str) -> list[Item]:
        view = simplified_view(text)
        n = len(view)
        if n == 0:
            return []
        padded = "^^" + view + "$$"
        classes = "^^" + view.translate(_CLASS_TABLE) + "$$"
        c = [padded[k: k + n] for k in range(5)]  # c[2] is the character itself
        k = [classes[j: j + n] for j in range(5)]
        columns = [
            map("c".__add__, c[2]),
            map("f".__add__, map(str.__add__, c[1], c[2])),
            map("g".__add__, map(str.__add__, c[2], c[3])),
            map("h".__add__, map(str.__add__, map(str.__add__, k[1], k[2]), k[3])),
            map("i".__add__, map(str.__add__, map(str.__add__, k[0], k[1]), map(str.__add__, k[3], k[4]))),
            _clause_position(view),
            map(str.__add__, _inside(view, _QUOTED, "q"), _inside(view, _TITLED, "t")),
        ]
        if self._segment is not None:
            tags = _word_tags(self._segment(view), n)
            columns.append(map("w".__add__, tags))
        items = list(zip(*columns))
        for name, pattern in self._lexicons:
            for match in pattern.finditer(view):
                start, end = match.span()
                if start == end:
                    continue
                items[start] = items[start] + (f"L{name}B",)
                for position in range(start + 1, end):
                    items[position] = items[position] + (f"L{name}I",)
                if end < n:
                    items[end] = items[end] + (f"L{name}A",)  # right after a hit: a cue for what follows
        return items


def _word_tags(lengths, n: int) -> str:
    """B/M/E/S of the word holding each character, as one string of the text's length."""
    parts = []
    for length in lengths:
        parts.append("S" if length == 1 else "B" + "M" * (length - 2) + "E")
    tags = "".join(parts)
    return tags if len(tags) == n else (tags + "S" * n)[:n]


def _clause_position(view: str) -> list[str]:
    """Distance to the previous and to the next clause punctuation, bucketed, as one feature."""
    n = len(view)
    ends = [m.start() for m in _CLAUSE_END.finditer(view)]
    before: list[str] = []
    after: list[str] = []
    previous = -1
    for end in ends + [n]:
        ramp = _ramp(end - previous - 1)  # the clause between two punctuation marks
        before.append(ramp)
        after.append(ramp[::-1])
        if end < n:
            before.append("p")
            after.append("p")
        previous = end
    return list(map("p".__add__, map(str.__add__, "".join(before), "".join(after))))


def _ramp(width: int) -> str:
    ramp = _BUCKETS[:width]
    return ramp + "8" * (width - len(ramp))


def _inside(view: str, pattern: re.Pattern[str], letter: str) -> list[str]:
    """Where each character sits relative to a quoted (or titled) stretch: o(utside), the
    opening mark, inside, the closing mark."""
    marks = ["o"] * len(view)
    for match in pattern.finditer(view):
        start, end = match.span()
        marks[start] = "<"
        marks[start + 1: end - 1] = ["i"] * (end - start - 2)
        marks[end - 1] = ">"
    return list(map(letter.__add__, marks))


def clause_starts(view: str) -> list[int]:
    """Offsets where a sentence starts (after 。！？；or a line end): training units."""
    starts = [0]
    starts.extend(m.end() for m in re.finditer(r"[。！？；\n]+", view))
    return [s for s in starts if s < len(view)]


def sentence_of(starts: list[int], offset: int) -> int:
    return bisect_left(starts, offset + 1) - 1
