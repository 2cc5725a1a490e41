"""TARGET 目标/指标: a commitment to a quantity, a rank or a deadline still to be reached.

Rule ids:

- ``target:clause``   a commitment word (确保, 力争, 争取, 计划; weaker: 实现, 完成, 要, 将 in a
  future context) through the last quantity or rank of its clause: 力争全年签约超亿元项目30个以上
- ``target:deadline`` a deadline rule or milestone: 3天内必须反馈办理情况, 力争10月底前基本完成,
  年底前兑现承诺
- ``target:listed``   an item of a list of aims after an aims heading (主要预期目标是：地区生产总值
  增长6%左右；…), one span per item, without a commitment word
- ``target:bound``    a quantity held to a bound (控制在5.5%以内) in a sentence about a plan or aims
- ``target:governed`` a later clause of the same sentence governed by a strong commitment
  (力争…100个以上,总投资达到300亿元以上) or by a future modal that opens a plan (我们将全力…,
  推动重点实验室达到20家)
- ``target:budget``   a budget or investment plan: a budget noun with its sum in a sentence about
  the year ahead (今年…财政支出超过26万亿元, 提出减税降费二万亿)
- ``target:projection`` a projection made conditional on a plan: 项目建成投产后,预计…可实现
  年上交税收6-8亿元 (a bare 预计 of the year's figures stays a result)
- ``target:tasks``    a clause ending on a quantity in a paragraph of plans (the tasks part of a
  work report: 力争/确保/要/将 … and nothing reported done): 新增设施农业16.8万亩,
  培育本土企业50家; not in a sentence that looks back (2023年,…) or states a hypothesis (一旦…)
- ``target:series``   the next clause of a series of aims, its verb shared or its own, with a
  short tail after its figure: 创建省级智慧农业示范区3个，市级智慧农业示范区6个 (not a share of
  the whole before it, 各占50%, nor the present, 目前…正在)

What a commitment governs past its own clause (pass 11): a period of effort (力争通过3年努力，…),
a year ahead or a plan's end (到“十四五”末，…: there 累计 is the aim's total, and a level or a
rank to reach is an aim: 达到全国平均水平, 居全国前列), a hedged growth (同比增长15%以上) and a
hedged value with no unit (研发投入强度达2.6以上).

Pass 14: the end of a five-year plan and a hope in quoted speech name a time ahead too
(目标到“十五五”末，…; “期待到2030年，…”: see ``lang.YEAR_AHEAD``), a rank a plan pushes toward
is an aim (推动…跻身全国第一方阵), so is 零的突破 under a commitment, and a figure set as the aim
(定下…的绩效计划) like one 锚定.

Pass 15 (rules that recur across articles and sources): a task of a paragraph of plans that
opens on its verb with its count right after it, whatever follows the count (推动27个…、50家中小
企业数字化转型); a year made a deadline by 前 or a modal wherever it stands in its clause (2030年前
碳达峰目标如期实现); 超年度计划 is no future. Boundaries as the gold draws them: what a count
counts is in the span (新建5个规模化牧场), so is the time of the plan that alone opens the clause
(全年, 年度, 拟), not the scope that opens it (全省…).
"""

from __future__ import annotations

import bisect
import functools
import re
from typing import Callable, Iterable, Iterator

from ..records import CandidateSpan
from ..resources import Resources
from .achievement import COMPLETION
from .lang import (
    AIM_CONTEXT,
    CLAUSE_BREAKS,
    BOUNDED,
    DONE_CLAUSE,
    HAN,
    LOOKS_BACK,
    MODAL_REQUIRE,
    MODAL_WILL,
    OPEN_QUOTES,
    Quantities,
    Regions,
    SortedRegions,
    aims_regions,
    budget_plans,
    completion_to_come,
    governing_future,
    guarded,
    lexicon_alternation,
    names_year_ahead,
    plan_sentences,
    plans_parts,
    quantity_regex,
    quotes,
    sentence_clauses,
    SETTING_VERBS,
    sets_aims,
    strip_span,
)

TARGET = "TARGET"
Rule = Callable[[str], Iterable[CandidateSpan]]

STRONG_COMMITMENTS = frozenset({"确保", "力争", "争取", "计划", "目标", "力求", "努力", "奋力", "冲刺", "争创"})
# A future the weak commitment words (实现, 完成, 达到, 要, 将 …) need around them.
# 超年度计划28%: a plan exceeded, no future.
_FUTURE = re.compile(guarded(  # not 今年 / 全年: 全年完成投资45.6亿元 is as often a result as an aim
    rf"年内|年底|明年|到20\d\d年|20\d\d年前|力争|确保|(?<!超)(?<!超年度)计划|目标|争取|{MODAL_WILL}|{MODAL_REQUIRE}|(?:\d+|[一二两三四五六七八九十]+)年内|早日|尽快|必须|务必|拟|如何|怎样|全力"
))
# 会 as the future of a government's pledge in Hong Kong and Macau writing (我們會在兩年內增設…,
# 政府會…): only after the one who pledges, never in 会议, 会上, 会同.
_PRESS_WILL = r"(?<=我们|政府|当局)会(?![议上同见谈商员计])"
# 承诺 as the verb of a pledge with its time or figure after it (政府承诺在2022年前提供…): a
# commitment; 兑现承诺, 承诺书 name one made.
_PLEDGE = r"承诺(?=在|于|将|会|要|今年|明年|年内|\d|[一二两三四五六七八九十])"
# A clause that only says a target was set (特区政府定下目标，…): the clauses after it are that target.
_SETS_TARGET = re.compile(r"(?:定下|订下|订立|设定|制定|确立|定出|提出)[^，,；;。]{0,8}?目标$")
_DONE = re.compile(guarded(r"(?<!为)了(?!解)|已|累计|共计|同比"))
# Verbs that make a predicate of the quantity (力争10家企业纳入…培育库): the span runs on to them.
_PREDICATE = re.compile(r"纳入|进入|实现|突破|达到|完成|开工|建成|投产|落地|竣工|入选|迈入|跻身|列入|晋位|进位|上市")
_LEAD_IN = re.compile(r"(?:推动|推进|促进|努力)?(?:早日|尽快|全面|加快)?$")
_CONNECTIVE = re.compile(r"(?:并|同时|其中|且|另外|此外|还|再|全年|今年)")
_MILESTONE = re.compile(guarded(
    r"(?:年底前|年内|上半年|下半年|月底前|年前|(?:入冬|入汛|汛期|汛|春节|国庆|开学|雨季)前"
    r"|(?:\d{1,2}|[一二三四五六七八九十]{1,2})月(?:份|底前|底|中旬前|上旬前|下旬前|前)|\d{1,2}月\d{1,2}日前)"
))
# Figures about targets (analysis of others' targets), not a commitment: 目标平均值为6.4%.
_ABOUT_TARGETS = re.compile(r"的?(?:平均|中位|值|完成|在|增速|相差|比)")
# 计划 as a noun: what follows it measures or names the plan (计划完成率119.3%, 计划事项较…减少6项).
_MEASURE_NOUN = re.compile(r"(?:完成)?[度率值]|事项|书|表(?!示)")
_PROGRAMME_BEFORE = re.compile(r"行动$|工作$")  # 行动计划, 工作计划: a programme named, not a plan made
_LAST_YEAR = re.compile(r"去年|上年|上一年|前年")  # last year's plan is a plan met or missed, not an aim
_INTRODUCES_AIMS = re.compile(r"(?:目标|任务|计划)(?:任务)?(?:是|为)?$")

