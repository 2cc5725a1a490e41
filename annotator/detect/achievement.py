"""ACHIEVEMENT 成效/政绩: a result reported as already achieved, with a quantity.

Rule ids:

- ``achievement:clause``   a clause with a quantity and evidence of a result: a result
  verb (查处, 解决, 办结, 新增 …), 达/了 right before the number, a growth verb (增长 9.3%), or
  a bare statistic (总投资225亿元); from the predicate (with its adverbs 共, 先后, 累计 and a
  leading 为…) to the clause end
- ``achievement:related``  a clause with a quantity in a sentence that reports results
  (30余位局长轮流走进大厅现场办公, between two result clauses)
- ``achievement:rank``     a rank reached: 均升至全国第九位, 居工业大省第一位, 从2023年的全国
  第二位升至2024年的首位; a rank closing its clause without a verb (连续七年全省第一,
  数额全省第一)
- ``achievement:record``   a record set: 创历史最高水平, 创历史新高
- ``achievement:share``    a share reached: 搬迁规模占全国近五分之一, 民生支出占财政收入的70%以上
- ``achievement:duration`` the time a result took: 仅用10天时间,平稳快速处理…问题;
  从相识到企业落地,只用了不到一个月的时间

Quantities are Arabic numbers or Chinese ones with a magnitude (百余起, 近千万次) and a unit.
将 before its object and a verb of placing (累计将5400亩旱田转为水田, 将…纳入…) is the
preposition: the clause's verb, not an aim.

Clauses that aim (确保, 力争, 要, 将, 计划 … → TARGET), give directives (做好, 抓好),
distribute (每…), stand in a paragraph of plans (see :func:`.lang.plan_sentences`) or describe
a place (面积148平方公里, 总人口2.5万人) are not results. 预计 stays a result: a forecast is only a TARGET when it
is presented as an aim (codebook).
"""

from __future__ import annotations

import re
from typing import Callable, Iterable, Iterator

from ..records import CandidateSpan
from ..resources import Resources
from .lang import (
    AIM_CONTEXT,
    ARABIC_NUMBER,
    CHINESE_MAGNITUDE_NUMBER,
    BOUNDED,
    MODAL_REQUIRE,
    WILL_AS_PREPOSITION,
    MODAL_WILL,
    NUMBER_AHEAD,
    Quantities,
    Regions,
    SortedRegions,
    aims_regions,
    budget_plans,
    completion_to_come,
    governing_future,
    guarded,
    guarded_alternation,
    is_han,
    lexicon_alternation,
    names_year_ahead,
    plan_sentences,
    quotes,
    sentence_clauses,
    sets_aims,
)
from .words import Words

ACHIEVEMENT = "ACHIEVEMENT"
Rule = Callable[[str], Iterable[CandidateSpan]]

