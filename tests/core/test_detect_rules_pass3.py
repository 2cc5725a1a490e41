"""Rules pass 3 (issue 10, rules that generalise): each new rule or word class with a made-up
sentence (exact spans) and a near miss that must not fire, in both punctuation widths."""

from __future__ import annotations

import pytest

from annotator.detect import Detector

from rule_cases import WIDTHS, found, shipped_detector, written  # tests/core is on sys.path


@pytest.fixture(scope="module")
def detector() -> Detector:
    return shipped_detector()


# (sentence, label, expected (span, rule) pairs); a near miss expects [].
CASES = [
    # honour_heads: designations (重点镇, 风景名胜区, 名镇), 中国 as a scope, a list joined by 和
    ("该镇先后被评为全国重点镇、国家级风景名胜区和中国历史文化名镇。", "HONOUR", [
        ("全国重点镇", "honour:conferred"), ("国家级风景名胜区", "honour:conferred"), ("中国历史文化名镇", "honour:conferred"),
    ]),
    # a scoped designation without a verb, closed by 建设 or 为 (基地, 试点 as short heads)
    ("推进燕下都国家考古遗址公园建设,以国家文化和旅游消费试点为契机。", "HONOUR", [
        ("国家考古遗址公园", "honour:title"), ("国家文化和旅游消费试点", "honour:title"),
    ]),
    ("以省级县城建设样板培育县为抓手,推进各项工作。", "HONOUR", [("省级县城建设样板培育县", "honour:title")]),
    # near misses: 中国 inside a word (美丽中国), building up a base, a tally of titles
    ("以共建美丽中国先行区为牵引。", "HONOUR", []),
    ("不断提升国家重要粮食生产基地建设水平。", "HONOUR", []),
    ("全年争创国家数字资产评估等29个国家级示范试点。", "HONOUR", []),
    # a quoted title after a conferring verb (with a scope between), or named an honour
    ("去年该村被市农业农村局评为省级“美丽庭院”。", "HONOUR", [("美丽庭院", "honour:conferred")]),
    ("该企业荣膺行业最高荣誉“金鼎奖”。", "HONOUR", [("金鼎奖", "honour:conferred")]),
    ("全县涌现出“最美乡村教师”“新时代好少年”等一批先进典型。", "HONOUR", [
        ("最美乡村教师", "honour:quoted"), ("新时代好少年", "honour:quoted"),
    ]),
    # quoted titles joined by 和 after the verb: each without its quotes; a count closes a title
    ("县纪委每季度评选“作风建设先锋单位”和“作风建设后进单位”。", "HONOUR", [
        ("作风建设先锋单位", "honour:conferred"), ("作风建设后进单位", "honour:conferred"),
    ]),
    ("新创建省级美丽乡村示范村15个。", "HONOUR", [("省级美丽乡村示范村", "honour:conferred")]),
    # near misses: a brand a place is built into; a quoted numbered formulation after 列为;
    # quotes summed up as no honour
    ("着力打造全国新型材料创新基地。", "HONOUR", []),
    ("去年该村被列为“三大重点工程”。", "HONOUR", []),
    ("全县推广“村民说事”“积分超市”等一批好做法。", "HONOUR", []),
    # honour_classes: an enterprise class before 企业 / 培育库, without quotes and 企业
    ("扶持壮大“瞪羚”企业,建立单项冠军培育库。", "HONOUR", [("瞪羚", "honour:class"), ("单项冠军", "honour:class")]),
    ("这位企业家是行业的单项冠军。", "HONOUR", []),
    # graded classes: A类县, graded firms, nA景区 with 国家级
    ("支持C类县争先进位,争创国家级5A景区。", "HONOUR", [("C类县", "honour:class"), ("国家级5A景区", "honour:class")]),
    ("大力推进重点行业绩效分级A级、B级企业建设。", "HONOUR", [("绩效分级A级、B级企业", "honour:class")]),
    ("这条A级公路全长20公里。", "HONOUR", []),
    # target:tasks: clauses ending on a quantity in a paragraph of plans
    ("今年要持续抓好农业生产,力争粮食总产稳定在50万吨以上。新建冷链仓储中心3个,培育家庭农场120家。", "TARGET", [
        ("力争粮食总产稳定在50万吨以上", "target:clause"), ("新建冷链仓储中心3个", "target:tasks"),
        ("培育家庭农场120家", "target:tasks"),
    ]),
    # near misses: the same clauses in a paragraph that looks back; a year's topic; a hypothesis
    ("去年我们持续抓好农业生产,粮食总产稳定在50万吨以上。新建冷链仓储中心3个,培育家庭农场120家。", "TARGET", []),
    ("今年要持续抓好农业生产,力争粮食总产稳定在50万吨以上。2023年,全县新建冷链仓储中心3个。", "TARGET", [
        ("力争粮食总产稳定在50万吨以上", "target:clause"),
    ]),
    ("今年要持续抓好招商引资工作,推动签约项目落地见效。一旦引进龙头企业,就有80%的配套企业跟进。", "TARGET", []),
    # a numbered task paragraph in bare imperatives is a paragraph of plans; near misses: quoted
    # speech with 要 plans nothing; a quantity without a verb before it is a subject
    ("（三）聚力创新驱动发展,推动产业转型升级。做强创新平台,培育市级以上创新平台114家,新建重点实验室10家,"
     "实施科技成果转化行动,深化产学研合作机制,完善人才引育政策体系,营造尊重知识、尊重人才的良好创新生态。", "TARGET", [
        ("培育市级以上创新平台114家", "target:tasks"), ("新建重点实验室10家", "target:tasks"),
    ]),
    ("县委书记说:“招商要看项目能不能补链强链。”一季度,全县赴外招商52批次,新引进企业9家。", "TARGET", []),
    ("今年要抓好各项工作。全县十项重点工作、10件民生实事,将通过“三统筹”活动来统领。", "TARGET", []),
    # an aims heading whose sentence looked at the situation first (情况 before the heading's clause)
    ("研究分析了各方面情况,我们确定了今年的主要预期目标:地区生产总值增长6%;一般公共预算收入增长5%。", "TARGET", [
        ("地区生产总值增长6%", "target:listed"), ("一般公共预算收入增长5%", "target:listed"),
    ]),
    ("目标完成情况:地区生产总值增长6%。", "TARGET", []),
    # ACHIEVEMENT: a bare rank closing its clause; a place's description is no result
    ("该县粮食产量连续五年全省第一,农产品出口额全市第二。", "ACHIEVEMENT", [
        ("该县粮食产量连续五年全省第一", "achievement:rank"), ("农产品出口额全市第二", "achievement:rank"),
    ]),
    ("力争年内全县粮食产量全省第一。", "ACHIEVEMENT", []),
    ("该镇面积98平方公里,总人口3.2万人,去年接待游客56万人次。", "ACHIEVEMENT", [
        ("接待游客56万人次", "achievement:clause"),
    ]),
    ("今年新增耕地面积500亩。", "ACHIEVEMENT", [("新增耕地面积500亩", "achievement:clause")]),
    # SLOGAN cues: 以“…”的担当, 紧紧围绕“…”; near misses: a quoted question, quoted speech
    ("全镇上下以“马上就办”的担当推进改革,紧紧围绕“产业兴县”谋发展。", "SLOGAN", [
        ("马上就办", "slogan:quoted"), ("产业兴县", "slogan:quoted"),
    ]),
    ("会上大家围绕“我们能为群众做什么”展开讨论。", "SLOGAN", []),
    ("他说:“原本要跑三个部门的事,现在一个窗口就办完了,真是方便多了。”", "SLOGAN", []),
]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("text", "label", "expected"), CASES)
def test_pass3_rules(detector: Detector, text: str, label: str, expected: list[tuple[str, str]], width: str) -> None:
    assert found(detector, text, label, width) == [(written(span, width), rule) for span, rule in expected]


def test_traditional_designations(detector: Detector) -> None:
    """Traditional characters: the same rules, spans on the original characters."""
    text = "該鎮先後被評為全國重點鎮,扶持壯大“瞪羚”企業。"
    assert found(detector, text, "HONOUR", "ascii") == [("全國重點鎮", "honour:conferred"), ("瞪羚", "honour:class")]
