"""CAMPAIGN 专项整治/运动: named, time-bounded drives that mobilise cadres or society.

Rule ids:

- ``campaign:named``   a national campaign (``lexicons/campaign_names.txt``): 党史学习教育
- ``campaign:head``    a head noun (专项整治, 教育整顿, 活动, 行动, 回头看 …) with its name in
  front of it, the launching verb left out: 作风纪律专项整治, “三转”活动
- ``campaign:study``   a study drive after a congress or plenum: 学习宣传贯彻党的二十大精神
- ``campaign:rectify`` a rectification of a quoted ill: 深化纠正“四风”
- ``campaign:shortened`` a campaign named again without its marker: 户外广告整治 after
  户外广告集中整治
- ``campaign:list``    a drive with a weak head (整治, 督查 …) listed next to one found above
- ``campaign:clean``   a "clean" drive built in a place or unit: 清廉蓉城建设, ‘清廉蓉城’建设,
  廉洁村社建设 (not 廉洁文化建设, a field of work)
- ``campaign:again``   a drive found once by its launching verb, named again bare in the same
  text: 对村巡察，就是… after 扎实开展对村巡察; a quoted name found with its head, quoted
  again without it: “阳光育廉”不仅… after 开展“阳光育廉”行动

A programme of action launched by its verb is named however long (实施科技成果加速转化行动),
two aims may share it (实施种业振兴、粮食单产提升行动); none is read in the document that sets
drives out (…行动计划), a bare count (七大行动), a plural class (一大批…行动), an event (…节,
…赛, 夏令营) or a short plain noun on 活动 / 运动 (开展助企活动). 综合整治 names a drive only
with a quoted ill (“散乱污”企业（场所）综合整治).
"""

from __future__ import annotations

import re
from typing import Callable, Iterable, Iterator

from ..records import CandidateSpan
from ..resources import Resources
from .lang import CLOSE_QUOTES, HAN, OPEN_QUOTES, OPENER, QUOTE_PAIRS, is_han, lexicon_alternation, quotes
from .words import Words

CAMPAIGN = "CAMPAIGN"
Rule = Callable[[str], Iterable[CandidateSpan]]

