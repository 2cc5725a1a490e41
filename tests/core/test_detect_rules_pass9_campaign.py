"""Rules pass 9, CAMPAIGN (issue 10; tuned on the j* and g* articles, checked on l*+m*, h*+k*
and every other dev article). A drive found once by the verb that launches it is the same
drive where the text names it again bare (扎实开展对村巡察 … 对村巡察，就是…), and so is its
quoted name without its head (“阳光育廉”行动 … “阳光育廉”); a clean-governance drive built in a
place or unit (清廉蓉城建设, 廉洁村社建设) but not the field of 廉洁文化建设; the national
campaigns of 2024-25 by name; a word joining an adverb to a verb (大力开展, 明确提出) ends a
name on its left. Each with a near miss, in both punctuation widths."""

from __future__ import annotations

import pytest

from annotator.detect import Detector

from rule_cases import WIDTHS, found, shipped_detector, written  # tests/core is on sys.path


@pytest.fixture(scope="module")
def detector() -> Detector:
    return shipped_detector()


CASES = [
    # named again bare after it was launched
    ("今年,全县扎实开展对村巡察。对村巡察,就是对村级党组织进行政治体检。",
     [("对村巡察", "campaign:head"), ("对村巡察", "campaign:again")]),
    # near miss: never launched, the bare name shows nothing of a campaign
    ("对村巡察,就是对村级党组织进行政治体检。", []),
    # a quoted name found with its head, quoted again alone
    ("村里试点开展“阳光育廉”行动。“阳光育廉”晒明了账本。",
     [("“阳光育廉”行动", "campaign:head"), ("阳光育廉", "campaign:again")]),
    ("“阳光育廉”晒明了账本,凝聚了民心。", []),
    # near miss: quoted words a drive serves (its head comes after more words) are not the drive
    ("广安上一轮“同城融圈”交通三年大会战圆满收官。广安坚持把“同城融圈”作为首位战略。",
     [("“同城融圈”交通三年大会战", "campaign:head")]),
    # a clean-governance drive in a place or unit, its quoted place too
    ("全区持续推进清廉蓉城建设,不断厚植‘清廉蓉城’建设的文化根基。",
     [("清廉蓉城建设", "campaign:clean"), ("清廉蓉城’建设", "campaign:clean")]),
    ("随着廉洁村社建设的深入推进,村子试点公开账目。", [("廉洁村社建设", "campaign:clean")]),
    # near misses: a field of work, not a drive
    ("推进新时代廉洁文化建设,厚植清廉文化建设的根基。", []),
    # national campaigns by name, and the same words as an ordinary object
    ("新津区将以整治群众身边不正之风和腐败问题为契机。", [("整治群众身边不正之风和腐败问题", "campaign:named")]),
    ("机关深入开展群众身边不正之风和腐败问题集中整治。", [("群众身边不正之风和腐败问题集中整治", "campaign:named")]),
    ("坚持严查群众身边不正之风和腐败问题。", []),
    ("深入贯彻中央八项规定精神学习教育开展以来,全市查处问题12个。",
     [("深入贯彻中央八项规定精神学习教育", "campaign:named")]),
    # an adverb joined to the launching verb stays outside; joined to another verb, no campaign
    ("全区大力开展招商引资攻坚专项行动,组建专班。", [("招商引资攻坚专项行动", "campaign:head")]),
    ("小区还明确提出专项整治物业服务履约不到位问题。", []),
    ("为增强教育效果,新乡市不断丰富学习教育形式。", []),
]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("text", "expected"), CASES)
def test_pass9_campaign_rules(detector: Detector, text: str, expected: list[tuple[str, str]], width: str) -> None:
    assert found(detector, text, "CAMPAIGN", width) == [(written(span, width), rule) for span, rule in expected]


@pytest.mark.parametrize("width", WIDTHS)
def test_a_plain_noun_on_an_activity_head_is_not_named_again(detector: Detector, width: str) -> None:
    """品牌活动, 台球运动: short names on 活动 / 运动 are ordinary nouns wherever they recur."""
    text = "全省持续举办品牌活动,品牌活动成为文旅亮点。经常参加台球运动的会员有5000多人,台球运动迅速发展。"
    assert [span for span, rule in found(detector, text, "CAMPAIGN", width) if rule == "campaign:again"] == []
