"""HONOUR 荣誉/称号: titles, awards and designations conferred (or aimed at by a 创建 drive).

Rule ids:

- ``honour:conferred`` titles after a conferring verb (获评, 荣获, 被评为, 晋升, 创建 …),
  each item of a 、-list, without the verb, counts such as 连续10年, or a closing 等称号
- ``honour:title``     a national or provincial title found by its scope and head without a
  verb: 全国农民合作社典型案例, 省级森林城市
"""

from __future__ import annotations

import re
from typing import Callable, Iterable, Iterator

from ..records import CandidateSpan
from ..resources import Resources
from .lang import CLOSE_QUOTES, HAN, is_han, lexicon_alternation

HONOUR = "HONOUR"
Rule = Callable[[str], Iterable[CandidateSpan]]

# What may follow a title inside the same run of characters: 这一优势, 等称号, 的 …
_AFTER_TITLE = re.compile(r"(?:这|等|的|称号|荣誉|后|以来|和|及|与|之后|殊荣)")
_TITLE_CHARS = rf"[{HAN}A-Za-z0-9“”「」\"]"
_CLOSING_HONOUR = re.compile(r"(?:等)?(?:荣誉)?称号$")


def build_honours(resources: Resources) -> Rule:
    trigger = re.compile(lexicon_alternation(resources, "honour_triggers"))
    heads = lexicon_alternation(resources, "honour_heads")
    head = re.compile(heads)
    skip = re.compile(
        r"(?:连续(?:\d+|[一二三四五六七八九十]+)年|首批|第[一二三四五六七八九十\d]+批|为|了"
        r"|我县|我市|我区|我镇|我省|该县|该市|该区|该镇|全县|全市|建设|设立|成为)*"
    )
    run = re.compile(rf"{_TITLE_CHARS}{{2,32}}")
    specific_heads = "|".join(re.escape(h) for h in resources.lexicon("honour_heads") if len(h) >= 3 or h in ("称号",))
    scoped = re.compile(
        rf"(?:全国|国家级|国家|全省|省级|全市|市级|[{HAN}]{{2,3}}省(?!级))[{HAN}A-Za-z0-9“”]{{0,22}}?(?:{specific_heads or '(?!)'})"
    )

    def apply(view: str) -> Iterator[CandidateSpan]:
        for match in trigger.finditer(view):
            if view[match.end(): match.end() + 1] in CLOSE_QUOTES:
                continue  # “四创建”: the verb is part of a quoted formulation
            position = skip.match(view, match.end()).end()
            while found := run.match(view, position):
                span = _title(view, found, head)
                if span is None:
                    break
                yield CandidateSpan(span[0], span[1], HONOUR, "honour:conferred", 0.8)
                after = view[span[1]: span[1] + 1]
                if after != "、":
                    break
                position = span[1] + 1
        for match in scoped.finditer(view):
            following = view[match.end(): match.end() + 1]
            title_goes_on = following and is_han(following) and not _AFTER_TITLE.match(view, match.end())
            if title_goes_on and not view.startswith("创建", match.end()):
                continue  # not where the title ends
            yield CandidateSpan(match.start(), match.end(), HONOUR, "honour:title", 0.65)

    return apply


def _title(view: str, found: re.Match[str], head: re.Pattern[str]) -> tuple[int, int] | None:
    """The title at the start of a run of title characters: up to its last head that is
    followed by the end of the run or a word that closes a title (这一, 等, 的 …)."""
    start = found.start()
    text = found.group()
    closing = _CLOSING_HONOUR.search(text)
    if closing and closing.start() >= 3:  # 全省文化产业重点县等称号
        return start, start + closing.start()
    best = None
    for match in head.finditer(text):
        tail = text[match.end():]
        if not tail or _AFTER_TITLE.match(tail):
            best = match.end()
    if best is None:
        first = head.search(text)
        if first is None or first.end() < 3:
            return None
        best = first.end()
    if best < 3:
        return None
    return start, start + best
