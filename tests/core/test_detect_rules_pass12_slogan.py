"""Rules pass 12, SLOGAN (issue 10): national formulations written unquoted, found from the
lexicon (resources/lexicons/slogans.txt): the four "in the heart" asked of county secretaries
and the sayings quoted with them, the fiscal and monetary stance of the 2025 national report.
A near miss sharing words with an entry is not found. Both punctuation widths."""

from __future__ import annotations

import pytest

from annotator.detect import Detector

from rule_cases import WIDTHS, found, shipped_detector, written  # tests/core is on sys.path


@pytest.fixture(scope="module")
def detector() -> Detector:
    return shipped_detector()


CASES = [
    ("干部要始终做到心中有党、心中有民、心中有责、心中有戒,不负重托。", ["心中有党、心中有民、心中有责、心中有戒"]),
    ("古人说,郡县治,天下安。县一级承上启下。", ["郡县治,天下安"]),
    ("真正做到为官一任,造福一方。", ["为官一任,造福一方"]),
    ("实施更加积极的财政政策和适度宽松的货币政策。", ["更加积极的财政政策", "适度宽松的货币政策"]),
    # near misses: words of an entry in other sentences
    ("这件事他心中有数,不慌不忙。", []),
    ("确保财政政策持续用力、更加给力。", []),
    ("为官一方要有担当。", []),
]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("text", "expected"), CASES)
def test_pass12_slogan_lexicon(detector: Detector, text: str, expected: list[str], width: str) -> None:
    expected_spans = [written(span, width) for span in expected]
    assert [span for span, rule in found(detector, text, "SLOGAN", width)] == expected_spans
