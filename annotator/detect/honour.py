"""HONOUR 荣誉/称号: titles, awards and designations conferred (or aimed at by a 创建 drive).

Rule ids:

- ``honour:conferred`` titles after a conferring verb (获评, 荣获, 被评为, 晋升, 创建 …),
  each item of a 、-list, without the verb, counts such as 连续10年, or a closing 等称号; a
  quoted name right after the verb (被评为省级“洁净城市”) or named an honour in the run
  (荣膺行业最高荣誉“金鼎奖”) is the title without its quotes
- ``honour:title``     a national or provincial title found by its scope and head without a
  verb: 全国农民合作社典型案例, 省级森林城市; or before the word of a drive that seeks it
  (国家公园创建, 国家植物园创建, 国家公园候选区)
- ``honour:quoted``    a quoted name before a word of conferring (“优秀共产党员”表彰大会,
  “最美家庭”评选, “人民英雄”国家荣誉称号, a chain of them before 榜单), after a word that names an honour (最高荣誉“大禹鼎”)
  or in a list summed up as honours (“时代楷模”和“感动中国年度人物”等全国重大先进典型): the
  name without its quotes
- ``honour:medal``     a medal, badge or trophy with its name (…70周年纪念章,
  “光荣在党50年”纪念章), without the verb that gives it
- ``honour:merit``     a scope, a merit word and a role: 全国优秀县委书记, 全省先进基层党组织
- ``honour:class``     a graded or named class of honour: (国家级)4A(级)(旅游)景区, 五星级党支部,
  中国长寿之乡, A类县, 环保绩效A级、B级企业, and an enterprise class of
  ``lexicons/honour_classes.txt`` before 企业/培育库 (培育国家“小巨人”企业: 小巨人)
- ``honour:listed``   an item of a 、-list that a title opens and another closes (全国重点文物
  保护单位、中国十佳古城、新潇湘八景、湖南省研学教育基地: the two between)
- ``honour:negative``  a negative "award" that shames cadres (蜗牛奖, 红黑榜, 警示牌), from
  ``lexicons/negative_awards.txt`` and any …奖 named after sloth (躺平, 拖拉 …)
- ``honour:appointment`` an honorary appointment conferred on a person (太平绅士, 荣誉市民), from
  ``lexicons/honour_appointments.txt``
- ``honour:echo``     a bare repetition of a title the other rules found in the same text, also
  a person's title without the scope and rank it opened with (岳阳市十佳美德少年 … 校级美德少年)

Rules pass 15 (each change found missed gold spans, or dropped false ones, in 3 or more dev
articles from 2 or more repositories): a verb's 、-list is walked past an item with no head or
one that runs on past its title; the edition (第二十届) and a rank of the holder (全国首个,
江苏省唯一的) are left out of a title; ``honour:quoted`` takes a quoted programme before the
head of a designated pilot (“科创中国”试点城市); ``honour:class`` an enterprise class in a
list, tallied or quoted (隐形冠军、单项冠军); refused are a scoped name after 建设/建成 with no
count, a level and a generic 试点/基地 (国家级试点6个), a reward (…奖励) and a firm's
qualification (``lexicons/honour_qualifications.txt``).

Also ``honour:listed``: the items of a 、-list after a verb summed up by 等称号, and items that
share a scoped title's qualifier (全国文明城市、文明村镇、文明单位); ``honour:title``: an award
heading a line before its winner (最佳女主角：…) and a title between the edition of its
selection and 评选 (第三届美德少年评选表彰).
"""

from __future__ import annotations

import functools
import re
from typing import Callable, Iterable, Iterator

from ..records import CandidateSpan
from ..resources import Resources
from .lang import CLOSE_QUOTES, HAN, NUMERAL, OPEN_QUOTES, Quote, guarded, guarded_alternation, is_han, lexicon_alternation, quotes

HONOUR = "HONOUR"
Rule = Callable[[str], Iterable[CandidateSpan]]

