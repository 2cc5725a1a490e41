"""SLOGAN 口号/提法: fixed political catchphrases and formulations.

One builder runs every slogan rule over a text, then echoes what it found: a formulation
the text has introduced once (quoted, as a title couplet or as a numbered chain) is a
slogan wherever the same text repeats it, quoted or not.

Rule ids (annotators' acceptance is tracked per id):

- ``slogan:lexicon``  well-known national formulations (``lexicons/slogans.txt``)
- ``slogan:numbered`` a quoted numbered formulation: “五个统筹”, “三张考卷”, “十型”, “5020”
- ``slogan:numbered-chain`` an unquoted chain of numbered parts: 三统筹三扩大四创建, 六稳六保
- ``slogan:model``    a quoted "X+Y+Z" model: “党建+网格+服务”, “互联网+”
- ``slogan:quoted``   any other quoted catchphrase, kept only with evidence (see ``_quoted_evidence``)
- ``slogan:chain``    an unquoted motto of parallel phrases: 干部清正、政府清廉、政治清明
- ``slogan:couplet``  a title line of parallel phrases: 踔厉奋发向未来 笃行不怠开新局
- ``slogan:brand``    a province or the country branded with a quality: 美丽中国, 森林河南; any
  place quoted with two qualities or more in one text: “平安郑州”、“幸福郑州”
- ``slogan:strategy`` a named county or province strategy: 人才强县(战略), 人才强冀(战略)
- ``slogan:circle``   a "N-minute circle" of services: 15分钟就业服务圈
- ``slogan:correlative`` an unquoted principle of who answers for what: 谁主管谁负责、谁审批谁监管
- ``slogan:correlative`` also a pledge that one thing goes wherever another goes: 企业发展到哪里，
  党的组织就覆盖到哪里; 哪里有困难，哪里就有党员
- ``slogan:definition`` paired definitions: 抓项目就是抓发展，谋项目就是谋未来
- ``slogan:chiasmus`` two clauses that swap their nouns: 把骨干培养成党员，把党员培养成骨干
- ``slogan:chant``    three or more short clauses with one character in the same place: 学党史，颂党恩，跟党走
- ``slogan:enumeration`` the items a quoted numbered name counts, written beside it: 精治、智治、根治、法治、共治“五治”
- ``slogan:echo``     a later repetition of any of the above in the same text
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

from ..records import CandidateSpan
from ..resources import Resources
from .lang import (
    CLAUSE_BREAKS,
    HAN,
    NUMERAL,
    Quote,
    han_count,
    is_han,
    lexicon_alternation,
    quotes,
)
from .campaign import quoted_campaign
from .words import Words

SLOGAN = "SLOGAN"
Rule = Callable[[str], Iterable[CandidateSpan]]

# Numbers that open a formulation. 一 only in 一个… / 一号…, when another number follows
# within two characters (一城三区, 一核两带三片区) or in 一X一Y: 一把手, 一支烟, 一窗通办 are words.
# 一X一Y (一人一档, 一县一策, 一老一少) is a formulation too: one of each, a pairing.
_NUMBERED_START = re.compile(
    r"[二两三四五六七八九十双]|一(?=[个号]|[\u4e00-\u9fff]{1,2}[两二三四五六七八九十]|[\u4e00-\u9fff]一[\u4e00-\u9fff])"
)
_NOT_NUMBERED = re.compile(
    rf"[{NUMERAL}]+大"  # “六大”发展战略: a bare count
    r"|十[一二三四五六七八九]五"  # 十四五: a five-year-plan period
    rf"|[{NUMERAL}]+个?(?:年|月|天|日|周|小时|次|级|批|倍|成)"  # durations and plain counts
    r"|[一二三四五六七八九十]{2}"  # “七一”, “五四”, “三八”: a month and a day, a festival's date
)
_COUNT_START = re.compile(rf"[{NUMERAL}]+(?:年|月|天|日|周|届|次)")  # “十年磨一剑”: an idiom of time
# A package of measures named by its count at the end: “青十条”, “人才新政30条”, “稳增长八招”.
_POLICY_PACKAGE = re.compile(rf"[{HAN}](?:[{NUMERAL}]{{1,3}}|\d{{1,3}})(?:条|招|策)$")
_NUMERAL_RUN = re.compile(rf"[{NUMERAL}]{{2,}}")
_DIGIT_FORMULATION = re.compile(r"\d{3,8}")
_PHONE_AFTER = re.compile(r"[\u4e00-\u9fff]{0,4}(?:热线|电话|号码|专线|短信)|举报")  # “12380”举报: a reporting line
_PART_SPLIT = re.compile(r"[、，,；;·\s]+")
# A correlative principle is no question: 谁主管谁负责, “谁保护谁受益、谁破坏谁补偿”, “网下管
# 什么，网上就要管什么” (whoever does one thing does the other; whatever one does, so does the other).
_CORRELATIVE = re.compile(rf"谁[{HAN}]{{1,3}}谁[{HAN}]|[{HAN}]什么[，,]?[{HAN}]{{1,6}}什么")
# Unquoted, only the common shape of two two-character verbs, chained by 、 or ，: 谁主管谁负责.
_CORRELATIVE_CHAIN = re.compile(rf"谁[{HAN}]{{2}}谁[{HAN}]{{2}}(?:[、，,]谁[{HAN}]{{2}}谁[{HAN}]{{2}})*")
_QUESTION = re.compile(r"^(?:谁|怎|什么|哪|如何|为什么|为何|是否|几|多少)|(?:什么|吗|呢|如何|怎么办|怎么样)$")
# Quoted speech, not a catchphrase: more Han characters than a motto has, over a comma
# (“原本需要15个工作日的流程，仅用5天就完成了…”); a couplet motto keeps within it.
# (“研发在武汉、生产在黄石，孵化在武汉、…” is a motto: parallel parts without particles).
_SPEECH_LENGTH = 20
_LONGEST_NAMED_SERIES = 24  # quotes and joints of a series named a campaign at once (12 names)
_SPEECH_MARK = re.compile(r"[的了吗呢‘’'\d]")
# Words of talk, not of mottos: degree adverbs, modal particles, pronouns of the speakers, time
# words of a story (“以前…大家都搞得很疲惫”, “现在扫码就餐，各吃各的，更简单”, “不跑不要，也能进步”).
_COLLOQUIAL = re.compile(r"[很太挺呢吧啊呀吗嘛哦]|大家|我们|咱们|有时候|以前|现在|竟然|真的|也[能会可]|都[搞得在]")
# “后半篇文章”: 做…文章 (to make the most of something) is an idiom; the phrase does not name
# itself a formulation the way “枫桥经验” does.
_IDIOM_HEAD = "文章"
_BREAK_BEFORE = frozenset(CLAUSE_BREAKS) | {"\n", ""}
_CHAIN_RUN = re.compile(rf"(?<![{HAN}])[{HAN}]+(?:、[{HAN}]+)+")  # from a run's start: linear
# Measure words and the like: after a number they make a count, not a formulation.
_CLASSIFIERS = frozenset("个是届次年月日号名批级期项条件位家户人岁天倍成层种类份篇场轮所座张把周")
# Characters a two-item motto may share (起步就是冲刺、开局就是决战; 奋进新征程、建功新时代);
# a shared content word makes an enumeration (完成整治任务、实现整治目标).
_MOTTO_LINKS = frozenset("就是者之于在不无有新必要为以而则更再又也都")
# A "N-minute circle" of services in reach: 15分钟生活圈, 15分钟就业服务圈, 十分钟养老圈,
# 15分钟高品质生活服务圈 (up to eight characters of what the circle serves).
_SERVICE_CIRCLE = re.compile(rf"(?<![\d.])(?:\d{{1,2}}|[一二三五十]{{1,3}})分钟[{HAN}]{{1,8}}?圈")
_COUPLET_LINE = re.compile(r"[^\n]+")
_COUPLET_GROUP = re.compile(rf"[{HAN}]+")
# A "X+Y+Z" model: Han (or a Latin abbreviation) parts joined by plus signs, or one part with
# a trailing plus (互联网+). Each part is short: a sentence with a plus in it is no model.
# A model of numbers joined by plus signs: “1+3+8”, “1+N”, “4+2”.
_DIGIT_MODEL = re.compile(r"\d{1,2}(?:\s*[+＋]\s*(?:\d{1,2}|[NnXx]))+")
# A leading plus is the other half of a trailing one (“旅游+”和“+旅游”); a trailing × is the
# same family of national actions (“人工智能+”“数据要素×”行动).
_PLUS_MODEL = re.compile(
    rf"[{HAN}A-Za-z0-9]{{1,8}}(?:\s*[+＋]\s*[{HAN}A-Za-z0-9]{{1,8}})+|[{HAN}]{{2,6}}[+＋×]|[+＋][{HAN}]{{2,6}}"
)
# A two-part model is a named way of working, not a kind of industry (“生态+大健康”产业), when it
# is the means of an action (以/利用/依托“信用+园区担保贷”), when what follows makes the two
# parts work together (“科技+影视”深度融合, …赋能), when it extends “互联网+” (“互联网+监督”), or
# when it is a clause of its own (⏎“本土制作+全球发行”，拓宽…).
_MODEL_MEANS_BEFORE = re.compile(r"(?:以|利用|依托|借助|通过|推行|采取|采用)$")
_MODEL_JOINT_AFTER = re.compile(r"(?:深度|双向|有机)?(?:融合|赋能|联结|联动|互促|双轮驱动)")
_NATIONAL_PLUS = re.compile(r"(?:互联网|人工智能|智能|数字|数据要素)\s*[+＋]")
# A dictionary word this common is a word of the language (an idiom, a place: 三门峡), not
# a part of a local formulation (四基地, 四区 are rare or absent).
_COMMON_WORD = 30
_NUMBERED_PART = re.compile(rf"[{NUMERAL}双][{NUMERAL}]?(?:(?![{NUMERAL}双])[{HAN}])+")


# One-character names of provinces a strategy may strengthen: 人才强冀, 科教兴黔, 工业强桂.
_PROVINCE_ABBREVIATIONS = "冀豫鲁晋苏浙皖闽赣湘鄂粤桂琼蜀黔滇陕秦陇辽吉黑渝沪津京藏宁青新蒙"
# A brand that names the kind of zone or model a place is designated (美丽中国先行区, 美丽中国
# 城市样板, 数字中国示范区): the designation's name (HONOUR's), not a slogan of its own; nor one
# named as a programme of building (平安河北建设: the annotators leave those unmarked; every one in
# dev was a false candidate). Built as an object (建设森林江西) it stays a brand.
_DESIGNATION_AFTER = r"(?:建设|先行区|先行示范区|示范区|城市样板|样板|试点|示范城市|示范市|示范县)"
_DESIGNATION = re.compile(_DESIGNATION_AFTER)


def build_slogans(resources: Resources) -> Rule:
    """Every slogan rule, then the echo of what they found (see the module docstring)."""
    words = Words(resources)
    campaign_heads = lexicon_alternation(resources, "campaign_heads")
    cues_before = re.compile(rf"(?:{lexicon_alternation(resources, 'slogan_cues_before', required=False)})$")
    cues_after = re.compile(
        rf"的?[{HAN}]{{0,4}}?(?:{lexicon_alternation(resources, 'slogan_cues_after', required=False)})"
    )
    # A quoted phrase that names a campaign: “三转”活动, “双统筹”“双战”“巩固衔接”等系列扛旗争先活动.
    # A series of quoted names before the head (“…”“…”等系列活动) is bounded: unbounded, each
    # quote of a long run of quotes would scan the whole run again (quadratic in the text).
    campaign_after = re.compile(
        rf"(?:[“「\"‘][^”」\"’]{{1,20}}[”」\"’]|[、和与及]){{0,{_LONGEST_NAMED_SERIES}}}(?:等)?(?:系列)?[{HAN}]{{0,6}}?"
        rf"(?:{campaign_heads})"
    )
    names_campaign = re.compile(campaign_heads)
    medal_name = re.compile(rf"(?:{lexicon_alternation(resources, 'honour_medals', required=False)})$")
    launch_words = frozenset(resources.lexicon("campaign_launch_verbs"))
    problems = lexicon_alternation(resources, "problem_nouns", required=False)
    problem_after = re.compile(rf"等?(?:{problems})")
    refusals = _Refusals(
        problem_after=re.compile(rf"等?的?(?:{problems})"),
        problem_before=re.compile(
            rf"(?:{lexicon_alternation(resources, 'problem_verbs', required=False)})了?$"
        ),
        saying=re.compile(lexicon_alternation(resources, "saying_nouns", required=False)),
        other_name_after=re.compile(
            rf"[{HAN}]{{0,4}}?(?:{lexicon_alternation(resources, 'slogan_other_names_after', required=False)})"
        ),
    )
    campaign_names = frozenset(resources.lexicons.get("campaign_names", ()))
    lexicon = _lexicon_regex(resources.lexicon("slogans"))
    brand = re.compile(
        rf"(?:{lexicon_alternation(resources, 'slogan_brand_modifiers', required=False)})"
        rf"(?:{lexicon_alternation(resources, 'places', required=False)})(?![{HAN}]{{0,1}}[省市县区])"
        rf"(?!{_DESIGNATION_AFTER})"
    )
    formulation_heads = re.compile(
        rf"(?:{lexicon_alternation(resources, 'slogan_cues_after', required=False)})$"
    )
    brand_modifiers = re.compile(
        rf"({lexicon_alternation(resources, 'slogan_brand_modifiers', required=False)})([{HAN}]{{2,3}})"
    )
    strategy = re.compile(rf"[{HAN}]{{2}}[强兴立富旺稳][县市区省镇乡{_PROVINCE_ABBREVIATIONS}](?=战略)")
    thing_heads = resources.lexicons.get("slogan_thing_heads", ())
    thing_head = re.compile(f"(?:{lexicon_alternation(resources, 'slogan_thing_heads')})$") if thing_heads else None
    units = resources.lexicons.get("slogan_service_units", ())
    one_stop = re.compile(f"一(?:{lexicon_alternation(resources, 'slogan_service_units', required=False)})") if units else None
    numbered_chain = re.compile(
        rf"(?<![{NUMERAL}\d第])(?:[{NUMERAL}双][{NUMERAL}]?(?:(?![{NUMERAL}双])[{HAN}]){{1,3}}){{2,5}}"
    )

    def apply(view: str) -> list[CandidateSpan]:
        found: list[CandidateSpan] = []
        quoted = quotes(view)
        for match in lexicon.finditer(view):
            found.append(CandidateSpan(match.start(), match.end(), SLOGAN, "slogan:lexicon", 0.9))
        paired = _paired_quotes(view, quoted)
        series_ends = _series_ends(view, quoted) if quoted else []
        refused_until = -1
        app_names = _app_names(view, quoted, series_ends)
        for index, quote in enumerate(quoted):
            if view[quote.open + 1: quote.close] in app_names:
                continue  # “湘办通” again, once the text has called it an app
            if medal_name.search(view, quote.open + 1, quote.close):
                continue  # “七一勋章”: a medal's name (HONOUR); 七一 is its date, not a numbered formulation
            if view[quote.open + 1: quote.close] in campaign_names:
                continue  # “我为群众办实事”: a campaign (CAMPAIGN), not a slogan
            if quoted_campaign(view, quote.open + 1, quote.close, names_campaign, words, launch_words) and not _is_numbered(
                view[quote.open + 1: quote.close]
            ):
                continue  # “清风行动”, “效能革命”: the whole quote names a campaign
            candidate = _quoted(
                view, quote, words, cues_before, cues_after, campaign_after, problem_after, formulation_heads,
                paired=quote.open in paired, one_stop=one_stop, thing_head=thing_head,
            )
            if candidate is None or quote.open < refused_until:
                continue  # (in a series refused as a whole: 杜绝“带病提拔”“带病上岗”)
            if refusals.refuse(view, quote, series_ends[index]):
                refused_until = series_ends[index]
                continue  # a problem tag, a cited saying, the title of a report or a show
            found.append(candidate)
        found.extend(_enumerations_of_numbered(view, quoted, words))
        inside_quotes = _coverage(quoted, len(view))
        found.extend(_numbered_chains(view, numbered_chain, inside_quotes, words))
        found.extend(_chains(view, inside_quotes, words))
        found.extend(_couplets(view))
        found.extend(_compact_chains(view, inside_quotes, words))
        for match in brand.finditer(view):
            if not any(match.start() > q.open and match.end() <= q.close for q in quoted):
                found.append(CandidateSpan(match.start(), match.end(), SLOGAN, "slogan:brand", 0.7))
        found.extend(_branded_series(view, quoted, brand_modifiers, found))
        for match in strategy.finditer(view):
            found.append(CandidateSpan(match.start(), match.end(), SLOGAN, "slogan:strategy", 0.7))
        if "谁" in view:  # literal core first
            for match in _CORRELATIVE_CHAIN.finditer(view):
                if not inside_quotes[match.start()]:
                    found.append(CandidateSpan(match.start(), match.end(), SLOGAN, "slogan:correlative", 0.7))
        found.extend(_parallel_clauses(view, words))
        if "分钟" in view:  # literal core first
            for match in _SERVICE_CIRCLE.finditer(view):
                found.append(CandidateSpan(match.start(), match.end(), SLOGAN, "slogan:circle", 0.7))
        named = [q for q in quoted if campaign_after.match(view, q.end)]  # “…”活动: a campaign's name
        naming = {(q.open + 1, q.close) for q in named}
        found = [  # “不忘初心、牢记使命”主题教育: a motto that names a campaign is the campaign's (codebook)
            c for c in found
            if not (c.rule == "slogan:lexicon" and (c.start, c.end) in naming and not _is_numbered(view[c.start: c.end]))
        ]
        found.extend(_echoes(view, found, named, words))
        return found

    return apply


# ------------------------------------------------------------------ lexicon


def _lexicon_regex(entries: Iterable[str]) -> re.Pattern[str]:
    """Entries as written; an enumeration comma inside an entry also matches , ， or nothing
    (大众创业、万众创新 = 大众创业万众创新)."""
    entries = list(entries)
    parts = [re.escape(entry).replace("、", "[、,，]?") for entry in entries]
    if not parts:
        return re.compile("(?!)")
    firsts = "".join(sorted({re.escape(entry[0]) for entry in entries if entry}))
    return re.compile(f"(?=[{firsts}])(?:{'|'.join(parts)})")  # see lang.guarded_alternation


# ------------------------------------------------------------------ refusals


@dataclass(frozen=True)
class _Refusals:
    """Contexts that say a quoted phrase is not a formulation, whatever its form (patterns
    from lexicons: problem_nouns, problem_verbs, saying_nouns, slogan_other_names_after)."""

    problem_after: re.Pattern[str]
    problem_before: re.Pattern[str]
    saying: re.Pattern[str]
    other_name_after: re.Pattern[str]

    def refuse(self, view: str, quote: Quote, series_end: int) -> bool:
        """``series_end``: where the series of back-to-back quotes this one opens ends (what
        follows the series speaks for each of its quotes)."""
        if not _is_numbered(view[quote.open + 1: quote.close]):  # “四风”问题: a formulation against a problem
            if self.problem_after.match(view, series_end):
                return True  # “上下一般粗”“左右一个样”难题, ‘盯群’‘爬楼’的困扰: problem tags
            if self.problem_before.search(view, max(0, quote.open - _VERB_REACH), quote.open):
                return True  # 杜绝“带病提拔”: what is to be rid of, not a formulation adopted
        if _TITLE_AFTER.match(view, series_end):
            return True  # 享有“楚蜀通津”“千年古镇”等美誉, “…”“…”等荣誉: a place's epithets, an honour's titles
        if self.other_name_after.match(view, series_end) or _PLATFORM_AFTER.match(view, series_end):
            return True  # 推出“…”系列报道, “…”家风主题展, “赣餐码”平台: the title of a report, a show, an app
        if view[quote.open - 1: quote.open] == "》":
            return True  # 《诫子书》‘…’: a line cited from a book
        near = self.saying.search(view, max(0, quote.open - _SAYING_BEFORE), series_end + _SAYING_AFTER)
        if near is None:
            return False
        start, end = _sentence_around(view, quote.open, series_end)  # only when a saying noun is near
        return self.saying.search(view, max(start, quote.open - _SAYING_BEFORE), min(end, series_end + _SAYING_AFTER)) is not None


_VERB_REACH = 4  # a verb of two or three characters and 了
# An app or a platform named right after the quote (“赣餐码”平台, “智慧石油路”小程序); with words
# between (“…”服务平台) the quote can be a model the platform carries out.
# (“湘办通”应用程序, “横影通”“云勘景”“政企通”等应用场景.)
_PLATFORM_AFTER = re.compile(r"等?(?:平台|小程序|公众号|APP|App|app|应用程序|应用场景|客户端)")
# Right after a series of quotes, a noun that calls them titles or epithets conferred on a place,
# a person or a unit (the titles are HONOUR's; epithets, 美誉 and 之称, are no formulation).
_TITLE_AFTER = re.compile(r"等?(?:荣誉|称号|殊荣|美誉|美称|之称|雅称)")
# How near the noun that calls a quote a saying stands: …的箴言，更是其一生‘…’ (before);
# ‘…’，这不仅是他…家风的箴言 and “…”“…”等跨越古今的廉政箴言 (after the series).
_SAYING_BEFORE = 12
_SAYING_AFTER = 24
_SENTENCE_REACH = 120  # characters searched either side for the sentence's breaks
_SENTENCE_BREAK = re.compile(r"[。！？!?\n]")


def _app_names(view: str, quoted: tuple[Quote, ...], series_ends: list[int]) -> frozenset[str]:
    """The quoted names the text calls an app or a platform somewhere (“湘办通”应用程序): a
    name stays an app's wherever the text quotes it again (打开“湘办通”, 通过‘湘办通’赋码)."""
    return frozenset(
        view[quote.open + 1: quote.close] for index, quote in enumerate(quoted)
        if _PLATFORM_AFTER.match(view, series_ends[index])
    )