# Heads that name a campaign only with a quoted name, a marker or right after a launching verb:
# 开展红色走读活动 yes, 丰富多样的文化活动 / 迅速行动 / 此次大讨论活动 no.
_GENERIC_HEADS = frozenset({
    "活动", "行动", "运动", "督查", "巡察", "会战", "大讨论", "大讨论活动", "大调研", "大走访",
    "大比武", "大练兵", "主题活动", "实践活动", "大督查", "革命",
})
# Heads that name a campaign on their own (codebook: 回头看).
_STANDALONE_HEADS = frozenset({"回头看"})
# Heads of ordinary work that name a drive only with a quoted ill: “散乱污”企业综合整治 yes,
# 环境综合整治 no.
_QUOTED_ONLY_HEADS = frozenset({"综合整治"})
# Heads of a study or publicity drive that name one only with a quoted name (“最美奋斗者”学习宣传,
# “四史”宣传教育) or the spirit it spreads (伟大建党精神宣传教育), and only where the noun ends
# there: 学习宣传贯彻…, 宣传教育活动, 法治宣传教育 are read otherwise or are ordinary work.
_NAMED_ONLY_HEADS = frozenset({"宣传教育", "学习宣传"})
_SPIRIT = "精神"
_CLOSE_BRACKETS = {"）": "（", ")": "("}
_MARKERS = re.compile(r"专项|集中|主题|百日|百名|千名|万名|攻坚|(?:宣传|活动|服务|整治|提升|攻坚|安全)(?:月|周)")
# A named programme of action: what it builds, raises or turns, however long, right before
# 行动 after the verb that launches it (实施科技成果加速转化行动, 实施乡村建设行动); 活动 so long
# is a description (开展…交流活动), not a name.
_PROGRAMME_MODIFIER = 16
# A campaign's head and a joint just before a name: the next campaign of one launching verb.
_AFTER_CAMPAIGN = re.compile(r"(?:行动|活动|整治|整顿)[和及与、]$")
# What may follow a head inside a longer noun: 警示教育基地, 警示教育案例 are places and
# material, 党纪专题教育讲座 a lecture, not the drive.
_HEAD_CONTINUES = re.compile(r"案例|基地|片|馆|室|中心|读本|专栏|阵地|展|课件|教材|资料|讲座|党课|微课")
# A document that sets a drive out (实施数字保定行动计划, 出台“人工智能+”行动方案): the plan, not
# the drive; the rules never take the head of a document's title for a campaign.
_PLAN_DOCUMENT = re.compile(r"计划|方案|纲要|指南|清单")
# A name that only counts (七大行动, “五个行动”): the number of drives a plan holds, not the
# name of one; 十大奋进行动 names its own, and so does a quoted “十大行动” (a brand).
_COUNT = re.compile(r"[一二两三四五六七八九十百0-9]+[个项]")
_BARE_COUNT = re.compile(rf"[“「\"‘]?{_COUNT.pattern}[”」\"’]?|[一二两三四五六七八九十百0-9]+大")
# Festivals, contests, fairs and camps: events, not drives, whether listed before 等…活动
# (“芦笙节”“侗年节”等民俗活动, 挑战赛等系列活动) or naming the activity (“财商特训”夏令营活动).
_EVENT = re.compile(r"(?:节|赛|荟|夏令营|冬令营|晚会|演出|展演|运动会|博览会|交易会|洽谈会)[”」\"’]*(?:等|$)")
# A programme named as the subject of the verb that launches it: 城市更新行动扎实开展 (a name
# of four characters at least: 迅速行动开展排查 is a manner, not a name).
_LAUNCHED_AFTER = re.compile(r"(?:扎实|深入|全面|有序|持续|稳步|加快|正式)?(?:开展|推进|实施|启动)")
# Launch words that are only prepositions (把宣传活动引向深入, 以…活动为载体): a generic head
# after one of them is a reference, not a drive being launched.
_PREPOSITIONS = frozenset("以 在 把 将 对 通过 结合 围绕 按照 借助 依托".split())
# Launch words that also name what a programme does when they stand right before its head
# (实施绿色消费推进行动, 实施传统消费拓展行动): there they are part of the name, and the walk goes
# on to the verb that launches it. Without one further left (要推进行动) nothing is read.
_AIM_VERBS = frozenset("推进 推动 拓展 深化 巩固 巩固拓展 深化拓展".split())
# Words that end a campaign's name on its left (besides the launching verbs of the lexicon).
_STOP_WORDS = frozenset(
    "的 了 和 与 及 或 暨 并 是 为 在 对 把 将 以 从 由 被 让 向 于 中 上 下 后 前 好 也 都 又 还 就 要 "
    "各 各级 各项 各类 此次 这次 本次 此项 这项 这些 该 其 我们 大家 全县 全市 全省 全镇 全区 一系列 "
    "今年 去年 明年 年前 当前 目前 积极 认真 扎实 深入 全面 切实 大力 进一步 广泛 如何 带头 "
    "一批 一大批 多项 多个 "
    "搞 做 办 抓 干 弄 有 没有 到 我市 我县 我区 我省 我镇 我乡 我局 我院 我社 我委".split()
)
_MAX_MODIFIER = 28
# Adverbs that word segmentation joins to the verb after them (大力开展, 明确提出, 不断丰富): such a
# word ends a name on its left, as the adverb alone does.
_ADVERBS = frozenset("大力 积极 认真 扎实 不断 明确 切实 广泛 坚决 着力".split())
# A place name ends a name on its left (庆城县 | 千名干部驻村大走访); so does a count (3次 | 专项督查).
# A numeral right before the suffix counts places (百企联百县, 千村): a formulation, not a place.
_PLACE = re.compile(r"^[\u3400-\u9fff]{2,}(?<![一二两三四五六七八九十百千万])[县市省州镇乡]$")
_CLASSIFIERS = frozenset("次个项名场期批届轮")