# What may follow a title inside the same run of characters: 这一优势, 等称号, 的 …
_AFTER_TITLE = re.compile(
    r"(?:这|等|的|称号|荣誉|后|以来|和|及|与|之后|殊荣|复查|复审|复评|复核|验收|评选|考核|获|建设|为"
    r"|数量|总数|总量|名录|名单"  # 国家中小企业特色产业集群数量: the tally of the title's holders
    r"|评估|榜首|第[\d一二三四五六七八九十]+[位名]"  # 百强区第六位: the title's rank in its list
    r"|发布"  # 湖南省十大文旅特色小镇发布: the list of the title's holders is out
    r"|(?<=名录)项目)"  # …代表作名录项目3项: the items on the list
)
# Full-width brackets inside a name: 中国（重庆）自由贸易试验区, 特色产业（高端橡胶）基地.
_TITLE_CHARS = rf"[{HAN}A-Za-z0-9“”「」\"（）]"
_CLOSING_HONOUR = re.compile(r"(?:等)?(?:荣誉)?称号(?=$|的|获|和|、)")
# Between a quoted title and its 称号, or a verb and a quoted title: only a scope (“人民英雄”国家荣誉
# 称号, 入选全球“生物多样性魅力城市”).
_SCOPE_ONLY = re.compile(r"(?:国家级?|全国|全球|世界|中国|全省|全市|全县|省级?|市级?|县级?)?")
# A quoted holiday or date (“七一”, “五四”, “三八”): a meeting's date, not an honour.
_HOLIDAY = re.compile(rf"[{NUMERAL}]{{2}}")
# Where the name of a medal starts on its left: after the verb that gives it, a function word
# or a count (颁发“光荣在党50年”纪念章, 获得…纪念章, 获评七一勋章, 为老党员佩戴, 50枚).
_MEDAL_STOP = re.compile(
    r".*(?:颁发|获颁|颁授|佩戴|授予|发放|荣获|获得|获评|评为|荣膺|当选|入选|获|被|向|为|给|和|与|及|了|的|等|枚|名|位)"
)
_MEDAL_NAME = 26
_MERIT = "(?:优秀|先进|模范|杰出|最美|十佳|百佳|标兵)"
# A scope a few characters before the merit word: 全国(脱贫攻坚)先进个人, 浙江省优秀教师.
_MERIT_SCOPE = re.compile(rf"(?:全国|国家级|全省|省级|全市|市级|全县|县级|[{HAN}]{{2,3}}省(?!级))[{HAN}]{{0,8}}$")
_MERIT_REACH = 11
# What an unscoped merit title may follow: 表彰…优秀共产党员, 涌现出的…, 2020年度…, 向…看齐.
_MERIT_AFTER = frozenset("的了彰为年度向")
_GENERIC_ROLES = frozenset({"个人", "集体", "单位", "工作者", "干部"})
# A list of titles, each with its own scope: 全国优秀党务工作者和全国先进基层党组织.
_NEXT_SCOPED = re.compile(r"(?:和|及|与)(?=全国|全省|全市|国家级|省级|市级|中国)")
_LEVEL = r"(?:国家级|省级|市级|县级)"
_LEVEL_IN = re.compile(_LEVEL)
# A level and a kind created by quota, with no head of a title: 创建省级特色高中30所 (the level
# says it is designated; the count says how many are to be).
_CREATED_CLASS = re.compile(rf"{_LEVEL}[\u4e00-\u9fff]{{2,12}}?(?=\d+[个家所处座])")
# A verb of giving inside what follows another verb: the giver comes first, then its verb and
# the title (获特区政府颁授金紫荆星章, 被国务院授予…).
_GIVING = re.compile(r"颁授|授予|颁发|表彰为|命名为|评为")
# A ranking after a level and a kind of place (跻身吉林省省级开发区前列): the class of places
# ranked in, not a title conferred.
_RANK_AFTER = re.compile(r"前列|前[\d一二三四五六七八九十]+(?:名|位)?|第一方阵|第一梯队")
# Heads that are a kind of place as much as a title: 国家级经济技术开发区 names what a zone is;
# only a verb that confers the level (晋级省级开发区, 获批国家级经开区) makes it an honour.
_CONFERRED_ONLY_HEADS = frozenset({"开发区", "经开区"})
# A title's rank in its list before the next item: 跻身全国工业百强区第八位、赛迪创新百强区.
_RANK_THEN_NEXT = re.compile(r"第[\d一二三四五六七八九十]+[位名](?=、)")
# A count of holders after a title a drive creates: 创建和美乡村示范村200个 (a class of
# designation given by quota, like “小巨人”企业N家).
_QUOTA = re.compile(r"\d+[个家所处]")
# Verbs that run or seek a pilot (开展, 争取一批 …): the pilot after them is work, not a title.
_CONDUCTING = re.compile(r"(?:开展|争取|完成|实施|抓好|探索|承担|一批)$")
# Inside a scoped stretch, a verb of running something: 全省率先启动…支付试点 is an act in the
# scope, not a title.
_NOT_A_NAME = re.compile(r"率先|启动|开展")
# Verbs of building before a scoped name (rules pass 15): 建设全国纺织商贸名城, 建成全国…转化基地
# name a place built up to a role, as 打造 does; no one confers it. A count after the name is a
# quota of a class built (建成国家卓越级智能工厂22个) and stays a title.
_BUILDING = frozenset({"建设", "建成"})
_COUNT_AFTER = re.compile(r"\d")
# A scope after 具有 is a quality's reach: 具有全国影响力的产业创新中心 describes, names no title.
_HAVING = ("具有", "具备")
# A description before the title a verb confers: 获批西部地区唯一的国家级…产业园.
_UNIQUE_DESCRIPTION = re.compile(rf"[{HAN}]{{0,8}}?(?:唯一|首个|首家|第一个)的")
_DESCRIPTION_REACH = 13
# A named award by its scope and field, with no verb or quotes: 广西医学科技奖, 国家科学技术进步奖
# (not 奖补, 奖励, 奖金: money and rewards).
_AWARD_FIELDS = r"(?:科学技术|自然科学|技术发明|科技进步|科技|技术|进步|发明|成果|创新|文学|新闻|艺术|质量|专利)"
_AWARD_REACH = 8
# Drives towards a title (创建, 争创): the title must carry its scope (争创全国文明城市).
_CREATION = frozenset({"创建", "争创", "创成", "成功创建", "创建成功", "申报"})
_SCOPE_START = re.compile(rf"(?:全国|国家|中国|世界|全球|全省|省级|全市|市级|[{HAN}]{{2,3}}省(?!域))")
# The world's titles are its lists of heritage and parks (世界灌溉工程遗产, 世界地质公园, 联合国教科文组织…名录,
# 世界文化遗产预备名单); other 世界… names are a place's boast (世界制造基地).
_WORLD_SCOPES = ("世界", "全球", "联合国")
# A level of government written with its equivalents in brackets: 市（州）级, 县（市、区）级.
_BRACKETED_LEVEL = r"[市县区州]（[市州县区旗、]{1,6}）级"
_WORLD_LISTS = ("遗产", "公园", "名录", "名单", "保护区")
# 中国 is a scope at the start of a phrase or after a verb or joint (被评为中国…, 和中国…).
_CHINA_AS_SCOPE = re.compile(rf"$|[^{HAN}]|[为是获和及与、的有]")
# A count inside a scoped stretch: 国家数字资产评估等29个国家级示范试点 (a tally of titles).
_COUNTED = re.compile(r"等\d|\d+[个名]")
# A tally closing a list of titles in a run: 飞天奖等20项大奖 (the title ends before 等).
_TALLY_IN_RUN = re.compile(r"等(?:\d+|[一二三四五六七八九十两多]+)[项个家名位次届类]")
# A territory and what it holds before the title's own scope: 全省首个国家区域医疗中心,
# 全市已有国家先进制造业集群 (the title starts at its own scope).
_FIRST_IN_SCOPE = re.compile(rf"(?:全国|全省|全市|全县|全区)[{HAN}]{{0,4}}?(?=国家|中国|省级|市级|全国)")
# A quoted numbered formulation (列为“四大文化工程”): a slogan's name, not a title.
_NUMBERED = re.compile(rf"[{NUMERAL}\d]+[个大张条项]")
# Two-character heads that still close a scoped title: 国家文化和旅游消费试点, 国家数据标注基地.
_SCOPED_SHORT_HEADS = ("称号", "试点", "基地", "名镇", "名城", "名村", "非遗")
# A quoted title right after a word that names it an honour: 最高荣誉“大禹鼎”, 荣誉称号“…”.
_NAMES_HONOUR = re.compile(r"(?:荣誉|称号|殊荣|奖项)$")
_HONOUR_NAME_ENDS = frozenset("誉号荣项")
# Quoted titles in a list closed by a word that sums them up as honours:
# “时代楷模”和“感动中国年度人物”等全国重大先进典型.
_QUOTE_JOINT = re.compile(r"(?:获得者|得主)?[、和及与]?")
_LONGEST_JOINT = 4
_QUOTED_LIST_JOINTS = ("、", "和", "及", "与")
_SUMMED_AS_HONOURS = re.compile(r"等[^，,。；;！？!?\n]{0,8}?(?:典型|荣誉|称号|先进|模范|榜样|楷模)")
# Graded classes of counties and enterprises: A类县, 环保绩效A级、B级企业.
_LETTER_CLASS = re.compile(r"(?<![A-Za-z])[A-E]类县")
_GRADED_FIRMS = re.compile(r"(?:环保)?绩效(?:分级)?[A-D]级(?:[、和及][A-D]级)*企业")


# A ranking list by its size: 中国民营企业500强, 全国民企研发投入500强 (百强, 十强: the lexicon).
_RANKED = r"(?<![\d.])\d{2,4}强"
# Military merit of a class: 荣立二等功, 个人三等功, 集体一等功 (not 一等功能).
_MILITARY_MERIT = re.compile(r"(?:个人|集体)?[一二三特]等功(?![能率效用])")
# A quoted class of enterprise that is designated, after a count or a verb that designates it
# (培育10个“数字领航”企业, 新增“链主”企业) or tallied (“领跑者”企业总量): the class's name.
_DESIGNATING_BEFORE = re.compile(r"(?:\d+(?:家|个|户)|一批|培育|认定|评定|新增|入选|评为|认定为|命名)(?:国家级|省级|市级)?$")
_FIRM_AFTER = re.compile(r"(?:示范)?企业")
_TALLY_AFTER = re.compile(r"(?:示范)?企业(?:总量|数量|总数)")


# What follows an enterprise class: 企业, a count, a tally (数量), the next item of a list, or the
# end of a clause after its closing quote (rules pass 15 added the last three).
_CLASS_AFTER = re.compile(r"[”」\"]?(?:企业|产品|培育库|示范企业|数量)|\d+家|、|[”」\"][，,。；;]")
_CLAUSE_PUNCTUATION = frozenset("，,。；;")


def _designated_firms(view: str) -> Iterator[CandidateSpan]:
    """Found from the quotes of the text (cached), then their context: no scan of the text."""
    if "企业" not in view:
        return
    for quote in quotes(view):
        start, end = quote.inner
        if not 2 <= end - start <= 6 or not _FIRM_AFTER.match(view, quote.end):
            continue
        if not all(is_han(c) for c in view[start:end]) or _NUMBERED.match(view, start, end):
            continue
        if _DESIGNATING_BEFORE.search(view, max(0, quote.open - 7), quote.open) or _TALLY_AFTER.match(view, quote.end):
            yield CandidateSpan(start, end, HONOUR, "honour:class", 0.65)


def _quoted_awards(view: str) -> Iterator[CandidateSpan]:
    """A quoted name of an award or cup: “奔牛奖”, “金牛杯” (its head says what it is)."""
    for quote in quotes(view):
        start, end = quote.inner
        if 3 <= end - start <= 10 and view[end - 1] in _AWARD_HEADS and all(is_han(c) or c.isdigit() for c in view[start:end]):
            if view[end - 1] == "杯" and _CONTEST_AFTER.match(view, quote.end):
                continue  # “强网杯”国际挑战赛, “民体杯”全国龙舟、独竹漂比赛: the name of a contest, not a cup won
            if _FESTIVAL_AFTER.match(view, quote.end):
                continue  # 第二届“梨花奖”艺术月: a festival named after the award, not one won
            yield CandidateSpan(start, end, HONOUR, "honour:quoted", 0.7)


