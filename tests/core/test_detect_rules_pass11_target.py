"""Rules pass 11, TARGET (issue 10; tuned on the k*, d*, o* and h* articles, checked on l* and i*
and every other dev article): what a commitment governs past its own clause — a series of
aims, a period or a year ahead, levels and ranks to reach, deadlines by a year or a season.
Each rule with a near miss, in both punctuation widths; every positive case fails on the code
before the pass."""

from __future__ import annotations

import pytest

from annotator.detect import Detector

from rule_cases import WIDTHS, found, shipped_detector, written  # tests/core is on sys.path


@pytest.fixture(scope="module")
def detector() -> Detector:
    return shipped_detector()


PLANS = "今年要加快农业发展。"  # a sentence that makes the paragraph one of plans

CASES = [
    # a period of effort a commitment gives itself governs the clauses after it
    ("力争通过3年努力,培育上市企业10家以上,年收入超百亿元企业8家。", "TARGET",
     [("培育上市企业10家以上", "target:governed"), ("年收入超百亿元企业8家", "target:governed")]),
    # near miss: 经过 three years, with nothing committed, looks back
    ("该市经过3年努力,培育上市企业10家,年收入超百亿元企业8家。", "TARGET", []),
    # a year-on-year growth with the hedge of an aim, under a commitment, is an aim
    ("力争打造5个千亿级开发区,全市开发区营业收入同比增长15%以上。", "TARGET",
     [("力争打造5个千亿级开发区", "target:clause"), ("开发区营业收入同比增长15%以上", "target:governed")]),
    # near miss: the exact growth reported
    ("力争打造5个千亿级开发区,全市开发区营业收入同比增长15.3%。", "TARGET", [("力争打造5个千亿级开发区", "target:clause")]),
    # under a year ahead, 累计 is the aim's total
    ("计划到2025年底,累计建成4个生活服务圈。", "TARGET", [("累计建成4个生活服务圈", "target:governed")]),
    # near miss: a year named with nothing planned, 累计 looks back
    ("到2020年底,累计建成4个生活服务圈。", "TARGET", []),
    # levels and ranks to reach by a year ahead
    ("力争到2030年,全体居民人均可支配收入达到全国平均水平,城乡居民收入比缩小至2.1∶1左右,主要健康指标居全国前列。", "TARGET",
     [("全体居民人均可支配收入达到全国平均水平", "target:governed"), ("城乡居民收入比缩小至2.1∶1左右", "target:governed"),
      ("主要健康指标居全国前列", "target:governed")]),
    # near misses: the same levels reached; a rank under a commitment with no time ahead (争取 obtained)
    ("去年,全体居民人均可支配收入达到全国平均水平,主要健康指标居全国前列。", "TARGET", []),
    ("争取专项债项目400个以上,均为全省第一。", "TARGET", [("争取专项债项目400个以上", "target:clause")]),
    # a year right after a strong commitment, or a year ahead opening a completion, is a deadline
    ("确保2020年全部稳定脱贫。", "TARGET", [("确保2020年全部稳定脱贫", "target:deadline")]),
    ("到2020年如期完成脱贫任务,是党中央作出的庄严承诺。", "TARGET", [("到2020年如期完成脱贫任务", "target:deadline")]),
    # near misses: nothing reached by the year; the completion reported done
    ("确保2020年全年安全生产。", "TARGET", []),
    ("到2020年已完成脱贫任务,是全县干部的功劳。", "TARGET", []),
    # a season's deadline after a commitment
    ("做好12179户重建任务,确保入冬前完成。", "TARGET", [("确保入冬前完成", "target:deadline")]),
    ("做好12179户重建任务,入冬前已完成。", "TARGET", []),
    # a year opening a completion right after a deadline is the next step of the plan
    ("该工程计划今年开工建设,2013年建成通车。", "TARGET",
     [("计划今年开工建设", "target:deadline"), ("2013年建成通车", "target:deadline")]),
    ("该工程去年开工建设,2013年建成通车。", "TARGET", []),
    # an acceptance to pass by a date still to come
    ("年底通过创新型城市建设验收。", "TARGET", [("年底通过创新型城市建设验收", "target:deadline")]),
    ("去年通过创新型城市建设验收。", "TARGET", []),
    # a count before a plan word of completion is its subject: the clause is a deadline
    ("海淀北部15个重大产业项目今年将陆续开工建设。", "TARGET", [("今年将陆续开工建设", "target:deadline")]),
    ("海淀北部15个重大产业项目去年陆续开工建设。", "TARGET", []),
    # a forecast after a completion still to come, or one that 可形成 a figure, is a projection
    ("项目建成后,预计年产医疗设备20000台。", "TARGET", [("预计年产医疗设备20000台", "target:projection")]),
    ("去年项目建成后,预计年产医疗设备20000台。", "TARGET", []),
    ("预计每年可形成销售额2亿元左右。", "TARGET", [("预计每年可形成销售额2亿元左右", "target:projection")]),
    ("去年形成销售额2亿元左右。", "TARGET", []),
    # the next item of a series of aims, its verb shared
    (PLANS + "启动大数据中心建设,创建省级示范区3个,市级示范区6个。", "TARGET",
     [("创建省级示范区3个", "target:tasks"), ("市级示范区6个", "target:series")]),
    # near miss: a share of the whole before it is no new aim
    (PLANS + "启动大数据中心建设,创建省级示范区3个,其中两类各占50%。", "TARGET", [("创建省级示范区3个", "target:tasks")]),
    # 安排 is a verb a task is set with
    (PLANS + "持续推进重点项目倍增计划,安排市以上重点项目599项。", "TARGET", [("安排市以上重点项目599项", "target:tasks")]),
    ("去年持续推进重点项目倍增计划,安排了市以上重点项目599项。", "TARGET", []),
    # an assessment of results still to make (成效评估) reports nothing done: the paragraph plans
    (PLANS + "推进生态保护修复成效评估。新增水土流失治理面积5260平方公里。", "TARGET",
     [("新增水土流失治理面积5260平方公里", "target:tasks")]),
    # near miss: results won (取得明显成效) make it a paragraph that looks back
    (PLANS + "生态保护修复取得明显成效。新增水土流失治理面积5260平方公里。", "TARGET", []),
    # a hedged year-on-year growth among plans is no look back either
    ("要加快产业数字化,全市开发区营业收入同比增长15%以上。打造5至10家数字工厂。", "TARGET", [("打造5至10家数字工厂", "target:tasks")]),
    # near miss: the exact growth reported
    ("要加快产业数字化,全市开发区营业收入同比增长15.3%。打造5至10家数字工厂。", "TARGET", []),
    # a number inside a quoted name is no task's figure
    ("今年要加快推进乡村全面振兴,促进城乡融合发展。务实推进“万企兴万村”。", "TARGET", []),
    # near miss: the task's own figure after the name
    ("今年要加快推进乡村全面振兴,促进城乡融合发展。务实推进“万企兴万村”,帮扶村庄1000个。", "TARGET",
     [("帮扶村庄1000个", "target:tasks")]),
    # the end of a plan's period is a time ahead: its figures are aims
    ("推进一个达到:规划期末工业总产值达百亿元;打造两个基地。", "TARGET", [("规划期末工业总产值达百亿元", "target:governed")]),
    ("到“十四五”末,全市规上工业企业达到500家,新增高新技术企业100家。", "TARGET",
     [("规上工业企业达到500家", "target:governed"), ("新增高新技术企业100家", "target:governed")]),
    # near misses: a year gone by, a plan's period named without its end
    ("推进一个达到:去年工业总产值达百亿元;打造两个基地。", "TARGET", []),
    ("“十三五”期间,全市规上工业企业达到500家。", "TARGET", []),
    # 争取 with an exact sum of funds or projects, outside plans, reports funds obtained
    ("过去一年,全市投资消费回暖向好,社零总额同比增长5.2%。抢抓国家政策机遇,争取增发国债项目383个、下达资金425.7亿元。", "TARGET", []),
    # near misses: a hedged figure sought; the same sum among plans
    ("过去一年,全市投资消费回暖向好,社零总额同比增长5.2%。抢抓国家政策机遇,争取增发国债项目400个以上。", "TARGET",
     [("争取增发国债项目400个以上", "target:clause")]),
    ("今年要加快扩大有效投资。抢抓国家政策机遇,争取增发国债项目383个、下达资金425.7亿元。", "TARGET",
     [("争取增发国债项目383个、下达资金425.7亿元", "target:clause")]),
    # an indicator's value with the hedge of an aim and no unit, under a commitment
    ("力争全年研发经费投入超105亿元,研发投入强度达2.6以上。", "TARGET",
     [("力争全年研发经费投入超105亿元", "target:clause"), ("研发投入强度达2.6以上", "target:governed")]),
    # near misses: no commitment; a value stated without the hedge
    ("全年研发经费投入105亿元,研发投入强度达2.6以上。", "TARGET", []),
    ("力争全年研发经费投入超105亿元,研发投入强度为2.6。", "TARGET", [("力争全年研发经费投入超105亿元", "target:clause")]),
    # 规划 as the verb of a plan to build
    ("该路全长约70公里。同时,规划建设平度南村至胶州营海一级公路等4条纵向公路。", "TARGET",
     [("规划建设平度南村至胶州营海一级公路等4条纵向公路", "target:clause")]),
    # near miss: a planned area is a plan's size, not a plan to build
    ("该区项目共33项,规划建设总面积达280万平方米。", "TARGET", []),
    # a title sought and won (成功争创) is no commitment
    ("全年成功争创国家级示范试点29个。", "TARGET", []),
    ("全年争创国家级示范试点29个。", "TARGET", [("全年争创国家级示范试点29个", "target:clause")]),
]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("text", "label", "expected"), CASES)
def test_pass11_target_rules(detector: Detector, text: str, label: str, expected: list[tuple[str, str]], width: str) -> None:
    assert found(detector, text, label, width) == [(written(span, width), rule) for span, rule in expected]