def build_campaigns(resources: Resources) -> Rule:
    words = Words(resources)
    head = re.compile(lexicon_alternation(resources, "campaign_heads"))
    launch_words = frozenset(resources.lexicon("campaign_launch_verbs"))
    names = re.compile(
        "|".join(re.escape(e).replace("、", "[、,，]?") for e in resources.lexicons.get("campaign_names", ())) or "(?!)"
    )
    list_heads = re.compile(rf"(?:{lexicon_alternation(resources, 'campaign_list_heads', required=False)})$")
    study = re.compile(
        r"学习(?:宣传)?贯彻(?:落实)?(?:党的|省第|市第|县第)[^，。,；;：:、“”\n]{1,16}?(?:全会|党代会|大)精神"
        r"(?:和(?:省|市|县)?第?[^，。,；;：:、“”\n]{1,16}?(?:全会|党代会|大)精神)?"
    )
    clean_units = lexicon_alternation(resources, "campaign_clean_units", required=False)
    clean = re.compile(rf"清廉[{HAN}]{{2,4}}(?<!文化)[’”」]?建设|廉洁(?:{clean_units})建设")
    rectify = re.compile(r"(?:深化)?纠正[“「\"‘][^”」\"’\n]{1,8}[”」\"’]")

    def apply(view: str) -> list[CandidateSpan]:
        found: list[CandidateSpan] = []
        quoted = quotes(view)
        inside = bytearray(len(view))
        for quote in quoted:
            inside[quote.open + 1: quote.close] = b"\x01" * (quote.close - quote.open - 1)
        for match in names.finditer(view):
            found.append(CandidateSpan(match.start(), match.end(), CAMPAIGN, "campaign:named", 0.85))
        for match in study.finditer(view):
            found.append(CandidateSpan(match.start(), match.end(), CAMPAIGN, "campaign:study", 0.8))
        for match in clean.finditer(view):
            # below the data pattern clean-unit-building (清廉村居建设), which wins where both read
            found.append(CandidateSpan(match.start(), match.end(), CAMPAIGN, "campaign:clean", 0.6))
        rectified = []
        for match in rectify.finditer(view):
            rectified.append(match.end())
            found.append(CandidateSpan(match.start(), match.end(), CAMPAIGN, "campaign:rectify", 0.75))
        closing = {quote.close: quote for quote in quoted}
        head_ends = []
        for match in head.finditer(view):
            head_ends.append(match.end())
            if inside[match.start()]:
                quote = closing.get(match.end())
                if quote is not None and match.group() in _STANDALONE_HEADS and match.start() == quote.open + 1:
                    found.append(CandidateSpan(match.start(), match.end(), CAMPAIGN, "campaign:head", 0.7))  # “回头看”
                elif quote is not None:  # “清风行动”: a quoted name that ends with its head
                    candidate = _quoted_name(view, match, quote.open + 1, words, launch_words)
                    if candidate is not None:
                        found.append(candidate)
                continue
            candidate = _headed(view, match, words, launch_words, set(rectified))
            if candidate is not None:
                found.append(candidate)
        found.extend(_listed(view, found, list_heads))
        found.extend(_shortened(view, found))
        found.extend(_again(view, found, head_ends, head))
        return found

    return apply


