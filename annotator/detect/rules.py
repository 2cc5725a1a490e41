"""The built-in rules, one builder per rule family.

A builder takes the loaded :class:`Resources` once (compiling its regexes from the
lexicons) and returns a function from the simplified view of a text to candidate spans.
Rules over the language, not lists of phrases: the lexicons hold the closed word classes
(commitment words, units, campaign and honour heads, launching verbs).
"""

from __future__ import annotations

import re
from typing import Callable, Iterable, Iterator

from ..records import CandidateSpan
from ..resources import Resources
from .lang import CLAUSE_BREAKS, HAN, NUMERAL, OPEN_QUOTES, QUANTITY_NUMBER, QUOTE_PAIRS, clauses, han_count

Rule = Callable[[str], Iterable[CandidateSpan]]

SLOGAN, TARGET, CAMPAIGN, HONOUR, ACHIEVEMENT = "SLOGAN", "TARGET", "CAMPAIGN", "HONOUR", "ACHIEVEMENT"


# ------------------------------------------------------------------ SLOGAN


def build_quoted(resources: Resources) -> Rule:
    """Quoted catchphrases: the text inside “ ” 「 」 『 』 ‘ ’ or ASCII quotes, without them."""
    inner_stop = re.escape("。！？!?\n“”「」『』‘’\"")
    pattern = re.compile(rf"([“「『‘\"])([^{inner_stop}]{{2,24}}?)([”」』’\"])")
    campaign_head = re.compile(rf"(?:{resources.alternation('campaign_heads')})")

    def apply(view: str) -> Iterator[CandidateSpan]:
        for match in pattern.finditer(view):
            opener, inner, closer = match.groups()
            if QUOTE_PAIRS.get(opener) != closer or not _looks_like_catchphrase(inner):
                continue
            start, end = match.span(2)
            score = 0.75 if _is_formulaic(inner) else 0.6
            if campaign_head.match(view, match.end()):
                score -= 0.15  # “三转”活动: most likely the name of a campaign
            yield CandidateSpan(start, end, SLOGAN, "slogan:quoted", round(score, 2))

    return apply


def _looks_like_catchphrase(inner: str) -> bool:
    han = han_count(inner)
    return han >= 2 and han >= 0.6 * len(inner.replace("、", "")) and "——" not in inner and not inner.endswith("的")


def _is_formulaic(inner: str) -> bool:
    parts = re.split("[、，, ]", inner)
    return inner[0] in NUMERAL or (len(parts) > 1 and len({len(p) for p in parts}) == 1) or len(inner) == 4


def build_numbered(resources: Resources) -> Rule:
    """Numbered formulations: 一个统领, 三统筹三扩大四创建, 六稳六保, 三张考卷, 十九条措施."""
    num = f"[{NUMERAL}]"
    non_num_han = f"[{HAN.replace('一', '')}]"  # refined below: exclude numerals explicitly
    word = f"(?:(?![{NUMERAL}]){non_num_han})"
    stop = resources.alternation("numbered_stop")
    chain = re.compile(rf"(?<![{NUMERAL}\d])(?:{num}{{1,2}}{word}{{1,3}}){{2,5}}")
    counted = re.compile(rf"(?<![{NUMERAL}\d])({num}{{1,2}})个(?!{stop})({word}{{2}})")
    measure = re.compile(rf"(?<![{NUMERAL}\d])({num}{{1,3}})(?:张|条|型|大|项)(?!{stop})({word}{{2}})")

    def apply(view: str) -> Iterator[CandidateSpan]:
        for match in chain.finditer(view):
            segments = re.findall(rf"{num}{{1,2}}{word}{{1,3}}", match.group())
            if len(segments) >= 2 and len(match.group()) >= 4:
                yield CandidateSpan(match.start(), match.end(), SLOGAN, "slogan:numbered-chain", 0.8)
        for regex, rule, score in ((counted, "slogan:numbered", 0.6), (measure, "slogan:numbered-measure", 0.5)):
            for match in regex.finditer(view):
                yield CandidateSpan(match.start(), match.end(), SLOGAN, rule, score)

    return apply