# 预计 with a modal of possibility: a projection of what a plan will yield (TARGET).
_PROJECTION = re.compile(r"预计[^，,；;。]{0,20}?(?:可|能|有望|可望|将)$")
# A forecast reaching a figure by a time ahead (预计三年后旅游人数可达300万, 预计今年每亩效益可达
# 4万元, 未来三年预期…收入16亿元): a projection presented as an aim; the sentence's later figures
# (…，旅游综合收入达30亿元) are projected with it. A bare 预计全年实现… stays a result (codebook).
_FORECAST_REACH = re.compile(
    r"(?:预计|预期)[^，,；;。]{0,16}?(?:可|能|有望|可望)(?:达到?|突破|超过|实现|增至|提高到|提升至|形成)"
)
_AHEAD = re.compile(r"未来(?:\d+|[一二两三四五六七八九十])年|今后(?:\d+|[一二两三四五六七八九十])年|(?:\d+|[一二两三四五六七八九十])年后")
_FORECAST_AHEAD = re.compile(rf"(?:{_AHEAD.pattern})[^，,；;。]{{0,6}}?(?:预计|预期)|(?:预计|预期)[^，,；;。]{{0,6}}?(?:{_AHEAD.pattern})")
# Adverbs of effort are commitments only when nothing is reported done (奋力前进了约6公里).
_EFFORT = frozenset({"奋力", "努力"})
# Rules and routines are not aims: 每月不少于2次, 至少1名.
# A rate or a share held to its bound is an indicator (覆盖率不低于98%, 覆盖农村人口比例达53%), not a routine.
_ROUTINE = re.compile(guarded(r"每|(?<!率)(?:不少于|至少|不低于|不超过)|比例(?!达|提高|提升|稳定|保持)"))
# A hypothesis is not an aim: 一旦尝试，就有50%的成功率.
_HYPOTHETICAL = re.compile(r"一旦|如果|假如|假设|只要|倘若")
_PLANNED_TAIL = 8
_PLANNED_PART_TAIL = 16  # under a heading of plans a task may name its object after the figure
# An exhortation, not a rank to reach: 走在前列, 站在前列.
_EXHORTATION = re.compile(r"[走站]在$")
# Commitments that seek a result (力争进入全省前列, 确保走在全市前列): after them 走在…前列 is a rank
# to reach; after 努力/奋力 (努力在…中走在前列) and outside any commitment it stays an exhortation.
_SEEKS = frozenset({"确保", "力争", "争取", "力求"})
# A completion still to come, with its date (计划今年开工建设, 年底前将全部完工, 预计2011年底竣工试生产,
# 今年力争主体工程完工): a deadline, an aim with no quantity (codebook: "or a deadline").
# The steps that finish a project (建成, 竣工, 通车, 交付使用 …): one list for every rule of completions.
_FINISHED = "建成|完工|竣工|投产|通车|投用|投入使用|投运|交付使用"
_COMPLETION_DUE = re.compile(guarded(
    r"(?:将|计划|力争|争取|确保|预计|拟|(?<![重主需只必摘纲提简紧概想])要)[^，,；;。]{0,12}?"
    rf"(?:开工|开建|{_FINISHED}|全面完成|完成)"
    # a date still to come opening the clause is its plan word (年内该路段完工, 年底前全部建成投用)
    r"|(?<![\u4e00-\u9fff])(?:今年|明年)?(?:年内|年底前|年底|年末|上半年|下半年)[^，,；;。]{0,10}?"
    rf"(?:开工|{_FINISHED}|通过[^，,；;。]{{0,10}}?验收)"
))
# Zero as an aim (确保散乱污企业零增长, 安全生产零事故, 力争实现…“零的突破”: a first one); 零容忍 is
# an attitude, not a figure.
_ZERO = re.compile(r"零(?:的突破|增长|新增|发生|事故|伤亡|死亡|反弹|投诉|上访|积案|污染)")
# A year opening a strong commitment with no figure is its deadline (2020年力争创成国家5A级旅游景区)
# when what is committed to is reached by a date: created, built, passed, entered.
_YEAR_BEFORE = re.compile(r"(?:19|20)\d\d年(?:底|前|内)?(?:以前)?[，,]?$")
# What is reached by a date (created, built, passed, entered), after a year before or after a
# strong commitment; only whether one is there is asked.
_REACHED_WORDS = "创成|建成|完成|通过|进入|跻身|成为|获批|达标|投产|开工|竣工|通车|实现"
_REACHED = re.compile(f"创建成|获评|{_REACHED_WORDS}")
_WHEN = re.compile(guarded(r"今年|明年|年底|年内|年末|[上下]半年|月底|(?<![\d.])\d{1,2}月|(?:19|20)\d\d年"))
# A rank to enter that a plan pushes toward (推动科技创新综合实力跻身全国第一方阵): the verb of
# entering after a causative of effort is still to come; 已跻身, 跻身了 report it (see ``done``).
_PUSHED_INTO_RANK = re.compile(r"(?:推动|推进|促进|助推|力促)[^，,；;。]{0,20}?(?:跻身|迈入|迈进|跨入|挺进|进入|晋级|晋位)")
# A period of effort a commitment gives itself (力争通过3年努力，…; 用三年时间，…): the clauses after
# it in the sentence are what is to be reached in that time. 经过 looks back unless committed.
_EFFORT_PERIOD = re.compile(
    r"(?P<word>力争|确保|争取|计划|力求|努力|拟)?(?P<way>通过|再用|用|经过)(?:\d+|[一二两三四五六七八九十]+)"
    r"(?:[到至-](?:\d+|[一二两三四五六七八九十]+))?(?:年|个月)(?:左右)?(?:时间|的时间|的?努力|的?奋斗|攻坚)?"
)
# A year-on-year growth with the hedge of an aim (同比增长15%以上) under a commitment: an aim, not a
# comparison reported (同比增长15.3%).
_HEDGED_GROWTH = re.compile(r"同比(?:增长|提高|提升|增加)[^，,；;。]{0,10}?(?:以上|左右)")
# A level to reach with no quantity (达到全国平均水平, 城乡居民收入比缩小至2.1∶1左右): an aim when a
# commitment governs the sentence.
_LEVEL = re.compile(
    r"(?:达到|超过|高于|接近|赶上)(?:全国|全省|全市|全区|全州|西部|中部|东部|国际|国内)?(?:平均|先进|领先|一流)?水平"
    r"|(?:缩小|降低|下降|提高|提升|控制)(?:至|到|在)\d+(?:\.\d+)?∶\d+"
)
# Funds and projects obtained from above (争取…资金, 争取专项债项目): what 争取 reports in a review.
_FUNDS = re.compile(r"[^，,；;。]{0,12}?(?:资金|国债|债券|专项债|补助|补贴|项目)")
_HEDGE = re.compile(r"以上|左右|多|余|超")
# An indicator's value with the hedge of an aim and no unit (研发投入强度达2.6以上), under a commitment.
_BARE_BOUND = re.compile(r"(?:达到?|超过|提高到|提升至|提高至|保持在)\d+(?:\.\d+)?(?:以上|左右)(?![\d\w])")
# 规划 as the verb of a plan to build (规划建设…等4条纵向公路), not a planned area (规划建设总面积).
_PLANNED_BUILD = re.compile(r"(?:规划|拟)(?:新建|建设|改建|扩建|布局)(?!总?面积|用地|规模)")
# The end of a plan's period (到规划期末, 到“十四五”末): a time ahead, like a year ahead.
_PERIOD_END = re.compile(r"(?:到|至|在)?(?:规划期末|规划末期|规划期内|[“「\"]?十[一二三四五六七八九]五[”」\"]?(?:时期|期间)?末)")
# A count of the parts of a topic (围绕…3个方面开展工作): how the work is arranged, not an aim's figure.
_PARTS_OF_TOPIC = re.compile(r"方面|层面|维度|环节")
# An aim named in quotes before 目标 (「3年上楼」目标, “五年翻一番”的目标): a quoted figure of time
# or amount is the aim itself; a quoted name without one (“双碳”目标, “十四五”目标) is no figure.
_QUOTED_FIGURE = re.compile(r"(?:\d+|(?<![十])[一二两三四五六七八九十百千万]+)(?:年|个月|天|日|小时|%|成|倍|番)")
_QUOTED_AIM_LONGEST = 16
# A bound set by a setting verb in its own clause (浙江提出制造业增加值占生产总值比重稳定在1/3左右): an
# aim, its figure a number of any form (a fraction too).
_SETS_BOUND = re.compile(
    r"(?:提出|明确|要求)(?P<aim>[^，,；;。“”「」]{2,30}?(?:控制|稳定|保持|维持)在[^，,；;。]{0,8}?\d[^，,；;。]{0,8}?(?:以内|以下|以上|左右))"
)
# A year right after a strong commitment is its deadline (确保2020年全部稳定脱贫, 力争2025年建成…).
_YEAR_AFTER = re.compile(r"(?:在|到|于)?(?:19|20)\d\d年(?:底|末|年底)?(?:前|以前)?")
_REACHED_BY_YEAR = re.compile(f"{_REACHED_WORDS}|脱贫|摘帽")
# A clause opening on a year ahead with a completion in it (到2020年如期完成脱贫任务).
_BY_YEAR_DONE = re.compile(
    r"(?:到|至)(?:19|20)\d\d年(?:底|末)?前?[^，,；;。]{0,6}?(?:完成|建成|实现|消除|全面建成|基本建成|基本实现|脱贫)"
)
# A year with 基本, the stage a long-range aim sets (要求“2035年基本实现共同富裕”): a deadline
# wherever it stands in its clause, without 到.
_LONG_RANGE = re.compile(r"(?:19|20)\d\d年(?:底|末)?前?基本(?:实现|建成|形成|完成)[^，,；;。”」』\"]+")
# A year made a deadline by 前 or by a modal of the future (2030年前碳达峰目标如期实现, 2035年我国要
# 达到中等发达国家水平, 會於2030年達到「碳峰值」) with a verb of reaching after it: a deadline
# wherever it stands in its clause. A bare year with a verb (2024年实现产值近1亿元) reports (pass 15).
_DUE_BY_YEAR = re.compile(guarded(
    r"(?:(?:要|会|會|将|將)(?:在|于|於)?(?:19|20)\d\d年(?:底|末)?(?:前|以前)?|(?:19|20)\d\d年(?:底|末)?(?:前|以前)"
    rf"|(?:19|20)\d\d年(?:底|末)?[{HAN}]{{0,4}}?(?:要|会|會|将|將))[^，,；;。]{{0,10}}?"
    r"(?:实现|實現|达到|達到|達致|达致|完成|建成|建立|形成|基本|全面|消除)"
))
# A year opening a completion (2013年建成通车) right after a deadline (计划今年开工建设，…): the
# next step of the same plan.
_YEAR_COMPLETION = re.compile(
    rf"(?:19|20)\d\d年(?:底|内|前|底前)?[^，,；;。]{{0,6}}?(?:开工|{_FINISHED})"
)
# A count starts where its run of numerals starts: tried from inside a run, the regex would scan
# the rest of the run again at every numeral (quadratic on a long run: 20 k numerals, 5.9 s).
_DEADLINE = re.compile(guarded(
    r"(?<![\d.])(?:\d+|(?<![一二两三四五六七八九十])[一二两三四五六七八九十]+)(?:个工作日|个月|天|日|小时|周|年)内(?:必须|要|务必)?"
))