def _headed(
    view: str, match: re.Match[str], words: Words, launch_words: frozenset[str], rectified: set[int]
) -> CandidateSpan | None:
    """The head with the name in front of it, walking left word by word."""
    head_text = match.group()
    if _HEAD_CONTINUES.match(view, match.end()):
        return None
    if head_text.endswith("行动") and _PLAN_DOCUMENT.match(view, match.end()):
        return None
    aims = _AIM_VERBS if head_text == "行动" else frozenset()
    start, launch, quoted = _modifier_start(view, match.start(), words, launch_words, rectified, aims=aims)
    stopped_by_launch = launch is not None and launch not in _PREPOSITIONS
    if launch is None and _AFTER_CAMPAIGN.search(view, max(0, start - 3), start):
        stopped_by_launch = True  # 实施…创建行动和…清零行动: the verb launches both
    elif launch is None and head_text == "行动" and match.start() - start >= 4 and _LAUNCHED_AFTER.match(view, match.end()):
        stopped_by_launch = True  # 城市更新行动扎实开展: the verb that launches it comes after
    elif launch is None and head_text == "行动" and match.start() - start >= 2:
        joined = _joined_start(view, start, match.start(), words, launch_words, rectified)
        if joined is not None:  # 实施种业振兴、粮食单产提升行动: one programme of two aims
            start, stopped_by_launch = joined, True
    elif launch is None and head_text.endswith("教育") and match.start() - start >= 2:
        listed = _listed_subjects_start(view, start, words, launch_words, rectified)
        if listed is not None:  # 开展党史、新中国史、改革开放史学习教育: one drive on listed subjects
            start, stopped_by_launch = listed, True
    modifier = view[start: match.start()]
    if head_text in _STANDALONE_HEADS:
        return CandidateSpan(start, match.end(), CAMPAIGN, "campaign:head", 0.7)
    if len(modifier) < 2 or _BARE_COUNT.fullmatch(modifier) or _EVENT.search(modifier):
        return None
    if head_text in _QUOTED_ONLY_HEADS and not quoted:
        return None
    if head_text in _NAMED_ONLY_HEADS and (
        not (quoted or modifier.endswith(_SPIRIT)) or match.end() < len(view) and is_han(view[match.end()])
    ):
        return None
    if head_text in _GENERIC_HEADS and not quoted:
        if _MARKERS.search(modifier) and len(_MARKERS.sub("", modifier)) >= 2:
            return CandidateSpan(start, match.end(), CAMPAIGN, "campaign:head", 0.65)
        if stopped_by_launch and len(modifier) <= 6 and not (head_text in _PLAIN_HEADS and len(modifier) < _PLAIN_MODIFIER):
            return CandidateSpan(start, match.end(), CAMPAIGN, "campaign:head", 0.6)
        if stopped_by_launch and len(modifier) <= _PROGRAMME_MODIFIER and head_text == "行动":
            return CandidateSpan(start, match.end(), CAMPAIGN, "campaign:head", 0.6)  # 实施科技成果加速转化行动
        return None
    return CandidateSpan(start, match.end(), CAMPAIGN, "campaign:head", 0.75 if quoted else 0.7)


def _joined_start(
    view: str, start: int, head_start: int, words: Words, launch_words: frozenset[str], rectified: set[int]
) -> int | None:
    """Where a programme's name starts when two aims joined by 、 和 及 与 share its head and
    the verb that launches it (实施增强农业质量效益和竞争力行动): past the joint the walk must
    end at a launching verb, cross no head of its own (实施…行动和…行动 are two) and keep the
    name within a programme's length. None where it does not."""
    if start < 2 or view[start - 1] not in _JOINTS:
        return None
    joined, launch, quoted = _modifier_start(view, start - 1, words, launch_words, rectified)
    if launch is None or launch in _PREPOSITIONS or quoted or start - 1 - joined < 2:
        return None
    if head_start - joined > _PROGRAMME_MODIFIER or _ANY_HEAD.search(view, joined, start):
        return None
    return joined


def _listed_subjects_start(
    view: str, start: int, words: Words, launch_words: frozenset[str], rectified: set[int]
) -> int | None:
    """Where a study drive's name starts when the subjects it studies are listed with 、 before
    its head and a launching verb before the list (开展党史、新中国史…学习教育). Each subject is
    short and names no drive of its own; None where the list does not end at a launching verb."""
    for _ in range(_MAX_SUBJECTS):
        if start < 2 or view[start - 1] != "、":
            return None
        item, launch, quoted = _modifier_start(view, start - 1, words, launch_words, rectified)
        if quoted or not 2 <= start - 1 - item <= _SUBJECT_LENGTH or _ANY_HEAD.search(view, item, start):
            return None
        if launch is not None:
            return item if launch not in _PREPOSITIONS else None
        start = item
    return None


