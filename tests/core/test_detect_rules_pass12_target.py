"""Rules pass 12, TARGET (issue 10; tuned on q01, q03, q05, q08, q10, checked on q02, q04, q06,
q07, q09, p* and every other dev article): national and provincial target passages — a ；-list
of aims under one commitment, the next items of a list of aims written as bare indicators,
planned sums compared with last year's. Each rule with a near miss, in both punctuation widths;
every positive case fails on the code before the pass."""

from __future__ import annotations

import pytest

from annotator.detect import Detector

from rule_cases import WIDTHS, found, shipped_detector, written  # tests/core is on sys.path


@pytest.fixture(scope="module")
def detector() -> Detector:
    return shipped_detector()


def spans(detector: Detector, text: str, width: str) -> list[str]:
    return [span for span, _ in found(detector, text, "TARGET", width)]


CASES = [
    # the items after ； stay under the commitment of the sentence before
    ("该方案提出,通过3年攻坚,全市亩均税收达到30万元;全市关停落后企业500家,腾退低效用地20平方公里。", "TARGET",
     [("亩均税收达到30万元", "target:governed"), ("关停落后企业500家", "target:governed"),
      ("腾退低效用地20平方公里", "target:governed")]),
    # near miss: a sentence that ends on 。 does not carry its commitment on
    ("该方案提出,通过3年攻坚,全市亩均税收达到30万元。全市关停落后企业500家,腾退低效用地20平方公里。", "TARGET",
     [("亩均税收达到30万元", "target:governed")]),
    # near miss: after ；, a sentence that looks back reports results
    ("该方案提出,通过3年攻坚,全市亩均税收达到30万元;截至目前全市关停落后企业500家。", "TARGET",
     [("亩均税收达到30万元", "target:governed")]),
    # a bare indicator with a hedged figure, after an aim of the same paragraph: the next item
    ("全年经济增长目标为6%左右,兼顾了需要与可能。城镇登记失业率4.5%左右,体现了稳就业的要求。物价涨幅3%左右,目的在于稳定预期。", "TARGET",
     [("目标为6%左右", "target:clause"), ("城镇登记失业率4.5%左右", "target:indicator"), ("物价涨幅3%左右", "target:indicator")]),
    # near misses: no aim before it in the paragraph; an exact figure without the hedge
    ("城镇登记失业率4.5%左右,体现了稳就业的要求。", "TARGET", []),
    ("全年经济增长目标为6%左右,兼顾了需要与可能。城镇登记失业率4.5%,低于全国水平。", "TARGET", [("目标为6%左右", "target:clause")]),
    # near miss: an aim in the paragraph before (a new line) does not make a list of this one
    ("全年经济增长目标为6%左右,兼顾了需要与可能。\n城镇登记失业率4.5%左右,体现了稳就业的要求。", "TARGET", [("目标为6%左右", "target:clause")]),
    # a planned sum's rise over last year's (、比上年增加…) is part of the plan
    ("今年拟发行专项债券2.3万亿元、比上年增加3000亿元。一般公共预算支出规模8.5万亿元、比上年增加1.2万亿元。", "TARGET",
     [("发行专项债券2.3万亿元、比上年增加3000亿元", "target:budget"), ("一般公共预算支出规模8.5万亿元、比上年增加1.2万亿元", "target:budget")]),
    # near misses: the same comparison with nothing planned before it; a sum compared after a
    # comma (完成…亿元，比上年…) is still read as a result
    ("一般公共预算支出规模8.5万亿元、比上年增加1.2万亿元。", "TARGET", []),
    ("今年拟发行专项债券2.3万亿元,比上年增加3000亿元。", "TARGET", []),
    # a bound set by 提出/明确/要求 in its own clause, its figure of any form
    ("该省提出制造业增加值占生产总值比重稳定在1/3左右,首先要保障用地。", "TARGET",
     [("制造业增加值占生产总值比重稳定在1/3左右", "target:bound")]),
    # near miss: a bound described, not set
    ("该省制造业增加值占生产总值比重稳定在1/3左右,首先要保障用地。", "TARGET", []),
    # an aim quoted before 目标, a figure of time in it
    ("他提出的「3年上楼」目标,今天仍未达成。", "TARGET", [("3年上楼", "target:quoted")]),
    # near miss: a quoted name before 目标 with no figure
    ("围绕“双碳”目标,推进能源转型。", "TARGET", []),
    # a count of a topic's parts is no aim
    ("司长介绍,将围绕出政策、办活动、优场景3个方面来开展工作。", "TARGET", []),
    # near miss: a count of things to hold under the same plan is one
    ("司长介绍,将围绕出政策、办活动举办30场活动。", "TARGET", [("将围绕出政策、办活动举办30场活动", "target:governed")]),
    # 会 after the one who pledges is a future (Hong Kong writing)
    ("我們會在兩年內增設5000個資助宿位。", "TARGET", [("會在兩年內增設5000個資助宿位", "target:clause")]),
    # near misses: 会见 is a meeting; 会 after another subject is a guess
    ("會議上,我們會見了5名代表。", "TARGET", []),
    ("他們會在兩年內增設5000個資助宿位。", "TARGET", []),
    # the clauses after 定下目标, are the target
    ("特區政府定下目標,於2030年前把人均碳排放量減至3.3公斤。", "TARGET",
     [("於2030年前把人均碳排放量減至3.3公斤", "target:governed")]),
    ("特區政府定下規矩,人均碳排放量減至3.3公斤。", "TARGET", []),
    # a paragraph that opens on a year ahead sets that year's aims in its later sentences
    ("到2025年,数字经济发展取得显著成效。数字基础设施更加完善,5G基站达到15万个。", "TARGET",
     [("5G基站达到15万个", "target:governed")]),
    # near misses: a later paragraph; a sentence that looks back
    ("到2025年,数字经济发展取得显著成效。\n数字基础设施更加完善,5G基站达到15万个。", "TARGET", []),
    ("到2025年,数字经济发展取得显著成效。截至目前,5G基站达到15万个。", "TARGET", []),
    # a year with 基本, the stage of a long-range aim, is a deadline without 到, inside quotes too
    ("该省获批示范区,要求“2035年基本实现共同富裕”。", "TARGET", [("2035年基本实现共同富裕", "target:deadline")]),
    # near misses: done (了), looked back on (以来)
    ("该市2020年基本完成了改造任务。", "TARGET", []),
    ("该市2020年基本完成改造任务以来,面貌一新。", "TARGET", []),
    # the plan's period (规划期内) governs the clauses after it, like its end
    ("规划期内,全市地区生产总值年均增长6%以上,常住人口城镇化率达到70%。", "TARGET",
     [("地区生产总值年均增长6%以上", "target:governed"), ("常住人口城镇化率达到70%", "target:governed")]),
    # near miss: a period gone by
    ("过去五年,全市地区生产总值年均增长6%以上,常住人口城镇化率达到70%。", "TARGET", []),
    # 承诺 before a time or a figure is a pledge
    ("政府承諾在2022年前提供3萬個過渡性房屋單位。", "TARGET", [("承諾在2022年前提供3萬個過渡性房屋單位", "target:clause")]),
    # near miss: a pledge named, and met
    ("去年承诺的10件实事已全部完成。", "TARGET", []),
]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("text", "label", "expected"), CASES)
def test_pass12_target_rules(detector: Detector, text: str, label: str, expected: list[tuple[str, str]], width: str) -> None:
    got = found(detector, text, label, width)
    assert sorted(got) == sorted((written(span, width), rule) for span, rule in expected)
