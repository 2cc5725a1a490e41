"""Rules pass 11 for HONOUR (issue 10; tuned on the f*, o*, k* and e* articles — provincial
work reports, city features, culture and tourism honours — and checked on d*+i* and every other
dev article): levels a zone is raised to (晋级省级开发区) and heads that are a kind of place only
after such a verb; a year after the verb; what is no province scope (整省, 省域); a scoped pilot
that is run, a pilot's task, a scope after 具有; quoted names in a verb's list, quoted names
from a scope to a head, A级景区 with no count of A; cups and awards that name a contest or a
festival; levels joined before one title; a level and kind ranked in (…前列); 作为 + a scoped
title; a head followed by the kind of unit that holds it (示范乡镇, 模范集体); a quoted name
that is only part of a longer title; a giver and its own verb inside what follows another verb;
a level between a designating word and a quoted class of enterprise; 有 before 中国 as a scope;
a level and a kind created by quota (创建省级特色高中30所);
and the genre's verbs and heads added to the lexicons (确定为, 表彰为, 评选出; 奖状, 文明家庭,
非遗项目 …). Each with a near miss, in both punctuation widths."""

from __future__ import annotations

import pytest

from annotator.detect import Detector

from rule_cases import WIDTHS, found, shipped_detector, written  # tests/core is on sys.path


@pytest.fixture(scope="module")
def detector() -> Detector:
    return shipped_detector()