def quoted_campaign(view: str, start: int, end: int, head: re.Pattern[str], words: Words, launch_words: frozenset[str]) -> bool:
    """Whether the quoted text ``view[start:end]`` is the whole name of a campaign ending with
    its head (“清风行动”, “效能革命”), not a motto that ends with a head (“开门搞活动”)."""
    for match in head.finditer(view, start, end):
        if match.end() == end and match.start() - start >= 2:
            return _quoted_start(view, match.start(), words, launch_words, start) == start
    return False


def _quoted_name(
    view: str, match: re.Match[str], floor: int, words: Words, launch_words: frozenset[str]
) -> CandidateSpan | None:
    """A whole quoted name (“百日攻坚行动”), not a quoted motto that happens to end with a
    head noun (“开门搞活动”: the walk stops at the verb 搞)."""
    start = _quoted_start(view, match.start(), words, launch_words, floor)
    if start != floor or match.start() - start < 2 or _COUNT.fullmatch(view, start, match.start()):
        return None
    if match.group().endswith("行动") and _PLAN_DOCUMENT.match(view, match.end() + 1):
        return None
    return CandidateSpan(start, match.end(), CAMPAIGN, "campaign:head", 0.7)


def _quoted_start(view: str, head_start: int, words: Words, launch_words: frozenset[str], floor: int) -> int:
    """Where the name of a campaign starts inside a quote that opens at ``floor``. A slogan
    quoted inside the name (“新一轮制造业‘腾笼换鸟’攻坚行动”) is part of it when only a short
    plain modifier stands between it and the outer quote; a launching verb there still ends it."""
    start, _, quoted = _modifier_start(view, head_start, words, launch_words, set(), floor)
    if quoted and floor < start <= floor + _NESTED_MODIFIER:
        outer, _, _ = _modifier_start(view, start, words, launch_words, set(), floor)
        if outer == floor:
            return floor
    return start


def _modifier_start(
    view: str,
    head_start: int,
    words: Words,
    launch_words: frozenset[str],
    rectified: set[int],
    floor: int | None = None,
    aims: frozenset[str] = frozenset(),
) -> tuple[int, str | None, bool]:
    """Where the campaign's name starts, the launching verb that stopped the walk (None if
    something else did), and whether the name holds a quoted part.

    Quoted parts are taken whole (“优环境,促发展”大讨论活动), a series too (“双统筹”“双战”等
    系列…活动); once a quote is taken, only further quotes may follow on the left. The walk
    stops at a launching verb (开展, 深入推进 …), a function word or demonstrative (的, 此次),
    a clause break, or where a rectification such as 纠正“四风” ends (it is a campaign of
    its own: 深化纠正“四风”作风纪律专项整治 gives two). One of the ``aims`` right before the
    head is part of the name (…消费推进行动), not the verb that launches it.
    """
    position = head_start
    limit = max(0, head_start - _MAX_MODIFIER) if floor is None else floor
    quoted = False
    while position > limit:
        if position in rectified:
            return position, None, quoted
        char = view[position - 1]
        if _space_after_quote(view, position) and not quoted:
            position -= 1  # “三学三强三提升” 大学习大讨论活动: a space after the quoted name
            continue
        if char in _CLOSE_BRACKETS and not quoted:
            opener = view.rfind(_CLOSE_BRACKETS[char], max(limit, position - 8), position - 1)
            if opener > limit and all(is_han(c) for c in view[opener + 1: position - 1]):
                position = opener  # “散乱污”企业（场所）综合整治: a gloss inside the name
                continue
        if char in CLOSE_QUOTES:
            opener = _opening_quote(view, position - 1, limit)
            if opener is None:
                return position, None, quoted
            position, quoted = opener, True
            continue
        if char == "等" and position >= 2 and view[position - 2] in CLOSE_QUOTES:
            position -= 1
            continue
        if not is_han(char) or quoted:
            return position, None, quoted
        run_start = position
        while run_start > limit and is_han(view[run_start - 1]):
            run_start -= 1
        tokens = words.words(view[run_start:position])
        for token in reversed(tokens):
            if token in aims and position == head_start:
                position -= len(token)
                continue
            if token in launch_words:
                return position, token, quoted
            if len(token) > 2 and token[:2] in _ADVERBS:  # 大力开展 launches; 明确提出, 不断丰富 only govern
                return position, (token if token[2:] in launch_words else None), quoted
            if token in _JOINTS and _DRIVE_ACTION_AFTER.match(view, position) and _DRIVE_ACTION_BEFORE.search(
                view, max(0, position - 1 - 2), position - 1
            ):
                position -= 1  # 评选表彰和学习宣传活动: one drive of two actions
                continue
            if token in _STOP_WORDS or token in _CLASSIFIERS or _PLACE.search(token):
                return position, None, quoted
            if token == "等":
                if position - 1 >= 1 and view[position - 2] in CLOSE_QUOTES or view.startswith("系列", position):
                    # “双统筹”“双战”等…活动; “重走长征路”研培体验等系列活动: a series keeps its members
                    position -= 1
                    continue
                return position, None, quoted
            position -= len(token)
        if position > limit and view[position - 1] not in CLOSE_QUOTES and not _space_after_quote(view, position):
            return position, None, quoted
    return position, None, quoted


