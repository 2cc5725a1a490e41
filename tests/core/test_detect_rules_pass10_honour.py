"""Rules pass 10 for HONOUR (issue 10; tuned on the n*, l* and f* articles — provincial work
reports' reviews, town honour profiles, city features — and checked on k*+i* and every other
dev article): championships and designations won (…联赛男子组冠军, …农业产业强镇, 国家先进制造业
集群, 国家区域医疗中心); a title that ends before a tally of titles (…奖等20项大奖); the first
holder in a scope before the title's own scope (全省首个国家…); a chain of quoted titles before
榜单; a world scope between a verb and a quoted title; the items of a 、-list that titles open and
close; a scoped designation before the drive that seeks it (国家公园创建) and 申报 as such a
drive; after a verb that selects, a scoped or ranked list with no head up to the clause end;
UNESCO's lists and levels written with their equivalents in brackets (县（市、区）级) as scopes;
a scoped pilot after a verb that runs or seeks it (开展国家…试点) is no title; a class of
designation a drive creates by quota (创建…示范村200个) is one without a scope.
Each with a near miss, in both punctuation widths."""

from __future__ import annotations

import pytest

from annotator.detect import Detector

from rule_cases import WIDTHS, found, shipped_detector, written  # tests/core is on sys.path


@pytest.fixture(scope="module")
def detector() -> Detector:
    return shipped_detector()


CASES = [
    # a championship won, and a designation of a town, after a conferring verb
    ("该校女篮夺得全省中学生篮球联赛高中组冠军,载誉而归。",
     [("全省中学生篮球联赛高中组冠军", "honour:conferred")]),
    ("溪口镇入选全国乡村特色产业强镇,游客增多。", [("全国乡村特色产业强镇", "honour:conferred")]),
    # near misses: a champion with no verb that confers it, a strong town being built
    ("比赛的冠军由评委现场产生。", []),
    ("建设农业强镇,发展特色产业。", []),
    # scoped designations of clusters and medical centres; the first holder in a scope is
    # not part of the title
    ("全市已有国家先进制造业集群2个、省级区域医疗中心3个。",
     [("国家先进制造业集群", "honour:title"), ("省级区域医疗中心", "honour:title")]),
    ("全省首个国家区域医疗中心,在省会开诊。", [("国家区域医疗中心", "honour:title")]),
    # near miss: the same heads with no scope
    ("发展先进制造业集群,建设区域医疗中心。", []),
    # a list of awards closed by a tally: the last award ends before 等
    ("该剧荣获金鹰奖、百花奖等12项大奖,广受好评。",
     [("金鹰奖", "honour:conferred"), ("百花奖", "honour:conferred")]),
    # near miss: a single award with no tally keeps its whole name
    ("该剧荣获电视剧金鹰奖,广受好评。", [("电视剧金鹰奖", "honour:conferred")]),
    # a chain of quoted titles before the list that ranks them
    ("研究院发布“活力县”“宜居市”榜单,本县位列其中。", [("活力县", "honour:quoted"), ("宜居市", "honour:quoted")]),
    # near miss: a chain of quoted names before an activity
    ("开展“书香家庭”“和睦邻里”活动。", []),
    # a world scope between a selecting verb and the quoted title
    ("该市入选全球“绿色低碳魅力城市”,成为样板。", [("绿色低碳魅力城市", "honour:conferred")]),
    # near miss: the world and a quoted term in a report
    ("报告介绍全球“碳中和”进展。", []),
    # the items of a list that a title opens and a title closes
    ("荣誉:国家卫生城市、运河明珠、江南十景、浙江省文明城市,游客众多。",
     [("国家卫生城市", "honour:title"), ("运河明珠", "honour:listed"), ("江南十景", "honour:listed"),
      ("浙江省文明城市", "honour:title")]),
    # near miss: a list that no title closes
    ("有国家卫生城市、运河码头、古桥三座。", [("国家卫生城市", "honour:title")]),
    # a scoped designation before the drive that seeks it
    ("黄山国家公园创建工作全面启动,推进省级美丽乡村示范县创建。",
     [("国家公园", "honour:title"), ("省级美丽乡村示范县", "honour:title")]),
    # near miss: a park that is one already, being built up
    ("黄山国家公园建设成效明显。", []),
    # 申报: a drive towards a scoped title
    ("支持古村申报中国传统村落,保护老街。", [("中国传统村落", "honour:conferred")]),
    # near miss: applying for money
    ("指导企业申报项目资金。", []),
    # after a selecting verb, a scoped or ranked list with no head: the clause is the title
    ("我市入选全国营商环境改善最快城市,企业增多。", [("全国营商环境改善最快城市", "honour:conferred")]),
    ("该遗址入选2024年度全国十大农业新闻。", [("2024年度全国十大农业新闻", "honour:conferred")]),
    # near misses: no list named after the verb, a description
    ("我市入选以来,变化很大。", []),
    ("该村入选省里推荐的考察名单。", []),
    # UNESCO's lists and a level written with its equivalents in brackets as scopes
    ("县里有联合国教科文组织人类非物质文化遗产代表作名录项目1项、县（市、区）级非物质文化遗产代表性项目300余项。",
     [("联合国教科文组织人类非物质文化遗产代表作名录", "honour:title"), ("县（市、区）级非物质文化遗产代表性项目", "honour:title")]),
    # near miss: UNESCO itself, no list
    ("联合国教科文组织发布年度报告。", []),
    # a drive creating a class of designation by quota: the class, even with no scope
    ("今年创建绿色示范村50个,美化庭院。", [("绿色示范村", "honour:conferred")]),
    # near miss: a drive towards a title in general
    ("全力创建文明城市,提升形象。", []),
    # a scoped pilot run or sought (开展, 争取一批) is work, not a title; one conferred still is
    ("两县争取一批国家农业改革试点,并列入国家跨境电商试点。", [("国家跨境电商试点", "honour:conferred")]),
    ("该区开展国家数字乡村试点,获批国家文化消费试点。", [("国家文化消费试点", "honour:conferred")]),
]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("text", "expected"), CASES)
def test_pass10_honour_rules(detector: Detector, text: str, expected: list[tuple[str, str]], width: str) -> None:
    assert found(detector, text, "HONOUR", width) == [(written(span, width), rule) for span, rule in expected]