def build_targets(resources: Resources) -> Rule:
    modal = {"要": MODAL_REQUIRE, "将": MODAL_WILL}
    commitment = re.compile(guarded("|".join([*(modal.get(w, re.escape(w)) for w in resources.lexicon("commitment_words")), _PRESS_WILL, _PLEDGE])))
    quantity = quantity_regex(resources, chinese=True)
    rank = re.compile(rf"(?:{lexicon_alternation(resources, 'ranks')})(?:强|名|位)?(?![{HAN}])")
    budgets = budget_plans(resources)
    opens_plan = governing_future(resources)
    # A task is done to a quantity: a verb of doing before it, outside quotes (新增, 培育, 建设,
    # 完成 …: the verbs a result is reported with are the verbs a task is set with); a quantity
    # with none before it is a subject (全县十项重点工作、10件民生实事,将通过“…四创建”活动…).
    # A plan verb before a noun of work is an attribute (重点工作, 重点项目), not the task's verb.
    task_verb = re.compile(
        lexicon_alternation(resources, "achievement_verbs", required=False) + "|(?:"
        + lexicon_alternation(resources, "plan_verbs", required=False) + ")(?!工作|任务|项目|领域)"
    )

    # A clause that opens on the verb of a task, after adverbs of effort (加快/重点/积极 …):
    # 推动27个…, 引导200家…实施…, 重点支持20个县深化… (pass 15).
    task_opener = re.compile(
        rf"(?:(?:{_EFFORT_ADVERBS})(?:地)?)*(?:{lexicon_alternation(resources, 'plan_verbs', required=False)}"
        rf"|{lexicon_alternation(resources, 'achievement_verbs', required=False)}|{_CAUSATIVES})"
    )

    def apply(view: str) -> Iterator[CandidateSpan]:
        found_quantities = Quantities(view, quantity)
        aim_lists = Regions(aims_regions(view))
        plans = SortedRegions(plan_sentences(view))
        in_plans_part = SortedRegions(plans_parts(view))
        planned_sums = budgets(view)
        quoted = quotes(view)
        quote_openings = [quote.open for quote in quoted]
        carried = carried_horizon = False  # the sentence before ended on ； under a commitment
        prior_aim_end = None  # where the last aim of an earlier sentence ended
        year_paragraph_end = -1  # the end of a paragraph that opened on a year ahead (到2025年，…)
        for quote in quoted:
            if view.startswith("目标", quote.end) or view.startswith("的目标", quote.end):
                inner_start, inner_end = quote.inner
                if inner_end - inner_start <= _QUOTED_AIM_LONGEST and _QUOTED_FIGURE.search(view, inner_start, inner_end):
                    yield CandidateSpan(inner_start, inner_end, TARGET, "target:quoted", 0.55)  # 「3年上楼」目标
        for sentence_start, sentence_end, parts in sentence_clauses(view):  # the split ACHIEVEMENT reads too
            if view[sentence_end: sentence_end + 1] in ("？", "?"):
                carried = carried_horizon = False
                continue  # 预期目标5.5%如何实现？: a question about an aim, not the aim
            # 方案提出，通过3年攻坚，…达到37万元；全省淘汰…企业5000家，…: the items after ； are
            # governed by the same commitment (a ；-list of aims is one sentence of the plan)
            # 到2025年，数字经济发展取得显著成效。…5G基站达到15万个: a paragraph opened by a year
            # ahead sets the aims for that year in every sentence of it that looks back on nothing
            in_year_paragraph = sentence_start < year_paragraph_end
            governed = (carried or in_year_paragraph) and not LOOKS_BACK.search(view, sentence_start, sentence_end)
            horizon_carried = (carried_horizon or in_year_paragraph) and governed
            planned = False  # a future modal opened a plan earlier in the sentence
            once_built = False  # the clause before was a condition of completion (建成通车后)
            forecast = False  # a forecast of a figure ahead opened the sentence (预计三年后…可达…)
            horizon = horizon_carried  # a clause named a time ahead (计划到2025年底，累计建成…: 累计 is the aim's)
            aim_end = due_end = last_end = None  # where the last aim, deadline and clause ended
            # whether the sentence reports anything done or looks back: asked at most once a sentence
            looks_back = functools.cache(
                lambda start=sentence_start, end=sentence_end: bool(DONE_CLAUSE.search(view, start, end) or LOOKS_BACK.search(view, start, end))
            )
            # Where the sentence first names an aim (规划, 目标 …) and a forecast (预计): looked up
            # once a sentence, not once a clause from the sentence's start (quadratic in a long one).
            aim_named_at = _first_end(AIM_CONTEXT.search(view, sentence_start, sentence_end))
            forecast_at = view.find("预计", sentence_start, sentence_end)
            forecast_named_at = forecast_at + 2 if forecast_at != -1 else _NEVER
            for start, end in planned_sums:
                if sentence_start <= start < sentence_end:
                    yield CandidateSpan(start, end, TARGET, "target:budget", 0.6)
            for start, end in parts:
                clause = view[start:end]
                quantities = [q for q in found_quantities.between(start, end) if not _PARTS_OF_TOPIC.match(view, q.end())]
                follows_aim, follows_due = aim_end == last_end is not None, due_end == last_end is not None
                last_end = end
                done = _reports_done(clause, governed, horizon)
                if _INTRODUCES_AIMS.search(clause) and view[end: end + 1] in ":：":
                    governed = True  # 招商引资目标任务是:全年引进80个产业项目,…
                    continue
                if not quantities and view[end: end + 1] in "，," and _SETS_TARGET.search(clause):
                    governed = True  # 特区政府定下目标，于2030年前把…减至…
                    continue
                if not quantities and names_year_ahead(view, clause, sentence_start, sentence_end):
                    governed = horizon = True  # 力争到2030年，…人均地区生产总值达到14万元: aims for that year
                    if start == strip_span(view, sentence_start, sentence_end)[0] and not looks_back():
                        line_end = view.find("\n", end, end + _LIST_REACH)  # bounded: linear in a text without lines
                        year_paragraph_end = min(len(view), end + _LIST_REACH) if line_end == -1 else line_end
                    continue
                period_end = _PERIOD_END.match(view, start, end)
                if period_end is not None and period_end.end() == end:
                    governed = horizon = True  # 到规划期末，…: aims for then
                    continue
                if period_end is not None and quantities and not done:
                    aim_end = end  # 规划期末工业总产值达百亿元
                    yield CandidateSpan(start, _aim_end(view, start, quantities[-1].end(), end), TARGET, "target:governed", 0.6)
                    continue
                if not quantities and _effort_period(clause):
                    governed = horizon = True  # 力争通过3年努力，培育…上市企业10家以上: aims for that period
                    continue
                if not quantities and not done and _BY_YEAR_DONE.match(view, start, end) and not looks_back():
                    due_end = end
                    yield CandidateSpan(start, end, TARGET, "target:deadline", 0.55)  # 到2020年如期完成脱贫任务
                    continue
                long_range = _LONG_RANGE.search(view, start, end) if not quantities and not done and "基本" in clause else None
                if long_range is not None and not looks_back():
                    due_end = end
                    yield CandidateSpan(long_range.start(), long_range.end(), TARGET, "target:deadline", 0.55)
                    continue
                due_by_year = _DUE_BY_YEAR.search(view, start, end) if not done and "年" in clause else None
                if due_by_year is not None and not LOOKS_BACK.search(clause):
                    due_end = end  # 2030年前碳达峰目标如期实现, 2035年我国要达到…水平, 會於2030年達到「碳峰值」
                    yield CandidateSpan(due_by_year.start(), end, TARGET, "target:deadline", 0.55)
                    governed = True
                    continue
                if not quantities and sets_aims(view, clause, end):
                    governed = True  # 报告提出，…增长5%: the clauses after it are the document's aims
                    continue
                if COMPLETION.search(clause):
                    continue  # 完成…目标任务的26.62%: progress made, a result
                if quantities and aim_lists.covers(start, end):
                    # 主要预期目标是：地区生产总值增长6%左右；…: each item an aim, no commitment word
                    lead = _after_connective(view, start, end)
                    aim_end = end
                    yield CandidateSpan(lead, _aim_end(view, lead, quantities[-1].end(), end), TARGET, "target:listed", 0.7)
                    continue
                # 主要目标是：经济质量效益走在全市前列；…; 一是…，在…方面走在全省前列: a rank to
                # reach, as an item of a list of aims, is an aim (free-standing, 努力在…中走在前列
                # is an exhortation: see _EXHORTATION). The rank first: few clauses hold one.
                listed_rank = rank.search(view, start, end) if not quantities and not done else None
                if listed_rank is not None and aim_lists.covers(start, end):
                    aim_end = end
                    yield CandidateSpan(_after_connective(view, start, end), listed_rank.end(), TARGET, "target:listed", 0.6)
                    continue
                if (
                    quantities and not done and not governed and prior_aim_end is not None
                    and start - prior_aim_end <= _LIST_REACH and "\n" not in view[prior_aim_end:start]
                    and _hedged_indicator(view, start, end, quantities)
                ):  # …预期目标为5%左右，…。城镇调查失业率5.5%左右，体现了…: an indicator with the
                    # hedge of an aim, in the paragraph of the aim before it: the next item of the list
                    aim_end = end
                    yield CandidateSpan(start, end, TARGET, "target:indicator", 0.55)
                    continue
                built = completion_to_come(view, start, end)
                if built is not None and not quantities and built.end() == end:
                    once_built = True  # 铁路建成通车后，年运送旅客可达300万人次: the next clause yields
                    due = _COMPLETION_DUE.search(view, start, end) if not done else None
                    if due is not None and due.start() == start and view[due.end(): end].startswith("后"):
                        yield CandidateSpan(start, due.end(), TARGET, "target:deadline", 0.55)  # 年内该路段完工后，…
                    continue
                if (built is not None or once_built) and quantities and not done and ("预计" not in clause or (built is None and commitment.search(view, start, end) is None)) and (
                    built is None or quantities[-1].start() >= built.end()
                ):
                    yield CandidateSpan(start, _aim_end(view, start, quantities[-1].end(), end), TARGET, "target:projection", 0.55)
                    continue
                once_built = False
                # a count before the plan word is its subject (15个重大产业项目今年将陆续开工建设): the
                # plan word is looked for after the last count only
                due = _COMPLETION_DUE.search(view, quantities[-1].end() if quantities else start, end) if not done else None
                when = _WHEN.search(view, start, end) if due is not None else None
                if when is not None:  # from the date or the plan word, whichever comes first
                    due_end = end
                    yield CandidateSpan(min(due.start(), when.start()), end, TARGET, "target:deadline", 0.55)
                    continue
                anchored = _anchored_aim(view, start, end, quantities) if quantities and not done else None
                if anchored is not None:
                    aim_end = end
                    yield CandidateSpan(anchored[0], anchored[1], TARGET, "target:clause", 0.6)
                    continue
                word = commitment.search(view, start, end)
                planned_build = _PLANNED_BUILD.match(view, _after_connective(view, start, end), end) if word is None else None
                if planned_build is not None and quantities and not done and quantities[-1].start() >= planned_build.end():
                    aim_end = end  # 同时，规划建设…等4条纵向公路: what a plan will build
                    yield CandidateSpan(planned_build.start(), _aim_end(view, planned_build.start(), quantities[-1].end(), end), TARGET, "target:clause", 0.55)
                    continue
                projection = (
                    word is not None and "预计" in view[max(sentence_start, word.start() - 24): word.start()]
                    and _PROJECTION.search(view, max(sentence_start, word.start() - 24), word.start())
                )
                if projection and quantities and not done:
                    yield CandidateSpan(word.start(), _aim_end(view, word.start(), quantities[-1].end(), end), TARGET, "target:projection", 0.6)
                    continue
                if not done and (forecast or _forecasts(view, start, end)):
                    # 预计三年后旅游人数可达300万，旅游综合收入达30亿元: projected figures (a count of
                    # people or money may go without its unit: 300万)
                    last = quantities[-1].end() if quantities else _last_magnitude(view, start, end)
                    if last is not None:
                        forecast = True
                        lead = _after_connective(view, start, end)
                        yield CandidateSpan(lead, _aim_end(view, lead, last, end), TARGET, "target:projection", 0.55)
                        continue
                if word is not None and word.group() not in STRONG_COMMITMENTS and forecast_named_at <= word.start():
                    word = None  # 预计,全年实现…: a forecast of the result, not an aim (codebook)
                if (
                    word is not None and word.group() == "争取" and quantities and not governed
                    and _FUNDS.match(view, word.end(), end) and not _HEDGE.search(quantities[-1].group())
                    and not plans.covers(start, end)
                ):
                    word = None  # 争取增发国债项目383个 outside plans, an exact sum: funds obtained, not sought
                if word is not None and view[word.start() - 2: word.start()] == "成功":
                    word = None  # 成功争创…29个国家级示范试点: won, not sought
                if word is not None and word.group() in _EFFORT and DONE_CLAUSE.search(clause):
                    word = None  # 奋力前进了约6公里: an effort made, not a commitment
                if word is not None and word.group() in ("完成", "计划") and _MEASURE_NOUN.match(view, word.end()):
                    word = None  # 完成度, 计划完成率, 计划事项: a measure of progress or a noun, not a commitment
                if word is not None and word.group() == "计划" and (
                    _PROGRAMME_BEFORE.search(view, max(start, word.start() - 2), word.start())
                    or _LAST_YEAR.search(view, sentence_start, end)
                ):
                    word = None  # “满天星”行动计划…; 去年…项目计划共安排588个: a programme's name, last year's plan
                if word is not None and word.group() == "目标" and _ABOUT_TARGETS.match(view, word.end()):
                    word = None  # 目标平均值为6.4%, 目标在6%及以上: figures about targets, not an aim
                if word is None and not done and any(v in clause for v in SETTING_VERBS):
                    set_bound = _SETS_BOUND.search(view, start, end)
                    if set_bound is not None:  # 浙江提出制造业增加值占…比重稳定在1/3左右: a bound set as an aim
                        aim_end = end
                        yield CandidateSpan(set_bound.start("aim"), set_bound.end(), TARGET, "target:bound", 0.55)
                        continue
                if word is None and not done and quantities and (aim_named_at <= start or plans.covers(start, end)):
                    bound = BOUNDED.search(view, start, end)
                    if bound is not None:  # …规划…,城镇调查失业率控制在5.5%以内: a bound set in a plan (or among plans)
                        lead = _after_connective(view, start, end)
                        aim_end = end
                        yield CandidateSpan(lead, _aim_end(view, lead, quantities[-1].end(), end), TARGET, "target:bound", 0.55)
                        continue
                if word is not None:
                    strong = word.group() in STRONG_COMMITMENTS
                    rest = clause[: word.start() - start] + clause[word.end() - start:]
                    future = governed or planned or strong or bool(_FUTURE.search(rest))
                    sought = word.group() in _SEEKS  # 力争在…方面走在全省前列: a rank sought, not an exhortation
                    aims = [q for q in quantities if q.start() >= word.end()] + [
                        r for r in rank.finditer(view, word.end(), end) if sought or not _EXHORTATION.search(view, r.start() - 2, r.start())
                    ] + list(_ZERO.finditer(view, word.end(), end))
                    if aims and future and not (done and not strong):
                        if not strong and planned and not governed:  # 我们将…,推动…达到30家: the whole clause
                            span_start = _after_connective(view, start, end)
                            rule, score = "target:governed", 0.55
                        elif strong or not governed:
                            span_start = word.start() - len(_LEAD_IN.search(view, max(start, word.start() - 4), word.start()).group())
                            rule, score = "target:clause", 0.8 if strong else 0.6
                        else:  # …,总投资达到300亿元以上: the clause, under the sentence's commitment
                            span_start = _after_connective(view, start, end)
                            rule, score = "target:governed", 0.6
                        span_end = _aim_end(view, span_start, max(a.end() for a in aims), end)
                        aim_end = end
                        yield CandidateSpan(span_start, span_end, TARGET, rule, score)
                        governed = governed or strong
                        continue
                    year = _YEAR_AFTER.match(view, word.end(), end) if strong and not done and not quantities else None
                    if year is not None and end - year.end() >= 2 and _REACHED_BY_YEAR.search(view, year.end(), end):
                        due_end = end
                        yield CandidateSpan(word.start(), end, TARGET, "target:deadline", 0.6)  # 确保2020年全部稳定脱贫
                        governed = True
                        continue
                    if strong and not done and _YEAR_BEFORE.search(view, max(start, word.start() - 9), word.start()) and _REACHED.search(view, word.end(), end):
                        yield CandidateSpan(_after_connective(view, start, end), end, TARGET, "target:deadline", 0.6)  # 2020年力争创成…景区
                        governed = True
                        continue
                    if strong and (milestone := _MILESTONE.search(view, word.end(), end)) and end - milestone.end() >= 2:
                        yield CandidateSpan(word.start(), end, TARGET, "target:deadline", 0.7)
                        governed = True
                        continue
                pushed = _PUSHED_INTO_RANK.search(view, start, end) if not quantities and not done and ("推" in clause or "促" in clause) else None
                pushed_rank = rank.search(view, pushed.end(), end) if pushed is not None else None
                if pushed_rank is not None and pushed_rank.start() - pushed.end() <= 4 and not looks_back():
                    aim_end = end  # 推动…跻身全国第一方阵: a rank a plan pushes toward
                    yield CandidateSpan(pushed.start(), pushed_rank.end(), TARGET, "target:clause", 0.55)
                    continue
                modal = "将" in clause or "要" in clause or "需" in clause  # a cheap test before the regex
                opening = opens_plan.search(view, start, end) if modal and not planned and not done else None
                if opening is not None:
                    planned = True  # 我们将全力…, 今年将实施…: the later clauses are the plan
                    quantities = [q for q in quantities if q.start() >= opening.end()]  # 10项工程要着力…: a subject
                    if not quantities:
                        continue
                deadline = _DEADLINE.search(view, start, end)
                if (
                    deadline is not None and not done and view[deadline.start() - 1: deadline.start()] != "在"
                    and view[deadline.end(): deadline.end() + 1] != "的"  # 五年内的维保费用: a modifier
                ):
                    if end - deadline.end() >= 2 and not any(q.start() >= deadline.end() for q in quantities):
                        yield CandidateSpan(deadline.start(), end, TARGET, "target:deadline", 0.7)
                        continue
                if (
                    planned and not governed and not done and quantities and not _ROUTINE.search(clause)
                    and end - quantities[-1].end() <= _PLANNED_TAIL
                ):  # the quantity closes the aim (…达到20家, …5000场以上), not a name (20项民生工程、…)
                    lead = _after_connective(view, start, end)
                    span_end = _aim_end(view, lead, quantities[-1].end(), end)
                    aim_end = end
                    yield CandidateSpan(lead, span_end, TARGET, "target:governed", 0.55)
                    continue
                if (
                    not governed and not done and quantities and not _ROUTINE.search(clause)
                    and _tail_fits(view, task_verb, quantities[-1], end) and plans.covers(start, end)
                    and not _HYPOTHETICAL.search(view, sentence_start, end)
                    and _verb_outside_quotes(view, task_verb, start, quantities[-1].start())
                    and not _quoted(quoted, quote_openings, quantities[-1])
                ):  # 新增设施农业16.8万亩 in a paragraph of plans: an aim of the year's tasks
                    lead = _after_connective(view, start, end)
                    span_end = end if end - quantities[-1].end() > _PLANNED_TAIL else _aim_end(view, lead, quantities[-1].end(), end)
                    aim_end = end
                    yield CandidateSpan(lead, span_end, TARGET, "target:tasks", 0.5)
                    continue
                opener = task_opener.match(view, _after_connective(view, start, end), end) if quantities and not governed and not done else None
                if (
                    opener is not None and quantities[0].start() - opener.end() <= _OBJECT_REACH
                    and _counts_object(view, quantities[0]) and "成功" not in clause
                    and plans.covers(start, end) and not _ROUTINE.search(clause)
                    and not _HYPOTHETICAL.search(view, sentence_start, end)
                    and not _quoted(quoted, quote_openings, quantities[0])
                ):  # 推动27个县域特色产业集群、50家中小企业数字化转型: a task that opens on its verb, the
                    # count its object, whatever follows the count
                    aim_end = end
                    yield CandidateSpan(opener.start(), end, TARGET, "target:tasks", 0.5)
                    continue
                if (
                    not governed and not done and quantities and not _ROUTINE.search(clause)
                    and end - quantities[-1].end() <= _PLANNED_PART_TAIL and in_plans_part.covers(start, end)
                    and plans.covers(start, end) and not _HYPOTHETICAL.search(view, sentence_start, end)
                    and not _quoted(quoted, quote_openings, quantities[-1])
                ):  # under 2026年工作安排: 建设100个中小学校冰雪运动训练室（场）, 农村劳动力转移就业240万人
                    aim_end = end
                    yield CandidateSpan(_after_connective(view, start, end), end, TARGET, "target:tasks", 0.5)
                    continue
                if (
                    follows_aim and not governed and not done and quantities and not _ROUTINE.search(clause) and "占" not in clause
                    and not LOOKS_BACK.search(clause) and "正在" not in clause
                    and end - quantities[-1].end() <= _PLANNED_TAIL
                ):  # 创建省级…示范区3个，市级…示范区6个: the next item of a series of aims, its verb shared or its own
                    # (a share, 各占50%, describes the whole before it)
                    lead = _after_connective(view, start, end)
                    aim_end = end
                    yield CandidateSpan(lead, _aim_end(view, lead, quantities[-1].end(), end), TARGET, "target:series", 0.5)
                    continue
                if follows_due and not quantities and not done and _YEAR_COMPLETION.match(view, start, end):
                    due_end = end
                    yield CandidateSpan(start, end, TARGET, "target:deadline", 0.55)  # 计划今年开工建设，2013年建成通车
                    continue
                if not governed or done:
                    continue
                lead = _after_connective(view, start, end)
                milestone = _MILESTONE.match(view, lead, end)
                if milestone is not None and milestone.group().endswith("前") and end - milestone.end() >= 2:
                    yield CandidateSpan(lead, end, TARGET, "target:deadline", 0.6)  # 年底前兑现承诺
                    continue
                if quantities:
                    span_end = _aim_end(view, lead, quantities[-1].end(), end)
                    aim_end = end
                    yield CandidateSpan(lead, span_end, TARGET, "target:governed", 0.6)
                elif _BARE_BOUND.search(view, lead, end):
                    yield CandidateSpan(lead, end, TARGET, "target:governed", 0.55)  # 力争…，研发投入强度达2.6以上
                elif horizon and (_LEVEL.search(view, lead, end) or any(
                    not _EXHORTATION.search(view, r.start() - 2, r.start()) for r in rank.finditer(view, lead, end)
                )):  # 力争到2030年，…收入达到全国平均水平，…居全国前列: a level or rank to reach by then
                    yield CandidateSpan(lead, end, TARGET, "target:governed", 0.55)
            carried = governed and view[sentence_end: sentence_end + 1] in "；;" and not looks_back()
            prior_aim_end = aim_end if aim_end is not None else prior_aim_end
            carried_horizon = carried and horizon

    def bounded(view: str) -> Iterator[CandidateSpan]:
        for candidate in apply(view):
            start = _bounds_start(view, candidate.start, candidate.end)
            yield candidate if start == candidate.start else CandidateSpan(start, candidate.end, TARGET, candidate.rule, candidate.score)

    return bounded


