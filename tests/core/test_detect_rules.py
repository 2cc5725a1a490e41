"""The built-in detector rules, family by family, through the public Detector.

Every case asserts the exact spans (``text[start:end]``) of one label, in both punctuation
widths (ASCII , : ; and full-width ，：；); each family has positive and negative cases and a
traditional-character case whose spans land on the original characters.
"""

from __future__ import annotations

import re

import pytest

from annotator.detect import Detector

from rule_cases import WIDTHS, shipped_detector, written  # tests/core is on sys.path


@pytest.fixture(scope="module")
def detector() -> Detector:
    return shipped_detector()


def spans(detector: Detector, text: str, label: str) -> list[str]:
    return [text[c.start: c.end] for c in detector.detect(text) if c.label == label]


def rules(detector: Detector, text: str, label: str) -> list[tuple[str, str]]:
    return [(text[c.start: c.end], c.rule) for c in detector.detect(text) if c.label == label]


def check(detector: Detector, text: str, label: str, expected: list[str], width: str) -> None:
    text = written(text, width)
    assert spans(detector, text, label) == expected, text


# ------------------------------------------------------------------ SLOGAN

SLOGAN_CASES = [
    # quoted numbered formulations, with or without a measure word
    ("全县坚持“两个统筹”,做到“三张清单”。", ["两个统筹", "三张清单"]),
    ("推进“5521”工程,开通“12345”热线。", ["5521"]),
    # quoted catchphrases with evidence: a brand noun, an adopting verb, an abbreviation
    ("不断擦亮“马上就办”服务品牌。", ["马上就办"]),
    ("坚决整治“庸懒散”作风顽疾。", ["庸懒散"]),
    ("坚持“产业兴县、生态立县”,全力攻坚。", ["产业兴县、生态立县"]),
    # a quoted campaign name is not a slogan, unless it is a numbered formulation
    ("开展“访民情、解民忧”活动;开展“三进三帮”活动。", ["三进三帮"]),
    # unquoted mottos: mirrored or parallel items; title couplets; national formulations
    ("推动产业数字化、数字产业化,加快转型。", ["产业数字化、数字产业化"]),
    ("营造干部清正、政府清廉、政治清明的氛围。", ["干部清正、政府清廉、政治清明"]),
    ("凝心聚力谋发展 实干担当开新局\n正文:牢固树立四个意识。", ["凝心聚力谋发展 实干担当开新局", "四个意识"]),
    ("坚持三抓三促,深入实施科技兴县战略。", ["三抓三促", "科技兴县"]),
    # a formulation introduced once is found again where it is repeated unquoted
    ("全县深化“谋实抓细”;要把谋实抓细落到实处。", ["谋实抓细", "谋实抓细"]),
]

SLOGAN_NEGATIVE = [
    "干部一直保持“在状态”,全力打造“初心课堂”。",  # scare quotes, ordinary words
    "群众的“关键小事”就是大事;紧盯“一把手”。",
    "要扩大投资、扩大消费、扩大就业。",  # an enumeration with a shared verb
    "抓投资、上项目、促发展,干一行、爱一行。",
    "坚定信念 筑牢为民思想根基\n正文",  # a header, not a couplet
    "千方百计抓落实,传达十八届六中全会精神,一心一意谋发展。",  # idioms and counts
    "在十四五开局之年,“六大”板块加快建设,完成整治任务、实现整治目标。",
]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("text", "expected"), SLOGAN_CASES)
def test_slogan_spans(detector: Detector, text: str, expected: list[str], width: str) -> None:
    check(detector, text, "SLOGAN", expected, width)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("text", SLOGAN_NEGATIVE)
def test_slogan_negatives(detector: Detector, text: str, width: str) -> None:
    check(detector, text, "SLOGAN", [], width)


def test_slogan_rule_ids(detector: Detector) -> None:
    text = "坚持“两个统筹”,擦亮“马上就办”品牌,推动产业数字化、数字产业化,牢固树立四个意识。"
    assert rules(detector, text, "SLOGAN") == [
        ("两个统筹", "slogan:numbered"),
        ("马上就办", "slogan:quoted"),
        ("产业数字化、数字产业化", "slogan:chain"),
        ("四个意识", "slogan:lexicon"),
    ]