def _sentence_around(view: str, start: int, end: int) -> tuple[int, int]:
    """The sentence (between 。！？ or line breaks) around ``start``–``end``, within a reach."""
    low = max(0, start - _SENTENCE_REACH)
    before = view.rfind("\n", low, start)
    for mark in "。！？!?":
        before = max(before, view.rfind(mark, low, start))
    after = _SENTENCE_BREAK.search(view, end, min(len(view), end + _SENTENCE_REACH))
    return (before + 1 if before != -1 else low), (after.start() if after else min(len(view), end + _SENTENCE_REACH))


# ------------------------------------------------------------------ quoted

_RANKED_HONOUR = re.compile(r"[十百千][佳优]")


def _quoted(
    view: str,
    quote: Quote,
    words: Words,
    cues_before: re.Pattern[str],
    cues_after: re.Pattern[str],
    campaign_after: re.Pattern[str],
    problem_after: re.Pattern[str],
    formulation_heads: re.Pattern[str],
    paired: bool = False,
    one_stop: re.Pattern[str] | None = None,
    thing_head: re.Pattern[str] | None = None,
) -> CandidateSpan | None:
    """``paired``: the quote stands in a series of quoted names (see ``_paired_quotes``);
    ``one_stop``: 一 before a unit of a one-stop service (“一窗办理”)."""
    start, end = quote.inner
    inner = view[start:end]
    if _DIGIT_FORMULATION.fullmatch(inner):
        # “5020”项目, “13710”工作制度; not a year, not a hotline (“12345”热线)
        if re.fullmatch(r"(?:19|20)\d\d", inner) or _PHONE_AFTER.match(view, quote.end):
            return None
        return CandidateSpan(start, end, SLOGAN, "slogan:numbered", 0.7)
    if _DIGIT_MODEL.fullmatch(inner):
        return CandidateSpan(start, end, SLOGAN, "slogan:model", 0.75)  # “1+3+8”体系, “1+N”
    if _PLUS_MODEL.fullmatch(inner) and han_count(inner) >= 2:
        # “党建+网格+服务”, “互联网+”, “文化+”; two parts only as a named model (“党建+X”模式,
        # 以“艺术+科技”为媒介), not a kind of industry or programme (“生态+大健康”产业)
        if (
            len(re.findall("[+＋]", inner)) >= 2
            or inner.rstrip().endswith(("+", "＋"))
            or cues_after.match(view, quote.end)
            or paired  # “非遗+品牌”“非遗+景区”“非遗+研学”: a series of models
            or (view[quote.open - 1: quote.open] == "以" and view[quote.end: quote.end + 1] == "为")
            or (view[quote.open - 1: quote.open] in _BREAK_BEFORE and view[quote.end: quote.end + 1] in _BREAK_BEFORE)
            or (
                (_MODEL_MEANS_BEFORE.search(view, max(0, quote.open - 2), quote.open)
                 or _MODEL_JOINT_AFTER.match(view, quote.end) or _NATIONAL_PLUS.match(inner))
                and not campaign_after.match(view, quote.end)  # 以“宣讲+实干”活动: a campaign's name
            )
        ):
            return CandidateSpan(start, end, SLOGAN, "slogan:model", 0.75)
        return None
    if not _looks_like_catchphrase(inner):
        return None
    if _is_numbered(inner):
        if _RANKED_HONOUR.match(inner):
            return None  # “十佳百优美德少年”: the best ten and hundred are an honour's ranks (HONOUR)
        return CandidateSpan(start, end, SLOGAN, "slogan:numbered", 0.85)
    if campaign_after.match(view, quote.end):
        return None  # the name of a campaign (CAMPAIGN), not a slogan of its own
    parts = [part for part in _PART_SPLIT.split(inner) if part]
    if len(parts) == 1 and thing_head is not None and thing_head.search(inner):
        return None  # “联心卡”, “网格议事厅”, “共富工坊”: the name of a thing, a place, an event
    if _LETTER_CHAIN.fullmatch(inner) or _DASH_CHAIN.fullmatch(inner):
        return CandidateSpan(start, end, SLOGAN, "slogan:quoted", 0.75)  # “选、育、管、用”, “粮—菇—肥—田”
    if len(parts) > 1:
        if ("，" in inner or "," in inner) and _COLLOQUIAL.search(inner):
            return None  # “不跑不要，也能进步”: a clause of speech quoted, not a motto
        if all(han_count(part) >= 2 for part in parts) and not problem_after.match(view, quote.end):
            return CandidateSpan(start, end, SLOGAN, "slogan:quoted", 0.8)
        return None
    evidence = _quoted_evidence(view, quote, inner, words, cues_before, cues_after)
    if len(inner) >= 4 and formulation_heads.search(inner) and not inner.endswith(_IDIOM_HEAD):
        evidence += 1  # “微波炉效应”, “枫桥经验”: the phrase names itself a formulation
    if paired:
        evidence += 1  # “一件事一次办”“一类事一站办”; 从“企业跑政策”向“政策追企业”转变
    if _CORRELATIVE.search(inner):
        evidence += 1  # “谁主管谁负责”: a principle of responsibility
    if _ALTERNATING.fullmatch(inner):
        evidence += 1  # “治山治岸”, “边学边改”: one verb or quality alternating over two objects
    if _AS_SOON_AS.fullmatch(inner):
        evidence += 1  # “交房即交证”, “一呼即应”: one step done as soon as the other, a reform brand
    if one_stop is not None and len(inner) >= 3 and one_stop.search(inner):
        evidence += 1  # “一窗办理”, “一码游贵州”: a one-stop service formulation
    if evidence < 1:
        return None
    return CandidateSpan(start, end, SLOGAN, "slogan:quoted", round(min(0.8, 0.5 + 0.1 * evidence), 2))