# An aim's span begins where its clause begins when only the time of the plan stands before it
# (全年新增…, 年度计划投资…, 拟发行…, 年底前达到45条; not 今年, which the dev gold leaves out as
# often as it takes in), and after the scope that opens it (全省地区生产总值增长4.5%左右: the
# indicator is the aim's subject, the province its frame) (pass 15).
_TIME_LEADS = ("全年", "当年", "明年", "年度", "年底前", "年内", "拟安排", "拟")
_SCOPE_LEAD = re.compile(rf"全(?:省|市|县|区|州|盟)(?=[{HAN}])(?!前列|第)")
_CLAUSE_OPENS = frozenset(CLAUSE_BREAKS) | {""}


def _bounds_start(view: str, start: int, end: int) -> int:
    scope = _SCOPE_LEAD.match(view, start, end)
    if scope is not None and end - scope.end() >= 4:
        return scope.end()
    if view.startswith(("力争", "确保", "争取", "力求"), start):
        return start  # 全年力争谋划储备项目100个以上: the aim begins with the commitment that seeks it
    for lead in _TIME_LEADS:
        if view.startswith(lead, start - len(lead)) and view[start - len(lead) - 1: start - len(lead)] in _CLAUSE_OPENS:
            return start - len(lead)
    return start


# Adverbs before a task's verb, and verbs that make others do a task (推动, 引导, 支持 …): with a
# count right after them the count is the task's object.
_EFFORT_ADVERBS = "加快|重点|积极|全力|着力|大力|继续|持续|深入|全面|进一步|扎实|稳步|有序|统筹|集中|优先|力争|确保|争取|将|要|还将|再"
_CAUSATIVES = "推动|引导|组织|支持|带动|帮助|扶持|鼓励|指导|推进|为"
_OBJECT_REACH = 12  # the count within a few words of the verb: 引导200家…, 推动宝安燕罗、…等20个 is beyond