@pytest.mark.parametrize(
    "text",
    ["擦亮「马上就办」服务品牌,坚持「两个统筹」。", "擦亮‘马上就办’服务品牌,坚持‘两个统筹’。", '擦亮"马上就办"服务品牌,坚持"两个统筹"。'],
)
def test_slogan_quote_styles(detector: Detector, text: str) -> None:
    assert spans(detector, text, "SLOGAN") == ["马上就办", "两个统筹"]


@pytest.mark.parametrize("width", WIDTHS)
def test_slogan_traditional(detector: Detector, width: str) -> None:
    check(detector, "縣委堅持“兩個統籌”,擦亮“馬上就辦”品牌。", "SLOGAN", ["兩個統籌", "馬上就辦"], width)


# ------------------------------------------------------------------ TARGET

TARGET_CASES = [
    # a commitment word to the end of its quantity; a governed clause after it
    ("力争全年新增规上企业20家以上,总投资达到50亿元。", ["力争全年新增规上企业20家以上", "总投资达到50亿元"]),
    ("确保新增高新技术企业5家、科技型中小企业30家以上。", ["确保新增高新技术企业5家、科技型中小企业30家以上"]),
    # a rank; a quantity that is the subject of a predicate; a quoted aim
    ("力争综合考核进入全市前三。", ["力争综合考核进入全市前三"]),
    ("力争10家企业纳入省级培育库。", ["力争10家企业纳入省级培育库"]),
    ("推动早日实现“千亿园区”目标。", ["推动早日实现“千亿园区”"]),
    # deadlines and milestones
    ("对群众来信,3个工作日内必须答复,7天内办结。", ["3个工作日内必须答复", "7天内办结"]),
    ("确保年底前完成全部改造任务。", ["确保年底前完成全部改造任务"]),
]

TARGET_NEGATIVE = [
    "今年已完成投资30亿元。",  # a result
    "预计全年实现生产总值120亿元。",  # a forecast of the result (codebook)
    "企业在2个月内建成厂房。",  # a past span of time
    "奋力跑好第一棒,完成全年目标任务的65%。",
    "实现“六大提升”目标,完成全县“十个突破”。",  # goals without a quantity
]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("text", "expected"), TARGET_CASES)
def test_target_spans(detector: Detector, text: str, expected: list[str], width: str) -> None:
    check(detector, text, "TARGET", expected, width)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("text", TARGET_NEGATIVE)
def test_target_negatives(detector: Detector, text: str, width: str) -> None:
    check(detector, text, "TARGET", [], width)


def test_target_rule_ids(detector: Detector) -> None:
    text = "力争签约项目30个,总投资达到50亿元;3天内必须反馈。"
    assert rules(detector, text, "TARGET") == [
        ("力争签约项目30个", "target:clause"),
        ("总投资达到50亿元", "target:governed"),
        ("3天内必须反馈", "target:deadline"),
    ]


@pytest.mark.parametrize("width", WIDTHS)
def test_target_traditional(detector: Detector, width: str) -> None:
    check(detector, "力爭新增企業10家,確保年底前兌現承諾。", "TARGET", ["力爭新增企業10家", "確保年底前兌現承諾"], width)


# ------------------------------------------------------------------ CAMPAIGN

CAMPAIGN_CASES = [
    ("深入开展作风建设专项整治,启动“平安校园”创建活动。", ["作风建设专项整治", "“平安校园”创建活动"]),
    ("全面开展“清风行动”,开展庭院美化行动。", ["清风行动", "庭院美化行动"]),
    ("认真学习宣传贯彻党的二十大精神,持续深化纠正“四风”。", ["学习宣传贯彻党的二十大精神", "深化纠正“四风”"]),
    ("推动党史学习教育常态化,扎实开展巡察整改回头看。", ["党史学习教育", "巡察整改回头看"]),
    # a series of quoted names with their head
    ("开展“颂党恩、跟党走”“强作风、优环境”等系列活动。", ["“颂党恩、跟党走”“强作风、优环境”等系列活动"]),
    # a weak head between two campaigns of one list
    ("一体推进重点工作大督查、违规建房整治、安全生产专项整治等工作。", ["重点工作大督查", "违规建房整治", "安全生产专项整治"]),
]