_ALTERNATING = re.compile(rf"([{HAN}])(?!\1)[{HAN}]\1(?!\1)[{HAN}]")
_AS_SOON_AS = re.compile(rf"[{HAN}]{{1,4}}即[{HAN}]{{1,4}}")
# A quoted chain of three or more single characters (steps, stages, elements): “选、育、管、用”,
# “收、受、审、评”, “粮—菇—肥—田”: a compressed formulation.
_LETTER_CHAIN = re.compile(rf"[{HAN}](?:[、—-][{HAN}]){{2,}}")
# A quoted chain of three or more levels or stages joined by single dashes: “单位—股室—个人”,
# “区—街道—社区—楼道”, “实验室—产业集团—科技城”.
_DASH_CHAIN = re.compile(rf"[{HAN}]{{1,8}}(?:[—－-][{HAN}]{{1,8}}){{2,}}")
# Between two quoted names of a series: nothing (“一件事一次办”“一类事一站办”) or an
# enumeration comma; a shift from one to the other: 从“企业跑政策”向“政策追企业”转变.
_SERIES_JOINT = frozenset({"", "、"})
_SHIFT_JOINTS = frozenset({"向", "到", "变为", "转向"})
_SHIFT_AFTER = re.compile(r"(?:转变|转化|转型|迈进|升级|延伸|跨越|拓展)")
_SERIES_ITEM = 12
# A series of topics each with its quoted promise of one length: 政策兑现“足不出户”、材料准备“系统代劳”.
_TOPIC_JOINT = re.compile(rf"、[{HAN}]{{2,4}}")
_LONGEST_JOINT = 5  # 变为, 转向; 、材料准备
# Names of bodies and places end with their kind; a series of them is a list of names.
_PLACE_OR_BODY = re.compile(r"(?:协会|学会|商会|广场|中心|平台|网店|驿站|站|馆|室|角|屋|路线|公园|大厅|书院|基地|公司|医院|学校)$")


