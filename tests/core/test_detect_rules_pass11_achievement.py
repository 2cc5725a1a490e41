"""Rules pass 11, ACHIEVEMENT (issue 10; tuned on the e*, g*, j*, m* and o* articles, checked on
h*, k* and i* and every other dev article): results reported with verbs of doing, changes
measured, Chinese numbers, and 将 as a preposition. Each rule with a near miss, in both
punctuation widths."""

from __future__ import annotations

import pytest

from annotator.detect import Detector

from rule_cases import WIDTHS, found, shipped_detector, written  # tests/core is on sys.path


@pytest.fixture(scope="module")
def detector() -> Detector:
    return shipped_detector()


CASES = [
    # verbs of enforcement, clean-up and organising report a result with their counted object
    ("今年以来,县公安局共破获电信诈骗案件15起,抓获犯罪嫌疑人23名。", "ACHIEVEMENT",
     [("共破获电信诈骗案件15起", "achievement:clause"), ("抓获犯罪嫌疑人23名", "achievement:clause")]),
    ("该街道梳理部门职责清单40项,组建3支志愿服务队。", "ACHIEVEMENT",
     [("梳理部门职责清单40项", "achievement:clause"), ("组建3支志愿服务队", "achievement:clause")]),
    ("全县17个项目列入省重点项目库,铺设污水管网12公里。", "ACHIEVEMENT",
     [("17个项目列入省重点项目库", "achievement:clause"), ("铺设污水管网12公里", "achievement:clause")]),
    ("全县实现3.5万户农户的信息共享。", "ACHIEVEMENT", [("实现3.5万户农户的信息共享", "achievement:clause")]),
    # near misses: the same verbs under a commitment or a plan
    ("明年要破获电信诈骗案件15起,力争组建3支志愿服务队。", "ACHIEVEMENT", []),
    ("力争17个项目列入省重点项目库,计划铺设污水管网12公里。", "ACHIEVEMENT", []),
    ("力争实现3.5万户农户的信息共享。", "ACHIEVEMENT", []),
    # 计划 as a noun aims at nothing; as a verb it does
    ("县级督查计划事项较上年减少5项。", "ACHIEVEMENT", [("县级督查计划事项较上年减少5项", "achievement:clause")]),
    ("今年计划督查事项减少5项。", "ACHIEVEMENT", []),
    # a change reported (降低, 增至, 缩短至, 增产) and a change per unit compared with another
    ("通过机械化作业,人力成本降低30%以上,审批时间缩短至3天。", "ACHIEVEMENT",
     [("人力成本降低30%以上", "achievement:clause"), ("审批时间缩短至3天", "achievement:clause")]),
    ("每亩收益比往年提高800元。", "ACHIEVEMENT", [("每亩收益比往年提高800元", "achievement:clause")]),
    # near misses: a change aimed at, a distribution per unit
    ("力争人力成本降低30%以上。", "ACHIEVEMENT", []),
    ("对种植户每亩补助800元。", "ACHIEVEMENT", []),
    # a figure counted in 次 or a bare 万 after its name is a measure of activity
    ("系列短视频全网播放量超5000万次,直播观看人数超2300万。", "ACHIEVEMENT",
     [("系列短视频全网播放量超5000万次", "achievement:clause"), ("直播观看人数超2300万", "achievement:clause")]),
    # near miss: a head count is narration
    ("支部现有党员45名。", "ACHIEVEMENT", []),
    # Chinese numbers with a magnitude and a unit are quantities; 千万 with no unit is not
    ("老李在村委会成功调解矛盾纠纷百余起。", "ACHIEVEMENT", [("成功调解矛盾纠纷百余起", "achievement:clause")]),
    ("合作社千万羽蛋鸡养殖基地正式投产。", "ACHIEVEMENT", []),
    # 将 before its object and a verb of placing is the preposition: a result, from 将
    ("该镇累计将3200亩旱地转为水田,将闲置厂房转化为32处创业空间。", "ACHIEVEMENT",
     [("累计将3200亩旱地转为水田", "achievement:clause"), ("将闲置厂房转化为32处创业空间", "achievement:clause")]),
    # near miss: 将 as the modal (an adverb after it)
    ("该镇将加快旱地转为水田,将逐步把闲置厂房转化为32处创业空间。", "ACHIEVEMENT", []),
    # 将 before its object and a verb of embedding or joining plans nothing: the paragraph reports
    ("该县通过“公司+农户”模式,将小农户嵌入产业链条。茶叶合作社带动1200户农户种植茶叶,帮助农户增收800万元。", "ACHIEVEMENT",
     [("带动1200户农户种植茶叶", "achievement:clause"), ("帮助农户增收800万元", "achievement:clause")]),
    ("该县将纪法教育与家风建设相结合。纪委组建宣讲小分队12支,开展宣讲活动86场。", "ACHIEVEMENT",
     [("组建宣讲小分队12支", "achievement:clause"), ("开展宣讲活动86场", "achievement:clause")]),
    # near miss: the same paragraph with 将 as the modal is a paragraph of plans
    ("该县通过“公司+农户”模式,将加快小农户嵌入产业链条。茶叶合作社带动1200户农户种植茶叶,帮助农户增收800万元。", "ACHIEVEMENT", []),
    # an area with its qualifier describes a place; an area newly treated is a result
    ("全县油菜种植面积12万亩,年产值达9亿元。", "ACHIEVEMENT", [("年产值达9亿元", "achievement:clause")]),
    ("全县新增水土流失治理面积52平方公里。", "ACHIEVEMENT", [("新增水土流失治理面积52平方公里", "achievement:clause")]),
    # a verb before 的 modifies a noun: the clause's predicate is elsewhere; near miss: the verb
    # itself reports the count
    ("村口新建的600余平方米广场坐满了村民。", "ACHIEVEMENT", []),
    ("村口新建600余平方米广场。", "ACHIEVEMENT", [("新建600余平方米广场", "achievement:clause")]),
    # a clause ending on 之一 names a group its subject belongs to; near miss: the group counted
    ("她是全市培养的20名优秀干部之一。", "ACHIEVEMENT", []),
    ("全市培养20名优秀干部。", "ACHIEVEMENT", [("培养20名优秀干部", "achievement:clause")]),
    # the end of a plan's period frames an aim; near miss: the same figure reached
    ("规划期末园区工业总产值达80亿元。", "ACHIEVEMENT", []),
    ("去年园区工业总产值达80亿元。", "ACHIEVEMENT", [("园区工业总产值达80亿元", "achievement:clause")]),
    # crawled text's spaces between a figure and its unit; near misses: a head count, an area
    ("2018 年景区接待游客 108 万人次。", "ACHIEVEMENT", [("接待游客 108 万人次", "achievement:clause")]),
    ("支部现有党员 45 名。", "ACHIEVEMENT", []),
    ("全镇面积 69.8 平方公里。", "ACHIEVEMENT", []),
]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("text", "label", "expected"), CASES)
def test_pass11_achievement_rules(detector: Detector, text: str, label: str, expected: list[tuple[str, str]], width: str) -> None:
    assert found(detector, text, label, width) == [(written(span, width), rule) for span, rule in expected]