CAMPAIGN_NEGATIVE = [
    "开展丰富多彩的文体活动,大家迅速行动起来。",  # generic heads without a name
    "此次专项整治取得实效,固化专项整治成果。",  # bare references to a campaign
    "深入开展专项整治,专项整治领导小组定期调度。",
    "坚持“开门搞活动”,认真学习贯彻好党的二十大精神。",  # a motto; the interrupted verb form
    "加强环境整治、违规建房整治。",  # weak heads alone
]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("text", "expected"), CAMPAIGN_CASES)
def test_campaign_spans(detector: Detector, text: str, expected: list[str], width: str) -> None:
    check(detector, text, "CAMPAIGN", expected, width)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("text", CAMPAIGN_NEGATIVE)
def test_campaign_negatives(detector: Detector, text: str, width: str) -> None:
    check(detector, text, "CAMPAIGN", [], width)


def test_campaign_rule_ids(detector: Detector) -> None:
    text = "开展作风建设专项整治,推动党史学习教育走深,学习贯彻党的二十大精神,深化纠正“四风”。"
    assert rules(detector, text, "CAMPAIGN") == [
        ("作风建设专项整治", "campaign:head"),
        ("党史学习教育", "campaign:named"),
        ("学习贯彻党的二十大精神", "campaign:study"),
        ("深化纠正“四风”", "campaign:rectify"),
    ]


@pytest.mark.parametrize("width", WIDTHS)
def test_campaign_traditional(detector: Detector, width: str) -> None:
    text = "開展“三送一服”專項行動,推動黨史學習教育常態化。"
    check(detector, text, "CAMPAIGN", ["“三送一服”專項行動", "黨史學習教育"], width)


# ------------------------------------------------------------------ HONOUR

HONOUR_CASES = [
    ("该县先后荣获全国文明县城、国家卫生县城等称号。", ["全国文明县城", "国家卫生县城"]),
    ("成功入选全国乡村治理示范县,连续5年被评为全省平安建设先进县。", ["全国乡村治理示范县", "全省平安建设先进县"]),
    ("合作社获评全国农民合作社典型案例。", ["全国农民合作社典型案例"]),
    ("聚焦创建省级文明县城、国家级卫生县城,巩固省级森林城市创建成果。", ["省级文明县城", "国家级卫生县城", "省级森林城市"]),
    ("对工作滞后的单位颁发“蜗牛奖”。", ["蜗牛奖"]),
]

HONOUR_NEGATIVE = [
    "先进单位和个人代表发言。",  # generic, not a title
    "群众获得感、幸福感明显增强。",  # 获得 without a title
    "吉安县是著名的将军县。",  # informal
    "坚持“四创建”就是聚焦重点。",  # the verb inside a quoted formulation
]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("text", "expected"), HONOUR_CASES)
def test_honour_spans(detector: Detector, text: str, expected: list[str], width: str) -> None:
    check(detector, text, "HONOUR", expected, width)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("text", HONOUR_NEGATIVE)
def test_honour_negatives(detector: Detector, text: str, width: str) -> None:
    check(detector, text, "HONOUR", [], width)


@pytest.mark.parametrize("width", WIDTHS)
def test_honour_traditional(detector: Detector, width: str) -> None:
    check(detector, "該縣榮獲全國文明縣城稱號,成功晉升河北省縣域科技創新能力A類縣。", "HONOUR", ["全國文明縣城", "河北省縣域科技創新能力A類縣"], width)


# ------------------------------------------------------------------ ACHIEVEMENT

ACHIEVEMENT_CASES = [
    ("今年以来,累计走访企业320家,帮助解决问题86个。", ["累计走访企业320家", "帮助解决问题86个"]),
    ("全年完成固定资产投资45.6亿元,同比增长12.3%。", ["完成固定资产投资45.6亿元", "同比增长12.3%"]),
    ("截至目前,为58家企业兑现奖补资金1200万元。", ["为58家企业兑现奖补资金1200万元"]),
    ("全县财政总收入8.6亿元,受众近2万人次。", ["全县财政总收入8.6亿元", "受众近2万人次"]),
    ("仅用45天就建成投产。", ["仅用45天就建成投产"]),
    ("截至6月底,完成全年目标任务的65%。", ["完成全年目标任务的65%"]),
]

ACHIEVEMENT_NEGATIVE = [
    "力争新增就业岗位500个,总投资达到20亿元。",  # aims (TARGET)
    "全县2000余名干部参加会议。",  # attendance
    "全镇共有党员1200名,县域内有87个革命遗址。",  # narration of resources
    "要做好10个重点项目的准备工作。",
    "举办第3场招聘会。评论 0人参与",
]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("text", "expected"), ACHIEVEMENT_CASES)
def test_achievement_spans(detector: Detector, text: str, expected: list[str], width: str) -> None:
    check(detector, text, "ACHIEVEMENT", expected, width)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("text", ACHIEVEMENT_NEGATIVE)