def _paired_quotes(view: str, quoted: tuple[Quote, ...]) -> set[int]:
    """The opening marks of quotes that stand in a series of short quoted names (two or more
    back to back, or joined by 、) or in a shift 从“A”向“B”(转变): brand names listed or
    contrasted, not scare quotes (which come one at a time)."""
    paired: set[int] = set()
    series_ends: list[int] | None = None
    for index, (first, second) in enumerate(zip(quoted, quoted[1:])):
        if second.open - first.end > _LONGEST_JOINT:
            continue  # most quotes stand apart: turned away first
        if series_ends is None:
            series_ends = _series_ends(view, quoted)
        if _TALLIED.match(view, series_ends[index + 1]):
            continue  # “…度”“…度”3个指标, “违规吃喝”“…”等问题: items counted or named as problems
        if max(first.close - first.open, second.close - second.open) - 1 > _SERIES_ITEM:
            continue
        if _PLACE_OR_BODY.search(view, first.open, first.close) or _PLACE_OR_BODY.search(view, second.open, second.close):
            continue  # “电商协会”“创业者协会”, “廉洁文化角”“红心广场”: bodies and places named
        joint = view[first.end: second.open]
        if joint in _SERIES_JOINT and view[first.open: first.open + 1] == view[second.open: second.open + 1]:
            if first.close - first.open > 3 and view[first.close - 2: first.close] == view[second.close - 2: second.close]:
                continue  # “初心课堂”“移动课堂”: names of one kind of thing, not formulations
            paired.update((first.open, second.open))
        elif (
            _TOPIC_JOINT.fullmatch(joint) and first.close - first.open == second.close - second.open
            and first.close - first.open > 3
        ):
            paired.update((first.open, second.open))  # 政策兑现“足不出户”、材料准备“系统代劳”: one promise per topic
        elif (
            joint in _SHIFT_JOINTS and view[first.open - 1: first.open] == "从"
            and _SHIFT_AFTER.match(view, second.end)
        ) or (joint == "为" and view[first.open - 1: first.open] in ("变", "化")):
            paired.update((first.open, second.open))  # 变“向基层要数据”为“向系统找数据”
    return paired