def _space_after_quote(view: str, position: int) -> bool:
    return position >= 2 and view[position - 1] == " " and view[position - 2] in CLOSE_QUOTES


def _opening_quote(view: str, close: int, limit: int) -> int | None:
    closer = view[close]
    for opener, paired in QUOTE_PAIRS.items():
        if paired == closer:
            found = view.rfind(opener, limit, close)
            if found != -1 and "\n" not in view[found:close] and "。" not in view[found:close]:
                return found
    return None


def _listed(view: str, found: list[CandidateSpan], list_heads: re.Pattern[str]) -> Iterator[CandidateSpan]:
    """作风纪律整治 in 一体推进重点工作大督查、作风纪律整治、政法队伍教育整顿: an item of a
    、-list that ends with a weak head, between two items already found as campaigns."""
    ends = {c.end for c in found}
    starts = {c.start for c in found}
    for match in _LIST_ITEM.finditer(view):
        start, end = match.span(1)
        if start - 1 in ends and end + 1 in starts and list_heads.search(match.group(1)):
            yield CandidateSpan(start, end, CAMPAIGN, "campaign:list", 0.6)


def _shortened(view: str, found: list[CandidateSpan]) -> Iterator[CandidateSpan]:
    """A campaign named again without its marker: 户外广告整治 after 主城区户外广告集中整治
    (the marker 集中 / 专项 and the modifiers before the topic dropped)."""
    taken = bytearray(len(view))
    for candidate in found:
        taken[candidate.start: candidate.end] = b"\x01" * (candidate.end - candidate.start)
    seen = set()
    for candidate in found:
        name = view[candidate.start: candidate.end]
        marker = _SHORTENING_MARKER.search(name)
        if marker is None or marker.start() < 2 or not all(is_han(c) for c in name):
            continue
        for start in range(0, marker.start() - 3):  # the topic keeps at least four characters
            short = name[start: marker.start()] + name[marker.end():]
            if short in seen or len(short) < 6:
                continue
            seen.add(short)
            position = view.find(short)
            while position != -1:
                end = position + len(short)
                if not any(taken[position:end]):
                    taken[position:end] = b"\x01" * len(short)
                    yield CandidateSpan(position, end, CAMPAIGN, "campaign:shortened", 0.6)
                position = view.find(short, end)