def _quoted_scoped(view: str, head_at_end: re.Pattern[str]) -> Iterator[CandidateSpan]:
    """A quoted name that opens with a scope and ends with a title's head is a title, even with
    a short head that needs a verb outside quotes: 首条“中国历史文化名街”, “中国好人”累计达205人."""
    for quote in quotes(view):
        start, end = quote.inner
        if not _QUOTED_SCOPED_LENGTHS[0] <= end - start <= _QUOTED_SCOPED_LENGTHS[1] or not _SCOPE_START.match(view, start, end):
            continue
        if all(is_han(c) for c in view[start:end]) and head_at_end.search(view, start + 2, end):
            yield CandidateSpan(start, end, HONOUR, "honour:quoted", 0.7)


_QUOTED_SCOPED_LENGTHS = (4, 20)


def _quoted_pilots(view: str) -> Iterator[CandidateSpan]:
    """A quoted programme's name and the head of a pilot or model place or a case that a
    ministry designates after it: “科创中国”试点城市, “5G+工业互联网”融合应用试点城市,
    “数字中国”建设典型案例 (rules pass 15; the quote may hold any characters of a name).
    The title runs from inside the quote to the head; bare 试点 is a pilot run, not one
    designated (做实“产业导入”试点). Found from each head (rare), then the quote closed a few
    characters before it."""
    for head in _PILOT_HEAD.finditer(view):
        if not _closes_title(view, head.end()):
            continue
        close = max(view.rfind(q, max(0, head.start() - _PILOT_REACH), head.start()) for q in "”」")
        if close == -1 or not all(is_han(c) for c in view[close + 1: head.start()]):
            continue
        quote = _quotes_by_closing(view).get(close)
        if quote is None:
            continue
        start, end = quote.inner
        if _QUOTED_PILOT_LENGTHS[0] <= end - start <= _QUOTED_PILOT_LENGTHS[1] and "\n" not in view[start:end]:
            yield CandidateSpan(start, head.end(), HONOUR, "honour:quoted", 0.7)


@functools.lru_cache(maxsize=8)
def _quotes_by_closing(view: str) -> dict[int, Quote]:
    return {quote.close: quote for quote in quotes(view)}


_QUOTED_PILOT_LENGTHS = (2, 12)
_PILOT_HEAD = re.compile(r"试点(?:城市|县|市|区)|示范(?:城市|县)|典型案例")
_PILOT_REACH = 9  # the closing quote and up to eight characters before the head


def _held_as(view: str, head_at_end: re.Pattern[str]) -> Iterator[CandidateSpan]:
    """作为 + a scoped title that fills the clause: the title a place holds, named as what it
    speaks as (作为浙江省商贸强区，…; 作为国家级高新技术产业开发区，…). Not 作为全省…的重点
    (a description) nor 作为全国人大代表 (no title's head)."""
    position = view.find("作为")
    while position != -1:
        found = _HELD_AS.match(view, position + 2)
        if found is not None and "的" not in found.group() and head_at_end.search(view, found.start() + 2, found.end()):
            yield CandidateSpan(found.start(), found.end(), HONOUR, "honour:title", 0.6)
        position = view.find("作为", position + 2)


# From a scope to the clause's end (a comma, a 、 or the end of the sentence).
_HELD_AS = re.compile(rf"{_SCOPE_START.pattern}[{HAN}]{{2,18}}(?=[，,、。；;])")
_AWARD_HEADS = frozenset("奖杯")
# A contest named after its cup: “强网杯”国际挑战赛, “金牛杯”篮球联赛, “挑战杯”竞赛.
# The contest's own words may run on for a while: “海口杯”端午国际龙舟邀请赛.
_CONTEST_AFTER = re.compile(rf"[{HAN}、]{{0,10}}?(?:赛(?![区道])|竞赛|比赛)")
_FESTIVAL_AFTER = re.compile(r"(?:艺术|文化|戏剧|电影|音乐)?(?:节|月)")


_MONEY_AWARD = re.compile(r"\d+(?:\.\d+)?(?:多|余)?[万亿]?元")
# Graded classes, each found by its literal core (fast to scan for), then widened on the left:
# (国家)4A级(旅游)景区, 五星级党支部, 中国长寿之乡.
_A_GRADE = re.compile(r"A[ \u3000]*级?(?:旅游)?景区")  # 4A  级旅游景区: spaces from a layout
_LETTER_OR_DIGIT = re.compile(r"[A-Za-z0-9０-９Ａ-Ｚａ-ｚ]")  # 3A级, BA级: part of another grade or word
_A_GRADE_LEFT = re.compile(r"(?:国家级?)?[1-5１-５一二三四五]$")
_STAR = re.compile(
    r"星级(?:党支部|党组织|文明户|农家乐|乡村旅游(?:区|点|经营单位)|旅游饭店|酒店|饭店|景区|服务区|示范村)"
)
_HOMETOWN = re.compile(rf"(?:中国|全国|国家级)[{HAN}]{{2,6}}?$")


def _classes(view: str) -> Iterator[tuple[int, int]]:
    for match in _A_GRADE.finditer(view):
        left = _A_GRADE_LEFT.search(view, max(0, match.start() - 4), match.start())
        if left is not None:
            yield left.start(), match.end()
        elif "级" in match.group() and not _LETTER_OR_DIGIT.match(view[match.start() - 1: match.start()]):
            yield match.start(), match.end()  # 全市51个A级旅游景区: the class of every grade
    for match in _STAR.finditer(view):
        if view[match.start() - 1: match.start()] in tuple("一二三四五12345") and match.start() > 0:
            yield match.start() - 1, match.end()
    position = view.find("之乡")
    while position != -1:
        left = _HOMETOWN.search(view, max(0, position - 9), position)
        if left is not None:
            yield left.start(), position + 2
        position = view.find("之乡", position + 2)