CASES = [
    # a zone raised to a level by a verb; with no verb, a zone's level is its kind
    ("该园区2020年晋级省级开发区,规划面积12平方公里。", [("省级开发区", "honour:conferred")]),
    ("园区是国家级经济技术开发区,企业众多。", []),
    # a resort's national grade sought by a drive; a resort built is no title
    ("该地推进温泉旅游度假区创建国家级旅游度假区,完成资源普查。", [("国家级旅游度假区", "honour:conferred")]),
    ("建设旅游度假区,完善配套。", []),
    # an award of inspection (督查激励) and a quoted name in the same list
    ("越城区先后获得浙江省大力发展数字经济成效明显督查激励、“浙江制造天工鼎”等。",
     [("浙江省大力发展数字经济成效明显督查激励", "honour:conferred"), ("浙江制造天工鼎", "honour:conferred")]),
    # near miss: a quoted name in the list that a noun goes on from is no title
    ("获得浙江省文明城市、“三服务”活动好评。", [("浙江省文明城市", "honour:conferred")]),
    # a year between the verb and the list it selects into
    ("线路成功入选2024年全国乡村旅游精品线路,游客增多。", [("全国乡村旅游精品线路", "honour:conferred")]),
    ("入选2024年以来,游客增多。", []),
    # no province scope: 整省, 省域 (a near miss for the head 中心城市 below); pilots run in a
    # scope, a pilot's task done, a quality's reach
    ("全面开展第二轮土地承包到期后再延长三十年整省试点。", []),
    ("加快曲靖省域副中心城市建设,推进工业协同。", []),
    ("衡阳市财政局在全省率先启动协助用餐用车费用公对公支付试点。", []),
    ("完成国家级二轮土地延包整县试点任务。", []),
    ("建成具有全国影响力的产业创新中心。", []),
    # a quoted name from a scope to a head, short heads too
    ("新民大街是吉林省首条“中国历史文化名街”,两侧文物众多。", [("中国历史文化名街", "honour:quoted")]),
    ("“中国好人”累计达205人,位居前列。", [("中国好人", "honour:quoted")]),
    ("推进“全国一张网”建设。", []),
    # A级旅游景区 with no count of A before it; near miss: a grade and above
    ("全市51个A级旅游景区接待游客2894万人次。", [("A级旅游景区", "honour:class")]),
    ("全市有3A级以上景区12家。", []),
    # a cup naming a contest further on, an award naming a festival; a cup won still counts
    ("2025“海口杯”端午国际龙舟邀请赛在海口举行。", []),
    ("第二届“梨花奖”艺术月成功举办。", []),
    ("捧得“金牛杯”,随后参加全国赛。", [("金牛杯", "honour:quoted")]),
    # levels joined before one title; near miss: levels of funds
    ("申报国家级、省级乡村旅游重点村镇;实施文物保护。", [("国家级、省级乡村旅游重点村镇", "honour:conferred")]),
    ("申报国家级、省级资金;实施文物保护。", []),
    # a level and a kind of place ranked in (开发区 is a head now); near miss: a title ranked in
    # keeps its title
    ("力争跻身吉林省省级开发区前列。", []),
    ("跻身全国百强县前列。", [("全国百强县", "honour:conferred")]),
    # 作为 + a scoped title filling the clause; near misses: no head, a description
    ("作为浙江省商贸强区,拱墅区聚焦商圈治理。", [("浙江省商贸强区", "honour:title")]),
    ("作为全国人大代表,他提出建议。", []),
    ("作为全省重点工作的示范,各地学习。", []),
    # 中心城市 with a scope; near miss: without one
    ("广州市作为国家中心城市,生态环境质量持续改善。", [("国家中心城市", "honour:title")]),
    ("打造区域中心城市,完善功能。", []),
    # verbs 确定为, 表彰为; a head followed by the kind of unit that holds it
    ("该村被确定为全国乡村治理示范乡镇。", [("全国乡村治理示范乡镇", "honour:conferred")]),
    ("确定为重点工作。", []),
    ("被国务院表彰为全国民族团结进步模范集体。", [("全国民族团结进步模范集体", "honour:conferred")]),
    ("该社区被评为省级示范社区,居民满意。", [("省级示范社区", "honour:conferred")]),
    # heads of the genre; near miss: a head of it said of a person with no verb
    ("该品牌被认定为中华老字号。", [("中华老字号", "honour:conferred")]),
    ("他是国家级非物质文化遗产代表性传承人,带徒授艺。", [("国家级非物质文化遗产代表性传承人", "honour:title")]),
    ("公司荣获全国五一劳动奖状。", [("全国五一劳动奖状", "honour:conferred")]),
    ("他是村里的致富能手,带动乡亲。", []),
    # a quoted name that is part of a longer title; near miss: a quoted title on its own
    ("该街道荣获全国“万企兴万村”行动先进民营企业称号。",
     [("全国“万企兴万村”行动先进民营企业", "honour:conferred")]),
    ("被评为省级“洁净城市”。", [("洁净城市", "honour:conferred")]),
    # a giver and its verb after another verb: the title after the giver's verb
    ("他获特区政府颁授金紫荆星章。", [("金紫荆星章", "honour:conferred")]),
    # 评选出; near miss: a whole quote before the plaque that bears it is still the title,
    # without its marks
    ("评选出“十佳文明家庭”20户。", [("十佳文明家庭", "honour:conferred")]),
    ("该村被授予“全国民主法治示范村”牌匾。", [("全国民主法治示范村", "honour:conferred")]),
    # a level between the designating word and a quoted class of enterprise; near miss: an idea
    ("全省已培育省级“专精特新”企业320家。", [("专精特新", "honour:class")]),
    ("培育“专精特新”理念。", []),
    # heritage items with a level; 中国 after 有 as a scope; near miss: 中国 in a phrase
    ("全县拥有国家级非遗项目3项、省级非遗项目12项。",
     [("国家级非遗项目", "honour:title"), ("省级非遗项目", "honour:title")]),
    ("现有中国传统村落8个,保护良好。", [("中国传统村落", "honour:title")]),
    ("拥有中国特色社会主义制度优势。", []),
    # a level and a kind a drive creates by quota, no head; near miss: no level
    ("创建省级特色高中30所,打造一批产教融合载体。", [("省级特色高中", "honour:conferred")]),
    ("创建高中30所,扩大学位。", []),
    # 全省 between the verb and a quoted title
    ("该县连续五年被评为全省“平安县”。", [("平安县", "honour:conferred")]),
]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("text", "expected"), CASES)
def test_pass11_honour_rules(detector: Detector, text: str, expected: list[tuple[str, str]], width: str) -> None:
    assert found(detector, text, "HONOUR", width) == [(written(span, width), rule) for span, rule in expected]
