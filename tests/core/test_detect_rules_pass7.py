"""Rules pass 7 (issue 10, precision; rules over the language and lexicons as data): what is
not a slogan or an achievement by the codebook stops being a candidate. SLOGAN: quoted problem
tags (named as a problem, or the object of a verb that rejects it), sayings cited as such
(called a maxim nearby, or quoted from a book), titles of report series and shows, quoted
speech, the 做…文章 idiom, a reporting line's number, a festival's date (“七一”). ACHIEVEMENT: the harm of misconduct or
damage measured without a verb of redress (also in a case about
an anonymised person, 王某某), a number inside a quoted name, a place's land area.
Each with a made-up sentence and a near miss that must still be found, in both punctuation
widths."""

from __future__ import annotations

import pytest

from annotator.detect import Detector

from rule_cases import WIDTHS, found, shipped_detector, written  # tests/core is on sys.path


@pytest.fixture(scope="module")
def detector() -> Detector:
    return shipped_detector()


# (sentence, label, expected (span, rule) pairs); a near miss expects what must still be found.
CASES = [
    # SLOGAN: a series of quotes named as a problem (…难题); near miss: the same kind of quote adopted
    ("为破解招商工作“上热下冷”“前紧后松”难题,该县召开推进会。", "SLOGAN", []),
    ("该县推行“上热下冷”办法,召开推进会。", "SLOGAN", [("上热下冷", "slogan:quoted")]),
    # the objects of a verb that rejects them; near miss: the objects of a verb that adopts them
    ("要坚决杜绝“新官不理旧账”“击鼓传花”。", "SLOGAN", []),
    ("要坚决推行“新官要理旧账”“一张蓝图绘到底”。", "SLOGAN",
     [("新官要理旧账", "slogan:quoted"), ("一张蓝图绘到底", "slogan:lexicon")]),
    # sayings: called maxims after the series, or quoted from a book; near miss: the same words as a motto
    ("馆内甄选“勤能补拙,俭以养德”“行胜于言,贵在坚持”等廉政格言。", "SLOGAN", []),
    ("展板摘录《颜氏家训》“俭以养德,静以修身”,供党员学习。", "SLOGAN", []),
    ("全县上下牢记“勤能补拙,俭以养德”,干出新业绩。", "SLOGAN", [("勤能补拙,俭以养德", "slogan:quoted")]),
    # the title of a report series; near miss: a motto the county adopts
    ("本报今起推出“聚焦乡村振兴新实践”系列报道,敬请关注。", "SLOGAN", []),
    # quoted speech (talk words: 以前, 都, 很, 也能); near miss: two parallel clauses without them
    ("群众说“以前办事要跑好几趟,现在都很方便”。", "SLOGAN", []),
    ("群众都说“不跑不送,也能办成”。", "SLOGAN", []),
    ("群众都说“不跑不送,照样办成”。", "SLOGAN", [("不跑不送,照样办成", "slogan:quoted")]),
    ("全县叫响“马上就办,办就办好”口号。", "SLOGAN", [("马上就办,办就办好", "slogan:quoted")]),
    # 做好…“…文章” is an idiom; near miss: a phrase that names itself an experience (经验)
    ("纪委监委做好执纪监督“后半篇文章”,督促整改。", "SLOGAN", []),
    ("该县总结推广“后坝经验”,带动周边。", "SLOGAN", [("后坝经验", "slogan:quoted")]),
    # a reporting line's number; the digit formulation itself is still one
    ("做好“12380”举报受理工作。", "SLOGAN", []),
    ("推行“13710”工作制度。", "SLOGAN", [("13710”工作制度", "pattern:work-system")]),
    # two numerals quoted are a festival's date (七一); near miss: a numeral and a word (三治)
    ("去年“七一”,老党员们重温入党誓词。", "SLOGAN", []),
    ("该县推行“三治”融合,成效明显。", "SLOGAN", [("三治", "slogan:numbered")]),
    # ACHIEVEMENT: the amount of misconduct; near misses: recovered, or no misconduct named
    ("经查,两项违规收费累计86万余元。", "ACHIEVEMENT", []),
    ("经查,共追回违规资金86万余元。", "ACHIEVEMENT", [("共追回违规资金86万余元", "achievement:clause")]),
    ("经查,两项收费累计86万余元。", "ACHIEVEMENT", [("累计86万余元", "achievement:clause")]),
    # a case about an anonymised person (王某某); near misses: money recovered from one, 某 before a firm
    ("经查,王某某从该企业报支了12.89万元的服务费。", "ACHIEVEMENT", []),
    ("经查,纪委从王某处追回12.89万元。", "ACHIEVEMENT", [("追回12.89万元", "achievement:clause")]),
    ("该县从某企业引进资金12.89万元。", "ACHIEVEMENT", [("引进资金12.89万元", "achievement:clause")]),
    # damage done; near miss: damage repaired
    ("去年,暴雨冲毁了全村300多亩农田。", "ACHIEVEMENT", []),
    ("去年,村里修复了300多亩农田。", "ACHIEVEMENT", [("修复了300多亩农田", "achievement:clause")]),
    # a number inside a quoted name; near miss: a count of what was built
    ("该馆打造了“365天不打烊”的线上展厅。", "ACHIEVEMENT", []),
    ("该馆打造了线上展厅12个。", "ACHIEVEMENT", [("打造了线上展厅12个", "achievement:clause")]),
    # a named place's land area; near miss: land added
    ("石桥村占地1.2万余亩。", "ACHIEVEMENT", []),
    ("石桥村新增耕地1.2万余亩。", "ACHIEVEMENT", [("新增耕地1.2万余亩", "achievement:clause")]),
]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("text", "label", "expected"), CASES)
def test_pass7_rules(detector: Detector, text: str, label: str, expected: list[tuple[str, str]], width: str) -> None:
    assert found(detector, text, label, width) == [(written(span, width), rule) for span, rule in expected]


def test_a_saying_noun_far_from_the_quote_does_not_refuse_it(detector: Detector) -> None:
    """A maxim mentioned earlier in the sentence says nothing about a brand quoted later on."""
    text = "工牌背面印着廉洁格言,时时提醒;智能系统则为权力运行装上监控……深耕“廉洁公积金”品牌,擦亮底色。"
    assert ("廉洁公积金", "slogan:quoted") in found(detector, text, "SLOGAN", "full-width")