# 计划 as a noun (列入…重大项目投资计划, 计划事项较2023年减少6项) aims at nothing.
_PLAN_NOUN_NOT = "(?<!投资)(?<!年度)(?<!工作)(?<!行动)(?<!建设)"
# 如何/怎样 (深圳如何实现GDP增长6%): the way to an aim asked, not a result; 全力 (全力推动…突破2000亿元级): an effort still to make;
# 规划期 (规划期末工业总产值达百亿元): the end of a plan's period.
# 将 before its object and a verb of placing (累计将5400亩旱田转为水田, 将12个项目列入…) is the
# preposition (把), not the modal: it aims at nothing.
_AIM = re.compile(guarded(rf"确保|力争|争取|{_PLAN_NOUN_NOT}计划(?!完成率|事项|项目|内|中)|目标|力求|{MODAL_REQUIRE}|{MODAL_WILL}(?!{WILL_AS_PREPOSITION})|拟|努力|奋力|冲刺|争创|必须|务必|预期|如何|怎样|全力|规划期"))
_DIRECTIVE = re.compile(guarded(r"(?:开展|做|抓|办|用|管|建|落实|谋划|干)好|^以.*为|每(?!年)"))
# A change measured against another (每亩收益比单种白菜提高2000元): a result even per unit (每).
_COMPARED_CHANGE = re.compile(r"[比较][^，,；;。]{1,12}?(?:增长|下降|增加|减少|提高|降低|增产|增收|节约|节省)")
# 将 as the preposition, before its object and a verb of placing (将闲置古装场景转化为21处…空间):
# the verb of the clause, where no result verb is.
_DISPOSAL = re.compile(rf"{MODAL_WILL}(?={WILL_AS_PREPOSITION})")
# Rules and routines (每年…不少于150万元, 至少1名), not results.
_ROUTINE = re.compile(r"不少于|至少|不低于|不超过|不得")
# A projection of what a plan will yield (预计…可实现…): an aim (TARGET), not a result.
_PROJECTION = re.compile(r"预计[^，,；;。]{0,24}?(?:可|能|有望|可望)")
# A rank reached: (均)升至/跃居/位居/居 … 第N位 / 首位 / 前列; 从…第二位升至…首位.
_RANK = re.compile(guarded(
    r"(?:从[^，,；;。]{0,16}?)?(?:均|已|首次|连续\d+年)?(?:跃升至|上升至|升至|跃居|位居|稳居|居于|居|排名|排在|列)"
    r"[^，,；;。]{0,10}?(?:第[一二三四五六七八九十\d]+(?:位|名)?|首位|榜首)"
))  # a named position only: 居全国前列 is praise, not a rank reached
# A rank stated without a verb, as the clause's last words: 连续七年全省第一, 数额全省第一,
# 位列全国前十, 重返全省第三 (a rank among the whole scope, not a list's ordinal 第一批).
_BARE_RANK = re.compile(
    r"(?:(?:连续|已连续)(?:\d+|[一二三四五六七八九十]+)年(?:居|位居|保持)?|均为|位列|重返|稳居)?"
    r"(?:全国|全省|全市|全区|全州)(?:第[一二三四五六七八九十\d]+(?:位|名)?|前[一二三四五六七八九十\d]+(?:位|名)?|首位)$"
)
# A clause that describes a place or its crops (面积148平方公里, 茶园面积近16万亩, 总人口2.5万人,
# 全长35公里): a fact about it, not a result — unless a result verb names the area (新增…治理面积).
_DESCRIPTION = re.compile(
    r"(?:(?:该|本|全|我)[镇乡县市区村州]|[\u4e00-\u9fff]{1,6}?[镇乡县市区村州]|辖区|境内|现有)?"
    r"(?:[\u4e00-\u9fff]{0,5}?面积|占地|人口|总人口|常住人口|户籍人口|全长|总长|海拔)"
    r"(?:约|为|达|有|近|超过)?"
)
# A record set: 创历史最高水平, 创历史新高, 创历年最好成绩, 创新纪录.
_RECORD = re.compile(r"创(?:下|造)?(?:了)?(?:历史|历年|同期|有史以来)?(?:最高水平|最好水平|新高|最好成绩|最高纪录|新纪录|最高)")
# A share reached: 占全国近五分之一, 占财政收入的70%以上, 占比达六成.
_SHARE = re.compile(
    r"占(?:比)?[^，,；;。]{0,12}?(?:\d+(?:\.\d+)?[%％]|[一二三四五六七八九十]+分之[一二三四五六七八九十]+|[一二三四五六七八九]成)(?:以上|左右|多)?"
)
# A part's share of a plan's count or money (个数占比65.9%, 投资占比29.1%): how a plan of projects
# is made up, not a share reached.
_COMPOSITION = re.compile(r"(?:个数|项目数|投资额?|资金)占比")
# Perfective 了 after a verb (not 为了, 除了, 了解): 建设了…等18个产业带.
# 已 (已经) before a verb: 已发展蔬菜、茶叶等12个产业.
_ALREADY = re.compile(r"(?:均|都|全部)?已经?(?=[\u4e00-\u9fff])(?!经济|有|是|在|达)")
_PERFECTIVE = re.compile(r"(?<![为除])了(?![解如])")
# A change reported (增长9.3%; 成本降低10%, 增至200多个, 亩产比2024年增产300斤, 缩短至10秒).
_GROWTH = re.compile(r"同比增长|同比下降|增长|下降|增加|减少|提高|上涨|降低|降至|增至|提升至|提高至|缩短|增产|增收|节约|节省|压减|削减")
_REACH = re.compile(r"(?:达到?|了)$")
_ADVERBS = re.compile(r"(?:共计|共|先后|累计|创新|集中|均已|已经|已|均|仅|只|新|成功|全面|有效|还|再|完成|实现){1,4}$")
_PREPOSITION = re.compile(
    r"(?<![作成认因称以等])(?:为(?!主体|重点|核心|抓手|载体|契机|突破口|龙头|引领|主线|标准|基础|导向)|向|帮助)"
)
# What a result's span leaves out on the left: connectives and time phrases (其中, 2024年, 1-4月).
_CONNECTIVE = re.compile(
    r"(?:如|其中|同时|此外|另外|并|且|还)?"
    r"(?:截至目前|目前|今年以来|今年|去年|一年来|近年来|\d{4}年(?:\d{1,2}(?:-\d{1,2})?月(?:份|底|末)?)?"
    r"|\d{1,2}(?:-\d{1,2})?月(?:份|底|末)?|[一二三四]季度)?"
)
# A verb that is part of a noun: 组织部, 办结率, 投资额, 服务站, 服务队.
_NOUN_SUFFIX = frozenset("部站厂班员者费率额处局队")
# A result not (yet) reached: 还有52个贫困县没有脱贫摘帽.
_NEGATED = re.compile(r"没有|尚未|未能|仍有|还有")
# Every member of a counted set reached the result: 832个贫困县全部摘帽, 52个县已经全部脱贫.
_ALL_DONE = re.compile(r"(?:已经|已)?(?:全部|均已|悉数|全都)(?:实现了?)?[\u4e00-\u9fff]")
_SCOPE_BEFORE = re.compile(r"(?:全国|全省|全市|全县)$")
# A share of a plan completed: 完成市定目标任务的26.62% (a result, though it names a target).
COMPLETION = re.compile(r"完成[^，。,;；：:]{0,14}?(?:目标|任务|计划)[^，。,;；：:]{0,4}?的\d+(?:\.\d+)?[%％]")
_DURATION = re.compile(
    r"(?:仅仅|仅|只)用了?(?:不到|短短|仅)?(?:\d+|[一二两三四五六七八九十半]+)个?(?:天|日|月|年|小时|周|分钟)(?:的)?(?:时间)?"
)
_ACTOR = re.compile(r"(?:[县市区镇乡村省州]|我们|大家|全县|全市|全镇|该县|该市|该镇)$")
# A bare statistic (name + figure, no verb) is a result when the figure measures value or
# activity (总投资225亿元, 受众近2万人次, 办结率85%, 传播量超5000万次, 观看人数超2300万); a bare head
# count is narration (党员1200名).
_MEASURE = re.compile(r"(?:元|%|％|次|百分点|倍|吨|千瓦|平方米|㎡|亩|公里|万|亿)(?:以上|左右|以内|多)?$")
_METRIC_PREFIX = 12  # characters of a statistic's name before its figure: 财政总收入, 项目总投资
# A quote that modifies a noun (“24小时不打烊”的平台): what is inside it is part of a name.
_QUOTED_MODIFIER = re.compile(r"[”」’\"]的")


