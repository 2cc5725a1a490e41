"""Rules pass 15, TARGET (a pass that generalises: each rule finds missed gold spans, or refuses
false ones, in at least 3 dev articles from at least 2 source repositories, and costs no more
false candidates than it gains true ones; measured on every dev article, rules alone).

- a sum completed (财政收入完成…亿元, 完成投资…亿元) is a result, no budget plan, unless its own
  clause plans it; 超年度计划 is a plan exceeded, no future;
- a task clause in a paragraph of plans that opens on its verb (after adverbs of effort; also
  推动, 引导, 组织, 支持, 为 …) with a count right after it is an aim, whatever follows the count;
  not people counted, not a figure's name (总投资…), not a magnitude inside a name (百万…行动);
- a year made a deadline by 前 or by a modal (2030年前…实现, 2035年…要达到, 會於2030年達到)
  with a verb of reaching is a deadline wherever it stands in its clause;
- boundaries as the dev gold draws them: the span takes in what its count counts (新建8个智慧农业
  示范园), begins with the time of the plan that alone opens its clause (全年, 年度, 拟 …) and
  after the scope that opens it (全省…).

Written as new sentences in the style of the constructions, in both punctuation widths; every
positive case fails on the code before the pass."""

from __future__ import annotations

import pytest

from annotator.detect import Detector

from rule_cases import WIDTHS, found, shipped_detector, written  # tests/core is on sys.path


@pytest.fixture(scope="module")
def detector() -> Detector:
    return shipped_detector()


TASKS = ("今年要抓好数字化转型,推动35个县域产业集群、80家中小企业完成智能化改造,"
         "引导150家规上企业实施设备更新工程,重点支持12个县推进城乡物流一体化发展。")

CASES = [
    # a sum completed is a result: no budget plan (it was target:budget before the pass)
    ("全县生产总值增长6.5%;全部财政收入完成9.2亿元,一般公共预算收入完成5.1亿元。", "TARGET", []),
    ("投资运行稳中有进。286个省重点项目完成投资2600亿元、超年度计划25%。", "TARGET", []),
    # near miss: a sum whose own clause plans it stays a budget plan
    ("今年,全区将完成交通建设投资36亿元,开工建设一批重点项目。", "TARGET",
     [("将完成交通建设投资36亿元", "target:budget")]),
    # a task that opens on its verb, its count the object, whatever follows the count
    (TASKS, "TARGET",
     [("推动35个县域产业集群、80家中小企业完成智能化改造", "target:tasks"),
      ("引导150家规上企业实施设备更新工程", "target:tasks"),
      ("重点支持12个县推进城乡物流一体化发展", "target:tasks")]),
    ("今年要着力扩大消费。组织20个试点城市举办“消费季”专场活动,为600家左右乡镇卫生院配备远程诊疗设备。", "TARGET",
     [("组织20个试点城市举办“消费季”专场活动", "target:tasks"),
      ("为600家左右乡镇卫生院配备远程诊疗设备", "target:tasks")]),
    # near misses: people counted do the rest; a magnitude inside a name; the same tasks
    # reported done
    ("今年要深化基层治理,选派300名机关干部下沉社区开展服务,实施百万高校毕业生留乡返乡就业创业系列行动计划。", "TARGET", []),
    ("去年以来,该市推动35个县域产业集群、80家中小企业完成了智能化改造。", "TARGET", []),
    # a year made a deadline by 前 or a modal, with a verb of reaching
    ("按照规划,2030年前全市碳排放总量如期实现达峰,生态环境持续改善。", "TARGET",
     [("2030年前全市碳排放总量如期实现达峰", "target:deadline")]),
    ("专家测算,2035年全省要达到中等发达地区水平,这需要保持稳定增长。", "TARGET",
     [("2035年全省要达到中等发达地区水平", "target:deadline")]),
    ("特首重申承諾,會於2028年實現全線通車,以紓緩交通壓力。", "TARGET",
     [("會於2028年實現全線通車", "target:deadline")]),
    # near misses: a bare year with a verb reports; a year past looked back on
    ("2024年该县实现旅游收入近8亿元,游客人数再创新高。", "TARGET", []),
    ("截至2023年底前,全市已基本实现污水管网全覆盖。", "TARGET", []),
    # boundaries: the counted noun, the time of the plan, the scope
    ("力争新建8个智慧农业示范园。", "TARGET", [("力争新建8个智慧农业示范园", "target:clause")]),
    ("力争完成投资20亿元的目标。", "TARGET", [("力争完成投资20亿元", "target:clause")]),
    # near miss: an aim that opens on the commitment seeking it begins there, not at the time
    ("今年要加快项目建设,全年力争谋划储备重点项目80个以上。", "TARGET",
     [("力争谋划储备重点项目80个以上", "target:clause")]),
    ("今年主要预期目标是:全省地区生产总值增长5%左右,全年新增城镇就业45万人以上。", "TARGET",
     [("地区生产总值增长5%左右", "target:listed"), ("全年新增城镇就业45万人以上", "target:listed")]),
]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("text", "label", "expected"), CASES)
def test_pass15_target_rules(detector: Detector, text: str, label: str, expected: list[tuple[str, str]], width: str) -> None:
    assert found(detector, text, label, width) == [(written(span, width), rule) for span, rule in expected]


@pytest.mark.parametrize("width", WIDTHS)
def test_a_sum_completed_is_a_result(detector: Detector, width: str) -> None:
    """The completed sum the budget rule no longer claims is ACHIEVEMENT's."""
    text = "全县生产总值增长6.5%;全部财政收入完成9.2亿元,一般公共预算收入完成5.1亿元。"
    results = [span for span, _ in found(detector, text, "ACHIEVEMENT", width)]
    assert any(written("9.2亿元", width) in span for span in results)