def build_honours(resources: Resources) -> Rule:
    trigger = re.compile(lexicon_alternation(resources, "honour_triggers"))
    heads = lexicon_alternation(resources, "honour_heads") + f"|{_RANKED}"
    head = re.compile(heads)
    head_at_end = re.compile(rf"(?:{heads})$")
    # Before the title: counts of years, the year, the edition of an award (荣获第20届群星奖:
    # 群星奖, rules pass 15), the batch, and words of the clause.
    skip = re.compile(
        r"(?:连续(?:\d+|[一二三四五六七八九十]+)年|\d{4}年(?!度)|第[一二三四五六七八九十\d]+届|首批|一批|第[一二三四五六七八九十\d]+批|为|了"
        r"|我县|我市|我区|我镇|我省|该县|该市|该区|该镇|全县|全市|建设|设立|成为"
        r"|\d+[人名位](?=全国|全省|全市|国家|省级|市级))*"  # 授予1689人全国劳动模范称号: the count of holders
    )
    # A run may open with levels joined (申报国家级、省级乡村旅游重点村镇): one title of both.
    run = re.compile(rf"(?:{_LEVEL}[、和及与](?={_LEVEL}))?{_TITLE_CHARS}{{2,32}}")
    specific_heads = guarded_alternation(
        h for h in resources.lexicon("honour_heads")
        if (len(h) >= 3 or h in _SCOPED_SHORT_HEADS) and h not in _CONFERRED_ONLY_HEADS
    )
    # A designation named before the drive that seeks it (国家公园创建, 国家乡村振兴示范县创建
    # 名单, 国家公园候选区): from its scope to its head, the head one of a title's or a park's.
    sought = re.compile(
        rf"(?:全国|国家级|国家|中国|全省|省级|市级|县级)[{HAN}]{{0,12}}?(?:{specific_heads or '(?!)'}|公园|植物园)$"
    )
    scoped = re.compile(
        rf"(?:全国|国家级|国家|中国|世界|全球|联合国|全省|省级|全市|市级|{_BRACKETED_LEVEL}|[{HAN}]{{2,3}}(?<![全整本该我各批])省(?![级域]))"
        rf"[{HAN}A-Za-z0-9“”]{{0,22}}?(?P<head>{specific_heads or '(?!)'})"
    )

    # A sloth word and up to two more characters before the award (慢作为警示牌) come first,
    # so the whole name wins over the bare lexicon entry (警示牌) at the same place.
    negative = re.compile(guarded(
        r"(?:慢|懒|庸|散|拖|躺平|蜗牛|乌龟)[\u4e00-\u9fff]{0,2}(?:奖|警示牌|黄牌|黑榜)|"
        + lexicon_alternation(resources, "negative_awards")
    ))

    appointment = re.compile(lexicon_alternation(resources, "honour_appointments", required=False))
    # A firm's qualification at the end of a candidate title (rules pass 15): no title.
    qualification = re.compile(rf"(?:{lexicon_alternation(resources, 'honour_qualifications', required=False) or '(?!)'})$")
    roles = lexicon_alternation(resources, "honour_roles", required=False)
    # Found by the merit word and role first (rare), then the scope is looked for on the left:
    # a scope alternation tried at every character would cost more than all honour rules.
    merit = re.compile(
        rf"{_MERIT}(?:{roles})(?:(?:和|、|及|与){_MERIT}(?:{roles}))*"
    )
    # 最美新时代革命军人: 最美 names a title with its role a few characters on
    most_beautiful = re.compile(rf"最美[{HAN}]{{1,6}}?(?:{roles})(?![{HAN}])")
    cue_after = re.compile(lexicon_alternation(resources, "honour_cues_after", required=False))
    role_at_end = re.compile(rf"(?:{roles or '(?!)'})$")
    medal = re.compile(lexicon_alternation(resources, "honour_medals", required=False))
    medal_name = re.compile(rf"[{HAN}0-9“”「」]{{1,{_MEDAL_NAME}}}$")
    places = lexicon_alternation(resources, "places", required=False)
    # Found from each 奖 leftwards (a scope tried at every character would cost more).
    named_award = re.compile(rf"(?:{places}|全国|国家|省级|市级)[{HAN}]{{0,{_AWARD_REACH}}}?{_AWARD_FIELDS}奖$")
    # The class before 企业 or a count; rules pass 15: also an item of a 、-list, a tally of the
    # class, or a quoted class that ends its clause (培育更多隐形冠军、单项冠军，…; 专精特新“小巨人”
    # 数量全国第一; 建成全省首家“灯塔工厂”，) — not a bare word that ends a sentence (他是行业的单项冠军。).
    # Found by the class's literal name first (fast), then its context is read.
    firm_class = re.compile(lexicon_alternation(resources, 'honour_classes', required=False))

    def apply(view: str) -> Iterator[CandidateSpan]:
        found = [_with_equivalents(view, _undescribed(view, c)) for c in titles(view) if not _refused(view, c, qualification)]
        found.extend(_between_titles(view, found))
        found.extend(_summed_list(view, trigger, skip))
        found.extend(_sharing_scope(view, found))
        yield from found
        yield from _echoes(view, found, role_at_end)

    def titles(view: str) -> Iterator[CandidateSpan]:
        yield from _quoted_honours(view, cue_after, medal)
        if "等功" in view:  # literal core first: the regex runs on few texts
            for match in _MILITARY_MERIT.finditer(view):
                yield CandidateSpan(match.start(), match.end(), HONOUR, "honour:class", 0.8)  # 荣立二等功
        yield from _designated_firms(view)
        yield from _quoted_awards(view)
        yield from _quoted_scoped(view, head_at_end)
        yield from _quoted_pilots(view)
        yield from _held_as(view, head_at_end)
        yield from _quoted_lists(view, cue_after)
        for match in firm_class.finditer(view):
            if _CLASS_AFTER.match(view, match.end()) or (
                view[match.start() - 1: match.start()] == "、" and view[match.end(): match.end() + 1] in _CLAUSE_PUNCTUATION
            ):
                yield CandidateSpan(match.start(), match.end(), HONOUR, "honour:class", 0.8)  # “小巨人”企业
        yield from _medals(view, medal, medal_name)
        yield from _named_awards(view, named_award)
        yield from _sought(view, sought)
        for start, end in _classes(view):
            yield CandidateSpan(start, end, HONOUR, "honour:class", 0.85)  # over 获评…星级
        for core, grade in (("类县", _LETTER_CLASS), ("级企业", _GRADED_FIRMS)):  # core first: fast
            if core in view:  # under a longer conferred title (…能力A类县)
                for match in grade.finditer(view):
                    yield CandidateSpan(match.start(), match.end(), HONOUR, "honour:class", 0.6)
        merits = list(merit.finditer(view))
        if "最美" in view:  # literal core first
            merits.extend(m for m in most_beautiful.finditer(view) if not any(n.start() == m.start() for n in merits))
        for match in merits:
            scope = _MERIT_SCOPE.search(view, max(0, match.start() - _MERIT_REACH), match.start())
            if scope is not None:
                yield CandidateSpan(scope.start(), match.end(), HONOUR, "honour:merit", 0.7)
                continue
            before = view[match.start() - 1: match.start()]
            if (
                match.group()[:2] in ("优秀", "先进", "模范", "最美")
                and match.group()[2:] not in _GENERIC_ROLES  # 受到表彰的先进个人 (codebook: 先进单位和个人)
                and (not before or not is_han(before) or before in _MERIT_AFTER)
            ):
                yield CandidateSpan(match.start(), match.end(), HONOUR, "honour:merit", 0.55)
        for match in negative.finditer(view):
            yield CandidateSpan(match.start(), match.end(), HONOUR, "honour:negative", 0.9)
        if "届" in view:  # literal core first
            for match in _EDITION_SELECTION.finditer(view):
                yield CandidateSpan(match.start(1), match.end(1), HONOUR, "honour:title", 0.65)  # 第三届美德少年评选
        if "最" in view or "奖" in view:  # literal core first
            for match in _AWARD_HEADING.finditer(view):
                yield CandidateSpan(match.start(), match.end(), HONOUR, "honour:title", 0.65)  # 最佳男主角：某某
        for match in appointment.finditer(view):
            if _in_book_title(view, match.start()):
                continue  # 《太平绅士条例》: an ordinance's name
            yield CandidateSpan(match.start(), match.end(), HONOUR, "honour:appointment", 0.85)  # 太平绅士
        verbs = list(trigger.finditer(view))
        for index, match in enumerate(verbs):
            # The walk along a verb's list ends where the verb after next starts: that verb walks
            # on from there (a list of thousands of 荣获… items is walked at most twice, not once
            # per verb), and a verb inside an item (…、首批中国历史文化名村) is walked past.
            walk_end = verbs[index + 2].start() if index + 2 < len(verbs) else len(view)
            if view[match.end(): match.end() + 1] in CLOSE_QUOTES:
                continue  # “四创建”: the verb is part of a quoted formulation
            if view.startswith("者", match.end()):
                continue  # 获得者, 评选者: the recipient, not the conferring
            position = skip.match(view, match.end()).end()
            if "的" in view[position: position + _DESCRIPTION_REACH]:  # literal core first
                described = _UNIQUE_DESCRIPTION.match(view, position)
                if described is not None:  # 获批西部地区唯一的国家级…产业园: the title after it
                    position = skip.match(view, described.end()).end()
            named_in_quotes = False
            while position < walk_end and (quoted := _quoted_title_at(view, _SCOPE_ONLY.match(view, position).end())):
                # 被评为省级“洁净城市”, 评选“…先锋单位”和“…”: the quoted names are the titles
                if not _ends_item(view, quoted[1] + 1, cue_after):
                    break  # 荣获全国“万企兴万村”行动先进民营企业称号: the quote is part of a longer title
                yield CandidateSpan(quoted[0], quoted[1], HONOUR, "honour:conferred", 0.75)
                named_in_quotes = True
                if view[quoted[1] + 1: quoted[1] + 2] not in _QUOTED_LIST_JOINTS:
                    break
                position = quoted[1] + 2
            if named_in_quotes:
                continue
            first_item = True
            skipped = 0
            while position < walk_end and (found := run.match(view, position)):
                quoted = None if first_item else _quoted_title_at(view, position)
                if quoted is not None and _ends_item(view, quoted[1] + 1, cue_after):
                    # 获得…督查激励、“浙江制造天工鼎”等: a quoted name in the verb's list is a title
                    yield CandidateSpan(quoted[0], quoted[1], HONOUR, "honour:conferred", 0.75)
                    if view[quoted[1] + 1: quoted[1] + 2] != "、":
                        break
                    position = quoted[1] + 2
                    continue
                span = _title(view, found, head)
                if span is None and first_item and match.group() in _SELECTING:
                    span = _selected_clause(view, found)  # 入选全国…进步最明显省份: no head, the clause
                if span is None and first_item and match.group() in _CREATION:
                    created = _CREATED_CLASS.match(view, position)  # 创建省级特色高中30所: a class by quota
                    span = None if created is None else created.span()
                if span is None:
                    if first_item or skipped == _LONGEST_SKIP:
                        break
                    # An item with no head in the verb's list (获批…基地、…先行先试城市、…试点城市):
                    # the walk goes on to the next item of the same clause (rules pass 15)
                    item = _REST_OF_ITEM.match(view, position)
                    if item is None or item.end() >= walk_end:
                        break
                    skipped += 1
                    position = item.end()
                    continue
                first_item = False
                skipped = 0
                if _MONEY_AWARD.match(view, span[0], span[1]):
                    break  # 获得20余万元奖补: a sum of money, not a title
                if "的" in view[span[0]: span[1]]:
                    break  # 为党和人民作出杰出贡献的共产党员: a description, not a title
                if match.group() in _CREATION and not _SCOPE_START.match(view, span[0]) and not _QUOTA.match(view, span[1]):
                    break  # 创建文明城市: work towards a title in general (创建…示范村200个: a quota of a class)
                if _COUNTED.search(view, span[0], span[1]):
                    break  # 争创…等29个国家级示范试点: a tally of titles, not one
                if _GIVING.search(view, span[0] + 1, span[1] - 2):
                    break  # 获特区政府颁授金紫荆星章: the giver, then its own verb (found next)
                if _RANK_AFTER.match(view, span[1]) and _LEVEL_IN.search(view, span[0], span[1]):
                    break  # 跻身吉林省省级开发区前列: a rank in a class of places (全国百强县前列 keeps its title)
                span = _named_quote(view, _unquoted(view, span))
                yield CandidateSpan(span[0], span[1], HONOUR, "honour:conferred", 0.8)
                after = _NEXT_SCOPED.match(view, span[1]) or _RANK_THEN_NEXT.match(view, span[1])
                if view[span[1]: span[1] + 1] != "、" and after is None:
                    # 中国十大经典红色景区（点）、…, 全国重点文物保护单位溪州铜柱、…: the item runs on
                    # past its title; the walk goes on to the next item of the clause (rules pass 15)
                    item = _REST_OF_ITEM.match(view, span[1])
                    if item is None or item.end() >= walk_end or skipped == _LONGEST_SKIP:
                        break
                    skipped += 1
                    position = item.end()
                    continue
                position = span[1] + 1 if after is None else after.end() + (view[after.end(): after.end() + 1] == "、")
        for match in scoped.finditer(view):
            if match.group().startswith("中国") and not _CHINA_AS_SCOPE.match(view[match.start() - 1: match.start()]):
                continue  # 美丽中国先行区: 中国 inside a word, not a scope
            if view[match.start() - 2: match.start()] == "打造":
                continue  # 打造全国…创新基地: a place built into a brand, no title conferred or sought
            if view[match.start() - 2: match.start()] in _BUILDING and not _COUNT_AFTER.match(view, match.end()):
                continue  # 高水平建设全国先进制造研发基地: a base built (建成…智能工厂22个: a quota of a class)
            if match.group().startswith(_WORLD_SCOPES) and not match.group().endswith(_WORLD_LISTS):
                continue  # 世界制造基地, 世界台球名城: a boast; the world confers heritage and parks
            closing = _CLOSING_HONOUR.search(match.group())
            if closing is not None and closing.start() > 2 and not match.group().endswith("国家荣誉称号"):
                # 全国脱贫攻坚楷模荣誉称号: 称号 says a title ends before it
                yield CandidateSpan(match.start(), match.start() + closing.start(), HONOUR, "honour:title", 0.65)
                continue
            first = _FIRST_IN_SCOPE.match(view, match.start())
            end = _scoped_end(view, match, head)
            if end is None and _names_its_holder(view, match):
                end = match.end()  # 省级文物保护单位紫鹊界古梯田: the title, then what holds it
            if end is not None and view[end - 2: end] in _SCOPED_SHORT_HEADS and view.startswith("建设", end):
                continue  # 国家重要…生产基地建设水平: building up a base, not the designation
            start = match.start() if first is None else first.end()  # 全省首个国家…: the title after it
            if end is not None and "试点" in view[end - 4: end] and _CONDUCTING.search(view, max(0, start - 4), start):
                continue  # 开展国家…综合利用试点, 完成国家级…试点任务: a pilot run or sought, not conferred
            if end is not None and _NOT_A_NAME.search(view, start, end):
                continue  # 在全省率先启动…试点: an act, not a name
            if view[start - 2: start] in _HAVING:
                continue  # 具有全国影响力的…中心: a description
            if end is not None and not _COUNTED.search(view, start, end):
                yield CandidateSpan(start, end, HONOUR, "honour:title", 0.65)

    return apply


