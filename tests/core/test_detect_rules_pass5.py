"""Rules pass 5 (issue 10, lexicons as data): national formulations that local news writes
without quotes, heads of national honours that a shorter head used to cut short, and the verbs
that confer a medal (获评, 获颁) kept out of its name. Each with a made-up sentence (exact
spans) and a near miss that must not fire, in both punctuation widths."""

from __future__ import annotations

import pytest

from annotator.detect import Detector

from rule_cases import WIDTHS, found, shipped_detector, written  # tests/core is on sys.path


@pytest.fixture(scope="module")
def detector() -> Detector:
    return shipped_detector()


# (sentence, label, expected (span, rule) pairs); a near miss expects [].
CASES = [
    # SLOGAN: unquoted national formulations
    ("会议强调,要坚持两个毫不动摇,落实一岗双责,深化三会一课制度。", "SLOGAN",
     [("两个毫不动摇", "slogan:lexicon"), ("一岗双责", "slogan:lexicon"), ("三会一课", "slogan:lexicon")]),
    ("深入贯彻四个面向,持续纠治四风,用好监督执纪四种形态。", "SLOGAN",
     [("四个面向", "slogan:lexicon"), ("四风", "slogan:lexicon"), ("四种形态", "slogan:lexicon")]),
    # an enumeration comma inside an entry also matches a comma or nothing
    ("推进碳达峰碳中和,坚持自治,法治,德治相结合。", "SLOGAN",
     [("碳达峰碳中和", "slogan:lexicon"), ("自治,法治,德治", "slogan:lexicon")]),
    # near misses: policy systems and descriptive phrases the codebook leaves unmarked, and
    # 三资企业 (foreign-invested firms), which is not the numbered formulation “三资”
    ("该县优化营商环境,全面推行河长制,引进三资企业5家。", "SLOGAN", []),
    # HONOUR: the longer head wins over the shorter one inside it
    ("他被授予全国五一劳动奖章,所在班组获评全国工人先锋号。", "HONOUR",
     [("全国五一劳动奖章", "honour:conferred"), ("全国工人先锋号", "honour:conferred")]),
    ("该市获评全国双拥模范城,她当选全国三八红旗手。", "HONOUR",
     [("全国双拥模范城", "honour:conferred"), ("全国三八红旗手", "honour:title")]),
    # a medal after 获评: the verb stays outside the name
    ("大会向获评七一勋章的老党员致敬。", "HONOUR", [("七一勋章", "honour:conferred")]),
    # near miss: a medal's head with no name before it
    ("现场为老党员佩戴纪念章。", "HONOUR", []),
]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("text", "label", "expected"), CASES)
def test_pass5_rules(detector: Detector, text: str, label: str, expected: list[tuple[str, str]], width: str) -> None:
    assert found(detector, text, label, width) == [(written(span, width), rule) for span, rule in expected]


def test_formulations_and_medals_in_traditional_characters(detector: Detector) -> None:
    """Traditional press: the simplified lexicon finds the formulations and the medal, with
    the spans on the original characters."""
    text = "會議強調,要全面準確貫徹一國兩制、港人治港、高度自治的方針,落實愛國者治港原則。兩名市民獲頒大紫荊勳章。"
    assert found(detector, text, "SLOGAN", "full-width") == [
        ("一國兩制", "slogan:lexicon"), ("港人治港、高度自治", "slogan:lexicon"), ("愛國者治港", "slogan:lexicon")]
    assert found(detector, text, "HONOUR", "full-width") == [("大紫荊勳章", "honour:conferred")]
