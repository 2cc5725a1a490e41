"""Rules pass 6 (issue 10, rules over the language and lexicons as data): designations of
studios, parks, zones and tasks; a title's rank in its list; awards named by scope and field;
aims headed 目标包括, aims a reported document sets, yields promised once a project is built,
plans that go on in a paragraph opening 同时; mottos kept apart from the objects of 推动; a
package of measures named by its count; a plan's make-up kept out of achievements. Each with
a made-up sentence (exact spans) and a near miss, in both punctuation widths."""

from __future__ import annotations

import pytest

from annotator.detect import Detector

from rule_cases import WIDTHS, found, shipped_detector, written  # tests/core is on sys.path


@pytest.fixture(scope="module")
def detector() -> Detector:
    return shipped_detector()


# (sentence, label, expected (span, rule) pairs); a near miss expects [].
CASES = [
    # HONOUR: scoped designations with the new heads (工作室, 产业园, 试点任务)
    ("该镇去年新认定省级非遗传承工作室3个。", "HONOUR", [("省级非遗传承工作室", "honour:title")]),
    ("他所在的工作室搬进了新楼。", "HONOUR", []),
    # a description before the conferred title (…唯一的) and brackets inside a name
    ("开发区先后获批中部地区唯一的国家级新材料产业园、国家火炬计划特色产业（新型储能）基地。", "HONOUR",
     [("国家级新材料产业园", "honour:conferred"), ("国家火炬计划特色产业（新型储能）基地", "honour:conferred")]),
    ("开发区先后获批3个项目,总投资12亿元。", "HONOUR", []),
    # a title's rank in its list, then the next title
    ("该区跻身全国综合实力百强区第九位、科技创新百强区第十二位。", "HONOUR",
     [("全国综合实力百强区", "honour:conferred"), ("科技创新百强区", "honour:conferred")]),
    ("该县在全市排名第九位、第十名。", "HONOUR", []),
    # an award named by its scope and field, with no verb and no quotes
    ("近日,首届湖南农业科技奖颁奖大会召开,江西新闻奖同期揭晓。", "HONOUR",
     [("湖南农业科技奖", "honour:title"), ("江西新闻奖", "honour:title")]),
    ("该县发放种粮奖补资金300万元,兑现科技奖励50万元。", "HONOUR", []),
    # a task won by applying for it; a quoted title topped
    ("该区成功申报国家城市更新专项试点任务,位居“全国营商环境创新试点优秀城市”榜首。", "HONOUR",
     [("国家城市更新专项试点任务", "honour:conferred"), ("全国营商环境创新试点优秀城市", "honour:conferred")]),
    ("该区成功申报专项资金200万元,位居全省前列。", "HONOUR", []),
    # TARGET: an aims heading with 包括
    ("规划确定的主要目标包括:到2030年,全省森林覆盖率达到65%以上,湿地保护率稳定在55%左右。", "TARGET",
     [("森林覆盖率达到65%以上", "target:listed"), ("湿地保护率稳定在55%左右", "target:listed")]),
    ("目标包括提高农民收入。", "TARGET", []),
    # aims a reported document sets; near miss: a report of last year's figures
    ("今年的市政府工作报告提出,全市2030年粮食产量增长3%。", "TARGET", [("全市2030年粮食产量增长3%", "target:governed")]),
    ("媒体报道提出,全市去年粮食产量增长了3%。", "TARGET", []),
    # a yield promised once a project is built, in its clause or the next
    ("项目建成投产后可年产光伏组件120万片。", "TARGET", [("项目建成投产后可年产光伏组件120万片", "target:projection")]),
    ("铁路建成通车后,年运送旅客可达300万人次。", "TARGET", [("年运送旅客可达300万人次", "target:projection")]),
    ("去年建成投产后,该厂年产光伏组件120万片。", "TARGET", []),
    # SLOGAN: parallel phrases that are the objects of 推动 are a task, not a motto
    ("全力推动老旧厂房加快改造、闲置土地有效盘活、低效园区提档升级。", "SLOGAN", []),
    # a same-opening chain opens on a word boundary (强链补链延链 is no chain of 链…)
    ("坚持强链补链延链,开展大学习大讨论大调研。", "SLOGAN", [("大学习大讨论大调研", "slogan:compact")]),
    # a quoted package of measures named by its count, and its echo
    ("《关于支持民营经济发展的若干措施》(简称“民营八条”)印发,“民营八条”明确了各项支持。", "SLOGAN",
     [("民营八条", "slogan:numbered"), ("民营八条", "slogan:numbered")]),
    ("他说店里的“牛肉面条”很好吃。", "SLOGAN", []),
    # ACHIEVEMENT: a plan's make-up is not a share reached; a share reached still is
    ("现代产业类项目120个,个数占比30.5%,投资占比25.1%。", "ACHIEVEMENT", []),
    ("全县工业产值占GDP比重达46%。", "ACHIEVEMENT", [("全县工业产值占GDP比重达46%", "achievement:share")]),
]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("text", "label", "expected"), CASES)
def test_pass6_rules(detector: Detector, text: str, label: str, expected: list[tuple[str, str]], width: str) -> None:
    assert found(detector, text, label, width) == [(written(span, width), rule) for span, rule in expected]


PLANS_THEN_GOING_ON = (
    "县里还将全力推动重点项目建设,加大工业投资力度,全年工业投资增长10%以上,固定资产投资稳步回升。\n"
    "{opening}着力扩大有效投资和市场主体规模,新增规上企业50家,新增市场主体3000户以上。"
)


@pytest.mark.parametrize("width", WIDTHS)
def test_a_paragraph_opening_with_tongshi_goes_on_with_the_plans(detector: Detector, width: str) -> None:
    """A paragraph that opens 同时, after a paragraph of plans, states aims (target:tasks);
    the same paragraph with no such opening reports nothing aimed."""
    going_on = found(detector, PLANS_THEN_GOING_ON.format(opening="同时,"), "TARGET", width)
    assert (written("新增规上企业50家", width), "target:tasks") in going_on
    assert (written("新增市场主体3000户以上", width), "target:tasks") in going_on
    alone = found(detector, PLANS_THEN_GOING_ON.format(opening="去年,"), "TARGET", width)
    assert not any("规上企业" in span for span, _ in alone)