def build_achievements(resources: Resources) -> Rule:
    verb = re.compile(lexicon_alternation(resources, "achievement_verbs"))
    words = Words(resources)
    quantity = _quantity_regex(resources)
    budgets = budget_plans(resources)
    opens_plan = governing_future(resources)
    harm = _optional(resources, "harm_words")
    redress = _optional(resources, "redress_verbs")
    # 王某, 李某某 (not 某村, 某企业): a person anonymised, as case reports name wrongdoers
    anonymised = re.compile(
        rf"(?:{lexicon_alternation(resources, 'anonymised_persons', required=False)})某?(?![村镇乡县市区单企公厂部局店校院])"
    )

    def apply(view: str) -> Iterator[CandidateSpan]:
        inside = _quoted_coverage(view)
        found_quantities = Quantities(view, quantity)
        aims = Regions(aims_regions(view))
        plans = SortedRegions(plan_sentences(view))
        planned_sums = budgets(view)
        for sentence_start, sentence_end, parts in sentence_clauses(view):
            aimed = False
            results: list[CandidateSpan] = []
            pending: list[tuple[int, int]] = []
            planned = [span for span in planned_sums if sentence_start <= span[0] < sentence_end]  # 今年…财政支出超过26万亿元
            for index, (start, end) in enumerate(parts):
                clause = view[start:end]
                if planned and any(a < end and start < b for a, b in planned):
                    continue
                if ("预计" in clause and _PROJECTION.search(clause)) or (
                    ("将" in clause or "要" in clause or "需" in clause) and opens_plan.search(clause)
                ):
                    aimed = True  # 预计…可实现…; 我们将全力…: what follows is the plan
                    continue
                if names_year_ahead(view, clause, sentence_start, sentence_end):
                    aimed = True  # 力争到2030年，…: what is to be reached by then (TARGET)
                    continue
                if sets_aims(view, clause, end) or completion_to_come(view, start, end) is not None:
                    aimed = True  # 报告提出，…增长5%; 建成投产后可年产…: aims and promised yields (TARGET)
                    continue
                quantities = found_quantities.between(start, end)
                completion = COMPLETION.search(clause)
                if completion is not None and not aimed:
                    results.append(CandidateSpan(start + completion.start(), end, ACHIEVEMENT, "achievement:clause", 0.6))
                    continue
                if _AIM.search(clause):
                    # 力争…100个以上,总投资达到300亿元以上; 目标任务是:全年引进80个…
                    aimed = aimed or bool(quantities) or view[end: end + 1] in ":："
                    continue
                if aimed or aims.covers(start, end) or plans.covers(start, end):
                    continue  # an item of a list of aims (主要预期目标是：…；…) is not a result
                rank = _RANK.search(clause) if "第" in clause or "首位" in clause or "榜首" in clause else None
                if rank is not None and not _NEGATED.search(clause) and not _ROUTINE.search(clause):
                    rank_start = start + rank.start()
                    results.append(CandidateSpan(rank_start, end, ACHIEVEMENT, "achievement:rank", 0.6))
                    continue
                bare_rank = _BARE_RANK.search(clause) if "第" in clause or "前" in clause or "首位" in clause else None
                if bare_rank is not None and not _NEGATED.search(clause):
                    rank_start = start + bare_rank.start()
                    if rank_start - start <= _METRIC_PREFIX:  # the measure ranked with it: 数额全省第一
                        rank_start = _after_connective(view, start, end)
                    results.append(CandidateSpan(rank_start, end, ACHIEVEMENT, "achievement:rank", 0.55))
                    continue
                record = _RECORD.search(clause) if "创" in clause else None
                if record is not None and not _NEGATED.search(clause):  # 粮食总产…,创历史最高水平
                    results.append(CandidateSpan(_after_connective(view, start, end), end, ACHIEVEMENT, "achievement:record", 0.6))
                    continue
                share = _SHARE.search(clause) if "占" in clause else None
                if share is not None and _COMPOSITION.search(clause):
                    continue
                if share is not None and not _NEGATED.search(clause) and not _ROUTINE.search(clause):
                    results.append(CandidateSpan(_after_connective(view, start, end), end, ACHIEVEMENT, "achievement:share", 0.55))
                    continue
                duration = _DURATION.search(clause)
                if duration is not None:
                    results.append(_duration_span(view, parts, index, start + duration.start(), start + duration.end()))
                    continue
                if not quantities or _directive(clause) or _NEGATED.search(clause) or _ROUTINE.search(clause):
                    continue
                if all(inside[q.start()] for q in quantities) and _QUOTED_MODIFIER.search(clause):
                    continue  # 打造了“24小时不打烊”的平台: the number belongs to a quoted name
                if (harm.search(clause) or ("某" in clause and anonymised.search(clause))) and not redress.search(clause):
                    continue  # 违规收费累计159万余元, 冲垮了2000多个大棚, 王某某报支了…: the harm measured, not a result
                description = _DESCRIPTION.match(view, start, end)
                if (
                    description is not None and quantities[0].start() == description.end() and quantities[-1].end() == end
                    and not verb.search(view, start, description.end())  # 新增水土流失治理面积5260平方公里: done
                ):
                    continue  # 全镇面积69.8平方公里: what a place is, not what was done
                if clause.endswith("之一"):
                    continue  # 他是选派到乡镇任职的12名干部之一: a group its subject belongs to, not a result
                if BOUNDED.search(clause) and AIM_CONTEXT.search(view, sentence_start, start):
                    continue  # …规划…,失业率控制在5.5%以内: a bound set in a plan (TARGET)
                span = _result_span(view, start, end, quantities, verb, inside, words)
                if span is None:
                    pending.append((start, end))
                else:
                    results.append(span)
            yield from results
            if results:
                for start, end in pending:
                    lead = _after_connective(view, start, end)
                    yield CandidateSpan(lead, end, ACHIEVEMENT, "achievement:related", 0.5)

    return apply