# Rules pass 15, refusals that recur on the dev part (articles of three and more sources):
# a level and a generic pilot or base with at most two characters between (24个国家级试点,
# 市级改革试点49个, 获批省试点, 二个国家级基地) is a kind counted, not a title named; a title
# that ends in 奖 before 励, 金 or 补 is a reward (获省环保厅奖励52万元, 获得了75分奖励); a
# title that ends in a firm's qualification (lexicons/honour_qualifications.txt) is none.
_GENERIC_KIND = re.compile(rf"(?:国家级|国家|自治区级|省级|市级|县级|省|市)[{HAN}]{{0,2}}(?:试点|基地)")
_REWARD_AFTER = frozenset("励金补")


def _refused(view: str, candidate: CandidateSpan, qualification: re.Pattern[str]) -> bool:
    if _GENERIC_KIND.fullmatch(view, candidate.start, candidate.end):
        return True
    if qualification.search(view, candidate.start, candidate.end):
        return True  # 国家高新技术企业: a firm's qualification (lexicons/honour_qualifications.txt)
    return view[candidate.end - 1: candidate.end] == "奖" and view[candidate.end: candidate.end + 1] in _REWARD_AFTER


# The rest of an item of a verb's list up to the 、 that opens the next one, in the same clause.
_REST_OF_ITEM = re.compile(r"[^，,。；;：:！!？?\n、]{1,40}、")
_LONGEST_SKIP = 2


# A description of the holder's rank before the title (rules pass 15): 全国首个共同富裕示范区,
# 全省首家“科创中国”试点城市, 江苏省唯一的国家人工智能创新应用先导区, 全国唯一以…命名的国家地质公园
# (the title after it; not 首批, a batch of the designation: 全国首批创新型企业 keeps it).
_DESCRIBED = re.compile(
    rf"(?:全国|全省|全市|全县|全区|[{HAN}]{{2,3}}省)[{HAN}]{{0,6}}?(?:首个|首家|第一个|唯一一个|唯一)(?:[{HAN}]{{0,10}}?的)?[“「]?"
)
_DESCRIBED_RULES = frozenset({"honour:title", "honour:conferred"})


def _undescribed(view: str, candidate: CandidateSpan) -> CandidateSpan:
    if candidate.rule not in _DESCRIBED_RULES:
        return candidate
    described = _DESCRIBED.match(view, candidate.start, candidate.end)
    if described is None or candidate.end - described.end() < 3:
        return candidate
    return CandidateSpan(described.end(), candidate.end, candidate.label, candidate.rule, candidate.score)


# An item of a 、-list between two titles: a short name with no punctuation, no count, no verb
# of its own (新潇湘八景 in 全国重点文物保护单位、中国十佳古城、新潇湘八景、湖南省…基地).
_LIST_ITEM = re.compile(rf"[{HAN}A-Za-z0-9（）]{{2,14}}")
_ITEM_NOT_TITLE = re.compile(r"\d|[是有在把将对从]")
_LONGEST_ENUMERATION = 6