_TALLIED = re.compile(r"等?(?:\d+|[一二两三四五六七八九十]+)个|等?(?:问题|现象|行为|情形|指标|档次)")


def _series_ends(view: str, quoted: tuple[Quote, ...]) -> list[int]:
    """For each quote, the end of the series of back-to-back (or 、-joined) quotes it is in
    (one pass from the right)."""
    ends = [quote.end for quote in quoted]
    for index in range(len(quoted) - 2, -1, -1):
        end, following = quoted[index].end, quoted[index + 1].open
        if following == end or (following == end + 1 and view[end] == "、"):
            ends[index] = ends[index + 1]
    return ends


def _looks_like_catchphrase(inner: str) -> bool:
    if _LETTER_CHAIN.fullmatch(inner) or _DASH_CHAIN.fullmatch(inner):
        return True
    han = han_count(inner)
    return (
        2 <= han <= 40
        and han >= 0.8 * len(re.sub(r"[、，,；;·\s]", "", inner))
        and "——" not in inner
        and "…" not in inner  # quoted speech cut short (“我志愿加入…履行党员义务……”)
        and "+" not in inner
        and not inner.endswith("的")
        and (not _QUESTION.search(inner) or _CORRELATIVE.search(inner) is not None)
        and not (han > _SPEECH_LENGTH and ("，" in inner or "," in inner) and _SPEECH_MARK.search(inner))
    )


def _is_numbered(inner: str) -> bool:
    """一个统领, 三统筹三扩大四创建, 十九条措施, 双统筹, 二三四, 项目三一一全."""
    if _NOT_NUMBERED.fullmatch(inner) or _COUNT_START.match(inner):
        return False
    if _NUMBERED_START.match(inner) or _POLICY_PACKAGE.search(inner):
        return True
    return len(inner) <= 8 and _NUMERAL_RUN.search(inner) is not None and "、" not in inner


def _quoted_evidence(
    view: str, quote: Quote, inner: str, words: Words, cues_before: re.Pattern[str], cues_after: re.Pattern[str]
) -> int:
    """How strongly the context says "catchphrase" rather than scare quotes.

    +1 a verb that adopts a formulation right before it (坚持, 树牢, 擦亮, 推行, 深化 …);
    +1 a brand noun right after it (品牌, 理念, 精神, 改革, 的决心, 的干部导向 …);
    +1 the quote is a whole clause of its own (…,“遇困即扶”,…);
    +1 an abbreviation: no dictionary word inside (放管服, 谋跑争促, 吉事即办);
    -1 one ordinary dictionary word (“小圈子”, “一把手”, “精气神”);
    and nothing for reduplications (簇簇新, 咚咚响), which are colour, not formulations.
    """
    if len(inner) >= 3 and (inner[0] == inner[1] or inner[1] == inner[2]):
        return 0
    evidence = 0
    if cues_before.search(view, max(0, quote.open - 6), quote.open):
        evidence += 1
    if cues_after.match(view, quote.end):
        evidence += 1
    before = view[quote.open - 1] if quote.open else ""
    after = view[quote.end] if quote.end < len(view) else ""
    if before in _BREAK_BEFORE and after in _BREAK_BEFORE:
        evidence += 1
    if len(inner) >= 3 and all(len(token) == 1 for token in words.tokens(inner)):
        evidence += 1
    elif words.is_word(inner):
        evidence -= 1
    return evidence


def _coverage(quoted: list[Quote], length: int) -> bytearray:
    inside = bytearray(length)
    for quote in quoted:
        inside[quote.open: quote.end] = b"\x01" * (quote.end - quote.open)
    return inside


# ------------------------------------------------------------------ numbered chains


_CHAIN_END_WINDOW = 4


def _numbered_chains(
    view: str, regex: re.Pattern[str], inside_quotes: bytearray, words: Words
) -> Iterator[CandidateSpan]:
    """三统筹三扩大四创建 (parts of equal length), 六稳六保 (the same number twice) — not
    千方百计, 七上八下, 一心一意, which are idioms."""
    segment = re.compile(rf"([{NUMERAL}双][{NUMERAL}]?)((?:(?![{NUMERAL}双])[{HAN}])+)")
    for match in regex.finditer(view):
        if inside_quotes[match.start()]:
            continue
        parts = segment.findall(match.group())
        if len(parts) < 2:
            continue
        size = len(parts[0][1])
        if any(len(word) != size for _, word in parts[:-1]) or len(parts[-1][1]) < size:
            continue
        if any(word[0] in _CLASSIFIERS or "的" in word for _, word in parts):
            continue  # 十八届人大四次会议, 三是建立三项…: counts, not a formulation
        numbers = [number for number, _ in parts]
        if size == 1 and (len(set(numbers)) != 1 or numbers[0] == "一"):
            continue
        if size > 1 and all(number == "一" for number in numbers):
            continue
        end = match.end() - (len(parts[-1][1]) - size)
        window = max(0, end - _CHAIN_END_WINDOW)
        if not _word_edge(words, view[window: end + _CHAIN_END_WINDOW], end - window):
            continue  # 双积公路双埠至红|石崖段, 百企联百县活|动: the chain would end inside a word
        yield CandidateSpan(match.start(), end, SLOGAN, "slogan:numbered-chain", 0.75)


# ------------------------------------------------------------------ brands of one place