def test_achievement_negatives(detector: Detector, text: str, width: str) -> None:
    check(detector, text, "ACHIEVEMENT", [], width)


@pytest.mark.parametrize("width", WIDTHS)
def test_achievement_traditional(detector: Detector, width: str) -> None:
    text = "共收集意見建議215條、為民辦實事96件,已解決27個。"
    check(detector, text, "ACHIEVEMENT", ["共收集意見建議215條、為民辦實事96件", "已解決27個"], width)


# ------------------------------------------------------------------ across families


def test_labels_overlap_across_categories(detector: Detector) -> None:
    """A campaign holds its numbered slogan; a target its quoted formulation."""
    text = "开展“三统筹三扩大”活动,计划干出“三个百亿产业”。"
    found = {(text[c.start: c.end], c.label) for c in detector.detect(text)}
    assert {
        ("“三统筹三扩大”活动", "CAMPAIGN"),
        ("三统筹三扩大", "SLOGAN"),
        ("计划干出“三个百亿产业”", "TARGET"),
        ("三个百亿产业", "SLOGAN"),
    } <= found


def test_candidates_are_well_formed_on_the_seeds(detector: Detector, seed_texts: dict[str, str]) -> None:
    labels = {"SLOGAN", "TARGET", "CAMPAIGN", "HONOUR", "ACHIEVEMENT"}
    seen = set()
    for text in seed_texts.values():
        candidates = detector.detect(text)
        for c in candidates:
            assert 0 <= c.start < c.end <= len(text)
            assert 0 < c.score <= 1
            if not c.rule.startswith("pattern:"):  # built-in rules: "family:variant" of their label
                assert re.fullmatch(rf"{c.label.lower()}:[a-z]+(?:-[a-z]+)*", c.rule), c.rule
            assert text[c.start: c.end].strip() == text[c.start: c.end]
            seen.add(c.label)
        by_label: dict[str, list] = {}
        for c in candidates:
            by_label.setdefault(c.label, []).append(c)
        for group in by_label.values():  # the overlap policy: one label never overlaps itself
            group.sort(key=lambda c: c.start)
            assert all(a.end <= b.start for a, b in zip(group, group[1:]))
    assert seen == labels


# ------------------------------------------------------------------ generalisation fixes
# Gaps found on held-out articles (tests/data/heldout): each a word class, not a phrase.

GAP_CASES = [
    ("紧扣“一城三区”发展定位,加快建设。", "SLOGAN", ["一城三区"]),
    ("一把手要带头,一窗通办要推广。", "SLOGAN", []),
    ("县委颁发“慢作为警示牌”,限期整改。", "HONOUR", ["慢作为警示牌"]),
    ("全力冲刺全国文明城市提名城市,巩固成果。", "HONOUR", ["全国文明城市提名城市"]),
    ("顺利通过全国文明城市复查,再创佳绩。", "HONOUR", ["全国文明城市"]),
    ("南屏高新区跻身全省开发区综合考评十强。", "HONOUR", ["全省开发区综合考评十强"]),
    ("全年新增城市公园绿地126公顷,群众满意。", "ACHIEVEMENT", ["新增城市公园绿地126公顷"]),
]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("text", "label", "expected"), GAP_CASES)
def test_generalisation_gaps(detector: Detector, text: str, label: str, expected: list[str], width: str) -> None:
    check(detector, text, label, expected, width)


# ------------------------------------------------------------------ issue 10: classes that generalise
# Made-up sentences, one class each: the span with its boundaries, and a near miss that must not
# fire.

