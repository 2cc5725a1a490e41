"""Character classes and small text helpers shared by the rules (simplified view, both
punctuation widths)."""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from typing import Iterator

from ..resources import Resources

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HAN_CHAR = f"[{HAN}]"
NUMERAL = "一二两三四五六七八九十百千"
# Clause breaks in both widths; the enumeration comma 、 joins items inside a clause.
CLAUSE_BREAKS = ",，;；。！？!?:：\n﹐﹔"
CLAUSE_BREAK = f"[{re.escape(CLAUSE_BREAKS)}]"
# Sentence breaks: a semicolon closes a sentence-like unit too (lists of measures).
SENTENCE_BREAKS = "。！？!?;；\n﹔"
QUOTE_PAIRS = {"“": "”", "「": "」", "『": "』", "‘": "’", '"': '"', "《": "》"}
OPEN_QUOTES = "“「『‘\""
CLOSE_QUOTES = "”」』’\""
QUANTITY_NUMBER = rf"(?:\d+(?:\.\d+)?|[零〇{NUMERAL}万亿]+(?:点[零〇一二三四五六七八九]+)?)"
# Arabic numbers, and Chinese numbers only when they carry a magnitude (百亿, 三千万): a bare
# 一 / 十 / 两 is far more often part of a word (一个时期, 十个突破) than a quantity.
ARABIC_NUMBER = r"(?<![\d.\-A-Za-z第])\d+(?:\.\d+)?"
CHINESE_MAGNITUDE_NUMBER = rf"(?<![{NUMERAL}第])[零〇一二两三四五六七八九十]*[百千万亿][零〇一二两三四五六七八九十百千万亿]*"

# 要 and 将 as modal verbs (要完成, 将达到), not inside 重要, 主要, 需要, 将军.
MODAL_REQUIRE = r"(?<![重主需只必摘纲提简紧概想])要(?![素求闻点件])"
MODAL_WILL = r"(?<![即必])将(?![军领士])"

_CLAUSE_SPLIT = re.compile(f"[^{re.escape(CLAUSE_BREAKS)}]+")
_SENTENCE_SPLIT = re.compile(f"[^{re.escape(SENTENCE_BREAKS)}]+")
_OPENER = re.compile("[“「『‘\"]")
_QUOTE_STOP = frozenset("。！？!?\n")