def _between_titles(view: str, found: list[CandidateSpan]) -> Iterator[CandidateSpan]:
    """The items of a 、-list that a title opens and a title closes are titles too: a list
    of a place's honours names some with a scope and head and some by name alone."""
    titles = sorted({(c.start, c.end) for c in found})
    for (_, first_end), (last_start, _) in zip(titles, titles[1:]):
        if not (view.startswith("、", first_end) and view[last_start - 1: last_start] == "、"):
            continue
        if last_start - first_end <= 1:
            continue  # two titles next to each other: nothing between them
        items = view[first_end + 1: last_start - 1].split("、")
        if len(items) > _LONGEST_ENUMERATION or not all(_LIST_ITEM.fullmatch(i) and not _ITEM_NOT_TITLE.search(i) for i in items):
            continue
        position = first_end + 1
        for item in items:
            yield CandidateSpan(position, position + len(item), HONOUR, "honour:listed", 0.6)
            position += len(item) + 1


# A 、-list that a word sums up as titles (…、省级教育强县、省科技强县等称号): every item.
_SUMMED_AS_TITLES = re.compile(r"等(?:荣誉称号|称号|殊荣|荣誉)")
_LIST_CLAUSE_BREAKS = "，,。；;：:！!？?\n"
_LONGEST_SUMMED_LIST = 160


def _summed_list(view: str, trigger: re.Pattern[str], skip: re.Pattern[str]) -> Iterator[CandidateSpan]:
    """The items of a 、-list after a conferring verb and closed by 等称号 (获得国家级可持续发展
    实验区、国家级卫生县城、省科技强县等称号): each item is a title, with a head or not. The
    list is found from its literal closing word (rare), then read back to its clause's start."""
    if "等" not in view:
        return
    for closing in _SUMMED_AS_TITLES.finditer(view):
        end = closing.start()
        clause_start = max(view.rfind(c, max(0, end - _LONGEST_SUMMED_LIST), end) for c in _LIST_CLAUSE_BREAKS) + 1
        if clause_start == 0 and end > _LONGEST_SUMMED_LIST:
            continue  # no clause break within reach: not a list of names
        items = view[clause_start:end].split("、")
        if len(items) < 2:
            continue  # one title before 等称号: the title rule's
        verb = None
        for verb in trigger.finditer(items[0]):
            pass
        if verb is None:
            continue  # no verb confers them: 等称号 may name something else
        first = skip.match(view, clause_start + verb.end()).end()
        items[0] = view[first: clause_start + len(items[0])]
        if len(items) > _LONGEST_ENUMERATION * 2 or not all(
            _LIST_ITEM.fullmatch(i) and not _ITEM_NOT_TITLE.search(i) for i in items
        ):
            continue
        position = first
        for item in items:
            yield CandidateSpan(position, position + len(item), HONOUR, "honour:listed", 0.6)
            position += len(item) + 1


# Verbs that select a holder into a named list or title: what they select, scoped or ranked,
# is a title up to the end of the clause even when no head closes it.
_SELECTING = frozenset({"入选", "成功入选", "获评", "被评为", "评为", "荣获", "荣膺", "被授予", "被命名为", "命名为", "荣登"})
_RANKED_LIST = re.compile(r"十大|百强|十佳|百佳|十强|\d+强")
_CLAUSE_END = frozenset("，,。；;：:、！!？?\n")
_SELECTED_LONGEST = 24


def _selected_clause(view: str, found: re.Match[str]) -> tuple[int, int] | None:
    """The clause after a selecting verb when it names a scoped or ranked list: 入选全国优化
    营商环境进步最明显省份, 入选2025国内十大考古新闻 (not 入选以来, 获评后受到…)."""
    start, end = found.span()
    if end < len(view) and view[end] not in _CLAUSE_END:
        return None
    text = view[start:end]
    if not 4 <= len(text) <= _SELECTED_LONGEST or not all(is_han(c) or c.isdigit() for c in text) or "的" in text:
        return None
    if _SCOPE_START.match(text) or _RANKED_LIST.search(text):
        return start, end
    return None


def _named_awards(view: str, named_award: re.Pattern[str]) -> Iterator[CandidateSpan]:
    """广西医学科技奖, 国家科学技术进步奖: from each 奖 not followed by 补, 励, 金 … (money)."""
    position = view.find("奖")
    while position != -1:
        if view[position + 1: position + 2] not in _NOT_AWARD_AFTER:
            found = named_award.search(view, max(0, position - _AWARD_WINDOW), position + 1)
            if found is not None:
                yield CandidateSpan(found.start(), found.end(), HONOUR, "honour:title", 0.65)
        position = view.find("奖", position + 1)


_NOT_AWARD_AFTER = frozenset("补励金券品项")
_SEEKING = re.compile(r"创建|申报|候选区")
_SOUGHT_REACH = 18


def _sought(view: str, sought: re.Pattern[str]) -> Iterator[CandidateSpan]:
    """A scoped designation right before the word of the drive that seeks it: 青海湖国家公园
    创建, 为国家公园申报打好基础, 42个市级乡村振兴示范区创建 (not 三江源国家公园建设: a park
    that is one already)."""
    for match in _SEEKING.finditer(view):
        found = sought.search(view, max(0, match.start() - _SOUGHT_REACH), match.start())
        if found is not None:
            yield CandidateSpan(found.start(), found.end(), HONOUR, "honour:title", 0.6)


_AWARD_WINDOW = 16


def _quoted_title_at(view: str, position: int) -> tuple[int, int] | None:
    """The inside of a quoted name opening at ``position`` that reads as a title (Han
    characters and digits; a closing 称号 is the title rule's)."""
    if view[position: position + 1] not in OPEN_QUOTES:
        return None
    quote = _quotes_by_opening(view).get(position)
    if quote is None:
        return None
    start, end = quote.inner
    inner = view[start:end]
    if (
        2 <= len(inner) <= 30 and all(is_han(c) or c.isdigit() for c in inner)
        and not _HOLIDAY.fullmatch(inner) and not _NUMBERED.match(inner)
    ):
        return start, end
    return None


@functools.lru_cache(maxsize=8)
def _quotes_by_opening(view: str) -> dict[int, Quote]:
    return {quote.open: quote for quote in quotes(view)}


def _named_quote(view: str, span: tuple[int, int]) -> tuple[int, int]:
    """The quoted name inside a title run that a word names an honour (荣膺行业最高荣誉
    “金鼎奖”: 金鼎奖), else the run's title as it is."""
    for position in range(span[0] + 1, span[1]):
        if view[position] in OPEN_QUOTES and _NAMES_HONOUR.search(view, max(0, position - 2), position):
            return _quoted_title_at(view, position) or span
    return span


def _quoted_lists(view: str, cue_after: re.Pattern[str]) -> Iterator[CandidateSpan]:
    """Quoted names named an honour just before (最高荣誉“大禹鼎”), summed up as honours
    after their list (“时代楷模”和“感动中国年度人物”等全国重大先进典型) or in a chain whose
    last name a word of conferring follows (“十高省”“百高县”榜单: the last is
    ``_quoted_honours``')."""
    found = quotes(view)
    index = 0
    while index < len(found):
        chain = [found[index]]
        while (
            index + 1 < len(found) and found[index + 1].open - chain[-1].end <= _LONGEST_JOINT
            and _QUOTE_JOINT.fullmatch(view, chain[-1].end, found[index + 1].open)
        ):
            index += 1
            chain.append(found[index])
        index += 1
        if view.startswith("等", chain[-1].end) and _SUMMED_AS_HONOURS.match(view, chain[-1].end):
            named = chain
        elif view[chain[0].open - 1: chain[0].open] in _HONOUR_NAME_ENDS and _NAMES_HONOUR.search(
            view, max(0, chain[0].open - 2), chain[0].open
        ):
            named = chain[:1]
        elif len(chain) > 1 and cue_after.match(view, _SCOPE_ONLY.match(view, chain[-1].end).end()):
            named = chain[:-1]
        else:
            continue
        for quote in named:
            title = _quoted_title_at(view, quote.open)
            if title is not None:
                yield CandidateSpan(title[0], title[1], HONOUR, "honour:quoted", 0.7)