ISSUE10_CASES = [
    # a list of aims after an aims heading: each item an indicator with its figure, no commitment word
    (
        "今年主要预期目标是:地区生产总值增长6%左右;城镇调查失业率控制在5.5%以内;粮食产量稳定在20万吨以上。",
        "TARGET",
        ["地区生产总值增长6%左右", "城镇调查失业率控制在5.5%以内", "粮食产量稳定在20万吨以上"],
    ),
    ("今年主要预期目标是:地区生产总值增长6%左右;居民收入稳步增长。", "ACHIEVEMENT", []),
    # near miss: a heading of results (完成情况) announces results, not aims
    ("主要指标完成情况:地区生产总值增长6.2%;城镇调查失业率4.9%。", "TARGET", []),
    # a quoted X+Y+Z model; near miss: two parts naming a kind of industry
    ("全面推行“党建+网格+服务”治理模式。", "SLOGAN", ["党建+网格+服务"]),
    ("培育“生态+旅游”产业,带动增收。", "SLOGAN", []),
    # a quoted honour before a word of conferring; near miss: a quoted holiday
    ("县委召开“优秀共产党员”表彰大会。", "HONOUR", ["优秀共产党员"]),
    ("学校召开“七一”表彰大会。", "HONOUR", []),
    ("他被授予“人民卫士”荣誉称号。", "HONOUR", ["人民卫士"]),
    # medals and badges with their names, without the verb that gives them; near miss: no name
    ("为老党员颁发“光荣在党50年”纪念章。", "HONOUR", ["光荣在党50年”纪念章"]),
    ("向“七一勋章”获得者颁授勋章。", "HONOUR", ["七一勋章"]),
    ("老战士获得抗美援朝出国作战70周年纪念章。", "HONOUR", ["抗美援朝出国作战70周年纪念章"]),
    ("为30名老党员佩戴纪念章。", "HONOUR", []),
    # a national formulation written out with its enumeration; near miss: two of its words
    ("坚持创新、协调、绿色、开放、共享的发展理念。", "SLOGAN", ["创新、协调、绿色、开放、共享"]),
    ("推动创新、协调发展。", "SLOGAN", []),
]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("text", "label", "expected"), ISSUE10_CASES)
def test_issue10_classes(detector: Detector, text: str, label: str, expected: list[str], width: str) -> None:
    check(detector, text, label, expected, width)


MERIT_CASES = [
    # a scope, a merit word and a role make a title, even with a name after it
    ("学习全国优秀县委书记某某同志的事迹。", ["全国优秀县委书记"]),
    ("表彰全国优秀党务工作者和全国先进基层党组织。", ["全国优秀党务工作者", "全国先进基层党组织"]),
    ("授予全国脱贫攻坚楷模荣誉称号。", ["全国脱贫攻坚楷模"]),
    # near misses: a generic merit class, the recipient of an award, a description
    ("向受到表彰的先进个人表示祝贺。", []),
    ("全体获得者合影留念。", []),
]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("text", "expected"), MERIT_CASES)
def test_merit_titles(detector: Detector, text: str, expected: list[str], width: str) -> None:
    check(detector, text, "HONOUR", expected, width)


COMPACT_CASES = [
    # parallel parts without separators
    ("驻村干部与群众同吃同住同劳动,结成亲戚。", ["同吃同住同劳动"]),
    ("公司召开学习会议\n学先进转作风强执行\n会议要求……", ["学先进转作风强执行"]),
    # near misses: a negation chain of ordinary speech; a clause of ordinary words
    ("但不说不代表不存在,反而更多。", []),
    ("会议要求\n全体干部认真学习文件\n", []),
]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("text", "expected"), COMPACT_CASES)
def test_compact_chains(detector: Detector, text: str, expected: list[str], width: str) -> None:
    check(detector, text, "SLOGAN", expected, width)


RESULT_AND_BOUND_CASES = [
    # every member of a counted set reached the result (no result verb of the lexicon needed)
    ("现行标准下,128个贫困村全部出列。", "ACHIEVEMENT", ["128个贫困村全部出列"]),
    # near miss: a result not reached
    ("到年底,全省还有52个贫困县没有摘帽。", "ACHIEVEMENT", []),
    # a bound set in a plan is an aim, not a result
    ("规划纲要提出,城镇调查失业率控制在5.5%以内。", "TARGET", ["城镇调查失业率控制在5.5%以内"]),
    ("规划纲要提出,城镇调查失业率控制在5.5%以内。", "ACHIEVEMENT", []),
    # near misses: a bound reported without a plan; figures about others' targets; a question
    ("去年,城镇调查失业率控制在5.5%以内。", "TARGET", []),
    ("29个省份的增长目标平均值为6.4%。", "TARGET", []),
    ("预期目标5.5%如何实现?", "TARGET", []),
]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("text", "label", "expected"), RESULT_AND_BOUND_CASES)
def test_results_and_bounds(detector: Detector, text: str, label: str, expected: list[str], width: str) -> None:
    check(detector, text, label, expected, width)


