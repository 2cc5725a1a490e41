"""Rules pass 12, CAMPAIGN (issue 10): study and publicity drives and selection drives.

- 专题教育 heads a study drive (“三严三实”专题教育, 党纪专题教育), not a lecture on it.
- 学习宣传 and 宣传教育 head a drive only with a quoted name (“最美奋斗者”学习宣传) or the
  spirit it spreads (伟大建党精神宣传教育), and only where the noun ends: 学习宣传贯彻…,
  法治宣传教育 are not.
- Two actions of a selection or publicity drive joined by 和 name one drive
  (“最美奋斗者”评选表彰和学习宣传活动); other joints still end a name.
- A slogan quoted inside a quoted name belongs to it (“新一轮制造业‘腾笼换鸟’攻坚行动”).
- The subjects of a study drive listed with 、 after its launching verb belong to it
  (开展党史、新中国史、改革开放史学习教育).
- The quoted name of a publicity drive quoted again alone is the model it spreads, not the drive.
Both punctuation widths."""

from __future__ import annotations

import pytest

from annotator.detect import Detector

from rule_cases import WIDTHS, found, shipped_detector  # tests/core is on sys.path


@pytest.fixture(scope="module")
def detector() -> Detector:
    return shipped_detector()


STUDY_CASES = [
    ("带头搞好“强基固本”专题教育,带头抓班子。", [("“强基固本”专题教育", "campaign:head")]),
    ("全县开展党纪专题教育,覆盖全体党员。", [("党纪专题教育", "campaign:head")]),
    ("把典型作为“两守两严”专题教育的鲜活教材。", [("“两守两严”专题教育", "campaign:head")]),
    # near misses: no name, or a lecture rather than the drive
    ("各支部开展专题教育,效果良好。", []),
    ("举办党纪专题教育讲座,邀请专家授课。", []),
]

PUBLICITY_CASES = [
    ("精心组织“时代先锋”学习宣传,营造氛围。", [("“时代先锋”学习宣传", "campaign:head")]),
    ("深入开展红旗渠精神宣传教育,弘扬正气。", [("红旗渠精神宣传教育", "campaign:head")]),
    ("开展“三个留下”宣传教育;引导群众参与。", [("“三个留下”宣传教育", "campaign:head")]),
    # near misses: ordinary publicity work, or the noun goes on
    ("加强网络安全宣传教育,每年开展。", []),
    ("开展法治宣传教育,提高守法意识。", []),
    ("做好学习宣传工作,形成合力。", []),
]

JOINED_CASES = [
    ("对“乡村好人”评选表彰和学习宣传活动作出部署。", [("“乡村好人”评选表彰和学习宣传活动", "campaign:head")]),
    ("组织“美丽庭院”评比和宣传活动,群众踊跃参与。", [("“美丽庭院”评比和宣传活动", "campaign:head")]),
    # near miss: a joint between work and an activity that is not a drive's action
    ("开展整治和学习宣传活动,巩固成果。", []),
]

NESTED_CASES = [
    ("所谓“新一轮制造业‘腾笼换鸟’攻坚行动”中的“新”。", [("新一轮制造业‘腾笼换鸟’攻坚行动", "campaign:head")]),
    # near miss: a launching verb between the outer quote and the inner one
    ("他说“开展‘腾笼换鸟’攻坚行动”意义重大。", []),
]

LISTED_CASES = [
    ("全市开展党史、新中国史、改革开放史学习教育,成效明显。", [("党史、新中国史、改革开放史学习教育", "campaign:head")]),
    # near misses: no launching verb before the list, or a list item that names a drive itself
    ("党史、新中国史、改革开放史学习教育成效明显。", [("改革开放史学习教育", "campaign:head")]),
    ("开展禁毒专项行动、改革开放史学习教育,成效明显。", [("禁毒专项行动", "campaign:head"), ("改革开放史学习教育", "campaign:head")]),
]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(
    ("text", "expected"), STUDY_CASES + PUBLICITY_CASES + JOINED_CASES + NESTED_CASES + LISTED_CASES
)
def test_pass12_campaign_rules(detector: Detector, text: str, expected: list[tuple[str, str]], width: str) -> None:
    assert sorted(found(detector, text, "CAMPAIGN", width)) == sorted(expected)


@pytest.mark.parametrize("width", WIDTHS)
def test_pass12_publicity_name_quoted_again_is_not_the_drive(detector: Detector, width: str) -> None:
    text = "组织“时代先锋”学习宣传,讲好故事。授予“时代先锋”称号,向“时代先锋”致敬。"
    assert found(detector, text, "CAMPAIGN", width) == [("“时代先锋”学习宣传", "campaign:head")]


@pytest.mark.parametrize("width", WIDTHS)
def test_pass12_activity_name_quoted_again_is_still_the_drive(detector: Detector, width: str) -> None:
    text = "开展“阳光育廉”行动,成效明显。“阳光育廉”不仅是口号。"
    assert ("阳光育廉", "campaign:again") in found(detector, text, "CAMPAIGN", width)