def _quoted_honours(view: str, cue_after: re.Pattern[str], medal: re.Pattern[str]) -> Iterator[CandidateSpan]:
    """A quoted name right before a word of conferring is the honour itself."""
    for quote in quotes(view):
        after = _SCOPE_ONLY.match(view, quote.end).end()
        after += view.startswith("的", after)  # “十佳美德少年”的评选表彰
        if not cue_after.match(view, after) or medal.match(view, quote.end):
            continue  # “…”纪念章: the medal rule takes the name with its head
        start, end = quote.inner
        inner = view[start:end]
        if _HOLIDAY.fullmatch(inner) or len(inner) < 2 or len(inner) > 24:
            continue
        if all(is_han(c) or c.isdigit() for c in inner):
            yield CandidateSpan(start, end, HONOUR, "honour:quoted", 0.75)


def _medals(view: str, medal: re.Pattern[str], medal_name: re.Pattern[str]) -> Iterator[CandidateSpan]:
    """The name in front of a medal's head, from after the verb that gives it."""
    for match in medal.finditer(view):
        name = medal_name.search(view, max(0, match.start() - _MEDAL_NAME), match.start())
        if name is None:
            continue
        start = name.start()
        closer = max(view.rfind(q, start, match.start()) for q in "”」")
        if closer != -1 and closer != match.start() - 1:
            start = closer + 1  # “七一勋章”获得者颁授勋章: a quote that is not this name's
        opener = max(view.rfind(q, start, match.start()) for q in "“「")
        if opener != -1:
            start = opener + 1  # “七一勋章”, “光荣在党50年”纪念章: the name starts inside the quote
        else:
            stop = _MEDAL_STOP.match(view, start, match.start())
            if stop is not None:
                start = stop.end()
        while start < match.start() and view[start] in CLOSE_QUOTES:
            start += 1
        if match.start() - start < 2 or view[start: match.start()].isdigit():
            continue  # 佩戴纪念章, 50枚纪念章: no name
        yield CandidateSpan(start, match.end(), HONOUR, "honour:medal", 0.75)


def _scoped_end(view: str, match: re.Match[str], head: re.Pattern[str]) -> int | None:
    """Where a scoped title ends: at its first head that closes it, or at a later head
    a few characters on (全国文明城市提名城市), else nowhere."""
    end = match.end()
    for _ in range(3):
        if _closes_title(view, end):
            return end
        further = head.match(view, end) or head.search(view, end, min(end + 8, len(view)))
        if further is None or not all(is_han(c) for c in view[end: further.start()]):
            return None
        end = further.end()
    return None


def _names_its_holder(view: str, match: re.Match[str]) -> bool:
    """A scoped title whose head is a full designation (four characters or more, or 非遗)
    standing as an item of a list before the name of what holds it: 有国家非遗花鼓戏、…,
    以及全国重点文物保护单位坪坦风雨桥。 The name is short, all Han, and ends its item (not
    新增国家级高新技术企业超过1500家, 省级自然保护区管护局局长…, 《贵州省传统村落保护条例》)."""
    head = match.group("head")
    if len(head) < _APPOSITIVE_HEAD_LENGTH and head not in _SHORT_DESIGNATIONS:
        return False
    if not _ITEM_START.search(view, max(0, match.start() - 2), match.start()) and match.start() > 0:
        return False
    return _HOLDER.match(view, match.end()) is not None


_APPOSITIVE_HEAD_LENGTH = 4
_SHORT_DESIGNATIONS = frozenset({"非遗"})
# Where an item of a list starts: after a list's punctuation or a word that introduces it.
_ITEM_START = re.compile(r"(?:[、，,：:；;\n]|有|以及|及|和|是)$")
# The holder's name: two to twelve Han characters up to the end of the item.
_HOLDER = re.compile(rf"[{HAN}]{{2,12}}(?=[、，,。；;：:\n）)]|$)")


def _unquoted(view: str, span: tuple[int, int]) -> tuple[int, int]:
    """A title that opens with a quote starts inside it (颁发“光荣在党50年”纪念章: 光荣在党50年”
    纪念章, as the medal rule has it; 被授予“全国民主法治示范村”牌匾: the quote's inside)."""
    start, end = span
    if view[start: start + 1] in OPEN_QUOTES and end - start > 2:
        return start + 1, end
    return span


def _ends_item(view: str, position: int, cue_after: re.Pattern[str]) -> bool:
    """Whether a quoted title ends at ``position``: at punctuation, a joint, a tally (等), a
    word that names it an honour (称号, 表彰) or closes a title (“浙江制造天工鼎”等, “时代楷模”
    称号; not “三服务”活动, “万企兴万村”行动先进…)."""
    following = view[position: position + 1]
    if not following or not is_han(following) or following in _ITEM_JOINTS:
        return True
    return bool(cue_after.match(view, position) or _AFTER_TITLE.match(view, position))


_ITEM_JOINTS = frozenset("等和及与")


def _closes_title(view: str, end: int) -> bool:
    following = view[end: end + 1]
    return not following or not is_han(following) or bool(_AFTER_TITLE.match(view, end)) or view.startswith("创建", end)