# An indicator named by Han characters alone (城镇调查失业率, 居民消费价格涨幅) with a hedged figure
# closing the clause (5.5%左右, 6%以上): the form of an item of a list of aims.
# How far the items of a list of aims reach past the aim before them, and a paragraph opened on a
# year ahead past its opening (a longer stretch without a new line is no list).
_LIST_REACH = 600
_INDICATOR = re.compile(rf"[{HAN}]{{2,16}}")
_HEDGED_FIGURE = re.compile(r"(?:左右|以上|以内)$")


def _hedged_indicator(view: str, start: int, end: int, quantities: list[re.Match[str]]) -> bool:
    """A clause that is only an indicator and its hedged figure (城镇调查失业率5.5%左右)."""
    last = quantities[-1]
    if last.end() != end or len(quantities) != 1 or not _HEDGED_FIGURE.search(last.group()):
        return False
    return _INDICATOR.fullmatch(view, start, last.start()) is not None


_BARE_MAGNITUDE = re.compile(r"[一二两三四五六七八九十百千万亿]+")


def _counts_object(view: str, quantity: re.Match[str]) -> bool:
    """A count that is the object of the verb before it: not people (选派2436名干部…: they do the
    rest), not a figure's name (总投资1540亿元的…), not a magnitude inside a name (千亿投资,
    百万高校毕业生…行动)."""
    if quantity.group()[-1] in "名人位" or _FIGURE_NAMED.search(view, max(0, quantity.start() - 4), quantity.start()):
        return False
    return not (_BARE_MAGNITUDE.fullmatch(quantity.group()) and _HAN_AFTER.match(view, quantity.end()))