def clauses(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """(start, end) of each stretch between clause breaks."""
    for match in _CLAUSE_SPLIT.finditer(text, start, len(text) if end is None else end):
        yield match.start(), match.end()


def sentences(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each stretch between sentence breaks (。！？；, line ends)."""
    for match in _SENTENCE_SPLIT.finditer(text):
        yield match.start(), match.end()


# A heading that announces a list of aims: 主要预期目标是: / 目标任务为： / 主要指标： (the colon
# is required). What follows it, up to the end of the sentence (。！？) or the paragraph, is a
# list of aims, its items separated by ；, ， or 、 — each an indicator with its figure.
_AIMS_HEADING = re.compile(
    r"(?:目标|任务|指标|计划)(?:任务)?(?:是|为|如下)?[:：]"
)
_AIMS_END = re.compile(r"[。！？!?\n]")
_NOT_AIMS = re.compile(r"完成|实现了|超额|情况|回顾|成效|成绩")


def aims_regions(view: str) -> list[tuple[int, int]]:
    """(start, end) of each list of aims after an aims heading (see ``_AIMS_HEADING``); a
    heading about aims met (完成情况, 超额完成) announces results, not aims."""
    regions = []
    for heading in _AIMS_HEADING.finditer(view):
        line_start = max(view.rfind(c, 0, heading.start()) for c in "。！？!?\n;；") + 1
        if _NOT_AIMS.search(view, line_start, heading.start()):
            continue
        stop = _AIMS_END.search(view, heading.end())
        end = stop.start() if stop else len(view)
        if not view[heading.end(): end].strip():
            end = _listed_lines_end(view, end)  # 主要目标是：⏎ one aim per line
        regions.append((heading.end(), end))
    return regions


_MAX_AIM_LINES, _MAX_AIM_LINE = 12, 120


def _listed_lines_end(view: str, position: int) -> int:
    """The end of the lines of a list that starts on the next line: up to a blank line or a
    line too long to be one item."""
    end = position
    for _ in range(_MAX_AIM_LINES):
        if end >= len(view) or view[end] != "\n":
            break
        line_end = view.find("\n", end + 1)
        line_end = len(view) if line_end == -1 else line_end
        line = view[end + 1: line_end]
        if not line.strip() or len(line) > _MAX_AIM_LINE:
            break
        end = line_end
    return end


# A sentence that speaks of a plan or its aims: a bound set later in it is an aim.
AIM_CONTEXT = re.compile(r"预期目标|目标|规划|纲要|计划")
# A quantity held to a bound: 控制在5.5%以内, 稳定在…以上, 保持在…左右.
BOUNDED = re.compile(r"(?:控制|稳定|保持|维持)在[^，,；;。]{0,12}?(?:以内|以下|以上|左右)")


class Regions:
    """Membership of positions in a few stretches of text."""

    def __init__(self, regions: list[tuple[int, int]]):
        self.regions = regions

    def covers(self, start: int, end: int) -> bool:
        return bool(self.regions) and any(a <= start and end <= b for a, b in self.regions)


def han_count(text: str) -> int:
    return sum(1 for char in text if "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff")


def is_han(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"


def strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without surrounding white space."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


@dataclass(frozen=True)
class Quote:
    """A matched pair of quote marks: ``open`` is the opening mark, ``close`` the closing one."""

    open: int
    close: int

    @property
    def inner(self) -> tuple[int, int]:
        return self.open + 1, self.close

    @property
    def end(self) -> int:
        return self.close + 1


@functools.lru_cache(maxsize=8)
def quotes(view: str, max_inner: int = 60) -> tuple[Quote, ...]:
    """Matched quote pairs (“ ” 「 」 『 』 ‘ ’ and ASCII "), left to right, not nested.

    A pair never crosses a sentence end; an opener without its closer is skipped. Every
    rule family asks for the quotes of the same text: they are found once (cached).
    """
    return tuple(_find_quotes(view, max_inner))


def _find_quotes(view: str, max_inner: int) -> list[Quote]:
    found: list[Quote] = []
    position = 0
    length = len(view)
    while match := _OPENER.search(view, position):
        opener = match.start()
        closer_char = QUOTE_PAIRS[view[opener]]
        close = view.find(closer_char, opener + 1, min(length, opener + max_inner + 2))
        if close <= opener + 1:
            position = opener + 1
            continue
        inner = view[opener + 1: close]
        if _QUOTE_STOP.intersection(inner) or (closer_char != view[opener] and view[opener] in inner):
            position = opener + 1
            continue
        found.append(Quote(opener, close))
        position = close + 1
    return found


def lexicon_alternation(resources: Resources, name: str, required: bool = True) -> str:
    """A regex alternation of a lexicon's entries (longest first); never matches when the
    lexicon is empty, or missing and not ``required``."""
    entries = resources.lexicon(name) if required else resources.lexicons.get(name, ())
    if not entries:
        return "(?!)"
    return "|".join(re.escape(entry) for entry in entries)


def quantity_regex(resources: Resources, chinese: bool = True) -> re.Pattern[str]:
    """A number with its unit (亿元, %, 个, 人次 …), optional 多/余 and 以上/左右/以内."""
    units = lexicon_alternation(resources, "units")
    number = f"(?:{ARABIC_NUMBER}|{CHINESE_MAGNITUDE_NUMBER})" if chinese else ARABIC_NUMBER
    return re.compile(rf"{number}(?:多|余)?[十百千万亿]*(?:多|余)?(?:{units})(?:以上|左右|以内|多)?")


class Quantities:
    """Every quantity of a text, found once, then handed out clause by clause."""

    def __init__(self, view: str, regex: re.Pattern[str]):
        self.matches = [m for m in regex.finditer(view) if not is_date_or_zero(view, m)]
        self.starts = [m.start() for m in self.matches]

    def between(self, start: int, end: int) -> list[re.Match[str]]:
        first = bisect.bisect_left(self.starts, start)
        last = bisect.bisect_left(self.starts, end, first)
        return [m for m in self.matches[first:last] if m.end() <= end]


def is_date_or_zero(text: str, match: re.Match[str]) -> bool:
    """A number that is a date (2021年, 7月, 20日) or a zero count (0人参与)."""
    following = text[match.end(): match.end() + 1]
    value = match.group()
    if following and following in "年月号" or value.endswith("日") and not value.endswith("工作日"):
        return True
    digits = re.match(r"\d+(?:\.\d+)?", value)
    return bool(digits) and float(digits.group()) == 0
