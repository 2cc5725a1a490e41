"""The one place where Python code points and Qt's UTF-16 positions meet.

Characters beyond the BMP (CJK Extension B such as 𠮷, emoji) are one code point but two
UTF-16 units. Every offset stored is in code points; every QTextCursor position is in
UTF-16 units; this module converts between them.
"""

from __future__ import annotations

from bisect import bisect_right


class OffsetMap:
    """Conversions for one text. O(1) for BMP-only texts, O(log n) otherwise."""

    def __init__(self, text: str):
        # Code point offsets of the astral characters, in order.
        self._astral = [i for i, char in enumerate(text) if ord(char) > 0xFFFF]
        self._length = len(text)

    def to_qt(self, offset: int) -> int:
        """A code point offset → the UTF-16 position Qt uses."""
        if not self._astral:
            return offset
        return offset + bisect_right(self._astral, offset - 1)

    def from_qt(self, position: int) -> int:
        """A UTF-16 position → the code point offset; a position inside a surrogate pair
        rounds down to the start of its character."""
        if not self._astral:
            return position
        low, high = 0, self._length
        while low < high:  # the largest offset whose Qt position is <= position
            middle = (low + high + 1) // 2
            if self.to_qt(middle) <= position:
                low = middle
            else:
                high = middle - 1
        return low