def _branded_series(
    view: str, quoted: tuple[Quote, ...], brand_modifiers: re.Pattern[str], found: list[CandidateSpan]
) -> Iterator[CandidateSpan]:
    """A place branded with several qualities in one text, each quoted: “平安郑州”、“幸福郑州”、
    “创新郑州” (the place need not be in the lexicon of places: the series names it). One
    quoted quality alone (“数字保定”建设) is not enough."""
    if not quoted:
        return
    qualities: dict[str, set[str]] = {}
    branded: list[tuple[Quote, str]] = []
    for quote in quoted:
        match = brand_modifiers.fullmatch(view, quote.open + 1, quote.close)
        if match is not None:
            qualities.setdefault(match.group(2), set()).add(match.group(1))
            branded.append((quote, match.group(2)))
    taken = {(c.start, c.end) for c in found}
    for quote, place in branded:
        if len(qualities[place]) >= 2 and (quote.open + 1, quote.close) not in taken:
            yield CandidateSpan(quote.open + 1, quote.close, SLOGAN, "slogan:brand", 0.7)


# ------------------------------------------------------------------ enumerations of numbered names


def _enumerations_of_numbered(view: str, quoted: tuple[Quote, ...], words: Words) -> Iterator[CandidateSpan]:
    """The items a quoted numbered formulation counts, written out beside it: right before it
    (坚持保底线、促发展、惠民生、求创新“四轮驱动”; items of one length, as many as it counts) or
    announced after it (“三个严禁”：严禁…、严禁…、严禁…; “四立一督”工作机制，即“…、…、…、…、…”).
    A list of another length, or one that goes on, is not its content."""
    for quote in quoted:
        inner = view[quote.open + 1: quote.close]
        if len(inner) > _NUMBERED_NAME or not _is_numbered(inner):
            continue
        count = _counted(inner)
        if count is None or count < 2:
            continue
        before = _enumeration_before(view, quote.open, count, words)
        if before is not None:
            yield CandidateSpan(before[0], before[1], SLOGAN, "slogan:enumeration", 0.65)
        announced = _ANNOUNCED.match(view, quote.end)
        if announced is not None:
            run = _ITEM_RUN.match(view, announced.end())
            if run is not None:
                items = run.group().split("、")
                if len(items) == count and all(2 <= len(item) <= _LONGEST_ITEM for item in items):
                    yield CandidateSpan(run.start(), run.end(), SLOGAN, "slogan:enumeration", 0.65)