_HAN_AFTER = re.compile(f"[{HAN}]")
_FIGURE_NAMED = re.compile(r"(?:总|投资|总额|规模)(?:约|达|超|为)?$")


def _quoted(quoted, openings: list[int], quantity: re.Match[str]) -> bool:
    """Whether a quantity sits inside a quoted name (学习运用“千万工程”经验, “万企兴万村”): a name,
    not a task's figure."""
    index = bisect.bisect_right(openings, quantity.start()) - 1
    return index >= 0 and quantity.end() <= quoted[index].close


def _reports_done(clause: str, governed: bool, horizon: bool) -> bool:
    """Whether the clause reports something done (了, 已, 累计, 同比 …); under a commitment a
    hedged growth (同比增长15%以上) is an aim, and under a time ahead 累计 is the aim's total."""
    if _DONE.search(clause) is None:
        return False
    if governed:
        clause = _HEDGED_GROWTH.sub("", clause)
    if horizon:
        clause = clause.replace("累计", "")
    return _DONE.search(clause) is not None


def _effort_period(clause: str) -> bool:
    """A clause that only gives a commitment its time (see ``_EFFORT_PERIOD``)."""
    period = _EFFORT_PERIOD.fullmatch(clause)
    return period is not None and (period.group("word") is not None or period.group("way") != "经过")