def _overlapping(head: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """Every head in a run, also one that starts inside another (特色村 then 村寨 in
    少数民族特色村寨): a run is at most a few dozen characters."""
    found = head.search(text)
    while found is not None:
        yield found
        found = head.search(text, found.start() + 1)


# A head followed by the kind of place or unit that holds it, ending the run, is a longer word
# of its kind (全国乡村治理示范乡镇, 省级示范社区; not …开发区前列, …试点资格); a run at its
# longest may go on past what was read.
_KIND_TAIL = re.compile(r"(?:乡镇|社区|集体|个人|单位|[乡镇村区县市校园站店户岗街馆厂场])")
_LONGEST_RUN = 32
# A post held in the body a head names: 党组织书记, 工作室负责人, 示范区主任.
_POST_AFTER = re.compile(r"(?:书记|副书记|主任|负责人|成员|委员|干部)")


# A recipient named between the verb and a quoted title: 授予张三同志“…”称号, 授予该村“…”称号.
_RECIPIENT_THEN_QUOTE = re.compile(rf"[{HAN}]{{2,8}}?[“「]")


def _title(view: str, found: re.Match[str], head: re.Pattern[str]) -> tuple[int, int] | None:
    """The title at the start of a run of title characters: up to its last head that is
    followed by the end of the run or a word that closes a title (这一, 等, 的 …)."""
    start = found.start()
    text = found.group()
    joined = _NEXT_SCOPED.search(text)
    if joined is not None:
        text = text[: joined.start()]
    tally = _TALLY_IN_RUN.search(text)
    if tally is not None:
        text = text[: tally.start()]
    closing = _CLOSING_HONOUR.search(text)
    if closing and text[0] in OPEN_QUOTES:  # 授予“人民英雄”国家荣誉称号: the quoted name
        close = text.find(CLOSE_QUOTES[OPEN_QUOTES.index(text[0])], 1)
        if close > 1 and _SCOPE_ONLY.fullmatch(text, close + 1, closing.start()):
            return start + 1, start + close
    if closing and text[0] not in OPEN_QUOTES:  # 授予张三同志“全国优秀教师”称号: the recipient, then the title
        opened = _RECIPIENT_THEN_QUOTE.match(text)
        if opened is not None:
            close = text.find(CLOSE_QUOTES[OPEN_QUOTES.index(text[opened.end() - 1])], opened.end())
            if close > opened.end() and _SCOPE_ONLY.fullmatch(text, close + 1, closing.start()):
                return start + opened.end(), start + close
    if closing and closing.start() >= 3:  # 全省文化产业重点县等称号
        return start, start + closing.start()
    best = None
    for match in _overlapping(head, text):
        tail = text[match.end():]
        if not tail or _AFTER_TITLE.match(tail) or tail[0].isdigit():  # 示范村15个: a count closes it
            best = match.end()
    if best is None:
        first = head.search(text)
        if first is None or first.end() < 3:
            return None
        if _POST_AFTER.match(text, first.end()):
            return None  # 入选…社区党组织书记培训班课程: a post in a body, not a title
        best = first.end()
        if _KIND_TAIL.fullmatch(text, best) and len(found.group()) < _LONGEST_RUN:
            best = len(text)  # 示范乡镇, 示范社区 end the run: the head's word runs on to its end
    if best < 3:
        return None
    return start, start + best


# ------------------------------------------------------------------ echo

# Rules whose titles a text may repeat bare: not the 、-list's guesses (honour:listed).
_ECHOED_RULES = frozenset({
    "honour:conferred", "honour:title", "honour:quoted", "honour:medal", "honour:merit", "honour:class", "honour:negative",
    "honour:appointment",
})
_ECHOED_SCORE = 0.65
_ECHOED_NAME = re.compile(rf"[{HAN}0-9]+")
_ECHO_SHORTEST = 3
_MAX_ECHO_TITLES = 40  # one alternation of at most this many titles: one pass over the text
# The scope and rank a title opens with, which a repetition may leave out: 岳阳市十佳美德少年
# said again as 美德少年, 全国优秀县委书记 as 优秀县委书记.
_ECHO_SCOPE = re.compile(
    rf"(?:全国|全省|全市|全县|国家级|省级|市级|县级|国家|中国|[{HAN}]{{2,3}}[省市县](?![级域]))"
    r"(?:第[\d一二三四五六七八九十]+届)?(?:十佳|百优|十优|百佳)?"
)
_ECHO_CORE_SHORTEST = 4
_BOOK_REACH = 20
_PAIR_JOINTS = frozenset("和及与")
_JOINED = re.compile(r"[和及与、]")  # 全国劳动模范和先进工作者: two titles; bare, the two kinds of people
# A level or rank just before a repetition belongs to it: 校级美德少年, 十佳美德少年.
_ECHO_LEVEL_BEFORE = re.compile(rf"(?:[{HAN}]级|(?:十佳|百优|十优|百佳)+)$")
_ECHO_LEVEL_REACH = 8


# A title between the edition of its selection and the word of selecting: 第三届美德少年评选表彰
# (not 第三届全国运动会, 第五届理事会选举: no word of selecting after the name).
_EDITION_SELECTION = re.compile(
    rf"第[\d一二三四五六七八九十]+届[“「]?([{HAN}]{{2,12}}?)[”」]?(?=评选|表彰|推选|评比|颁奖)"
)
# An award heading a line, its winner after a colon: 最佳女主角：某某, 专业精神奖：全港市民.
_AWARD_HEADING = re.compile(rf"(?m)^(?:(?:最佳|最差)[{HAN}]{{1,5}}?|[{HAN}]{{2,8}}?奖)(?=[：:][^\n]{{2,}})")


_SHARED_ITEM = re.compile(rf"[{HAN}]{{2,8}}(?=[、，,。；;和及与等\n]|$)")
_SHARED_QUALIFIER = 2


def _sharing_scope(view: str, found: list[CandidateSpan]) -> Iterator[CandidateSpan]:
    """Items of a 、-list after a scoped title that open with the same qualifier as the title
    after its scope: 全国文明城市、文明村镇、文明单位 (the scope is said once for all)."""
    taken = {(c.start, c.end) for c in found}
    qualifiers: dict[str, str | None] = {}  # per distinct title: a list of one title repeated is read once per title
    for candidate in found:
        if not view.startswith("、", candidate.end) or candidate.rule not in _ECHOED_RULES:
            continue
        name = view[candidate.start: candidate.end]
        if name not in qualifiers:
            scope = _ECHO_SCOPE.match(name)
            ok = scope is not None and scope.end() > 0 and len(name) - scope.end() >= 2 * _SHARED_QUALIFIER
            qualifiers[name] = name[scope.end(): scope.end() + _SHARED_QUALIFIER] if ok else None
        qualifier = qualifiers[name]
        if qualifier is None or not view.startswith(qualifier, candidate.end + 1):
            continue
        position = candidate.end + 1
        for _ in range(_LONGEST_ENUMERATION * 2):
            item = _SHARED_ITEM.match(view, position)
            if item is None or not item.group().startswith(qualifier) or len(item.group()) <= _SHARED_QUALIFIER:
                break
            if item.span() not in taken:
                yield CandidateSpan(item.start(), item.end(), HONOUR, "honour:listed", 0.6)
            if not view.startswith("、", item.end()):
                break
            position = item.end() + 1


# The equivalents of a place's level after a title's head: 百强县（市）, 示范县（市、区）.
_EQUIVALENTS_AFTER = re.compile(r"（[市县区旗州、]{1,6}）")


def _with_equivalents(view: str, candidate: CandidateSpan) -> CandidateSpan:
    if view[candidate.end: candidate.end + 1] != "（" or view[candidate.end - 1: candidate.end] not in "市县区旗州":
        return candidate
    bracket = _EQUIVALENTS_AFTER.match(view, candidate.end)
    if bracket is None:
        return candidate
    return CandidateSpan(candidate.start, bracket.end(), candidate.label, candidate.rule, candidate.score)


def _in_book_title(view: str, position: int) -> bool:
    """Whether ``position`` lies inside a 《…》 title opened a few characters before it."""
    reach = max(0, position - _BOOK_REACH)
    return view.rfind("《", reach, position) > view.rfind("》", reach, position)


def _echoes(view: str, found: list[CandidateSpan], role_at_end: re.Pattern[str]) -> Iterator[CandidateSpan]:
    """Later (or earlier) bare repetitions of a title the rules found in the same text, also
    without the scope and rank it opened with (岳阳市十佳美德少年 … 美德少年评选): one
    str.find loop per found title (a handful), longest first."""
    names = {
        view[c.start: c.end] for c in found
        if c.rule in _ECHOED_RULES and c.score >= _ECHOED_SCORE  # not a designation sought (国家公园创建) or held as (作为…)
    }
    names = {name for name in names if len(name) >= _ECHO_SHORTEST and _ECHOED_NAME.fullmatch(name)}
    cores: set[str] = set()
    scopes: set[str] = set()
    for name in names:  # a person's title said without its scope; a place's kind is no title bare
        scope = _ECHO_SCOPE.match(name)
        if (scope is not None and scope.end() > 0 and len(name) - scope.end() >= _ECHO_CORE_SHORTEST and role_at_end.search(name)
                and not _JOINED.search(name)):
            cores.add(name[scope.end():])
            scopes.add(name[: scope.end()])
    cores -= names
    names |= cores
    if not names:
        return
    ordered = sorted(names, key=lambda n: (-len(n), n))[:_MAX_ECHO_TITLES]  # longest first wins
    taken = bytearray(len(view))
    for candidate in found:
        taken[candidate.start: candidate.end] = b"\x01" * (candidate.end - candidate.start)
    for name in ordered:  # longest first: a longer title takes its place before its core does
        position = view.find(name)
        while position != -1:
            span = _echo_at(view, position, name, name in cores, scopes, taken)
            if span is not None:
                taken[span[0]: span[1]] = b"\x01" * (span[1] - span[0])
                yield CandidateSpan(span[0], span[1], HONOUR, "honour:echo", 0.6)
            position = view.find(name, position + len(name))


def _echo_at(
    view: str, start: int, name: str, is_core: bool, scopes: set[str], taken: bytearray
) -> tuple[int, int] | None:
    """The span of a repetition of ``name`` at ``start``, with the level, ranks or scope said
    before it, or None where it is no title (see ``_echoes``)."""
    end = start + len(name)
    if any(taken[start:end]):
        return None  # part of a title found already
    if _RANK_AFTER.match(view, end):
        return None  # 跻身吉林省省级开发区前列: a rank in a class of places
    if is_core and (view[start - 1: start] in _PAIR_JOINTS or view[end: end + 1] in _PAIR_JOINTS):
        return None  # 劳动模范和先进工作者: two kinds of people named together, not the title
    if _in_book_title(view, start):
        return None  # 《…国家环境健康管理试点工作方案》: inside a document's title
    level = _ECHO_LEVEL_BEFORE.search(view, max(0, start - _ECHO_LEVEL_REACH), start)
    if level is not None and not any(taken[level.start(): start]):
        return level.start(), end
    if is_core:  # 岳阳市美德少年: the scope the title opened with, said again
        scope = next((s for s in scopes if view.startswith(s, start - len(s))), None)
        if scope is not None and not any(taken[start - len(scope): start]):
            return start - len(scope), end
    return start, end
