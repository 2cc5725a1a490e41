"""Rules pass 15 for HONOUR (a pass that generalises: each rule or lexicon entry finds missed
gold spans in at least 3 dev articles from at least 2 source repositories, and each refusal
drops false candidates that recur as widely). Gains: the heads 农高区 and 示范城市; a
quoted programme before the head of a designated pilot or case (“…”融合应用试点城市); an
enterprise class as an item of a list, tallied or quoted (隐形冠军、单项冠军; “小巨人”数量;
“灯塔工厂”); a conferring verb's list walked past an item with no head or one that runs on past
its title; the edition before an award (第十九届) and a description of the holder's rank
(全国首个, 江苏省唯一的) left out of the title. Refusals: a firm's qualification counted
(国家高新技术企业120家: lexicons/honour_qualifications.txt), a scoped name after 建设/建成 with no count, a
level and a generic 试点/基地 (国家级试点6个), a title cut at 奖 before 励 (奖励30万元), and
获批省试点 read as a province. Sentences are new ones in the style of each construction. Each
case of CASES fails on the code before the pass (a new title found, a title's new bounds, or a
refusal); NEAR_MISSES hold what the rules must still refuse or still keep (they pass before and
after). Both punctuation widths."""

from __future__ import annotations

import pytest

from annotator.detect import Detector

from rule_cases import WIDTHS, found, shipped_detector, written  # tests/core is on sys.path


@pytest.fixture(scope="module")
def detector() -> Detector:
    return shipped_detector()


CASES = [
    # head 农高区: a zone a drive creates, scoped
    ("该县全力争创国家农高区,力争年内获批。", [("国家农高区", "honour:conferred")]),
    ("推进省级农高区建设和国家农高区创建。", [("省级农高区", "honour:title"), ("国家农高区", "honour:title")]),
    # 示范城市 is the whole head (not …示范 cut before 城市)
    ("该市获评全国禁毒示范城市,成效明显。", [("全国禁毒示范城市", "honour:conferred")]),
    # refusal: a firm's qualification counted is no title
    ("全市新增国家高新技术企业120家、省级专精特新企业45家。", []),
    ("培育国家级农业龙头企业5家以上。", []),
    # refusal: a scoped name after a verb of building
    ("高水平建设全国先进材料研发基地,做强产业链。", []),
    # refusal: a level and a generic pilot, counted
    ("全区新增国家级试点6个、市级改革试点21个。", []),
    # refusal: 奖 before 励 is a reward
    ("因空气质量排名靠前,获省生态环境厅奖励30万元。", []),
    # refusal: 获批省 is no province
    ("6项改革事项获批省试点,稳步推进。", []),
    # a quoted programme before the head of a designated pilot place
    ("发挥“数字乡村”试点县的示范作用。", [("数字乡村”试点县", "honour:quoted")]),
    ("该市入选首批“5G+智慧港口”应用试点城市。", [("5G+智慧港口”应用试点城市", "honour:quoted")]),
    # an enterprise class in a list, tallied, or quoted before the clause ends
    ("培育更多隐形冠军、单项冠军,壮大产业集群。", [("隐形冠军", "honour:class"), ("单项冠军", "honour:class")]),
    ("专精特新“小巨人”数量居全省第一。", [("小巨人", "honour:class")]),
    ("该园区建成全省首家“灯塔工厂”,带动转型升级。", [("灯塔工厂", "honour:class")]),
    # a verb's list walked past an item with no head (the item between two titles is listed)
    ("获批国家数据标注基地、国家算力枢纽建设先行先试城市、数据要素试点城市,全省唯一。",
     [("国家数据标注基地", "honour:conferred"), ("国家算力枢纽建设先行先试城市", "honour:listed"),
      ("数据要素试点城市", "honour:conferred")]),
    # … and past an item that runs on past its title (（点）, the holder's name)
    ("获评全国红色旅游经典景区、中国十大红色景区（点）、全国爱国主义教育示范基地,游客众多。",
     [("全国红色旅游经典景区", "honour:conferred"), ("中国十大红色景区", "honour:conferred"),
      ("全国爱国主义教育示范基地", "honour:conferred")]),
    # the edition of an award is not part of it
    ("该剧荣获第十九届文华剧目奖。", [("文华剧目奖", "honour:conferred")]),
    ("该团获评第二十届“群星奖”。", [("群星奖", "honour:conferred")]),
    # a description of the holder's rank before the title is not part of it
    ("浙江获批全国首个共同富裕示范区。", [("共同富裕示范区", "honour:conferred")]),
    ("作为江苏省唯一的国家级海洋牧场示范区,该县加快建设。", [("国家级海洋牧场示范区", "honour:title")]),
]

NEAR_MISSES = [
    # a zone named as a place, no scope, no drive
    ("农高区管委会召开专题会议,部署招商工作。", []),
    # a quota after a building verb: a class built, still a title
    ("建成国家级绿色工厂12个,数量居全省第二。", [("国家级绿色工厂", "honour:title")]),
    # a named class of pilot, and an award with its grade, still titles
    ("91项产品入选国家级试点示范。", [("国家级试点示范", "honour:conferred")]),
    ("该项目荣获省科技进步奖一等奖。", [("省科技进步奖一等奖", "honour:conferred")]),
    # a bare pilot is work run, not a place designated
    ("稳步推进“新农人”试点,培育乡村人才。", []),
    # a nickname in quotes, a bare class word ending a sentence
    ("这位“小巨人”身高两米,深受球迷喜爱。", []),
    ("这位企业家是行业的单项冠军。", []),
    # a verb's list with no title in it
    ("获批资金、用地、人才指标,项目加快推进。", []),
    # an edition before no word of selecting or award
    ("召开第五届理事会选举大会。", []),
    # a batch of the designation stays in the title
    ("该企业入选全国首批创新型企业。", [("全国首批创新型企业", "honour:conferred")]),
]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("text", "expected"), CASES + NEAR_MISSES)
def test_pass15_honour_rules(detector: Detector, text: str, expected: list[tuple[str, str]], width: str) -> None:
    assert found(detector, text, "HONOUR", width) == [(written(span, width), rule) for span, rule in expected]
