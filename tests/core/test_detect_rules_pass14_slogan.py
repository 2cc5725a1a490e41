"""Rules pass 14, SLOGAN (issue 10): formulations made of whole parallel clauses — a pledge
that one thing goes wherever another goes (…到哪里，…就…到哪里; 哪里…，哪里就…), paired
definitions (…就是…，…就是…), two clauses that swap their nouns (把A培养成B，把B培养成A), a
chant of short clauses sharing one place (学党史，颂党恩，跟党走) — and what a quote is when
the text calls it an epithet or an honour (等美誉, 等荣誉), a state of affairs (…的情况), a festival, a group
of people or a lecture's title; two-character items counted by a numbered name share a place.
Made-up sentences, each with a near miss, in both punctuation widths."""

from __future__ import annotations

import pytest

from annotator.detect import Detector

from rule_cases import WIDTHS, found, shipped_detector, written  # tests/core is on sys.path


@pytest.fixture(scope="module")
def detector() -> Detector:
    return shipped_detector()


PARALLEL_CLAUSES = [
    # a pledge: one thing goes wherever another goes
    ("群众需要到哪里,服务就延伸到哪里。", [("群众需要到哪里,服务就延伸到哪里", "slogan:correlative")]),
    (
        "产业发展到哪里,党的组织就覆盖到哪里,党的工作就开展到哪里。",
        [("产业发展到哪里,党的组织就覆盖到哪里,党的工作就开展到哪里", "slogan:correlative")],
    ),
    ("哪里有困难,哪里就有党员。", [("哪里有困难,哪里就有党员", "slogan:correlative")]),
    ("问题出在哪里,要查清楚。", []),
    ("他不知道该去哪里,就回家了。", []),
    # paired definitions
    ("抓招商就是抓发展,抓服务就是抓未来。", [("抓招商就是抓发展,抓服务就是抓未来", "slogan:definition")]),
    ("这就是答案,大家都知道。", []),
    # two clauses that swap their nouns
    (
        "坚持把技术能手培养成党员,把党员培养成技术能手。",
        [("把技术能手培养成党员,把党员培养成技术能手", "slogan:chiasmus")],
    ),
    ("坚持把技术能手培养成党员,把党员培养成干部。", []),
    # a chant of short clauses with one character in the same place
    ("号召大家学党史,颂党恩,跟党走。", [("学党史,颂党恩,跟党走", "slogan:chant")]),
    ("坚持抓技改,抓园区,抓项目。", []),  # a shared opening: a list of tasks
    ("坚持建园区,上项目,抓技改。", []),
]


QUOTES = [
    # epithets and honours named as such after a series of quotes
    ("古镇享有“山城明珠”“江南雄镇”等美誉。", []),
    ("村里先后获得“省级文明村”“全国乡村旅游重点村”等荣誉。", []),
    ("提出“三城同创”“五城联创”的部署。", ["三城同创", "五城联创"]),
    # a state of affairs
    ("企业往往存在“看不到、读不懂、不会用”的情况。", []),
    ("推行“看得到、读得懂、用得上”的服务理念。", ["看得到、读得懂、用得上"]),
    # a festival, a group of people, a lecture's title
    ("镇里持续打造“泼水节”品牌,吸引游客。", []),
    ("重点聚焦“小个专”“新就业群体”,推动覆盖。", ["小个专"]),
    ("校长作了“党的奋斗历程和成功经验”的专题讲课。", []),
    # two-character items before a numbered name: plain nouns, or a shared place
    ("扎实做好交通、消防、食品“三清查”。", ["三清查"]),
    ("推进自治、法治、德治“三治融合”。", ["自治、法治、德治", "三治融合"]),
]


LEXICON = [
    ("党委发挥把方向、管大局、保落实的领导作用。", ["把方向、管大局、保落实"]),
    ("坚持港人治港,保持长期繁荣。", ["港人治港"]),
    ("这是香港人治理香港的事务。", []),
]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("text", "expected"), PARALLEL_CLAUSES)
def test_pass14_parallel_clauses(detector: Detector, text: str, expected: list[tuple[str, str]], width: str) -> None:
    expected_found = [(written(span, width), rule) for span, rule in expected]
    assert found(detector, text, "SLOGAN", width) == expected_found


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("text", "expected"), QUOTES + LEXICON)
def test_pass14_quotes_and_lexicon(detector: Detector, text: str, expected: list[str], width: str) -> None:
    expected_spans = [written(span, width) for span in expected]
    assert sorted(span for span, rule in found(detector, text, "SLOGAN", width)) == sorted(expected_spans)