def build_lexicon_slogans(resources: Resources) -> Rule:
    """Well-known formulations listed in ``lexicons/slogans.txt``."""
    pattern = re.compile(resources.alternation("slogans"))

    def apply(view: str) -> Iterator[CandidateSpan]:
        for match in pattern.finditer(view):
            yield CandidateSpan(match.start(), match.end(), SLOGAN, "slogan:lexicon", 0.85)

    return apply


def build_chains(resources: Resources) -> Rule:
    """Chains of parallel four-character phrases: 拉高标杆、奋勇争先、转变作风、狠抓落实."""
    item = f"[{HAN}]{{4}}"
    chain = re.compile(rf"{item}(?:[、，, ]{item}){{1,}}(?![{HAN}])")

    def apply(view: str) -> Iterator[CandidateSpan]:
        for match in chain.finditer(view):
            items = re.split("[、，, ]", match.group())
            parallel = _parallel(items)
            if len(items) >= 3 or parallel:
                score = 0.75 if parallel else 0.55
                yield CandidateSpan(match.start(), match.end(), SLOGAN, "slogan:chain", score)

    return apply


def _parallel(items: list[str]) -> bool:
    """Items that repeat a character at the same position (学史明理、学史增信)."""
    return any(len({item[i] for item in items}) == 1 for i in range(4))


# ------------------------------------------------------------------ TARGET


def _quantity(resources: Resources) -> str:
    units = resources.alternation("units")
    return rf"{QUANTITY_NUMBER}(?:多|余)?(?:{units})(?:以上|左右|以内)?"


_FUTURE = re.compile(r"今年|全年|年内|年底|明年|到20\d\d年|20\d\d年前|力争|确保|计划|目标|争取|将|要|预计|\d+年内")
_DONE = re.compile(r"了|已|已经|累计|共计")
STRONG_COMMITMENTS = ("确保", "力争", "争取", "计划", "目标", "力求", "努力", "奋力", "冲刺")


def build_targets(resources: Resources) -> Rule:
    """Commitment word → last number + unit (or rank) in the same clause."""
    commitment = re.compile(resources.alternation("commitment_words"))
    quantity = re.compile(rf"{_quantity(resources)}|{resources.alternation('ranks')}")
    deadline = re.compile(rf"{QUANTITY_NUMBER}(?:个工作日|天|日|小时|周|个月)内(?:必须|要)?[{HAN}]{{2,10}}")

    def apply(view: str) -> Iterator[CandidateSpan]:
        for start, end in clauses(view):
            clause = view[start:end]
            yield from _target_in_clause(clause, start, commitment, quantity)
            for match in deadline.finditer(clause):
                yield CandidateSpan(start + match.start(), start + match.end(), TARGET, "target:deadline", 0.7)

    return apply


def _target_in_clause(clause: str, offset: int, commitment: re.Pattern[str], quantity: re.Pattern[str]) -> Iterator[CandidateSpan]:
    for word in commitment.finditer(clause):
        quantities = [q for q in quantity.finditer(clause, word.end()) if not _is_date(clause, q)]
        if not quantities:
            continue
        strong = word.group() in STRONG_COMMITMENTS
        after = clause[word.end():quantities[-1].end()]
        if not strong and (not _FUTURE.search(clause[: word.start()] + clause[word.end():]) or _DONE.match(after)):
            continue
        yield CandidateSpan(offset + word.start(), offset + quantities[-1].end(), TARGET, "target:clause", 0.8 if strong else 0.6)
        return


def _is_date(clause: str, match: re.Match[str]) -> bool:
    following = clause[match.end(): match.end() + 1]
    return following in "年月" and following != "" or match.group().endswith(("日",))


# ------------------------------------------------------------------ ACHIEVEMENT


