"""Rules pass 11, CAMPAIGN (issue 10): a launch word right before 行动 that says what the
programme does (推进, 拓展, 深化 …) is part of the programme's name, and the walk goes on to
the verb that launches it (实施绿色消费推进行动). Without a launching verb further left, the
word launches nothing named (要推进行动). A programme may also be named as the subject of the
verb that launches it (城市更新行动扎实开展). Both punctuation widths."""

from __future__ import annotations

import pytest

from annotator.detect import Detector

from rule_cases import WIDTHS, found, shipped_detector  # tests/core is on sys.path


@pytest.fixture(scope="module")
def detector() -> Detector:
    return shipped_detector()


CASES = [
    # the aim verb belongs to the name; 实施 launches it
    ("实施绿色消费推进行动,推广绿色低碳生活方式。", [("绿色消费推进行动", "campaign:head")]),
    ("积极实施入境消费拓展行动,开展县域改造提升。", [("入境消费拓展行动", "campaign:head")]),
    ("全面实施乡村治理深化行动;建设和美乡村。", [("乡村治理深化行动", "campaign:head")]),
    # near misses: no launching verb before the aim verb, or a verb that only launches
    ("各级部门要推进行动,抓好落实。", []),
    ("入境消费拓展行动成效明显,客流增长。", []),
    ("全县迅速开展行动,排查隐患。", []),
]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("text", "expected"), CASES)
def test_pass11_campaign_rules(detector: Detector, text: str, expected: list[tuple[str, str]], width: str) -> None:
    assert found(detector, text, "CAMPAIGN", width) == expected


SUBJECT_CASES = [
    # a programme named as the subject of the verb that launches it
    ("相联动的中心城市,城市更新行动扎实开展。", [("城市更新行动", "campaign:head")]),
    ("健康青海行动深入推进;全省首个国家级中心落地。", [("健康青海行动", "campaign:head")]),
    # near misses: a manner (two characters), or no launching verb after the name
    ("接到通知后迅速行动开展排查。", []),
    ("城市更新行动成效明显,街巷焕新。", []),
]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("text", "expected"), SUBJECT_CASES)
def test_pass11_campaign_named_before_its_launch(
    detector: Detector, text: str, expected: list[tuple[str, str]], width: str
) -> None:
    assert found(detector, text, "CAMPAIGN", width) == expected
