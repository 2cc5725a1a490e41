"""Chinese word segmentation: one jieba tokenizer per process, lexicons as its user words.

Detection does not segment whole texts (that would cost more than all the rules together);
the tokenizer serves word boundaries for snapping span edges in the GUI, for campaign
modifiers in short windows, and for token-level exports. ``jieba.posseg`` is never used:
it is about 80 times slower than plain segmentation.
"""

from __future__ import annotations

import functools
import logging
from typing import Iterable

import jieba

from .resources import Resources, load_resources

# Lexicons whose entries are words to keep whole (verbs and heads too: a boundary before a
# head noun such as 专项整治 is exactly where a campaign's modifier ends).
USER_WORD_LEXICONS = (
    "slogans", "campaign_heads", "campaign_launch_verbs", "honour_heads", "honour_triggers",
    "negative_awards", "commitment_words", "achievement_verbs",
)
_USER_WORD_FREQ = 200_000  # high enough that jieba prefers the whole word


class Segmenter:
    def __init__(self, user_words: Iterable[str] = ()):
        jieba.setLogLevel(logging.WARNING)  # jieba prints its loading chatter otherwise
        self.tokenizer = jieba.Tokenizer()
        self.tokenizer.initialize()
        for word in user_words:
            if len(word) > 1 and "、" not in word:
                self.tokenizer.add_word(word, freq=_USER_WORD_FREQ)

    def words(self, text: str) -> list[str]:
        return self.tokenizer.lcut(text, HMM=True)

    def boundaries(self, text: str) -> list[int]:
        """Every offset where a word starts or ends, 0 and len(text) included, sorted."""
        edges = {0, len(text)}
        for _, start, end in self.tokenizer.tokenize(text, HMM=True):
            edges.add(start)
            edges.add(end)
        return sorted(edges)


@functools.cache
def default_segmenter() -> Segmenter:
    """The process-wide segmenter with the default resources' lexicons."""
    return segmenter_for(load_resources())


def segmenter_for(resources: Resources) -> Segmenter:
    words = (w for name in USER_WORD_LEXICONS if name in resources.lexicons for w in resources.lexicons[name])
    return Segmenter(words)
