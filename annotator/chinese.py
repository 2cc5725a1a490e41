"""Simplified and traditional characters, one character at a time.

We ask OpenCC (the standard conversion library) about each distinct character once and cache
the answer. Character-by-character mapping keeps offsets: the simplified view of a text has
the same length as the text, so a match found in the view lands on the original characters.
"""

from __future__ import annotations

import functools
from collections import Counter

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


def simplified_view(text: str) -> str:
    """``text`` with every character mapped to simplified; same length, same offsets."""
    return text.translate(_simplify_table())


def is_han(char: str) -> bool:
    code = ord(char)
    return 0x3400 <= code <= 0x9FFF or 0x20000 <= code <= 0x3FFFF or 0xF900 <= code <= 0xFAFF


def detect_script(text: str) -> str:
    """``"traditional"`` when traditional-only characters outnumber simplified-only ones,
    ``"simplified"`` when the text has Han characters otherwise, ``"none"`` without any.

    Most characters are shared by both scripts, so only the ones that differ vote.
    """
    traditional_votes = simplified_votes = 0
    han = False
    for char, count in Counter(text).items():
        if not is_han(char):
            continue
        han = True
        if to_simplified_char(char) != char:
            traditional_votes += count
        elif to_traditional_char(char) != char:
            simplified_votes += count
    if not han:
        return NO_HAN
    return TRADITIONAL if traditional_votes > simplified_votes else SIMPLIFIED
