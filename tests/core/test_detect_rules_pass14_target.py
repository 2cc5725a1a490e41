"""Rules pass 14, TARGET (issue 10; tuned on v01-v12 (/work/exp/b_v2), checked on d*, k*, l*,
q*, r*, t* and every other dev article): the end of a five-year plan as the horizon of aims
(目标到“十五五”末，…), an aim voiced as a hope in quoted speech (“期待到2030年，…”某某说),
a rank a plan pushes toward (推动…跻身全国第一方阵), 力争实现…“零的突破”, and a figure set as
the aim (定下…的绩效计划). The horizon is the frame ACHIEVEMENT reads too: what falls under it
is no result. Each rule with a near miss, in both punctuation widths; every positive case
fails on the code before the pass."""

from __future__ import annotations

import pytest

from annotator.detect import Detector

from rule_cases import WIDTHS, found, shipped_detector, written  # tests/core is on sys.path


@pytest.fixture(scope="module")
def detector() -> Detector:
    return shipped_detector()


PLAN_END = "目标到“十五五”末,全县技术合同成交额突破80亿元,规上企业研发机构覆盖率提高到60%以上。"
HOPE = "“期待到2030年,累计培育省级专精特新企业120家以上,高新技术企业达到900家。”局长李明说。"

CASES = [
    # the end of a five-year plan is a horizon like a year ahead: the clauses after it are aims
    (PLAN_END, "TARGET",
     [("技术合同成交额突破80亿元", "target:governed"), ("规上企业研发机构覆盖率提高到60%以上", "target:governed")]),
    # 目标 before the year ahead, like 目标是
    ("目标到2030年,全市新能源汽车产量达到30万辆。", "TARGET", [("新能源汽车产量达到30万辆", "target:governed")]),
    # near miss: the period named without its end (…时期) sets no horizon, and a past figure
    # under a plan's end looks back (截至…)
    ("“十四五”时期,全县技术合同成交额突破80亿元。", "TARGET", []),
    ("到“十四五”末,截至目前全县技术合同成交额已突破80亿元。", "TARGET", []),
    # a hope in quoted speech names a year ahead: 累计 is the aim's total
    (HOPE, "TARGET",
     [("累计培育省级专精特新企业120家以上", "target:governed"), ("高新技术企业达到900家", "target:governed")]),
    # near miss: the same figures reported as reached
    ("“到去年底,累计培育省级专精特新企业120家,高新技术企业达到900家。”局长李明说。", "TARGET", []),
    # a rank a plan pushes toward
    ("聚焦关键核心技术攻关,推动全省数字经济综合实力跻身全国第一方阵。", "TARGET",
     [("推动全省数字经济综合实力跻身全国第一方阵", "target:clause")]),
    # near misses: the rank reached (已跻身), and a push toward a direction with no rank
    ("经过多年努力,推动全省数字经济综合实力已跻身全国第一方阵。", "TARGET", []),
    ("推动全省制造业向高端化迈进。", "TARGET", []),
    # 零的突破 under a commitment: a first one to reach
    ("启动专项行动,力争实现国家级工业设计中心“零的突破”。", "TARGET",
     [("力争实现国家级工业设计中心“零的突破”", "target:clause")]),
    # near miss: the same reported as reached
    ("去年全区国家级工业设计中心实现“零的突破”。", "TARGET", []),
    # a figure set as the aim, with the plan it sets named after it
    ("他主动认领改造任务,定下2个月改造36户危房的工作计划。", "TARGET", [("定下2个月改造36户", "target:clause")]),
    # near miss: a figure of what was done, no plan named after it
    ("他主动认领改造任务,两个月改造36户危房。", "TARGET", []),
]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("text", "label", "expected"), CASES)
def test_pass14_target_rules(detector: Detector, text: str, label: str, expected: list[tuple[str, str]], width: str) -> None:
    got = found(detector, text, label, width)
    assert sorted(got) == sorted((written(span, width), rule) for span, rule in expected)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("text", [PLAN_END, HOPE])
def test_aims_under_a_plan_end_or_a_hope_are_no_results(detector: Detector, text: str, width: str) -> None:
    """What is aimed at by a plan's end or hoped for by a year ahead is not a result."""
    assert found(detector, text, "ACHIEVEMENT", width) == []
