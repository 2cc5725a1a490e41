"""Rules pass 10 for SLOGAN (issue 10; tuned on the j*, m*, n* and e* articles — discipline and
party-building news, county and city pages, provincial reports, traditional-character press —
and checked on k*+h*+i* and every other dev article): a quoted 一X一Y; the items a quoted
numbered name counts, written right before it or announced after it; a place quoted with two
qualities or more; a quoted X即Y; national formulations written unquoted (以案促改, 零容忍 …);
a quoted chain of levels joined by dashes; 机制, 工作法, 体系 naming a quoted formulation — and,
against false candidates, a single quote that names a thing (…卡, …议事厅, …岗) or an app or a
platform right after it (“…”平台). Each with a near miss, in both punctuation widths."""

from __future__ import annotations

import pytest

from annotator.detect import Detector

from rule_cases import WIDTHS, found, shipped_detector, written  # tests/core is on sys.path


@pytest.fixture(scope="module")
def detector() -> Detector:
    return shipped_detector()


CASES = [
    # a quoted 一X一Y is a numbered formulation, with no cue around it
    ("建立“一人一档”,形成清单。", [("一人一档", "slogan:numbered")]),
    ("他说“一把手”要带头。", []),  # near miss: one ordinary word with 一
    # the items a numbered name counts, written right before it in one length
    ("全力推进精治、智治、根治、法治、共治“五治”融合。",
     [("精治、智治、根治、法治、共治", "slogan:enumeration"), ("五治", "slogan:numbered")]),
    ("推进精治、智治、根治“五治”融合。", [("五治", "slogan:numbered")]),  # near miss: three items, not five
    # … or announced after it by a colon, a dash or 即
    ("这份文件用“三个严禁”划出红线:严禁无凭证借款、严禁超期不还、严禁挪作私用。",
     [("三个严禁", "slogan:numbered"), ("严禁无凭证借款、严禁超期不还、严禁挪作私用", "slogan:enumeration")]),
    ("用“三个严禁”划出红线:严禁借款、严禁超期不还。", [("三个严禁", "slogan:numbered")]),  # near miss: two items
    # a place quoted with two qualities is a series of brands, the place in no lexicon
    ("打造高效能治理的“平安郑州”、高品质生活的“幸福郑州”。",
     [("平安郑州", "slogan:brand"), ("幸福郑州", "slogan:brand")]),
    ("打造高品质生活的“幸福郑州”。", []),  # near miss: one quality alone
    # a quoted X即Y is a reform brand
    ("实现不动产登记“交房即交证”,多部门协同。", [("交房即交证", "slogan:quoted")]),
    ("登记“交房后交证”,多部门协同。", []),  # near miss: no 即
    # national formulations written without quotes
    ("坚持以案促改,对腐败零容忍。", [("以案促改", "slogan:lexicon"), ("零容忍", "slogan:lexicon")]),
    ("以案说法,宽容度高。", []),  # near miss: neighbouring words
    # a quoted chain of levels joined by single dashes
    ("构建“单位—股室—个人”三级指标体系。", [("单位—股室—个人", "slogan:quoted")]),
    ("他拖长声音说“好——好”。", []),  # near miss: a drawn-out word, a double dash
    # 机制 (and 工作法, 体系) after a quoted two-part model names it one
    ("开展“组织部门+牵头部门”协同考察机制。", [("组织部门+牵头部门", "slogan:model")]),
    ("发展“生态+大健康”产业。", []),  # near miss: a kind of industry
    # a single quote naming a thing, a place or an event is that thing's name
    ("为党员印发“联心卡”,开设“网格议事厅”。", []),
    ("抓好“三会一课”“党员活动日”“党员示范岗”等规范化建设。", [("三会一课", "slogan:lexicon")]),
    # an app or a platform named right after the quote; a brand is still one
    ("打造“赣餐码”平台,引导干部。", []),
    ("打造“赣餐码”品牌,引导干部。", [("赣餐码", "slogan:quoted")]),
]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("text", "expected"), CASES)
def test_pass10_slogan_rules(detector: Detector, text: str, expected: list[tuple[str, str]], width: str) -> None:
    assert found(detector, text, "SLOGAN", width) == [(written(span, width), rule) for span, rule in expected]
