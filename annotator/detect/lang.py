"""Character classes and small text helpers shared by the rules (simplified view, both
punctuation widths)."""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from dataclasses import dataclass
from typing import Callable, Iterator

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
# A range counts as one number (6-8亿元, 3～5个): the plan or result is the whole range.
ARABIC_NUMBER = r"(?<![\d.\-A-Za-z第])\d+(?:\.\d+)?(?:[-~～—–至]\d+(?:\.\d+)?)?"
CHINESE_MAGNITUDE_NUMBER = rf"(?<![{NUMERAL}第])[零〇一二两三四五六七八九十]*[百千万亿][零〇一二两三四五六七八九十百千万亿]*"
# What every number above starts with, as a look-ahead before a regex of quantities: the
# engine turns away at once the many positions where no number starts (the scan of a text for
# its quantities took about 2.5 times as long without it).
NUMBER_AHEAD = r"(?=[\d零〇一二两三四五六七八九十百千万亿])"

# 要 and 将 as modal verbs (要完成, 将达到), not inside 重要, 主要, 需要, 将军.
MODAL_REQUIRE = r"(?<![重主需只必摘纲提简紧概想])要(?![素求闻点件])"
MODAL_WILL = r"(?<![即必])将(?![军领士近])"  # not 将近 (nearly)
MODAL_NEED = r"(?<![所急必无刚])需(?![求要])"  # 今年需完成投资22亿元; not 所需, 需求

def first_characters(pattern: str) -> str | None:
    """A character class holding every character a match of ``pattern`` can start with, or
    None when that cannot be told (a match may be empty, or start with any character)."""
    try:
        parsed = re._parser.parse(pattern)
        if parsed.state.flags & re.IGNORECASE:
            return None
        items, nullable = _firsts(parsed)
    except (_Unknown, AttributeError, re.error):  # AttributeError: a Python without re._parser
        return None
    return None if nullable or not items else f"[{''.join(sorted(items))}]"


class _Unknown(Exception):
    pass