MORE_CLASS_CASES = [
    # a province or the country branded with a quality; near miss: a place of the province
    ("加快建设森林江西,绿化提速。", "SLOGAN", ["森林江西"]),
    ("来到美丽江西省博物馆参观。", "SLOGAN", []),
    # parallel items that rhyme inside, or share a core between a verb and a varying end
    ("促进产业高质高效、乡村宜居宜业、农民富裕富足。", "SLOGAN", ["产业高质高效、乡村宜居宜业、农民富裕富足"]),
    ("要立足新发展阶段、贯彻新发展理念、构建新发展格局。", "SLOGAN", ["立足新发展阶段、贯彻新发展理念、构建新发展格局"]),
    # a quoted formulation that names itself one (…效应); near miss: scare quotes on a word
    ("要发挥“磁石效应”,吸引项目落地。", "SLOGAN", ["磁石效应"]),
    # a quoted campaign name is the campaign's, not a slogan
    ("深化“效能革命”,提高效率。", "CAMPAIGN", ["效能革命"]),
    ("深化“效能革命”,提高效率。", "SLOGAN", []),
    # campaign names: after a space behind the quote, without 我市, a head inside a noun
    ("支部开展“三学三强” 大学习大讨论活动。", "CAMPAIGN", ["“三学三强” 大学习大讨论活动"]),
    ("我市户外广告集中整治动员会召开。", "CAMPAIGN", ["户外广告集中整治"]),
    ("参观警示教育基地,接受教育。", "CAMPAIGN", []),
    # a campaign named again without its marker; near miss: the topic alone is no campaign
    ("召开主城区户外广告集中整治动员会,落实户外广告整治任务。", "CAMPAIGN", ["主城区户外广告集中整治", "户外广告整治"]),
    ("户外广告数量多,户外广告整治难度大。", "CAMPAIGN", []),
    ("要把宣传活动引向深入。", "CAMPAIGN", []),
    # a drive towards a title names the title with its scope; near miss: a title in general
    ("全力争创全国文明城市。", "HONOUR", ["全国文明城市"]),
    ("户外广告是创建文明城市的重要内容。", "HONOUR", []),
]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("text", "label", "expected"), MORE_CLASS_CASES)
def test_more_classes(detector: Detector, text: str, label: str, expected: list[str], width: str) -> None:
    check(detector, text, label, expected, width)


# ------------------------------------------------------------------ classes of language (issue 10)
# One made-up sentence per rule class: found with the right boundaries, and a near miss.

