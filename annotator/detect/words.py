"""Word segmentation for the rules, on short windows only.

The rules never segment a whole text (that would cost more than every rule together); a
few of them ask jieba about a quoted phrase or the few dozen characters before a head noun.
The tokenizer (lexicons as user words) is built on first use and shared by every detector
of the process that uses the same resource files.

The windows repeat: the same quoted phrase, the same few characters before a head noun, within
a text and across a corpus's texts. Their segmentation is remembered (a bounded cache per
segmenter; jieba's answer for a string never changes once the tokenizer is built), which took
the rules' jieba time on the benchmark corpus from about a sixth of their time to a few per cent.
Long texts (a model's features segment the whole text) are not kept.
"""

from __future__ import annotations

import functools
import threading
from typing import TYPE_CHECKING, Callable

from ..resources import Resources

if TYPE_CHECKING:  # pragma: no cover
    from ..segment import Segmenter

_LOCK = threading.Lock()
_BY_FINGERPRINT: dict[str, Segmenter] = {}
_CACHED_LENGTH = 64  # windows and quotes are short; a whole text is segmented once anyway
_CACHE_SIZE = 8192
Memo = Callable[[str], tuple[str, ...]]
_MEMOS: dict[str, tuple[Memo, Memo]] = {}  # per fingerprint, beside its segmenter


def _memos(segmenter: Segmenter) -> tuple[Memo, Memo]:
    """Remembered dictionary-only and HMM segmentations of short strings."""
    tokenizer = segmenter.tokenizer
    return (
        functools.lru_cache(maxsize=_CACHE_SIZE)(lambda text: tuple(tokenizer.lcut(text, HMM=False))),
        functools.lru_cache(maxsize=_CACHE_SIZE)(lambda text: tuple(segmenter.words(text))),
    )


class Words:
    """Lazy access to the process-wide segmenter for ``resources``."""

    def __init__(self, resources: Resources):
        self._resources = resources
        self._segmenter: Segmenter | None = None
        self._tokens = self._words = None

    def _get(self) -> Segmenter:
        if self._segmenter is None:
            key = self._resources.fingerprint
            with _LOCK:
                if key not in _BY_FINGERPRINT:
                    # jieba loads only when a rule first needs it
                    from ..segment import segmenter_for

                    _BY_FINGERPRINT[key] = segmenter_for(self._resources)
                    _MEMOS[key] = _memos(_BY_FINGERPRINT[key])
                self._segmenter = _BY_FINGERPRINT[key]
                self._tokens, self._words = _MEMOS[key]
        return self._segmenter

    def tokens(self, text: str) -> list[str]:
        """Dictionary words only (no HMM guessing): unknown stretches fall apart into single
        characters, which is what tells an abbreviation such as 放管服 from a word."""
        segmenter = self._get()
        if len(text) > _CACHED_LENGTH:
            return segmenter.tokenizer.lcut(text, HMM=False)
        return list(self._tokens(text))  # a fresh list: callers may pop from it

    def words(self, text: str) -> list[str]:
        """Words with jieba's guesses for unknown stretches (HMM), as the GUI snaps them."""
        segmenter = self._get()
        if len(text) > _CACHED_LENGTH:
            return segmenter.words(text)
        return list(self._words(text))

    def frequency(self, text: str) -> int:
        """How common ``text`` is as one word of the segmenter's dictionary (0: not a word)."""
        return self._get().tokenizer.FREQ.get(text) or 0

    def is_word(self, text: str) -> bool:
        """Whether ``text`` is one entry of the segmenter's dictionary."""
        return bool(self._get().tokenizer.FREQ.get(text))
