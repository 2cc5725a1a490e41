"""Simplified and traditional characters, one character at a time.

We ask OpenCC (the standard conversion library) about each distinct character once and cache
the answer. Character-by-character mapping keeps offsets: the simplified view of a text has
the same length as the text, so a match found in the view lands on the original characters.
"""

from __future__ import annotations

import functools
import re
import sys
from typing import Iterable

import opencc

SIMPLIFIED = "simplified"
TRADITIONAL = "traditional"
NO_HAN = "none"


@functools.cache
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def to_simplified_char(char: str) -> str:
    """The simplified form of one character (itself if it has none or maps to several)."""
    return _simplify_table().get(ord(char), char)


@functools.cache
def to_traditional_char(char: str) -> str:
    converted = _converter("s2t").convert(char)
    return converted if len(converted) == 1 else char


# Han blocks whose characters may have a simplified form (URO, Ext. A, compatibility, Ext. B).
_HAN_BLOCKS = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2A6DF))


@functools.cache
def _simplify_table() -> dict[int, str]:
    """A str.translate table: traditional character → its single simplified character.

    Built with one OpenCC call over every Han character, one per line, so phrase rules
    cannot fire across characters: the mapping is strictly character by character.
    """
    chars = [chr(code) for first, last in _HAN_BLOCKS for code in range(first, last + 1)]
    converted = _converter("t2s").convert("\n".join(chars)).split("\n")
    if len(converted) != len(chars):  # never seen; fall back to asking one at a time
        converted = [_converter("t2s").convert(char) for char in chars]
    return {ord(a): b for a, b in zip(chars, converted) if a != b and len(b) == 1}


_LAST_VIEW: tuple[str, str] = ("", "")  # (text, its view): the rules and the model ask for the same text in turn


def simplified_view(text: str) -> str:
    """``text`` with every character mapped to simplified; same length, same offsets."""
    global _LAST_VIEW
    last_text, last_view = _LAST_VIEW  # one read of the pair: safe when threads share it
    if text is last_text:
        return last_view
    view = text.translate(_simplify_table())
    _LAST_VIEW = (text, view)
    return view


def is_han(char: str) -> bool:
    code = ord(char)
    return 0x3400 <= code <= 0x9FFF or 0x20000 <= code <= 0x3FFFF or 0xF900 <= code <= 0xFAFF


@functools.cache
def _script_patterns() -> tuple["_CharClass", "_CharClass"]:
    """Characters that only one script uses: the voters of :func:`detect_script`.

    A traditional character with a simplified form votes traditional unless it is also a
    standard simplified character (in GB2312, e.g. 著 as in 著名); a simplified character
    with a traditional form votes simplified unless Big5 has it too.
    """
    chars = [chr(code) for first, last in _HAN_BLOCKS for code in range(first, last + 1)]
    converted = _converter("s2t").convert("\n".join(chars)).split("\n")
    table = _simplify_table()
    traditional = {chr(code) for code in table if not _encodable(chr(code), "gb2312")}
    simplified = {
        a for a, b in zip(chars, converted)
        if a != b and len(b) == 1 and ord(a) not in table and not _encodable(a, "big5")
    }
    return _CharClass(traditional), _CharClass(simplified)


def _encodable(char: str, encoding: str) -> bool:
    try:
        char.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


class _CharClass:
    """Counts occurrences of a set of characters. Characters beyond the BMP get their own
    pattern, searched only in texts that have any: mixed into one class they make ``re``
    fall back to a slow scan."""

    def __init__(self, chars: set[str]):
        self.bmp = _pattern(c for c in chars if ord(c) <= 0xFFFF)
        self.astral = _pattern(c for c in chars if ord(c) > 0xFFFF)

    def count(self, text: str) -> int:
        found = len(self.bmp.findall(text))
        if _may_have_astral(text):
            found += len(self.astral.findall(text))
        return found


def _pattern(chars: Iterable[str]) -> re.Pattern[str]:
    return re.compile("[" + "".join(re.escape(c) for c in sorted(chars)) + "]")


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def _may_have_astral(text: str) -> bool:
    """False only when ``text`` surely has no character beyond the BMP, in O(1).

    CPython stores a string with 4 bytes per character exactly when one is beyond the BMP,
    so a string smaller than 4 bytes per character has none. Scanning would cost as much
    as the count itself.
    """
    try:
        return sys.getsizeof(text) >= 4 * (len(text) + 1) and bool(_ASTRAL.search(text))
    except TypeError:  # an interpreter without getsizeof for str
        return bool(_ASTRAL.search(text))


_PREFIX = 1000
_ANY_HAN = re.compile("[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]")


def detect_script(text: str) -> str:
    """``"traditional"`` when traditional-only characters outnumber simplified-only ones,
    ``"simplified"`` when the text has Han characters otherwise, ``"none"`` without any.

    Most characters are shared by both scripts, so only the ones that differ vote.
    """
    if not _ANY_HAN.search(text):
        return NO_HAN
    traditional, simplified = _script_patterns()
    traditional_votes = traditional.count(text)
    if traditional_votes == 0:  # the common case for mainland news: one pass is enough
        return SIMPLIFIED
    # Counts only grow, so a prefix that already out-votes the traditional characters
    # decides exactly as the whole text would, at a fraction of the cost.
    if simplified.count(text[:_PREFIX]) >= traditional_votes:
        return SIMPLIFIED
    return TRADITIONAL if traditional_votes > simplified.count(text) else SIMPLIFIED


# ---------------------------------------------------------------- search in either script


def search_variants(query: str) -> list[str]:
    """The spellings of ``query`` worth searching for: as typed, simplified, and traditional
    (OpenCC's phrase-aware conversion, then character by character), without repeats.

    A simplified query finds a traditional article and the other way round; the index
    searched stores the text as written, so the query is what varies.
    """
    variants = [query, simplified_view(query), _converter("s2t").convert(query), "".join(map(to_traditional_char, query))]
    return [v for i, v in enumerate(variants) if v and len(v) == len(query) and v not in variants[:i]]


def _fold(text: str) -> str:
    """Simplified and lower-cased, character by character: the same length as ``text``."""
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in simplified_view(text))


def find_all(text: str, query: str) -> list[tuple[int, int]]:
    """Every occurrence of ``query`` in ``text`` (code point offsets), whatever the script
    and ASCII case of either: both are compared in their simplified, lower-cased view."""
    query = query.strip()
    if not query:
        return []
    haystack, needle = _fold(text), _fold(query)
    found, start = [], haystack.find(needle)
    while start >= 0:
        found.append((start, start + len(needle)))
        start = haystack.find(needle, start + len(needle))
    return found


def scan_variants(query: str, limit: int = 16) -> list[str]:
    """Spellings of ``query`` for a plain substring scan: every mix of each character's
    forms (as typed, simplified, traditional) while there are at most ``limit`` of them (so
    a short query finds 奮斗 as well as 奮鬥), else the whole-query variants."""
    forms = [sorted({c, to_simplified_char(c), to_traditional_char(c)}) for c in query]
    count = 1
    for choices in forms:
        count *= len(choices)
    if count > limit:
        return search_variants(query)
    spellings = [""]
    for choices in forms:
        spellings = [s + c for s in spellings for c in choices]
    return [query, *sorted(set(spellings) - {query})]
