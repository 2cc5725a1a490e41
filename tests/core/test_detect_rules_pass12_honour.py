"""Rules pass 12 for HONOUR (issue 10; tuned on p01, p03, p06, p08, p09 — county honours, the
outstanding county secretaries, a school's selection of virtuous youths, Hong Kong's justices of
the peace, a satirical list of awards — and checked on p02, p04, p05, p07, p10, q* and every
dev article a … o): a title the rules found, repeated bare in the same text (``honour:echo``),
also a person's title without the scope and rank it opened with; a 、-list after a conferring
verb summed up by 等称号; items of a 、-list that share a scoped title's qualifier; honorary
appointments (``honour:appointment``: 太平绅士); an award heading a line before its winner; a
quoted name before 的 + a word of conferring; a title between the edition of its selection and
评选; a level's equivalents in brackets; a recipient or a count of holders between the verb and
the title; and, in slogan.py, a quoted name opening with 十佳/百优 is no numbered formulation.
Each with a near miss, in both punctuation widths."""

from __future__ import annotations

import pytest

from annotator.detect import Detector

from rule_cases import WIDTHS, found, shipped_detector, written  # tests/core is on sys.path


@pytest.fixture(scope="module")
def detector() -> Detector:
    return shipped_detector()


CASES = [
    # a title found once, repeated bare; near misses: no title found first, a repetition
    # inside a document's name
    ("该村被评为“红旗村”。红旗村的经验在全县推广。", [("红旗村", "honour:conferred"), ("红旗村", "honour:echo")]),
    ("红旗村的经验在全县推广。", []),
    ("该村被评为“红旗村”。编制《红旗村发展规划》。", [("红旗村", "honour:conferred")]),
    # a person's title said again without its scope, with a rank or level before it
    ("市委决定授予张三“滨江市十佳美德少年”称号。十佳美德少年评选每年一次,校级美德少年由各班推选。",
     [("滨江市十佳美德少年", "honour:conferred"), ("十佳美德少年", "honour:echo"), ("校级美德少年", "honour:echo")]),
    ("授予李四“全国先进工作者”称号。先进工作者是民族的精英。",
     [("全国先进工作者", "honour:conferred"), ("先进工作者", "honour:echo")]),
    # near miss: two kinds of people named together are the people, not the title
    ("授予李四“全国先进工作者”称号。劳动模范和先进工作者是民族的精英。", [("全国先进工作者", "honour:conferred")]),
    # a count of holders after the verb
    ("决定授予1689人全国劳动模范称号。", [("全国劳动模范", "honour:conferred")]),
    # a 、-list after a verb summed up by 等称号; near miss: no verb confers them
    ("该县先后获得国家级可持续发展实验区、省级教育强县、省科技强县等称号。",
     [("国家级可持续发展实验区", "honour:listed"), ("省级教育强县", "honour:listed"), ("省科技强县", "honour:listed")]),
    ("国家级可持续发展实验区、省级教育强县、省科技强县等称号的申报工作启动。", []),
    # items sharing a scoped title's qualifier; near miss: another qualifier
    ("该市拥有全国文明城市、文明村镇、文明单位,影响广泛。",
     [("全国文明城市", "honour:title"), ("文明村镇", "honour:listed"), ("文明单位", "honour:listed")]),
    ("该市拥有全国文明城市、卫生村镇,影响广泛。", [("全国文明城市", "honour:title")]),
    ("全省共有全国文明城市12个。", [("全国文明城市", "honour:title")]),
    # honorary appointments, in either script; near miss: an ordinance's name
    ("他获委任为太平绅士。", [("太平绅士", "honour:appointment")]),
    ("他獲委任為太平紳士。", [("太平紳士", "honour:appointment")]),
    ("《太平绅士条例》规定了职能。", []),
    # an award heading a line before its winner; near miss: not at a line's start
    ("最佳男主角:张三\n他的表现出色。", [("最佳男主角", "honour:title")]),
    ("专业精神奖:全港市民\n市民守规。", [("专业精神奖", "honour:title")]),
    ("他说最佳男主角:张三。", []),
    # a quoted name before 的 and a word of conferring; near miss: a quoted holiday
    ("积极参与“十佳文明家庭”的评选活动。", [("十佳文明家庭", "honour:quoted")]),
    ("积极参与“七一”的表彰活动。", []),
    # a title between its selection's edition and 评选; near miss: an edition of games
    ("学校参加第五届美德少年评选表彰活动。", [("美德少年", "honour:title")]),
    ("学校参加第五届全国运动会。", []),
    # a level's equivalents in brackets close the title
    ("该市入选全国综合实力百强县（市）。", [("全国综合实力百强县（市）", "honour:conferred")]),
]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("text", "expected"), CASES)
def test_pass12_honour_rules(detector: Detector, text: str, expected: list[tuple[str, str]], width: str) -> None:
    assert found(detector, text, "HONOUR", width) == [(written(span, width), rule) for span, rule in expected]


SLOGAN_CASES = [
    # a quoted honour opening with its ranks is no numbered formulation; near miss: one that is
    ("参与全市“十佳百优美德少年”的评选表彰。", []),
    ("落实“四个一”工程。", [("四个一", "slogan:numbered")]),
]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("text", "expected"), SLOGAN_CASES)
def test_pass12_ranked_honour_is_no_slogan(detector: Detector, text: str, expected: list[tuple[str, str]], width: str) -> None:
    assert found(detector, text, "SLOGAN", width) == [(written(span, width), rule) for span, rule in expected]