def _again(view: str, found: list[CandidateSpan], head_ends: list[int], head: re.Pattern[str]) -> Iterator[CandidateSpan]:
    """A drive found by its head (often only thanks to the verb that launches it) named again
    bare elsewhere in the text: 扎实开展对村巡察 … 对村巡察，就是… A text names its own drive by the same words
    throughout; without the verb the bare 对村巡察 shows nothing of a campaign. Only names
    ending where a head noun ends are looked for, at most a few lengths each: linear. Not a
    short name on 活动 or 运动: 台球运动, 品牌活动 are ordinary nouns wherever they recur."""
    names = {
        name for c in found
        if c.rule == "campaign:head" and len(name := view[c.start: c.end]) >= _AGAIN_MIN
        and all(is_han(ch) for ch in name) and not (len(name) < _AGAIN_PLAIN and name.endswith(_PLAIN_HEADS))
    }
    yield from _quoted_again(view, found, head)
    if not names:
        return
    lengths = sorted({len(name) for name in names})
    for end in head_ends:
        for length in lengths:
            start = end - length
            if start >= 0 and view[start:end] in names:
                yield CandidateSpan(start, end, CAMPAIGN, "campaign:again", 0.55)
                break


def _quoted_again(view: str, found: list[CandidateSpan], head: re.Pattern[str]) -> Iterator[CandidateSpan]:
    """The quoted name of a drive found as “阳光育廉”行动, quoted again on its own. Only a name
    followed by its head alone: in “同城融圈”交通三年大会战 the quoted words name a strategy
    that the drive serves, not the drive; nor after a publicity head (学习宣传, 宣传教育)."""
    cores = set()
    for c in found:
        name = view[c.start: c.end]
        if c.rule != "campaign:head" or not name or name[0] not in OPEN_QUOTES:
            continue
        close = name.find(QUOTE_PAIRS[name[0]], 1)
        core = name[1:close]
        named = head.fullmatch(name, close + 1)
        # “最美奋斗者”学习宣传: the quote names what a publicity drive spreads (a model, a
        # spirit), and quoted alone it is that model, not the drive
        if close > _AGAIN_MIN - 1 and all(is_han(ch) for ch in core) and named and named.group() not in _NAMED_ONLY_HEADS:
            cores.add(core)
    if not cores:
        return
    lengths = sorted({len(core) for core in cores})
    for opener in OPENER.finditer(view):
        position = opener.start()
        for length in lengths:
            end = position + 1 + length
            if end < len(view) and view[end] in CLOSE_QUOTES and view[position + 1: end] in cores:
                yield CandidateSpan(position + 1, end, CAMPAIGN, "campaign:again", 0.55)
                break


_AGAIN_MIN = 4
_NESTED_MODIFIER = 8
_MAX_SUBJECTS = 6
_SUBJECT_LENGTH = 6
_AGAIN_PLAIN = 6
_PLAIN_HEADS = ("活动", "运动")
_JOINTS = "、和及与"
# The actions of a selection or publicity drive: two of them joined by 和 name one drive
# (“最美奋斗者”评选表彰和学习宣传活动); other joints end a name (整治和…活动 are two).
_DRIVE_ACTIONS = "评选|表彰|推选|选树|评比|学习|宣传|宣讲"
_DRIVE_ACTION_AFTER = re.compile(rf"(?:{_DRIVE_ACTIONS})")
_DRIVE_ACTION_BEFORE = re.compile(rf"(?:{_DRIVE_ACTIONS})$")
_ANY_HEAD = re.compile(r"行动|活动|整治|整顿|教育|运动")
# A launched activity needs a name this long: 开展助企活动, 参加台球运动, 开展植树造林活动 are
# plain nouns; 开展观鸟生态体验活动 may name one.
_PLAIN_MODIFIER = 5
_SHORTENING_MARKER = re.compile(r"集中|专项")
_LIST_ITEM = re.compile(rf"(?<=、)([{HAN}]{{4,10}})(?=、)")
