"""Rules pass 13, TARGET (issue 10; tuned on t01, t03, t05, t10, t11, checked on d*, k*, l*,
q*, r* and every other dev article): aims under an aims heading that opens an enumeration
(主要目标：一是…。…二是…) over several sentences, ranks to reach as items of a list of aims or
sought by a commitment (力争…走在全省前列), and a figure the text calls the aim after 锚定.
Each rule with a near miss, in both punctuation widths; every positive case fails on the code
before the pass."""

from __future__ import annotations

import pytest

from annotator.detect import Detector
from annotator.detect.lang import aims_regions

from rule_cases import WIDTHS, found, shipped_detector, written  # tests/core is on sys.path


@pytest.fixture(scope="module")
def detector() -> Detector:
    return shipped_detector()


ENUMERATED = (
    "今后五年全县发展主要目标:一是产业实力明显增强,工业增加值年均增长7%以上。产业结构持续优化,"
    "新兴产业加快壮大。二是生态环境持续改善。治理体系更加完善,林木绿化率达到40%,"
    "地表水优良比例稳定在90%以上。\n"
    "去年全县林木绿化率达到36%。"
)

CASES = [
    # an aims heading opening an enumeration (一是…): every figure of the paragraph is an aim,
    # in the sentences after the first one too (a sentence without a figure does not end the list)
    (ENUMERATED, "TARGET",
     [("工业增加值年均增长7%以上", "target:listed"), ("林木绿化率达到40%", "target:listed"),
      ("地表水优良比例稳定在90%以上", "target:listed")]),
    # near miss: the same heading without the enumeration stops where the figures stop
    ("今后五年全县发展主要目标:产业实力明显增强,工业增加值年均增长7%以上。产业结构持续优化,"
     "新兴产业加快壮大。治理体系更加完善,林木绿化率达到40%。", "TARGET",
     [("工业增加值年均增长7%以上", "target:listed")]),
    # near miss: the enumeration ends with its paragraph (去年…达到36% is a result)
    ("今后五年全县发展主要目标:一是产业实力明显增强。\n去年全县林木绿化率达到36%。", "TARGET", []),
    # a rank to reach, as an item of a list of aims, is an aim (走在…前列 and 第一方阵 alike)
    ("今后五年主要目标是:经济发展质量走在全市前列;群众生活品质走在全市前列。", "TARGET",
     [("经济发展质量走在全市前列", "target:listed"), ("群众生活品质走在全市前列", "target:listed")]),
    ("今后五年主要目标:一是综合实力显著提升,在县域经济发展方面走在全省前列。经济总量大幅攀升,重返全省第一方阵。", "TARGET",
     [("在县域经济发展方面走在全省前列", "target:listed"), ("重返全省第一方阵", "target:listed")]),
    # near misses: free-standing, 走在前列 is an exhortation, after 努力 too
    ("我们要坚定信心,努力在全省高质量发展中走在前列。", "TARGET", []),
    ("全县上下奋力在县域经济发展方面走在全省前列。", "TARGET", []),
    # a commitment that seeks a result makes 走在…前列 a rank to reach
    ("力争在县域经济发展方面走在全省前列。", "TARGET", [("力争在县域经济发展方面走在全省前列", "target:clause")]),
    # 锚定 a figure called the aim (目标 right after it)
    ("该区锚定“十五五”时期经济总量超800亿元目标,加快建设现代化城区。", "TARGET",
     [("锚定“十五五”时期经济总量超800亿元", "target:clause")]),
    # near misses: 锚定 a goal without a figure; a figure not called the aim
    ("该区锚定“双千亿”目标,加快建设现代化城区。", "TARGET", []),
    ("该区锚定主导产业,去年完成投资800亿元。", "TARGET", []),
]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("text", "label", "expected"), CASES)
def test_pass13_target_rules(detector: Detector, text: str, label: str, expected: list[tuple[str, str]], width: str) -> None:
    got = found(detector, text, label, width)
    assert sorted(got) == sorted((written(span, width), rule) for span, rule in expected)


@pytest.mark.parametrize("width", WIDTHS)
def test_enumerated_aims_are_no_results(detector: Detector, width: str) -> None:
    """A figure in a later sentence of an enumerated list of aims is an aim, not a result; the
    result in the next paragraph is still one."""
    got = [span for span, _ in found(detector, ENUMERATED, "ACHIEVEMENT", width)]
    assert not any("40%" in span or "90%" in span for span in got)
    assert any("36%" in span for span in got)


@pytest.mark.parametrize("width", WIDTHS)
def test_enumerated_list_is_one_region_to_the_paragraph_end(width: str) -> None:
    """The plan frame the model reads (``aims_regions``) covers the whole enumerated paragraph,
    and stops at its end."""
    text = written(ENUMERATED, width)
    (start, end), = aims_regions(text)
    assert text[start:end].endswith("地表水优良比例稳定在90%以上。")
    assert "去年" not in text[start:end]


def test_regions_cover_inside_any_of_overlapping_regions() -> None:
    """Regions (looked up by bisection) answer as a scan of every region would: a list of aims
    may lie inside the paragraph of an enumerated one, or reach past a shorter one."""
    from annotator.detect.lang import Regions

    regions = Regions([(50, 60), (0, 100), (10, 20), (120, 130)])
    assert regions.covers(55, 95)  # inside (0, 100) only, though (50, 60) starts nearer
    assert regions.covers(12, 18) and regions.covers(120, 130)
    assert not regions.covers(95, 105) and not regions.covers(110, 125) and not regions.covers(125, 131)
    assert not Regions([]).covers(0, 1)