def _directive(clause: str) -> bool:
    """A directive (做好…) or a distribution (每人…) — not a change per unit compared with
    another (每亩收益比单种白菜提高2000元)."""
    directive = _DIRECTIVE.search(clause)
    if directive is None:
        return False
    return not (directive.group() == "每" and _COMPARED_CHANGE.search(clause))


# Magnitudes that are no unit of their own: a Chinese number needs a unit after them
# (化解纠纷百余起, 创收数十万元, 点击量近千万次), not 千万 alone (千万羽蛋鸡养殖基地).
_BARE_MAGNITUDES = frozenset({"万", "亿"})


def _quantity_regex(resources: Resources) -> re.Pattern[str]:
    """A number with its unit, as :func:`.lang.quantity_regex`; a Chinese number (百余, 数十万,
    近千万) counts when a unit other than a bare 万/亿 follows it, and crawled text's spaces
    between a figure and its unit (接待游客 108 万人次) are left out of the way."""
    units = resources.lexicon("units")
    arabic_units = guarded_alternation(units)
    chinese_units = guarded_alternation([unit for unit in units if unit not in _BARE_MAGNITUDES])
    tail = r"(?:以上|左右|以内|多)?"
    return re.compile(
        rf"{NUMBER_AHEAD}(?:{ARABIC_NUMBER}(?:多|余)?[ \u3000]{{0,2}}[十百千万亿]*(?:多|余)?(?:{arabic_units}){tail}"
        rf"|{CHINESE_MAGNITUDE_NUMBER}(?:多|余)?[十百千万亿]*(?:多|余)?(?:{chinese_units}){tail})"
    )