_MAGNITUDE = re.compile(r"\d+(?:\.\d+)?[万亿](?![\u4e00-\u9fff])")


def _last_magnitude(view: str, start: int, end: int) -> int | None:
    """The end of the last bare number with a magnitude that closes a clause (可达300万), or None."""
    found = [m.end() for m in _MAGNITUDE.finditer(view, start, end)]
    return found[-1] if found else None


def _forecasts(view: str, start: int, end: int) -> bool:
    """A clause forecasting a figure ahead: 预计…可达 (see ``_FORECAST_REACH``) or 预计/预期 with
    a time ahead (未来三年预期…, 预计三年后…)."""
    if "预" not in view[start:end]:  # a cheap test before the regexes
        return False
    return bool(_FORECAST_REACH.search(view, start, end) or _FORECAST_AHEAD.search(view, start, end))


def _tail_fits(view: str, task_verb: re.Pattern[str], quantity: re.Match[str], end: int) -> bool:
    """The quantity closes the task (新增…16.8万亩), or counts the object of a verb right before
    it with a longer name after it (加快建设6个省级粮油仓储设施项目): not a quantity named as a
    subject (20项民生工程、…)."""
    tail = end - quantity.end()
    if tail <= _PLANNED_TAIL:
        return True
    if tail > _PLANNED_PART_TAIL or quantity.group()[-1] in "名人位" or view[quantity.end(): quantity.end() + 1] == "的":
        return False  # 吸引200余名选手以…传递…: people counted do the rest; …1540亿元的能源项目: a modifier
    return any(
        m.end() == quantity.start() and view[m.start() - 1: m.start()] != "总"  # 总投资1540亿元: a figure's name
        for m in task_verb.finditer(view, max(0, quantity.start() - 4), quantity.start())
    )


