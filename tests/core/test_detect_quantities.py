"""Counts read as dates (issue 10): a count followed by a word that begins with 年 (年轻, 年度,
年级) is a count, not a year; a year, a month and a day stay dates. In both punctuation
widths."""

from __future__ import annotations

import pytest

from annotator.detect import Detector

from rule_cases import WIDTHS, found, shipped_detector  # tests/core is on sys.path


@pytest.fixture(scope="module")
def detector() -> Detector:
    return shipped_detector()


CASES = [
    ("今年以来,全县选派20名年轻干部到村任职。", [("选派20名年轻干部到村任职", "achievement:clause")]),
    ("全市完成45项年度民生实事。", [("完成45项年度民生实事", "achievement:clause")]),
    ("全年开展3个年级的课后服务。", [("开展3个年级的课后服务", "achievement:clause")]),
    # near misses: dates are no results
    ("2021年10月,全县召开推进会。", []),
    ("全县于10月20日完成验收。", []),
]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("text", "expected"), CASES)
def test_a_count_before_a_word_of_years_is_a_result(detector, text, width, expected):
    assert found(detector, text, "ACHIEVEMENT", width) == expected
