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

import ahocorasick_rs
import numpy as np

from ..chinese import simplified_view

# Attribute names are UTF-8 bytes: crfsuite stores them so, and handing it bytes spares the
# encoding of every attribute of every character (ItemSequence: 20% faster on bench_detect's
# text). The names are those the str features had, so models trained on either read both.
Item = tuple[bytes, ...]


class _Utf8(dict):
    """A character (or any string) -> its UTF-8 bytes, encoded once per process."""

    def __missing__(self, key: str) -> bytes:
        value = self[key] = key.encode("utf-8")
        return value


_UTF8 = _Utf8()

# Character classes, one letter each: the shape of numbers, quotes and punctuation matters
# more for these categories than the characters themselves.
_CLASSES = {
    "D": "0123456789０１２３４５６７８９.．%％",
    "N": "零〇一二三四五六七八九十百千万亿两",
    "P": "，。；：！？、,;:!?\n",  # clause punctuation: the clause position counts from these
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

# Class letters as small numbers, so that class n-grams are computed with numpy and named by
# looking them up in a list (no string is built per character).
_SYMBOLS = "^HDNPQBSLO"  # "^" pads beyond the text's ends; anything else (astral: "?") is O
_INDEX = np.full(256, _SYMBOLS.index("O"), dtype=np.int64)
for _number, _symbol in enumerate(_SYMBOLS):
    _INDEX[ord(_symbol)] = _number
del _number, _symbol
_K = len(_SYMBOLS)
# Per value, the attributes it adds: none for the commonest, three Han characters (60% of the
# starter corpus's positions) — one value of a one-hot column can go without loss (the others'
# weights are measured against it), and each attribute fewer is a lookup fewer per tagger.
_TRIGRAMS = [() if a + b + c == "HHH" else (f"h{a}{b}{c}".encode(),) for a in _SYMBOLS for b in _SYMBOLS for c in _SYMBOLS]
_PUNCT = _SYMBOLS.index("P")

_QUOTED = re.compile(r"“[^“”\n]{1,60}”|「[^「」\n]{1,60}」|‘[^‘’\n]{1,60}’")
_TITLED = re.compile(r"《[^《》\n]{1,60}》")
# Distances to the clause's edges, bucketed: a span tends to start right after punctuation.
_BUCKETS = np.array([0, 1, 2, 3, 4, 5, 5, 6, 6, 6] + [7] * 6 + [8] * 16, dtype=np.int64)  # index: distance ≤ 31
_POSITIONS = [f"p{b}{a}".encode() for b in range(10) for a in range(10)] + [b"p--"]  # 100: the punctuation itself
_MARKS = "o<i>"  # outside, opening mark, inside, closing mark
# Cues earlier in the same clause: an honour verb (入选, 荣获), a commitment (确保, 力争), a
# campaign's launching verb (开展, 部署). What follows one up to the clause's end is where an
# honour, an aim or a campaign tends to lie, beyond the taggers' window of a few characters
# (on the starter corpus's 5-fold CV, mean overlap F1 .707 -> .720, HONOUR .705 -> .762).
# One-character entries (要, 将, 获, 在, 以) are left out: they are everywhere.
_CUE_LEXICONS = {"honour_triggers": 1, "commitment_words": 2, "campaign_launch_verbs": 4}  # bits
_CUE_NAMES = tuple("".join(k for b, k in ((1, "h"), (2, "t"), (4, "c")) if bits & b) for bits in range(8))
# Where a cue's reach ends: not at 、 nor ： (lang.CLAUSE_BREAKS has both), since a list after a
# cue (荣获全国…、省级…; 荣誉：…、…) is what the cue introduces.
_CLAUSE_ENDS = re.compile(r"[，。；！？\n,;!?]")
# Quote and title marks, with an "f" where the sentence speaks of plans (the rules' frame: a
# paragraph of plans, a list of aims, a part under a heading of plans) — whether a figure is
# an aim or a result is decided there, beyond the taggers' reach of a few characters — and
# the letters of the cues earlier in the clause. One attribute for all: a column more would
# cost detection a lookup per character.
# Outside every quote, title, plan and cue (46% of the positions): no attribute, as above.
_INSIDE = [(f"q{q}{t}{f}{c}".encode(),) if q + t + f + c != "oo" else ()
           for c in _CUE_NAMES for f in ("", "f") for q in _MARKS for t in _MARKS]


class Matcher:
    """A lexicon's hits in a text: at each position the longest entry, then on after it (the
    leftmost-longest matches a regex alternation of the entries, longest first, finds), by an
    Aho-Corasick automaton (ahocorasick_rs): one pass over the text, where the regex tried the
    entries at every position — the lexicon hits were a quarter of the features' time."""

    def __init__(self, entries: Sequence[str]):
        self._automaton = ahocorasick_rs.AhoCorasick(
            sorted({e for e in entries if e}), matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)

    def spans(self, text: str) -> list[tuple[int, int]]:
        return [(start, end) for _index, start, end in self._automaton.find_matches_as_indexes(text)]


class FeatureExtractor:
    """Built once (compiling the lexicons), applied to many documents."""

    def __init__(self, lexicons: Mapping[str, Sequence[str]], segment=None):
        # Lexicon hits are features named by the lexicon's file stem: stable when files are added.
        self._lexicons = [
            (name, Matcher(entries),
             (f"L{name}B".encode(),), (f"L{name}I".encode(),), (f"L{name}A".encode(),))  # made once, not per hit
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
        here = list(map(_UTF8.__getitem__, view))
        before = [b"^"] + here[:-1]
        classes = _INDEX[np.frombuffer(("^" + view.translate(_CLASS_TABLE) + "^").encode("ascii", "replace"), dtype=np.uint8)]
        trigrams = classes[:-2] * _K * _K + classes[1:-1] * _K + classes[2:]
        columns = [
            here,  # the character itself: the only one-character attribute
            # The bigram ending here: the only two-character attribute. The one starting here
            # was dropped: on the starter corpus's 5-fold CV the taggers did better without it
            # (mean overlap F1 .661 -> .683, every label up) and run 12% faster.
            map(bytes.__add__, before, here),
            map(_POSITIONS.__getitem__, _clause_position(classes[1:-1]).tolist()),
        ]
        if self._segment is not None:
            columns.append(map(_WORD_TAGS.__getitem__, _word_tags(self._segment(view), n)))
        hits = [(name, marks, matcher.spans(view)) for name, matcher, *marks in self._lexicons]
        frame = _inside(view, _QUOTED) * 4 + _inside(view, _TITLED) + 16 * _plans(view) + 32 * _cues(view, hits)
        # the columns that may add nothing at a position are joined on as tuples
        items = list(map(tuple.__add__, map(tuple.__add__, zip(*columns), map(_TRIGRAMS.__getitem__, trigrams.tolist())),
                         map(_INSIDE.__getitem__, frame.tolist())))
        for _name, (first, inside, after), spans in hits:
            for start, end in spans:
                if start == end:
                    continue
                items[start] += first
                for position in range(start + 1, end):
                    items[position] += inside
                if end < n:
                    items[end] += after  # right after a hit: a cue for what follows
        return items


_WORD_TAGS = {tag: f"w{tag}".encode() for tag in "BMES"}


def _word_tags(lengths, n: int) -> str:
    """B/M/E/S of the word holding each character, as one string of the text's length."""
    parts = []
    for length in lengths:
        parts.append("S" if length == 1 else "B" + "M" * (length - 2) + "E")
    tags = "".join(parts)
    return tags if len(tags) == n else (tags + "S" * n)[:n]


def _clause_position(classes: np.ndarray) -> np.ndarray:
    """Per character, 10 × (distance to the previous clause punctuation, bucketed) + the
    distance to the next one; 100 for the punctuation itself."""
    n = len(classes)
    positions = np.arange(n)
    punct = classes == _PUNCT
    previous = np.maximum.accumulate(np.where(punct, positions, -1))
    following = np.minimum.accumulate(np.where(punct, positions, n)[::-1])[::-1]
    # previous[i] is i itself on punctuation; the distance counts characters in between
    since = _BUCKETS[np.minimum(positions - previous - 1, 31)]
    until = _BUCKETS[np.minimum(following - positions - 1, 31)]
    return np.where(punct, 100, since * 10 + until)


def _inside(view: str, pattern: re.Pattern[str]) -> np.ndarray:
    """Where each character sits relative to a quoted (or titled) stretch: 0 outside, 1 the
    opening mark, 2 inside, 3 the closing mark."""
    marks = np.zeros(len(view), dtype=np.int64)
    for match in pattern.finditer(view):
        start, end = match.span()
        marks[start] = 1
        marks[start + 1: end - 1] = 2
        marks[end - 1] = 3
    return marks


def _cues(view: str, hits) -> np.ndarray:
    """Per character, the bits (``_CUE_LEXICONS``) of the kinds of cue that ended before it in
    its clause."""
    n = len(view)
    clause_ends = np.zeros(n + 1, dtype=np.int64)  # -1 just after a clause's end: no cue reaches beyond it
    for match in _CLAUSE_ENDS.finditer(view):
        clause_ends[match.end()] = -1
    positions = np.arange(n + 1)
    cues = np.zeros(n + 1, dtype=np.int64)
    for name, _marks, spans in hits:
        bit = _CUE_LEXICONS.get(name)
        if not bit or not spans:
            continue
        events = clause_ends.copy()
        events[[end for start, end in spans if end - start > 1]] = 1
        latest = np.maximum.accumulate(np.where(events != 0, positions, 0))
        cues |= np.where(events[latest] > 0, bit, 0)
    return cues[:n]


def _plans(view: str) -> np.ndarray:
    """1 where the rules read the text as plans (see :func:`..detect.lang.plan_sentences`,
    ``aims_regions``), else 0; the rules have computed (and cached) them for the same text."""
    from ..detect.lang import aims_regions, plan_sentences

    frame = np.zeros(len(view), dtype=np.int64)
    for start, end in (*plan_sentences(view), *aims_regions(view)):
        frame[start:end] = 1
    return frame


def clause_starts(view: str) -> list[int]:
    """Offsets where a sentence starts (after 。！？；or a line end): training units."""
    starts = [0]
    starts.extend(m.end() for m in re.finditer(r"[。！？；\n]+", view))
    return [s for s in starts if s < len(view)]


def sentence_of(starts: list[int], offset: int) -> int:
    return bisect_left(starts, offset + 1) - 1