def _verb_outside_quotes(view: str, verb: re.Pattern[str], start: int, end: int) -> bool:
    inside = False
    position = start
    for match in verb.finditer(view, start, end):
        for char in view[position: match.start()]:
            if char in OPEN_QUOTES and not inside:
                inside = True
            elif char in "”」』’\"" and inside:
                inside = False
        position = match.start()
        if not inside and view[match.end(): match.end() + 1] != "的":  # 集中开工的项目: an attribute
            return True
    return False


# 锚定“十五五”时期经济总量超1500亿元目标: a verb that sets the sights on a figure named as the
# aim (目标 right after it) — the figure is an aim although no commitment word precedes it.
# A figure set as the aim (定下3个月收储72间房屋的绩效计划, 设定5%左右的增长目标): the same, the
# plan or aim named after the figure's object.
_SIGHTS_ON = re.compile(r"锚定|瞄准|定下|订下|立下|设定")
_NAMED_AIM = re.compile(r"的?(?:发展|奋斗|总体|预期)?目标|[^，,；;。的]{0,6}?的[^，,；;。的]{0,4}?(?:目标|计划|任务)(?![\u4e00-\u9fff])")


def _anchored_aim(view: str, start: int, end: int, quantities: list[re.Match[str]]) -> tuple[int, int] | None:
    """(start, end) of 锚定 … figure when the figure closing it is called the aim, else None."""
    sights = _SIGHTS_ON.search(view, start, end)
    if sights is None:
        return None
    aimed = [q for q in quantities if q.start() >= sights.end()]
    if not aimed or not _NAMED_AIM.match(view, aimed[-1].end(), end):
        return None
    return sights.start(), aimed[-1].end()


_NEVER = float("inf")


def _first_end(match: re.Match[str] | None) -> float:
    """Where a sentence's first match ends (the earliest end of any: AIM_CONTEXT is a list of
    words, none of which ends inside another's match), or never."""
    return match.end() if match is not None else _NEVER


def _after_connective(view: str, start: int, end: int) -> int:
    match = _CONNECTIVE.match(view, start, end)
    return match.end() if match else start


# What a count counts, after it to the clause's end (规模化牧场, 级产业集群, 头): not a word that names
# the figure an aim (目标), a modifier (的…), a list going on (等, 、) or a closing quote.
_COUNTED_NOUN = re.compile(rf"(?!目标|目標|的|之|等|后|後)[{HAN}]")
_COUNTED_NOUN_LONGEST = 16


def _aim_end(view: str, start: int, end: int, clause_end: int) -> int:
    """The end of the aim: past a quote the aim is in (“百家企业、百亿投资”), and on to the
    clause end when the quantity is the subject of a predicate (…10家企业纳入…培育库)."""
    opened = sum(view.count(q, start, end) for q in "“「『")
    closed = sum(view.count(q, start, end) for q in "”」』")
    closers = "”」』" if opened > closed else '"' if view.count('"', start, end) % 2 else ""
    found = [view.find(closer, end, clause_end) for closer in closers]
    found = [position for position in found if position != -1]
    if found:
        return min(found) + 1
    remainder = view[end:clause_end]
    if remainder and remainder[0] not in "及和与等、" + OPEN_QUOTES and _PREDICATE.search(remainder[:14]):
        return clause_end
    if _COUNTED_NOUN.match(remainder) and len(remainder) <= _COUNTED_NOUN_LONGEST:
        return clause_end  # 新建5个规模化牧场, 6个千亿级产业集群: the span takes in what is counted (pass 15)
    return end
