"""Rules pass 8 (issue 10; tuned on the k* articles, checked on every other dev article): a
figure is an aim or a result by the sentence that frames it. A list announced by a plan
(…将办好15件民生实事，包括：…；…) holds aims, whatever its items' verbs (累计建成 too); a
clause naming only a year ahead (力争到2030年，…) makes the rest of its sentence aims, but a
bare 到2019年底 in a sentence that looks back does not; a completion still to come with its
date (计划今年开工建设, 年底前将全部完工) is a deadline; 需 is a modal of requirement
(今年需完成投资22亿元); under a heading of plans (二、2026年工作安排, “十五五”时期的主要目标任务),
up to a heading of results, a sentence that looks back at nothing is a plan and its figures
aims. Each with a near miss, in both punctuation widths."""

from __future__ import annotations

import pytest

from annotator.detect import Detector

from rule_cases import WIDTHS, found, shipped_detector, written  # tests/core is on sys.path


@pytest.fixture(scope="module")
def detector() -> Detector:
    return shipped_detector()


CASES = [
    # a list announced by a plan: its items are aims, 累计建成 included, none a result
    ("今年,我们将接续办好15件民生实事,包括:完成老旧小区改造600个;累计建成新就业群体友好阵地7000个以上。", "TARGET",
     [("我们将接续办好15件民生实事", "target:governed"), ("完成老旧小区改造600个", "target:listed"),
      ("累计建成新就业群体友好阵地7000个以上", "target:listed")]),
    ("今年,我们将接续办好15件民生实事,包括:完成老旧小区改造600个;累计建成新就业群体友好阵地7000个以上。", "ACHIEVEMENT", []),
    # near miss: the same list reported done is results
    ("去年,我们办好了15件民生实事,包括:完成老旧小区改造600个;累计建成新就业群体友好阵地7000个以上。", "TARGET", []),
    ("去年,我们办好了15件民生实事,包括:完成老旧小区改造600个;累计建成新就业群体友好阵地7000个以上。", "ACHIEVEMENT",
     [("完成老旧小区改造600个", "achievement:clause"), ("累计建成新就业群体友好阵地7000个以上", "achievement:clause")]),
    # a year ahead governs its sentence
    ("力争到2030年,全市地区生产总值迈上4万亿元新台阶,人均地区生产总值达到14万元。", "TARGET",
     [("地区生产总值迈上4万亿元新台阶", "target:governed"), ("人均地区生产总值达到14万元", "target:governed")]),
    ("力争到2030年,全市地区生产总值迈上4万亿元新台阶,人均地区生产总值达到14万元。", "ACHIEVEMENT", []),
    ("到2015年,公路通车里程达到16869公里。", "TARGET", [("公路通车里程达到16869公里", "target:governed")]),
    # near miss: a bare year in a sentence that looks back is a point in the past
    ("到2019年底,全国还有52个贫困县没有摘帽,截至目前,这52个贫困县已经全部脱贫摘帽。", "TARGET", []),
    ("到2019年底,全国还有52个贫困县没有摘帽,截至目前,这52个贫困县已经全部脱贫摘帽。", "ACHIEVEMENT",
     [("这52个贫困县已经全部脱贫摘帽", "achievement:clause")]),
    # completions still to come, with their dates
    ("该项目计划今年开工建设,预计2011年底竣工试生产,年底前将全部完工。", "TARGET",
     [("计划今年开工建设", "target:deadline"), ("预计2011年底竣工试生产", "target:deadline"),
      ("年底前将全部完工", "target:deadline")]),
    # near misses: a completion reported, and a plan word with no date
    ("该项目去年已开工建设,今年3月竣工。", "TARGET", []),
    ("该项目将加快开工建设。", "TARGET", []),
    # 需: a requirement to reach a quantity; 所需 is what something costs
    ("市交通局今年需完成投资22亿元。", "TARGET", [("市交通局今年需完成投资22亿元", "target:budget")]),
    ("余梁公路全长10.9公里,需完成投资6.7亿元。", "TARGET", [("需完成投资6.7亿元", "target:governed")]),
    ("该项目所需资金3亿元。", "TARGET", []),
    # under a heading of plans, a task with its figure is an aim, its object after the figure too
    ("二、2026年工作安排\n扎实办好民生实事。建设100个中小学校冰雪运动训练室（场）。农村劳动力转移就业240万人。\n", "TARGET",
     [("建设100个中小学校冰雪运动训练室（场）", "target:tasks"), ("农村劳动力转移就业240万人", "target:tasks")]),
    ("二、2026年工作安排\n扎实办好民生实事。建设100个中小学校冰雪运动训练室（场）。农村劳动力转移就业240万人。\n", "ACHIEVEMENT", []),
    # near miss: the same under a heading of results
    ("一、2025年工作回顾\n扎实办好民生实事。建设100个中小学校冰雪运动训练室（场）。农村劳动力转移就业240万人。\n", "TARGET", []),
    # a heading of results closes the part of plans
    ("“十五五”时期的主要目标任务\n一是高质量发展水平明显提升。全省地区生产总值年均增长5%以上。\n“十四五”时期工作回顾\n全省地区生产总值年均增长6%。\n",
     "TARGET", [("地区生产总值年均增长5%以上", "target:tasks")]),
    ("“十五五”时期的主要目标任务\n一是高质量发展水平明显提升。全省地区生产总值年均增长5%以上。\n“十四五”时期工作回顾\n全省地区生产总值年均增长6%。\n",
     "ACHIEVEMENT", [("全省地区生产总值年均增长6%", "achievement:clause")]),
]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("text", "label", "expected"), CASES)
def test_pass8_rules(detector: Detector, text: str, label: str, expected: list[tuple[str, str]], width: str) -> None:
    assert found(detector, text, label, width) == [(written(span, width), rule) for span, rule in expected]