_CLASS_CATEGORIES = {"CATEGORY_DIGIT": r"\d", "CATEGORY_SPACE": r"\s", "CATEGORY_WORD": r"\w"}
_ZERO_WIDTH = {"ASSERT", "ASSERT_NOT", "AT"}
_REPEATS = {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"}


def _firsts(sequence) -> tuple[set[str], bool]:
    """The first characters of a parsed sequence (as items of a character class), and whether
    the sequence can match the empty string."""
    found: set[str] = set()
    for op, argument in sequence:
        name = str(op)
        if name in _ZERO_WIDTH:
            continue
        if name == "LITERAL":
            found.add(re.escape(chr(argument)))
            return found, False
        if name == "IN":
            for item_op, item in argument:
                item_name = str(item_op)
                if item_name == "LITERAL":
                    found.add(re.escape(chr(item)))
                elif item_name == "RANGE":
                    found.add(f"{re.escape(chr(item[0]))}-{re.escape(chr(item[1]))}")
                elif item_name == "CATEGORY" and str(item) in _CLASS_CATEGORIES:
                    found.add(_CLASS_CATEGORIES[str(item)])
                else:
                    raise _Unknown  # a negated class, another category
            return found, False
        if name == "BRANCH":
            nullable = False
            for branch in argument[1]:
                items, empty = _firsts(branch)
                found |= items
                nullable = nullable or empty
            if not nullable:
                return found, False
            continue
        if name == "SUBPATTERN":
            _, add_flags, _, inner = argument
            if add_flags & re.IGNORECASE:
                raise _Unknown
            items, empty = _firsts(inner)
            found |= items
            if not empty:
                return found, False
            continue
        if name == "ATOMIC_GROUP":
            items, empty = _firsts(argument)
            found |= items
            if not empty:
                return found, False
            continue
        if name in _REPEATS:
            low, _, inner = argument
            items, empty = _firsts(inner)
            found |= items
            if low > 0 and not empty:
                return found, False
            continue
        raise _Unknown  # any character, a back reference, a conditional
    return found, True


def guarded(pattern: str) -> str:
    """``pattern`` behind a look-ahead on the characters its matches can start with (worked
    out from the pattern itself, so it stays right when the pattern changes). For a regex
    searched clause after clause whose matches start with an alternation or a look-behind
    (确保|力争|…, (?<!…)了): the engine then turns most positions away at once, where it would
    try every alternative (a regex that opens with a literal or a class gains nothing: the
    engine already skips ahead to it). The pattern as it is when the characters cannot be told."""
    firsts = first_characters(pattern)
    return pattern if firsts is None else f"(?={firsts})(?:{pattern})"


_CLAUSE_SPLIT = re.compile(f"[^{re.escape(CLAUSE_BREAKS)}]+")
_SENTENCE_SPLIT = re.compile(f"[^{re.escape(SENTENCE_BREAKS)}]+")
OPENER = re.compile(f"[{OPEN_QUOTES}]")
_QUOTE_STOP = frozenset("。！？!?\n")


def clauses(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """(start, end) of each stretch between clause breaks."""
    for match in _CLAUSE_SPLIT.finditer(text, start, len(text) if end is None else end):
        yield match.start(), match.end()


def sentences(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each stretch between sentence breaks (。！？；, line ends)."""
    for match in _SENTENCE_SPLIT.finditer(text):
        yield match.start(), match.end()


@functools.lru_cache(maxsize=8)
def sentence_clauses(view: str) -> tuple[tuple[int, int, tuple[tuple[int, int], ...]], ...]:
    """Each sentence (see ``sentences``) with its clauses (see ``clauses``) without surrounding
    white space, the empty ones left out: (sentence start, sentence end, ((start, end), …)).
    The TARGET and ACHIEVEMENT rules walk the same clauses of the same text: split once (cached)."""
    table = []
    for match in _SENTENCE_SPLIT.finditer(view):
        sentence_start, sentence_end = match.span()
        parts = []
        for clause in _CLAUSE_SPLIT.finditer(view, sentence_start, sentence_end):
            start, end = clause.span()
            if view[start].isspace() or view[end - 1].isspace():  # most clauses have no white edge
                start, end = strip_span(view, start, end)
            if start < end:
                parts.append((start, end))
        table.append((sentence_start, sentence_end, tuple(parts)))
    return tuple(table)


# A heading that announces a list of aims: 主要预期目标是: / 目标任务为： / 主要指标： (the colon
# is required). What follows it, up to the end of the sentence (。！？) or the paragraph, is a
# list of aims, its items separated by ；, ， or 、 — each an indicator with its figure.
_AIMS_HEADING = re.compile(
    r"(?:目标|任务|指标|计划)(?:任务)?(?:是|为|如下|包括|有)?[:：]"
)
# A list announced by a plan (今年，我们将接续办好15件民生实事，包括：完成…600个；治理…60处；…):
# its items are that plan's aims, however they are worded (累计建成…7000个 included).
_PLAN_LIST_HEADING = re.compile(r"(?:包括|如下|主要有|分别是|具体是|重点是)[:：]")
_PLAN_LIST_LEAD = re.compile(rf"(?<!现){MODAL_WILL}|{MODAL_REQUIRE}|力争|确保|争取|计划|今年|明年|年内|拟")
_AIMS_END = re.compile(r"[。！？!?\n]")
# A sentence after the first one of a list of aims that is still a list of figures: every
# clause of it holds a number.
_MORE_AIMS = re.compile(r"。(?:[^，,；;。！？!?\n\d]*\d[^，,；;。！？!?\n]*[，,；;])*[^，,；;。！？!?\n\d]*\d[^，,；;。！？!?\n]*。")
_NOT_AIMS = re.compile(r"完成|实现了|超额|情况|回顾|成效|成绩")
# A heading whose list opens on an ordinal on the same line (主要目标：一是经济实力显著增强，…。
# 生产总值年均增长8%以上。…二是…): the items run over several sentences, many of them without
# a figure; the list is the rest of the paragraph (bounded: linear in a text without lines).
_ENUMERATION_OPENS = re.compile(r"[ \t\u3000]*(?:一是|第一[是，,、]|[（(]一[）)]|1[.、．](?!\d))")
_ENUMERATED_REACH = 2000


@functools.lru_cache(maxsize=8)
def aims_regions(view: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of each list of aims after an aims heading (see ``_AIMS_HEADING``); a
    heading about aims met (完成情况, 超额完成) announces results, not aims."""
    regions = []
    for heading in sorted([*_AIMS_HEADING.finditer(view), *_plan_list_headings(view)], key=lambda m: m.start()):
        # the heading's own clause only: 通过分析研判各方面情况，我们确定了…主要预期目标：
        line_start = max(view.rfind(c, 0, heading.start()) for c in "。！？!?\n;；，,") + 1
        if _NOT_AIMS.search(view, line_start, heading.start()):
            continue
        stop = _AIMS_END.search(view, heading.end())
        end = stop.start() if stop else len(view)
        while (more := _MORE_AIMS.match(view, end)) is not None:
            end = more.end() - 1  # …增长5%左右。居民人均可支配收入增长5%左右，…: the list goes on
        if _ENUMERATION_OPENS.match(view, heading.end()):
            line_end = view.find("\n", heading.end(), heading.end() + _ENUMERATED_REACH)
            end = max(end, min(len(view), heading.end() + _ENUMERATED_REACH) if line_end == -1 else line_end)
        if not view[heading.end(): end].strip():
            end = _listed_lines_end(view, end)  # 主要目标是：⏎ one aim per line
        regions.append((heading.end(), end))
    return tuple(regions)


def _plan_list_headings(view: str) -> Iterator[re.Match[str]]:
    """包括： and the like closing a sentence's opening that speaks of a plan (see
    ``_PLAN_LIST_LEAD``) and of nothing done."""
    for heading in _PLAN_LIST_HEADING.finditer(view):
        sentence_start = _sentence_start(view, heading.start(), "。！？!?\n")
        if _PLAN_LIST_LEAD.search(view, sentence_start, heading.start()) and not DONE_CLAUSE.search(
            view, sentence_start, heading.start()
        ):
            yield heading


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
# A document that sets aims, reported (今年的政府工作报告提出，深圳2022年…增长5%): the clauses
# after it are the document's aims.
SETTING_VERBS = ("提出", "明确", "要求")  # a cheap test before the regex
DOCUMENT_SETS = re.compile(rf"(?:报告|规划|计划|方案|纲要|意见|通知)[^，,：:]{{0,4}}?(?:{'|'.join(SETTING_VERBS)})$")
# A clause that only names a year ahead (力争到2030年，…; 计划到2025年底，…): the clauses after
# it in the sentence are what is to be reached by then.
# The words before the year: a commitment, an aim (目标到2030年), a hope voiced in quoted speech
# (“期待到2030年，…”王旭说). The time: a year, or the end of a five-year plan (到“十五五”末).
YEAR_AHEAD = re.compile(
    r"[“「\"]?(?P<word>力争|确保|争取|计划|预计|目标是|目标|期待|期望|希望|要|将)?(?:在|到|至)"
    r"(?:(?:20\d\d|二〇[〇一二三四五六七八九]{2})年(?:底|末|年底)?前?|[“「\"]?十[一二三四五六七八九]五[”」\"]?(?:时期|期间)?末)"
)


def names_year_ahead(view: str, clause: str, sentence_start: int, sentence_end: int) -> bool:
    """A clause naming a year ahead (see ``YEAR_AHEAD``). Without a commitment word (到2015年，…)
    only in a sentence that reports nothing done: 到2019年底，全国还有…，截至目前…已经… looks back."""
    year = YEAR_AHEAD.fullmatch(clause)
    if year is None:
        return False
    return year.group("word") is not None or not (
        DONE_CLAUSE.search(view, sentence_start, sentence_end) or LOOKS_BACK.search(view, sentence_start, sentence_end)
    )


# A yield promised once a project is built: 达产后可年产…582万片, 建成通车后，年运送旅客可达….
ONCE_BUILT = re.compile(r"(?:建成|投产|达产|通车|竣工|完工|运营)[^，,；;。]{0,4}?后(?:可|将|能)?")
# A quantity held to a bound: 控制在5.5%以内, 稳定在…以上, 保持在…左右.
BOUNDED = re.compile(r"(?:控制|稳定|保持|维持)在[^，,；;。]{0,12}?(?:以内|以下|以上|左右)")


# A sum of money in a plan or budget: 26万亿元, 2.5万亿元, 二万亿, 八千亿 (the unit 元 is
# often left out of a budget figure).
MONEY = re.compile(
    rf"(?:约|近|超过|超|逾|达到?|为|共)?(?:{ARABIC_NUMBER}(?:多|余)?|[零〇一二两三四五六七八九十百千万]+)(?:万亿|亿|万)(?:元|美元|港元)?(?![{HAN}]{{0,1}}[人户吨亩个件次])"
)
# What makes a sentence speak of the year ahead or of a plan rather than of results.
# 将 before its object and a verb of placing or making (将478家重点企业纳入包保, 将安凹改造成…) is the
# preposition, not the modal: it plans nothing.
_WILL_AS_PREPOSITION = (
    r"(?!加快|全力|进一步|继续|力争|全面|逐步|大力|着力|重点|优先|陆续|尽快|争取|确保|持续|努力|积极|率先)"
    r"[^，,；;。！？]{1,20}?(?:纳入|列入|列为|作为|视为|改造成|打造成|建设成|转化为|改为|转为|变为|交由|移交"
    r"|嵌入|融入|植入|深植|贯穿|存放|相结合|延伸到|下沉到|细化为|细化到|制成)"
)  # 将小农户嵌入现代产业体系, 将党纪法规内容与家风家教相结合 (rules pass 11)
WILL_AS_PREPOSITION = _WILL_AS_PREPOSITION  # for achievement.py: 将 that plans nothing
PLAN_CONTEXT = re.compile(guarded(
    rf"今年|本年度|年内|明年|提出|拟|预算|安排|计划(?!完成率)|规划|{MODAL_WILL}(?!{_WILL_AS_PREPOSITION})|{MODAL_REQUIRE}"
))  # 计划完成率119.3%: a plan's outcome, reported
# A clause that reports what happened: perfective 了, 已, 累计, a comparison with last year.
DONE_CLAUSE = re.compile(guarded(r"(?<![为除])了(?!解)|已|累计|共计|同比|比上年|去年|上年|过去|又(?:新增|新建|完成|实现|获得|争取|投资|投入)"))


# A clause that only cites a plan as the source (根据计划，2022年，深圳安排…): what follows is the plan.
BY_THE_PLAN = re.compile(r"(?:根据|按照|依据|按)(?:该|这一|此)?(?:计划|规划|方案|纲要)")


def sets_aims(view: str, clause: str, end: int) -> bool:
    """A clause that reports a document setting aims (今年的政府工作报告提出，…) or cites a plan
    as the source (根据计划，…): the clauses after it are the document's aims, not results."""
    if view[end: end + 1] not in "，,：:":
        return False
    if BY_THE_PLAN.fullmatch(clause):
        return True
    return clause.endswith(SETTING_VERBS) and DOCUMENT_SETS.search(clause) is not None


_BUILT_REACH = 10  # 项目建成投产后可…: the condition opens its clause


def completion_to_come(view: str, start: int, end: int) -> re.Match[str] | None:
    """The condition of a completion still to come that opens the clause ``start``–``end``
    (项目建成投产后可年产…: its yield is promised), or None — also for one met in the past
    (去年建成投产后: its yield is a result)."""
    if "后" not in view[start: min(end, start + _BUILT_REACH)]:
        return None
    built = ONCE_BUILT.search(view, start, min(end, start + _BUILT_REACH))
    if built is None or DONE_CLAUSE.search(view, start, built.end()):
        return None
    return built
# A sentence that looks back (今年以来, 截至目前): its figures are results, whatever its verbs.
LOOKS_BACK = re.compile(r"以来|截至|截止|目前|实现了|完成了|取得了")

# A paragraph of plans (the tasks part of a work report): it speaks of the future (力争, 确保,
# 要, 将, 年底前 …) and reports next to nothing done. Its clauses that end on a quantity are
# aims even without a commitment word of their own (新增设施农业16.8万亩, 培育本土企业50家).
# 计划 as a verb only (今年计划…, ，计划…; not the noun of 人才振兴计划); 将 not in 现将 (now, …).
_PLAN_SIGNAL = re.compile(
    rf"力争|确保|争取|(?:(?<![{HAN}])|(?<=年))计划(?!完成率)|{MODAL_REQUIRE}|(?<!现){MODAL_WILL}(?!{_WILL_AS_PREPOSITION})|年底前|年内"
)
_PAST_SIGNAL = re.compile(
    rf"{DONE_CLAUSE.pattern}|{LOOKS_BACK.pattern}|近年|多年来|取得(?!更大|更多|更好|新)|(?<!更大|更好|更多)(?<!新)成效"
    r"|荣获|获评|被评为|入选|获批|升至|跃居|连续(?:\d+|[两三四五六七八九十]+)年"
)  # 取得更大成效, 取得新突破: what is still to be won; 连续3年举办: years gone by
_PARAGRAPH = re.compile(r"[^\n]{30,}")
# A numbered task of a work report (（三）聚力创新驱动发展，推动产业转型升级。…): a paragraph of
# plans even in bare imperatives, when it reports nothing done.
_TASK_HEADING = re.compile(r"\s*[（(][一二三四五六七八九十]{1,3}[）)]")
_TASK_PARAGRAPH = 100
# A paragraph opened by a short task title in the imperative (加快发展壮大县域经济。扎实推进乡村
# 建设治理。), as the tasks part of a work report writes them: a paragraph of plans when it
# reports nothing done, even with no plan word of its own.
_TASK_TITLE = re.compile(
    r"\s*(?:坚决|扎实|加快|持续|全面|深入|大力|着力|统筹|聚力|聚焦|推动|推进|深化|建立健全|健全|完善|加强|强化|提升"
    r"|优化|培育|打造|构建|实施|落实|巩固|拓展|促进|坚持|守牢|筑牢|扛牢|严守|抓好|做好|办好|用好|狠抓)[^。！？!?，,；;\n\d]{2,22}。"
)
_PLANS_PER_PAST = 4  # one look back (同比增长15%以上) among many plans still leaves a plan
# A sentence about a year named as its topic (“2024年，…产值突破7000亿元。) without a plan of
# its own looks back, even among plans.
_YEAR_TOPIC = re.compile(
    r"[“「”」\"\s]*(?:(?:19|20)\d\d年(?:\d{1,2}月(?:\d{1,2}日)?)?(?:以来)?|一季度|前三季度|上半年|今年以来)[，,]"
)
# A year named as the topic after a label or an ellipsis (产业发展：2018 年景区实现接待…, ……2024年，
# …), or a change between two named years (从2012年的129万人次增长至2018年的463万人次): a sentence
# about those years, looking back unless it plans something of its own.
_DATED_INSIDE = re.compile(
    r"(?:[：:]|……)[“「\"\s]*(?:19|20)\d\d\s?年(?:\d{1,2}月)?(?:以来|至今)?[，,]?(?!\d)"
    r"|从(?:19|20)\d\d年[^，,；;。]{0,20}?(?:增长|提高|增加|提升|上升|下降|减少)(?:至|到)(?:19|20)\d\d年"
)


def _dated(view: str, start: int, end: int) -> bool:
    """A sentence about a named year (see ``_YEAR_TOPIC`` and ``_DATED_INSIDE``)."""
    return bool(_YEAR_TOPIC.match(view, start) or _DATED_INSIDE.search(view, start, end))
# A paragraph that opens by going on (同时，着力提升…,新增…500家) continues the plans of the
# paragraph before it, even with no plan word of its own.
_GOES_ON = re.compile(r"\s*(?:同时|此外|另外|与此同时|此外还|另一方面)[，,]")
_PLAN_SENTENCE = re.compile(f"[^{re.escape(SENTENCE_BREAKS)}]+")


# The first characters of every signal, tried first: most positions are turned away at once.
_SIGNAL_FIRSTS = "力确争计要将年了已累共同比去上过又以截目实完取近多成荣获被入升跃连"
# A year-on-year growth with the hedge of an aim (同比增长15%以上) and an assessment of results
# still to make (成效评估) report nothing done.
_NOT_PAST = r"(?!同比(?:增长|提高|提升|增加)[^，,；;。]{0,10}?(?:以上|左右)|成效(?:评估|评价|考核|监测))"
_SIGNALS = re.compile(f"(?=[{_SIGNAL_FIRSTS}])(?:(?P<plan>{_PLAN_SIGNAL.pattern})|{_NOT_PAST}(?P<past>{_PAST_SIGNAL.pattern}))")


@functools.lru_cache(maxsize=8)
def plan_sentences(view: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of each sentence of a paragraph of plans (see ``_PLAN_SIGNAL``) that does
    not itself look back, in text order. The signals are found in one pass over the text,
    then counted per paragraph and sentence."""
    plans, past = [], []
    quoted = quotes(view)
    openings = [quote.open for quote in quoted]
    for signal in _SIGNALS.finditer(view):
        if signal.lastgroup == "plan":
            index = bisect.bisect_right(openings, signal.start()) - 1
            if index >= 0 and signal.start() < quoted[index].close:
                continue  # 要 in quoted speech (“…要看项目能不能补链强链。”) plans nothing
            plans.append(signal.start())
        else:
            past.append(signal.start())
    found = []
    plans_part = SortedRegions(plans_parts(view))
    aim_starts = [start for start, _ in aims_regions(view)]
    in_plans = False  # the last paragraph with signals spoke of plans (or listed aims)
    section = False  # inside a section of a report's plans (after its aims or a task heading)
    for paragraph in _PARAGRAPH.finditer(view):
        start, end = paragraph.span()
        plan_count = _count_in(plans, start, end)
        past_count = _count_in(past, start, end)
        heading = _TASK_HEADING.match(view, start) is not None
        task_heading = end - start >= _TASK_PARAGRAPH and (heading or _TASK_TITLE.match(view, start) is not None)
        lists_aims = _count_in(aim_starts, start, end) > 0
        in_plans = in_plans or lists_aims
        goes_on = in_plans and past_count == 0 and _GOES_ON.match(view, start) is not None
        if plans_part.covers(start, end):
            # under a heading of plans (2026年工作安排, “十五五”时期主要目标任务): every sentence
            # that looks back at nothing is a plan, whatever its words (全员劳动生产率年均增长5%。)
            found.extend(_sentences_without(view, start, end, past))
            in_plans, section = True, True
            continue
        if not plan_count and not task_heading and not goes_on and not (section and past_count == 0):
            # a paragraph in bare imperatives (加大研发投入。…实施…) inside a section of plans
            # goes on with them; a short task heading opens a section in the plans part of a
            # report (after its aims), not in its review
            if past_count:
                in_plans = False
            section = past_count == 0 and (lists_aims or (heading and in_plans))
            continue
        qualifies = past_count == 0 or (past_count == 1 and plan_count >= _PLANS_PER_PAST)
        in_plans = qualifies
        section = qualifies and (section or heading or lists_aims)
        if qualifies:
            for sentence in _PLAN_SENTENCE.finditer(view, start, end):
                first, last = sentence.span()
                if past_count and _count_in(past, first, last):
                    continue
                if _dated(view, first, last) and not _count_in(plans, first, last):
                    continue
                found.append((first, last))
    return tuple(found)


def _sentences_without(view: str, start: int, end: int, past: list[int]) -> Iterator[tuple[int, int]]:
    for sentence in _PLAN_SENTENCE.finditer(view, start, end):
        if not _count_in(past, *sentence.span()) and not _YEAR_TOPIC.match(view, sentence.start()):
            yield sentence.span()


# A heading over a report's plans: a short line naming them (二、2026年工作安排, “十五五”时期的主要
# 目标任务, 今年重点工作); a heading over results (工作回顾, 完成情况, 主要成效) closes that part.
_PLANS_HEADING = re.compile(r"工作安排|重点工作|重点任务|主要任务|目标任务|主要目标|发展目标|预期目标|工作打算|工作思路|工作部署")
_RESULTS_HEADING = re.compile(r"回顾|成绩|成效|成就|总结|完成情况|过去|进展")
_LINE = re.compile(r"[^\n]+")
_HEADING_LINE = 40  # longer lines are paragraphs, not headings


@functools.lru_cache(maxsize=8)
def plans_parts(view: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of each part of a text under a heading of plans, up to the next heading of
    results or the end of the text."""
    if _PLANS_HEADING.search(view) is None:  # most texts: one scan, nothing more
        return ()
    parts, opened = [], None
    for line in _LINE.finditer(view):
        text = line.group().strip()
        if len(text) > _HEADING_LINE or "。" in text.rstrip("。"):
            continue
        if _RESULTS_HEADING.search(text):
            if opened is not None:
                parts.append((opened, line.start()))
                opened = None
        elif opened is None and _PLANS_HEADING.search(text):
            opened = line.end()
    if opened is not None:
        parts.append((opened, len(view)))
    return tuple(parts)


def _count_in(positions: list[int], start: int, end: int) -> int:
    return bisect.bisect_left(positions, end) - bisect.bisect_left(positions, start)


def governing_future(resources: Resources) -> re.Pattern[str]:
    """A future modal that opens a plan (我们将全力…, 今年将实施…, 要加快…): 将 or 要 before an
    adverb of effort or a plan verb (``lexicons/plan_verbs.txt``), or 将 after its subject
    (我们将, 还将); 将 before a noun is the preposition (将…纳入…) and governs nothing."""
    verbs = lexicon_alternation(resources, "plan_verbs", required=False)
    return re.compile(guarded(
        rf"(?:{MODAL_WILL}|{MODAL_REQUIRE}|{MODAL_NEED})(?:{verbs})|(?:我们|我省|我市|我县|我区|今年|明年|还|也|并|都|亦)将(?![军领士近])"
    ))


def budget_plans(resources: Resources) -> Callable[[str], tuple[tuple[int, int], ...]]:
    """Budget and investment plans: a budget noun (财政支出, 专项债券, 减税降费 …, from
    ``lexicons/budget_nouns.txt``) with a sum of money in a clause that reports nothing done,
    in a sentence about the year ahead or a plan. Gives (start, end) per clause, from the
    clause's start (without time, scope and a lead-in such as 报告提出) to the last sum.

    The TARGET rules (which yield them) and the ACHIEVEMENT rules (which leave them out) ask
    for the same text: the nouns are looked up once over the whole text and the answer cached.
    """
    noun = re.compile(lexicon_alternation(resources, "budget_nouns", required=False))
    return functools.partial(_budget_spans, noun=noun)


@functools.lru_cache(maxsize=8)
def _budget_spans(view: str, noun: re.Pattern[str]) -> tuple[tuple[int, int], ...]:
    found: list[tuple[int, int]] = []
    last_sentence = -1
    planned_until = -2  # the end of the last sentence that held a planned sum
    for hit in noun.finditer(view):
        if hit.start() < last_sentence:
            continue
        sentence_start = _sentence_start(view, hit.start(), SENTENCE_BREAKS)
        stop = _SENTENCE_END.search(view, hit.end())
        sentence_end = stop.start() if stop else len(view)
        last_sentence = sentence_end
        sentence = view[sentence_start:sentence_end]
        if "亿" in sentence or "万" in sentence:  # a sum of money needs its magnitude
            # a planned sum's rise over last year's (拟发行…1.3万亿元、比上年增加3000亿元) measures
            # the plan, in a sentence that plans (拟) or right after one of planned sums
            compared_plan = "拟" in sentence or (planned_until == sentence_start - 1 and view[planned_until] != "\n")
            before = len(found)
            found.extend(_budget_clauses(view, sentence_start, sentence_end, noun, compared_plan))
            if len(found) > before:
                planned_until = sentence_end
    return tuple(found)


_SENTENCE_END = re.compile(f"[{re.escape(SENTENCE_BREAKS)}]")
_LONGEST_SENTENCE = 300


def _sentence_start(view: str, position: int, breaks: str) -> int:
    """Where the sentence holding ``position`` starts: after the last of ``breaks`` before it,
    looked for at most ``_LONGEST_SENTENCE`` back (rfind without a floor scans the whole text)."""
    floor = max(0, position - _LONGEST_SENTENCE)
    return max(floor - 1, max(view.rfind(c, floor, position) for c in breaks)) + 1


def _budget_clauses(
    view: str, sentence_start: int, sentence_end: int, noun: re.Pattern[str], compared_plan: bool = False
) -> Iterator[tuple[int, int]]:
    if not PLAN_CONTEXT.search(view, sentence_start, sentence_end) or LOOKS_BACK.search(view, sentence_start, sentence_end):
        return
    for raw_start, raw_end in clauses(view, sentence_start, sentence_end):
        start, end = strip_span(view, raw_start, raw_end)
        if DONE_CLAUSE.search(view, start, _plan_compared(view, start, end) if compared_plan else end):
            return  # …又新增…300万元，扩大…7000多万元: a sentence of results from here on
        first = noun.search(view, start, end)
        if first is None:
            continue
        sums = list(MONEY.finditer(view, first.end(), end))
        if sums and _COMPARED.match(view, end + 1):
            return  # 完成财政收入9.63亿元，同比下滑31.4%: a result compared with last year
        if sums and _COMPLETED_SUM.search(view, start, sums[-1].start()) and not _PLANS_ITSELF.search(view, start, end):
            continue  # 全部财政收入完成11.5亿元, 304个省列重大项目完成投资2929亿元: a sum met, reported
        if sums:
            lead = _PLAN_LEAD_IN.match(view, start, end)
            yield (lead.end() if lead else start), sums[-1].end()


_COMPARED = re.compile(r"\s*(?:同比|比上年|较上年|比去年|较去年)")
# A sum completed (财政收入完成11.5亿元, 完成投资2929亿元) is a result unless its own clause plans
# it (今年完成投资85亿, 西藏将完成…投资85亿元, 预计本年度完成投资21.31亿元): the sentence's plan
# words elsewhere do not make it one (pass 15).
_COMPLETED_SUM = re.compile(r"完成")
# 预算收入 is a kind of revenue and 超年度计划 a plan exceeded: neither plans the sum.
_PLANS_ITSELF = re.compile(
    rf"今年|本年|全年|年内|明年|提出|拟|安排|(?<![超度])计划(?!完成率)|规划|预计|力争|确保|争取|{MODAL_WILL}|{MODAL_REQUIRE}|{MODAL_NEED}"
)
# A figure's change over last year's joined to it by 、 (…29.7万亿元、比上年增加1.2万亿元,
# 拟按4%左右安排、比上年提高1个百分点).
_SUM_COMPARED = re.compile(r"(?<=[\d%元亿万左右排])、(?:比上年|较上年)(?:增加|提高|减少|下降|增长)")


def _plan_compared(view: str, start: int, end: int) -> int:
    """Where a clause's comparison of a planned sum with last year's starts (its end if none):
    the comparison is part of the plan, not a report of something done."""
    compared = _SUM_COMPARED.search(view, start, end)
    return compared.start() if compared else end
_PLAN_LEAD_IN = re.compile(
    r"(?:今年|全年|同时|其中|并|还)?(?:全国|全省|全市|全县|全区|中央|[^，,；;]{0,6}?报告)?(?:提出|安排|拟安排|拟|计划)?"
)  # what a budget span leaves out on the left: time, scope, the plan that states it


class SortedRegions:
    """Membership in many stretches of text that do not overlap, given in text order."""

    def __init__(self, regions: tuple[tuple[int, int], ...] | list[tuple[int, int]]):
        self.regions = regions
        self.starts = [start for start, _ in regions]

    def covers(self, start: int, end: int) -> bool:
        index = bisect.bisect_right(self.starts, start) - 1
        return index >= 0 and end <= self.regions[index][1]


class Regions:
    """Membership in stretches of text that may overlap (a list of aims inside another's
    paragraph). Looked up by bisection, not one region after another: a text of many short
    lists asked about each of its clauses stays linear."""

    def __init__(self, regions: tuple[tuple[int, int], ...] | list[tuple[int, int]]):
        self.regions = sorted(regions)
        self.starts = [start for start, _ in self.regions]
        # the furthest end among the regions that start at or before each one
        self.reach = list(itertools.accumulate((end for _, end in self.regions), max))

    def covers(self, start: int, end: int) -> bool:
        index = bisect.bisect_right(self.starts, start) - 1
        return index >= 0 and end <= self.reach[index]


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
    while match := OPENER.search(view, position):
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
    return guarded_alternation(entries)


def guarded_alternation(entries) -> str:
    """``a|b|c`` behind a look-ahead on the entries' first characters: the regex engine tries
    every alternative at every position, and the look-ahead turns most positions away at once
    (a lexicon of a hundred entries costs about what a lexicon of ten does)."""
    entries = [entry for entry in entries if entry]
    if not entries:
        return "(?!)"
    firsts = "".join(sorted({re.escape(entry[0]) for entry in entries}))
    return f"(?=[{firsts}])(?:{'|'.join(re.escape(entry) for entry in entries)})"


def quantity_regex(resources: Resources, chinese: bool = True) -> re.Pattern[str]:
    """A number with its unit (亿元, %, 个, 人次 …), optional 多/余 and 以上/左右/以内."""
    units = lexicon_alternation(resources, "units")
    number = f"(?:{ARABIC_NUMBER}|{CHINESE_MAGNITUDE_NUMBER})" if chinese else ARABIC_NUMBER
    return re.compile(rf"{NUMBER_AHEAD}{number}(?:多|余)?[十百千万亿]*(?:多|余)?(?:{units})(?:以上|左右|以内|多)?")


# A unit that is the first character of a word (百亿项目: projects of ten billion, not 百亿 items).
_UNIT_IN_WORD = re.compile(r"项目")


class Quantities:
    """Every quantity of a text, found once, then handed out clause by clause."""

    def __init__(self, view: str, regex: re.Pattern[str]):
        self.matches = [m for m in regex.finditer(view) if not is_date_or_zero(view, m) and not _UNIT_IN_WORD.match(view, m.end() - 1)]
        self.starts = [m.start() for m in self.matches]

    def between(self, start: int, end: int) -> list[re.Match[str]]:
        first = bisect.bisect_left(self.starts, start)
        last = bisect.bisect_left(self.starts, end, first)
        return [m for m in self.matches[first:last] if m.end() <= end]


# Words that begin with 年 after a count without making it a date (20名年轻干部, 45项年度实事).
_YEAR_WORD = re.compile(r"年(?:轻|度|级|龄|均)")


def is_date_or_zero(text: str, match: re.Match[str]) -> bool:
    """A number that is a date (2021年, 7月, 20日) or a zero count (0人参与)."""
    following = text[match.end(): match.end() + 1]
    value = match.group()
    if following and following in "年月号" and not _YEAR_WORD.match(text, match.end()):
        return True
    if value.endswith("日") and not value.endswith("工作日"):
        return True
    digits = re.match(r"\d+(?:\.\d+)?", value)
    return bool(digits) and float(digits.group()) == 0
