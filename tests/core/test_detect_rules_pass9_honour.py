"""Rules pass 9 for HONOUR (issue 10; tuned on the m* articles — county and town honour
profiles — and checked on l*, h*+k* and every other dev article): a place's designations of
heritage and rural life (…小镇, …特色村寨, 世界文化遗产预备名单, 非遗), entering a list (入列)
and a name conferred (被授为); the world as a scope only for its lists of heritage and parks;
a scoped designation as an item of a list before the name of what holds it (有国家非遗花鼓戏、
…); 红榜 and 光荣榜 beside 红黑榜; a 4A  级旅游景区 with layout spaces; a list of holders
published (…十大文旅特色小镇发布). And two false titles gone: a quoted cup that names a contest
(“强网杯”国际挑战赛) and a head followed by a post in the body it names (…党组织书记培训班);
every head of a title's run is seen, one starting inside another too (示范村 then 村镇).
Each with a near miss, in both punctuation widths."""

from __future__ import annotations

import pytest

from annotator.detect import Detector

from rule_cases import WIDTHS, found, shipped_detector, written  # tests/core is on sys.path


@pytest.fixture(scope="module")
def detector() -> Detector:
    return shipped_detector()


CASES = [
    # 入列: entering a national list, each item of the 、-list a title (特色村寨, not 特色村)
    ("皇都等3个村均成功入列中国传统村落、中国少数民族特色村寨,成为旅游热点。",
     [("中国传统村落", "honour:conferred"), ("中国少数民族特色村寨", "honour:conferred")]),
    # near miss: 入列 with no title after it
    ("新装备入列部队,战斗力提升。", []),
    # 被授为: a name conferred, a 小镇 its head
    ("日前,岳阳县张谷英镇被授为明清民居文化小镇。", [("明清民居文化小镇", "honour:conferred")]),
    # near miss: the same words described, not conferred
    ("张谷英镇位于岳阳县,是一座明清民居文化小镇。", []),
    # 红榜 and 光荣榜 are boards of honour like 黑榜; 红黑榜 stays whole
    ("按季度收集“红榜”表扬事项与“黑榜”督办事项,把好家风的农户照片贴在村口“光荣榜”上。",
     [("红榜", "honour:negative"), ("黑榜", "honour:negative"), ("光荣榜", "honour:negative")]),
    ("开展营商环境“红黑榜”通报。", [("红黑榜", "honour:negative")]),
    # the world confers heritage and parks
    ("紫鹊界梯田入选世界灌溉工程遗产,坎布拉是世界地质公园。",
     [("世界灌溉工程遗产", "honour:conferred"), ("世界地质公园", "honour:title")]),
    # near miss: a place's boast with the world in it
    ("建设输变电装备世界制造基地,打造世界台球名城。", []),
    # a scoped designation as an item of a list, before the name of what holds it
    ("镇上有国家非遗花鼓戏、省级文物保护单位杨氏宗祠,以及全国重点文物保护单位坪坦风雨桥。",
     [("国家非遗", "honour:title"), ("省级文物保护单位", "honour:title"), ("全国重点文物保护单位", "honour:title")]),
    # near misses: a count after it, a body named after it, a law's title
    ("新增国家级高新技术企业超过1500家,铜壁关省级自然保护区管护局局长认为,要加强保护。", []),
    ("出台《贵州省传统村落保护和发展条例》。", []),
    # a grade written with layout spaces
    ("有国家皇都侗文化村 4A  级旅游景区和横岭村3A级旅游景区,游客众多。",
     [("4A  级旅游景区", "honour:class"), ("3A级旅游景区", "honour:class")]),
    ("该景区按4A  级标准建设。", []),
    # a list of holders published
    ("日前,湖南省十大文旅特色小镇发布,张谷英镇名列其中。", [("湖南省十大文旅特色小镇", "honour:title")]),
    # a quoted cup that names a contest is no honour; a cup won still is
    ("在2024年“强网杯”国际挑战赛中,选送的队伍获奖。", []),
    ("该队荣获“金牛杯”,名列第一。", [("金牛杯", "honour:conferred")]),
    # a head that starts inside another closes the title (示范村 then 村镇)
    ("该村被评为全国乡村治理示范村镇,成为样板。", [("全国乡村治理示范村镇", "honour:conferred")]),
    ("该村被评为全国乡村治理示范村,成为样板。", [("全国乡村治理示范村", "honour:conferred")]),
    # a head followed by a post in the body it names is no title; the title itself still is
    ("情景模拟形式已入选芝罘区委组织部社区党组织书记培训班课程,目前已推广。", []),
    ("该支部被评为全省先进基层党组织,受到表彰。", [("全省先进基层党组织", "honour:conferred")]),
]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("text", "expected"), CASES)
def test_pass9_honour_rules(detector: Detector, text: str, expected: list[tuple[str, str]], width: str) -> None:
    assert found(detector, text, "HONOUR", width) == [(written(span, width), rule) for span, rule in expected]