GENERALISING_CLASS_CASES = [
    # TARGET budget and investment plans: a budget noun with its sum, in a sentence about the year ahead
    ("今年全省一般公共预算支出超过8000亿元,专项债券约1200亿元。", "TARGET", ["一般公共预算支出超过8000亿元", "专项债券约1200亿元"]),
    ("报告提出减税降费三千亿、基建投资五千亿,力度空前。", "TARGET", ["减税降费三千亿、基建投资五千亿"]),
    # near miss: the same nouns reporting what was done
    ("今年以来全省财政支出完成了3000亿元。", "TARGET", []),
    ("今年又新增贷款300万元,扩大信贷规模2000万元。", "TARGET", []),
    # TARGET clauses governed by a future modal that opens a plan
    ("今年我们将全力推进创新,建成一批实验室,推动省级重点实验室达到30家。", "TARGET", ["推动省级重点实验室达到30家"]),
    ("今年我们将全力推进创新,建成一批实验室,推动省级重点实验室达到30家。", "ACHIEVEMENT", []),
    # near miss: 将 as the preposition, and a routine proportion
    ("该县将项目资金200万元纳入预算管理。", "TARGET", []),
    ("工作组将按照10%的比例开展抽查。", "TARGET", []),
    # TARGET projection conditional on a plan; near miss: a forecast of the year's result
    ("项目建成后,预计可实现年产值3-5亿元。", "TARGET", ["实现年产值3-5亿元"]),
    ("预计全年实现地区生产总值500亿元。", "TARGET", []),
    # effort words with 了 are no commitments; 走在前列 is no rank to reach
    ("他奋力游了约3公里。", "TARGET", []),
    ("奋力在改革创新上走在前列。", "TARGET", []),
    # ACHIEVEMENT ranks reached; near miss: 居全国前列 is praise
    ("全省外贸总额均升至全国第五位。", "ACHIEVEMENT", ["均升至全国第五位"]),
    ("粮食产量从去年的全省第三位升至今年的首位。", "ACHIEVEMENT", ["从去年的全省第三位升至今年的首位"]),
    ("牛奶产量居全国前列。", "ACHIEVEMENT", []),
    # ACHIEVEMENT shares reached; near miss: a rule with 不低于
    ("全县民生支出占财政支出的75%以上。", "ACHIEVEMENT", ["全县民生支出占财政支出的75%以上"]),
    ("民生支出每年占比不低于70%。", "ACHIEVEMENT", []),
    # ACHIEVEMENT with perfective 了 or 已 before the quantity; near miss: 为了
    ("全区建设了蔬菜、水果等15个特色产业基地。", "ACHIEVEMENT", ["建设了蔬菜、水果等15个特色产业基地"]),
    ("目前已培育茶叶、中药材等8个优势产业。", "ACHIEVEMENT", ["已培育茶叶、中药材等8个优势产业"]),
    ("工作组深入了解20个村的情况。", "ACHIEVEMENT", []),
    # SLOGAN quoted models: numbers joined by plus, a trailing plus, 以“X+Y”为
    ("构建“1+5+N”工作体系,打造“旅游+”产业,以“非遗+文创”为抓手。", "SLOGAN", ["1+5+N", "旅游+", "非遗+文创"]),
    # near miss: a two-part kind of industry without a frame
    ("发展“生态+康养”产业。", "SLOGAN", []),
    # SLOGAN chiasmus chains; near miss: two items that share a noun without swapping
    ("坚持以城带乡、以乡促城,统筹发展。", "SLOGAN", ["以城带乡、以乡促城"]),
    ("坚持以城带乡、以城促镇,统筹发展。", "SLOGAN", []),
    # SLOGAN well-known national formulations written without quotes
    ("要做到真扶贫、扶真贫、脱真贫,打好三大攻坚战。", "SLOGAN", ["真扶贫、扶真贫、脱真贫", "三大攻坚战"]),
    # CAMPAIGN: a named action programme after its launching verb; near miss: no launching verb
    ("全市实施农产品品牌建设提升行动。", "CAMPAIGN", ["农产品品牌建设提升行动"]),
    ("这一行动是品牌建设提升行动。", "CAMPAIGN", []),
    ("开展红色标语类文物专项调查工作。", "CAMPAIGN", ["红色标语类文物专项调查"]),
    ("持续开展“红色故事会”宣讲等系列活动。", "CAMPAIGN", ["“红色故事会”宣讲等系列活动"]),
    # HONOUR designations of sites with their scope; graded classes; near miss: money after 获得
    ("全县有全国重点文物保护单位3处、省级爱国主义教育基地5处。", "HONOUR", ["全国重点文物保护单位", "省级爱国主义教育基地"]),
    ("景区被评为国家4A级旅游景区,村党支部获评五星级党支部,当地被誉为中国长寿之乡。", "HONOUR", ["国家4A级旅游景区", "五星级党支部", "中国长寿之乡"]),
    ("农户去年获得20余万元奖补。", "HONOUR", []),
]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("text", "label", "expected"), GENERALISING_CLASS_CASES)
def test_generalising_classes(detector: Detector, text: str, label: str, expected: list[str], width: str) -> None:
    check(detector, text, label, expected, width)


def test_new_classes_carry_their_rule_ids(detector: Detector) -> None:
    """The acceptance rate of each class is tracked by its rule id."""
    found = dict(rules(detector, "今年全省财政支出超过800亿元。", "TARGET"))
    assert found == {"财政支出超过800亿元": "target:budget"}
    assert dict(rules(detector, "项目投产后,预计可实现年产值3亿元。", "TARGET")) == {"实现年产值3亿元": "target:projection"}
    assert dict(rules(detector, "外贸总额升至全国第五位。", "ACHIEVEMENT")) == {"升至全国第五位": "achievement:rank"}
    assert dict(rules(detector, "搬迁人口占全省近三分之一。", "ACHIEVEMENT")) == {"搬迁人口占全省近三分之一": "achievement:share"}
    assert dict(rules(detector, "这里是国家5A级旅游景区。", "HONOUR")) == {"国家5A级旅游景区": "honour:class"}