def _optional(resources: Resources, name: str) -> re.Pattern[str]:
    """A lexicon's alternation; a pattern that never matches when the lexicon is absent."""
    return re.compile(lexicon_alternation(resources, name, required=False))


def _quoted_coverage(view: str) -> bytearray:
    inside = bytearray(len(view))
    for quote in quotes(view):
        inside[quote.open: quote.end] = b"\x01" * (quote.end - quote.open)
    return inside


def _result_span(
    view: str,
    start: int,
    end: int,
    quantities: list[re.Match[str]],
    verb: re.Pattern[str],
    inside: bytearray,
    words: Words,
) -> CandidateSpan | None:
    first_quantity = quantities[0].start()
    verbs = [
        v for v in verb.finditer(view, start, end)
        if not inside[v.start()]
        and view[v.start() - 1: v.start()] != "总"  # 总投资 is a figure's name
        and (view[v.end(): v.end() + 1] not in _NOUN_SUFFIX or view[v.end(): v.end() + 2] == "部门")  # 梳理部门资源55项
        and view[v.end(): v.end() + 1] != "的"  # 新修的400余平方米停车场停满了车: a verb that modifies a noun
    ]
    lead = _after_connective(view, start, end)
    prefix = view[lead:first_quantity]
    if _GROWTH.search(view, start, end) is not None:
        return CandidateSpan(lead, end, ACHIEVEMENT, "achievement:clause", 0.6)  # 财政总收入34.2亿元、增长7.6%
    named = _names_a_figure(prefix, verbs, first_quantity)
    reach = _REACH.search(view, max(lead, first_quantity - 2), first_quantity)
    last = quantities[-1]
    if named and (last.end() == end or view[last.end()] == "、") and _MEASURE.search(last.group()):
        return CandidateSpan(lead, end, ACHIEVEMENT, "achievement:clause", 0.6)  # 总投资225亿元, 受众近2万人次
    if not verbs and reach is None:
        disposal = _DISPOSAL.search(view, lead, quantities[-1].start()) if "将" in view[lead:end] else None
        if disposal is not None and not inside[disposal.start()]:
            adverbs = _ADVERBS.search(view, max(lead, disposal.start() - 8), disposal.start())
            return CandidateSpan(adverbs.start() if adverbs else disposal.start(), end, ACHIEVEMENT, "achievement:clause", 0.55)
        already = _ALREADY.search(view, lead, first_quantity)
        if already is not None and not inside[already.start()]:
            return CandidateSpan(already.start(), end, ACHIEVEMENT, "achievement:clause", 0.55)  # 已发展…12个产业
        perfective = _PERFECTIVE.search(view, lead, first_quantity)
        if perfective is not None and perfective.start() > lead and not inside[perfective.start()]:
            anchor = _verb_before(view, lead, perfective.start(), words)  # 建设了玉米…等18个产业带
            return CandidateSpan(anchor, end, ACHIEVEMENT, "achievement:clause", 0.55)
        if _ALL_DONE.search(view, first_quantity, end):  # 832个贫困县全部出列: all of a counted set done
            scope = _SCOPE_BEFORE.search(view, max(lead, first_quantity - 2), first_quantity)
            return CandidateSpan(scope.start() if scope else first_quantity, end, ACHIEVEMENT, "achievement:clause", 0.6)
        return None
    if reach is not None and reach.group().startswith("达") and not any(v.start() < first_quantity for v in verbs):
        return CandidateSpan(lead, end, ACHIEVEMENT, "achievement:clause", 0.6)  # …党员群众达10余万人次
    anchor = min([first_quantity] + [v.start() for v in verbs])
    if reach is not None and anchor == first_quantity:  # 确定了246项…: from the verb before 了
        anchor = first_quantity - len(reach.group())
        if reach.group() == "了":
            tokens = words.words(view[max(lead, anchor - 8): anchor])
            while tokens and anchor > lead:
                token = tokens.pop()
                anchor -= len(token)
                if token not in ("出", "到", "完", "好"):
                    break
    elif anchor == first_quantity and named:  # 项目总投资10亿元以上的…项目成功签约
        anchor = lead
    preposition = _PREPOSITION.search(view, lead, anchor)
    if preposition is not None and inside[preposition.start()]:
        preposition = None
    if preposition is not None:
        anchor = preposition.start()
    elif adverbs := _ADVERBS.search(view, max(lead, anchor - 8), anchor):
        anchor = adverbs.start()
    return CandidateSpan(anchor, end, ACHIEVEMENT, "achievement:clause", 0.65)