_NUMBERED_NAME = 8  # “四立一督”, “三个严禁”, “四件大事”: a short name
_LONGEST_ITEM = 16
_SHORTEST_LISTED, _LONGEST_LISTED = 2, 6  # items written before the name: 稳定、发展 … 问题联治
# After the name (and its head noun, 干部, 工作机制): a colon, a dash or 即 announces its items.
_ANNOUNCED = re.compile(rf"[{HAN}]{{0,6}}?(?:[：:]|——|[，,]即|[，,]就是)[“「‘\"]?")
_ITEM_RUN = re.compile(rf"[{HAN}]+(?:、[{HAN}]+)+(?![{HAN}、])")
_NUMERAL_VALUES = {"一": 1, "二": 2, "两": 2, "双": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_COUNTED_PART = re.compile(r"(?<![一二两双三四五六七八九十])([一二两双三四五六七八九十]{1,3})(?![一二两双三四五六七八九十])")


def _counted(inner: str) -> int | None:
    """How many items a numbered name counts: 三个严禁 3, 五治 5, 四立一督 4 + 1; None for
    hundreds and thousands (百高县) or a number of a form it cannot read."""
    if any(char in inner for char in "百千"):
        return None
    total = 0
    for numeral in _COUNTED_PART.findall(inner):
        value = _numeral_value(numeral)
        if value is None:
            return None
        total += value
    return total


def _numeral_value(numeral: str) -> int | None:
    if numeral in _NUMERAL_VALUES:
        return _NUMERAL_VALUES[numeral]
    tens, ten, units = numeral.partition("十")
    if not ten:
        return None
    high = _NUMERAL_VALUES.get(tens, None) if tens else 1
    low = _NUMERAL_VALUES.get(units, None) if units else 0
    return None if high is None or low is None else 10 * high + low


def _enumeration_before(view: str, opening: int, count: int, words: Words) -> tuple[int, int] | None:
    """The items of one length that end right before a numbered name (…共治“五治”, …治安联防的“五联”)."""
    end = opening - 1 if view[opening - 1: opening] == "的" else opening
    low = max(0, end - count * (_LONGEST_LISTED + 1) - _LONGEST_LISTED)
    start = end
    while start > low and (is_han(view[start - 1]) or view[start - 1] == "、"):
        start -= 1
    items = view[start:end].split("、")
    if len(items) != count or view[start - 1: start] == "、":
        return None
    size = len(items[1])
    if not _SHORTEST_LISTED <= size <= _LONGEST_LISTED or any(len(item) != size for item in items[1:]):
        return None
    if len(items[0]) < size or not _word_edge(words, items[0], len(items[0]) - size):
        return None
    if size == _SHORTEST_LISTED and not _rhyme(items[0][-size:], *items[1:]):
        return None  # 交通、消防、食品“三清查”: plain nouns, the fields checked, not a formulation's items
    return end - (size + 1) * count + 1, end


def _rhyme(*items: str) -> bool:
    """Whether the items share a character in one place (自治、法治、德治; 精治、智治、根治)."""
    return any(len(set(column)) == 1 for column in zip(*items))


# ------------------------------------------------------------------ unquoted mottos


def _chains(view: str, inside_quotes: bytearray, words: Words) -> Iterator[CandidateSpan]:
    """Parallel phrases joined by 、 outside quotes: a motto, not an enumeration.

    The items have one length (4 to 8), and either mirror each other (生态产业化、产业生态化)
    or repeat a character at the same place while the rest varies (干部清正、政府清廉、
    政治清明; 起步就是冲刺、开局就是决战). Enumerations are refused: a shared verb or
    head word (扩大投资、扩大消费; 政治环境、营商环境), a list that goes on with 等 or with an
    item of another shape, or items that are themselves reduplicated idioms (即知即改). The
    motto's edges must be word boundaries (not 形[成人人知晓、…]); a motto of two items is
    short (at most six characters each) and closes its phrase.
    """
    for run in _CHAIN_RUN.finditer(view):
        if inside_quotes[run.start()]:
            continue
        items = run.group().split("、")
        found = _parallel_items(items)
        if found is None:
            continue
        size, kind = found
        start = run.start() + len(items[0]) - size
        end = run.end() - (len(items[-1]) - size)
        following = view[end: end + 1]
        if following == "等":
            continue
        if kind in ("long", "short") and _GOVERNING_VERB.search(view, max(0, start - 4), start):
            continue  # 推动传统园区提档升级、优势园区做大做强、…: the objects of a verb, a task
            # (a mirror or an inner rhyme stays a motto: 推动产业数字化、数字产业化)
        if len(items) == 2 and kind != "mirror":
            if size > 6 or (is_han(following) and following != "的"):
                continue
            first, second = view[start: start + size], view[end - size: end]
            if any(a == b and a not in _MOTTO_LINKS for a, b in zip(first, second)):
                continue
        head, tail = items[0][-size - 6:], items[-1][: size + 6]  # a short window around each edge
        if not _word_edge(words, head, len(head) - size) or not _word_edge(words, tail, size):
            continue
        score = {"mirror": 0.7, "echoing": 0.65, "long": 0.65, "short": 0.6}[kind]
        yield CandidateSpan(start, end, SLOGAN, "slogan:chain", score)


# A verb whose object the parallel phrases are: what it is to bring about, not a motto.
_GOVERNING_VERB = re.compile(r"(?:推动|推进|促进|推动实现|实现|确保|做到|力争)$")


def _word_edge(words: Words, text: str, offset: int) -> bool:
    """Whether ``offset`` falls between two words of ``text`` (its ends always do)."""
    if offset in (0, len(text)):
        return True
    position = 0
    for word in words.words(text):
        position += len(word)
        if position >= offset:
            return position == offset
    return False


def _parallel_items(items: list[str]) -> tuple[int, str] | None:
    middle = items[1:-1]
    if middle:
        sizes = {len(item) for item in middle}
        if len(sizes) != 1:
            return None
        candidates = list(sizes)
    else:
        candidates = list(range(min(len(items[0]), len(items[-1]), 8), 3, -1))
    for size in candidates:
        if not 4 <= size <= 8 or len(items[0]) < size or len(items[-1]) < size:
            continue
        trimmed = [items[0][-size:], *middle, items[-1][:size]]
        kind = _parallel_kind(trimmed, size)
        if kind is not None:
            return size, kind
    return None


def _parallel_kind(items: list[str], size: int) -> str | None:
    if len(set(items)) != len(items) or any("的" in item for item in items):
        return None  # repeated items; descriptive phrases (激发巨大的创造力、形成强大的凝聚力)
    letters = sorted(items[0])  # the same characters in every item (as a multiset), in any order
    if all(sorted(item) == letters for item in items[1:]):
        return "mirror"
    shape = _repetition(items[0]) if len(items) >= 3 else None
    if shape and all(_repetition(item) == shape for item in items[1:]):
        return "echoing"  # 农业高质高效、乡村宜居宜业、农民富裕富足: one inner rhyme in every item
    if size == 4 and len(items) == 2 and _chiasmus(*items):
        return "mirror"  # 以文塑旅、以旅彰文: the two nouns swap places
    if size == 4 and len(items) < 3:
        return None
    shared = [p for p, column in enumerate(zip(*items)) if len(set(column)) == 1]  # every item is ``size`` long
    if len(items) >= 3 and size >= 6 and shared and 0 not in shared and not {size - 1, size - 2} & set(shared):
        return "long"  # 立足新发展阶段、贯彻新发展理念、构建新发展格局: a verb, a shared core, a varying end
    if not shared or 0 in shared or {size - 1, size - 2} <= set(shared):
        return None
    if size - len(shared) < size - max(1, size // 3):
        return None
    if size == 4:
        if min(shared) < 2 or any(item[0] == item[2] for item in items):
            return None
        return "short"
    return "long"


def _chiasmus(first: str, second: str) -> bool:
    """X a Y b、X b Z a (以文塑旅、以旅彰文; 以城带乡、以乡促城): one opening word and two nouns
    that swap places around different verbs."""
    return (
        first[0] == second[0] and first[1] == second[3] and first[3] == second[1]
        and first[1] != first[3] and first[2] != second[2]
    )


def _compact_chains(view: str, inside_quotes: bytearray, words: Words) -> Iterator[CandidateSpan]:
    """Parallel parts written without separators: three or more parts opening with the same
    character (同吃同住同劳动, 大学习大讨论大调研), or a whole clause or title of three or
    four verb-object parts of one verb and a two-character object (学先进转作风强执行)."""
    for match in _SAME_OPENING.finditer(view):
        if inside_quotes[match.start()] or match.group(1) in _NOT_PARALLEL_OPENINGS:
            continue
        window = max(0, match.start() - _OPENING_WINDOW)
        if not _word_edge(words, view[window: match.end()], match.start() - window):
            continue  # 强链补链延链, 公共服务共建共享: the repeated character ends a word, not opens one
        yield CandidateSpan(match.start(), match.end(), SLOGAN, "slogan:compact", 0.6)
    for clause in _WHOLE_CLAUSE.finditer(view):
        text = clause.group(1)
        if inside_quotes[clause.start(1)] or not all(words.frequency(text[i + 1: i + 3]) for i in range(0, len(text), 3)):
            continue  # cheap test first: every object (2nd-3rd character of each part) is a word
        tokens = words.tokens(text)
        if len(tokens) in (6, 8) and [len(t) for t in tokens] == [1, 2] * (len(tokens) // 2):
            verbs = tokens[0::2]
            if len(set(verbs)) == len(verbs) and not any(v in _NOT_VERBS for v in verbs):
                yield CandidateSpan(clause.start(1), clause.end(1), SLOGAN, "slogan:compact", 0.6)


# Three or more parts of two or three characters opening with one character.
_SAME_OPENING = re.compile(rf"([{HAN}])[{HAN}]{{1,2}}?(?:\1(?!\1)[{HAN}]{{1,2}}?){{2,7}}(?![{HAN}])")
_NOT_PARALLEL_OPENINGS = frozenset("的了是在和与及或一不")
_OPENING_WINDOW = 4
# A clause or title of 9 or 12 characters alone between breaks (or line ends).
_WHOLE_CLAUSE = re.compile(rf"(?:^|(?<=[\n，,。；;：:！!？?]))([{HAN}]{{9}}|[{HAN}]{{12}})(?=$|[\n，,。；;！!？?])", re.MULTILINE)
_NOT_VERBS = frozenset("的了是在和与及或也都就这那其该各每")


def _repetition(item: str) -> tuple[int, ...] | None:
    """Where each character of ``item`` first occurs in it, when some character repeats
    (高质高效 → (0, 1, 0, 3)); None for an item without a repeat."""
    shape = tuple(item.index(char) for char in item)
    return shape if len(set(shape)) < len(shape) else None


def _couplets(view: str) -> Iterator[CandidateSpan]:
    """A title line (or what follows its colon or 】) made of parallel groups of equal
    length separated by spaces: 踔厉奋发向未来 笃行不怠开新局; 拉高标杆 奋勇争先 转变作风 狠抓落实."""
    for line in _COUPLET_LINE.finditer(view):
        text = line.group()
        cut = max(text.rfind(":"), text.rfind("："), text.rfind("】"))
        tail_start = line.start() + cut + 1
        tail = view[tail_start: line.end()]
        stripped = tail.strip()
        if not stripped or any(not (char.isspace() or "\u3400" <= char <= "\u9fff") for char in stripped):
            continue
        groups = list(_COUPLET_GROUP.finditer(tail))
        sizes = {len(group.group()) for group in groups}
        if len(groups) < 2 or len(sizes) != 1:
            continue
        size = sizes.pop()
        if not 4 <= size <= 8 or (size == 4 and len(groups) < 3):
            continue
        gaps = [tail[a.end(): b.start()] for a, b in zip(groups, groups[1:])]
        if any(len(gap) not in (1, 2) for gap in gaps):  # 生态人文都市区  产业创新未来城
            continue
        start, end = tail_start + groups[0].start(), tail_start + groups[-1].end()
        yield CandidateSpan(start, end, SLOGAN, "slogan:couplet", 0.65)


# ------------------------------------------------------------------ parallel clauses

# A pledge that one thing follows another wherever it goes: X(推进)到哪里，Y就(建设)到哪里
# (，Z就…到哪里); 游客在哪里，服务就延伸到哪里; 哪里有困难，哪里就有党员.
_WHEREVER = re.compile(
    rf"(?<![{HAN}])[{HAN}]{{2,14}}?[到在]哪里[，,][{HAN}]{{1,12}}?就[{HAN}]{{0,6}}?[到在]哪里"
    rf"(?:[，,][{HAN}]{{1,12}}?就[{HAN}]{{0,6}}?[到在]哪里)*"
    rf"|哪里[{HAN}]{{1,8}}[，,]哪里就[{HAN}]{{1,10}}(?![{HAN}])"
)
# Paired definitions, each clause a whole clause: 营商环境就是生产力，优化营商环境就是解放生产力;
# 环境就是民生，青山就是美丽，蓝天也是幸福 (the first says 就是; the others 就是 or 也是).
_DEFINITIONS = re.compile(
    rf"(?<![{HAN}])[{HAN}]{{2,10}}?就是[{HAN}]{{2,10}}(?:[，,；;][{HAN}]{{2,10}}?[就也]是[{HAN}]{{2,10}})+(?![{HAN}])"
)
# Two clauses that swap their nouns around one frame: 把A培养成B，把B培养成A; 以A促B、以B促A
# is a four-character chain (``_chiasmus``). (A group opening the pattern, no look-ahead: the
# class is scanned for quickly.)
_SWAPPED = re.compile(
    rf"([把让将使])([{HAN}]{{2,6}})([{HAN}]{{1,4}}?)([{HAN}]{{2,6}})[，,、；;]\1\4\3\2(?![{HAN}])"
)
# Three or more clauses of three or four characters separated by commas, at the end of a
# sentence or clause; the first may be the object of a verb (引导党员学党史，…). Found from
# the comma after the first (a character class opening a pattern is scanned for quickly).
_SHORT_CLAUSES = re.compile(rf"[，,](?<=[{HAN}]{{3}}[，,])[{HAN}]{{3,4}}(?:[，,][{HAN}]{{3,4}})+(?![{HAN}])")
_CHANT_WINDOW = 4
_DEFINITION_REACH = 10  # characters of the defined term before the first 就是


def _parallel_clauses(view: str, words: Words) -> Iterator[CandidateSpan]:
    """Formulations made of whole parallel clauses, not of 、-joined phrases (see ``_chains``)."""
    if "哪里，" in view or "哪里," in view or "哪里就" in view:  # literal cores first
        for match in _WHEREVER.finditer(view):
            yield CandidateSpan(match.start(), match.end(), SLOGAN, "slogan:correlative", 0.7)
    yield from _definitions(view)
    for match in _SWAPPED.finditer(view):
        yield CandidateSpan(match.start(), match.end(), SLOGAN, "slogan:chiasmus", 0.65)
    for match in _SHORT_CLAUSES.finditer(view):
        chant = _chant(view, match, words)
        if chant is not None:
            yield CandidateSpan(chant, match.end(), SLOGAN, "slogan:chant", 0.6)


def _definitions(view: str) -> Iterator[CandidateSpan]:
    """Paired definitions, tried only from the start of a clause holding 就是 (a few per text)."""
    covered = 0
    position = view.find("就是")
    while position != -1:
        start = position
        while start > 0 and position - start <= _DEFINITION_REACH and is_han(view[start - 1]):
            start -= 1
        if start >= covered and not (start > 0 and is_han(view[start - 1])):
            match = _DEFINITIONS.match(view, start)
            if match is not None:
                covered = match.end()
                yield CandidateSpan(match.start(), match.end(), SLOGAN, "slogan:definition", 0.65)
        position = view.find("就是", position + 2)


def _chant(view: str, match: re.Match[str], words: Words) -> int | None:
    """Where a chant of short clauses starts (学党史，颂党恩，跟党走; 文化为魂，特色为旗，
    产品为王): every clause one length, one character in the same place of each but the
    first (a shared opening makes a list of tasks: 抓技改，抓园区, …), the first cut from its
    verb at a word boundary; None when the clauses are no chant."""
    items = re.split("[，,]", match.group())[1:]
    size = len(items[-1])
    start = match.start() - size
    if start < 0 or any(len(item) != size for item in items) or not all(map(is_han, view[start: match.start()])):
        return None
    items.insert(0, view[start: match.start()])
    if len(set(items)) != len(items):
        return None
    shared = [p for p, column in enumerate(zip(*items)) if len(set(column)) == 1]
    if not shared or 0 in shared:
        return None
    window = max(0, start - _CHANT_WINDOW)
    if not _word_edge(words, view[window: start + size], start - window):
        return None
    return start


# ------------------------------------------------------------------ echo


def _echoes(
    view: str, found: list[CandidateSpan], named_campaigns: list[Quote], words: Words
) -> Iterator[CandidateSpan]:
    """Later repetitions of a formulation the text introduced: the same phrase, a run of at
    least two consecutive items of a motto (拉高标杆、奋勇争先), a couplet written without
    its space, or one numbered part of a numbered chain (四基地 of 四基地四区)."""
    phrases: set[tuple[str, ...]] = set()
    for candidate in found:
        text = view[candidate.start: candidate.end]
        items = [item for item in _PART_SPLIT.split(text) if item]
        if len(items) > 1:
            joined = "".join(items)
            if han_count(joined) == len(joined):
                phrases.add((joined,))
            if len(items) <= _MAX_ECHO_ITEMS:
                for size in range(2, len(items) + 1):
                    for first in range(len(items) - size + 1):
                        phrases.add(tuple(items[first: first + size]))
            continue
        if candidate.rule in ("slogan:numbered", "slogan:numbered-chain"):
            parts = _NUMBERED_PART.findall(text)
            if len(parts) > 1:
                phrases.update(
                    (part,) for part in parts if len(part) >= 2 and words.frequency(part) < _COMMON_WORD
                )  # 四基地 of 四基地四区 again, not 三门峡 of 五彩三门峡
        if len(text) >= 4 and han_count(text) == len(text) and candidate.rule != "slogan:lexicon":
            phrases.add((text,))
    if not phrases:
        return
    if len(phrases) > _MAX_ECHO_PHRASES:  # each phrase is one scan of the text: keep it linear
        phrases = set(sorted(phrases, key=lambda p: (-sum(map(len, p)), p))[:_MAX_ECHO_PHRASES])
    taken = bytearray(len(view))
    for candidate in found:
        taken[candidate.start: candidate.end] = b"\x01" * (candidate.end - candidate.start)
    for quote in named_campaigns:  # a motto that names a campaign stays the campaign's (codebook)
        taken[quote.open: quote.end] = b"\x01" * (quote.end - quote.open)
    for phrase in sorted(phrases, key=lambda p: (-sum(map(len, p)), p)):
        position = view.find(phrase[0])
        while position != -1:
            end = _phrase_end(view, phrase, position)
            if (
                end is not None
                and not any(taken[position:end])
                and view[position - 1: position] not in _NUMBER_BEFORE
                and not _DESIGNATION.match(view, end)  # 美丽中国 again in 美丽中国先行区: the zone's name
            ):
                taken[position:end] = b"\x01" * (end - position)  # longest phrases first; no overlaps
                yield CandidateSpan(position, end, SLOGAN, "slogan:echo", 0.6)
            position = view.find(phrase[0], position + 1)


_NUMBER_BEFORE = frozenset(NUMERAL + "第")
_MAX_ECHO_ITEMS = 8  # a motto has a few items; a longer list is echoed whole only
_MAX_ECHO_PHRASES = 200
_ITEM_SEPARATORS = frozenset("、，, \u3000")


def _phrase_end(view: str, phrase: tuple[str, ...], position: int) -> int | None:
    """Where ``phrase`` (items joined by one separator each) ends if it starts at ``position``."""
    end = position + len(phrase[0])
    for item in phrase[1:]:
        if view[end: end + 1] not in _ITEM_SEPARATORS or not view.startswith(item, end + 1):
            return None
        end += 1 + len(item)
    return end