def build_achievements(resources: Resources) -> Rule:
    """A clause reporting a result with numbers: from its verb to its last quantity."""
    verb = re.compile(resources.alternation("achievement_verbs"))
    quantity = re.compile(_quantity(resources))
    commitment = re.compile("|".join(STRONG_COMMITMENTS) + "|要|将|计划|预计|目标")

    def apply(view: str) -> Iterator[CandidateSpan]:
        for start, end in clauses(view):
            clause = view[start:end]
            quantities = [q for q in quantity.finditer(clause) if not _is_date(clause, q)]
            if not quantities or commitment.search(clause):
                continue
            first_verb = verb.search(clause)
            if first_verb is None or first_verb.start() >= quantities[-1].end():
                continue
            anchor = min(first_verb.start(), quantities[0].start())
            anchor = _extend_over_preposition(clause, anchor)
            yield CandidateSpan(start + anchor, start + quantities[-1].end(), ACHIEVEMENT, "achievement:clause", 0.65)

    return apply


def _extend_over_preposition(clause: str, anchor: int) -> int:
    for word in ("共", "累计", "先后", "为", "帮助", "向"):
        if clause[max(anchor - len(word), 0):anchor] == word:
            return anchor - len(word)
    return anchor


# ------------------------------------------------------------------ CAMPAIGN

_GENERIC_HEADS = {"活动", "行动", "运动", "督查", "巡察", "会战"}
_CAMPAIGN_MARKERS = re.compile(r"[“”「」]|主题|专项|集中|创建|示范|百|千|万|大|年")


def build_campaigns(resources: Resources) -> Rule:
    """A head noun (专项整治, 整顿, 活动, 大讨论, 回头看 …) with its modifiers, launching verb excluded."""
    head = re.compile(resources.alternation("campaign_heads"))
    launch = re.compile(f"(?:{resources.alternation('campaign_launch_verbs')}|[的了和与及等是为])")
    modifier_chars = re.compile(rf"[{HAN}“”「」A-Za-z0-9]+$")

    def apply(view: str) -> Iterator[CandidateSpan]:
        for match in head.finditer(view):
            window_start = max(0, match.start() - 16)
            window = view[window_start: match.start()]
            tail = modifier_chars.search(window)
            modifier = tail.group() if tail else ""
            cut = 0
            for stop in launch.finditer(modifier):
                cut = stop.end()
            modifier = modifier[cut:]
            if len(modifier) < 2:
                continue
            if match.group() in _GENERIC_HEADS and not _CAMPAIGN_MARKERS.search(modifier):
                continue
            start = match.start() - len(modifier)
            yield CandidateSpan(start, match.end(), CAMPAIGN, "campaign:head", 0.7)

    return apply


# ------------------------------------------------------------------ HONOUR


def build_honours(resources: Resources) -> Rule:
    """Titles conferred: after 获评/荣获/被评为…, or a national/provincial title by its head."""
    trigger = re.compile(resources.alternation("honour_triggers"))
    heads = resources.alternation("honour_heads")
    skip = re.compile(r"(?:连续\d+年|首批|第[一二三四五六七八九十\d]+批|为|了|“)*")
    title = re.compile(rf"[{HAN}A-Za-z0-9“”]{{1,28}}?(?:{heads})(?![{HAN}])")
    scoped = re.compile(rf"(?:全国|国家级|国家|全省|省级|全市|市级|[{HAN}]{{2,3}}省)[{HAN}A-Za-z0-9]{{2,22}}?(?:示范县|示范区|示范市|先进县|先进集体|典型案例|百强县|A类县|称号|先进单位)")

    def apply(view: str) -> Iterator[CandidateSpan]:
        for match in trigger.finditer(view):
            position = skip.match(view, match.end()).end()
            while found := title.match(view, position):
                yield CandidateSpan(found.start(), found.end(), HONOUR, "honour:conferred", 0.8)
                if view[found.end(): found.end() + 1] != "、":
                    break
                position = found.end() + 1
        for match in scoped.finditer(view):
            yield CandidateSpan(match.start(), match.end(), HONOUR, "honour:title", 0.65)

    return apply


BUILDERS: tuple[Callable[[Resources], Rule], ...] = (
    build_quoted,
    build_numbered,
    build_lexicon_slogans,
    build_chains,
    build_targets,
    build_achievements,
    build_campaigns,
    build_honours,
)