def _verb_before(view: str, lead: int, position: int, words: Words) -> int:
    """Where the verb before ``position`` (a 了) starts, with its adverbs (已, 先后 …)."""
    tokens = words.words(view[max(lead, position - 8): position])
    anchor = position - len(tokens[-1]) if tokens else position
    adverbs = _ADVERBS.search(view, max(lead, anchor - 8), anchor)
    return adverbs.start() if adverbs else anchor


def _names_a_figure(prefix: str, verbs: list[re.Match[str]], first_quantity: int) -> bool:
    """A short name of a figure or its scope before the number (总投资, 受众近, 县本级), not
    an actor (分宜县, 我们) and not a predicate."""
    return (
        len(prefix) <= _METRIC_PREFIX
        and not any(v.start() < first_quantity for v in verbs)
        and not _ACTOR.search(prefix)
        and all(is_han(char) for char in prefix)
        and not _REACH.search(prefix)
    )


def _duration_span(view: str, parts: list[tuple[int, int]], index: int, start: int, duration_end: int) -> CandidateSpan:
    """The time a result took, with what was done: in the same clause (仅用45天就建成投产),
    in the next one (仅用10天时间,平稳快速处理…) or where it ran from (从相识到企业落地,
    只用了不到一个月的时间)."""
    end = parts[index][1]
    if end > duration_end:
        return CandidateSpan(start, end, ACHIEVEMENT, "achievement:duration", 0.6)
    if index > 0:
        previous_start, previous_end = parts[index - 1]
        origin = view.find("从", previous_start, previous_end)
        if origin != -1 and "到" in view[origin:previous_end]:
            return CandidateSpan(origin, end, ACHIEVEMENT, "achievement:duration", 0.6)
    if view[end: end + 1] in (",", "，") and index + 1 < len(parts) and parts[index + 1][0] <= end + 2:
        end = parts[index + 1][1]
    return CandidateSpan(start, end, ACHIEVEMENT, "achievement:duration", 0.6)


def _after_connective(view: str, start: int, end: int) -> int:
    match = _CONNECTIVE.match(view, start, end)
    return match.end() if match else start
