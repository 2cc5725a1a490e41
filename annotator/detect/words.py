"""Word segmentation for the rules, on short windows only.

The rules never segment a whole text (that would cost more than every rule together); a
few of them ask jieba about a quoted phrase or the few dozen characters before a head noun.
The tokenizer (lexicons as user words) is built on first use and shared by every detector
of the process that uses the same resource files.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from ..resources import Resources

if TYPE_CHECKING:  # pragma: no cover
    from ..segment import Segmenter

_LOCK = threading.Lock()
_BY_FINGERPRINT: dict[str, Segmenter] = {}


class Words:
    """Lazy access to the process-wide segmenter for ``resources``."""

    def __init__(self, resources: Resources):
        self._resources = resources
        self._segmenter: Segmenter | None = None

    def _get(self) -> Segmenter:
        if self._segmenter is None:
            key = self._resources.fingerprint
            with _LOCK:
                if key not in _BY_FINGERPRINT:
                    # jieba loads only when a rule first needs it
                    from ..segment import segmenter_for

                    _BY_FINGERPRINT[key] = segmenter_for(self._resources)
                self._segmenter = _BY_FINGERPRINT[key]
        return self._segmenter

    def tokens(self, text: str) -> list[str]:
        """Dictionary words only (no HMM guessing): unknown stretches fall apart into single
        characters, which is what tells an abbreviation such as 放管服 from a word."""
        return self._get().tokenizer.lcut(text, HMM=False)

    def words(self, text: str) -> list[str]:
        """Words with jieba's guesses for unknown stretches (HMM), as the GUI snaps them."""
        return self._get().words(text)

    def frequency(self, text: str) -> int:
        """How common ``text`` is as one word of the segmenter's dictionary (0: not a word)."""
        return self._get().tokenizer.FREQ.get(text) or 0

    def is_word(self, text: str) -> bool:
        """Whether ``text`` is one entry of the segmenter's dictionary."""
        return bool(self._get().tokenizer.FREQ.get(text))
