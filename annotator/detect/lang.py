"""Character classes and small text helpers shared by the rules (simplified view, both
punctuation widths)."""

from __future__ import annotations

import re
from typing import Iterator

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HAN_CHAR = f"[{HAN}]"
NUMERAL = "一二两三四五六七八九十百千"
# Clause breaks in both widths; the enumeration comma 、 joins items inside a clause.
CLAUSE_BREAKS = ",，;；。！？!?:：\n"
CLAUSE_BREAK = f"[{re.escape(CLAUSE_BREAKS)}]"
QUOTE_PAIRS = {"“": "”", "「": "」", "『": "』", "‘": "’", '"': '"', "《": "》"}
OPEN_QUOTES = "“「『‘\""
CLOSE_QUOTES = "”」』’\""
QUANTITY_NUMBER = rf"(?:\d+(?:\.\d+)?|[零〇{NUMERAL}万亿]+(?:点[零〇一二三四五六七八九]+)?)"

_CLAUSE_SPLIT = re.compile(f"[^{re.escape(CLAUSE_BREAKS)}]+")


def clauses(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each stretch between clause breaks."""
    for match in _CLAUSE_SPLIT.finditer(text):
        yield match.start(), match.end()


def han_count(text: str) -> int:
    return sum(1 for char in text if "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff")
